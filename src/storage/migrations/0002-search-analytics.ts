import type { Kysely, Migration } from 'kysely';

/** Search analytics without tracking: per day, the normalised query, how often, how many results. */
export function createSearchAnalyticsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('search_query_day')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('searches', 'integer', (c) => c.notNull())
        .addColumn('last_result_count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('search_query_day_pk', ['day', 'query'])
        .execute();
      await db.schema.createIndex('search_query_day_day_idx').on('search_query_day').column('day').execute();
    },
  };
}
