import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CookieClient, createAdminTestApp } from '../../../test/create-admin-test-app.js';
import { parseCsv } from '../../questionnaire/csv.js';

type AdminTestApp = Awaited<ReturnType<typeof createAdminTestApp>>;
let testApp: AdminTestApp;
const PASSWORD = 'correct horse battery';
const BASE = 'https://trust.example.test';
const subscriber = 'karin@kund.example.se';

async function signIn(email: string, role: 'viewer' | 'editor' | 'admin') {
  const actor = await testApp.createUser(email, PASSWORD, role);
  const client = new CookieClient(testApp.app);
  return { actor, client, csrf: await client.signInForToken(email, PASSWORD) };
}

async function countUpdates(): Promise<number> {
  const row = await testApp.container.database.db
    .selectFrom('site_update')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function auditActions(): Promise<string[]> {
  return (await testApp.container.audit.list({}, 1, 100)).items.map((event) => event.action);
}

/** A confirmed subscriber of subprocessor changes, with the token read from the queued confirmation mail. */
async function addSubscriber(email: string) {
  const { container } = testApp;
  await container.subscriptions.subscribe({ email, topic: 'subprocessors', language: 'en' }, BASE);
  const mail = await container.database.db
    .selectFrom('mail_outbox')
    .select('body_text')
    .where('recipient', '=', email)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const token = /\/updates\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.body_text)?.[1] ?? '';
  await container.subscriptions.confirm(token);
}

const form = {
  title: 'Encryption keys rotated',
  body: 'Every key was **rotated**.',
  titleSv: '',
  bodySv: '',
  category: 'security',
  date: '2026-11-30',
};

beforeEach(async () => {
  testApp = await createAdminTestApp({ content: 'minimal' });
});
afterEach(async () => {
  await testApp.close();
});

describe('the update pages', () => {
  it('let an editor write, edit, publish and delete an update, each audited', async () => {
    const editor = await signIn('editor@norrsken.example', 'editor');
    const bad = await editor.client.post('/admin/updates', {
      _csrf: editor.csrf,
      ...form,
      title: '',
      category: 'gossip',
      date: '2026-02-30',
      titleSv: 'Bara en titel',
    });
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('<a href="#title">Title is required</a>');
    expect(bad.text).toContain('<a href="#category">Category must be one of security, compliance');
    expect(bad.text).toContain('<a href="#date">Date must be a date written YYYY-MM-DD</a>');
    expect(bad.text).toContain('<a href="#bodySv">Swedish text is required</a>');
    expect(await countUpdates()).toBe(0);

    const created = await editor.client.post('/admin/updates', { _csrf: editor.csrf, ...form });
    expect(created.response.status).toBe(303);
    const location = created.response.headers.get('location') ?? '';
    expect(location).toMatch(/^\/admin\/updates\/\d+\?done=created$/);
    const path = location.replace(/\?.*$/, '');
    expect((await testApp.app.request(`${BASE}/updates/2026-11-30-encryption-keys-rotated`)).status).toBe(404);

    const edited = await editor.client.post(path, {
      _csrf: editor.csrf,
      ...form,
      titleSv: 'Krypteringsnycklar bytta',
      bodySv: 'Alla nycklar **byttes**.',
    });
    expect(edited.response.status).toBe(303);
    const published = await editor.client.post(`${path}/publish`, { _csrf: editor.csrf });
    expect(published.response.status).toBe(303);
    const page = await editor.client.get(published.response.headers.get('location') ?? '');
    expect(page.text).toContain('The update was published and mailed to 0 subscribers.');
    const swedish = await testApp.app.request(`${BASE}/sv/updates/2026-11-30-encryption-keys-rotated`);
    expect(await swedish.text()).toContain('<h1>Krypteringsnycklar bytta</h1>');

    const deleted = await editor.client.post(`${path}/delete`, { _csrf: editor.csrf });
    expect(deleted.response.status).toBe(303);
    expect(await countUpdates()).toBe(0);
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['update.create', 'update.edit', 'update.publish', 'update.delete']),
    );
  });

  it('refuses a viewer and a form without the session token, and changes nothing', async () => {
    const viewer = await signIn('viewer@norrsken.example', 'viewer');
    const refused = await viewer.client.post('/admin/updates', { _csrf: viewer.csrf, ...form });
    expect(refused.response.status).toBe(403);
    const editor = await signIn('editor@norrsken.example', 'editor');
    const forged = await editor.client.post('/admin/updates', { ...form });
    expect(forged.response.status).toBe(403);
    expect(forged.text).toContain('The form has expired');
    const wrongToken = await editor.client.post('/admin/updates', { _csrf: viewer.csrf, ...form });
    expect(wrongToken.response.status).toBe(403);
    expect(await countUpdates()).toBe(0);
  });
});

