import type { Kysely, Selectable } from 'kysely';
import {
  MAIL_LANGUAGES,
  MAIL_STATUSES,
  type MailLanguage,
  type MailRecord,
  type MailStatus,
  type MailSummary,
} from '../domain/mail.js';
import type { Page } from '../domain/page.js';
import type { DialectName } from './dialect.js';
import type { Database, MailOutboxTable } from './schema.js';

/** The database or an open transaction of it: a feature enqueues mail inside its own transaction. */
export type MailExecutor = Kysely<Database>;

/** What enqueuing a mail stores: the mail as written, before any delivery attempt. */
export type NewMailRow = Pick<
  MailRecord,
  'to' | 'subject' | 'text' | 'html' | 'headers' | 'language' | 'kind' | 'createdAt'
>;

/** A mail a process has claimed for one delivery attempt; `claimedUntil` identifies the claim. */
export interface ClaimedMail extends MailRecord {
  claimedUntil: string;
}

function parseHeaders(json: string): Record<string, string> {
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
  );
}

function toStatus(value: string): MailStatus {
  return MAIL_STATUSES.find((status) => status === value) ?? 'failed';
}

function toLanguage(value: string): MailLanguage {
  return MAIL_LANGUAGES.find((language) => language === value) ?? 'en';
}

type SummaryRow = Pick<
  Selectable<MailOutboxTable>,
  | 'id'
  | 'recipient'
  | 'subject'
  | 'language'
  | 'kind'
  | 'status'
  | 'attempts'
  | 'next_attempt_at'
  | 'last_error'
  | 'created_at'
  | 'sent_at'
>;

function toSummary(row: SummaryRow): MailSummary {
  return {
    id: Number(row.id),
    to: row.recipient,
    subject: row.subject,
    language: toLanguage(row.language),
    kind: row.kind,
    status: toStatus(row.status),
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

function toRecord(row: Selectable<MailOutboxTable>): MailRecord {
  return { ...toSummary(row), text: row.body_text, html: row.body_html, headers: parseHeaders(row.headers) };
}

const SUMMARY_COLUMNS = [
  'id',
  'recipient',
  'subject',
  'language',
  'kind',
  'status',
  'attempts',
  'next_attempt_at',
  'last_error',
  'created_at',
  'sent_at',
] as const;

/** The mail outbox (table mail_outbox). */
export class MailRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** Queues a mail, due at once; inside the caller's transaction when `executor` is one. Returns its id. */
  async insert(mail: NewMailRow, executor: MailExecutor = this.db): Promise<number> {
    const row = await executor
      .insertInto('mail_outbox')
      .values({
        recipient: mail.to,
        subject: mail.subject,
        body_text: mail.text,
        body_html: mail.html,
        headers: JSON.stringify(mail.headers),
        language: mail.language,
        kind: mail.kind,
        status: 'queued',
        attempts: 0,
        next_attempt_at: mail.createdAt,
        last_error: null,
        created_at: mail.createdAt,
        sent_at: null,
        claimed_until: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /**
   * Claims up to `limit` due mails for one attempt each and counts the attempt: queued mail whose
   * time has come, and mail whose claim ran out (its process died while sending). One UPDATE …
   * RETURNING, so two processes never claim the same mail: SQLite runs it under its write lock; on
   * PostgreSQL the sub-select skips rows another claim holds locked, and the outer WHERE repeats the
   * due test, which PostgreSQL re-checks against the committed row after waiting for a lock.
   */
  async claimDue(now: string, claimedUntil: string, limit: number): Promise<ClaimedMail[]> {
    let due = this.db
      .selectFrom('mail_outbox')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<=', now)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit);
    if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await this.db
      .updateTable('mail_outbox')
      .set((eb) => ({ status: 'sending', claimed_until: claimedUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', due)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<=', now)]),
        ]),
      )
      .returningAll()
      .execute();
    return rows
      .map((row) => ({ ...toRecord(row), claimedUntil: row.claimed_until ?? claimedUntil }))
      .sort((a, b) => a.id - b.id);
  }

  /** Marks a claimed mail sent; false when the claim was lost (it ran out and another process took it). */
  async markSent(claim: ClaimedMail, sentAt: string): Promise<boolean> {
    const result = await this.db
      .updateTable('mail_outbox')
      .set({ status: 'sent', sent_at: sentAt, claimed_until: null, last_error: null })
      .where('id', '=', claim.id)
      .where('status', '=', 'sending')
      .where('claimed_until', '=', claim.claimedUntil)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Ends a claimed mail's failed attempt: queued again for `nextAttemptAt`, or failed for good when that is undefined. */
  async markAttemptFailed(claim: ClaimedMail, lastError: string, nextAttemptAt: string | undefined): Promise<boolean> {
    const result = await this.db
      .updateTable('mail_outbox')
      .set({
        status: nextAttemptAt === undefined ? 'failed' : 'queued',
        next_attempt_at: nextAttemptAt ?? claim.nextAttemptAt,
        last_error: lastError,
        claimed_until: null,
      })
      .where('id', '=', claim.id)
      .where('status', '=', 'sending')
      .where('claimed_until', '=', claim.claimedUntil)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Makes a queued or failed mail due at `now`; false when it is being sent or was sent. */
  async requeue(id: number, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('mail_outbox')
      .set({ status: 'queued', next_attempt_at: now })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'failed'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** One mail with its bodies, or undefined. */
  async findById(id: number): Promise<MailRecord | undefined> {
    const row = await this.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** A page of the outbox, newest first, with the total counted in SQL. */
  async list(limit: number, offset: number): Promise<Page<MailSummary>> {
    const [rows, count] = await Promise.all([
      this.db
        .selectFrom('mail_outbox')
        .select(SUMMARY_COLUMNS)
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
      this.db
        .selectFrom('mail_outbox')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirst(),
    ]);
    return { items: rows.map(toSummary), total: Number(count?.count ?? 0) };
  }
}
