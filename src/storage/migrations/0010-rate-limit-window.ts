import type { Kysely, Migration } from 'kysely';

/**
 * Shared search rate limit: how many searches each process let through per client key and fixed
 * window, summed across processes. Rows are ephemeral (the sync deletes windows older than the
 * previous one) and are neither copied nor worth backing up.
 */
export function createRateLimitWindowMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('rate_limit_window')
        .addColumn('key', 'text', (c) => c.notNull())
        // Start of the fixed window in seconds since the epoch (bigint: outlives 2038).
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_limit_window_pk', ['key', 'window_start'])
        .execute();
      await db.schema
        .createIndex('rate_limit_window_start_idx')
        .on('rate_limit_window')
        .columns(['window_start', 'count'])
        .execute();
    },
  };
}
