/**
 * The documents and the NDA of a content folder: `documents/index.yaml` lists each document with its versions, the
 * files sit beside it, and `nda.md` holds the NDA text under a front matter with its label. Import checks them with
 * the staff forms' rules before anything is written; export writes the same layout back.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import { findNestingProblem } from '../domain/content.js';
import {
  DOCUMENT_LIMITS,
  type DocumentFields,
  type DocumentRecord,
  findDocumentProblems,
  findDocumentSlugProblem,
  findVersionProblems,
  trimDocumentFields,
  type VersionFields,
} from '../domain/document.js';
import { AppError, type InputProblem } from '../domain/errors.js';
import { NDA_LIMITS } from '../domain/nda.js';
import type { WriteTransaction } from '../storage/content.repository.js';
import type { DocumentRepository, DocumentWrite, IncomingFile } from '../storage/document.repository.js';
import type { NdaRepository } from '../storage/nda.repository.js';
import { toAuditEvent } from './audit.service.js';
import { type ContentBinaryFile, DOCUMENTS_FOLDER } from './content-directory.js';
import { CONTENT_FILES, type ContentFile, FRONT_MATTER, parseYamlWithSchema } from './content-format.js';
import { DocumentFileCheck } from './document-file.js';

/** Who a content import's documents and NDA versions are recorded as uploaded or published by. */
export const CONTENT_IMPORT_AUTHOR = 'content import';

/** One version of a document as the index lists it: its label, validity and file name beside the index. */
export interface DocumentVersionSpec extends VersionFields {
  file: string;
}

/** One document as the index lists it; versions oldest first, the last is the current one. */
export interface DocumentSpec {
  slug: string;
  fields: DocumentFields;
  versions: DocumentVersionSpec[];
}

/** The NDA as nda.md holds it. */
export interface NdaSpec {
  label: string;
  body: string;
}

/** The documents and NDA of a content folder, parsed. */
export interface ContentDocuments {
  documents: DocumentSpec[];
  /** Null when the folder has no nda.md. */
  nda: NdaSpec | null;
}

const text = z.string({ error: 'must be text' });
const indexSchema = z.array(
  z.strictObject({
    slug: text,
    title: text,
    description: text.default(''),
    category: text,
    language: text,
    access_level: z.enum(['public', 'nda', 'request'], { error: 'must be one of public, nda, request' }),
    versions: z
      .array(
        z.strictObject({
          // A bare 1.0 in YAML is a number and would lose its ".0": labels must be written as text.
          version: z.string({ error: 'must be text; quote a number, such as "1.0"' }),
          valid_from: text,
          valid_until: text.optional(),
          file: text,
        }),
      )
      .min(1, 'must list at least one version'),
  }),
);
const ndaFrontMatterSchema = z.strictObject({ label: text });

// The index's names for the domain rules' fields.
const INDEX_FIELDS: Record<string, string> = {
  title: 'title',
  description: 'description',
  category: 'category',
  language: 'language',
  accessLevel: 'access_level',
  versionLabel: 'version',
  validFrom: 'valid_from',
  validUntil: 'valid_until',
};

/** Result of parsing documents/index.yaml and nda.md. */
export type ContentDocumentsResult = { ok: true; value: ContentDocuments } | { ok: false; problems: InputProblem[] };

/**
 * Parses the document index and nda.md (both optional) with the staff forms' rules, and checks that every file the
 * index names is a plain name present beside it and that every file beside it is listed. File bytes are not read.
 */
