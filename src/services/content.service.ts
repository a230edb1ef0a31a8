import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { ContentSet, EntryStatus, LibraryImportPreview } from '../domain/content.js';
import { getCountryName } from '../domain/country.js';
import { describeUnknownDocumentLink, listDocumentLinks } from '../domain/document.js';
import { AppError, type InputProblem } from '../domain/errors.js';
import { describeSubprocessorListChanges, type Subprocessor } from '../domain/subprocessor.js';
import type { SubprocessorChange } from '../domain/subprocessor-change.js';
import type { UpdateContent } from '../domain/update.js';
import { MAX_QUESTIONNAIRE_BYTES, readSpreadsheet } from '../questionnaire/index.js';
import { insertAuditEvent } from '../storage/audit.repository.js';
import type {
  ContentRepository,
  ExistingContent,
  LibraryImportAuthor,
  LibraryPlan,
  WriteTransaction,
} from '../storage/content.repository.js';
import { replaceSubprocessors } from '../storage/subprocessor.repository.js';
import { replaceUpdates, type UpdateImportChange } from '../storage/update.repository.js';
import { DEFAULT_SITE, type LibraryRow, parseAnswerLibrary, planLibraryImport } from './answer-library.js';
import { toAuditEvent } from './audit.service.js';
import { readContentFolder, writeContentDirectory } from './content-directory.js';
import { CONTENT_IMPORT_AUTHOR, type ContentDocumentStore, parseContentDocuments } from './content-documents.js';
import { CONTENT_FILES, parseContentFiles, serializeContent } from './content-format.js';
import { parseContentSubprocessors, serializeSubprocessors } from './content-subprocessors.js';
import { parseContentUpdates, serializeUpdates } from './content-updates.js';

/** Who imports from the staff area (user id, e-mail, IP). */
export type { LibraryImportAuthor };

/** Summary of an import, for the CLI and the log. */
export interface ImportSummary {
  entries: number;
  categories: number;
  tags: number;
  certifications: number;
  revision: number;
  /** What the folder's documents/ and nda.md changed (all zero and false when nothing). */
  documents: { added: number; newVersions: number; updated: number; isNdaPublished: boolean };
  /** Subprocessors the folder's subprocessors.yaml lists; null when it has none (the stored ones are kept). */
  subprocessors: number | null;
  /** Updates the folder's updates/ holds; null when it has no such folder (the stored ones are kept). */
  updates: number | null;
}

/** How `importLibrary` treats the rows of an answer library. */
export interface LibraryImportOptions {
  /** Sheet of a workbook to read; default the first visible sheet with question and answer columns. */
  sheet?: string;
  /** Owner of new entries (and of updated ones when given); default the site's contact e-mail. */
  owner?: string;
  status: Extract<EntryStatus, 'published' | 'draft'>;
  /** Remove every existing entry before adding the library's. */
  replace: boolean;
}

/** What an answer-library import changed. */
export interface LibraryImportSummary {
  file: string;
  /** The sheet read (the file name for a CSV). */
  sheet: string;
  added: number;
  updated: number;
  /** Entries the file matched whose stored content already was what it says (left alone). */
  unchanged: number;
  /** Entries removed by `replace`. */
  removed: number;
  createdCategories: string[];
  createdTags: string[];
  /** Whether the database got its first, default site settings. */
  createdSite: boolean;
  revision: number;
}

/** An answer library as uploaded: its file name (which says .csv or .xlsx) and its bytes. */
export interface LibraryFile {
  file: string;
  bytes: Uint8Array;
}

/** Imports and exports the content folder; the only writer of whole content sets. */
export class ContentService {
  constructor(
    private readonly repository: ContentRepository,
    private readonly now: () => Date = () => new Date(),
    /** Called after each committed import, so this process refreshes its public pages at once. */
    private readonly onContentChanged: () => void = () => {},
    /** The documents an answer may link to as `document:<slug>`; without it no such link is accepted. */
    private readonly listDocumentSlugs: () => Promise<ReadonlySet<string>> = async () => new Set(),
    /** Stores and exports the folder's documents and NDA; without it a folder holding them is refused. */
    private readonly documentStore?: ContentDocumentStore,
    /** The stored subprocessors, for an export; without it no subprocessors.yaml is written. */
    private readonly listSubprocessors: () => Promise<readonly Subprocessor[]> = async () => [],
    /** The stored updates, drafts included, for an export; without it no updates/ is written. */
    private readonly listUpdates: () => Promise<readonly UpdateContent[]> = async () => [],
    /**
     * Told, after the import is committed, of each change it made to a published subprocessor list that was not
     * empty before (a first import sets the list up and announces nothing): a draft update and the Art. 28 notice.
     */
    private readonly onSubprocessorChange: (change: SubprocessorChange) => Promise<void> = async () => {},
  ) {}

