import {
  ACCESS_LEVELS,
  type AccessLevel,
  DEFAULT_DOCUMENT_MAX_BYTES,
  DOCUMENT_LIMITS,
  type DocumentFields,
  type DocumentListItem,
  type DocumentRecord,
  type DocumentVersion,
  findDocumentProblems,
  findDocumentSlugProblem,
  findVersionProblems,
  toDocumentListItem,
  trimDocumentFields,
  type VersionFields,
} from '../domain/document.js';
import { isSlug } from '../domain/entry-rules.js';
import { AppError } from '../domain/errors.js';
import { type Actor, hasPermission, type Permission } from '../domain/staff.js';
import type { DocumentTranslation, Translations } from '../domain/translation.js';
import type { DocumentRepository, DocumentWrite, IncomingFile } from '../storage/document.repository.js';
import { toAuditEvent } from './audit.service.js';
import { DocumentFileCheck } from './document-file.js';
import type { ActionContext } from './entry.service.js';

/** A file staff upload: its name, its version details and its bytes as a stream. */
export interface DocumentUpload extends VersionFields {
  fileName: string;
  /** The bytes, in pieces of any size (a File's or a request's stream); read once, never gathered whole. */
  stream: AsyncIterable<Uint8Array>;
}

/** The filters of the public document list; undefined means any. */
export interface DocumentFilter {
  category?: string;
  accessLevel?: AccessLevel;
  language?: string;
}

/** The public list: the documents matching the filters and the values each filter offers. */
export interface PublicDocumentList {
  items: DocumentListItem[];
  categories: string[];
  languages: string[];
}

/** A document and every version of it, newest first. */
export interface DocumentWithVersions {
  document: DocumentListItem;
  versions: DocumentVersion[];
}

/** One version opened for reading: what it is, and its bytes chunk by chunk. */
export interface OpenedDocument {
  document: DocumentListItem;
  version: DocumentVersion;
  /** The bytes in stored chunks (256 KB), read from the database one at a time as they are consumed. */
  chunks: AsyncIterable<Uint8Array>;
}

