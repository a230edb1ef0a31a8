import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import {
  isSubscriptionTopic,
  type NoticeRecord,
  SUBSCRIPTION_TOPICS,
  type SubscriberCount,
  type SubscriptionStatus,
  type SubscriptionTopic,
} from '../domain/update.js';
import { insertAuditEvent, type NewAuditEvent } from './audit.repository.js';
import type { Database, SubscriptionTable } from './schema.js';

/** A transaction the subscription service passes back in (queueing mail with the change that causes it). */
export type SubscriptionTransaction = Transaction<Database>;

/** The database or one of its transactions. */
type Executor = Kysely<Database> | Transaction<Database>;

/** A subscription as the service reads it. */
export interface SubscriptionRow {
  id: number;
  email: string;
  topic: SubscriptionTopic;
  language: 'en' | 'sv';
  status: SubscriptionStatus;
  confirmTokenHash: string | null;
  confirmExpiresAt: string;
  confirmSentAt: string | null;
  createdAt: string;
}

/** A mailing of a published update that has not reached every subscriber yet. */
export interface UpdateMailingRow {
  updateId: number;
  /** What to send, as JSON (the service's format). */
  mail: string;
  baseUrl: string;
  /** Every address up to and including this one (in the database's order) has its mail queued. */
  afterEmail: string;
}

/** One Art. 28 notice as it is recorded (its mail queued, so it has one). */
export type NewNotice = Omit<NoticeRecord, 'id' | 'mailId'> & { mailId: number };

function toRow(row: Omit<Selectable<SubscriptionTable>, 'confirmed_at'>): SubscriptionRow {
  return {
    id: Number(row.id),
    email: row.email,
    // A topic unknown to this build reads as the narrowest one, never as "all".
    topic: isSubscriptionTopic(row.topic) ? row.topic : 'other',
    language: row.language === 'sv' ? 'sv' : 'en',
    status: row.status === 'confirmed' ? 'confirmed' : 'unconfirmed',
    confirmTokenHash: row.confirm_token_hash,
    confirmExpiresAt: row.confirm_expires_at,
    confirmSentAt: row.confirm_sent_at,
    createdAt: row.created_at,
  };
}

