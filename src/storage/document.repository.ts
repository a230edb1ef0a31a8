import type SQLite from 'better-sqlite3';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type {
  AccessLevel,
  DocumentFields,
  DocumentRecord,
  DocumentVersion,
  VersionFields,
} from '../domain/document.js';
import type { DocumentTranslation, Translations } from '../domain/translation.js';
import { insertAuditEvent, type NewAuditEvent } from './audit.repository.js';
import { bumpContentRevision } from './content-revision.js';
import type { DialectName } from './dialect.js';
import type { Database, DocumentTable, DocumentVersionTable } from './schema.js';
import { findTranslations, loadTranslations, withTranslations, writeTranslations } from './translation.repository.js';
import { TurnBudget } from './turn-budget.js';

/**
 * Chunks all downloads together may read and hand to their sockets per turn of the event loop: 1 MB, a few
 * milliseconds of work, after which other requests get their turn.
 */
export const CHUNKS_PER_TURN = 4;

/** One budget for every repository in the process, so the bound holds across all downloads. */
const sharedChunkTurns = new TurnBudget(CHUNKS_PER_TURN);

/** The chunk reads on SQLite, prepared once per connection. */
interface SqliteChunkStatements {
  count: SQLite.Statement<[number], number>;
  bytes: SQLite.Statement<[number, number], Buffer>;
}

/** What a stored file turned out to be, known once its last chunk is written. */
export interface StoredFileFacts {
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/** A file on its way in: its name and who sends it, its chunks, and its facts once they have all passed. */
export interface IncomingFile extends VersionFields {
  fileName: string;
  uploadedAt: string;
  uploadedBy: string;
  chunks: AsyncIterable<Uint8Array>;
  /** Called after the last chunk; throws when the file as a whole is refused. */
  facts: () => StoredFileFacts;
}

/** One write: its audit event, and whether visitors see the change (then the content revision is bumped). */
export interface DocumentWrite {
  changedAt: string;
  audit: NewAuditEvent;
  isPublic: boolean;
}

function toAccessLevel(value: string): AccessLevel {
  // Written only through the service; a row edited by hand to anything else is treated as the strictest level.
  return value === 'public' || value === 'nda' ? value : 'request';
}

function toVersion(row: Selectable<DocumentVersionTable>): DocumentVersion {
  return {
    id: Number(row.id),
    documentId: Number(row.document_id),
    versionLabel: row.version_label,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by,
  };
}

function toRecord(row: Selectable<DocumentTable>, current: DocumentVersion | null): DocumentRecord {
  return {
    id: Number(row.id),
    slug: row.slug,
    title: row.title,
    description: row.description,
    category: row.category,
    language: row.language,
    accessLevel: toAccessLevel(row.access_level),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
    current,
  };
}

/** Documents, their versions and their files' bytes in chunks (tables document, document_version, document_chunk). */
export class DocumentRepository {
  private chunkStatements: SqliteChunkStatements | undefined;
  private readonly sqlite: SQLite.Database | undefined;
  private readonly chunkTurns: TurnBudget;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    options: {
      /** The connection under `db` on SQLite (`DatabaseHandle.sqlite`): chunks are then read by prepared statements. */
      sqlite?: SQLite.Database | undefined;
      /** Bounds the chunks read per turn of the event loop; one shared by the whole process unless given. */
      chunkTurns?: TurnBudget;
    } = {},
  ) {
    this.sqlite = dialect === 'sqlite' ? options.sqlite : undefined;
    this.chunkTurns = options.chunkTurns ?? sharedChunkTurns;
  }

  /** Whether a slug is taken (archived documents keep theirs). */
  async hasSlug(slug: string): Promise<boolean> {
    const row = await this.db.selectFrom('document').select('id').where('slug', '=', slug).executeTakeFirst();
    return row !== undefined;
  }

