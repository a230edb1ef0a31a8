import type { Kysely, Migration } from 'kysely';
import { addIdColumn, type DialectName } from '../dialect.js';

/**
 * Subprocessors and their versions. Lists (data categories, processing locations) are stored as JSON text, read
 * and filtered in the service: a trust center has tens of subprocessors, not thousands. An ended subprocessor
 * keeps its row (with `until_on`) as public history; archiving takes it off the site; nothing is deleted.
 */
export function createSubprocessorsMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await addIdColumn(dialect, db.schema.createTable('subprocessor'))
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('legal_entity', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('purpose_sv', 'text')
        .addColumn('data_categories', 'text', (c) => c.notNull())
        .addColumn('locations', 'text', (c) => c.notNull())
        .addColumn('parent_company', 'text')
        .addColumn('parent_jurisdiction', 'text')
        .addColumn('non_eu_law', 'text')
        .addColumn('non_eu_law_explanation', 'text')
        .addColumn('since_on', 'text', (c) => c.notNull())
        .addColumn('until_on', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('submitted_by_id', 'integer')
        .addColumn('reviewed_by_id', 'integer')
        .addColumn('pending_version', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await addIdColumn(dialect, db.schema.createTable('subprocessor_version'))
        .addColumn('subprocessor_slug', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('saved_at', 'text', (c) => c.notNull())
        .addColumn('saved_by_id', 'integer')
        .addColumn('saved_by_email', 'text')
        .addColumn('change', 'text', (c) => c.notNull())
        .addColumn('snapshot', 'text', (c) => c.notNull())
        .addUniqueConstraint('subprocessor_version_slug_version', ['subprocessor_slug', 'version'])
        .execute();
    },
  };
}
