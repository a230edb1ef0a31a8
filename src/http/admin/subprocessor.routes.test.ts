import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdminTestApp } from '../../../test/create-admin-test-app.js';
import { createStaffUser } from '../../../test/factories.js';

const PASSWORD = 'correct horse battery staple';
let testApp: Awaited<ReturnType<typeof createAdminTestApp>>;

beforeEach(async () => {
  testApp = await createAdminTestApp({ content: 'minimal' });
  await testApp.createUser('root@example.test', PASSWORD, 'admin');
  await testApp.createUser('ed@example.test', PASSWORD, 'editor');
});
afterEach(async () => {
  await testApp.close();
});

function signIn(email: string) {
  return testApp.signInClient(email, PASSWORD, '/admin/account/password');
}

const NEW_SUBPROCESSOR = {
  slug: 'kantnat-cdn',
  name: 'Kantnät CDN',
  legalEntity: 'Kantnät SAS',
  purpose: 'Content delivery for <b>public</b> web content.',
  purposeSv: 'Innehållsleverans av publikt webbinnehåll.',
  dataCategories: 'IP addresses of visitors\r\nHTTP request metadata',
  locations: 'fr, SE',
  parentCompany: '',
  parentJurisdiction: '',
  nonEuLaw: '',
  nonEuLawExplanation: '',
  since: '2026-01-01',
  until: '',
};

async function storedActions() {
  const { db } = testApp.container.database;
  const rows = await db.selectFrom('audit_event').select('action').where('action', 'like', 'subprocessor.%').execute();
  return rows.map((row) => row.action);
}

describe('subprocessor pages in the staff area', () => {
  it('lets an editor create a draft and send it for review, and an admin publish it', async () => {
    const editor = await signIn('ed@example.test');
    const list = await editor.client.get('/admin/subprocessors');
    expect(list.text).toContain('href="/admin/subprocessors/new"');
    expect(list.text).toContain('<a class="chip" href="/admin/subprocessors" aria-current="page">Subprocessors</a>');
    const created = await editor.client.post('/admin/subprocessors', { _csrf: editor.csrfToken, ...NEW_SUBPROCESSOR });
    expect(created.response.status).toBe(303);
    expect(created.response.headers.get('location')).toBe('/admin/subprocessors/kantnat-cdn?done=created');
    const page = await editor.client.get('/admin/subprocessors/kantnat-cdn?done=created');
    expect(page.text).toContain('The draft was created.');
    // Escaped, as typed; the codes stored in capitals.
    expect(page.text).toContain('&lt;b&gt;public&lt;/b&gt;');
    expect(page.text).toContain('value="FR, SE"');
    const submitted = await editor.client.post('/admin/subprocessors/kantnat-cdn/submit', { _csrf: editor.csrfToken });
    expect(submitted.response.status).toBe(303);
    const admin = await signIn('root@example.test');
    // Its start date has passed, so publishing it gives subscribers short notice: staff confirm that.
    const approved = await admin.client.post('/admin/subprocessors/kantnat-cdn/approve', {
      _csrf: admin.csrfToken,
      confirmShortNotice: 'yes',
    });
    expect(approved.response.status).toBe(303);
    const stored = await testApp.container.subprocessors.getSubprocessor('kantnat-cdn');
    expect(stored).toMatchObject({
      status: 'published',
      locations: ['FR', 'SE'],
      dataCategories: ['IP addresses of visitors', 'HTTP request metadata'],
      translations: { sv: { purpose: 'Innehållsleverans av publikt webbinnehåll.' } },
    });
    expect(await storedActions()).toEqual(['subprocessor.create', 'subprocessor.submit', 'subprocessor.publish']);
    const history = await admin.client.get('/admin/subprocessors/kantnat-cdn/history');
    expect(history.text).toContain('status: in_review -&gt; published');
  });

  it('shows every problem beside its field and saves nothing', async () => {
    const { client, csrfToken } = await signIn('ed@example.test');
    const refused = await client.post('/admin/subprocessors', {
      _csrf: csrfToken,
      ...NEW_SUBPROCESSOR,
      locations: 'SE, XX',
      until: '2025-12-31',
    });
    expect(refused.response.status).toBe(400);
    expect(refused.text).toContain('<a href="#locations">&quot;XX&quot; is not an ISO 3166-1 alpha-2 country code');
    expect(refused.text).toContain('<a href="#until">The until date 2025-12-31 is before the since date 2026-01-01');
    expect(refused.text).toContain('aria-invalid="true"');
    expect(await testApp.container.subprocessors.listForStaff()).toEqual([]);
    expect(await storedActions()).toEqual([]);
  });

  it('refuses a form without the session CSRF token and changes nothing', async () => {
    const { client } = await signIn('ed@example.test');
    const refused = await client.post('/admin/subprocessors', { _csrf: 'forged', ...NEW_SUBPROCESSOR });
    expect(refused.response.status).toBe(403);
    expect(refused.text).toContain('The form has expired');
    expect(await testApp.container.subprocessors.listForStaff()).toEqual([]);
  });

  it('refuses the author as approver under four-eyes, on the page, and publishes nothing', async () => {
    const admin = await signIn('root@example.test');
    const settingsAdmin = await createStaffUser(testApp.container, 'admin');
    await testApp.container.settings.setFourEyesRequired(settingsAdmin.context, true);
    await admin.client.post('/admin/subprocessors', { _csrf: admin.csrfToken, ...NEW_SUBPROCESSOR });
    await admin.client.post('/admin/subprocessors/kantnat-cdn/submit', { _csrf: admin.csrfToken });
    const refused = await admin.client.post('/admin/subprocessors/kantnat-cdn/approve', { _csrf: admin.csrfToken });
    expect(refused.response.status).toBe(403);
    expect(refused.text).toContain('someone else must approve it');
    expect((await testApp.container.subprocessors.getSubprocessor('kantnat-cdn')).status).toBe('in_review');
  });
});

