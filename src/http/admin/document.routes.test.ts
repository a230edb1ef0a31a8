import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CookieClient, createAdminTestApp } from '../../../test/create-admin-test-app.js';

const PASSWORD = 'correct horse battery staple';
const MAX_BYTES = 300 * 1024;
let testApp: Awaited<ReturnType<typeof createAdminTestApp>>;

beforeEach(async () => {
  // Without the example folder's documents, so the counts below are this file's own.
  testApp = await createAdminTestApp({ documentMaxBytes: MAX_BYTES, content: 'minimal' });
  await testApp.createUser('root@example.test', PASSWORD, 'admin');
  await testApp.createUser('ed@example.test', PASSWORD, 'editor');
  await testApp.createUser('vic@example.test', PASSWORD, 'viewer');
});
afterEach(async () => {
  await testApp.close();
});

function signIn(email: string) {
  return testApp.signInClient(email, PASSWORD, '/admin/account/password');
}

function pdf(text: string): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.7\n${text}\n%%EOF\n`);
}

async function postForm(
  client: CookieClient,
  path: string,
  fields: Record<string, string>,
  file?: { name: string; bytes: Uint8Array },
): Promise<{ response: Response; text: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (file) form.set('file', new File([Buffer.from(file.bytes)], file.name));
  const response = await client.request(path, { method: 'POST', body: form });
  return { response, text: await response.text() };
}

const NEW_DOCUMENT = {
  slug: 'soc-2-report',
  title: 'SOC 2 Type II report',
  description: 'The auditor’s report for 2026.',
  category: 'Reports',
  language: 'en',
  accessLevel: 'nda',
  versionLabel: '2026',
  validFrom: '2026-01-01',
  validUntil: '2027-01-01',
};

async function stored() {
  const { db } = testApp.container.database;
  return {
    documents: (await db.selectFrom('document').selectAll().execute()).length,
    versions: (await db.selectFrom('document_version').selectAll().execute()).length,
    chunks: (await db.selectFrom('document_chunk').selectAll().execute()).length,
    audit: (await db.selectFrom('audit_event').select('action').where('action', 'like', 'document.%').execute()).map(
      (row) => row.action,
    ),
  };
}

describe('document pages in the staff area', () => {
  it('lets an editor create a document, upload a new version, see the history with SHA-256 and archive it', async () => {
    const { client, csrfToken } = await signIn('ed@example.test');
    const form = await client.get('/admin/documents/new');
    expect(form.response.status).toBe(200);
    expect(form.text).toContain('enctype="multipart/form-data"');

    const first = pdf('first');
    const created = await postForm(
      client,
      '/admin/documents',
      { _csrf: csrfToken, ...NEW_DOCUMENT },
      { name: 'soc2-2026.pdf', bytes: first },
    );
    expect(created.response.status).toBe(303);
    expect(created.response.headers.get('location')).toBe('/admin/documents/soc-2-report?done=created');

    const second = pdf('second');
    const uploaded = await postForm(
      client,
      '/admin/documents/soc-2-report/versions',
      { _csrf: csrfToken, versionLabel: '2026.1', validFrom: '2026-03-01', validUntil: '' },
      { name: 'soc2-2026-1.pdf', bytes: second },
    );
    expect(uploaded.response.status).toBe(303);

    const detail = await client.get('/admin/documents/soc-2-report');
    expect(detail.text).toContain(createHash('sha256').update(first).digest('hex'));
    expect(detail.text).toContain(createHash('sha256').update(second).digest('hex'));
    expect(detail.text.indexOf('soc2-2026-1.pdf')).toBeLessThan(detail.text.indexOf('soc2-2026.pdf'));

    const saved = await client.post('/admin/documents/soc-2-report', {
      _csrf: csrfToken,
      title: 'SOC 2 Type II report 2026',
      description: '',
      category: 'Reports',
      language: 'en',
      accessLevel: 'request',
    });
    expect(saved.response.status).toBe(303);

    const archived = await client.post('/admin/documents/soc-2-report/archive', { _csrf: csrfToken });
    expect(archived.response.headers.get('location')).toBe('/admin/documents?done=archived');
    const list = await client.get('/admin/documents?done=archived');
    expect(list.text).toContain('The document has been archived.');
    expect(list.text).toContain('Archived');
    expect(await stored()).toMatchObject({
      documents: 1,
      versions: 2,
      audit: ['document.create', 'document.version', 'document.update', 'document.archive'],
    });
  });

  it('refuses a fake PDF on the file field, naming the file, and stores nothing', async () => {
    const { client, csrfToken } = await signIn('ed@example.test');
    const refused = await postForm(
      client,
      '/admin/documents',
      { _csrf: csrfToken, ...NEW_DOCUMENT },
      { name: 'report.pdf', bytes: new TextEncoder().encode('MZ this is a program') },
    );
    expect(refused.response.status).toBe(400);
    expect(refused.text).toContain('href="#file"');
    expect(refused.text).toContain('report.pdf: the file is not a PDF: it does not begin with %PDF-');
    // What was typed is kept.
    expect(refused.text).toContain('value="SOC 2 Type II report"');
    expect(await stored()).toEqual({ documents: 0, versions: 0, chunks: 0, audit: [] });
  });

  it('asks for a file when none is chosen, and reports metadata problems on their fields', async () => {
    const { client, csrfToken } = await signIn('ed@example.test');
    const noFile = await postForm(client, '/admin/documents', { _csrf: csrfToken, ...NEW_DOCUMENT });
    expect(noFile.response.status).toBe(400);
    expect(noFile.text).toContain('Choose a file to upload.');
    const badDates = await postForm(
      client,
      '/admin/documents',
      { _csrf: csrfToken, ...NEW_DOCUMENT, validFrom: '2026-13-01', language: 'Swedish' },
      { name: 'a.pdf', bytes: pdf('x') },
    );
    expect(badDates.response.status).toBe(400);
    expect(badDates.text).toContain('href="#language"');
    expect(badDates.text).toContain('href="#validFrom"');
    expect((await stored()).documents).toBe(0);
  });

  it('refuses an upload over DOCUMENT_MAX_BYTES and stores nothing', async () => {
    const { client, csrfToken } = await signIn('ed@example.test');
    const big = new Uint8Array(MAX_BYTES + 1);
    big.set(pdf('big'));
    const refused = await postForm(
      client,
      '/admin/documents',
      { _csrf: csrfToken, ...NEW_DOCUMENT },
      { name: 'big.pdf', bytes: big },
    );
    expect(refused.response.status).toBe(413);
    expect(refused.text).toContain('big.pdf: the file is larger than 300 KB');
    const huge = await postForm(
      client,
      '/admin/documents',
      { _csrf: csrfToken, ...NEW_DOCUMENT },
      { name: 'huge.pdf', bytes: new Uint8Array(MAX_BYTES + 128 * 1024) },
    );
    expect(huge.response.status).toBe(413);
    expect(huge.text).toContain('Documents may be at most 300 KB. Nothing was stored.');
    expect(await stored()).toEqual({ documents: 0, versions: 0, chunks: 0, audit: [] });
  });

  it('shows a viewer the list and a document read-only, and refuses their changes', async () => {
    const editor = await signIn('ed@example.test');
    await postForm(
      editor.client,
      '/admin/documents',
      { _csrf: editor.csrfToken, ...NEW_DOCUMENT },
      { name: 'soc2.pdf', bytes: pdf('x') },
    );
    const { client, csrfToken } = await signIn('vic@example.test');
    const list = await client.get('/admin/documents');
    expect(list.text).toContain('SOC 2 Type II report');
    expect(list.text).not.toContain('href="/admin/documents/new"');
    const detail = await client.get('/admin/documents/soc-2-report');
    expect(detail.text).not.toContain('action="/admin/documents/soc-2-report/versions"');
    expect(detail.text).not.toContain('action="/admin/documents/soc-2-report/archive"');
    const refused = await postForm(
      client,
      '/admin/documents/soc-2-report/versions',
      { _csrf: csrfToken, versionLabel: '2', validFrom: '2026-01-01' },
      { name: 'x.pdf', bytes: pdf('x') },
    );
    expect(refused.response.status).toBe(403);
    expect((await stored()).versions).toBe(1);
  });

  it('refuses an upload without the CSRF token before storing anything', async () => {
    const { client } = await signIn('ed@example.test');
    const refused = await postForm(client, '/admin/documents', { ...NEW_DOCUMENT }, { name: 'a.pdf', bytes: pdf('a') });
    expect(refused.response.status).toBe(403);
    expect(refused.text).toContain('The form has expired');
    expect((await stored()).documents).toBe(0);
  });

  it('lists expired and soon-expiring documents on the dashboard', async () => {
    const { client, csrfToken } = await signIn('ed@example.test');
    await postForm(
      client,
      '/admin/documents',
      { _csrf: csrfToken, ...NEW_DOCUMENT, validFrom: '2019-01-01', validUntil: '2020-06-30' },
      { name: 'old.pdf', bytes: pdf('old') },
    );
    const dashboard = await client.get('/admin');
    expect(dashboard.text).toContain('Documents expired or expiring within 30 days');
    expect(dashboard.text).toContain('<a href="/admin/documents/soc-2-report">SOC 2 Type II report</a>');
    expect(dashboard.text).toContain('expired 2020-06-30');
  });

  it('lets an administrator name the document of a certification on its form, refusing an unknown one', async () => {
    const editor = await signIn('ed@example.test');
    await postForm(
      editor.client,
      '/admin/documents',
      { _csrf: editor.csrfToken, ...NEW_DOCUMENT, accessLevel: 'public' },
      { name: 'soc2.pdf', bytes: pdf('x') },
    );
    const { client, csrfToken } = await signIn('root@example.test');
    const form = {
      _csrf: csrfToken,
      name: 'SOC 2 Type II',
      issuer: 'Example Audit AB',
      certificateNumber: 'EA-1',
      scope: 'The platform.',
      validFrom: '2026-01-01',
      validUntil: '2027-01-01',
    };
    const refused = await client.post('/admin/certifications', { ...form, document: 'no-such-report' });
    expect(refused.response.status).toBe(400);
    expect(refused.text).toContain('href="#document"');
    expect(refused.text).toContain('No document &quot;no-such-report&quot;');
    const created = await client.post('/admin/certifications', { ...form, document: 'soc-2-report' });
    expect(created.response.status).toBe(303);
    const list = await testApp.container.siteContent.listCertifications(1, 100);
    expect(list.items.find((item) => item.name === 'SOC 2 Type II')?.document).toBe('soc-2-report');
  });
});

describe('a document in Swedish', () => {
  it('saves the Swedish title and description beside the English, shows them again, audits them and can remove them', async () => {
    const { client, csrfToken } = await signIn('ed@example.test');
    await postForm(
      client,
      '/admin/documents',
      { _csrf: csrfToken, ...NEW_DOCUMENT },
      { name: 'soc2-2026.pdf', bytes: pdf('first') },
    );
    const english = {
      title: NEW_DOCUMENT.title,
      description: NEW_DOCUMENT.description,
      category: NEW_DOCUMENT.category,
      language: NEW_DOCUMENT.language,
      accessLevel: NEW_DOCUMENT.accessLevel,
    };
    const refused = await client.post('/admin/documents/soc-2-report', {
      _csrf: csrfToken,
      ...english,
      svTitle: ' ',
      svDescription: 'Revisorns rapport.',
    });
    expect(refused.response.status).toBe(400);
    expect(refused.text).toMatch(/id="svTitle-error"><strong>Error:<\/strong> The Swedish title is required/);

    const saved = await client.post('/admin/documents/soc-2-report', {
      _csrf: csrfToken,
      ...english,
      svTitle: 'SOC 2 typ II-rapport',
      svDescription: 'Revisorns rapport för 2026.',
    });
    expect(saved.response.status).toBe(303);
    const [document] = (await testApp.container.content.getContent()).documentTranslations ?? [];
    expect(document).toEqual({
      slug: 'soc-2-report',
      translations: { sv: { title: 'SOC 2 typ II-rapport', description: 'Revisorns rapport för 2026.' } },
    });
    const detail = await client.get('/admin/documents/soc-2-report');
    expect(detail.text).toContain('value="SOC 2 typ II-rapport"');
    const events = await testApp.container.audit.list({ action: 'document.update' }, 1, 10);
    expect(events.items[0]?.summary).toBe('changed title (Swedish), description (Swedish)');

    await client.post('/admin/documents/soc-2-report', {
      _csrf: csrfToken,
      ...english,
      svTitle: '',
      svDescription: '',
    });
    expect((await testApp.container.content.getContent()).documentTranslations).toEqual([]);
  });
});