  /**
   * Validates every file of a folder (documents and their bytes, and the NDA, included) and, only if all are valid,
   * writes the documents and the NDA, then replaces the content atomically. Documents go first, so that answers and
   * certifications can link to the ones the folder brings.
   */
  async importDirectory(directory: string): Promise<ImportSummary> {
    const folder = await readContentFolder(directory);
    const documents = parseContentDocuments(folder.files, folder.documentFiles);
    const incomingSlugs = documents.ok ? documents.value.documents.map((document) => document.slug) : [];
    // A translation may name the documents stored and those the folder brings.
    const parsed = parseContentFiles(folder.files, {
      documentSlugs: new Set([...(await this.listDocumentSlugs()), ...incomingSlugs]),
    });
    const subprocessors = parseContentSubprocessors(folder.files, this.now().toISOString());
    const updates = parseContentUpdates(folder.files, await isDirectory(join(directory, CONTENT_FILES.updatesFolder)));
    const problems = [
      ...(parsed.ok ? [] : parsed.problems),
      ...(documents.ok ? [] : documents.problems),
      ...(subprocessors.ok ? [] : subprocessors.problems),
      ...(updates.ok ? [] : updates.problems),
    ];
    let plan: Awaited<ReturnType<ContentDocumentStore['plan']>>['plan'] | undefined;
    if (documents.ok && (documents.value.documents.length > 0 || documents.value.nda !== null)) {
      if (this.documentStore) {
        const planned = await this.documentStore.plan(directory, documents.value);
        problems.push(...planned.problems);
        plan = planned.plan;
      } else {
        problems.push({ source: CONTENT_FILES.documentIndex, message: 'this import cannot store documents or an NDA' });
      }
    }
    if (parsed.ok) problems.push(...(await this.findDocumentLinkProblems(parsed.content, incomingSlugs)));
    if (!parsed.ok || problems.length > 0) {
      throw new AppError(
        'invalid_input',
        `${problems.length} problem(s) in ${directory}; nothing was imported`,
        problems,
      );
    }
    const store = this.documentStore;
    const documentPlan = plan;
    const subprocessorList = subprocessors.ok ? subprocessors.value : null;
    const updateList = updates.ok ? updates.value : null;
    const changedAt = this.now().toISOString();
    const subprocessorsBefore = subprocessorList ? await this.listSubprocessors() : [];
    // Documents, subprocessors and updates first, in the content's own transaction: a failure anywhere leaves the
    // database as it was. Updates are stored as they are in the folder; an import mails nobody.
    const summary = await this.replaceContent(
      // A folder without translations/sv/documents.yaml translates no document.
      { ...parsed.content, documentTranslations: parsed.content.documentTranslations ?? [] },
      async (transaction) => {
        if (store && documentPlan) await store.apply(directory, documentPlan, transaction);
        if (subprocessorList) {
          await replaceSubprocessors(transaction, subprocessorList, changedAt, 'replaced by a content import');
        }
        if (updateList) {
          const changes = await replaceUpdates(transaction, updateList, changedAt, CONTENT_IMPORT_AUTHOR);
          for (const change of changes) await insertAuditEvent(transaction, this.describeUpdateChange(change));
        }
      },
    );
    if (subprocessorList && subprocessorsBefore.length > 0) {
      const today = changedAt.slice(0, 10);
      for (const change of describeSubprocessorListChanges(
        subprocessorsBefore,
        subprocessorList,
        today,
        getCountryName,
      )) {
        await this.onSubprocessorChange(change);
      }
    }
    return {
      ...summary,
      subprocessors: subprocessorList?.length ?? null,
      updates: updateList?.length ?? null,
      documents: {
        added: documentPlan?.creates.length ?? 0,
        newVersions: documentPlan?.newVersions.length ?? 0,
        updated: documentPlan?.updates.length ?? 0,
        isNdaPublished: documentPlan?.nda != null,
      },
    };
  }

  /** The audit event of an update an import added, changed or removed, as a staff member's would be. */
  private describeUpdateChange(change: UpdateImportChange) {
    const { kind, update } = change;
    const action = { added: 'update.create', changed: 'update.edit', removed: 'update.delete' }[kind];
    const verb = { added: 'imported', changed: 'changed', removed: 'deleted' }[kind];
    return toAuditEvent(
      {
        actor: undefined,
        actorEmail: CONTENT_IMPORT_AUTHOR,
        action,
        targetType: 'update',
        targetId: update.slug,
        summary: `${verb} the ${update.status} ${update.category} update "${update.title}" dated ${update.date} (content import)`,
      },
      this.now(),
    );
  }

