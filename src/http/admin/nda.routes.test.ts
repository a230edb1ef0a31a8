import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CookieClient, createAdminTestApp } from '../../../test/create-admin-test-app.js';
import { parseCsv } from '../../questionnaire/csv.js';

type AdminTestApp = Awaited<ReturnType<typeof createAdminTestApp>>;
let testApp: AdminTestApp;
const PASSWORD = 'correct horse battery';
const NDA_TEXT = '# Mutual NDA\n\nWhat we share stays between us for **three years**.\n\n<script>alert(1)</script>';
const visitor = { ip: '203.0.113.7', userAgent: 'Test browser 1.0', baseUrl: 'https://trust.example.test' };

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function signIn(email: string, role: 'viewer' | 'editor' | 'admin') {
  const actor = await testApp.createUser(email, PASSWORD, role);
  const client = new CookieClient(testApp.app);
  return { actor, client, csrf: await client.signInForToken(email, PASSWORD) };
}

/** A visitor accepts the NDA for an NDA document and confirms their address. */
async function acceptNda(email: string, name: string) {
  const { container } = testApp;
  await container.access.submitRequest(
    {
      name,
      email,
      company: 'Kund AB',
      reason: '',
      documentSlugs: ['pentest-summary'],
      language: 'sv',
      acceptsNda: true,
    },
    visitor,
  );
  const mails = await container.database.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('recipient', '=', email)
    .orderBy('id')
    .execute();
  const token = /\/request-access\/confirm\/(\S+)/.exec(mails.at(-1)?.body_text ?? '')?.[1] ?? '';
  await container.access.confirm(token, visitor);
}

beforeEach(async () => {
  testApp = await createAdminTestApp({ content: 'none' });
});

afterEach(async () => {
  await testApp.close();
});

describe('the NDA page', () => {
  it('lets only admins publish a version, shows it rendered and sanitized with its SHA-256, and keeps older versions', async () => {
    const viewer = await signIn('viewer@norrsken.example', 'viewer');
    const empty = await viewer.client.get('/admin/nda');
    expect(empty.response.status).toBe(200);
    expect(empty.text).toContain('No NDA has been published');
    expect(empty.text).not.toContain('action="/admin/nda"');
    const refused = await viewer.client.post('/admin/nda', { _csrf: viewer.csrf, label: '2026-1', body: NDA_TEXT });
    expect(refused.response.status).toBe(403);

    const owner = await signIn('owner@norrsken.example', 'admin');
    const blank = await owner.client.post('/admin/nda', { _csrf: owner.csrf, label: '', body: '' });
    expect(blank.response.status).toBe(400);
    expect(blank.text).toContain('<a href="#label">Give a label of 1 to 80 characters</a>');
    expect(blank.text).toContain('<a href="#body">The text must be 1 to 50000 characters</a>');

    const published = await owner.client.post('/admin/nda', { _csrf: owner.csrf, label: '2026-1', body: NDA_TEXT });
    expect(published.response.status).toBe(303);
    const page = await owner.client.get('/admin/nda?done=published');
    expect(page.text).toContain('The new NDA version was published.');
    expect(page.text).toContain(createHash('sha256').update(NDA_TEXT, 'utf8').digest('hex'));
    expect(page.text).toContain('<strong>three years</strong>');
    expect(page.text).not.toContain('<script>alert(1)</script>');

    const again = await owner.client.post('/admin/nda', { _csrf: owner.csrf, label: '2026-2', body: NDA_TEXT });
    expect(again.response.status).toBe(409);
    expect(again.text).toContain('This exact text was published before');

    await owner.client.post('/admin/nda', { _csrf: owner.csrf, label: '2026-2', body: '# Mutual NDA\n\nFive years.' });
    const both = await viewer.client.get('/admin/nda');
    expect(both.text).toContain('Older versions');
    expect(both.text.indexOf('2026-2')).toBeLessThan(both.text.indexOf('2026-1'));
  });

  it('lists acceptances and exports them as a CSV attachment, with an audit event for the export', async () => {
    const owner = await signIn('owner@norrsken.example', 'admin');
    await testApp.container.documents.createDocument(
      { actor: owner.actor },
      'pentest-summary',
      { title: 'Penetration test', description: 'Summary.', category: 'Reports', language: 'en', accessLevel: 'nda' },
      {
        fileName: 'pentest.pdf',
        versionLabel: '2026',
        validFrom: '2026-01-01',
        validUntil: null,
        stream: once(new TextEncoder().encode(`%PDF-1.7\n${'x'.repeat(2000)}\n%%EOF\n`)),
      },
    );
    await owner.client.post('/admin/nda', { _csrf: owner.csrf, label: '2026-1', body: NDA_TEXT });
    await acceptNda('asa@kund.example.se', 'Åsa Öberg-Łukasiewicz');

    const viewer = await signIn('viewer@norrsken.example', 'viewer');
    const page = await viewer.client.get('/admin/nda');
    expect(page.text).toContain('1 acceptance');
    expect(page.text).toContain('Åsa Öberg-Łukasiewicz (asa@kund.example.se)');
    expect(page.text).toContain('203.0.113.7 Test browser 1.0');

    const exported = await viewer.client.get('/admin/nda/acceptances.csv');
    expect(exported.response.status).toBe(200);
    expect(exported.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="tillit-nda-acceptances-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header, row, ...rest] = parseCsv(exported.text);
    expect(rest).toEqual([]);
    expect(header?.slice(0, 3)).toEqual(['accepted_at', 'nda_label', 'nda_sha256']);
    expect(row).toContain('Åsa Öberg-Łukasiewicz');
    expect(row).toContain('asa@kund.example.se');
    expect(row).toContain(createHash('sha256').update(NDA_TEXT, 'utf8').digest('hex'));

    const { items } = await testApp.container.audit.list({ actionPrefix: 'nda.export' }, 1, 10);
    expect(items.map((event) => [event.action, event.actorEmail, event.summary])).toEqual([
      ['nda.export', 'viewer@norrsken.example', 'exported 1 NDA acceptance as CSV'],
    ]);
  });
});
