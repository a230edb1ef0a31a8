import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CookieClient, createAdminTestApp } from '../../../test/create-admin-test-app.js';
import type { AccessLevel } from '../../domain/document.js';
import type { Actor, Role } from '../../domain/staff.js';
import type { VisitorContext } from '../../services/access.service.js';

type AdminTestApp = Awaited<ReturnType<typeof createAdminTestApp>>;
let testApp: AdminTestApp;
let admin: Actor;
const PASSWORD = 'correct horse battery';
const visitor: VisitorContext = {
  ip: '203.0.113.7',
  userAgent: 'Test browser 1.0',
  baseUrl: 'https://trust.example.test',
};

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function addDocument(slug: string, accessLevel: AccessLevel): Promise<number> {
  const document = await testApp.container.documents.createDocument(
    { actor: admin },
    slug,
    { title: `Document ${slug}`, description: 'A test document.', category: 'Reports', language: 'en', accessLevel },
    {
      fileName: `${slug}.pdf`,
      versionLabel: '2026',
      validFrom: '2026-01-01',
      validUntil: null,
      stream: once(new TextEncoder().encode(`%PDF-1.7\n% ${slug}\n${'x'.repeat(2000)}\n%%EOF\n`)),
    },
  );
  return document.id;
}

function outbox() {
  return testApp.container.database.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
}

async function mailsTo(address: string) {
  return (await outbox()).filter((mail) => mail.recipient === address);
}

/** A visitor asks for documents and confirms their address; answers the request's id. */
async function submitConfirmed(email: string, slugs: string[], name = 'Åsa Öberg'): Promise<number> {
  await testApp.container.access.submitRequest(
    {
      name,
      email,
      company: 'Kund AB',
      reason: 'Supplier review before signing.',
      documentSlugs: slugs,
      language: 'en',
      acceptsNda: true,
    },
    visitor,
  );
  const mail = (await mailsTo(email)).at(-1);
  const token = /\/request-access\/confirm\/(\S+)/.exec(mail?.body_text ?? '')?.[1] ?? '';
  await testApp.container.access.confirm(token, visitor);
  const { items } = await testApp.container.access.listRequests(admin, [], 1);
  const request = items.find((item) => item.email === email);
  if (!request) throw new Error(`no confirmed request from ${email}`);
  return request.id;
}

async function signIn(role: Role): Promise<{ client: CookieClient; csrf: string }> {
  const email = `${role}@norrsken.example`;
  await testApp.createUser(email, PASSWORD, role);
  const client = new CookieClient(testApp.app);
  return { client, csrf: await client.signInForToken(email, PASSWORD) };
}

async function auditActions(prefix: string): Promise<string[]> {
  const { items } = await testApp.container.audit.list({ actionPrefix: prefix }, 1, 50);
  return items.map((event) => event.action);
}

beforeEach(async () => {
  testApp = await createAdminTestApp({ content: 'none' });
  admin = await testApp.createUser('owner@norrsken.example', PASSWORD, 'admin');
});

afterEach(async () => {
  await testApp.close();
});

