import type { Kysely, Migration } from 'kysely';

/**
 * Every link to a requester's page that was mailed stays valid: each mail (confirmation, decision, question,
 * reminder) carries a fresh token, and a page bookmarked from an earlier mail must keep working. A row per
 * token (only its SHA-256), instead of the one `access_request.portal_token_hash` that each mail replaced.
 */
export function createAccessRequestLinksMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('access_request_link')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'integer', (c) => c.notNull().references('access_request.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('access_request_link_request_idx')
        .on('access_request_link')
        .column('request_id')
        .execute();
      // The one token each request had so far stays valid.
      await db
        .insertInto('access_request_link' as never)
        .columns(['token_hash', 'request_id', 'created_at'] as never)
        .expression(
          (db as Kysely<{ access_request: { portal_token_hash: string | null; id: number; updated_at: string } }>)
            .selectFrom('access_request')
            .select(['portal_token_hash', 'id', 'updated_at'])
            .where('portal_token_hash', 'is not', null) as never,
        )
        .execute();
    },
  };
}
