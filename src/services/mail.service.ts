import { AppError } from '../domain/errors.js';
import {
  getRetryDelayMs,
  MAIL_MAX_ATTEMPTS,
  type MailLanguage,
  type MailRecord,
  type MailSummary,
  type OutgoingMail,
  validateOutgoingMail,
} from '../domain/mail.js';
import type { Page } from '../domain/page.js';
import { type Actor, hasPermission } from '../domain/staff.js';
import { getMessages } from '../i18n/index.js';
import { MailSendError, type MailTransport } from '../mail/smtp-transport.js';
import type { ClaimedMail, MailExecutor, MailRepository } from '../storage/mail.repository.js';
import type { AuditInput } from './audit.service.js';

/** Outbox rows per page of the staff list. */
export const MAIL_PAGE_SIZE = 100;
/** Mails one process claims per round. */
const BATCH_SIZE = 20;
/**
 * How long a claim holds a mail. Longer than any send can take (nodemailer gives up on a silent
 * server after minutes), so a mail is only claimed again when its process is gone.
 */
const CLAIM_MS = 15 * 60_000;

/** What one round of delivery did. */
export interface DeliveryReport {
  sent: number;
  /** Failed attempts that will be tried again. */
  retried: number;
  /** Mails that failed their last attempt and were given up. */
  failed: number;
}

/** What the outbox needs besides its repository. */
export interface MailServiceOptions {
  now: () => Date;
  /** The From address of every mail. */
  from: string;
  /** Where mail goes; without one (no SMTP_URL) mail stays queued for staff to read. */
  transport?: MailTransport;
  recordAudit: (event: AuditInput) => Promise<void>;
  /** Delivery failures: the mail id and the SMTP code, never a body or credentials. */
  log?: (fields: Record<string, unknown>) => void;
}

/** Who asks, for the staff use cases. */
export interface MailStaffContext {
  actor: Actor;
  ip?: string;
}

/** The mail outbox: queue mail, deliver it with retries, and let administrators read and retry it. */
export class MailService {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private isAnotherRoundWanted = false;
  private isStopped = false;

  constructor(
    private readonly repository: MailRepository,
    private readonly options: MailServiceOptions,
  ) {}

  /** Whether mail is sent at all (an SMTP server is configured); without one it waits in the outbox. */
  get isSending(): boolean {
    return this.options.transport !== undefined;
  }

  /**
   * Queues a mail after checking it (AppError invalid_input names each bad field; nothing is stored).
   * Pass the caller's transaction as `executor` to queue it with the change that caused it; then call
   * `deliverSoon()` after the commit (or the next timer round sends it). Returns the mail's id.
   */
  async enqueue(mail: OutgoingMail, executor?: MailExecutor): Promise<number> {
    const valid = validateOutgoingMail(mail);
    const id = await this.repository.insert(
      {
        to: valid.to,
        subject: valid.subject,
        text: valid.text,
        html: valid.html ?? null,
        headers: valid.headers ?? {},
        language: valid.language,
        kind: valid.kind,
        createdAt: this.options.now().toISOString(),
      },
      executor,
    );
    if (executor === undefined) this.deliverSoon();
    return id;
  }

  /**
   * Sends the mail that is due, one claimed batch after another, and records each outcome: sent, or
   * queued again after 1, 2, 4 … minutes (at most an hour), or failed after the last attempt.
   * Without a transport it sends and changes nothing.
   */
  async deliverDue(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
    const transport = this.options.transport;
    if (!transport) return report;
    for (;;) {
      const now = this.options.now();
      const claimed = await this.repository.claimDue(
        now.toISOString(),
        new Date(now.getTime() + CLAIM_MS).toISOString(),
        BATCH_SIZE,
      );
      for (const mail of claimed) await this.deliverOne(transport, mail, report);
      if (claimed.length < BATCH_SIZE || this.isStopped) return report;
    }
  }

  private async deliverOne(transport: MailTransport, mail: ClaimedMail, report: DeliveryReport): Promise<void> {
    try {
      await transport.send({
        from: this.options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html ?? undefined,
        headers: mail.headers,
      });
    } catch (error) {
      const failure =
        error instanceof MailSendError ? error : new MailSendError('ERROR', undefined, 'The mail could not be sent.');
      const isLastAttempt = mail.attempts >= MAIL_MAX_ATTEMPTS;
      const nextAttemptAt = isLastAttempt
        ? undefined
        : new Date(this.options.now().getTime() + getRetryDelayMs(mail.attempts)).toISOString();
      const code = failure.responseCode === undefined ? failure.code : `${failure.code} ${failure.responseCode}`;
      await this.repository.markAttemptFailed(mail, `${code}: ${failure.message}`, nextAttemptAt);
      this.options.log?.({
        level: 'error',
        msg: 'mail delivery failed',
        mailId: mail.id,
        code: failure.code,
        responseCode: failure.responseCode,
        attempts: mail.attempts,
        willRetry: !isLastAttempt,
      });
      if (isLastAttempt) report.failed++;
      else report.retried++;
      return;
    }
    await this.repository.markSent(mail, this.options.now().toISOString());
    report.sent++;
  }