describe('the request list', () => {
  it('shows confirmed requests with requester, company, documents and status, filters by status, and counts pending ones on the dashboard', async () => {
    await addDocument('supplier-review', 'request');
    const id = await submitConfirmed('asa@kund.example.se', ['supplier-review']);
    // An unconfirmed request is never shown.
    await testApp.container.access.submitRequest(
      {
        name: 'Not Confirmed',
        email: 'nobody@other.example',
        company: 'Other AB',
        reason: '',
        documentSlugs: ['supplier-review'],
        language: 'en',
        acceptsNda: false,
      },
      visitor,
    );
    const { client } = await signIn('viewer');

    const list = await client.get('/admin/access');
    expect(list.response.status).toBe(200);
    expect(list.text).toContain(`href="/admin/access/${id}"`);
    expect(list.text).toContain('Åsa Öberg');
    expect(list.text).toContain('asa@kund.example.se');
    expect(list.text).toContain('Kund AB');
    expect(list.text).toContain('Document supplier-review');
    expect(list.text).toContain('<strong>waiting</strong>');
    expect(list.text).toContain('Waiting for staff');
    expect(list.text).toContain('1 request');
    expect(list.text).not.toContain('nobody@other.example');
    expect(list.text).toContain('<a class="chip" href="/admin/access" aria-current="page">Access requests</a>');

    const denied = await client.get('/admin/access?status=denied');
    expect(denied.text).toContain('0 requests');
    expect(denied.text).not.toContain('asa@kund.example.se');
    const pending = await client.get('/admin/access?status=pending');
    expect(pending.text).toContain('asa@kund.example.se');

    const dashboard = await client.get('/admin');
    expect(dashboard.text).toContain('<a href="/admin/access?status=pending">1 access request is waiting for you</a>');
  });

  it('shows 50 requests a page, counted in SQL, with a link to the next page', async () => {
    await addDocument('supplier-review', 'request');
    for (let index = 0; index < 51; index++) {
      await testApp.container.access.submitRequest(
        {
          name: `Person ${index}`,
          email: `person${index}@kund.example.se`,
          company: 'Kund AB',
          reason: '',
          documentSlugs: ['supplier-review'],
          language: 'en',
          acceptsNda: false,
        },
        visitor,
      );
      const mail = (await mailsTo(`person${index}@kund.example.se`)).at(-1);
      await testApp.container.access.confirm(/confirm\/(\S+)/.exec(mail?.body_text ?? '')?.[1] ?? '', visitor);
    }
    const { client } = await signIn('viewer');
    const first = await client.get('/admin/access');
    expect(first.text).toContain('51 requests');
    expect(first.text.match(/href="\/admin\/access\/\d+"/g)).toHaveLength(50);
    expect(first.text).toContain('href="/admin/access?page=2"');
    const second = await client.get('/admin/access?page=2');
    expect(second.text.match(/href="\/admin\/access\/\d+"/g)).toHaveLength(1);
    // The oldest request is the one left for the second page.
    expect(second.text).toContain('person0@kund.example.se');
  });
});