export function parseContentDocuments(files: ContentFile[], documentFiles: string[]): ContentDocumentsResult {
  const problems: InputProblem[] = [];
  const indexFile = files.find((file) => file.path === CONTENT_FILES.documentIndex);
  const documents: DocumentSpec[] = [];
  const listed = new Set<string>();
  let isIndexRead = true;
  if (indexFile) {
    const data = parseYamlWithSchema(indexFile.text, indexFile.path, 0, indexSchema, problems);
    isIndexRead = data !== undefined;
    const present = new Set(documentFiles);
    const slugs = new Set<string>();
    data?.forEach((item, index) => {
      const at = (field: string) => `[${index}].${field}`;
      const report = (field: string, message: string) =>
        problems.push({ source: CONTENT_FILES.documentIndex, field, message });
      const slugProblem = findDocumentSlugProblem(item.slug);
      if (slugProblem) report(at('slug'), slugProblem.message);
      else if (slugs.has(item.slug)) report(at('slug'), `duplicate slug "${item.slug}"`);
      slugs.add(item.slug);
      const fields = trimDocumentFields({
        title: item.title,
        description: item.description,
        category: item.category,
        language: item.language,
        accessLevel: item.access_level,
      });
      for (const problem of findDocumentProblems(fields)) {
        report(at(INDEX_FIELDS[problem.field ?? ''] ?? problem.field ?? ''), problem.message);
      }
      const versions = item.versions.map((version, versionIndex): DocumentVersionSpec => {
        const fieldOf = (name: string) => at(`versions[${versionIndex}].${name}`);
        const spec = {
          versionLabel: version.version.trim(),
          validFrom: version.valid_from,
          validUntil: version.valid_until ?? null,
          file: version.file,
        };
        for (const problem of findVersionProblems(spec)) {
          report(fieldOf(INDEX_FIELDS[problem.field ?? ''] ?? problem.field ?? ''), problem.message);
        }
        const path = `${DOCUMENTS_FOLDER}/${version.file}`;
        if (!isPlainFileName(version.file)) {
          report(fieldOf('file'), `"${version.file}" must be a plain file name beside index.yaml, with no folder`);
        } else if (!present.has(path)) {
          report(fieldOf('file'), `the file ${path} does not exist`);
        } else if (listed.has(path)) {
          // Export writes each current file under its own name, so one file for two versions could not come back.
          report(
            fieldOf('file'),
            `the file ${path} is already listed for another version; give each version its own file`,
          );
        }
        listed.add(path);
        return spec;
      });
      documents.push({ slug: item.slug, fields, versions });
    });
  }
  // An index that could not be read lists nothing; its own problems say why, not one per file beside it.
  for (const path of isIndexRead ? documentFiles : []) {
    if (!listed.has(path)) {
      problems.push({ source: path, message: `the file is not listed in ${CONTENT_FILES.documentIndex}` });
    }
  }
  const ndaFile = files.find((file) => file.path === CONTENT_FILES.nda);
  const nda = ndaFile ? parseNda(ndaFile, problems) : null;
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { documents, nda } };
}

/** A file name without folders or a leading dot, which export and import both write and read beside index.yaml. */
function isPlainFileName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= DOCUMENT_LIMITS.fileName &&
    !name.startsWith('.') &&
    name !== 'index.yaml' &&
    ![...name].some((character) => character === '/' || character === '\\' || character.charCodeAt(0) < 32)
  );
}

function parseNda(file: ContentFile, problems: InputProblem[]): NdaSpec | null {
  const match = FRONT_MATTER.exec(file.text);
  if (!match) {
    problems.push({
      source: file.path,
      line: 1,
      message: 'must start with YAML front matter (label) between --- lines',
    });
    return null;
  }
  const frontMatter = match[1] ?? '';
  const data = parseYamlWithSchema(frontMatter, file.path, 1, ndaFrontMatterSchema, problems);
  const body = normalizeNdaBody(match[2] ?? '');
  const bodyLine = frontMatter.split('\n').length + 3;
  const label = data?.label.trim() ?? '';
  if (data && (label === '' || label.length > NDA_LIMITS.label)) {
    problems.push({
      source: file.path,
      line: 2,
      field: 'label',
      message: `must be 1 to ${NDA_LIMITS.label} characters`,
    });
  }
  if (body === '' || body.length > NDA_LIMITS.body) {
    problems.push({
      source: file.path,
      line: bodyLine,
      field: 'body',
      message: `the NDA text below the front matter must be 1 to ${NDA_LIMITS.body} characters`,
    });
  } else {
    const nesting = findNestingProblem(body);
    if (nesting) problems.push({ source: file.path, line: bodyLine, field: 'body', message: nesting });
  }
  return data ? { label, body } : null;
}

/** The NDA text as it is published and hashed: Unix line ends, trimmed (as the staff form publishes it). */
function normalizeNdaBody(body: string): string {
  return body.replace(/\r\n/g, '\n').trim();
}

/** What an import will write for the documents and the NDA, decided against the database. */
export interface DocumentImportPlan {
  creates: DocumentSpec[];
  updates: { id: number; spec: DocumentSpec; changed: string[] }[];
  /** Documents whose current file differs from the index's last version: that version is added. */
  newVersions: { id: number; spec: DocumentSpec }[];
  nda: (NdaSpec & { sha256: string }) | null;
}

