import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock, type TestClock } from '../../test/create-admin-test-app.js';
import { useSmtpTestServer } from '../../test/mail-test-container.js';
import { createTestDatabase, insertStaffUser, type TestDatabase } from '../../test/temporary-database.js';
import { loadConfig } from '../config.js';
import { type Container, createContainer, createContainerFromConfig } from '../container.js';
import { AppError } from '../domain/errors.js';
import type { OutgoingMail } from '../domain/mail.js';
import type { Actor } from '../domain/staff.js';
import { createSmtpTransport } from '../mail/smtp-transport.js';
import { migrateToLatest } from '../storage/database.js';

const swedish: OutgoingMail = {
  to: 'åsa.öberg@exempel.se',
  subject: 'Bekräfta din e-postadress för Räksmörgås AB',
  text: 'Hej Åsa!\n\nKlicka på länken för att bekräfta: https://trust.example.se/confirm/abc\n\nÄven ö och å ska komma fram.',
  language: 'sv',
  kind: 'test',
  headers: { 'List-Unsubscribe': '<https://trust.example.se/unsubscribe/abc>' },
};

const smtp = useSmtpTestServer();
let database: TestDatabase;
let clock: TestClock;
const containers: Container[] = [];
const logs: Record<string, unknown>[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock();
  logs.length = 0;
});
afterEach(async () => {
  for (const container of containers.splice(0)) await container.close();
  await database.remove();
});

/** A container on the test database whose mail goes to `smtpUrl` (none: mail stays queued), on the test clock. */
async function openContainer(smtpUrl: string | null = smtp.url): Promise<Container> {
  const container = createContainer({
    databaseUrl: database.url,
    now: () => clock.now(),
    log: (fields) => logs.push(fields),
    mail: {
      from: 'Tillit <tillit@trust.example.se>',
      transportFactory: smtpUrl ? () => createSmtpTransport(smtpUrl) : undefined,
      pollIntervalMs: 60_000,
    },
  });
  containers.push(container);
  await migrateToLatest(container.database);
  return container;
}

async function readMail(container: Container, id: number) {
  const row = await container.database.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new Error(`no mail ${id}`);
  return row;
}

/** Runs a delivery round now and waits for it (and any it asked for) to end. */
async function deliverNow(container: Container): Promise<void> {
  container.mail.deliverSoon();
  await container.mail.whenIdle();
}

