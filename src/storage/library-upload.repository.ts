import type { Kysely, Selectable } from 'kysely';
import type { Database, LibraryUploadTable } from './schema.js';

/** The options a library preview used, which its import must repeat. */
export interface LibraryUploadOptions {
  sheet: string | null;
  status: 'published' | 'draft';
  owner: string | null;
  isReplace: boolean;
}

/** An answer-library file kept between its preview and its import. */
export interface LibraryUploadRecord extends LibraryUploadOptions {
  id: number;
  /** SHA-256 (hex) of the token; the token itself is only ever in the staff member's page. */
  tokenHash: string;
  userId: number;
  fileName: string;
  bytes: Uint8Array;
  /** The content revision the preview was planned against. */
  contentRevision: number;
  createdAt: string;
  expiresAt: string;
}

/** What staging a file stores. */
export type NewLibraryUpload = Omit<LibraryUploadRecord, 'id'>;

function toRecord(row: Selectable<LibraryUploadTable>): LibraryUploadRecord {
  return {
    id: Number(row.id),
    tokenHash: row.token_hash,
    userId: Number(row.user_id),
    fileName: row.file_name,
    bytes: row.bytes,
    sheet: row.sheet,
    // Written only by this repository; a row edited by hand to anything else imports as the safer draft.
    status: row.status === 'published' ? 'published' : 'draft',
    owner: row.owner,
    isReplace: Number(row.is_replace) === 1,
    contentRevision: Number(row.content_revision),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function toRow(upload: NewLibraryUpload) {
  return {
    token_hash: upload.tokenHash,
    user_id: upload.userId,
    file_name: upload.fileName,
    bytes: upload.bytes,
    sheet: upload.sheet,
    status: upload.status,
    owner: upload.owner,
    is_replace: upload.isReplace ? 1 : 0,
    content_revision: upload.contentRevision,
    created_at: upload.createdAt,
    expires_at: upload.expiresAt,
  };
}

/** Library files kept between preview and import (table library_upload). */
export class LibraryUploadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores a new upload; in the same transaction deletes every expired upload (anyone's) and the
   * uploader's older ones beyond the newest `keepPerUser`.
   */
  async insert(upload: NewLibraryUpload, keepPerUser: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('library_upload').where('expires_at', '<=', upload.createdAt).execute();
      await trx.insertInto('library_upload').values(toRow(upload)).execute();
      const newest = trx
        .selectFrom('library_upload')
        .select('id')
        .where('user_id', '=', upload.userId)
        .orderBy('id', 'desc')
        .limit(keepPerUser);
      await trx
        .deleteFrom('library_upload')
        .where('user_id', '=', upload.userId)
        .where('id', 'not in', newest)
        .execute();
    });
  }

  /** The upload whose token has this hash, or undefined. */
  async findByTokenHash(tokenHash: string): Promise<LibraryUploadRecord | undefined> {
    const row = await this.db
      .selectFrom('library_upload')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** Records the options and content revision of a new preview of an upload's file. */
  async updatePreview(id: number, options: LibraryUploadOptions, contentRevision: number): Promise<void> {
    await this.db
      .updateTable('library_upload')
      .set({
        sheet: options.sheet,
        status: options.status,
        owner: options.owner,
        is_replace: options.isReplace ? 1 : 0,
        content_revision: contentRevision,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Deletes one upload; false when it was already gone (another request took it first). */
  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('library_upload').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** Puts a deleted upload back as it was, id included. */
  async restore(upload: LibraryUploadRecord): Promise<void> {
    await this.db
      .insertInto('library_upload')
      .values({ id: upload.id, ...toRow(upload) })
      .execute();
  }

  /** Deletes the uploads that expired at or before `now`; returns how many went. */
  async deleteExpired(now: string): Promise<number> {
    const result = await this.db.deleteFrom('library_upload').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