  /** A problem for every answer link and certification naming a document that neither exists nor is imported. */
  private async findDocumentLinkProblems(content: ContentSet, incomingSlugs: string[]): Promise<InputProblem[]> {
    const links = content.entries.flatMap((entry) => [
      ...listDocumentLinks(entry.answer).map((slug) => ({ entry: entry.slug, slug, field: 'answer' })),
      ...listDocumentLinks(entry.questionnaireWording ?? '').map((slug) => ({
        entry: entry.slug,
        slug,
        field: 'questionnaire_wording',
      })),
    ]);
    const certificates = content.certifications.flatMap((certification, index) =>
      certification.document === null ? [] : [{ index, slug: certification.document }],
    );
    if (links.length === 0 && certificates.length === 0) return [];
    const known = new Set([...(await this.listDocumentSlugs()), ...incomingSlugs]);
    return [
      ...links
        .filter((link) => !known.has(link.slug))
        .map((link) => ({
          source: `${CONTENT_FILES.entriesFolder}/${link.entry}.md`,
          field: link.field,
          message: describeUnknownDocumentLink(link.slug),
        })),
      ...certificates
        .filter((certificate) => !known.has(certificate.slug))
        .map((certificate) => ({
          source: CONTENT_FILES.certifications,
          field: `[${certificate.index}].document`,
          message: describeUnknownDocumentLink(certificate.slug),
        })),
    ];
  }

  /**
   * Imports an answer library (.csv or .xlsx of question, answer, category, tags, controls): every row is
   * validated first and nothing is written unless all are valid; then the rows merge into the content (or
   * replace its entries) in one transaction with one revision bump and an audit event.
   */
  async importLibrary(path: string, options: LibraryImportOptions): Promise<LibraryImportSummary> {
    const file = basename(path);
    checkLibraryExtension(file);
    const bytes = await readLibraryFile(path, file);
    return this.importLibraryFile({ file, bytes }, options);
  }

  /** Imports an answer library from its bytes, as `importLibrary` does; `author` is the staff member uploading it. */
  async importLibraryFile(
    input: LibraryFile,
    options: LibraryImportOptions,
    author?: LibraryImportAuthor,
  ): Promise<LibraryImportSummary> {
    const { file, sheet, rows } = await readLibrary(input, options.sheet);
    const now = this.now();
    const { plan, revision } = await this.repository.applyLibraryImport(
      (existing) => planLibrary(file, rows, existing, options, now),
      (decided) => ({
        action: 'content.library_import',
        targetType: 'content',
        targetId: file,
        summary: describeLibraryPlan(file, decided, decided.deleteSlugs.length),
      }),
      now.toISOString(),
      // Worded like a staff edit's versions ("created", "edited"), so the history reads the same.
      { created: `created (library import ${file})`, edited: `edited (library import ${file})` },
      author,
    );
    this.onContentChanged();
    return {
      file,
      sheet,
      added: plan.inserts.length,
      updated: plan.updates.length,
      unchanged: plan.unchangedSlugs.length,
      removed: plan.deleteSlugs.length,
      createdCategories: plan.newCategories.map((category) => category.name),
      createdTags: plan.newTags.map((tag) => tag.name),
      createdSite: plan.site !== undefined,
      revision,
    };
  }

  /**
   * What importing an answer library would change, validated and planned exactly as the import does but
   * against the stored content read without a transaction, so nothing is written.
   */
  async previewLibraryFile(input: LibraryFile, options: LibraryImportOptions): Promise<LibraryImportPreview> {
    const { file, sheet, rows } = await readLibrary(input, options.sheet);
    const existing = await this.repository.loadExistingContent();
    const plan = planLibrary(file, rows, existing, options, this.now());
    const questionBySlug = new Map(existing.entries.map((entry) => [entry.slug, entry.question]));
    const questionOf = (slug: string) => questionBySlug.get(slug) ?? slug;
    return {
      file,
      sheet,
      rows: rows.length,
      added: plan.inserts.map((entry) => entry.question),
      updated: plan.updates.map((update) => update.question),
      unchanged: plan.unchangedSlugs.map(questionOf),
      removed: plan.deleteSlugs.map(questionOf),
      createdCategories: plan.newCategories.map((category) => category.name),
      createdTags: plan.newTags.map((tag) => tag.name),
      createdSite: plan.site !== undefined,
    };
  }

  /** Replaces all content in one transaction, after `before`'s writes (an import's documents) in the same one. */
  async replaceContent(
    content: ContentSet,
    before?: (transaction: WriteTransaction) => Promise<void>,
  ): Promise<ImportSummary> {
    const revision = await this.repository.replaceAll(content, this.now().toISOString(), undefined, before);
    this.onContentChanged();
    return {
      entries: content.entries.length,
      categories: content.categories.length,
      tags: content.tags.length,
      certifications: content.certifications.length,
      revision,
      documents: { added: 0, newVersions: 0, updated: 0, isNdaPublished: false },
      subprocessors: null,
      updates: null,
    };
  }

