import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp } from '../../../test/create-admin-test-app.js';
import type { DocumentFields } from '../../domain/document.js';

let testApp: Awaited<ReturnType<typeof createAdminTestApp>>;

/** A PDF-looking file with varied bytes, long enough to span several stored chunks. */
function pdfBytes(size: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode('%PDF-1.7\n'));
  for (let index = 9; index < size; index += 1) bytes[index] = (index * seed + (index >> 9)) % 253;
  return bytes;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

const CERTIFICATE = pdfBytes(700_000);
const PENTEST_MARKER = 'PENTEST-SECRET-BYTES';

async function addDocument(
  slug: string,
  fields: Partial<DocumentFields>,
  bytes: Uint8Array,
  fileName: string,
  validUntil: string | null,
) {
  const actor = (await testApp.staff.listAccounts()).find((user) => user.role === 'editor');
  if (!actor) throw new Error('no editor');
  await testApp.container.documents.createDocument(
    { actor: { userId: actor.id, email: actor.email, name: actor.name, role: actor.role } },
    slug,
    {
      title: slug,
      description: '',
      category: 'Reports',
      language: 'en',
      accessLevel: 'public',
      ...fields,
    },
    { fileName, versionLabel: '1.0', validFrom: '2019-01-01', validUntil, stream: once(bytes) },
  );
}

beforeAll(async () => {
  // Without the example folder's documents, so the lists below are this file's own.
  testApp = await createAdminTestApp({ content: 'minimal' });
  await testApp.createUser('editor@example.test', 'correct horse battery staple', 'editor');
  await addDocument(
    'iso-27001-certificate',
    {
      title: 'ISO/IEC 27001 certificate',
      description: 'Issued by an accredited body.\n\nCovers every data centre.',
      category: 'Certificates',
    },
    CERTIFICATE,
    'ISO 27001 "certifikat" Åkerö.pdf',
    '2099-01-01',
  );
  const pentest = new TextEncoder().encode(`%PDF-1.7\n${PENTEST_MARKER}\n`);
  await addDocument(
    'pentest-summary',
    { title: 'Penetration test summary', accessLevel: 'nda' },
    pentest,
    'pentest.pdf',
    null,
  );
  await addDocument(
    'supplier-review',
    { title: 'Fibre supplier review', accessLevel: 'request', language: 'sv' },
    pentest,
    'review.pdf',
    null,
  );
  await addDocument('old-report', { title: 'Old availability report' }, pdfBytes(2000), 'old.pdf', '2020-12-31');
  await addDocument('withdrawn', { title: 'Withdrawn policy' }, pdfBytes(2000), 'withdrawn.pdf', null);
  const editor = (await testApp.staff.listAccounts()).find((user) => user.role === 'editor');
  if (!editor) throw new Error('no editor');
  await testApp.container.documents.archiveDocument(
    { actor: { userId: editor.id, email: editor.email, name: editor.name, role: editor.role } },
    'withdrawn',
  );
});
afterAll(async () => {
  await testApp.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await testApp.app.request(`http://localhost${path}`, { headers });
  return { response, text: await response.text() };
}

/** The titles of the listed documents, in order. */
function listedTitles(html: string): string[] {
  return [...html.matchAll(/<h2><a href="\/documents\/[a-z0-9-]+">([^<]+)<\/a><\/h2>/g)].map((match) => match[1] ?? '');
}

describe('public document list', () => {
  it('lists every document a visitor may know of, never an archived one, with level, validity and expiry', async () => {
    const { response, text } = await get('/documents');
    expect(response.status).toBe(200);
    expect(listedTitles(text)).toEqual([
      'Fibre supplier review',
      'ISO/IEC 27001 certificate',
      'Old availability report',
      'Penetration test summary',
    ]);
    expect(text).not.toContain('Withdrawn policy');
    expect(text).toContain('Under NDA');
    expect(text).toContain('On request');
    expect(text).toMatch(
      /31 December 2020<strong class="expired-mark">Expired<\/strong>|31 December 2020 <strong class="expired-mark">Expired<\/strong>/,
    );
    expect(text.match(/class="expired-mark"/g)).toHaveLength(1);
  });

  it('filters by category, level and language with plain GET parameters', async () => {
    expect(listedTitles((await get('/documents?category=Certificates')).text)).toEqual(['ISO/IEC 27001 certificate']);
    expect(listedTitles((await get('/documents?level=nda')).text)).toEqual(['Penetration test summary']);
    expect(listedTitles((await get('/documents?language=sv&level=')).text)).toEqual(['Fibre supplier review']);
    const filtered = await get('/documents?level=request&category=');
    expect(filtered.text).toContain('<option value="request" selected="">');
    expect(filtered.text).toContain('<a href="/documents">Show all documents</a>');
  });

  it('refuses a filter that is not one of ours with a clear message', async () => {
    const { response, text } = await get('/documents?level=secret');
    expect(response.status).toBe(400);
    expect(text).toContain('The access filter must be public, nda or request.');
  });

  it('shows the list and the navigation in Swedish', async () => {
    const { text } = await get('/sv/documents');
    expect(text).toContain('<h1>Dokument</h1>');
    expect(text).toContain('Under sekretessavtal');
    expect(text).toContain('aria-label="Webbplats"');
    expect(text).toContain('<a class="chip" href="/sv/documents" aria-current="page">Dokument</a>');
  });
});

describe('public document page', () => {
  it('describes a public document and links to its download', async () => {
    const { response, text } = await get('/documents/iso-27001-certificate');
    expect(response.status).toBe(200);
    expect(text).toContain('<h1>ISO/IEC 27001 certificate</h1>');
    expect(text).toContain('<p class="document-description">Covers every data centre.</p>');
    expect(text).toContain('href="/documents/iso-27001-certificate/download"');
    expect(text).toContain('PDF, 684 KB');
  });

  it.each([
    ['pentest-summary', 'shared under a non-disclosure agreement'],
    ['supplier-review', 'shared on request'],
  ])('explains how to get %s, without a download link, and links to its request form', async (slug, words) => {
    const { response, text } = await get(`/documents/${slug}`);
    expect(response.status).toBe(200);
    expect(text).toContain(words);
    expect(text).not.toContain('/download');
    expect(text).toContain(`href="/request-access?document=${slug}"`);
  });

  it('does not show an archived or unknown document', async () => {
    expect((await get('/documents/withdrawn')).response.status).toBe(404);
    expect((await get('/documents/no-such-document')).response.status).toBe(404);
  });
});

describe('public document download', () => {
  it('streams a public document with its own type, an attachment name, nosniff, its length and its SHA-256 as ETag', async () => {
    const response = await testApp.app.request('http://localhost/documents/iso-27001-certificate/download');
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes).equals(Buffer.from(CERTIFICATE))).toBe(true);
    const sha256 = createHash('sha256').update(CERTIFICATE).digest('hex');
    const headerNames = ['content-type', 'content-length', 'x-content-type-options', 'etag', 'content-disposition'];
    expect(Object.fromEntries(headerNames.map((name) => [name, response.headers.get(name)]))).toEqual({
      'content-type': 'application/pdf',
      'content-length': String(CERTIFICATE.length),
      'x-content-type-options': 'nosniff',
      etag: `"${sha256}"`,
      'content-disposition': `attachment; filename="ISO 27001 _certifikat_ _ker_.pdf"; filename*=UTF-8''ISO%2027001%20%22certifikat%22%20%C3%85ker%C3%B6.pdf`,
    });
    const again = await get('/documents/iso-27001-certificate/download', { 'if-none-match': `"${sha256}"` });
    expect(again.response.status).toBe(304);
    expect(again.text).toBe('');
  });

  it.each(['pentest-summary', 'supplier-review', 'withdrawn', 'no-such-document'])(
    'answers 404 for %s without a byte of any file',
    async (slug) => {
      const response = await testApp.app.request(`http://localhost/documents/${slug}/download`);
      expect(response.status).toBe(404);
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.includes('%PDF-')).toBe(false);
      expect(body.includes(PENTEST_MARKER)).toBe(false);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-disposition')).toBeNull();
    },
  );
});

