import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, type InputProblem } from '../domain/errors.js';
import { findAddressProblem, type MailKind, type OutgoingMail } from '../domain/mail.js';
import { type Actor, hasPermission, type Permission } from '../domain/staff.js';
import type { SubprocessorChange } from '../domain/subprocessor-change.js';
import {
  isSubscriptionTopic,
  NOTICE_TOPICS,
  type NoticeRecord,
  SUBSCRIBE_MAIL_WINDOW_MINUTES,
  SUBSCRIPTION_CONFIRMATION_HOURS,
  type SubscriberCount,
  type SubscriptionTopic,
  topicsForCategory,
  UPDATE_CATEGORIES,
  type UpdateRecord,
} from '../domain/update.js';
import { getMessages } from '../i18n/index.js';
import { toCsv } from '../questionnaire/csv.js';
import type {
  SubscriptionRepository,
  SubscriptionRow,
  SubscriptionTransaction,
} from '../storage/subscription.repository.js';
import { toAuditEvent } from './audit.service.js';
import { createRandomToken, normalizeEmail } from './credentials.js';
import type { MailService } from './mail.service.js';

/** Where the notice lead time is kept (the setting service). */
export interface NoticeSettings {
  getNoticeLeadDays(): Promise<number>;
}

/** What the subscription service needs besides its repository. */
export interface SubscriptionServiceOptions {
  now: () => Date;
  /**
   * The trust center's public address (no trailing slash) for the links in mails sent without a request:
   * the Art. 28 notices a subprocessor change causes.
   */
  baseUrl: string;
  /** Told when a background mailing slice fails (it is tried again at the next start or maintenance round). */
  onMailingError?: (error: unknown) => void;
  /** Addresses per slice of a background mailing (default 100). */
  mailingSliceAddresses?: number;
}

/** What the background mailing of an update sends, stored with it: the update's texts in each language. */
const updateMailSchema = z.object({
  slug: z.string(),
  date: z.string(),
  category: z.enum(UPDATE_CATEGORIES),
  en: z.object({ title: z.string(), body: z.string() }),
  sv: z.object({ title: z.string(), body: z.string() }),
});
type UpdateMail = z.infer<typeof updateMailSchema>;

/** A slice that found its mailing moved on by another process meanwhile: rolled back, nothing queued. */
class MailingSliceTaken extends Error {}

/** Who acts, for the staff use cases. */
export interface SubscriptionStaffContext {
  actor: Actor;
  ip?: string;
}

/** What a subprocessor change's notice did. */
export interface NoticeReport {
  /** Subscribers mailed. */
  sent: number;
  /** Whether the effective date was closer than the lead time: sent at once, and staff were warned. */
  isLate: boolean;
  leadDays: number;
}

type Trx = SubscriptionTransaction;

const DAY_MS = 86_400_000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The URL a mail's unsubscribe link and List-Unsubscribe header carry. */
export function unsubscribePath(token: string): string {
  return `/updates/unsubscribe/${token}`;
}

/** The path of the page that confirms a subscription. */
export function confirmPath(token: string): string {
  return `/updates/confirm/${token}`;
}

/** One subscription per address: the first of each, so nobody gets the same mail twice. */
function onePerAddress(rows: SubscriptionRow[]): SubscriptionRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    if (seen.has(row.email)) return false;
    seen.add(row.email);
    return true;
  });
}

/**
 * E-mail subscriptions to updates, with double opt-in: a subscription is only stored unconfirmed and mailed
 * a confirmation link (single use, 24 hours); nothing else is sent before it is confirmed, and an unconfirmed
 * one is forgotten after 24 hours. A repeated subscription looks the same from outside whatever the address's
 * state, and at most one mail per address goes out per hour from the form. Every mail carries a fresh
 * unsubscribe token (RFC 8058 one-click and a link in the body). Subprocessor changes are announced with a GDPR
 * Art. 28 notice, each recorded append-only; staff see counts and notices and can erase an address.
 */