describe('one request', () => {
  it('shows the reason and documents to everyone, and the decide and ask forms only to those who may publish', async () => {
    await addDocument('supplier-review', 'request');
    const id = await submitConfirmed('asa@kund.example.se', ['supplier-review']);
    const viewer = await signIn('viewer');
    const page = await viewer.client.get(`/admin/access/${id}`);
    expect(page.response.status).toBe(200);
    expect(page.text).toContain('Supplier review before signing.');
    expect(page.text).toContain('Document supplier-review');
    expect(page.text).not.toContain(`action="/admin/access/${id}/decide"`);
    expect(page.text).not.toContain(`action="/admin/access/${id}/ask"`);

    const editor = await signIn('editor');
    const editorPage = await editor.client.get(`/admin/access/${id}`);
    expect(editorPage.text).toContain(`action="/admin/access/${id}/decide"`);
    expect(editorPage.text).toContain(`action="/admin/access/${id}/ask"`);
    expect(editorPage.text).toContain('name="_csrf"');
    // Every pending document is offered ticked, and an empty end of access means the operator's default.
    expect(editorPage.text).toMatch(/name="grant" type="checkbox" value="\d+" checked=""/);
    expect(editorPage.text).toContain('Leave empty for the default: 90 days from today.');
    expect(editorPage.text).toContain('id="expiresOn" name="expiresOn" type="date" value=""');

    expect((await viewer.client.get('/admin/access/999')).response.status).toBe(404);
    expect((await viewer.client.get('/admin/access/people')).response.status).toBe(200);
  });

  it('grants the ticked documents until the chosen date, denies the rest, and mails the requester a link on the public origin', async () => {
    const reviewId = await addDocument('supplier-review', 'request');
    await addDocument('pentest-summary', 'request');
    const id = await submitConfirmed('asa@kund.example.se', ['supplier-review', 'pentest-summary']);
    const viewer = await signIn('viewer');
    const editor = await signIn('editor');
    const before = (await mailsTo('asa@kund.example.se')).length;

    const refused = await viewer.client.post(`/admin/access/${id}/decide`, {
      _csrf: viewer.csrf,
      grant: String(reviewId),
    });
    expect(refused.response.status).toBe(403);

    const decided = await editor.client.post(
      `/admin/access/${id}/decide`,
      { _csrf: editor.csrf, grant: String(reviewId), expiresOn: '2099-06-30', note: '' },
      { host: 'evil.example' },
    );
    expect(decided.response.status).toBe(303);
    expect(decided.response.headers.get('location')).toBe(`/admin/access/${id}?done=decided`);

    const page = await editor.client.get(`/admin/access/${id}?done=decided`);
    expect(page.text).toContain('The decision was saved and the requester was mailed.');
    expect(page.text).toContain('Partly approved');
    expect(page.text).toMatch(/Document supplier-review \(by request\): <strong>granted<\/strong>/);
    expect(page.text).toMatch(/Document pentest-summary \(by request\): <strong>denied<\/strong>/);
    expect(page.text).toContain('<time datetime="2099-06-30T23:59:59.000Z">2099-06-30 23:59</time>');
    expect(page.text).toContain('editor@norrsken.example');
    // Nothing is pending any more, so there is nothing left to decide.
    expect(page.text).not.toContain(`action="/admin/access/${id}/decide"`);

    const mails = await mailsTo('asa@kund.example.se');
    expect(mails).toHaveLength(before + 1);
    const mail = mails.at(-1);
    expect(mail?.kind).toBe('access_granted');
    expect(mail?.body_text).toContain('https://trust.example.test/access/');
    expect(mail?.body_text).not.toContain('evil.example');
    expect(await auditActions('access.')).toContain('access.decide');
  });

  it('denies the whole request with the note as its reason when no document is ticked', async () => {
    await addDocument('supplier-review', 'request');
    const id = await submitConfirmed('asa@kund.example.se', ['supplier-review']);
    const editor = await signIn('editor');
    const decided = await editor.client.post(`/admin/access/${id}/decide`, {
      _csrf: editor.csrf,
      expiresOn: '',
      note: 'We share this report with customers only.',
    });
    expect(decided.response.status).toBe(303);
    const page = await editor.client.get(`/admin/access/${id}`);
    expect(page.text).toContain('<dd>Denied</dd>');
    expect(page.text).toContain('We share this report with customers only.');
    const mail = (await mailsTo('asa@kund.example.se')).at(-1);
    expect(mail?.kind).toBe('access_denied');
    expect(mail?.body_text).toContain('We share this report with customers only.');
    const grants = await testApp.container.database.db.selectFrom('access_grant').selectAll().execute();
    expect(grants).toEqual([]);
  });

  it('refuses an end of access in the past on its field, and changes nothing', async () => {
    const reviewId = await addDocument('supplier-review', 'request');
    const id = await submitConfirmed('asa@kund.example.se', ['supplier-review']);
    const editor = await signIn('editor');
    const mailsBefore = (await outbox()).length;
    const refused = await editor.client.post(`/admin/access/${id}/decide`, {
      _csrf: editor.csrf,
      grant: String(reviewId),
      expiresOn: '2001-01-01',
      note: 'Welcome',
    });
    expect(refused.response.status).toBe(400);
    expect(refused.text).toContain('<a href="#expiresOn">The end of access must be in the future</a>');
    expect(refused.text).toContain('aria-invalid="true"');
    expect(refused.text).toContain('value="2001-01-01"');
    expect(refused.text).toContain('Welcome</textarea>');
    expect((await outbox()).length).toBe(mailsBefore);
    expect(await testApp.container.database.db.selectFrom('access_grant').selectAll().execute()).toEqual([]);

    const tampered = await editor.client.post(`/admin/access/${id}/decide`, { _csrf: editor.csrf, grant: '1 OR 1=1' });
    expect(tampered.response.status).toBe(400);
  });

  it('asks the requester for more information by mail, and refuses an empty question on its field', async () => {
    await addDocument('supplier-review', 'request');
    const id = await submitConfirmed('asa@kund.example.se', ['supplier-review']);
    const editor = await signIn('editor');
    const empty = await editor.client.post(`/admin/access/${id}/ask`, { _csrf: editor.csrf, question: '  ' });
    expect(empty.response.status).toBe(400);
    expect(empty.text).toContain('<a href="#question">Write 1 to 2000 characters</a>');

    const asked = await editor.client.post(`/admin/access/${id}/ask`, {
      _csrf: editor.csrf,
      question: 'Which service would you use?',
    });
    expect(asked.response.status).toBe(303);
    const page = await editor.client.get(`/admin/access/${id}?done=asked`);
    expect(page.text).toContain('More information asked for');
    expect(page.text).toContain('Which service would you use?');
    const mail = (await mailsTo('asa@kund.example.se')).at(-1);
    expect(mail?.kind).toBe('access_info');
    expect(mail?.body_text).toContain('https://trust.example.test/access/');

    // Asked already: the request waits for the requester, so asking again is a conflict shown on the page.
    const again = await editor.client.post(`/admin/access/${id}/ask`, { _csrf: editor.csrf, question: 'And?' });
    expect(again.response.status).toBe(409);
    expect(again.text).toContain('Only a request waiting for staff can be asked about.');
  });

  it('revokes an active grant at once, for those who may publish only', async () => {
    const reviewId = await addDocument('supplier-review', 'request');
    const id = await submitConfirmed('asa@kund.example.se', ['supplier-review']);
    const editor = await signIn('editor');
    await editor.client.post(`/admin/access/${id}/decide`, { _csrf: editor.csrf, grant: String(reviewId) });
    const grant = await testApp.container.database.db.selectFrom('access_grant').select('id').executeTakeFirstOrThrow();
    const page = await editor.client.get(`/admin/access/${id}`);
    expect(page.text).toContain(`action="/admin/access/grants/${grant.id}/revoke"`);

    const viewer = await signIn('viewer');
    const refused = await viewer.client.post(`/admin/access/grants/${grant.id}/revoke`, { _csrf: viewer.csrf });
    expect(refused.response.status).toBe(403);

    const revoked = await editor.client.post(`/admin/access/grants/${grant.id}/revoke`, { _csrf: editor.csrf });
    expect(revoked.response.status).toBe(303);
    expect(revoked.response.headers.get('location')).toBe(`/admin/access/${id}?done=revoked`);
    const after = await editor.client.get(`/admin/access/${id}?done=revoked`);
    expect(after.text).toContain('Revoked <time');
    expect(after.text).not.toContain(`action="/admin/access/grants/${grant.id}/revoke"`);
    const row = await testApp.container.database.db
      .selectFrom('access_grant')
      .select(['revoked_at', 'revoked_by'])
      .executeTakeFirstOrThrow();
    expect(row.revoked_by).toBe('editor@norrsken.example');
    expect(await auditActions('access.')).toContain('access.revoke');

    const twice = await editor.client.post(`/admin/access/grants/${grant.id}/revoke`, { _csrf: editor.csrf });
    expect(twice.response.status).toBe(409);
  });
});

