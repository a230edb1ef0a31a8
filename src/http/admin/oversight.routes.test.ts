import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, createAdminTestApp } from '../../../test/create-admin-test-app.js';
import type { Role } from '../../domain/staff.js';

type AdminTestApp = Awaited<ReturnType<typeof createAdminTestApp>>;
let testApp: AdminTestApp;
const PASSWORD = 'correct horse battery';
let counter = 0;

beforeAll(async () => {
  testApp = await createAdminTestApp({ content: 'minimal' });
});
afterAll(async () => {
  await testApp.close();
});

/** A fresh account of a role, signed in, with the CSRF token of its session. */
async function signedIn(role: Role, email = `oversight${++counter}@example.test`) {
  await testApp.createUser(email, PASSWORD, role);
  return { email, ...(await testApp.signInClient(email, PASSWORD)) };
}

/** The rows of the one table in an HTML fragment, as cell texts (tags stripped). */
function tableRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) =>
      (cell[1] ?? '').replace(/<[^>]+>/g, '').trim(),
    ),
  );
}

describe('dashboard', () => {
  it('counts entries by status, each linking to the filtered entry list', async () => {
    const { client } = await signedIn('viewer');
    const { response, text } = await client.get('/admin');
    expect(response.status).toBe(200);
    const { total } = await testApp.container.entries.listEntries({ status: 'published' }, 1, 1);
    expect(total).toBeGreaterThan(0);
    expect(text).toContain(`<a class="chip" href="/admin/entries?status=published">Published: ${total}</a>`);
    expect(text).toContain('<a class="chip" href="/admin/entries?status=draft">Draft: 0</a>');
    expect(text).toContain('href="/admin/entries?status=in_review"');
    expect(text).toContain('href="/admin/entries?status=archived"');
  });

  it('shows overdue entries with owner and due date, and counts due and overdue', async () => {
    const overdue = await testApp.container.entries.listEntries({ freshness: 'overdue' }, 1, 100);
    const due = await testApp.container.entries.listEntries({ freshness: 'due' }, 1, 100);
    // The example content has answers last reviewed well over a year ago.
    expect(overdue.total).toBeGreaterThan(0);
    const oldest = [...overdue.items].sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
    if (!oldest) throw new Error('no overdue entry');
    const { client } = await signedIn('viewer');
    const { text } = await client.get('/admin');
    expect(text).toContain(
      `<a class="chip" href="/admin/entries?freshness=overdue">${overdue.total} overdue for review</a>`,
    );
    expect(text).toContain(
      `<a class="chip" href="/admin/entries?freshness=due">${due.total} due for review within 30 days</a>`,
    );
    const longest = /<h3>Longest overdue<\/h3>([\s\S]*?)<\/table>/.exec(text)?.[1] ?? '';
    const rows = tableRows(`${longest}</table>`);
    expect(rows.length).toBe(Math.min(10, overdue.total));
    expect(rows[0]).toEqual([oldest.question, oldest.owner, oldest.dueOn]);
    expect(longest).toContain(`href="/admin/entries/${oldest.slug}"`);
  });

  it("lists the signed-in person's own due entries by owner email", async () => {
    const overdue = await testApp.container.entries.listEntries({ freshness: 'overdue' }, 1, 1000);
    const owner = overdue.items[0]?.owner;
    if (!owner) throw new Error('no overdue entry');
    const owned = overdue.items.filter((item) => item.owner === owner);
    const { client } = await signedIn('editor', owner);
    const { text } = await client.get('/admin');
    const own = /<h3>Your entries due<\/h3>([\s\S]*?)<\/table>/.exec(text)?.[1] ?? '';
    const questions = tableRows(`${own}</table>`).map((row) => row[0]);
    for (const item of owned.slice(0, 10)) expect(questions).toContain(item.question);
    expect(tableRows(`${own}</table>`).every((row) => row[1] === owner)).toBe(true);

    const stranger = await signedIn('viewer');
    const other = await stranger.client.get('/admin');
    expect(other.text).toContain('None of your entries is due for review.');
  });

  it('shows a recorded zero-result search with a create link only for those who may edit', async () => {
    testApp.container.searchAnalytics.record('quantum moat', 0);
    testApp.container.searchAnalytics.record('encryption at rest', 4);
    await testApp.container.searchAnalytics.flush();
    const editor = await signedIn('editor');
    const { text } = await editor.client.get('/admin');
    const zero = /id="dashboard-zero-searches"[\s\S]*?<\/section>/.exec(text)?.[0] ?? '';
    expect(zero).toContain('<td>quantum moat</td>');
    expect(zero).not.toContain('encryption at rest');
    expect(zero).toContain('href="/admin/entries/new?question=quantum+moat"');
    const top = /id="dashboard-top-searches"[\s\S]*?<\/section>/.exec(text)?.[0] ?? '';
    expect(top).toContain('<td>encryption at rest</td>');
    expect(top).toContain('<svg class="search-chart" aria-hidden="true"');

    const viewer = await signedIn('viewer');
    const viewerPage = await viewer.client.get('/admin');
    expect(viewerPage.text).toContain('<td>quantum moat</td>');
    expect(viewerPage.text).not.toContain('/admin/entries/new');
  });

  it('lists recent entry changes from the audit log, and nothing else', async () => {
    await testApp.container.audit.record({
      actor: undefined,
      actorEmail: 'someone@example.test',
      action: 'entry.publish',
      targetType: 'entry',
      targetId: 'mfa-for-administrative-access',
      summary: 'status: in_review -> published',
    });
    await testApp.container.audit.record({
      actor: undefined,
      actorEmail: 'someone@example.test',
      action: 'setting.change',
      summary: 'not an entry change',
    });
    const { client } = await signedIn('viewer');
    const { text } = await client.get('/admin');
    const recent = /id="dashboard-recent"[\s\S]*?<\/section>/.exec(text)?.[0] ?? '';
    expect(recent).toContain('<td>entry.publish</td>');
    expect(recent).toContain('href="/admin/entries/mfa-for-administrative-access"');
    expect(recent).not.toContain('setting.change');
  });
});