  /** Starts this process's delivery loop: a round every `intervalMs` and one now. Nothing without a transport. */
  startDelivery(intervalMs: number): void {
    if (!this.options.transport || this.timer || this.isStopped) return;
    this.timer = setInterval(() => this.deliverSoon(), intervalMs);
    // The loop alone must not keep a process (a test, a CLI command) alive.
    this.timer.unref();
    this.deliverSoon();
  }

  /** Runs a delivery round now, or right after the one in progress. */
  deliverSoon(): void {
    if (!this.options.transport || this.isStopped) return;
    if (this.running) {
      this.isAnotherRoundWanted = true;
      return;
    }
    this.running = this.runRounds().finally(() => {
      this.running = undefined;
    });
  }

  private async runRounds(): Promise<void> {
    do {
      this.isAnotherRoundWanted = false;
      try {
        await this.deliverDue();
      } catch (error) {
        // The database may be down; the timer tries again. Only the error's code: a message could quote a body.
        const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
        this.options.log?.({ level: 'error', msg: 'mail delivery round failed', code });
      }
    } while (this.isAnotherRoundWanted && !this.isStopped);
  }

  /** Resolves when no delivery round is running. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops the loop, waits for the send in flight and closes the transport. */
  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.whenIdle();
    this.options.transport?.close();
  }

  // --- Staff: read, retry, test -----------------------------------------------------------------

  /** A page of the outbox, newest first (administrators only). */
  async list(context: MailStaffContext, page: number): Promise<Page<MailSummary>> {
    requireAdministrator(context.actor);
    return this.repository.list(MAIL_PAGE_SIZE, (page - 1) * MAIL_PAGE_SIZE);
  }

  /** One mail with its text (administrators only); reading a mail is audited, since it may hold a sign-in link. */
  async get(context: MailStaffContext, id: number): Promise<MailRecord> {
    requireAdministrator(context.actor);
    const mail = await this.repository.findById(id);
    if (!mail) throw new AppError('not_found', 'No such mail');
    await this.options.recordAudit({
      actor: context.actor,
      action: 'mail.view',
      targetType: 'mail',
      targetId: String(id),
      ip: context.ip,
      summary: `read mail ${id} (${mail.kind}) to ${mail.to}`,
    });
    return mail;
  }

  /** Makes a queued or failed mail due now and starts a round (administrators only); conflict when it is sent or being sent. */
  async retry(context: MailStaffContext, id: number): Promise<void> {
    requireAdministrator(context.actor);
    const mail = await this.repository.findById(id);
    if (!mail) throw new AppError('not_found', 'No such mail');
    if (!(await this.repository.requeue(id, this.options.now().toISOString()))) {
      throw new AppError('conflict', `Mail ${id} is ${mail.status}: only queued or failed mail can be retried.`);
    }
    await this.options.recordAudit({
      actor: context.actor,
      action: 'mail.retry',
      targetType: 'mail',
      targetId: String(id),
      ip: context.ip,
      summary: `retried mail ${id} (${mail.kind}, was ${mail.status} after ${mail.attempts} attempts) to ${mail.to}`,
    });
    this.deliverSoon();
  }

  /** Queues a test mail to `to` in `language` so an operator can check SMTP_URL (administrators only). */
  async sendTest(context: MailStaffContext, to: string, language: MailLanguage): Promise<number> {
    requireAdministrator(context.actor);
    const messages = getMessages(language).mail;
    const id = await this.enqueue({
      to,
      subject: messages.testSubject,
      text: messages.testText(context.actor.name, this.options.now().toISOString()),
      language,
      kind: 'test',
    });
    await this.options.recordAudit({
      actor: context.actor,
      action: 'mail.test',
      targetType: 'mail',
      targetId: String(id),
      ip: context.ip,
      summary: `queued a test mail to ${to} (${language})`,
    });
    return id;
  }
}

function requireAdministrator(actor: Actor): void {
  if (!hasPermission(actor, 'administer')) {
    throw new AppError('forbidden', `Your role (${actor.role}) may not use the outbox`);
  }
}
