import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieClient, createAdminTestApp } from '../../../test/create-admin-test-app.js';
import { startSmtpTestServer } from '../../../test/smtp-test-server.js';
import { createTestDatabase } from '../../../test/temporary-database.js';
import { createContainer, prepareDatabase } from '../../container.js';
import type { OutgoingMail } from '../../domain/mail.js';
import type { Role } from '../../domain/staff.js';
import { createSmtpTransport } from '../../mail/smtp-transport.js';
import { createApp } from '../app.js';

type AdminTestApp = Awaited<ReturnType<typeof createAdminTestApp>>;
let testApp: AdminTestApp;
const PASSWORD = 'correct horse battery';
let counter = 0;

// A confirmation mail as the access-request feature will queue it, with markup that must not run.
const confirmation: OutgoingMail = {
  to: 'åsa@kund.example.se',
  subject: 'Bekräfta din begäran <b>nu</b>',
  text: 'Hej Åsa!\n\nBekräfta: https://trust.example.test/request-access/confirm/tok123\n<script>alert(1)</script>',
  language: 'sv',
  kind: 'test',
};

beforeAll(async () => {
  // No SMTP_URL: mail stays in the outbox.
  testApp = await createAdminTestApp({ content: 'none' });
});
afterAll(async () => {
  await testApp.close();
});

async function signedIn(role: Role) {
  const email = `outbox${++counter}@example.test`;
  await testApp.createUser(email, PASSWORD, role);
  const client = new CookieClient(testApp.app);
  return { client, csrfToken: await client.signInForToken(email, PASSWORD) };
}