describe('site navigation', () => {
  it('offers the questions and the documents in the header of public pages, and under the search on the home page', async () => {
    const entry = await get('/faq/disk-encryption');
    const header = entry.text.slice(entry.text.indexOf('<header'), entry.text.indexOf('</header>'));
    expect(header).toContain('<a class="chip" href="/documents">Documents</a>');
    expect(header).toContain('<a class="chip" href="/">Questions and answers</a>');
    const home = await get('/');
    const homeHeader = home.text.slice(home.text.indexOf('<header'), home.text.indexOf('</header>'));
    // The search stays the first stop after the skip link on the home page.
    expect(homeHeader).not.toContain('href="/documents"');
    expect(home.text.indexOf('id="home-search"')).toBeLessThan(home.text.indexOf('href="/documents"'));
  });
});

describe('documents on Swedish pages', () => {
  it('shows a Swedish title and description where there is one, and marks an English one as not translated yet', async () => {
    const editor = (await testApp.staff.listAccounts()).find((user) => user.role === 'editor');
    if (!editor) throw new Error('no editor');
    const context = { actor: { userId: editor.id, email: editor.email, name: editor.name, role: editor.role } };
    const certificate = await testApp.container.documents.getPublic('iso-27001-certificate');
    await testApp.container.documents.updateDocument(
      context,
      'iso-27001-certificate',
      {
        title: certificate.title,
        description: certificate.description,
        category: certificate.category,
        language: certificate.language,
        accessLevel: certificate.accessLevel,
      },
      { sv: { title: 'ISO/IEC 27001-certifikat', description: 'Utfärdat av ett ackrediterat organ.' } },
    );
    const mark = '<span class="untranslated" lang="sv">Inte översatt ännu</span>';
    const translated = await get('/sv/documents/iso-27001-certificate');
    expect(translated.text).toContain('<h1>ISO/IEC 27001-certifikat</h1>');
    expect(translated.text).toContain('<p class="document-description">Utfärdat av ett ackrediterat organ.</p>');
    expect(translated.text).not.toContain(mark);
    const english = await get('/sv/documents/old-report');
    expect(english.text).toContain(`<h1 lang="en">Old availability report</h1>${mark}`);
    const list = await get('/sv/documents');
    expect(list.text).toContain('>ISO/IEC 27001-certifikat</a>');
    expect(list.text).toContain(`<a href="/sv/documents/old-report" lang="en">Old availability report</a> ${mark}`);
    // The English pages are as before: no mark, no lang of their own.
    const plain = await get('/documents/iso-27001-certificate');
    expect(plain.text).toContain('<h1>ISO/IEC 27001 certificate</h1>');
    expect(plain.text).not.toContain('untranslated');
  });
});