describe('people, companies and erasure', () => {
  it('summarizes per person and per company, and shows one person’s requests, grants and downloads', async () => {
    const reviewId = await addDocument('supplier-review', 'request');
    const id = await submitConfirmed('asa@kund.example.se', ['supplier-review']);
    await testApp.container.access.decide({ actor: admin, baseUrl: visitor.baseUrl }, id, {
      grantDocumentIds: [reviewId],
      expiresOn: undefined,
      note: '',
    });
    const { items } = await testApp.container.access.listRequests(admin, [], 1);
    const requesterId = items[0]?.requesterId;
    const { client } = await signIn('viewer');

    const people = await client.get('/admin/access/people');
    expect(people.text).toContain(`href="/admin/access/people/${requesterId}"`);
    expect(people.text).toContain('1 active of 1');
    const companies = await client.get('/admin/access/companies');
    expect(companies.text).toContain('Kund AB');

    const person = await client.get(`/admin/access/people/${requesterId}`);
    expect(person.response.status).toBe(200);
    expect(person.text).toContain('asa@kund.example.se');
    expect(person.text).toContain('Document supplier-review');
    expect(person.text).toContain('No downloads.');
    // Only administrators are offered erasure.
    expect(person.text).not.toContain('/erase"');
  });

  it('lets only an admin erase a person, only with the confirmation ticked, and then shows no personal data', async () => {
    await addDocument('supplier-review', 'request');
    await submitConfirmed('asa@kund.example.se', ['supplier-review']);
    const { items } = await testApp.container.access.listRequests(admin, [], 1);
    const requesterId = items[0]?.requesterId ?? 0;
    const editor = await signIn('editor');
    const refused = await editor.client.post(`/admin/access/people/${requesterId}/erase`, {
      _csrf: editor.csrf,
      confirm: 'on',
    });
    expect(refused.response.status).toBe(403);

    const owner = new CookieClient(testApp.app);
    const csrf = await owner.signInForToken('owner@norrsken.example', PASSWORD);
    const page = await owner.get(`/admin/access/people/${requesterId}`);
    expect(page.text).toContain(`action="/admin/access/people/${requesterId}/erase"`);
    expect(page.text).toContain('It keeps the fact that access happened');

    const unconfirmed = await owner.post(`/admin/access/people/${requesterId}/erase`, { _csrf: csrf });
    expect(unconfirmed.response.status).toBe(400);
    expect(unconfirmed.text).toContain('Tick the box to confirm the erasure.');
    expect(unconfirmed.text).toContain('asa@kund.example.se');

    const erased = await owner.post(`/admin/access/people/${requesterId}/erase`, { _csrf: csrf, confirm: 'on' });
    expect(erased.response.status).toBe(303);
    const after = await owner.get(`/admin/access/people/${requesterId}?done=erased`);
    expect(after.text).toContain('The requester was erased.');
    expect(after.text).toContain('Erased requester');
    expect(after.text).not.toContain('asa@kund.example.se');
    expect(after.text).not.toContain('Åsa');
    expect(after.text).not.toContain('/erase"');
    expect((await owner.get('/admin/access')).text).not.toContain('asa@kund.example.se');
    expect(await auditActions('access.')).toContain('access.erase');
  });
});