describe('the subscribers page', () => {
  it('shows counts by topic, sets the lead time, records notices and exports them as CSV', async () => {
    const owner = await signIn('owner@norrsken.example', 'admin');
    await addSubscriber(subscriber);
    await testApp.container.subscriptions.subscribe(
      { email: 'pending@kund.example.se', topic: 'all', language: 'sv' },
      BASE,
    );
    const page = await owner.client.get('/admin/subscribers');
    expect(page.text).toMatch(/<th scope="row">All updates<\/th><td[^>]*>0<\/td><td[^>]*>1<\/td>/);
    expect(page.text).toMatch(
      /<th scope="row">Subprocessor changes \(with advance notice\)<\/th><td[^>]*>1<\/td><td[^>]*>0<\/td>/,
    );

    const bad = await owner.client.post('/admin/subscribers/lead-time', { _csrf: owner.csrf, leadDays: '400' });
    expect(bad.response.status).toBe(400);
    expect(bad.text).toContain('The lead time must be a whole number of days from 0 to 365');
    expect(await testApp.container.settings.getNoticeLeadDays()).toBe(30);
    const saved = await owner.client.post('/admin/subscribers/lead-time', { _csrf: owner.csrf, leadDays: '14' });
    expect(saved.response.status).toBe(303);
    expect(await testApp.container.settings.getNoticeLeadDays()).toBe(14);

    await testApp.container.subscriptions.sendSubprocessorNotice({
      kind: 'ended',
      slug: 'kant-cdn',
      name: 'Kant CDN',
      effectiveOn: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
      summary: 'We stop using Kant CDN.',
      summarySv: null,
    });
    const withNotice = await owner.client.get('/admin/subscribers');
    expect(withNotice.text).toContain(subscriber);
    expect(withNotice.text).toContain('Late: less than the 14-day lead time');
    expect(withNotice.text).toContain('went out later than the lead time');

    const csv = await owner.client.get('/admin/subscribers/notices.csv');
    expect(csv.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, row] = parseCsv(csv.text);
    expect(header?.slice(0, 4)).toEqual(['sent_at', 'email', 'email_sha256', 'change']);
    expect(row?.slice(1, 5)).toEqual([
      subscriber,
      createHash('sha256').update(subscriber).digest('hex'),
      'ended',
      'kant-cdn',
    ]);
  });

  it('lets only an admin erase a subscriber: subscriptions gone, the notice keeps only the hash', async () => {
    await addSubscriber(subscriber);
    await testApp.container.subscriptions.sendSubprocessorNotice({
      kind: 'added',
      slug: 'fibernat',
      name: 'Fibernät',
      effectiveOn: '2027-06-01',
      summary: 'A fibre network.',
      summarySv: null,
    });
    const editor = await signIn('editor@norrsken.example', 'editor');
    expect(
      (await editor.client.post('/admin/subscribers/erase', { _csrf: editor.csrf, email: subscriber })).response.status,
    ).toBe(403);

    const owner = await signIn('owner@norrsken.example', 'admin');
    const unknown = await owner.client.post('/admin/subscribers/erase', {
      _csrf: owner.csrf,
      email: 'nobody@example.se',
    });
    expect(unknown.response.status).toBe(404);
    expect(unknown.text).toContain('No subscriber or notice holds this address');
    const erased = await owner.client.post('/admin/subscribers/erase', {
      _csrf: owner.csrf,
      email: subscriber.toUpperCase(),
    });
    expect(erased.response.status).toBe(303);
    const after = await owner.client.get(erased.response.headers.get('location') ?? '');
    expect(after.text).toContain('Erased: 1 subscriptions deleted, the address removed from 1 notices.');
    expect(after.text).not.toContain(subscriber);

    const { db } = testApp.container.database;
    expect(await db.selectFrom('subscription').selectAll().execute()).toEqual([]);
    const outbox = await db.selectFrom('mail_outbox').select(['recipient', 'body_text']).execute();
    expect(outbox.every((mail) => mail.recipient === '' && mail.body_text === '')).toBe(true);
    const { items } = await testApp.container.subscriptions.listNotices(owner.actor, 1, 10);
    expect(items).toMatchObject([{ email: '', emailSha256: createHash('sha256').update(subscriber).digest('hex') }]);
    // The notice record itself cannot be changed or removed.
    await expect(db.deleteFrom('subscription_notice').execute()).rejects.toThrow(/append-only/);
    await expect(
      db.updateTable('subscription_notice_recipient').set({ email: 'someone@else.se' }).execute(),
    ).rejects.toThrow(/may only be blanked/);
    const audit = (await testApp.container.audit.list({}, 1, 20)).items.find(
      (event) => event.action === 'subscription.erase',
    );
    expect(audit?.summary).not.toContain(subscriber);
  });
});
