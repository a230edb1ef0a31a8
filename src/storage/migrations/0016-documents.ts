import type { Kysely, Migration } from 'kysely';
import { addIdColumn, type DialectName } from '../dialect.js';

/**
 * The document library: documents, their versions (a new file never replaces an old one) and each
 * version's bytes in chunks of 256 KB, so that an upload is written and a download read one chunk at
 * a time. Archiving sets `archived_at`; nothing is deleted.
 */
export function createDocumentsMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await addIdColumn(dialect, db.schema.createTable('document'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('access_level', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('archived_at', 'text')
        .execute();
      await addIdColumn(dialect, db.schema.createTable('document_version'))
        .addColumn('document_id', 'integer', (c) => c.notNull().references('document.id'))
        .addColumn('version_label', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text')
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('document_version_document_idx')
        .on('document_version')
        .column('document_id')
        .execute();
      await db.schema
        .createTable('document_chunk')
        .addColumn('version_id', 'integer', (c) => c.notNull().references('document_version.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        // SQLite stores bytes as blob, PostgreSQL as bytea.
        .addColumn('bytes', dialect === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
        .addPrimaryKeyConstraint('document_chunk_pk', ['version_id', 'seq'])
        .execute();
      // A certification may name the document holding its certificate. By slug, as content files do,
      // so content imports (which replace every certification) need no document ids.
      await db.schema.alterTable('certification').addColumn('document_slug', 'text').execute();
    },
  };
}
