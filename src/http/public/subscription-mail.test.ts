import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock, type TestClock } from '../../../test/create-admin-test-app.js';
import {
  createMailTestContainer,
  type MailTestContainer,
  useSmtpTestServer,
} from '../../../test/mail-test-container.js';
import type { ReceivedMail } from '../../../test/smtp-test-server.js';
import type { Container } from '../../container.js';
import type { Actor } from '../../domain/staff.js';
import type { SubprocessorChange } from '../../domain/subprocessor-change.js';
import { createApp } from '../app.js';

// Subscriptions as a subscriber lives them: every mail goes through a real SMTP server on loopback, and every
// link the test follows is read out of a received mail or its List-Unsubscribe header.

const BASE = 'https://trust.example.test';
const DAY = 86_400_000;
const anna = 'anna.lind@kund.example.se';
const bo = 'bo@partner.example.com';

const smtp = useSmtpTestServer();
let mailTest: MailTestContainer;
let clock: TestClock;
let container: Container;
let app: ReturnType<typeof createApp>;
let admin: Actor;

/** A visitor's browser: no cookies; forms are posted from the trust center's own pages. */
function visit(path: string, init: { form?: Record<string, string>; language?: string } = {}) {
  const headers: Record<string, string> = { 'accept-language': init.language ?? 'en' };
  if (!init.form) return app.request(`${BASE}${path}`, { headers });
  return app.request(`${BASE}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
    body: new URLSearchParams(init.form).toString(),
  });
}

/** What a mail provider does for RFC 8058: one POST to the header's URL from its own server, no Origin. */
function oneClick(url: string) {
  return app.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
}

function subscribe(email: string, topic: string, language = 'en') {
  // The page's language is in its address: a Swedish visitor subscribes from /sv/updates.
  return visit(language === 'sv' ? '/sv/updates/subscribe' : '/updates/subscribe', {
    form: { email, topic },
    language,
  });
}

/** The links to this trust center in a mail's text. */
function linksIn(mail: ReceivedMail): string[] {
  return mail.text.match(/https:\/\/trust\.example\.test\/\S+/g) ?? [];
}

/** Checks the RFC 8058 headers and the link in the body; answers the header's URL. */
function unsubscribeUrlOf(mail: ReceivedMail): string {
  const header = mail.headers.get('list-unsubscribe') ?? '';
  expect(header).toMatch(/^<https:\/\/trust\.example\.test\/updates\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
  expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  const url = header.slice(1, -1);
  expect(linksIn(mail)).toContain(url);
  return url;
}

function mailTo(address: string, subject: string) {
  return (mail: ReceivedMail) => mail.envelopeTo.includes(address) && mail.subject === subject;
}

async function settle(): Promise<void> {
  container.mail.deliverSoon();
  await container.mail.whenIdle();
}

async function confirmFrom(mail: ReceivedMail, language = 'en'): Promise<string> {
  const link = linksIn(mail).find((url) => url.includes('/updates/confirm/')) ?? '';
  expect(link).toMatch(/^https:\/\/trust\.example\.test\/updates\/confirm\/[A-Za-z0-9_-]{43}$/);
  const path = link.slice(BASE.length);
  const page = await visit(path, { language });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(`<form method="post" action="${path}">`);
  const confirmed = await visit(path, { form: {}, language });
  expect(confirmed.status).toBe(200);
  return path;
}

async function postUpdate(title: string, category: string): Promise<number> {
  const context = { actor: admin, baseUrl: BASE };
  const draft = await container.updates.create(context, {
    title,
    body: `What changed: **${title}**.`,
    category,
    date: clock.now().toISOString().slice(0, 10),
    titleSv: `${title} (sv)`,
    bodySv: `Det här har ändrats: **${title}**.`,
  });
  const { mailed } = await container.updates.publish(context, draft.id);
  // The mails are queued by the background mailing after the publication has its answer.
  await container.subscriptions.whenMailingsIdle();
  return mailed;
}

function change(days: number, name = 'Fibernät Norr AB'): SubprocessorChange {
  return {
    kind: 'added',
    slug: name.toLowerCase().replace(/[^a-z]+/g, '-'),
    name,
    effectiveOn: new Date(clock.now().getTime() + days * DAY).toISOString().slice(0, 10),
    summary: `${name} will run the fibre network between our two data centres.`,
    summarySv: `${name} kommer att driva fibernätet mellan våra två datacenter.`,
  };
}

async function countOutbox(): Promise<number> {
  const row = await container.database.db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function countSubscriptions(): Promise<number> {
  const row = await container.database.db
    .selectFrom('subscription')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

beforeEach(async () => {
  clock = createTestClock('2026-12-01T09:00:00Z');
  mailTest = await createMailTestContainer(smtp, clock);
  ({ container } = mailTest);
  app = createApp(container, { publicUrl: BASE });
  admin = await container.staff.createAccount(
    { email: 'owner@norrsken.example', name: 'Owner', role: 'admin', password: 'correct horse battery' },
    undefined,
  );
});
afterEach(async () => {
  await mailTest.close();
});

describe('subscriptions by mail, through a real SMTP server', () => {
  it('subscribe, confirm, receive an update and an Art. 28 notice, unsubscribe with one POST, then nothing more', async () => {
    const sent = await subscribe(anna, 'subprocessors');
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe('/updates/subscribe/sent');
    // A Swedish visitor subscribes to everything: the other mails of this test prove delivery still runs.
    expect((await subscribe(bo, 'all', 'sv')).status).toBe(303);

    const confirmation = await smtp.waitForMessage(mailTo(anna, 'Confirm your subscription to our updates'));
    expect(confirmation.text).toContain('- Subprocessor changes (with advance notice)');
    unsubscribeUrlOf(confirmation);
    const boConfirmation = await smtp.waitForMessage(mailTo(bo, 'Bekräfta din prenumeration på våra uppdateringar'));

    // Nothing but the confirmation goes to an address before it is confirmed.
    expect(await postUpdate('Before anyone confirmed', 'subprocessors')).toBe(0);
    await settle();
    expect(smtp.messages.filter((mail) => mail.envelopeTo.includes(anna))).toHaveLength(1);

    const confirmPath = await confirmFrom(confirmation);
    await confirmFrom(boConfirmation, 'sv');
    // The link works once.
    const again = await visit(confirmPath, { form: {} });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('This confirmation link is not valid');

    // A published update reaches the subscribers of its topic, each in their language.
    expect(await postUpdate('Second fibre route', 'subprocessors')).toBe(2);
    const update = await smtp.waitForMessage(mailTo(anna, 'Update: Second fibre route'));
    expect(update.text).toContain('What changed: **Second fibre route**.');
    expect(linksIn(update)).toContain(`${BASE}/updates/2026-12-01-second-fibre-route`);
    unsubscribeUrlOf(update);
    const swedish = await smtp.waitForMessage(mailTo(bo, 'Uppdatering: Second fibre route (sv)'));
    expect(swedish.text).toContain('Det här har ändrats');
    expect(linksIn(swedish)).toContain(`${BASE}/sv/updates/2026-12-01-second-fibre-route`);

    // A subprocessor change 40 days ahead: a draft update for staff, and the notice to Anna, recorded.
    const { draft, notice } = await container.onSubprocessorChange(change(40));
    expect(draft).toMatchObject({
      status: 'draft',
      category: 'subprocessors',
      title: 'New subprocessor: Fibernät Norr AB',
    });
    expect(draft.translations?.sv?.title).toBe('Nytt underbiträde: Fibernät Norr AB');
    expect(notice).toEqual({ sent: 1, isLate: false, leadDays: 30 });
    const noticeMail = await smtp.waitForMessage(mailTo(anna, 'Notice of a subprocessor change: Fibernät Norr AB'));
    expect(noticeMail.text).toContain('Article 28 of the GDPR');
    expect(noticeMail.text).toContain(`Takes effect on: ${change(40).effectiveOn}`);
    const oneClickUrl = unsubscribeUrlOf(noticeMail);
    const recorded = await container.subscriptions.listNotices(admin, 1, 10);
    expect(recorded.items).toMatchObject([
      { email: anna, subprocessorSlug: 'fibern-t-norr-ab', effectiveOn: change(40).effectiveOn, isLate: false },
    ]);

    // One POST with the header's URL, no Origin and no form token, unsubscribes.
    const unsubscribed = await oneClick(oneClickUrl);
    expect(unsubscribed.status).toBe(200);
    expect(await unsubscribed.text()).toContain('You are unsubscribed');
    // The same link again: a clear page, nothing changed.
    const reused = await oneClick(oneClickUrl);
    expect(reused.status).toBe(404);
    expect(await reused.text()).toContain('This unsubscribe link is not valid');

    smtp.messages.length = 0;
    expect(await postUpdate('Third fibre route', 'subprocessors')).toBe(1);
    expect((await container.subscriptions.sendSubprocessorNotice(change(60, 'Kant CDN'))).sent).toBe(0);
    await smtp.waitForMessage(mailTo(bo, 'Uppdatering: Third fibre route (sv)'));
    await settle();
    expect(smtp.messages.filter((mail) => mail.envelopeTo.includes(anna))).toEqual([]);
  });

  it('sends a notice closer than the lead time at once, marks it late and warns staff', async () => {
    await container.settings.setNoticeLeadDays({ actor: admin }, '45');
    await subscribe(anna, 'subprocessors');
    await confirmFrom(await smtp.waitForMessage(mailTo(anna, 'Confirm your subscription to our updates')));
    const report = await container.subscriptions.sendSubprocessorNotice(change(10));
    expect(report).toEqual({ sent: 1, isLate: true, leadDays: 45 });
    await smtp.waitForMessage(mailTo(anna, 'Notice of a subprocessor change: Fibernät Norr AB'));
    const { items } = await container.subscriptions.listNotices(admin, 1, 10);
    expect(items[0]).toMatchObject({ isLate: true, leadDays: 45 });
    const audit = await container.audit.list({}, 1, 20);
    expect(audit.items.map((event) => event.action)).toContain('subscription.notice_late');
  });
});

describe('bad subscriptions: clear errors, nothing changed, nothing sent', () => {
  it('refuses an unknown topic, an address that is not one, and an oversized address', async () => {
    const unknown = await subscribe(anna, 'everything');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Choose one of the topics in the list');
    const notAnAddress = await subscribe('anna at example', 'all');
    expect(notAnAddress.status).toBe(400);
    expect(await notAnAddress.text()).toContain('E-mail must be one address in the form name@example.com');
    const oversized = await subscribe(`${'a'.repeat(60)}@${'b'.repeat(250)}.se`, 'all');
    expect(oversized.status).toBe(400);
    expect(await oversized.text()).toContain('E-mail must be at most 254 characters');
    expect(await countSubscriptions()).toBe(0);
    expect(await countOutbox()).toBe(0);
  });

  it('answers a repeated subscription the same way and mails an address at most once per window', async () => {
    const first = await subscribe(anna, 'all');
    const second = await subscribe(anna, 'all');
    const otherTopic = await subscribe(anna, 'security');
    for (const response of [first, second, otherTopic]) {
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/updates/subscribe/sent');
    }
    await settle();
    const confirmations = smtp.messages.filter((mail) => mail.envelopeTo.includes(anna));
    expect(confirmations).toHaveLength(1);
    // The one mail confirms both topics asked for within the window.
    await confirmFrom(confirmations[0] as ReceivedMail);
    const counts = await container.subscriptions.countByTopic(admin);
    expect(counts.filter((count) => count.confirmed > 0).map((count) => count.topic)).toEqual(['all', 'security']);

    // Subscribed already, and later: the same answer, and no mail that would tell anyone so.
    clock.advance(2 * 3_600_000);
    const repeated = await subscribe(anna, 'all');
    expect(repeated.status).toBe(303);
    expect(repeated.headers.get('location')).toBe('/updates/subscribe/sent');
    await settle();
    expect(smtp.messages.filter((mail) => mail.envelopeTo.includes(anna))).toHaveLength(1);
  });

  it('forgets an unconfirmed subscription after 24 hours and mails it nothing meanwhile', async () => {
    await subscribe(anna, 'all');
    const confirmation = await smtp.waitForMessage(mailTo(anna, 'Confirm your subscription to our updates'));
    expect(await postUpdate('Nobody confirmed', 'security')).toBe(0);
    clock.advance(25 * 3_600_000);
    await container.runAccessMaintenance();
    expect(await countSubscriptions()).toBe(0);
    const link = linksIn(confirmation).find((url) => url.includes('/updates/confirm/')) ?? '';
    const late = await visit(link.slice(BASE.length), { form: {} });
    expect(late.status).toBe(404);
    await settle();
    expect(smtp.messages.filter((mail) => mail.envelopeTo.includes(anna))).toHaveLength(1);
  });

  it('shows a clear page for a forged or incomplete token and changes nothing', async () => {
    await subscribe(anna, 'all');
    await confirmFrom(await smtp.waitForMessage(mailTo(anna, 'Confirm your subscription to our updates')));
    const forged = `${BASE}/updates/unsubscribe/${'A'.repeat(43)}`;
    for (const response of [await oneClick(forged), await app.request(forged)]) {
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('This unsubscribe link is not valid');
    }
    const incomplete = await oneClick(`${BASE}/updates/unsubscribe/short`);
    expect(incomplete.status).toBe(404);
    expect(await incomplete.text()).toContain('incomplete. Nothing was changed.');
    const forgedConfirm = await visit(`/updates/confirm/${'B'.repeat(43)}`, { form: {} });
    expect(forgedConfirm.status).toBe(404);
    expect((await container.subscriptions.countByTopic(admin)).find((count) => count.topic === 'all')).toEqual({
      topic: 'all',
      confirmed: 1,
      unconfirmed: 0,
    });
  });

  it('refuses the subscribe form posted from another site', async () => {
    const response = await app.request(`${BASE}/updates/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ email: anna, topic: 'all' }).toString(),
    });
    expect(response.status).toBe(403);
    expect(await countSubscriptions()).toBe(0);
  });
});