describe('a notice shorter than the lead time', () => {
  it('is shown to staff before they publish or save, and goes out only once they confirm', async () => {
    const admin = await signIn('root@example.test');
    const reader = await createStaffUser(testApp.container, 'admin');
    await admin.client.post('/admin/subprocessors', { _csrf: admin.csrfToken, ...NEW_SUBPROCESSOR });
    const drafts = async () =>
      (await testApp.container.updates.listForStaff(reader.actor, { status: 'draft', page: 1 })).items.map(
        (update) => update.title,
      );
    // Its start date has passed: publishing it gives subscribers no notice at all.
    const warned = await admin.client.post('/admin/subprocessors/kantnat-cdn/approve', { _csrf: admin.csrfToken });
    expect(warned.response.status).toBe(409);
    expect(warned.text).toContain('Shorter notice than promised.');
    expect(warned.text).toContain('less than the 30-day notice');
    expect(warned.text).toContain('<input type="hidden" name="confirmShortNotice" value="yes"/>');
    expect((await testApp.container.subprocessors.getSubprocessor('kantnat-cdn')).status).toBe('draft');
    expect(await drafts()).toEqual([]);
    const confirmed = await admin.client.post('/admin/subprocessors/kantnat-cdn/approve', {
      _csrf: admin.csrfToken,
      confirmShortNotice: 'yes',
    });
    expect(confirmed.response.status).toBe(303);
    expect((await testApp.container.subprocessors.getSubprocessor('kantnat-cdn')).status).toBe('published');
    expect(await drafts()).toEqual(['New subprocessor: Kantnät CDN']);

    // An end date five days ahead: the form comes back as typed, with the warning, and nothing is saved.
    const until = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const edit = { _csrf: admin.csrfToken, ...NEW_SUBPROCESSOR, until };
    const saveWarned = await admin.client.post('/admin/subprocessors/kantnat-cdn', edit);
    expect(saveWarned.response.status).toBe(409);
    expect(saveWarned.text).toContain('Nothing is saved yet.');
    expect(saveWarned.text).toContain(`value="${until}"`);
    expect(saveWarned.text).toContain('<input type="hidden" name="confirmShortNotice" value="yes"/>');
    expect((await testApp.container.subprocessors.getSubprocessor('kantnat-cdn')).until).toBeNull();
    expect(await drafts()).toHaveLength(1);
    const saved = await admin.client.post('/admin/subprocessors/kantnat-cdn', { ...edit, confirmShortNotice: 'yes' });
    expect(saved.response.status).toBe(303);
    expect((await testApp.container.subprocessors.getSubprocessor('kantnat-cdn')).until).toBe(until);
    expect(await drafts()).toContain('Subprocessor ends: Kantnät CDN');

    // An end date well beyond the lead time needs no confirmation.
    const later = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const plain = await admin.client.post('/admin/subprocessors/kantnat-cdn', { ...edit, until: later });
    expect(plain.response.status).toBe(303);
  });
});
