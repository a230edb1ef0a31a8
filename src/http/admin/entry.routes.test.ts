import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CookieClient, createAdminTestApp } from '../../../test/create-admin-test-app.js';
import { buildEntry, buildMinimalContent, seedContent } from '../../../test/factories.js';
import type { ContentSet } from '../../domain/content.js';
import type { Role } from '../../domain/staff.js';
import { toAuditEvent } from '../../services/audit.service.js';
import { EntryRepository } from '../../storage/entry.repository.js';

type AdminTestApp = Awaited<ReturnType<typeof createAdminTestApp>>;
let testApp: AdminTestApp;
let app: AdminTestApp['app'];
const PASSWORD = 'correct horse battery';
let counter = 0;

const minimal = buildMinimalContent();
/** Entries of the physical-security category: enough, with the others, for three pages of 25. */
const FILLER_ENTRIES = 50;

/** The minimal content, the entries the tests below edit, and enough others to page through. */
const content: ContentSet = {
  ...minimal,
  categories: [
    ...minimal.categories,
    { slug: 'cryptography', name: 'Cryptography', description: 'Keys and ciphers.', order: 3, reviewIntervalDays: 365 },
    {
      slug: 'physical-security',
      name: 'Physical security & data centers',
      description: 'Buildings.',
      order: 4,
      reviewIntervalDays: 365,
    },
  ],
  tags: [...minimal.tags, { slug: 'nis2', name: 'NIS2' }],
  links: [
    ...minimal.links,
    { key: 'information-security-policy', title: 'Security policy', url: 'https://testvik.example/isp' },
  ],
  entries: [
    ...minimal.entries,
    buildEntry({
      slug: 'mfa-for-administrative-access',
      question: 'Do you require MFA for administrative access?',
      answer: 'Every administrator uses a hardware key.',
      category: 'cryptography',
    }),
    buildEntry({ slug: 'encryption-at-rest', question: 'Is data encrypted at rest?', category: 'cryptography' }),
    buildEntry({
      slug: 'key-management',
      question: 'How are keys managed?',
      category: 'cryptography',
      tags: ['crypto'],
    }),
    buildEntry({ slug: 'password-policy', question: 'What is your password policy?', category: 'cryptography' }),
    buildEntry({ slug: 'malware-protection', question: 'How do you stop malware?', category: 'physical-security' }),
    buildEntry({
      slug: 'return-of-assets',
      question: 'Are assets returned on leaving?',
      category: 'physical-security',
    }),
    // Long overdue for review, so the freshness filter has something to find.
    buildEntry({
      slug: 'asset-inventory',
      question: 'Do you keep an asset inventory?',
      category: 'physical-security',
      lastReviewed: '2020-01-01',
    }),
    ...Array.from({ length: FILLER_ENTRIES }, (_, index) =>
      buildEntry({
        slug: `building-${index + 1}`,
        question: `Is building ${index + 1} guarded?`,
        category: 'physical-security',
      }),
    ),
  ],
};

beforeAll(async () => {
  testApp = await createAdminTestApp({ content: 'none' });
  await seedContent(testApp.container, content);
  app = testApp.app;
});
afterAll(async () => {
  await testApp.close();
});

/** A fresh staff account, signed in, with the session's CSRF token. */
async function signedIn(role: Role = 'editor') {
  counter += 1;
  const email = `entries${counter}@example.test`;
  const actor = await testApp.createUser(email, PASSWORD, role);
  const client = new CookieClient(app);
  return { client, email, actor, csrfToken: await client.signInForToken(email, PASSWORD, '/admin/entries') };
}

/** A complete, valid new-entry form. */
function entryForm(slug: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    slug,
    question: `Do you keep ${slug} under control?`,
    answer: 'Yes.\n\nWe review it every quarter.',
    category: 'cryptography',
    owner: 'security@testvik.example',
    reviewIntervalDays: '',
    alternativePhrasings: 'Is it controlled?\nWho checks it?',
    controls: 'A.8.24, A.5.1',
    ...overrides,
  };
}

/** Posts a form whose `tags` field repeats, as a browser sends checked checkboxes. */
async function postWithTags(client: CookieClient, path: string, fields: Record<string, string>, tags: string[]) {
  const body = new URLSearchParams(fields);
  for (const tag of tags) body.append('tags', tag);
  const response = await client.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  return { response, text: await response.text() };
}

function countRows(html: string): number {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return (body.match(/<tr>/g) ?? []).length;
}