async function countMail(): Promise<number> {
  const row = await testApp.container.database.db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe('the outbox pages without an SMTP server', () => {
  it('list a queued mail and show its text, escaped, so a link in it can be read; reading it is audited', async () => {
    const id = await testApp.container.mail.enqueue(confirmation);
    const { client } = await signedIn('admin');
    const list = await client.get('/admin/outbox');
    expect(list.response.status).toBe(200);
    expect(list.text).toContain('No SMTP server is set (SMTP_URL), so nothing is sent');
    expect(list.text).toContain('<a class="chip" href="/admin/outbox" aria-current="page">Outbox</a>');
    const row = new RegExp(
      `<tr><td[^>]*>Queued</td><td[^>]*>åsa@kund.example.se</td><td[^>]*><a href="/admin/outbox/${id}">`,
    );
    expect(list.text).toMatch(row);
    expect(list.text).toContain('Bekräfta din begäran &lt;b&gt;nu&lt;/b&gt;');

    const page = await client.get(`/admin/outbox/${id}`);
    expect(page.response.status).toBe(200);
    expect(page.text).toContain('https://trust.example.test/request-access/confirm/tok123');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).toContain(`action="/admin/outbox/${id}/retry"`);
    const { items } = await testApp.container.audit.list({ action: 'mail.view' }, 1, 10);
    expect(items.map((event) => event.targetId)).toContain(String(id));
  });

  it('are refused to staff who are not administrators, and not linked for them', async () => {
    const id = await testApp.container.mail.enqueue(confirmation);
    for (const role of ['viewer', 'editor'] as const) {
      const { client } = await signedIn(role);
      const list = await client.get('/admin/outbox');
      expect(list.response.status).toBe(403);
      expect(list.text).not.toContain('åsa@kund.example.se');
      const page = await client.get(`/admin/outbox/${id}`);
      expect(page.response.status).toBe(403);
      expect(page.text).not.toContain('tok123');
      expect((await client.get('/admin')).text).not.toContain('href="/admin/outbox"');
    }
  });

  it('queue a test mail in the chosen language, audited, and refuse a header injection storing nothing', async () => {
    const { client, csrfToken } = await signedIn('admin');
    const before = await countMail();
    const refused = await client.post('/admin/outbox/test', {
      _csrf: csrfToken,
      to: 'a@b.se\r\nBcc: x@y.se',
      language: 'sv',
    });
    expect(refused.response.status).toBe(400);
    expect(refused.text).toContain('Enter one address in the form name@example.com, without a name or line breaks.');
    const noLanguage = await client.post('/admin/outbox/test', { _csrf: csrfToken, to: 'a@b.se', language: 'de' });
    expect(noLanguage.response.status).toBe(400);
    expect(noLanguage.text).toContain('Choose English or Swedish.');
    expect(await countMail()).toBe(before);

    const sent = await client.post('/admin/outbox/test', {
      _csrf: csrfToken,
      to: 'ops@kund.example.se',
      language: 'sv',
    });
    expect(sent.response.status).toBe(303);
    expect(sent.response.headers.get('location')).toBe('/admin/outbox?done=test');
    expect(await countMail()).toBe(before + 1);
    const list = await client.get('/admin/outbox?done=test');
    expect(list.text).toContain('The test mail is queued.');
    expect(list.text).toMatch(
      /<td[^>]*>Queued<\/td><td[^>]*>ops@kund.example.se<\/td><td[^>]*><a href="[^"]+">Testmejl från Tillit<\/a>/,
    );
    const { items } = await testApp.container.audit.list({ action: 'mail.test' }, 1, 10);
    expect(items[0]?.summary).toBe('queued a test mail to ops@kund.example.se (sv)');
  });

  it('retry a queued mail (audited) and refuse to retry a sent one', async () => {
    const { client, csrfToken } = await signedIn('admin');
    const id = await testApp.container.mail.enqueue(confirmation);
    const retried = await client.post(`/admin/outbox/${id}/retry`, { _csrf: csrfToken });
    expect(retried.response.status).toBe(303);
    expect(retried.response.headers.get('location')).toBe(`/admin/outbox/${id}?done=retry`);
    const { items } = await testApp.container.audit.list({ action: 'mail.retry' }, 1, 10);
    expect(items.map((event) => event.targetId)).toContain(String(id));

    await testApp.container.database.db
      .updateTable('mail_outbox')
      .set({ status: 'sent', sent_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    const refused = await client.post(`/admin/outbox/${id}/retry`, { _csrf: csrfToken });
    expect(refused.response.status).toBe(409);
    expect(refused.text).toContain('The mail was not retried');
    expect(refused.text).not.toContain(`action="/admin/outbox/${id}/retry"`);
  });

  it('pages the outbox 100 mails at a time, newest first', async () => {
    const { client } = await signedIn('admin');
    const total = await countMail();
    for (let index = total; index < 101; index++) {
      await testApp.container.mail.enqueue({ ...confirmation, subject: `Mail number ${index}` });
    }
    const all = await countMail();
    const first = await client.get('/admin/outbox');
    expect(first.text).toContain(`${all} mails`);
    expect(first.text.match(/<tr><td[ >]/g)).toHaveLength(100);
    expect(first.text).toContain('rel="next"');
    const second = await client.get('/admin/outbox?page=2');
    expect(second.text.match(/<tr><td[ >]/g)).toHaveLength(all - 100);
    // The oldest mail is last.
    expect(second.text).toContain('<a href="/admin/outbox/1">');
  });
});

describe('the test mail with an SMTP server', () => {
  it('reaches the server, in Swedish, from the configured address', async () => {
    const smtp = await startSmtpTestServer();
    const database = await createTestDatabase();
    const container = createContainer({
      databaseUrl: database.url,
      mail: { from: 'tillit@trust.example.test', transportFactory: () => createSmtpTransport(smtp.url) },
    });
    try {
      await prepareDatabase(container, undefined);
      await container.staff.createAccount(
        { email: 'admin@example.test', name: 'Admin Åberg', role: 'admin', password: PASSWORD },
        undefined,
      );
      const client = new CookieClient(createApp(container, { publicUrl: 'https://trust.example.test' }));
      const csrfToken = await client.signInForToken('admin@example.test', PASSWORD);
      expect((await client.get('/admin/outbox')).text).toContain(
        'Mail is sent through the SMTP server set in SMTP_URL.',
      );
      await client.post('/admin/outbox/test', { _csrf: csrfToken, to: 'ops@kund.example.se', language: 'sv' });
      const mail = await smtp.waitForMessage();
      expect(mail.from).toBe('tillit@trust.example.test');
      expect(mail.to).toBe('ops@kund.example.se');
      expect(mail.subject).toBe('Testmejl från Tillit');
      expect(mail.text).toContain('köat av Admin Åberg');
    } finally {
      await container.close();
      await database.remove();
      await smtp.stop();
    }
  });
});