describe('the mail outbox', () => {
  it('delivers a queued mail with its From, To, Subject, headers and Swedish text intact', async () => {
    const container = await openContainer();
    const id = await container.mail.enqueue(swedish);
    const received = await smtp.waitForMessage((mail) => mail.envelopeTo.includes(swedish.to));
    expect(received.from).toBe('Tillit <tillit@trust.example.se>');
    expect(received.envelopeFrom).toBe('tillit@trust.example.se');
    expect(received.to).toBe(swedish.to);
    expect(received.subject).toBe(swedish.subject);
    expect(received.text).toBe(swedish.text);
    expect(received.headers.get('list-unsubscribe')).toBe('<https://trust.example.se/unsubscribe/abc>');
    await container.mail.whenIdle();
    const row = await readMail(container, id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null, sent_at: clock.now().toISOString() });
  });

  it('keeps mail queued while SMTP is down, backs off, and delivers it after the server comes back', async () => {
    const container = await openContainer();
    await smtp.stop();
    const id = await container.mail.enqueue(swedish);
    await container.mail.whenIdle();
    const failed = await readMail(container, id);
    expect(failed).toMatchObject({ status: 'queued', attempts: 1, sent_at: null });
    expect(failed.next_attempt_at).toBe(new Date(clock.now().getTime() + 60_000).toISOString());
    expect(failed.last_error).toMatch(/^ESOCKET: .*ECONNREFUSED/);
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'mail delivery failed', mailId: id, code: 'ESOCKET' }));
    expect(JSON.stringify(logs)).not.toContain('Klicka');

    await smtp.start();
    // Not due yet: nothing is sent before its time.
    await deliverNow(container);
    expect(smtp.messages).toEqual([]);
    clock.advance(60_000);
    await deliverNow(container);
    expect((await smtp.waitForMessage()).subject).toBe(swedish.subject);
    expect(await readMail(container, id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('doubles the wait after each refusal, gives up after ten attempts, and sends on an administrator’s retry', async () => {
    const container = await openContainer();
    smtp.refuse(451);
    const id = await container.mail.enqueue(swedish);
    await container.mail.whenIdle();
    const waits: number[] = [];
    for (let attempt = 1; attempt < 10; attempt++) {
      const row = await readMail(container, id);
      expect(row).toMatchObject({ status: 'queued', attempts: attempt });
      expect(row.last_error).toMatch(/^EENVELOPE 451: /);
      const wait = new Date(row.next_attempt_at).getTime() - clock.now().getTime();
      waits.push(wait / 60_000);
      clock.advance(wait);
      await deliverNow(container);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(await readMail(container, id)).toMatchObject({ status: 'failed', attempts: 10 });
    // Failed mail stays failed, however much time passes.
    clock.advance(24 * 60 * 60_000);
    await deliverNow(container);
    expect(await readMail(container, id)).toMatchObject({ status: 'failed', attempts: 10 });

    smtp.accept();
    const adminId = await insertStaffUser(container.database.db, 'admin@example.test');
    const admin: Actor = { userId: adminId, email: 'admin@example.test', name: 'Admin', role: 'admin' };
    await container.mail.retry({ actor: admin }, id);
    await container.mail.whenIdle();
    expect(await readMail(container, id)).toMatchObject({ status: 'sent', attempts: 11 });
    expect(smtp.messages).toHaveLength(1);
    await expect(container.mail.retry({ actor: admin }, id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('without an SMTP server keeps mail queued, unsent and readable', async () => {
    const container = await openContainer(null);
    expect(container.mail.isSending).toBe(false);
    const id = await container.mail.enqueue(swedish);
    expect(await container.mail.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance(24 * 60 * 60_000);
    await deliverNow(container);
    expect(await readMail(container, id)).toMatchObject({ status: 'queued', attempts: 0, body_text: swedish.text });
    expect(smtp.messages).toEqual([]);
  });

  it('refuses a header injection in the recipient or the subject with the field named, storing nothing', async () => {
    const container = await openContainer();
    for (const [mail, field] of [
      [{ ...swedish, to: 'a@b.se\r\nBcc: x@y' }, 'to'],
      [{ ...swedish, subject: 'Hej\nBcc: x@y.se' }, 'subject'],
      [{ ...swedish, headers: { 'List-Unsubscribe': '<https://x>\r\nBcc: x@y.se' } }, 'headers.List-Unsubscribe'],
    ] as const) {
      const error = await container.mail.enqueue(mail).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'invalid_input', problems: [expect.objectContaining({ field })] });
      expect(String(error)).toContain(`${field} must not contain line breaks`);
    }
    const count = await container.database.db
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(count.count)).toBe(0);
    await container.mail.whenIdle();
    expect(smtp.messages).toEqual([]);
  });

  it('queues a mail in the caller’s transaction: kept when it commits, gone when it rolls back', async () => {
    const container = await openContainer(null);
    const { db } = container.database;
    await db
      .transaction()
      .execute(async (trx) => {
        await container.mail.enqueue({ ...swedish, subject: 'Rolled back' }, trx);
        throw new Error('the change that caused the mail failed');
      })
      .catch(() => {});
    await db.transaction().execute(async (trx) => {
      await container.mail.enqueue({ ...swedish, subject: 'Committed' }, trx);
    });
    const subjects = (await db.selectFrom('mail_outbox').select('subject').execute()).map((row) => row.subject);
    expect(subjects).toEqual(['Committed']);
  });

  it('never sends a mail twice when two processes deliver from the same database', async () => {
    const first = await openContainer();
    const second = await openContainer();
    // Queued in one transaction, so neither process's enqueue kick starts before all are stored.
    await first.database.db.transaction().execute(async (trx) => {
      for (let index = 0; index < 45; index++) {
        await first.mail.enqueue({ ...swedish, subject: `Mail ${index}` }, trx);
      }
    });
    await Promise.all([
      first.mail.deliverDue(),
      second.mail.deliverDue(),
      deliverNow(first),
      deliverNow(second),
      first.mail.deliverDue(),
    ]);
    await Promise.all([first.mail.whenIdle(), second.mail.whenIdle()]);
    const subjects = smtp.messages.map((mail) => mail.subject).sort();
    expect(subjects).toHaveLength(45);
    expect(new Set(subjects).size).toBe(45);
    const rows = await first.database.db.selectFrom('mail_outbox').select(['status', 'attempts']).execute();
    expect(rows.every((row) => row.status === 'sent' && Number(row.attempts) === 1)).toBe(true);
  });

  it('sends a mail again whose claim ran out (its process died while sending), and only then', async () => {
    const container = await openContainer(null);
    const id = await container.mail.enqueue(swedish);
    const repository = new (await import('../storage/mail.repository.js')).MailRepository(
      container.database.db,
      container.database.dialect,
    );
    const now = clock.now();
    const until = new Date(now.getTime() + 15 * 60_000).toISOString();
    expect((await repository.claimDue(now.toISOString(), until, 10)).map((mail) => mail.id)).toEqual([id]);
    expect(await repository.claimDue(now.toISOString(), until, 10)).toEqual([]);
    const later = new Date(now.getTime() + 15 * 60_000).toISOString();
    const reclaimed = await repository.claimDue(later, new Date(now.getTime() + 30 * 60_000).toISOString(), 10);
    expect(reclaimed.map((mail) => [mail.id, mail.attempts])).toEqual([[id, 2]]);
  });

  it('never stores or logs the SMTP credentials', async () => {
    const url = new URL(smtp.url);
    url.username = 'tillit';
    url.password = 'pw-s3cret-value';
    const container = await openContainer(url.toString());
    const id = await container.mail.enqueue(swedish);
    await container.mail.whenIdle();
    const row = await readMail(container, id);
    // The test server has no accounts, so the sign-in fails.
    expect(row.last_error).toMatch(/^EAUTH/);
    expect(row.last_error).not.toContain('pw-s3cret-value');
    expect(JSON.stringify(logs)).not.toContain('pw-s3cret-value');
    expect(JSON.stringify(logs)).not.toContain(swedish.text);
  });

  it('finishes the send in flight when the container closes', async () => {
    const container = await openContainer();
    const id = await container.mail.enqueue(swedish);
    await container.close();
    containers.splice(containers.indexOf(container), 1);
    expect(smtp.messages).toHaveLength(1);
    const reopened = await openContainer(null);
    expect(await readMail(reopened, id)).toMatchObject({ status: 'sent' });
  });
});

describe('mail settings from the environment', () => {
  it('sends over SMTP_URL from MAIL_FROM in the server, and only queues in a CLI command', async () => {
    const config = loadConfig({
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Trust <trust@example.se>',
    });
    const command = createContainerFromConfig(config, { isDeliveringMail: false });
    containers.push(command);
    await migrateToLatest(command.database);
    expect(command.mail.isSending).toBe(false);
    const id = await command.mail.enqueue(swedish);
    await command.mail.whenIdle();
    expect(smtp.messages).toEqual([]);

    const server = createContainerFromConfig(config);
    containers.push(server);
    expect(server.mail.isSending).toBe(true);
    const received = await smtp.waitForMessage();
    expect(received.from).toBe('Trust <trust@example.se>');
    await server.mail.whenIdle();
    expect(await readMail(server, id)).toMatchObject({ status: 'sent' });
  });
});
