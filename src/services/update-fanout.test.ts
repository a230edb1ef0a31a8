import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTestContent } from '../../test/create-test-app.js';
import { measureLongestStall } from '../../test/event-loop.js';
import { createStaffUser, type TestStaffUser } from '../../test/factories.js';
import { createTestDatabase, type TestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer } from '../container.js';
import { createApp } from '../http/app.js';

// Publishing an update to thousands of subscribers: how long the staff request takes and how long the event
// loop is held meanwhile. Figures are printed for the report, not asserted (timings vary by machine).

const BASE = 'https://trust.example.test';
let database: TestDatabase;
let container: Container;
let admin: TestStaffUser;

/** The app's container on the test database; a second one on the same database is the process after a restart. */
function openContainer(): Container {
  return createContainer({
    databaseUrl: database.url,
    revisionCheckIntervalMs: 0,
    // No SMTP: the mails stay in the outbox, where the test counts them.
    mail: { from: 'Tillit <tillit@trust.example.test>', pollIntervalMs: 3_600_000 },
    access: { baseUrl: BASE, maintenanceIntervalMs: 0 },
  });
}

beforeEach(async () => {
  database = await createTestDatabase();
  container = openContainer();
  await loadTestContent(container, 'minimal');
  admin = await createStaffUser(container, 'admin');
});
afterEach(async () => {
  await container.close();
  await database.remove();
});

/** Confirmed subscribers to all updates, written straight to the table (the sign-up flow has its own tests). */
async function addSubscribers(count: number): Promise<void> {
  const now = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, index) => ({
    email: `reader-${String(index).padStart(5, '0')}@kund.example.se`,
    topic: 'all',
    language: index % 3 === 0 ? 'sv' : 'en',
    status: 'confirmed',
    confirm_token_hash: null,
    confirm_expires_at: now,
    confirm_sent_at: now,
    created_at: now,
    confirmed_at: now,
  }));
  for (let start = 0; start < rows.length; start += 500) {
    await container.database.db
      .insertInto('subscription')
      .values(rows.slice(start, start + 500))
      .execute();
  }
}

/** How long `work` took, and the longest time the event loop went without running a 1 ms timer meanwhile. */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; longestMs: number; totalMs: number }> {
  const started = performance.now();
  const { result, longestStallMs } = await measureLongestStall(work, 1);
  return { result, longestMs: longestStallMs, totalMs: performance.now() - started };
}

async function countOutbox(): Promise<number> {
  const row = await container.database.db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('kind', '=', 'update_published')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function publishDraft(): Promise<{ mailed: number }> {
  const context = { actor: admin.actor, baseUrl: BASE };
  const draft = await container.updates.create(context, {
    title: 'A second fibre route',
    body: 'What changed.',
    category: 'service',
    date: '2026-12-05',
    titleSv: 'En andra fiberväg',
    bodySv: 'Vad som ändrats.',
  });
  return container.updates.publish(context, draft.id);
}

/** Every queued update mail: its recipient and the unsubscribe URL of its List-Unsubscribe header. */
async function listQueuedMails(): Promise<{ recipient: string; unsubscribe: string; subject: string }[]> {
  const rows = await container.database.db
    .selectFrom('mail_outbox')
    .select(['recipient', 'headers', 'subject'])
    .where('kind', '=', 'update_published')
    .execute();
  return rows.map((row) => {
    const headers: Record<string, string> = JSON.parse(row.headers);
    return {
      recipient: row.recipient,
      subject: row.subject,
      unsubscribe: (headers['List-Unsubscribe'] ?? '').slice(1, -1),
    };
  });
}

describe('publishing an update to many subscribers', () => {
  it('answers at once and mails 5,000 in slices; prints the request time and the longest event-loop stall', async () => {
    await addSubscribers(5_000);
    const publish = await measure(() => publishDraft());
    const fanOut = await measure(() => container.subscriptions.whenMailingsIdle());
    console.info(
      `publish to 5000 subscribers: request ${publish.totalMs.toFixed(0)} ms (longest stall ${publish.longestMs.toFixed(0)} ms); ` +
        `background mailing ${fanOut.totalMs.toFixed(0)} ms, longest event-loop stall ${fanOut.longestMs.toFixed(0)} ms`,
    );
    expect(publish.result.mailed).toBe(5_000);
    expect(await countOutbox()).toBe(5_000);
  }, 120_000);

  it('serves a public page while 2,000 mails are queued, and each subscriber gets one mail with a working unsubscribe', async () => {
    await addSubscribers(2_000);
    const app = createApp(container, { publicUrl: BASE });
    expect((await publishDraft()).mailed).toBe(2_000);
    // The staff request has its answer; a visitor's page is served while the mailing is still under way.
    const page = await app.request(`${BASE}/updates`);
    expect(page.status).toBe(200);
    const queuedWhenServed = await countOutbox();
    await container.subscriptions.whenMailingsIdle();
    console.info(`mails queued when the public page was served: ${queuedWhenServed} of 2000`);
    expect(queuedWhenServed).toBeLessThan(2_000);
    const mails = await listQueuedMails();
    expect(mails).toHaveLength(2_000);
    expect(new Set(mails.map((mail) => mail.recipient)).size).toBe(2_000);
    expect(new Set(mails.map((mail) => mail.unsubscribe)).size).toBe(2_000);
    // Each in its subscriber's language (every third one is Swedish).
    expect(mails.filter((mail) => mail.subject === 'Uppdatering: En andra fiberväg')).toHaveLength(667);
    // One-click unsubscribe works with the URL of the header, for the first and the last address.
    for (const address of ['reader-00000@kund.example.se', 'reader-01999@kund.example.se']) {
      const url = mails.find((mail) => mail.recipient === address)?.unsubscribe ?? '';
      const response = await app.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(response.status).toBe(200);
    }
  }, 120_000);

  it('resumes a mailing a restart interrupted, mailing nobody twice', async () => {
    await addSubscribers(2_000);
    expect((await publishDraft()).mailed).toBe(2_000);
    // The process stops after three slices of 100 addresses …
    await container.subscriptions.stopMailings();
    await container.subscriptions.runMailingSlice();
    await container.subscriptions.runMailingSlice();
    await container.subscriptions.runMailingSlice();
    const before = await countOutbox();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(2_000);
    await container.close();
    // … and the next one takes the mailing up at its maintenance round.
    container = openContainer();
    await container.runAccessMaintenance();
    await container.subscriptions.whenMailingsIdle();
    const mails = await listQueuedMails();
    expect(mails).toHaveLength(2_000);
    expect(new Set(mails.map((mail) => mail.recipient)).size).toBe(2_000);
    // A further round finds nothing left to send.
    await container.runAccessMaintenance();
    await container.subscriptions.whenMailingsIdle();
    expect(await countOutbox()).toBe(2_000);
  }, 120_000);
});