describe('entry list', () => {
  it('shows 25 entries a page with badges, and pagination links that keep the filters', async () => {
    const { client } = await signedIn('viewer');
    const published = (await testApp.container.content.getContent()).entries.filter((e) => e.status === 'published');
    const pages = Math.ceil(published.length / 25);
    expect(pages).toBeGreaterThanOrEqual(3);
    const first = await client.get('/admin/entries');
    expect(first.response.status).toBe(200);
    expect(first.text).toContain('<h1>Entries</h1>');
    expect(countRows(first.text)).toBe(25);
    expect(first.text).toContain(`Page 1 of ${pages}`);
    expect(first.text).toContain('<span class="pill">Published</span>');
    expect(first.text).toMatch(/Next review due|Due|Overdue/);
    // Viewers cannot create, so they get no "New entry" link.
    expect(first.text).not.toContain('href="/admin/entries/new"');

    const last = await client.get(`/admin/entries?status=published&page=${pages}`);
    expect(countRows(last.text)).toBe(published.length - (pages - 1) * 25);
    expect(last.text).toContain(`href="/admin/entries?status=published&amp;page=${pages - 1}"`);
    expect(last.text).toContain('<option value="published" selected="">Published</option>');
  });

  it('filters by category, text, owner, status and freshness', async () => {
    const { client } = await signedIn('editor');
    const crypto = await client.get('/admin/entries?category=cryptography');
    expect(countRows(crypto.text)).toBe(content.entries.filter((entry) => entry.category === 'cryptography').length);
    expect(crypto.text).not.toContain('Physical security &amp; data centers</td>');
    expect(crypto.text).toContain('href="/admin/entries/new"');

    const mfa = await client.get('/admin/entries?text=MFA+for+admin');
    expect(countRows(mfa.text)).toBe(1);
    expect(mfa.text).toContain('href="/admin/entries/mfa-for-administrative-access"');
    expect(mfa.text).toContain('1 entry');

    const drafts = await client.get('/admin/entries?status=draft&owner=nobody%40example.test');
    expect(countRows(drafts.text)).toBe(0);
    expect(drafts.text).toContain('No entry matches these filters.');

    const overdue = await client.get('/admin/entries?freshness=overdue');
    const fresh = await client.get('/admin/entries?freshness=fresh');
    const all = await client.get('/admin/entries');
    const total = (html: string) => Number(/(\d+) entr(?:y|ies)</.exec(html)?.[1]);
    const due = await client.get('/admin/entries?freshness=due');
    expect(total(overdue.text) + total(fresh.text) + total(due.text)).toBe(total(all.text));
    expect(overdue.text).toContain('href="/admin/entries/asset-inventory"');
    expect(overdue.text).toContain('<strong>Overdue</strong>');

    // Unknown filter values are ignored instead of failing.
    const odd = await client.get('/admin/entries?status=bogus&page=-3');
    expect(odd.response.status).toBe(200);
    expect(countRows(odd.text)).toBe(25);
  });
});