/** The document library: staff manage documents and their versions; visitors list them and download public ones. */
export class DocumentService {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly now: () => Date,
    /** DOCUMENT_MAX_BYTES: the largest file accepted. */
    readonly maxBytes: number = DEFAULT_DOCUMENT_MAX_BYTES,
    /** Called after each committed change visitors see, so this process refreshes its public pages at once. */
    private readonly onContentChanged: () => void = () => {},
  ) {}

  /** Every document, archived ones included, for staff with the read permission. */
  async listForStaff(actor: Actor): Promise<DocumentListItem[]> {
    requirePermission(actor, 'read');
    const today = this.today();
    return (await this.documents.listDocuments()).map((document) => toDocumentListItem(document, today));
  }

  /** One document with its version history, for staff with the read permission. */
  async getForStaff(actor: Actor, slug: string): Promise<DocumentWithVersions> {
    requirePermission(actor, 'read');
    const document = await this.getDocument(slug);
    const versions = await this.documents.listVersions(document.id);
    return { document: toDocumentListItem(document, this.today()), versions };
  }

  /** Documents that are expired or end within 30 days, soonest first, archived ones left out (the dashboard). */
  async listExpiring(): Promise<DocumentListItem[]> {
    const today = this.today();
    return (await this.documents.listDocuments())
      .filter((document) => document.archivedAt === null)
      .map((document) => toDocumentListItem(document, today))
      .filter((document) => document.isExpired || document.isExpiringSoon)
      .sort((a, b) => (a.current?.validUntil ?? '').localeCompare(b.current?.validUntil ?? ''));
  }

  /**
   * Creates a document with its first file. Every problem with the metadata is reported on its form
   * field before the file is read; a refused file (wrong kind, empty, too large) stores nothing.
   */
  async createDocument(
    context: ActionContext,
    slug: string,
    input: DocumentFields,
    upload: DocumentUpload,
  ): Promise<DocumentListItem> {
    requirePermission(context.actor, 'edit');
    const fields = trimDocumentFields(input);
    const slugProblem = findDocumentSlugProblem(slug);
    const problems = [
      ...(slugProblem ? [slugProblem] : []),
      ...findDocumentProblems(fields),
      ...findVersionProblems(upload),
    ];
    if (problems.length === 0 && (await this.documents.hasSlug(slug))) {
      problems.push({ field: 'slug', message: `"${slug}" is already used by another document; choose another` });
    }
    throwProblems(problems);
    const timestamp = this.now().toISOString();
    const file = this.incomingFile(context, upload, timestamp);
    await this.documents.createDocument(
      slug,
      fields,
      file,
      this.write(context, timestamp, 'document.create', slug, `created "${fields.title}" (${fields.accessLevel})`),
    );
    this.onContentChanged();
    return toDocumentListItem(await this.getDocument(slug), this.today());
  }

  /**
   * Changes a document's title, description, category, language or access level, and its translated title and
   * description (`translations` omitted keeps them, `{}` removes them).
   */
  async updateDocument(
    context: ActionContext,
    slug: string,
    input: DocumentFields,
    translations?: Translations<DocumentTranslation>,
  ): Promise<DocumentListItem> {
    requirePermission(context.actor, 'edit');
    const current = await this.getLiveDocument(slug);
    const fields = trimDocumentFields(input);
    const translated = translations === undefined ? undefined : trimDocumentTranslations(translations);
    throwProblems([...findDocumentProblems(fields), ...findDocumentTranslationProblems(translated ?? {})]);
    const timestamp = this.now().toISOString();
    const changed: string[] = (['title', 'description', 'category', 'language', 'accessLevel'] as const).filter(
      (field) => current[field] !== fields[field],
    );
    for (const field of ['title', 'description'] as const) {
      if (translated !== undefined && (current.translations?.sv?.[field] ?? '') !== (translated.sv?.[field] ?? ''))
        changed.push(`${field} (Swedish)`);
    }
    const summary =
      changed.length === 0
        ? 'saved without changes'
        : `changed ${changed.join(', ')}${changed.includes('accessLevel') ? ` (${current.accessLevel} → ${fields.accessLevel})` : ''}`;
    await this.documents.updateDocument(
      current.id,
      fields,
      this.write(context, timestamp, 'document.update', slug, summary),
      undefined,
      translated === undefined ? undefined : { slug, translations: translated },
    );
    this.onContentChanged();
    return toDocumentListItem(await this.getDocument(slug), this.today());
  }

  /** Adds a new file as the document's current version; every older version is kept. */
  async uploadVersion(context: ActionContext, slug: string, upload: DocumentUpload): Promise<DocumentVersion> {
    requirePermission(context.actor, 'edit');
    const current = await this.getLiveDocument(slug);
    throwProblems(findVersionProblems(upload));
    const timestamp = this.now().toISOString();
    const file = this.incomingFile(context, upload, timestamp);
    await this.documents.addVersion(
      current.id,
      file,
      this.write(
        context,
        timestamp,
        'document.version',
        slug,
        `uploaded version ${upload.versionLabel.trim()}: ${upload.fileName}`,
      ),
    );
    this.onContentChanged();
    const [newest] = await this.documents.listVersions(current.id);
    if (!newest) throw new AppError('not_found', `No version of "${slug}"`);
    return newest;
  }

  /** Archives a document: visitors no longer see it; staff keep it with every version. */
  async archiveDocument(context: ActionContext, slug: string): Promise<void> {
    requirePermission(context.actor, 'edit');
    const current = await this.getLiveDocument(slug);
    const timestamp = this.now().toISOString();
    await this.documents.archiveDocument(
      current.id,
      this.write(context, timestamp, 'document.archive', slug, `archived "${current.title}"`),
    );
    this.onContentChanged();
  }

  /** The slugs answers may link to as `document:<slug>`: every document a visitor may know of. */
  async listLinkableSlugs(): Promise<Set<string>> {
    const documents = await this.documents.listDocuments();
    return new Set(documents.filter((document) => document.archivedAt === null).map((document) => document.slug));
  }

  /** The documents a visitor may know of (not archived, with a file), filtered, by title. */
  async listPublic(filter: DocumentFilter = {}): Promise<PublicDocumentList> {
    const today = this.today();
    const visible = (await this.documents.listDocuments())
      .filter((document) => document.archivedAt === null && document.current !== null)
      .map((document) => toDocumentListItem(document, today));
    const unique = (values: string[]) => [...new Set(values)].sort((a, b) => a.localeCompare(b));
    return {
      items: visible.filter(
        (document) =>
          (filter.category === undefined || document.category === filter.category) &&
          (filter.accessLevel === undefined || document.accessLevel === filter.accessLevel) &&
          (filter.language === undefined || document.language === filter.language),
      ),
      categories: unique(visible.map((document) => document.category)),
      languages: unique(visible.map((document) => document.language)),
    };
  }

  /** One document a visitor may know of; not_found when it is archived, has no file or does not exist. */
  async getPublic(slug: string): Promise<DocumentListItem> {
    // Not a slug, not a document; and PostgreSQL refuses some such text (a NUL) outright (found by fuzzing).
    if (!isSlug(slug)) throw new AppError('not_found', 'No such document');
    const document = await this.documents.findDocument(slug);
    if (!document || document.archivedAt !== null || document.current === null) {
      throw new AppError('not_found', `No document "${slug}"`);
    }
    return toDocumentListItem(document, this.today());
  }

  /**
   * A version's metadata and its bytes, chunk by chunk: the current version, or the one named. It
   * checks no access level: callers decide who may read it (the public download only public documents,
   * gated downloads their grant). Archived documents are not_found.
   */
  async openVersion(slug: string, versionId?: number): Promise<OpenedDocument> {
    const document = await this.getPublic(slug);
    const version =
      versionId === undefined ? document.current : await this.documents.findVersion(document.id, versionId);
    if (!version) throw new AppError('not_found', `No such version of "${slug}"`);
    return { document, version, chunks: this.documents.readChunks(version.id) };
  }

  /** The current version of a public document for a visitor's direct download; not_found for any other level. */
  async openPublicDownload(slug: string): Promise<OpenedDocument> {
    const document = await this.getPublic(slug);
    if (document.accessLevel !== 'public') throw new AppError('not_found', `No public document "${slug}"`);
    return this.openVersion(slug);
  }

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  private async getDocument(slug: string): Promise<DocumentRecord> {
    const document = await this.documents.findDocument(slug);
    if (!document) throw new AppError('not_found', `No document "${slug}"`);
    return document;
  }

  private async getLiveDocument(slug: string): Promise<DocumentRecord> {
    const document = await this.getDocument(slug);
    if (document.archivedAt !== null) throw new AppError('conflict', `The document "${slug}" is archived`);
    return document;
  }

  private incomingFile(context: ActionContext, upload: DocumentUpload, timestamp: string): IncomingFile {
    const check = new DocumentFileCheck(upload.fileName, this.maxBytes);
    return {
      versionLabel: upload.versionLabel.trim(),
      validFrom: upload.validFrom,
      validUntil: upload.validUntil,
      fileName: upload.fileName,
      uploadedAt: timestamp,
      uploadedBy: context.actor.email,
      chunks: check.chunks(upload.stream),
      facts: () => check.result(),
    };
  }

  private write(
    context: ActionContext,
    timestamp: string,
    action: string,
    slug: string,
    summary: string,
  ): DocumentWrite {
    return {
      changedAt: timestamp,
      // Every document that is not archived is listed publicly, so every write here changes what visitors see.
      isPublic: true,
      audit: toAuditEvent(
        { actor: context.actor, action, targetType: 'document', targetId: slug, ip: context.ip, summary },
        new Date(timestamp),
      ),
    };
  }
}

