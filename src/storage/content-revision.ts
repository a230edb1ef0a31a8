import { sql, type Transaction } from 'kysely';
import { CONTENT_CHANNEL, type DialectName } from './dialect.js';
import type { Database } from './schema.js';

/**
 * Bumps the content revision inside a write transaction and, on PostgreSQL, queues a notification
 * that the server delivers to every listening process when the transaction commits.
 */
export async function bumpContentRevision(
  trx: Transaction<Database>,
  dialect: DialectName,
  changedAt: string,
): Promise<number> {
  const current = await trx.selectFrom('content_revision').select('revision').where('id', '=', 1).executeTakeFirst();
  const next = (current ? Number(current.revision) : 0) + 1;
  if (current) {
    await trx
      .updateTable('content_revision')
      .set({ revision: next, changed_at: changedAt })
      .where('id', '=', 1)
      .execute();
  } else {
    await trx.insertInto('content_revision').values({ id: 1, revision: next, changed_at: changedAt }).execute();
  }
  if (dialect === 'postgres') await sql`select pg_notify(${CONTENT_CHANNEL}, ${String(next)})`.execute(trx);
  return next;
}