  /** Every document with its newest version, archived ones included, by title. */
  async listDocuments(): Promise<DocumentRecord[]> {
    const rows = await this.db.selectFrom('document').selectAll().orderBy('title').orderBy('id').execute();
    const newest = await this.db
      .selectFrom('document_version')
      .selectAll()
      .where('id', 'in', (query) =>
        query
          .selectFrom('document_version')
          .select((eb) => eb.fn.max('id').as('id'))
          .groupBy('document_id'),
      )
      .execute();
    const byDocument = new Map(newest.map((row) => [Number(row.document_id), toVersion(row)]));
    const translations = await loadTranslations(this.db, 'document');
    return rows.map((row) =>
      withTranslations(toRecord(row, byDocument.get(Number(row.id)) ?? null), translations.get(row.slug)),
    );
  }

  /** One document with its newest version. */
  async findDocument(slug: string): Promise<DocumentRecord | undefined> {
    const row = await this.db.selectFrom('document').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (!row) return undefined;
    const version = await this.db
      .selectFrom('document_version')
      .selectAll()
      .where('document_id', '=', Number(row.id))
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return withTranslations(
      toRecord(row, version ? toVersion(version) : null),
      await findTranslations(this.db, 'document', row.slug),
    );
  }

  /** A document's versions, newest first. */
  async listVersions(documentId: number): Promise<DocumentVersion[]> {
    const rows = await this.db
      .selectFrom('document_version')
      .selectAll()
      .where('document_id', '=', documentId)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toVersion);
  }

  /** One version of a document. */
  async findVersion(documentId: number, versionId: number): Promise<DocumentVersion | undefined> {
    const row = await this.db
      .selectFrom('document_version')
      .selectAll()
      .where('document_id', '=', documentId)
      .where('id', '=', versionId)
      .executeTakeFirst();
    return row ? toVersion(row) : undefined;
  }

  /**
   * A version's bytes, one chunk per query, in order: no more than one chunk is held at a time, and the next is
   * read only when the caller asks for it (a download: when its socket has taken the last one). Each read waits for
   * a place in the turn budget shared by every download (`CHUNKS_PER_TURN`), so better-sqlite3, which answers at
   * once, and sockets that take every chunk at once cannot hold the event loop: 50 fast readers used to take a
   * chunk each per turn, and /healthz waited behind 12 MB of work (bench/downloads.bench.ts).
   */
  async *readChunks(versionId: number): AsyncGenerator<Uint8Array> {
    const statements = this.sqliteChunkStatements();
    const count = statements ? statements.count.get(versionId) : await this.countChunks(versionId);
    for (let seq = 0; seq < Number(count); seq += 1) {
      await this.chunkTurns.take();
      const bytes = statements ? statements.bytes.get(versionId, seq) : await this.readChunk(versionId, seq);
      if (bytes === undefined) throw new Error(`Chunk ${seq} of document version ${versionId} is missing`);
      yield bytes;
    }
  }

  /**
   * The chunk statements on SQLite, prepared on first use (the table exists only once migrations ran); undefined on
   * PostgreSQL. They run on Kysely's connection outside its lock, which is safe here: a version is found through
   * Kysely, so only once its transaction committed, and chunks are never changed or deleted afterwards.
   */
  private sqliteChunkStatements(): SqliteChunkStatements | undefined {
    if (!this.sqlite) return undefined;
    this.chunkStatements ??= {
      count: this.sqlite.prepare<[number], number>('select count(*) from document_chunk where version_id = ?').pluck(),
      bytes: this.sqlite
        .prepare<[number, number], Buffer>('select bytes from document_chunk where version_id = ? and seq = ?')
        .pluck(),
    };
    return this.chunkStatements;
  }

  private async countChunks(versionId: number): Promise<number> {
    const { count } = await this.db
      .selectFrom('document_chunk')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('version_id', '=', versionId)
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  private async readChunk(versionId: number, seq: number): Promise<Uint8Array | undefined> {
    const row = await this.db
      .selectFrom('document_chunk')
      .select('bytes')
      .where('version_id', '=', versionId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    return row?.bytes;
  }

  /**
   * Creates a document and its first version in one transaction (the caller's, when given) and returns its id: if
   * the file is refused on the way (a chunk throws, or its facts do), the document, the version and every chunk
   * written are rolled back.
   */
  async createDocument(
    slug: string,
    fields: DocumentFields,
    file: IncomingFile,
    write: DocumentWrite,
    transaction?: Transaction<Database>,
  ): Promise<number> {
    return this.inTransaction(transaction, async (trx) => {
      const row = await trx
        .insertInto('document')
        .values({
          slug,
          title: fields.title,
          description: fields.description,
          category: fields.category,
          language: fields.language,
          access_level: fields.accessLevel,
          created_at: write.changedAt,
          updated_at: write.changedAt,
          archived_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertVersion(trx, Number(row.id), file);
      await this.finishWrite(trx, write);
      return Number(row.id);
    });
  }

  /** Adds a version to a document in one transaction (the caller's, when given); older versions stay. */
  async addVersion(
    documentId: number,
    file: IncomingFile,
    write: DocumentWrite,
    transaction?: Transaction<Database>,
  ): Promise<void> {
    await this.inTransaction(transaction, async (trx) => {
      await insertVersion(trx, documentId, file);
      await trx.updateTable('document').set({ updated_at: write.changedAt }).where('id', '=', documentId).execute();
      await this.finishWrite(trx, write);
    });
  }

  /** Changes a document's metadata (in the caller's transaction, when given). */
  async updateDocument(
    documentId: number,
    fields: DocumentFields,
    write: DocumentWrite,
    transaction?: Transaction<Database>,
    /** The document's translations to store instead of the current ones; undefined leaves them. */
    translated?: { slug: string; translations: Translations<DocumentTranslation> },
  ): Promise<void> {
    await this.inTransaction(transaction, async (trx) => {
      if (translated)
        await writeTranslations(trx, 'document', translated.slug, translated.translations, write.changedAt);
      await trx
        .updateTable('document')
        .set({
          title: fields.title,
          description: fields.description,
          category: fields.category,
          language: fields.language,
          access_level: fields.accessLevel,
          updated_at: write.changedAt,
        })
        .where('id', '=', documentId)
        .execute();
      await this.finishWrite(trx, write);
    });
  }

  /** Archives a document (hidden from visitors, kept with every version). */
  async archiveDocument(documentId: number, write: DocumentWrite): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('document')
        .set({ archived_at: write.changedAt, updated_at: write.changedAt })
        .where('id', '=', documentId)
        .execute();
      await this.finishWrite(trx, write);
    });
  }

  /** Runs `work` in the caller's transaction when given (a content import), else in a new one. */
  private inTransaction<T>(
    transaction: Transaction<Database> | undefined,
    work: (trx: Transaction<Database>) => Promise<T>,
  ): Promise<T> {
    return transaction ? work(transaction) : this.db.transaction().execute(work);
  }

  private async finishWrite(trx: Transaction<Database>, write: DocumentWrite): Promise<void> {
    await insertAuditEvent(trx, write.audit);
    if (write.isPublic) await bumpContentRevision(trx, this.dialect, write.changedAt);
  }
}

/** Writes a version's row, then its chunks as they arrive, then the facts the chunks produced. */
async function insertVersion(trx: Transaction<Database>, documentId: number, file: IncomingFile): Promise<void> {
  const row = await trx
    .insertInto('document_version')
    .values({
      document_id: documentId,
      version_label: file.versionLabel,
      valid_from: file.validFrom,
      valid_until: file.validUntil,
      file_name: file.fileName,
      // Filled in from the facts once the last chunk is written.
      content_type: '',
      size_bytes: 0,
      sha256: '',
      uploaded_at: file.uploadedAt,
      uploaded_by: file.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const versionId = Number(row.id);
  let seq = 0;
  for await (const chunk of file.chunks) {
    await trx
      .insertInto('document_chunk')
      .values({
        version_id: versionId,
        seq,
        // A Buffer view over the same memory: node-postgres sends Buffers as bytea, and nothing is copied.
        bytes: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
      })
      .execute();
    seq += 1;
  }
  const facts = file.facts();
  await trx
    .updateTable('document_version')
    .set({ content_type: facts.contentType, size_bytes: facts.sizeBytes, sha256: facts.sha256 })
    .where('id', '=', versionId)
    .execute();
}