/** Whether a value names an access level. */
export function isAccessLevel(value: string): value is AccessLevel {
  return (ACCESS_LEVELS as readonly string[]).includes(value);
}

function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor, permission)) throw new AppError('forbidden', `Your role (${actor.role}) may not do this`);
}

function throwProblems(problems: { field?: string; message: string }[]): void {
  const [first] = problems;
  if (!first) return;
  throw new AppError(
    'invalid_input',
    first.message,
    problems.map((problem) => ({ source: 'form', ...problem })),
  );
}

/** A document's translations trimmed as its English fields are. */
function trimDocumentTranslations(translations: Translations<DocumentTranslation>): Translations<DocumentTranslation> {
  const sv = translations.sv;
  return sv ? { sv: { title: sv.title.trim(), description: sv.description.trim() } } : {};
}

/** Every problem with a document's (trimmed) Swedish: a title once translated, and the English limits. */
function findDocumentTranslationProblems(
  translations: Translations<DocumentTranslation>,
): { field: string; message: string }[] {
  const sv = translations.sv;
  if (!sv) return [];
  const problems: { field: string; message: string }[] = [];
  if (sv.title === '')
    problems.push({ field: 'svTitle', message: 'The Swedish title is required once the document is translated' });
  else if (sv.title.length > DOCUMENT_LIMITS.title)
    problems.push({
      field: 'svTitle',
      message: `The Swedish title is longer than ${DOCUMENT_LIMITS.title} characters`,
    });
  if (sv.description.length > DOCUMENT_LIMITS.description)
    problems.push({
      field: 'svDescription',
      message: `The Swedish description is longer than ${DOCUMENT_LIMITS.description} characters`,
    });
  return problems;
}