/** Subscriptions to updates, their unsubscribe links, and the record of Art. 28 notices. */
export class SubscriptionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Runs `work` in one transaction. */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(work);
  }

  /** Appends an audit event in the caller's transaction. */
  audit(trx: Executor | undefined, event: NewAuditEvent): Promise<void> {
    return insertAuditEvent(trx ?? this.db, event);
  }

  /** Every subscription of an address. */
  async listByEmail(trx: Executor, email: string): Promise<SubscriptionRow[]> {
    const rows = await trx.selectFrom('subscription').selectAll().where('email', '=', email).orderBy('id').execute();
    return rows.map(toRow);
  }

  /** Stores an unconfirmed subscription; answers its id. */
  async insert(
    trx: Executor,
    row: { email: string; topic: SubscriptionTopic; language: 'en' | 'sv'; createdAt: string; expiresAt: string },
  ): Promise<number> {
    const inserted = await trx
      .insertInto('subscription')
      .values({
        email: row.email,
        topic: row.topic,
        language: row.language,
        status: 'unconfirmed',
        confirm_token_hash: null,
        confirm_expires_at: row.expiresAt,
        confirm_sent_at: null,
        created_at: row.createdAt,
        confirmed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(inserted.id);
  }

  /** Gives unconfirmed subscriptions a confirmation token (its hash), with its expiry and when its mail went out. */
  async setConfirmToken(
    trx: Executor,
    ids: number[],
    token: { hash: string; expiresAt: string; sentAt: string | null },
  ): Promise<void> {
    if (ids.length === 0) return;
    await trx
      .updateTable('subscription')
      .set({ confirm_token_hash: token.hash, confirm_expires_at: token.expiresAt, confirm_sent_at: token.sentAt })
      .where('id', 'in', ids)
      .where('status', '=', 'unconfirmed')
      .execute();
  }

  /** The unconfirmed subscriptions a confirmation token stands for. */
  async listByConfirmToken(trx: Executor, tokenHash: string): Promise<SubscriptionRow[]> {
    const rows = await trx
      .selectFrom('subscription')
      .selectAll()
      .where('confirm_token_hash', '=', tokenHash)
      .where('status', '=', 'unconfirmed')
      .orderBy('id')
      .execute();
    return rows.map(toRow);
  }

  /** Confirms subscriptions; their token is used up. */
  async confirm(trx: Executor, ids: number[], at: string): Promise<void> {
    if (ids.length === 0) return;
    await trx
      .updateTable('subscription')
      .set({ status: 'confirmed', confirmed_at: at, confirm_token_hash: null })
      .where('id', 'in', ids)
      .execute();
  }

  /** Records an unsubscribe token (its hash) mailed to a subscription. */
  async insertLink(trx: Executor, subscriptionId: number, tokenHash: string, at: string): Promise<void> {
    await trx
      .insertInto('subscription_link')
      .values({ token_hash: tokenHash, subscription_id: subscriptionId, created_at: at })
      .execute();
  }

  /** The subscription an unsubscribe token belongs to. */
  async findByLink(trx: Executor, tokenHash: string): Promise<SubscriptionRow | undefined> {
    const row = await trx
      .selectFrom('subscription_link')
      .innerJoin('subscription', 'subscription.id', 'subscription_link.subscription_id')
      .selectAll('subscription')
      .where('subscription_link.token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? toRow(row) : undefined;
  }

  /** Deletes a subscription and its links; false when it was gone already. */
  async delete(trx: Executor, id: number): Promise<boolean> {
    await trx.deleteFrom('subscription_link').where('subscription_id', '=', id).execute();
    const result = await trx.deleteFrom('subscription').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** Unconfirmed subscriptions sharing a confirmation token (asked for together, confirmed by one mail). */
  async listUnconfirmedIds(trx: Executor, tokenHash: string): Promise<number[]> {
    const rows = await trx
      .selectFrom('subscription')
      .select('id')
      .where('confirm_token_hash', '=', tokenHash)
      .where('status', '=', 'unconfirmed')
      .execute();
    return rows.map((row) => Number(row.id));
  }

  /** Confirmed subscriptions to any of the topics, oldest first. */
  async listConfirmed(trx: Executor, topics: readonly SubscriptionTopic[]): Promise<SubscriptionRow[]> {
    if (topics.length === 0) return [];
    const rows = await trx
      .selectFrom('subscription')
      .selectAll()
      .where('status', '=', 'confirmed')
      .where('topic', 'in', [...topics])
      .orderBy('id')
      .execute();
    return rows.map(toRow);
  }

  /** How many addresses have a confirmed subscription to one of the topics. */
  async countConfirmedAddresses(trx: Executor, topics: readonly SubscriptionTopic[]): Promise<number> {
    if (topics.length === 0) return 0;
    const row = await trx
      .selectFrom('subscription')
      .select((eb) => eb.fn.count<number>('email').distinct().as('count'))
      .where('status', '=', 'confirmed')
      .where('topic', 'in', [...topics])
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /**
   * The confirmed subscriptions to the topics of the next `addressLimit` addresses after `afterEmail`, by
   * address then id, so that all of an address's subscriptions come in the same slice.
   */
  async listConfirmedAfter(
    trx: Executor,
    topics: readonly SubscriptionTopic[],
    afterEmail: string,
    addressLimit: number,
  ): Promise<SubscriptionRow[]> {
    if (topics.length === 0) return [];
    const addresses = await trx
      .selectFrom('subscription')
      .select('email')
      .distinct()
      .where('status', '=', 'confirmed')
      .where('topic', 'in', [...topics])
      .where('email', '>', afterEmail)
      .orderBy('email')
      .limit(addressLimit)
      .execute();
    if (addresses.length === 0) return [];
    const rows = await trx
      .selectFrom('subscription')
      .selectAll()
      .where('status', '=', 'confirmed')
      .where('topic', 'in', [...topics])
      .where(
        'email',
        'in',
        addresses.map((row) => row.email),
      )
      .orderBy('email')
      .orderBy('id')
      .execute();
    return rows.map(toRow);
  }

  /** Records that an update is to be mailed to its subscribers by the background job. */
  async insertMailing(
    trx: Executor,
    row: { updateId: number; mail: string; baseUrl: string; createdAt: string },
  ): Promise<void> {
    await trx
      .insertInto('update_mailing')
      .values({ update_id: row.updateId, mail: row.mail, base_url: row.baseUrl, created_at: row.createdAt })
      .execute();
  }

  /** The oldest mailing not finished yet, if any. */
  async findUnfinishedMailing(trx: Executor): Promise<UpdateMailingRow | undefined> {
    const row = await trx
      .selectFrom('update_mailing')
      .selectAll()
      .where('finished_at', 'is', null)
      .orderBy('update_id')
      .limit(1)
      .executeTakeFirst();
    return row
      ? { updateId: Number(row.update_id), mail: row.mail, baseUrl: row.base_url, afterEmail: row.after_email }
      : undefined;
  }

  /**
   * Moves a mailing on past `afterEmail`, finishing it when `finishedAt` is given; only from `expectedAfter`, so
   * two processes working on one mailing cannot both queue the same slice (answers false to the one that lost).
   */
  async advanceMailing(
    trx: Executor,
    updateId: number,
    expectedAfter: string,
    afterEmail: string,
    finishedAt: string | null,
  ): Promise<boolean> {
    const result = await trx
      .updateTable('update_mailing')
      .set({ after_email: afterEmail, finished_at: finishedAt })
      .where('update_id', '=', updateId)
      .where('after_email', '=', expectedAfter)
      .where('finished_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Deletes subscriptions never confirmed whose 24 hours are over, with their links and the confirmation mails
   * that went to addresses left with no subscription.
   */
  async purgeUnconfirmed(now: string): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const stale = await trx
        .selectFrom('subscription')
        .select(['id', 'email'])
        .where('status', '=', 'unconfirmed')
        .where('confirm_expires_at', '<=', now)
        .execute();
      if (stale.length === 0) return 0;
      const ids = stale.map((row) => Number(row.id));
      await trx.deleteFrom('subscription_link').where('subscription_id', 'in', ids).execute();
      await trx.deleteFrom('subscription').where('id', 'in', ids).execute();
      const addresses = [...new Set(stale.map((row) => row.email))];
      const remaining = await trx.selectFrom('subscription').select('email').where('email', 'in', addresses).execute();
      const forgotten = addresses.filter((email) => !remaining.some((row) => row.email === email));
      if (forgotten.length > 0) {
        await trx
          .deleteFrom('mail_outbox')
          .where('kind', '=', 'subscription_confirm')
          .where('recipient', 'in', forgotten)
          .where('created_at', '<=', now)
          .execute();
      }
      return ids.length;
    });
  }

  /** Subscribers per topic, confirmed or not; every topic is listed. */
  async countByTopic(): Promise<SubscriberCount[]> {
    const rows = await this.db
      .selectFrom('subscription')
      .select(['topic', 'status', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy(['topic', 'status'])
      .execute();
    return SUBSCRIPTION_TOPICS.map((topic) => ({
      topic,
      confirmed: Number(rows.find((row) => row.topic === topic && row.status === 'confirmed')?.count ?? 0),
      unconfirmed: Number(rows.find((row) => row.topic === topic && row.status === 'unconfirmed')?.count ?? 0),
    }));
  }

  /**
   * Erases an address: its subscriptions and links deleted, its name blanked from the notice record (the hash
   * stays), its mails in the outbox emptied. Answers how many subscriptions and notices it touched.
   */
  async erase(trx: Executor, email: string): Promise<{ subscriptions: number; notices: number }> {
    const ids = (await trx.selectFrom('subscription').select('id').where('email', '=', email).execute()).map((row) =>
      Number(row.id),
    );
    if (ids.length > 0) {
      await trx.deleteFrom('subscription_link').where('subscription_id', 'in', ids).execute();
      await trx.deleteFrom('subscription').where('id', 'in', ids).execute();
    }
    const notices = await trx
      .updateTable('subscription_notice_recipient')
      .set({ email: '' })
      .where('email', '=', email)
      .executeTakeFirst();
    await trx
      .updateTable('mail_outbox')
      .set({ recipient: '', subject: '', body_text: '', body_html: null, headers: '{}' })
      .where(sql<boolean>`lower(recipient) = ${email}`)
      .execute();
    return { subscriptions: ids.length, notices: Number(notices.numUpdatedRows) };
  }

  /** Records one notice sent, with its recipient beside it. */
  async insertNotice(trx: Executor, notice: NewNotice): Promise<number> {
    const inserted = await trx
      .insertInto('subscription_notice')
      .values({
        email_sha256: notice.emailSha256,
        change_kind: notice.changeKind,
        subprocessor_slug: notice.subprocessorSlug,
        subprocessor_name: notice.subprocessorName,
        effective_on: notice.effectiveOn,
        summary: notice.summary,
        sent_at: notice.sentAt,
        is_late: notice.isLate ? 1 : 0,
        lead_days: notice.leadDays,
        mail_id: notice.mailId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    await trx.insertInto('subscription_notice_recipient').values({ notice_id: id, email: notice.email }).execute();
    return id;
  }

  /** Notices sent, newest first; a page of them when `limit` is given. */
  async listNotices(page?: { limit: number; offset: number }): Promise<{ items: NoticeRecord[]; total: number }> {
    let query = this.db
      .selectFrom('subscription_notice')
      .leftJoin('subscription_notice_recipient', 'subscription_notice_recipient.notice_id', 'subscription_notice.id')
      .selectAll('subscription_notice')
      .select('subscription_notice_recipient.email')
      .orderBy('subscription_notice.sent_at', 'desc')
      .orderBy('subscription_notice.id', 'desc');
    if (page) query = query.limit(page.limit).offset(page.offset);
    const [rows, count] = await Promise.all([
      query.execute(),
      this.db
        .selectFrom('subscription_notice')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(count.count),
      items: rows.map((row) => ({
        id: Number(row.id),
        emailSha256: row.email_sha256,
        email: row.email ?? '',
        changeKind: row.change_kind,
        subprocessorSlug: row.subprocessor_slug,
        subprocessorName: row.subprocessor_name,
        effectiveOn: row.effective_on,
        summary: row.summary,
        sentAt: row.sent_at,
        isLate: Number(row.is_late) === 1,
        leadDays: Number(row.lead_days),
        mailId: row.mail_id === null ? null : Number(row.mail_id),
      })),
    };
  }
}