  /** Writes the stored content as a content folder in canonical form. */
  async exportDirectory(directory: string): Promise<number> {
    const content = await this.getContent();
    const files = serializeContent(content);
    const documents = this.documentStore ? await this.documentStore.exportFiles() : { files: [], binaryFiles: [] };
    const subprocessors = serializeSubprocessors(await this.listSubprocessors());
    if (subprocessors) files.push(subprocessors);
    files.push(...serializeUpdates(await this.listUpdates()));
    await writeContentDirectory(directory, [...files, ...documents.files], documents.binaryFiles);
    return files.length + documents.files.length + documents.binaryFiles.length;
  }

  /** Loads all stored content; not_found on a database without content. */
  async getContent(): Promise<ContentSet> {
    const content = await this.repository.loadAll();
    if (!content) throw new AppError('not_found', 'The database holds no content yet; run tillit import <dir>');
    return content;
  }

  /** Whether content has been loaded into this database. */
  hasContent(): Promise<boolean> {
    return this.repository.hasContent();
  }

  /** The content revision, which changes on every write from any process. */
  getRevision(): Promise<number> {
    return this.repository.getRevision();
  }
}

/** Whether a path is a folder (a symbolic link is refused earlier, when the content folder is read). */
async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** Refuses a file whose name does not end in .csv or .xlsx. */
function checkLibraryExtension(file: string): '.csv' | '.xlsx' {
  const extension = extname(file).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx') {
    throw new AppError('invalid_input', `${file}: an answer library must be a .csv or .xlsx file`);
  }
  return extension;
}

/** Reads and validates every row of a library file; invalid_input with every problem when any row is bad. */
async function readLibrary(
  input: LibraryFile,
  sheet?: string,
): Promise<{ file: string; sheet: string; rows: LibraryRow[] }> {
  const { file, bytes } = input;
  const extension = checkLibraryExtension(file);
  const { format, grids } = await readSpreadsheet(bytes, file, { preserveText: true });
  if (format !== extension.slice(1)) {
    throw new AppError(
      'invalid_input',
      `${file}: the file name says ${extension} but the content is ${format === 'xlsx' ? 'an .xlsx workbook' : 'text (CSV)'}`,
    );
  }
  const parsed = parseAnswerLibrary(grids, file, sheet);
  if (!parsed.ok) {
    const where = format === 'xlsx' && parsed.sheet !== undefined ? `${file}, sheet "${parsed.sheet}"` : file;
    throw new AppError(
      'invalid_input',
      `${parsed.problems.length} problem(s) in ${where}; nothing was imported`,
      parsed.problems,
    );
  }
  return { file, sheet: parsed.sheet, rows: parsed.rows };
}

/** The import plan for `rows` over what is stored, with the options' owner, status and replace. */
function planLibrary(
  file: string,
  rows: LibraryRow[],
  existing: ExistingContent,
  options: LibraryImportOptions,
  now: Date,
): LibraryPlan {
  const givenOwner = options.owner?.trim();
  return planLibraryImport(rows, existing, {
    source: file,
    owner: givenOwner || existing.contactEmail || DEFAULT_SITE.contactEmail,
    isOwnerGiven: Boolean(givenOwner),
    status: options.status,
    replace: options.replace,
    today: now.toISOString().slice(0, 10),
    now: now.toISOString(),
  });
}

async function readLibraryFile(path: string, file: string): Promise<Uint8Array> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    throw new AppError('not_found', `${path} does not exist or is not a file`);
  }
  if (info.size > MAX_QUESTIONNAIRE_BYTES) {
    throw new AppError(
      'invalid_input',
      `${file}: the file is ${(info.size / (1024 * 1024)).toFixed(1)} MB; at most ${MAX_QUESTIONNAIRE_BYTES / (1024 * 1024)} MB is accepted`,
    );
  }
  return new Uint8Array(await readFile(path));
}

/** One line for the audit log: what the import changed. */
function describeLibraryPlan(file: string, plan: LibraryPlan, removed: number): string {
  const parts = [`added ${plan.inserts.length}`, `updated ${plan.updates.length}`];
  if (plan.unchangedSlugs.length > 0) parts.push(`unchanged ${plan.unchangedSlugs.length}`);
  if (removed > 0) parts.push(`removed ${removed} (replace)`);
  if (plan.newCategories.length > 0) parts.push(`new categories: ${plan.newCategories.map((c) => c.name).join(', ')}`);
  if (plan.newTags.length > 0) parts.push(`new tags: ${plan.newTags.map((t) => t.name).join(', ')}`);
  return `answer library ${file}: ${parts.join('; ')}`;
}