describe('domain rules and switches', () => {
  it('lets admins add and delete rules, and refuses a wildcard in an odd place on the domain field', async () => {
    const owner = new CookieClient(testApp.app);
    const csrf = await owner.signInForToken('owner@norrsken.example', PASSWORD);

    const odd = await owner.post('/admin/access/rules', {
      _csrf: csrf,
      pattern: 'exa*mple.se',
      action: 'approve',
      maxLevel: 'nda',
    });
    expect(odd.response.status).toBe(400);
    expect(odd.text).toContain(
      '<a href="#pattern">The domain may hold a wildcard only as its whole first part, as in *.example.se</a>',
    );
    expect(odd.text).toContain('value="exa*mple.se"');
    expect(await testApp.container.access.listRules(admin)).toEqual([]);

    const badAction = await owner.post('/admin/access/rules', { _csrf: csrf, pattern: 'kund.example.se', action: 'x' });
    expect(badAction.response.status).toBe(400);
    expect(badAction.text).toContain('<a href="#action">Choose approve or deny.</a>');

    const added = await owner.post('/admin/access/rules', {
      _csrf: csrf,
      pattern: '*.Kund.example.se',
      action: 'approve',
      maxLevel: 'request',
    });
    expect(added.response.status).toBe(303);
    const page = await owner.get('/admin/access/rules?done=added');
    expect(page.text).toContain('The rule was added.');
    expect(page.text).toContain('<code>*.kund.example.se</code>');
    expect(page.text).toContain('Approve up to by request');

    const duplicate = await owner.post('/admin/access/rules', {
      _csrf: csrf,
      pattern: '*.kund.example.se',
      action: 'deny',
      maxLevel: '',
    });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.text).toContain('There is already a rule for *.kund.example.se');

    const [rule] = await testApp.container.access.listRules(admin);
    const editor = await signIn('editor');
    expect((await editor.client.get('/admin/access/rules')).text).not.toContain('/delete"');
    const refused = await editor.client.post(`/admin/access/rules/${rule?.id}/delete`, { _csrf: editor.csrf });
    expect(refused.response.status).toBe(403);

    const deleted = await owner.post(`/admin/access/rules/${rule?.id}/delete`, { _csrf: csrf });
    expect(deleted.response.status).toBe(303);
    expect(await testApp.container.access.listRules(admin)).toEqual([]);
    expect(await auditActions('access.rule')).toEqual(['access.rule_delete', 'access.rule_add']);
  });

  it('shows the free-mail list and saves the two switches for admins only', async () => {
    const editor = await signIn('editor');
    const page = await editor.client.get('/admin/access/rules');
    expect(page.text).toContain('gmail.com');
    expect(page.text).not.toContain('Save the switches');
    const refused = await editor.client.post('/admin/access/settings', { _csrf: editor.csrf, denyFreeMail: 'on' });
    expect(refused.response.status).toBe(403);
    expect(await testApp.container.settings.isFreeMailDenied()).toBe(false);

    const owner = new CookieClient(testApp.app);
    const csrf = await owner.signInForToken('owner@norrsken.example', PASSWORD);
    const saved = await owner.post('/admin/access/settings', { _csrf: csrf, denyFreeMail: 'on' });
    expect(saved.response.status).toBe(303);
    expect(await testApp.container.settings.isFreeMailDenied()).toBe(true);
    // Unticked means off.
    expect(await testApp.container.settings.isNdaClickThrough()).toBe(false);
    const after = await owner.get('/admin/access/rules?done=saved');
    expect(after.text).toContain('The switches were saved.');
    expect(after.text).toMatch(/id="denyFreeMail" name="denyFreeMail" type="checkbox" value="on" checked=""/);
  });
});
