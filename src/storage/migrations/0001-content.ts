import type { Kysely, Migration } from 'kysely';
import { addIdColumn, type DialectName } from '../dialect.js';

/** Content tables: site, highlights, categories, tags, entries, certifications, named links. */
export function createContentMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('site')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('tagline', 'text', (c) => c.notNull())
        .addColumn('intro', 'text', (c) => c.notNull())
        .addColumn('contact_email', 'text', (c) => c.notNull())
        .addColumn('security_contact', 'text', (c) => c.notNull())
        .addColumn('security_policy_link', 'text')
        .addColumn('preferred_languages', 'text', (c) => c.notNull())
        .addColumn('accent_color', 'text', (c) => c.notNull())
        .addColumn('sla_title', 'text', (c) => c.notNull())
        .addColumn('sla_summary', 'text', (c) => c.notNull())
        .addColumn('sla_availability', 'text', (c) => c.notNull())
        .addColumn('sla_link', 'text')
        .execute();

      await db.schema
        .createTable('sla_response_time')
        .addColumn('position', 'integer', (c) => c.primaryKey())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .execute();

      await addIdColumn(dialect, db.schema.createTable('highlight'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('icon', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();

      await addIdColumn(dialect, db.schema.createTable('category'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('review_interval_days', 'integer', (c) => c.notNull())
        .execute();

      await addIdColumn(dialect, db.schema.createTable('tag'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();

      await addIdColumn(dialect, db.schema.createTable('entry'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('category_id', 'integer', (c) => c.notNull().references('category.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('last_reviewed_on', 'text', (c) => c.notNull())
        .addColumn('review_interval_days', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('entry_category_idx').on('entry').column('category_id').execute();

      await db.schema
        .createTable('entry_tag')
        .addColumn('entry_id', 'integer', (c) => c.notNull().references('entry.id').onDelete('cascade'))
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('tag.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('entry_tag_pk', ['entry_id', 'tag_id'])
        .execute();

      await db.schema
        .createTable('entry_phrasing')
        .addColumn('entry_id', 'integer', (c) => c.notNull().references('entry.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('entry_phrasing_pk', ['entry_id', 'position'])
        .execute();

      await db.schema
        .createTable('entry_control')
        .addColumn('entry_id', 'integer', (c) => c.notNull().references('entry.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('control_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('entry_control_pk', ['entry_id', 'position'])
        .execute();

      await addIdColumn(dialect, db.schema.createTable('certification'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('certificate_number', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();

      await addIdColumn(dialect, db.schema.createTable('named_link'))
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('content_revision')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
