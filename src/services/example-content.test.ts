// The home of every assertion about the example content folder (content/): it ships with the project,
// `npm run dev` and the demo start from it, and the e2e, PostgreSQL and process tests use it as
// real-sized content. Other tests build their own data with test/factories.ts, so that changing an
// example answer breaks only this file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, EXAMPLE_CONTENT } from '../../test/create-test-app.js';
import type { ContentSet } from '../domain/content.js';
import { listLinkKeys } from '../domain/content.js';
import { listDocumentLinks } from '../domain/document.js';
import { readContentDirectory } from './content-directory.js';
import { parseContentFiles } from './content-format.js';

let example: ContentSet;
let testApp: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  const parsed = parseContentFiles(await readContentDirectory(EXAMPLE_CONTENT));
  if (!parsed.ok) throw new Error(`the example content must parse: ${JSON.stringify(parsed.problems)}`);
  example = parsed.content;
  testApp = await createTestApp({ content: 'example' });
});
afterAll(async () => {
  await testApp.close();
});

describe('the example content folder', () => {
  it('imports cleanly, with sane counts', async () => {
    expect(example.site.name).toBe('Norrsken Moln');
    expect(example.entries.length).toBe(95);
    expect(example.categories.length).toBe(10);
    expect(example.tags.length).toBe(10);
    expect(example.certifications.length).toBe(5);
    expect(example.highlights.length).toBe(6);
    expect(example.entries.every((entry) => entry.status === 'published')).toBe(true);
    const summary = await testApp.container.content.getContent();
    expect(summary.entries.length).toBe(example.entries.length);
  });

  it('has entries in every category, tags that are used, and no unknown category or tag', () => {
    const categories = new Set(example.categories.map((category) => category.slug));
    const tags = new Set(example.tags.map((tag) => tag.slug));
    const usedCategories = new Set(example.entries.map((entry) => entry.category));
    const usedTags = new Set(example.entries.flatMap((entry) => entry.tags));
    expect([...usedCategories].filter((slug) => !categories.has(slug))).toEqual([]);
    expect([...usedTags].filter((slug) => !tags.has(slug))).toEqual([]);
    expect([...categories].filter((slug) => !usedCategories.has(slug))).toEqual([]);
    expect([...tags].filter((slug) => !usedTags.has(slug))).toEqual([]);
  });

  it('resolves every link key an answer, the site or the SLA names', () => {
    const keys = new Set(example.links.map((link) => link.key));
    const named = [
      ...example.entries.flatMap((entry) => listLinkKeys(entry.answer).map((key) => ({ slug: entry.slug, key }))),
      { slug: 'site', key: example.site.securityPolicyLink ?? '' },
      { slug: 'sla', key: example.site.sla.link ?? '' },
    ];
    expect(named.filter(({ key }) => !keys.has(key))).toEqual([]);
  });

  it('renders every entry page, with no unresolved link left in it', async () => {
    const failures: { slug: string; status: number; hasRawLink: boolean }[] = [];
    for (const entry of example.entries) {
      const response = await testApp.app.request(`/faq/${entry.slug}`);
      const html = await response.text();
      const hasRawLink = html.includes('href="link:');
      if (response.status !== 200 || hasRawLink)
        failures.push({ slug: entry.slug, status: response.status, hasRawLink });
    }
    expect(failures).toEqual([]);
  });

  it('serves its provider in the machine-readable files and its accent colour on the pages', async () => {
    const security = await (await testApp.app.request('/.well-known/security.txt')).text();
    expect(security).toMatch(/^Contact: mailto:security@norrskenmoln\.example$/m);
    const llms = await (await testApp.app.request('/llms.txt')).text();
    expect(llms.startsWith('# Norrsken Moln Trust Center')).toBe(true);
    expect(llms).toContain('## Cryptography');
    const json = (await (await testApp.app.request('/faq.json')).json()) as { entries: unknown[] };
    expect(json.entries.length).toBe(95);
    const home = await (await testApp.app.request('/')).text();
    expect(home).toContain('class="a1-0 a2-f a3-5 a4-c a5-5 a6-a"');
  });

  it('answers a search for a term its answers use', async () => {
    const published = await testApp.container.publicSite.getPublishedSite();
    const result = published.search.search('encryption at rest', { limit: 10 });
    expect(result.total).toBeGreaterThan(3);
    expect(result.hits.length).toBe(10);
  });

  it('ships its documents with their access levels, linked from certifications and answers', async () => {
    const { items } = await testApp.container.documents.listPublic();
    expect(Object.fromEntries(items.map((document) => [document.slug, document.accessLevel]))).toEqual({
      'iso-27001-certificate': 'public',
      'iso-27017-certificate': 'public',
      'penetration-test-summary': 'nda',
      'statement-of-applicability': 'nda',
      'supplier-review-fibre': 'request',
    });
    expect(items.every((document) => !document.isExpired)).toBe(true);
    const slugs = new Set(items.map((document) => document.slug));
    const certified = example.certifications.filter((certification) => certification.document !== null);
    expect(certified.map((certification) => certification.document)).toEqual([
      'iso-27001-certificate',
      'iso-27017-certificate',
    ]);
    const linked = example.entries.flatMap((entry) => listDocumentLinks(entry.answer));
    expect(new Set(linked)).toEqual(new Set(['penetration-test-summary', 'statement-of-applicability']));
    expect(linked.filter((slug) => !slugs.has(slug))).toEqual([]);
    const html = await (await testApp.app.request('/faq/penetration-testing')).text();
    expect(html).toContain('href="/documents/penetration-test-summary"');

    const listing = await testApp.app.request('/documents');
    expect(listing.status).toBe(200);
    expect(await listing.text()).toContain('Supplier review summary: Mälarfiber AB');
    const download = await testApp.app.request('/documents/iso-27001-certificate/download');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const file = readFileSync(join(EXAMPLE_CONTENT, 'documents', 'iso-27001-certificate.pdf'));
    expect(Buffer.from(await download.arrayBuffer()).equals(file)).toBe(true);
    expect((await testApp.app.request('/documents/penetration-test-summary/download')).status).toBe(404);
  });

  it('ships published updates in both languages, dated in 2026, on /updates, /sv/updates and the feed', async () => {
    const { items } = await testApp.container.updates.listPublished({ page: 1 });
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(items.length).toBeLessThanOrEqual(5);
    expect(items.every((update) => update.date >= '2026-01-01' && update.date < '2026-12-01')).toBe(true);
    expect(items.every((update) => update.translations?.sv !== undefined)).toBe(true);
    // The subprocessor change is about a subprocessor the example lists.
    const subprocessors = await testApp.container.subprocessors.listForExport();
    const change = items.find((update) => update.category === 'subprocessors');
    expect(subprocessors.some((subprocessor) => change?.title.includes(subprocessor.name))).toBe(true);

    const english = await (await testApp.app.request('/updates')).text();
    const swedish = await (await testApp.app.request('/sv/updates')).text();
    const feed = await (await testApp.app.request('/updates.atom')).text();
    const swedishFeed = await (await testApp.app.request('/sv/updates.atom')).text();
    for (const update of items) {
      const titleSv = update.translations?.sv?.title ?? '';
      expect(english).toContain(`href="/updates/${update.slug}">${update.title}</a>`);
      expect(swedish).toContain(`href="/sv/updates/${update.slug}">${titleSv}</a>`);
      expect(feed).toContain(`<title type="text">${update.title}</title>`);
      expect(swedishFeed).toContain(`<title type="text">${titleSv}</title>`);
    }
    expect(swedish).not.toContain('not-translated');
    // Every link in an update's text leads to a page of the site.
    for (const update of items) {
      for (const path of [...update.body.matchAll(/\]\((\/[^)]*)\)/g)].map((match) => match[1] ?? '')) {
        expect((await testApp.app.request(path)).status, path).toBe(200);
      }
      for (const path of [...(update.translations?.sv?.body ?? '').matchAll(/\]\((\/[^)]*)\)/g)].map(
        (match) => match[1] ?? '',
      )) {
        expect(path.startsWith('/sv/'), path).toBe(true);
        expect((await testApp.app.request(path)).status, path).toBe(200);
      }
    }
  });

  it('ships a mutual NDA of 300 to 600 words as the current NDA', async () => {
    const nda = await testApp.container.nda.getCurrent();
    expect(nda?.label).toBe('2026-1');
    const words = (nda?.body ?? '').split(/\s+/).filter((word) => /\p{L}/u.test(word));
    expect(words.length).toBeGreaterThanOrEqual(300);
    expect(words.length).toBeLessThanOrEqual(600);
    expect(nda?.body).toContain('Norrsken Moln');
  });
});