describe('creating an entry', () => {
  it('prefills the question (and a slug) from ?question=', async () => {
    const { client } = await signedIn();
    const { response, text } = await client.get('/admin/entries/new?question=Do%20you%20sign%20firmware%3F');
    expect(response.status).toBe(200);
    expect(text).toContain('value="Do you sign firmware?"');
    expect(text).toContain('value="do-you-sign-firmware"');
  });

  it('shows every problem next to its field and in a summary, keeps what was typed and saves nothing', async () => {
    const { client, csrfToken } = await signedIn();
    const fields = entryForm('Bad Slug!', {
      _csrf: csrfToken,
      question: '',
      category: '',
      reviewIntervalDays: 'soon',
      controls: 'A.8.24 A.9.1',
      alternativePhrasings: 'First phrasing <kept>',
    });
    const { response, text } = await client.post('/admin/entries', fields);
    expect(response.status).toBe(400);
    expect(text).toContain('role="alert"');
    expect(text).toContain('<title>Error: New entry · Tillit Admin</title>');
    for (const [field, message] of [
      ['slug', 'The slug may only hold lowercase letters'],
      ['question', 'Enter the question.'],
      ['category', 'Choose a category.'],
      ['reviewIntervalDays', 'Enter a whole number of days from 1 to 3650'],
      ['controls', '&quot;A.9.1&quot; is not an Annex A control id'],
    ] as const) {
      expect(text, field).toMatch(new RegExp(`id="${field}-error"><strong>Error:</strong> ${message}`));
      expect(text, field).toContain(`href="#${field}"`);
      expect(text, field).toMatch(
        new RegExp(`id="${field}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*${field}-error"`),
      );
    }
    expect(text).toContain('value="Bad Slug!"');
    expect(text).toContain('value="A.8.24 A.9.1"');
    expect(text).toContain('First phrasing &lt;kept&gt;</textarea>');
    expect(text).toContain('value="soon"');
    const { total } = await testApp.container.entries.listEntries({ text: 'bad slug' }, 1, 25);
    expect(total).toBe(0);
  });

  it('reports an oversized answer on the answer field (400)', async () => {
    const { client, csrfToken } = await signedIn();
    const { response, text } = await client.post(
      '/admin/entries',
      entryForm('huge-answer', { _csrf: csrfToken, answer: 'x'.repeat(30_000) }),
    );
    expect(response.status).toBe(400);
    expect(text).toContain('id="answer-error"><strong>Error:</strong> The answer must be at most 20,000 characters.');
    await expect(testApp.container.entries.getEntry('huge-answer')).rejects.toThrow(/No entry/);
  });

  it.each([253, 320])(
    'refuses an owner of %i characters on the owner field (400), as content import would',
    async (length) => {
      const { client, csrfToken } = await signedIn();
      const owner = `${'o'.repeat(length - '@example.se'.length)}@example.se`;
      const { response, text } = await client.post(
        '/admin/entries',
        entryForm(`long-owner-${length}`, { _csrf: csrfToken, owner }),
      );
      expect(response.status).toBe(400);
      expect(text).toContain('id="owner-error"><strong>Error:</strong> The owner must be at most 200 characters.');
      await expect(testApp.container.entries.getEntry(`long-owner-${length}`)).rejects.toThrow(/No entry/);
    },
  );

  it('limits the slug, question and owner fields to the lengths the rules allow', async () => {
    const { client } = await signedIn();
    const { text } = await client.get('/admin/entries/new');
    for (const [field, max] of [
      ['slug', 80],
      ['question', 2000],
      ['owner', 200],
    ] as const) {
      expect(text, field).toMatch(new RegExp(`<input id="${field}"[^>]*maxlength="${max}"`));
    }
  });

  it('reports a taken slug on the slug field with 409, keeping the form', async () => {
    const { client, csrfToken } = await signedIn();
    const { response, text } = await client.post(
      '/admin/entries',
      entryForm('mfa-for-administrative-access', { _csrf: csrfToken, question: 'A brand new question?' }),
    );
    expect(response.status).toBe(409);
    expect(text).toMatch(
      /id="slug-error"><strong>Error:<\/strong> &quot;mfa-for-administrative-access&quot; is already used/,
    );
    expect(text).toContain('value="A brand new question?"');
    const existing = await testApp.container.entries.getEntry('mfa-for-administrative-access');
    expect(existing.question).toBe('Do you require MFA for administrative access?');
  });

  it('creates a draft with tags, phrasings and controls, then redirects with a message', async () => {
    const { client, csrfToken } = await signedIn();
    const { response } = await postWithTags(
      client,
      '/admin/entries',
      entryForm('created-entry', { _csrf: csrfToken, reviewIntervalDays: '90' }),
      ['nis2', 'gdpr'],
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/entries/created-entry?done=created');
    const entry = await testApp.container.entries.getEntry('created-entry');
    expect(entry).toMatchObject({
      status: 'draft',
      tags: ['nis2', 'gdpr'],
      reviewIntervalDays: 90,
      alternativePhrasings: ['Is it controlled?', 'Who checks it?'],
      controls: ['A.8.24', 'A.5.1'],
      answer: 'Yes.\n\nWe review it every quarter.',
    });
    const page = await client.get('/admin/entries/created-entry?done=created');
    expect(page.text).toMatch(/<div role="status"><p class="pill">The draft has been created\.<\/p><\/div>/);
    expect(page.text).toContain('<span class="chip">Draft</span>');
    expect(page.text).toContain('action="/admin/entries/created-entry/submit"');
    expect(page.text).not.toContain('action="/admin/entries/created-entry/archive"');
    expect(page.text).toMatch(/<input type="checkbox" name="tags" value="gdpr" checked=""/);
  });

  it('saves the short answer and questionnaire wording, shows them again, and refuses a short answer not offered', async () => {
    const { client, csrfToken } = await signedIn();
    const empty = await client.get('/admin/entries/new');
    expect(empty.text).toMatch(
      /<select id="shortAnswer" name="shortAnswer"[^>]*><option value="" selected="">None<\/option>/,
    );
    expect(empty.text).toMatch(/<textarea id="questionnaireWording" name="questionnaireWording"/);

    const wording = 'Yes; the list is in the [subprocessor register](/subprocessors).';
    const { response } = await postWithTags(
      client,
      '/admin/entries',
      entryForm('worded-entry', { _csrf: csrfToken, shortAnswer: 'not_applicable', questionnaireWording: wording }),
      [],
    );
    expect(response.status).toBe(303);
    expect(await testApp.container.entries.getEntry('worded-entry')).toMatchObject({
      shortAnswer: 'not_applicable',
      questionnaireWording: wording,
    });
    const page = await client.get('/admin/entries/worded-entry');
    expect(page.text).toMatch(/<option value="not_applicable" selected="">Not applicable<\/option>/);
    expect(page.text).toContain('[subprocessor register](/subprocessors).</textarea>');

    const refused = await postWithTags(
      client,
      '/admin/entries',
      entryForm('refused-entry', { _csrf: csrfToken, shortAnswer: 'maybe' }),
      [],
    );
    expect(refused.response.status).toBe(400);
    expect(refused.text).toMatch(/id="shortAnswer-error"><strong>Error:<\/strong> Choose yes, no, partially/);
    await expect(testApp.container.entries.getEntry('refused-entry')).rejects.toThrow(/No entry/);
  });

  it('refuses an answer linking to a key the site does not define, beside the answer field, naming the key', async () => {
    const { client, csrfToken } = await signedIn();
    const slug = 'answer-with-unknown-link';
    const answer = 'See [the policy](link:no-such-link).';
    const created = await client.post('/admin/entries', entryForm(slug, { _csrf: csrfToken, answer }));
    expect(created.response.status).toBe(400);
    expect(created.text).toContain(
      '<p id="answer-error"><strong>Error:</strong> Unknown link key &quot;link:no-such-link&quot; (not among the site&#39;s links)</p>',
    );
    expect(await testApp.container.entries.listVersions(slug)).toEqual([]);
  });
});

describe('editing an entry', () => {
  it('previews the Markdown answer without saving anything', async () => {
    const { client, csrfToken } = await signedIn();
    const slug = 'encryption-at-rest';
    const before = await testApp.container.entries.getEntry(slug);
    const versionsBefore = await testApp.container.entries.listVersions(slug);
    const fields = {
      ...entryForm(slug),
      _csrf: csrfToken,
      question: before.question,
      answer: 'A **bold** claim, see [the policy](link:information-security-policy).\n\n<script>alert(1)</script>',
      intent: 'preview',
    };
    const { response, text } = await client.post(`/admin/entries/${slug}`, fields);
    expect(response.status).toBe(200);
    expect(text).toContain('<h2 id="preview-title">Preview</h2>');
    expect(text).toContain('<strong>bold</strong>');
    expect(text).toContain('<a href="https://testvik.example/isp">the policy</a>');
    expect(text).not.toContain('<script>alert(1)</script>');
    // The typed answer stays in the textarea.
    expect(text).toContain('A **bold** claim, see [the policy](link:information-security-policy).');
    const after = await testApp.container.entries.getEntry(slug);
    expect(after.answer).toBe(before.answer);
    expect(await testApp.container.entries.listVersions(slug)).toHaveLength(versionsBefore.length);
  });

  it('saves an edit as a new version and says so', async () => {
    const { client, csrfToken } = await signedIn();
    const slug = 'key-management';
    const before = await testApp.container.entries.getEntry(slug);
    const versionsBefore = await testApp.container.entries.listVersions(slug);
    const { response } = await postWithTags(
      client,
      `/admin/entries/${slug}`,
      {
        ...entryForm(slug),
        _csrf: csrfToken,
        question: before.question,
        answer: `${before.answer}\n\nKeys rotate yearly.`,
        category: before.category,
        intent: 'save',
      },
      before.tags,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/entries/${slug}?done=saved`);
    const after = await testApp.container.entries.getEntry(slug);
    expect(after.answer).toContain('Keys rotate yearly.');
    expect(after.tags).toEqual(before.tags);
    // A first edit also keeps the text as it was loaded, as version 1, so that it can be restored.
    expect(versionsBefore).toEqual([]);
    const versions = await testApp.container.entries.listVersions(slug);
    expect(versions.map(({ version }) => version)).toEqual([2, 1]);
    expect(versions[1]?.entry.answer).toBe(before.answer);
    const history = await client.get(`/admin/entries/${slug}/history`);
    expect(history.text).toContain('Not recorded (the text as first stored)');
    const page = await client.get(`/admin/entries/${slug}?done=saved`);
    expect(page.text).toContain('Your changes have been saved.');
    // The public page follows at once (no four-eyes here).
    const published = await app.request(`/faq/${slug}`);
    expect(await published.text()).toContain('Keys rotate yearly.');
  });

  it('lets a viewer read the editor but not save (403)', async () => {
    const { client, csrfToken } = await signedIn('viewer');
    const slug = 'password-policy';
    const page = await client.get(`/admin/entries/${slug}`);
    expect(page.response.status).toBe(200);
    expect(page.text).toContain('Your role can read this entry but not change it.');
    expect(page.text).not.toContain('value="save"');
    expect(page.text).not.toContain(`action="/admin/entries/${slug}/archive"`);
    const before = await testApp.container.entries.getEntry(slug);
    const { response, text } = await client.post(`/admin/entries/${slug}`, {
      ...entryForm(slug),
      _csrf: csrfToken,
      question: 'Hijacked?',
    });
    expect(response.status).toBe(403);
    expect(text).toContain('<h1>Not allowed</h1>');
    expect((await testApp.container.entries.getEntry(slug)).question).toBe(before.question);
    const history = await client.get(`/admin/entries/${slug}/history`);
    expect(history.response.status).toBe(200);
    expect(history.text).not.toContain('Restore this version');
  });

  it('refuses a POST without the CSRF token (403) and changes nothing', async () => {
    const { client } = await signedIn();
    const slug = 'malware-protection';
    const before = await testApp.container.entries.getEntry(slug);
    const { response, text } = await client.post(`/admin/entries/${slug}`, { ...entryForm(slug), question: 'Forged?' });
    expect(response.status).toBe(403);
    expect(text).toContain('The form has expired');
    const archive = await client.post(`/admin/entries/${slug}/archive`, {});
    expect(archive.response.status).toBe(403);
    expect(await testApp.container.entries.getEntry(slug)).toEqual(before);
  });

  it('shows a refused workflow step on the page with 409 and changes nothing', async () => {
    const { client, csrfToken } = await signedIn();
    const { response, text } = await client.post('/admin/entries/password-policy/submit', { _csrf: csrfToken });
    expect(response.status).toBe(409);
    expect(text).toContain('role="alert"');
    expect(text).toContain('Only drafts can be sent for review; this entry is published');
    expect((await testApp.container.entries.getEntry('password-policy')).status).toBe('published');
  });

  it('answers 404 for an unknown entry', async () => {
    const { client } = await signedIn();
    expect((await client.get('/admin/entries/no-such-entry')).response.status).toBe(404);
    expect((await client.get('/admin/entries/no-such-entry/history')).response.status).toBe(404);
  });

  it('archives with a confirmation and reopens as a draft', async () => {
    const { client, csrfToken } = await signedIn();
    const slug = 'return-of-assets';
    const editor = await client.get(`/admin/entries/${slug}`);
    expect(editor.text).toMatch(
      /<details><summary class="chip">Archive…<\/summary><form method="post" action="\/admin\/entries\/return-of-assets\/archive">/,
    );
    expect((await client.post(`/admin/entries/${slug}/archive`, { _csrf: csrfToken })).response.status).toBe(303);
    expect((await app.request(`/faq/${slug}`)).status).toBe(404);
    const archived = await client.get(`/admin/entries/${slug}?done=archived`);
    expect(archived.text).toContain('The entry has been archived and is no longer public.');
    expect(archived.text).toContain('Archived entries cannot be edited.');
    expect(archived.text).not.toContain('value="save"');
    expect((await client.post(`/admin/entries/${slug}/reopen`, { _csrf: csrfToken })).response.status).toBe(303);
    expect((await testApp.container.entries.getEntry(slug)).status).toBe('draft');
  });

  it('marks an entry reviewed today', async () => {
    const { client, csrfToken } = await signedIn();
    const slug = 'asset-inventory';
    const { response } = await client.post(`/admin/entries/${slug}/mark-reviewed`, { _csrf: csrfToken });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/entries/${slug}?done=reviewed`);
    const entry = await testApp.container.entries.getEntry(slug);
    expect(entry.lastReviewed).toBe(new Date().toISOString().slice(0, 10));
    const page = await client.get(`/admin/entries/${slug}`);
    expect(page.text).toContain(`Last reviewed <time datetime="${entry.lastReviewed}">`);
  });
});

describe('history', () => {
  it('shows the versions, a diff with an added line, and restores an old version as a new one', async () => {
    const { client, csrfToken } = await signedIn();
    const slug = 'history-entry';
    await client.post('/admin/entries', entryForm(slug, { _csrf: csrfToken, answer: 'First line.' }));
    await client.post(`/admin/entries/${slug}`, {
      ...entryForm(slug),
      _csrf: csrfToken,
      answer: 'First line.\nSecond line added.',
    });
    const history = await client.get(`/admin/entries/${slug}/history`);
    expect(history.response.status).toBe(200);
    expect(history.text).toContain('Changes from version 1 to version 2');
    expect(history.text).toMatch(
      /<ins><span aria-hidden="true">\+ <\/span><span class="visually-hidden">added: <\/span>Second line added\.<\/ins>/,
    );
    expect(history.text).toContain('Unchanged:');
    expect(history.text).toContain('Restore this version (version 1)');

    const reversed = await client.get(`/admin/entries/${slug}/history?from=2&to=1`);
    expect(reversed.text).toMatch(
      /<del><span aria-hidden="true">− <\/span><span class="visually-hidden">removed: <\/span>Second line added\.<\/del>/,
    );
    expect(reversed.text).toContain('<option value="2" selected="">Version 2</option>');

    const restore = await client.post(`/admin/entries/${slug}/restore`, { _csrf: csrfToken, version: '1' });
    expect(restore.response.status).toBe(303);
    expect(restore.response.headers.get('location')).toBe(`/admin/entries/${slug}/history?done=restored`);
    const versions = await testApp.container.entries.listVersions(slug);
    expect(versions).toHaveLength(3);
    expect(versions[0]?.change).toBe('restored version 1');
    expect((await testApp.container.entries.getEntry(slug)).answer).toBe('First line.');
    const after = await client.get(`/admin/entries/${slug}/history?done=restored`);
    expect(after.text).toContain('The version has been restored as a new version.');
  });
});

describe('history after an answer-library import', () => {
  it('lists the import as a version by the command line, and restores the version from before it', async () => {
    const { client, csrfToken, email } = await signedIn();
    const slug = 'imported-entry';
    await client.post('/admin/entries', entryForm(slug, { _csrf: csrfToken, answer: 'Before the import.' }));
    const folder = mkdtempSync(join(tmpdir(), 'tillit-library-'));
    try {
      const path = join(folder, 'answers.csv');
      writeFileSync(path, `question,answer\n"Do you keep ${slug} under control?",From the library.\n`);
      const summary = await testApp.container.content.importLibrary(path, { status: 'draft', replace: false });
      expect(summary).toMatchObject({ added: 0, updated: 1 });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }

    const history = await client.get(`/admin/entries/${slug}/history`);
    expect(history.response.status).toBe(200);
    const rows = /<tbody>([\s\S]*?)<\/tbody>/.exec(history.text)?.[1] ?? '';
    expect(rows).toMatch(
      /<td[^>]*>2<\/td><td[^>]*><time[^>]*>[^<]*<\/time><\/td><td[^>]*>Command line \(tillit import\)<\/td><td[^>]*>edited \(library import answers\.csv\)<\/td>/,
    );
    expect(rows).toMatch(
      new RegExp(`<td[^>]*>1</td><td[^>]*><time[^>]*>[^<]*</time></td><td[^>]*>${email}</td><td[^>]*>created</td>`),
    );
    expect(history.text).toContain('Changes from version 1 to version 2');
    expect(history.text).toContain('From the library.');
    expect(history.text).toContain('Restore this version (version 1)');

    const restore = await client.post(`/admin/entries/${slug}/restore`, { _csrf: csrfToken, version: '1' });
    expect(restore.response.status).toBe(303);
    const versions = await testApp.container.entries.listVersions(slug);
    expect(versions.map(({ version, change }) => ({ version, change }))).toEqual([
      { version: 3, change: 'restored version 1' },
      { version: 2, change: 'edited (library import answers.csv)' },
      { version: 1, change: 'created' },
    ]);
    expect(await testApp.container.entries.getEntry(slug)).toMatchObject({
      answer: 'Before the import.',
      status: 'draft',
    });
  });
});

describe('four-eyes approval', () => {
  it('refuses the author approving their own entry; a second editor publishes it to the site and search', async () => {
    const admin = await signedIn('admin');
    await testApp.container.settings.setFourEyesRequired({ actor: admin.actor }, true);
    try {
      const a = await signedIn('editor');
      const b = await signedIn('editor');
      const slug = 'quasar-fourfold-review';
      const created = await a.client.post(
        '/admin/entries',
        entryForm(slug, {
          _csrf: a.csrfToken,
          question: 'Do you review quasarfold changes twice?',
          answer: 'Yes, every quasarfold change.',
        }),
      );
      expect(created.response.status).toBe(303);
      expect((await a.client.post(`/admin/entries/${slug}/submit`, { _csrf: a.csrfToken })).response.status).toBe(303);
      const submitted = await a.client.get(`/admin/entries/${slug}?done=submitted`);
      expect(submitted.text).toContain('<span class="chip">In review</span>');
      expect(submitted.text).toContain('A second person must approve what you write or submit.');

      const own = await a.client.post(`/admin/entries/${slug}/approve`, { _csrf: a.csrfToken });
      expect(own.response.status).toBe(403);
      expect(own.text).toContain('role="alert"');
      expect(own.text).toContain('You wrote or submitted part of this text, so someone else must approve it');
      expect((await app.request(`/faq/${slug}`)).status).toBe(404);

      const approved = await b.client.post(`/admin/entries/${slug}/approve`, { _csrf: b.csrfToken });
      expect(approved.response.status).toBe(303);
      expect(approved.response.headers.get('location')).toBe(`/admin/entries/${slug}?done=approved`);
      const page = await app.request(`/faq/${slug}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Do you review quasarfold changes twice?');
      const search = await app.request('/api/v1/search?q=quasarfold');
      const found: { hits: { slug: string }[] } = await search.json();
      expect(found.hits.map((hit) => hit.slug)).toContain(slug);

      // A later edit by A waits as a pending change until B approves it.
      const edit = await a.client.post(`/admin/entries/${slug}`, {
        ...entryForm(slug),
        _csrf: a.csrfToken,
        question: 'Do you review quasarfold changes twice?',
        answer: 'Yes, every quasarfold change, by two people.',
      });
      expect(edit.response.headers.get('location')).toBe(`/admin/entries/${slug}?done=proposed`);
      const pending = await b.client.get(`/admin/entries/${slug}`);
      expect(pending.text).toContain('Pending change awaiting approval.');
      expect(pending.text).toContain('by two people.</textarea>');
      expect(await (await app.request(`/faq/${slug}`)).text()).not.toContain('by two people');
      expect((await a.client.post(`/admin/entries/${slug}/approve`, { _csrf: a.csrfToken })).response.status).toBe(403);
      expect((await b.client.post(`/admin/entries/${slug}/approve`, { _csrf: b.csrfToken })).response.status).toBe(303);
      expect(await (await app.request(`/faq/${slug}`)).text()).toContain('by two people');
    } finally {
      await testApp.container.settings.setFourEyesRequired({ actor: admin.actor }, false);
    }
  });

  /** A published entry, written by a throwaway editor and approved by another, before four-eyes is turned on. */
  async function publishedEntry(slug: string, answer: string): Promise<void> {
    const writer = await signedIn('editor');
    await writer.client.post('/admin/entries', entryForm(slug, { _csrf: writer.csrfToken, answer }));
    const approver = await signedIn('editor');
    const approved = await approver.client.post(`/admin/entries/${slug}/approve`, { _csrf: approver.csrfToken });
    expect(approved.response.status).toBe(303);
  }

  it('refuses approval to the editor who wrote a draft that another editor sent for review; a third approves', async () => {
    const admin = await signedIn('admin');
    await testApp.container.settings.setFourEyesRequired({ actor: admin.actor }, true);
    try {
      const [a, b, c] = [await signedIn('editor'), await signedIn('editor'), await signedIn('editor')];
      const slug = 'quasar-relayed-review';
      const answer = 'Yes, every relayed quasar change.';
      expect(
        (await a.client.post('/admin/entries', entryForm(slug, { _csrf: a.csrfToken, answer }))).response.status,
      ).toBe(303);
      expect((await b.client.post(`/admin/entries/${slug}/submit`, { _csrf: b.csrfToken })).response.status).toBe(303);

      const own = await a.client.post(`/admin/entries/${slug}/approve`, { _csrf: a.csrfToken });
      expect(own.response.status).toBe(403);
      expect(own.text).toContain('You wrote or submitted part of this text, so someone else must approve it');
      expect((await app.request(`/faq/${slug}`)).status).toBe(404);
      expect((await b.client.post(`/admin/entries/${slug}/approve`, { _csrf: b.csrfToken })).response.status).toBe(403);

      const approved = await c.client.post(`/admin/entries/${slug}/approve`, { _csrf: c.csrfToken });
      expect(approved.response.status).toBe(303);
      expect(await (await app.request(`/faq/${slug}`)).text()).toContain(answer);
    } finally {
      await testApp.container.settings.setFourEyesRequired({ actor: admin.actor }, false);
    }
  });

  it('refuses approval of a pending change to its first writer after another editor saved it again', async () => {
    const admin = await signedIn('admin');
    const slug = 'quasar-resaved-change';
    await publishedEntry(slug, 'The published quasar text.');
    await testApp.container.settings.setFourEyesRequired({ actor: admin.actor }, true);
    try {
      const [a, b, c] = [await signedIn('editor'), await signedIn('editor'), await signedIn('editor')];
      const proposed = await a.client.post(`/admin/entries/${slug}`, {
        ...entryForm(slug),
        _csrf: a.csrfToken,
        answer: 'The quasar text A wrote.',
      });
      expect(proposed.response.headers.get('location')).toBe(`/admin/entries/${slug}?done=proposed`);
      // B saves the form, which shows A's pending text, with one more phrasing: B becomes the last writer.
      const resaved = await b.client.post(`/admin/entries/${slug}`, {
        ...entryForm(slug),
        _csrf: b.csrfToken,
        answer: 'The quasar text A wrote.',
        alternativePhrasings: 'Is it controlled?\nWho checks it?\nWho resaved it?',
      });
      expect(resaved.response.headers.get('location')).toBe(`/admin/entries/${slug}?done=proposed`);

      const own = await a.client.post(`/admin/entries/${slug}/approve`, { _csrf: a.csrfToken });
      expect(own.response.status).toBe(403);
      expect(own.text).toContain('You wrote or submitted part of this text, so someone else must approve it');
      expect(await (await app.request(`/faq/${slug}`)).text()).not.toContain('The quasar text A wrote.');

      expect((await c.client.post(`/admin/entries/${slug}/approve`, { _csrf: c.csrfToken })).response.status).toBe(303);
      expect(await (await app.request(`/faq/${slug}`)).text()).toContain('The quasar text A wrote.');
    } finally {
      await testApp.container.settings.setFourEyesRequired({ actor: admin.actor }, false);
    }
  });

  it('refuses approval to the writer of a discarded change that another editor restored as a new version', async () => {
    const admin = await signedIn('admin');
    const slug = 'quasar-restored-change';
    await publishedEntry(slug, 'The published quasar text.');
    await testApp.container.settings.setFourEyesRequired({ actor: admin.actor }, true);
    try {
      const [a, b, c] = [await signedIn('editor'), await signedIn('editor'), await signedIn('editor')];
      await a.client.post(`/admin/entries/${slug}`, { ...entryForm(slug), _csrf: a.csrfToken, answer: 'Text by A.' });
      const proposal = (await testApp.container.entries.getEntry(slug)).pendingVersion;
      expect(proposal).not.toBeNull();
      expect((await b.client.post(`/admin/entries/${slug}/reject`, { _csrf: b.csrfToken })).response.status).toBe(303);
      // B makes and discards another change, so that A's is no longer the newest version.
      await b.client.post(`/admin/entries/${slug}`, { ...entryForm(slug), _csrf: b.csrfToken, answer: 'Text by B.' });
      expect((await c.client.post(`/admin/entries/${slug}/reject`, { _csrf: c.csrfToken })).response.status).toBe(303);
      const restored = await b.client.post(`/admin/entries/${slug}/restore`, {
        _csrf: b.csrfToken,
        version: String(proposal),
      });
      expect(restored.response.status).toBe(303);
      expect((await testApp.container.entries.getEntry(slug)).pendingVersion).not.toBeNull();

      const own = await a.client.post(`/admin/entries/${slug}/approve`, { _csrf: a.csrfToken });
      expect(own.response.status).toBe(403);
      expect(own.text).toContain('You wrote or submitted part of this text, so someone else must approve it');

      expect((await c.client.post(`/admin/entries/${slug}/approve`, { _csrf: c.csrfToken })).response.status).toBe(303);
      expect(await (await app.request(`/faq/${slug}`)).text()).toContain('Text by A.');
    } finally {
      await testApp.container.settings.setFourEyesRequired({ actor: admin.actor }, false);
    }
  });
});

describe('answers nested too deeply for the Markdown renderer', () => {
  const NESTED = '> '.repeat(9_999);
  const PROBLEM = 'block quotes and lists nest 9,999 levels deep; at most 20 are allowed';

  it('are refused beside the answer field when saved or previewed, and nothing is saved', async () => {
    const { client, csrfToken } = await signedIn();
    const slug = 'deeply-nested-answer';
    const created = await client.post('/admin/entries', entryForm(slug, { _csrf: csrfToken, answer: NESTED }));
    expect(created.response.status).toBe(400);
    expect(created.text).toContain(PROBLEM);
    expect(created.text).toMatch(/id="answer-error"/);
    expect(await testApp.container.entries.listVersions(slug)).toEqual([]);

    const existing = 'encryption-at-rest';
    const before = await testApp.container.entries.getEntry(existing);
    const fields = { ...entryForm(existing), _csrf: csrfToken, question: before.question, answer: NESTED };
    const saved = await client.post(`/admin/entries/${existing}`, fields);
    expect(saved.response.status).toBe(400);
    expect(saved.text).toContain(PROBLEM);
    expect((await testApp.container.entries.getEntry(existing)).answer).toBe(before.answer);
    const preview = await client.post(`/admin/entries/${existing}`, { ...fields, intent: 'preview' });
    expect(preview.response.status).toBe(200);
    expect(preview.text).toContain(PROBLEM);
  });

  it('already stored still let every page that lists them render, the answer shown as plain text', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { db, dialect } = testApp.container.database;
    const repository = new EntryRepository(db, dialect);
    const slug = 'stored-before-the-nesting-limit';
    const stamp = new Date().toISOString();
    const entry = {
      slug,
      question: 'Was this stored before the nesting limit?',
      answer: `Stored long ago.\n\n${'> '.repeat(9_000)}`,
      category: 'cryptography',
      tags: [],
      status: 'published' as const,
      owner: 'security@testvik.example',
      order: 1,
      lastReviewed: stamp.slice(0, 10),
      reviewIntervalDays: null,
      alternativePhrasings: [],
      controls: ['A.8.24'],
      shortAnswer: null,
      questionnaireWording: null,
      createdAt: stamp,
      updatedAt: stamp,
    };
    const audit = (summary: string) =>
      toAuditEvent(
        { actor: undefined, action: 'test.insert', targetType: 'entry', targetId: slug, summary },
        new Date(),
      );
    // Straight through the repository, as rows written before the limit existed: no validation.
    await repository.commit({ changedAt: stamp, entry, audit: audit('inserted'), isPublic: true });
    try {
      // The home page lists the question; its answer comes with its category's answers.
      const paths = ['/', '/faq.json', '/category/cryptography', '/category/cryptography/answers', `/faq/${slug}`];
      for (const path of paths) {
        const response = await app.request(path);
        expect(response.status, path).toBe(200);
        expect(await response.text(), path).toContain(path === '/' ? slug : 'Stored long ago.');
      }
      const page = await app.request(`/faq/${slug}`);
      expect(await page.text()).toContain('<p>Stored long ago.</p>');

      const { client, csrfToken } = await signedIn();
      expect((await client.get(`/admin/entries/${slug}`)).response.status).toBe(200);
      const fields = { ...entryForm(slug), _csrf: csrfToken, question: entry.question, answer: entry.answer };
      const preview = await client.post(`/admin/entries/${slug}`, { ...fields, intent: 'preview' });
      expect(preview.response.status).toBe(200);
    } finally {
      vi.restoreAllMocks();
      await repository.commit({
        changedAt: stamp,
        entry: { ...entry, status: 'archived' },
        audit: audit('archived'),
        isPublic: true,
      });
    }
  });
});

describe('the entry editor in two languages', () => {
  it('shows English and Swedish side by side, saves both, and shows the Swedish change in the history', async () => {
    const { client, csrfToken } = await signedIn();
    const slug = 'bilingual-entry';
    const empty = await client.get('/admin/entries/new');
    expect(empty.text).toMatch(/<div class="two-column"><fieldset><legend>English<\/legend>/);
    expect(empty.text).toMatch(/<legend>Swedish \(svenska\)<\/legend>/);
    expect(empty.text).toMatch(/<input id="svQuestion" name="svQuestion"/);
    expect(empty.text).toMatch(/<textarea id="svAnswer" name="svAnswer"/);

    const created = await client.post('/admin/entries', entryForm(slug, { _csrf: csrfToken }));
    expect(created.response.status).toBe(303);
    // English only: not translated.
    expect(await testApp.container.entries.getEntry(slug)).not.toHaveProperty('translations');

    const saved = await client.post(`/admin/entries/${slug}`, {
      ...entryForm(slug),
      _csrf: csrfToken,
      svQuestion: 'Har ni koll på det?',
      svAnswer: 'Ja.\n\nVi granskar det varje kvartal.',
      svAlternativePhrasings: 'Är det kontrollerat?\n\nVem kontrollerar?',
      svQuestionnaireWording: '',
    });
    expect(saved.response.status).toBe(303);
    const stored = await testApp.container.entries.getEntry(slug);
    expect(stored.question).toBe(`Do you keep ${slug} under control?`);
    expect(stored.translations?.sv).toEqual({
      question: 'Har ni koll på det?',
      answer: 'Ja.\n\nVi granskar det varje kvartal.',
      alternativePhrasings: ['Är det kontrollerat?', 'Vem kontrollerar?'],
      questionnaireWording: null,
    });
    const editor = await client.get(`/admin/entries/${slug}`);
    expect(editor.text).toContain('value="Har ni koll på det?"');
    expect(editor.text).toContain('Vi granskar det varje kvartal.</textarea>');

    const history = await client.get(`/admin/entries/${slug}/history`);
    expect(history.text).toContain('answer (Swedish)');
    expect(history.text).toMatch(/<ins>[\s\S]*?Vi granskar det varje kvartal\.<\/ins>/);
  });

  it('refuses Swedish without a question beside that field, keeps what was typed and saves nothing', async () => {
    const { client, csrfToken } = await signedIn();
    const slug = 'half-translated-entry';
    await client.post('/admin/entries', entryForm(slug, { _csrf: csrfToken }));
    const refused = await client.post(`/admin/entries/${slug}`, {
      ...entryForm(slug),
      _csrf: csrfToken,
      svQuestion: '',
      svAnswer: 'Bara ett svar.',
    });
    expect(refused.response.status).toBe(400);
    expect(refused.text).toMatch(
      /id="svQuestion-error"><strong>Error:<\/strong> The Swedish question must not be empty/,
    );
    expect(refused.text).toContain('<a href="#svQuestion">');
    expect(refused.text).toContain('Bara ett svar.</textarea>');
    expect(await testApp.container.entries.getEntry(slug)).not.toHaveProperty('translations');
    expect(await testApp.container.entries.listVersions(slug)).toHaveLength(1);
  });
});
