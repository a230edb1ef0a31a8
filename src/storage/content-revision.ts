import { sql, type Transaction } from 'kysely';
import { CONTENT_CHANNEL, type DialectName } from './dialect.js';
import type { Database } from './schema.js';

/**
 * Bumps the content revision inside a write transaction and, on PostgreSQL, queues a notification
 * that the server delivers to every listening process when the transaction commits. The bump is one
 * statement (an upsert that adds one to the stored value), so two processes writing at once get two
 * revisions: the second waits for the first's row lock and then adds one to the committed value,
 * where a read followed by a write would have written the same number twice.
 */
export async function bumpContentRevision(
  trx: Transaction<Database>,
  dialect: DialectName,
  changedAt: string,
): Promise<number> {
  const row = await trx
    .insertInto('content_revision')
    .values({ id: 1, revision: 1, changed_at: changedAt })
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet({
        revision: sql<number>`content_revision.revision + 1`,
        changed_at: changedAt,
      }),
    )
    .returning('revision')
    .executeTakeFirstOrThrow();
  const next = Number(row.revision);
  if (dialect === 'postgres') await sql`select pg_notify(${CONTENT_CHANNEL}, ${String(next)})`.execute(trx);
  return next;
}