describe('audit log', () => {
  it('filters by action, actor, target and dates, and is only for administrators', async () => {
    const admin = await signedIn('admin');
    await testApp.container.audit.record({
      actor: undefined,
      actorEmail: 'filter-me@example.test',
      action: 'entry.archive',
      targetType: 'entry',
      targetId: 'target-one',
      summary: 'archived one',
    });
    await testApp.container.audit.record({
      actor: undefined,
      actorEmail: 'filter-me@example.test',
      action: 'entry.reopen',
      targetType: 'entry',
      targetId: 'target-two',
      summary: 'reopened two',
    });

    const byActor = await admin.client.get('/admin/audit?actor=FILTER-ME%40example.test');
    expect(byActor.response.status).toBe(200);
    expect(tableRows(byActor.text).map((row) => row[5])).toEqual(['reopened two', 'archived one']);
    expect(byActor.text).toContain('2 events');
    expect(byActor.text).toContain('href="/admin/audit.csv?actor=FILTER-ME%40example.test"');

    const byAction = await admin.client.get('/admin/audit?actor=filter-me%40example.test&action=entry.archive');
    expect(tableRows(byAction.text)).toEqual([
      [
        expect.stringMatching(/ UTC$/),
        'filter-me@example.test',
        'entry.archive',
        'entry target-one',
        '',
        'archived one',
      ],
    ]);
    const byTarget = await admin.client.get('/admin/audit?target=target-two');
    expect(tableRows(byTarget.text).map((row) => row[5])).toEqual(['reopened two']);

    const today = new Date().toISOString().slice(0, 10);
    const inRange = await admin.client.get(`/admin/audit?actor=filter-me%40example.test&from=${today}&until=${today}`);
    expect(tableRows(inRange.text)).toHaveLength(2);
    const before = await admin.client.get('/admin/audit?actor=filter-me%40example.test&until=2020-01-01');
    expect(before.text).toContain('No events match these filters.');

    const invalid = await admin.client.get('/admin/audit?from=31%2F01%2F2026');
    expect(invalid.response.status).toBe(400);
    expect(invalid.text).toContain('Enter the date as YYYY-MM-DD');
    expect(invalid.text).toContain('aria-invalid="true"');

    const editor = await signedIn('editor');
    expect((await editor.client.get('/admin/audit')).response.status).toBe(403);
  });

  it('pages through 50 events at a time', async () => {
    const admin = await signedIn('admin');
    for (let index = 0; index < 51; index++) {
      await testApp.container.audit.record({
        actor: undefined,
        actorEmail: 'pager@example.test',
        action: 'test.page',
        summary: `event ${index}`,
      });
    }
    const first = await admin.client.get('/admin/audit?actor=pager%40example.test');
    expect(tableRows(first.text)).toHaveLength(50);
    expect(first.text).toContain('Page 1 of 2');
    expect(first.text).toContain('href="/admin/audit?actor=pager%40example.test&amp;page=2"');
    const second = await admin.client.get('/admin/audit?actor=pager%40example.test&page=2');
    expect(tableRows(second.text).map((row) => row[5])).toEqual(['event 0']);
  });

  it('records viewing the log as an audit event', async () => {
    const admin = await signedIn('admin');
    await admin.client.get('/admin/audit?action=entry.publish');
    const { items } = await testApp.container.audit.list({ action: 'audit.view', actorEmail: admin.email }, 1, 10);
    expect(items.map((event) => event.summary)).toEqual(['viewed page 1 of the audit log (action=entry.publish)']);
  });

  it('exports the filtered rows as CSV that no spreadsheet runs as a formula, and audits the export', async () => {
    const admin = await signedIn('admin');
    await testApp.container.audit.record({
      actor: undefined,
      actorEmail: 'csv@example.test',
      action: 'entry.save',
      targetType: 'entry',
      targetId: 'csv-entry',
      ip: '192.0.2.7',
      summary: '=HYPERLINK("http://evil.example","click")',
    });
    await testApp.container.audit.record({
      actor: undefined,
      actorEmail: 'csv@example.test',
      action: 'entry.save',
      targetType: 'entry',
      targetId: 'csv-entry',
      summary: 'plain, with comma',
    });
    const { response, text } = await admin.client.get('/admin/audit.csv?actor=csv%40example.test');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="tillit-audit-${today}.csv"`);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('"time","actor","action","target_type","target_id","ip","summary"');
    expect(lines[1]).toMatch(
      /^"\d{4}-\d{2}-\d{2}T[^,]+","csv@example\.test","entry\.save","entry","csv-entry","","plain, with comma"$/,
    );
    expect(lines[2]).toMatch(
      /,"csv@example\.test","entry\.save","entry","csv-entry","192\.0\.2\.7","'=HYPERLINK\(""http:\/\/evil\.example"",""click""\)"$/,
    );
    expect(lines.slice(3)).toEqual(['']);
    const { items } = await testApp.container.audit.list({ action: 'audit.export', actorEmail: admin.email }, 1, 10);
    expect(items.map((event) => event.summary)).toEqual(['exported 2 audit events as CSV (actor=csv@example.test)']);

    const viewer = await signedIn('viewer');
    expect((await viewer.client.get('/admin/audit.csv')).response.status).toBe(403);
  });
});

describe('settings', () => {
  it('turns the four-eyes rule on and off, audits each change and confirms with a flash message', async () => {
    const admin = await signedIn('admin');
    const page = await admin.client.get('/admin/settings');
    expect(page.response.status).toBe(200);
    expect(page.text).toContain('<label for="fourEyes">Require a second person to approve publication</label>');
    expect(page.text).not.toMatch(/name="fourEyes"[^>]*checked/);

    const on = await admin.client.post('/admin/settings', {
      _csrf: admin.csrfToken,
      fourEyes: 'on',
      learnPhrasings: 'on',
    });
    expect(on.response.status).toBe(303);
    expect(on.response.headers.get('location')).toBe('/admin/settings?saved=1');
    expect(await testApp.container.settings.isFourEyesRequired()).toBe(true);
    const saved = await admin.client.get('/admin/settings?saved=1');
    expect(saved.text).toContain('<div role="status"><p class="pill">The settings have been saved.</p></div>');
    expect(saved.text).toMatch(/name="fourEyes"[^>]*checked/);

    await admin.client.post('/admin/settings', { _csrf: admin.csrfToken, learnPhrasings: 'on' });
    expect(await testApp.container.settings.isFourEyesRequired()).toBe(false);
    const { items } = await testApp.container.audit.list({ action: 'setting.change', actorEmail: admin.email }, 1, 10);
    expect(items.map((event) => event.summary)).toEqual([
      'require_second_approver: true -> false',
      'require_second_approver: false -> true',
    ]);
  });

  it('saves only the settings that changed: change history and mandatory two-step sign-in', async () => {
    const admin = await signedIn('admin');
    await admin.client.post('/admin/settings', {
      _csrf: admin.csrfToken,
      changeHistory: 'on',
      twoFactor: 'on',
      learnPhrasings: 'on',
    });
    expect(await testApp.container.settings.isChangeHistoryShown()).toBe(true);
    expect(await testApp.container.settings.isTwoFactorRequired()).toBe(true);
    expect(await testApp.container.settings.isFourEyesRequired()).toBe(false);
    const { items } = await testApp.container.audit.list({ action: 'setting.change', actorEmail: admin.email }, 1, 10);
    expect(items.map((event) => event.summary).sort()).toEqual([
      'require_two_factor: false -> true',
      'show_change_history: false -> true',
    ]);
    // From now on this admin, who has no second factor yet, is sent to set one up first.
    const blocked = await admin.client.post('/admin/settings', { _csrf: admin.csrfToken });
    expect(blocked.response.headers.get('location')).toBe('/admin/account/two-factor');
    // The app is shared by the tests below: turn the rule off again directly.
    const actor = { userId: 0, email: admin.email, name: 'Admin', role: 'admin' as const };
    await testApp.container.settings.setTwoFactorRequired({ actor: actor }, false);
    await testApp.container.settings.setChangeHistoryShown({ actor }, false);
  });

  it('learns phrasings from accepted questionnaire answers unless an admin turns it off', async () => {
    const admin = await signedIn('admin');
    expect(await testApp.container.settings.isPhrasingLearningOn()).toBe(true);
    const page = await admin.client.get('/admin/settings');
    expect(page.text).toMatch(/name="learnPhrasings"[^>]*checked/);
    await admin.client.post('/admin/settings', { _csrf: admin.csrfToken });
    expect(await testApp.container.settings.isPhrasingLearningOn()).toBe(false);
    expect((await admin.client.get('/admin/settings')).text).not.toMatch(/name="learnPhrasings"[^>]*checked/);
    await admin.client.post('/admin/settings', { _csrf: admin.csrfToken, learnPhrasings: 'on' });
    expect(await testApp.container.settings.isPhrasingLearningOn()).toBe(true);
    const { items } = await testApp.container.audit.list({ action: 'setting.change', actorEmail: admin.email }, 1, 10);
    expect(items.map((event) => event.summary)).toEqual([
      'learn_questionnaire_phrasings: false -> true',
      'learn_questionnaire_phrasings: true -> false',
    ]);
  });

  it('refuses editors and a post without the CSRF token', async () => {
    const editor = await signedIn('editor');
    expect((await editor.client.get('/admin/settings')).response.status).toBe(403);
    expect(
      (await editor.client.post('/admin/settings', { _csrf: editor.csrfToken, fourEyes: 'on' })).response.status,
    ).toBe(403);
    const admin = await signedIn('admin');
    expect((await admin.client.post('/admin/settings', { fourEyes: 'on' })).response.status).toBe(403);
    expect(await testApp.container.settings.isFourEyesRequired()).toBe(false);
  });
});

describe('users', () => {
  it('lists staff with role, status, TOTP state and creation date, each linking to its page', async () => {
    const admin = await signedIn('admin');
    const { response, text } = await admin.client.get('/admin/users');
    expect(response.status).toBe(200);
    const row = tableRows(text).find((cells) => cells[1] === admin.email);
    expect(row).toEqual([
      admin.email.split('@')[0],
      admin.email,
      'admin',
      'Active',
      'Off',
      new Date().toISOString().slice(0, 10),
    ]);
    const me = await testApp.repository.findUserByEmail(admin.email);
    expect(text).toContain(`<a href="/admin/users/${me?.id}">${admin.email.split('@')[0]}</a>`);
    expect(text).not.toContain('argon2');
  });

  it('creates a user with a one-time password shown once, which signs in', async () => {
    const admin = await signedIn('admin');
    const { response, text } = await admin.client.post('/admin/users', {
      _csrf: admin.csrfToken,
      email: ' New.Person@Example.test ',
      name: 'New Person',
      role: 'editor',
    });
    expect(response.status).toBe(200);
    expect(text).toContain('New Person (new.person@example.test) can now sign in with the role editor.');
    const password = /<code id="generated-password">([^<]+)<\/code>/.exec(text)?.[1] ?? '';
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    expect(testApp.auditEvents.at(-1)).toMatchObject({
      action: 'user.create',
      actor: { email: admin.email },
      summary: 'created new.person@example.test as editor',
    });

    const list = await admin.client.get('/admin/users');
    expect(list.text).toContain('new.person@example.test');
    expect(list.text).not.toContain(password);
    const person = new CookieClient(testApp.app);
    expect((await person.signIn('new.person@example.test', password)).response.headers.get('location')).toBe('/admin');
    // It is a one-time password: the person must choose their own before anything else.
    expect((await person.request('/admin')).headers.get('location')).toBe('/admin/account/password');
  });

  it('creates a user whose address is written in Swedish letters, who then signs in with it', async () => {
    const admin = await signedIn('admin');
    const { response, text } = await admin.client.post('/admin/users', {
      _csrf: admin.csrfToken,
      email: 'Åsa.Öberg@Företag.se',
      name: 'Åsa Öberg',
      role: 'viewer',
    });
    expect(response.status).toBe(200);
    expect(text).toContain('Åsa Öberg (åsa.öberg@företag.se) can now sign in with the role viewer.');
    const password = /<code id="generated-password">([^<]+)<\/code>/.exec(text)?.[1] ?? '';
    const person = new CookieClient(testApp.app);
    expect((await person.signIn('åsa.öberg@företag.se', password)).response.headers.get('location')).toBe('/admin');
  });

  it('shows problems on the form and answers 409 on the email field for a taken address', async () => {
    const admin = await signedIn('admin');
    const invalid = await admin.client.post('/admin/users', {
      _csrf: admin.csrfToken,
      email: 'not-an-email',
      name: '',
      role: 'owner',
    });
    expect(invalid.response.status).toBe(400);
    expect(invalid.text).toContain('<a href="#email">Enter an email address in the form name@example.com.</a>');
    expect(invalid.text).toContain('<a href="#name">Enter the person&#39;s name.</a>');
    expect(invalid.text).toContain('<a href="#role">Choose a role.</a>');
    expect(invalid.text).toContain('value="not-an-email"');

    const taken = await admin.client.post('/admin/users', {
      _csrf: admin.csrfToken,
      email: admin.email.toUpperCase(),
      name: 'Twin',
      role: 'viewer',
    });
    expect(taken.response.status).toBe(409);
    expect(taken.text).toContain('<a href="#email">A staff account with this email address already exists.</a>');
    expect(taken.text).toMatch(/id="email"[^>]*aria-invalid="true"/);
    expect(taken.text).not.toContain('generated-password');
  });

  it('pages the staff list 50 at a time', async () => {
    const admin = await signedIn('admin');
    const existing = (await testApp.container.staff.listAccounts()).length;
    for (let index = 0; index < 51; index++) {
      await testApp.container.staff.createAccount(
        { email: `bulk${index}@example.test`, name: `Bulk ${index}`, role: 'viewer' },
        undefined,
      );
    }
    const total = existing + 51;
    const first = await admin.client.get('/admin/users');
    expect(first.text).toContain('href="/admin/users?page=2"');
    const second = await admin.client.get('/admin/users?page=2');
    const rows = (/<tbody>([\s\S]*?)<\/tbody>/.exec(second.text)?.[1] ?? '').match(/<tr>/g) ?? [];
    expect(rows.length).toBe(total - 50);
  });

  it('refuses editors', async () => {
    const editor = await signedIn('editor');
    expect((await editor.client.get('/admin/users')).response.status).toBe(403);
    const post = await editor.client.post('/admin/users', {
      _csrf: editor.csrfToken,
      email: 'sneaky@example.test',
      name: 'Sneaky',
      role: 'admin',
    });
    expect(post.response.status).toBe(403);
    expect(await testApp.repository.findUserByEmail('sneaky@example.test')).toBeUndefined();
  });
});
