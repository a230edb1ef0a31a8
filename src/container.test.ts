import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmAccessRequest } from '../test/confirmed-access-request.js';
import { CookieClient } from '../test/create-admin-test-app.js';
import { loadTestContent } from '../test/create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../test/temporary-database.js';
import { type Container, createContainer } from './container.js';
import type { Actor } from './domain/staff.js';
import { createApp } from './http/app.js';

// An hour: within a test only the content-changed hook, never the revision check, can explain
// that the next request shows a change.
const REVISION_CHECK_INTERVAL_MS = 3_600_000;

describe('the content-changed hook', () => {
  let database: TestDatabase;
  let container: Container;
  let app: ReturnType<typeof createApp>;
  let admin: Actor;

  const page = async (path: string) => {
    const response = await app.request(`https://trust.example.test${path}`);
    return { status: response.status, text: await response.text() };
  };
  /** The slugs public search finds for a word (the JSON API runs the same search as /search). */
  const search = async (word: string): Promise<string[]> => {
    const response = await app.request(`https://trust.example.test/api/v1/search?q=${word}`);
    const body = (await response.json()) as { hits: { slug: string }[] };
    return body.hits.map((hit) => hit.slug);
  };

  beforeEach(async () => {
    database = await createTestDatabase();
    container = createContainer({ databaseUrl: database.url, revisionCheckIntervalMs: REVISION_CHECK_INTERVAL_MS });
    await loadTestContent(container, 'minimal');
    app = createApp(container, { publicUrl: 'https://trust.example.test' });
    admin = await container.staff.createAccount(
      { email: 'root@example.test', name: 'Root', role: 'admin', password: 'a long enough password 1' },
      undefined,
    );
    // Loads the published site (and the search index), so that a stale copy is what the next request would get.
    expect(await search('backup')).not.toEqual([]);
  });

  afterEach(async () => {
    await container.close();
    await database.remove();
  });

  async function firstPublishedSlug(): Promise<string> {
    const { items } = await container.entries.listEntries({ status: 'published' }, 1, 1);
    const slug = items[0]?.slug;
    if (!slug) throw new Error('the minimal content has no published entry');
    return slug;
  }

  async function editQuestion(slug: string, question: string) {
    const entry = await container.entries.getLatestText(slug);
    const { answer, category, tags, owner, reviewIntervalDays, alternativePhrasings, controls } = entry;
    return container.entries.updateEntry({ actor: admin }, slug, {
      question,
      answer,
      category,
      tags,
      owner,
      reviewIntervalDays,
      alternativePhrasings,
      controls,
    });
  }

  it('shows an edit of a published entry, and a restored version, on the next request', async () => {
    const slug = await firstPublishedSlug();
    const original = (await container.entries.getEntry(slug)).question;
    await editQuestion(slug, 'Is the quokkaword edit visible at once?');
    expect((await page(`/faq/${slug}`)).text).toContain('quokkaword');
    expect(await search('quokkaword')).toEqual([slug]);

    const [, previous] = await container.entries.listVersions(slug);
    if (!previous) throw new Error('the edit made no version');
    await container.entries.restoreVersion({ actor: admin }, slug, previous.version);
    const restored = await page(`/faq/${slug}`);
    expect(restored.text).not.toContain('quokkaword');
    expect(restored.text).toContain(original.replaceAll('&', '&amp;').replaceAll("'", '&#39;'));
  });

  it('shows an edit posted through the staff entry form on the next public request', async () => {
    const slug = 'disk-encryption';
    const entry = await container.entries.getEntry(slug);
    const client = new CookieClient(app, 'https://trust.example.test');
    const csrfToken = await client.signInForToken('root@example.test', 'a long enough password 1', '/admin/entries');
    const body = new URLSearchParams({
      _csrf: csrfToken,
      slug,
      question: 'Is the echidnaword edit posted by staff visible at once?',
      answer: entry.answer,
      category: entry.category,
      owner: entry.owner,
      reviewIntervalDays: '',
      alternativePhrasings: '',
      controls: entry.controls.join(', '),
    });
    for (const tag of entry.tags) body.append('tags', tag);
    const saved = await client.request(`/admin/entries/${slug}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    expect(saved.status).toBe(303);
    expect((await page(`/faq/${slug}`)).text).toContain('echidnaword');
    expect(await search('echidnaword')).toEqual([slug]);
  });

  it('shows a new entry once approved, and hides it once archived, on the next request', async () => {
    const slug = await firstPublishedSlug();
    const entry = await container.entries.getEntry(slug);
    await container.entries.createEntry({ actor: admin }, 'wombatword-entry', {
      question: 'Is the wombatword entry published at once?',
      answer: 'Yes.',
      category: entry.category,
      tags: [],
      owner: entry.owner,
      reviewIntervalDays: null,
      alternativePhrasings: [],
      controls: [],
    });
    await container.entries.submitForReview({ actor: admin }, 'wombatword-entry');
    expect(await search('wombatword')).toEqual([]);
    await container.entries.approve({ actor: admin }, 'wombatword-entry');
    expect((await page('/faq/wombatword-entry')).status).toBe(200);
    expect(await search('wombatword')).toEqual(['wombatword-entry']);

    await container.entries.archive({ actor: admin }, 'wombatword-entry');
    expect((await page('/faq/wombatword-entry')).status).toBe(404);
    expect(await search('wombatword')).toEqual([]);
  });

  it('shows a site-content edit on the next request', async () => {
    const category = await container.siteContent.getCategory('storage');
    await container.siteContent.updateCategory({ actor: admin }, 'storage', {
      name: 'Numbatword assets',
      description: category.description,
      order: category.order,
      reviewIntervalDays: category.reviewIntervalDays,
    });
    expect((await page('/category/storage')).text).toContain('Numbatword assets');
  });

  it('shows a content import on the next request', async () => {
    const content = await container.content.getContent();
    const [first] = content.entries;
    if (!first) throw new Error('no entries');
    first.question = 'Does the bilbyword import show at once?';
    await container.content.replaceContent(content);
    expect((await page(`/faq/${first.slug}`)).text).toContain('bilbyword');
    expect(await search('bilbyword')).toEqual([first.slug]);
  });

  it('shows a library import on the next request', async () => {
    const csv = 'Question,Answer,Category\n"Is the dingoword library answer searchable?","Yes.",storage\n';
    await container.content.importLibraryFile(
      { file: 'dingo.csv', bytes: new TextEncoder().encode(csv) },
      { status: 'published', owner: 'root@example.test', replace: false },
      { ...admin, ip: undefined },
    );
    expect(await search('dingoword')).toHaveLength(1);
  });

  it('makes a phrasing learned from a questionnaire searchable on the next request', async () => {
    const csv = 'Ref,Question,Answer\r\nB1,How often are backups made platypusword,\r\n';
    const uploaded = await container.questionnaires.upload(
      { actor: admin },
      { fileName: 'platypus.csv', bytes: new TextEncoder().encode(csv) },
    );
    await container.questionnaireMatching.whenIdle();
    const [question] = (await container.questionnaires.review(admin, uploaded.id)).questions;
    const slug = question?.candidates[0]?.slug;
    if (!question || !slug) throw new Error('the question got no suggestion');
    const { isPhrasingAdded } = await container.questionnaires.accept({ actor: admin }, question.id, slug, 'Daily.');
    expect(isPhrasingAdded).toBe(true);
    expect(await search('platypusword')).toEqual([slug]);
  });
});

describe('the questionnaire services', () => {
  let database: TestDatabase;
  let container: Container;

  beforeEach(async () => {
    database = await createTestDatabase();
    container = createContainer({ databaseUrl: database.url, revisionCheckIntervalMs: REVISION_CHECK_INTERVAL_MS });
    await loadTestContent(container, 'minimal');
  });

  afterEach(async () => {
    await container.close();
    await database.remove();
  });

  it('matches an upload in the matching job and exports what staff accepted, to those who may see it', async () => {
    const owner = await container.staff.createAccount(
      { email: 'ada@example.test', name: 'Ada', role: 'editor', password: 'a long enough password 1' },
      undefined,
    );
    const other = await container.staff.createAccount(
      { email: 'bob@example.test', name: 'Bob', role: 'editor', password: 'a long enough password 2' },
      undefined,
    );
    const csv = 'Ref,Question,Answer\r\nB1,How often are backups made?,\r\n';
    const uploaded = await container.questionnaires.upload(
      { actor: owner },
      { fileName: 'backups.csv', bytes: new TextEncoder().encode(csv), visibility: 'private' },
    );
    await container.questionnaireMatching.whenIdle();
    const [question] = (await container.questionnaires.review(owner, uploaded.id)).questions;
    const slug = question?.candidates[0]?.slug;
    if (!question || !slug) throw new Error('the question got no suggestion');
    expect(slug).toBe('backup-location');
    await container.questionnaires.accept({ actor: owner }, question.id, slug, 'Every night.');

    expect(await container.questionnaireExports.listAcceptedAnswers(owner, uploaded.id)).toMatchObject([
      { row: 2, question: 'How often are backups made?', answer: 'Every night.', entry: slug },
    ]);
    await expect(container.questionnaireExports.exportCsv(other, uploaded.id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('the wiring', () => {
  const sourceFolder = fileURLToPath(new URL('.', import.meta.url));
  const sources = readdirSync(sourceFolder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => ({
      path: relative(sourceFolder, join(sourceFolder, file)).replaceAll('\\', '/'),
      text: readFileSync(join(sourceFolder, file), 'utf8'),
    }));

  it('builds every service and repository in container.ts (and repositories in storage) and nowhere else', () => {
    const builders = sources
      .filter((source) => source.path !== 'container.ts' && !source.path.startsWith('storage/'))
      .flatMap((source) =>
        [...source.text.matchAll(/new [A-Z][A-Za-z]*(Service|Repository)\(/g)].map(
          (match) => `${source.path}: ${match[0]}`,
        ),
      );
    expect(builders).toEqual([]);
  });

  it('writes SQL only in src/storage', () => {
    const outside = sources
      .filter((source) => !source.path.startsWith('storage/'))
      .filter((source) => /\bsql`|\.selectFrom\(|from 'kysely'/.test(source.text))
      .map((source) => source.path);
    expect(outside).toEqual([]);
  });
});

describe('the gated download of a server built from config', () => {
  let database: TestDatabase;
  let container: Container;

  beforeEach(async () => {
    database = await createTestDatabase();
    // No watermarker given, as main.ts builds its container: the container's own must stamp.
    container = createContainer({ databaseUrl: database.url, revisionCheckIntervalMs: REVISION_CHECK_INTERVAL_MS });
    await loadTestContent(container, 'minimal');
  });

  afterEach(async () => {
    await container.close();
    await database.remove();
  });

  async function threePagePdf(): Promise<Uint8Array> {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let number = 1; number <= 3; number += 1) {
      pdf.addPage([595, 842]).drawText(`Findings, page ${number}`, { x: 40, y: 800, size: 12, font });
    }
    return pdf.save();
  }

  async function pageTexts(bytes: Uint8Array): Promise<string[]> {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
    const texts: string[] = [];
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const content = await (await pdf.getPage(number)).getTextContent();
      texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    await pdf.destroy();
    return texts;
  }

  it('stamps every page of a gated PDF with the recipient, over HTTP', async () => {
    const admin = await container.staff.createAccount(
      { email: 'root@example.test', name: 'Root', role: 'admin', password: 'a long enough password 1' },
      undefined,
    );
    const original = await threePagePdf();
    await container.documents.createDocument(
      { actor: admin },
      'pentest-summary',
      { title: 'Penetration test', description: 'Summary.', category: 'Reports', language: 'en', accessLevel: 'nda' },
      {
        fileName: 'pentest.pdf',
        versionLabel: '1',
        validFrom: '2026-01-01',
        validUntil: null,
        stream: (async function* () {
          yield original;
        })(),
      },
    );
    await container.nda.publish({ actor: admin }, { label: '2026-1', body: '# NDA\n\nWhat we share stays with you.' });
    const { portalPath } = await confirmAccessRequest(container, ['pentest-summary'], 'https://trust.example.test');
    const app = createApp(container, { publicUrl: 'https://trust.example.test' });

    const linked = await app.request(`https://trust.example.test${portalPath}/download/pentest-summary`, {
      method: 'POST',
    });
    expect(linked.status).toBe(303);
    const download = await app.request(`https://trust.example.test${linked.headers.get('location') ?? ''}`);
    expect(download.status).toBe(200);
    const bytes = new Uint8Array(await download.arrayBuffer());

    expect(Buffer.from(bytes).equals(Buffer.from(original))).toBe(false);
    const texts = await pageTexts(bytes);
    expect(texts).toHaveLength(3);
    for (const text of texts) expect(text).toContain('Åsa Öberg');
  });
});