export class SubscriptionService {
  private mailingRun: Promise<void> | undefined;
  private isMailingWanted = false;
  private isMailingStopped = false;

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly mail: MailService,
    private readonly settings: NoticeSettings,
    private readonly options: SubscriptionServiceOptions,
  ) {}

  /**
   * A visitor asks to be mailed about a topic. Bad input (an address that is not one, too long, an unknown
   * topic) throws invalid_input naming the field, and stores and sends nothing. Otherwise the answer is the same
   * whether the address is new, waiting for confirmation or subscribed already, so the form reveals nothing.
   */
  async subscribe(typed: { email: string; topic: string; language: 'en' | 'sv' }, baseUrl: string): Promise<void> {
    const email = normalizeEmail(typed.email);
    const problems: InputProblem[] = [];
    const addressProblem = findAddressProblem(email);
    if (addressProblem) problems.push({ source: 'form', field: 'email', message: `E-mail ${addressProblem}` });
    const topic = typed.topic.trim();
    if (!isSubscriptionTopic(topic)) {
      problems.push({ source: 'form', field: 'topic', message: 'Choose one of the topics in the list' });
    }
    if (problems.length > 0 || !isSubscriptionTopic(topic)) {
      throw new AppError(
        'invalid_input',
        `You were not subscribed: ${problems.map((problem) => problem.message).join('; ')}.`,
        problems,
      );
    }
    const now = this.options.now();
    const nowIso = now.toISOString();
    const expiresAt = new Date(now.getTime() + SUBSCRIPTION_CONFIRMATION_HOURS * 3_600_000).toISOString();
    const windowStart = new Date(now.getTime() - SUBSCRIBE_MAIL_WINDOW_MINUTES * 60_000).toISOString();
    const isQueued = await this.subscriptions.transaction(async (trx) => {
      const existing = await this.subscriptions.listByEmail(trx, email);
      const same = existing.find((row) => row.topic === topic);
      if (same?.status === 'confirmed') return false;
      if (!same) {
        await this.subscriptions.insert(trx, { email, topic, language: typed.language, createdAt: nowIso, expiresAt });
      }
      const pending = (await this.subscriptions.listByEmail(trx, email)).filter((row) => row.status === 'unconfirmed');
      const wasMailedRecently = existing.some((row) => row.confirmSentAt !== null && row.confirmSentAt > windowStart);
      if (wasMailedRecently) {
        // The mail already sent confirms what is asked for now too: the new row takes its token.
        const live = pending.find((row) => row.confirmTokenHash !== null && row.confirmExpiresAt > nowIso);
        const fresh = pending.filter((row) => row.confirmTokenHash === null).map((row) => row.id);
        if (live?.confirmTokenHash) {
          await this.subscriptions.setConfirmToken(trx, fresh, {
            hash: live.confirmTokenHash,
            expiresAt: live.confirmExpiresAt,
            sentAt: live.confirmSentAt,
          });
        }
        return false;
      }
      const token = createRandomToken();
      await this.subscriptions.setConfirmToken(
        trx,
        pending.map((row) => row.id),
        { hash: sha256(token), expiresAt, sentAt: nowIso },
      );
      const [first] = pending;
      if (!first) return false;
      const messages = getMessages(typed.language).mail;
      const topicNames = pending.map((row) => getMessages(typed.language).subscriptionTopics[row.topic]);
      const unsubscribe = await this.createUnsubscribeUrl(trx, first.id, baseUrl, nowIso);
      await this.mail.enqueue(
        this.mailTo(
          email,
          typed.language,
          'subscription_confirm',
          messages.subscriptionConfirmSubject,
          messages.subscriptionConfirmText(
            topicNames,
            `${baseUrl}${confirmPath(token)}`,
            SUBSCRIPTION_CONFIRMATION_HOURS,
            unsubscribe,
          ),
          unsubscribe,
        ),
        trx,
      );
      return true;
    });
    if (isQueued) this.mail.deliverSoon();
  }

  /** Confirms the subscriptions a link stands for (once, within 24 hours); answers their topics. */
  async confirm(token: string): Promise<{ topics: SubscriptionTopic[]; language: 'en' | 'sv' }> {
    const nowIso = this.options.now().toISOString();
    return this.subscriptions.transaction(async (trx) => {
      const rows = await this.subscriptions.listByConfirmToken(trx, sha256(token));
      if (rows.length === 0) {
        throw new AppError(
          'not_found',
          'This confirmation link is not valid: it was used already, it is incomplete, or it is older than 24 hours. Nothing was changed; subscribe again if you want to.',
        );
      }
      if (rows.every((row) => row.confirmExpiresAt <= nowIso)) {
        throw new AppError(
          'not_found',
          `This confirmation link expired after ${SUBSCRIPTION_CONFIRMATION_HOURS} hours. Nothing was changed; subscribe again if you want to.`,
        );
      }
      const live = rows.filter((row) => row.confirmExpiresAt > nowIso);
      await this.subscriptions.confirm(
        trx,
        live.map((row) => row.id),
        nowIso,
      );
      return { topics: live.map((row) => row.topic), language: live[0]?.language ?? 'en' };
    });
  }

  /**
   * Ends the subscription an unsubscribe link belongs to (one request, no other check: the token is the proof).
   * A forged, incomplete or used token throws not_found and changes nothing.
   */
  async unsubscribe(token: string): Promise<{ topic: SubscriptionTopic }> {
    return this.subscriptions.transaction(async (trx) => {
      const subscription = await this.subscriptions.findByLink(trx, sha256(token));
      if (!subscription || !(await this.subscriptions.delete(trx, subscription.id))) {
        throw new AppError(
          'not_found',
          'This unsubscribe link is not valid: it was used already or it is incomplete. Nothing was changed.',
        );
      }
      // From a confirmation mail: whatever that mail would have confirmed goes too.
      if (subscription.status === 'unconfirmed' && subscription.confirmTokenHash !== null) {
        for (const id of await this.subscriptions.listUnconfirmedIds(trx, subscription.confirmTokenHash)) {
          await this.subscriptions.delete(trx, id);
        }
      }
      return { topic: subscription.topic };
    });
  }

  /** Whether an unsubscribe token is one of ours and still works, for the page that shows the button. */
  async isUnsubscribeTokenValid(token: string): Promise<boolean> {
    return this.subscriptions.transaction(
      async (trx) => (await this.subscriptions.findByLink(trx, sha256(token))) !== undefined,
    );
  }

  /**
   * Records, in the caller's transaction, that a published update is to be mailed to the confirmed subscribers of
   * its topics (each address once, in its language); the mails are queued afterwards in slices by the background
   * mailing (startMailings), so publishing does not hold the request or the event loop. Answers how many
   * addresses it is for.
   */
  async queueUpdateMails(trx: Trx, update: UpdateRecord, baseUrl: string): Promise<number> {
    const count = await this.subscriptions.countConfirmedAddresses(trx, topicsForCategory(update.category));
    if (count === 0) return 0;
    const sv = update.translations?.sv;
    const mail: UpdateMail = {
      slug: update.slug,
      date: update.date,
      category: update.category,
      en: { title: update.title, body: update.body },
      sv: { title: sv?.title ?? update.title, body: sv?.body ?? update.body },
    };
    await this.subscriptions.insertMailing(trx, {
      updateId: update.id,
      mail: JSON.stringify(mail),
      baseUrl,
      createdAt: this.options.now().toISOString(),
    });
    return count;
  }

  /**
   * Queues the mails of the next slice of the oldest unfinished mailing, and moves the mailing past it, in one
   * transaction: a restart resumes after the last committed slice, so each address gets its mail once. Answers
   * whether there may be more to do.
   */
  async runMailingSlice(): Promise<boolean> {
    const sliceAddresses = this.options.mailingSliceAddresses ?? 100;
    try {
      return await this.subscriptions.transaction(async (trx) => {
        const mailing = await this.subscriptions.findUnfinishedMailing(trx);
        if (!mailing) return false;
        const mail = updateMailSchema.parse(JSON.parse(mailing.mail));
        const rows = await this.subscriptions.listConfirmedAfter(
          trx,
          topicsForCategory(mail.category),
          mailing.afterEmail,
          sliceAddresses,
        );
        const recipients = onePerAddress(rows);
        const nowIso = this.options.now().toISOString();
        for (const recipient of recipients) await this.queueUpdateMail(trx, mail, recipient, mailing.baseUrl, nowIso);
        const last = recipients.at(-1)?.email ?? mailing.afterEmail;
        const isFinished = recipients.length < sliceAddresses;
        const isMoved = await this.subscriptions.advanceMailing(
          trx,
          mailing.updateId,
          mailing.afterEmail,
          last,
          isFinished ? nowIso : null,
        );
        if (!isMoved) throw new MailingSliceTaken();
        return true;
      });
    } catch (error) {
      if (error instanceof MailingSliceTaken) return true;
      throw error;
    }
  }

  /** Starts the background mailing of published updates, slice by slice, unless it is running already. */
  startMailings(): void {
    if (this.isMailingStopped) return;
    if (this.mailingRun) {
      this.isMailingWanted = true;
      return;
    }
    this.mailingRun = this.runMailings()
      .catch((error: unknown) => this.options.onMailingError?.(error))
      .finally(() => {
        this.mailingRun = undefined;
        if (this.isMailingWanted) {
          this.isMailingWanted = false;
          this.startMailings();
        }
      });
  }

  /** Resolves once no background mailing runs. */
  async whenMailingsIdle(): Promise<void> {
    while (this.mailingRun) await this.mailingRun;
  }

  /** Stops the background mailing after the slice in progress (the rest waits for the next start). */
  async stopMailings(): Promise<void> {
    this.isMailingStopped = true;
    await this.whenMailingsIdle();
  }

  /** Runs every unfinished mailing to its end, letting other work (requests) run between slices. */
  private async runMailings(): Promise<void> {
    while (!this.isMailingStopped && (await this.runMailingSlice())) {
      this.mail.deliverSoon();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.mail.deliverSoon();
  }

  private async queueUpdateMail(
    trx: Trx,
    mail: UpdateMail,
    recipient: SubscriptionRow,
    baseUrl: string,
    nowIso: string,
  ): Promise<void> {
    const messages = getMessages(recipient.language);
    const text = recipient.language === 'sv' ? mail.sv : mail.en;
    const unsubscribe = await this.createUnsubscribeUrl(trx, recipient.id, baseUrl, nowIso);
    const permalink = `${baseUrl}${recipient.language === 'sv' ? '/sv' : ''}/updates/${mail.slug}`;
    await this.mail.enqueue(
      this.mailTo(
        recipient.email,
        recipient.language,
        'update_published',
        messages.mail.updateSubject(text.title),
        messages.mail.updateText(
          text.title,
          mail.date,
          text.body,
          messages.updateCategories[mail.category],
          permalink,
          unsubscribe,
        ),
        unsubscribe,
      ),
      trx,
    );
  }

  /**
   * Mails the GDPR Art. 28 notice of a subprocessor change to the subscribers of subprocessor changes, at once,
   * and records each notice. When the change takes effect sooner than the lead time (the setting, 30 days unless
   * changed) the notices are marked late and staff are warned in the audit log and on the subscribers page.
   */
  async sendSubprocessorNotice(change: SubprocessorChange): Promise<NoticeReport> {
    const leadDays = await this.settings.getNoticeLeadDays();
    const now = this.options.now();
    const nowIso = now.toISOString();
    const effective = Date.parse(`${change.effectiveOn}T00:00:00Z`);
    if (Number.isNaN(effective) || !/^\d{4}-\d{2}-\d{2}$/.test(change.effectiveOn)) {
      throw new AppError('invalid_input', `The change's effective date "${change.effectiveOn}" is not a date.`);
    }
    const today = Date.parse(`${nowIso.slice(0, 10)}T00:00:00Z`);
    const isLate = effective - today < leadDays * DAY_MS;
    const baseUrl = this.options.baseUrl;
    const sent = await this.subscriptions.transaction(async (trx) => {
      const recipients = onePerAddress(await this.subscriptions.listConfirmed(trx, NOTICE_TOPICS));
      for (const recipient of recipients) {
        const messages = getMessages(recipient.language);
        const summary = recipient.language === 'sv' && change.summarySv !== null ? change.summarySv : change.summary;
        const unsubscribe = await this.createUnsubscribeUrl(trx, recipient.id, baseUrl, nowIso);
        const mailId = await this.mail.enqueue(
          this.mailTo(
            recipient.email,
            recipient.language,
            'subprocessor_notice',
            messages.mail.noticeSubject(change.name),
            messages.mail.noticeText(
              change.kind,
              change.name,
              change.effectiveOn,
              summary,
              `${baseUrl}${recipient.language === 'sv' ? '/sv' : ''}/subprocessors`,
              unsubscribe,
            ),
            unsubscribe,
          ),
          trx,
        );
        await this.subscriptions.insertNotice(trx, {
          email: recipient.email,
          emailSha256: sha256(recipient.email),
          changeKind: change.kind,
          subprocessorSlug: change.slug,
          subprocessorName: change.name,
          effectiveOn: change.effectiveOn,
          summary: change.summary,
          sentAt: nowIso,
          isLate,
          leadDays,
          mailId,
        });
      }
      await this.subscriptions.audit(
        trx,
        toAuditEvent(
          {
            actor: undefined,
            actorEmail: 'system',
            action: isLate ? 'subscription.notice_late' : 'subscription.notice',
            targetType: 'subprocessor',
            targetId: change.slug,
            summary: isLate
              ? `WARNING: the ${change.kind} change of ${change.name} takes effect on ${change.effectiveOn}, less than the ${leadDays}-day lead time; the Art. 28 notice went to ${recipients.length} subscribers at once`
              : `sent the Art. 28 notice of the ${change.kind} change of ${change.name} (effective ${change.effectiveOn}) to ${recipients.length} subscribers`,
          },
          now,
        ),
      );
      return recipients.length;
    });
    this.mail.deliverSoon();
    return { sent, isLate, leadDays };
  }

  /** Sends queued mail soon (after a transaction that queued some has committed). */
  deliverSoon(): void {
    this.mail.deliverSoon();
  }

  /** Staff: subscribers per topic, confirmed or not. */
  async countByTopic(actor: Actor): Promise<SubscriberCount[]> {
    this.require(actor, 'read');
    return this.subscriptions.countByTopic();
  }

  /** Staff: the notices sent, newest first. */
  async listNotices(actor: Actor, page: number, pageSize: number): Promise<{ items: NoticeRecord[]; total: number }> {
    this.require(actor, 'read');
    return this.subscriptions.listNotices({ limit: pageSize, offset: (Math.max(1, page) - 1) * pageSize });
  }

  /** Staff: every notice as CSV (audited, since it holds addresses). */
  async exportNotices(context: SubscriptionStaffContext): Promise<string> {
    this.require(context.actor, 'read');
    const { items } = await this.subscriptions.listNotices();
    await this.subscriptions.audit(
      undefined,
      toAuditEvent(
        {
          actor: context.actor,
          ip: context.ip,
          action: 'subscription.notice_export',
          targetType: 'subscription_notice',
          summary: `exported ${items.length} Art. 28 ${items.length === 1 ? 'notice' : 'notices'} as CSV`,
        },
        this.options.now(),
      ),
    );
    return toCsv(
      [
        'sent_at',
        'email',
        'email_sha256',
        'change',
        'subprocessor',
        'subprocessor_name',
        'effective_on',
        'lead_days',
        'late',
        'summary',
        'mail_id',
      ],
      items.map((item) => [
        item.sentAt,
        item.email,
        item.emailSha256,
        item.changeKind,
        item.subprocessorSlug,
        item.subprocessorName,
        item.effectiveOn,
        item.leadDays,
        item.isLate ? 'yes' : 'no',
        item.summary,
        item.mailId,
      ]),
    );
  }

  /**
   * Admins erase an address: every subscription and unsubscribe link of it goes, the notice record keeps only
   * the SHA-256 of the address, and its mails in the outbox are emptied. The audit event names the hash, not
   * the address. not_found when nothing holds the address.
   */
  async erase(
    context: SubscriptionStaffContext,
    typedEmail: string,
  ): Promise<{ subscriptions: number; notices: number }> {
    this.require(context.actor, 'administer');
    const email = normalizeEmail(typedEmail);
    const problem = findAddressProblem(email);
    if (problem) {
      throw new AppError('invalid_input', `Nothing was erased: the e-mail address ${problem}.`, [
        { source: 'form', field: 'email', message: `The e-mail address ${problem}` },
      ]);
    }
    const now = this.options.now();
    return this.subscriptions.transaction(async (trx) => {
      const erased = await this.subscriptions.erase(trx, email);
      if (erased.subscriptions === 0 && erased.notices === 0) {
        throw new AppError('not_found', 'No subscriber or notice holds this address; nothing was erased.', [
          { source: 'form', field: 'email', message: 'No subscriber or notice holds this address' },
        ]);
      }
      await this.subscriptions.audit(
        trx,
        toAuditEvent(
          {
            actor: context.actor,
            ip: context.ip,
            action: 'subscription.erase',
            targetType: 'subscriber',
            targetId: sha256(email).slice(0, 16),
            summary: `erased a subscriber (${erased.subscriptions} subscriptions deleted, address blanked from ${erased.notices} notices)`,
          },
          now,
        ),
      );
      return erased;
    });
  }

  /** Forgets subscriptions unconfirmed for 24 hours; safe to run in every process. */
  runMaintenance(): Promise<number> {
    return this.subscriptions.purgeUnconfirmed(this.options.now().toISOString());
  }

  /** Makes a fresh unsubscribe token for a subscription, stores its hash, and answers its URL. */
  private async createUnsubscribeUrl(trx: Trx, subscriptionId: number, baseUrl: string, at: string): Promise<string> {
    const token = createRandomToken();
    await this.subscriptions.insertLink(trx, subscriptionId, sha256(token), at);
    return `${baseUrl}${unsubscribePath(token)}`;
  }

  private mailTo(
    to: string,
    language: 'en' | 'sv',
    kind: MailKind,
    subject: string,
    text: string,
    unsubscribeUrl: string,
  ): OutgoingMail {
    return {
      to,
      language,
      kind,
      subject,
      text,
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  }

  private require(actor: Actor, permission: Permission): void {
    if (!hasPermission(actor, permission)) throw new AppError('forbidden', 'Your role does not allow this.');
  }
}