/** Reads, checks, plans and writes the documents and NDA of content folders, and exports them. */
export class ContentDocumentStore {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly ndas: NdaRepository,
    private readonly maxBytes: number,
    private readonly now: () => Date,
  ) {}

  /**
   * Checks every listed file's bytes (kind by magic bytes and extension, size, text encoding) and decides what to
   * write: problems, each on its file or index field, or the plan. Nothing is written.
   */
  async plan(
    directory: string,
    parsed: ContentDocuments,
  ): Promise<{ problems: InputProblem[]; plan: DocumentImportPlan }> {
    const problems: InputProblem[] = [];
    const hashes = new Map<string, string>();
    for (const file of new Set(parsed.documents.flatMap((spec) => spec.versions.map((version) => version.file)))) {
      const path = `${DOCUMENTS_FOLDER}/${file}`;
      try {
        const check = new DocumentFileCheck(file, this.maxBytes);
        for await (const _chunk of check.chunks(readFileChunks(directory, file))) {
          // Only the check's verdict and hash matter here; the bytes are read again when they are stored.
        }
        hashes.set(file, check.result().sha256);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push({ source: path, field: 'file', message: error.problems[0]?.message ?? error.message });
      }
    }
    const plan: DocumentImportPlan = { creates: [], updates: [], newVersions: [], nda: null };
    const stored = new Map((await this.documents.listDocuments()).map((document) => [document.slug, document]));
    parsed.documents.forEach((spec, index) => {
      const existing = stored.get(spec.slug);
      if (!existing) {
        plan.creates.push(spec);
        return;
      }
      if (existing.archivedAt !== null) {
        problems.push({
          source: CONTENT_FILES.documentIndex,
          field: `[${index}].slug`,
          message: `the document "${spec.slug}" is archived in this trust center; give this document another slug`,
        });
        return;
      }
      const changed = changedFields(existing, spec.fields);
      if (changed.length > 0) plan.updates.push({ id: existing.id, spec, changed });
      const last = spec.versions.at(-1);
      const sha = last ? hashes.get(last.file) : undefined;
      if (sha !== undefined && existing.current?.sha256 !== sha) plan.newVersions.push({ id: existing.id, spec });
    });
    if (parsed.nda) {
      const sha256 = createHash('sha256').update(parsed.nda.body, 'utf8').digest('hex');
      const current = await this.ndas.findCurrent();
      if (current?.sha256 !== sha256) {
        const earlier = (await this.ndas.listVersions()).find((version) => version.sha256 === sha256);
        if (earlier) {
          problems.push({
            source: CONTENT_FILES.nda,
            field: 'body',
            message: `this exact text was published before as "${earlier.label}" and a newer version is current; change the text to publish it again`,
          });
        } else {
          plan.nda = { ...parsed.nda, sha256 };
        }
      }
    }
    return { problems, plan };
  }

  /**
   * Writes a plan in the content import's transaction: new documents with every listed version, metadata changes,
   * new current versions, the NDA. A file that changed on disk since it was checked is refused and rolls it all back.
   */
  async apply(directory: string, plan: DocumentImportPlan, transaction: WriteTransaction): Promise<void> {
    for (const spec of plan.creates) {
      const [first, ...rest] = spec.versions;
      if (!first) continue;
      const id = await this.documents.createDocument(
        spec.slug,
        spec.fields,
        this.incomingFile(directory, first),
        this.write('document.create', spec.slug, `created "${spec.fields.title}" (${spec.fields.accessLevel})`),
        transaction,
      );
      for (const version of rest) await this.addVersion(directory, id, spec.slug, version, transaction);
    }
    for (const update of plan.updates) {
      await this.documents.updateDocument(
        update.id,
        update.spec.fields,
        this.write('document.update', update.spec.slug, `changed ${update.changed.join(', ')}`),
        transaction,
      );
    }
    for (const { id, spec } of plan.newVersions) {
      const last = spec.versions.at(-1);
      if (last) await this.addVersion(directory, id, spec.slug, last, transaction);
    }
    if (plan.nda) {
      const at = this.now();
      await this.ndas.insertVersion(
        {
          label: plan.nda.label,
          body: plan.nda.body,
          sha256: plan.nda.sha256,
          publishedAt: at.toISOString(),
          publishedBy: CONTENT_IMPORT_AUTHOR,
        },
        toAuditEvent(
          {
            actor: undefined,
            actorEmail: CONTENT_IMPORT_AUTHOR,
            action: 'nda.publish',
            targetType: 'nda_version',
            targetId: plan.nda.sha256,
            summary: `published NDA "${plan.nda.label}" (${plan.nda.sha256.slice(0, 12)}) from ${CONTENT_FILES.nda}`,
          },
          at,
        ),
        transaction,
      );
    }
  }

  /**
   * The index, nda.md and each current file's bytes (streamed from the database) for an export. Only the current
   * version of each document is written; archived documents are left out.
   */
  async exportFiles(): Promise<{ files: ContentFile[]; binaryFiles: ContentBinaryFile[] }> {
    const documents = (await this.documents.listDocuments())
      .filter((document) => document.archivedAt === null && document.current !== null)
      .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    const files: ContentFile[] = [];
    const binaryFiles: ContentBinaryFile[] = [];
    const owners = new Map<string, string>();
    const index = documents.flatMap((document) => {
      const version = document.current;
      if (!version) return [];
      const name = version.fileName;
      if (!isPlainFileName(name)) {
        throw new AppError(
          'conflict',
          `The file name "${name}" of document "${document.slug}" cannot be written beside ${CONTENT_FILES.documentIndex}; upload the file again under a plain name`,
        );
      }
      const owner = owners.get(name);
      if (owner !== undefined) {
        throw new AppError(
          'conflict',
          `The documents "${owner}" and "${document.slug}" both have a current file named "${name}"; upload one of them again under another name`,
        );
      }
      owners.set(name, document.slug);
      binaryFiles.push({ path: `${DOCUMENTS_FOLDER}/${name}`, chunks: () => this.documents.readChunks(version.id) });
      return [
        {
          slug: document.slug,
          title: document.title,
          description: document.description,
          category: document.category,
          language: document.language,
          access_level: document.accessLevel,
          versions: [
            {
              version: version.versionLabel,
              valid_from: version.validFrom,
              ...(version.validUntil === null ? {} : { valid_until: version.validUntil }),
              file: name,
            },
          ],
        },
      ];
    });
    if (index.length > 0) {
      files.push({ path: CONTENT_FILES.documentIndex, text: stringify(index, { lineWidth: 0, indentSeq: true }) });
    }
    const nda = await this.ndas.findCurrent();
    if (nda) {
      files.push({
        path: CONTENT_FILES.nda,
        text: `---\n${stringify({ label: nda.label }, { lineWidth: 0 })}---\n${nda.body}\n`,
      });
    }
    return { files, binaryFiles };
  }

  private async addVersion(
    directory: string,
    id: number,
    slug: string,
    version: DocumentVersionSpec,
    transaction: WriteTransaction,
  ): Promise<void> {
    await this.documents.addVersion(
      id,
      this.incomingFile(directory, version),
      this.write('document.version', slug, `uploaded version ${version.versionLabel}: ${version.file}`),
      transaction,
    );
  }

  private incomingFile(directory: string, version: DocumentVersionSpec): IncomingFile {
    const check = new DocumentFileCheck(version.file, this.maxBytes);
    return {
      versionLabel: version.versionLabel,
      validFrom: version.validFrom,
      validUntil: version.validUntil,
      fileName: version.file,
      uploadedAt: this.now().toISOString(),
      uploadedBy: CONTENT_IMPORT_AUTHOR,
      chunks: check.chunks(readFileChunks(directory, version.file)),
      facts: () => check.result(),
    };
  }

  private write(action: string, slug: string, summary: string): DocumentWrite {
    const at = this.now();
    return {
      changedAt: at.toISOString(),
      // The import's content write in the same transaction bumps the revision once for all of it.
      isPublic: false,
      audit: toAuditEvent(
        {
          actor: undefined,
          actorEmail: CONTENT_IMPORT_AUTHOR,
          action,
          targetType: 'document',
          targetId: slug,
          summary: `${summary} (content import)`,
        },
        at,
      ),
    };
  }
}

/** The metadata fields that differ between a stored document and the index. */
function changedFields(stored: DocumentRecord, fields: DocumentFields): string[] {
  return (['title', 'description', 'category', 'language', 'accessLevel'] as const).filter(
    (field) => stored[field] !== fields[field],
  );
}

/** A document file's bytes from disk in pieces, never the whole file at once. */
async function* readFileChunks(directory: string, file: string): AsyncGenerator<Uint8Array> {
  for await (const piece of createReadStream(join(directory, DOCUMENTS_FOLDER, file))) {
    if (piece instanceof Uint8Array) yield piece;
  }
}
