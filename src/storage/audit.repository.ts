import { type Kysely, sql } from 'kysely';
import type { AuditEventRecord, AuditFilter } from '../domain/audit.js';
import type { Database } from './schema.js';

/** Fields of a new audit event. */
export type NewAuditEvent = Omit<AuditEventRecord, 'id'>;

/** The append-only audit log; the database rejects UPDATE and DELETE on it. */
export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Appends one event, inside the caller's transaction when given one. */
  async append(event: NewAuditEvent, executor: Kysely<Database> = this.db): Promise<void> {
    await insertAuditEvent(executor, event);
  }

  /** A page of events, newest first, and how many match in all. */
  async list(
    filter: AuditFilter,
    limit: number,
    offset: number,
  ): Promise<{ items: AuditEventRecord[]; total: number }> {
    let query = this.db.selectFrom('audit_event');
    if (filter.action) query = query.where('action', '=', filter.action);
    // substr() rather than LIKE: no wildcard escaping, and the same in SQLite and PostgreSQL.
    if (filter.actionPrefix)
      query = query.where(
        sql<string>`substr(action, 1, ${sql.lit(filter.actionPrefix.length)})`,
        '=',
        filter.actionPrefix,
      );
    if (filter.actorEmail) query = query.where('actor_email', '=', filter.actorEmail);
    if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.until) query = query.where('at', '<', filter.until);
    const [rows, count] = await Promise.all([
      query.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(count.count),
      items: rows.map((row) => ({
        id: Number(row.id),
        at: row.at,
        actorId: row.actor_id === null ? null : Number(row.actor_id),
        actorEmail: row.actor_email,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        ip: row.ip,
        summary: row.summary,
      })),
    };
  }
}

/** Writes one audit event with the given executor (a transaction, so it commits with the change it records). */
export async function insertAuditEvent(executor: Kysely<Database>, event: NewAuditEvent): Promise<void> {
  await executor
    .insertInto('audit_event')
    .values({
      at: event.at,
      actor_id: event.actorId,
      actor_email: event.actorEmail,
      action: event.action,
      target_type: event.targetType,
      target_id: event.targetId,
      ip: event.ip,
      summary: event.summary,
    })
    .execute();
}
