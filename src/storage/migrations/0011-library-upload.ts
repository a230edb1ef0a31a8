import type { Kysely, Migration } from 'kysely';
import { addIdColumn, type DialectName } from '../dialect.js';

/**
 * Answer-library files kept between their preview and their import, so the staff area can import
 * what was previewed without the file being chosen again. Each row belongs to the staff member who
 * uploaded it and lives for an hour; only the SHA-256 of its token is stored. Rows are short-lived
 * working state: `tillit copy` leaves the table out.
 */
export function createLibraryUploadMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await addIdColumn(dialect, db.schema.createTable('library_upload'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('staff_user.id').onDelete('cascade'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        // SQLite stores bytes as blob, PostgreSQL as bytea.
        .addColumn('bytes', dialect === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
        // The options the preview used, which the import must repeat.
        .addColumn('sheet', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('owner', 'text')
        .addColumn('is_replace', 'integer', (c) => c.notNull())
        // The content revision the preview was planned against.
        .addColumn('content_revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('library_upload_user_idx').on('library_upload').column('user_id').execute();
      await db.schema.createIndex('library_upload_expires_idx').on('library_upload').column('expires_at').execute();
    },
  };
}
