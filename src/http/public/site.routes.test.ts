import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/create-test-app.js';
import { buildEntry, buildMinimalContent, MINIMAL_SITE, seedContent } from '../../../test/factories.js';
import { type ContentSet, MAX_SLUG_LENGTH, slugify } from '../../domain/content.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let testApp: TestApp;

const minimal = buildMinimalContent();
const CRYPTOGRAPHY_ENTRIES = ['volumes', 'buckets', 'snapshots', 'queues', 'databases'];

/** The minimal content and what the pages below show: access control, cryptography, privacy, an expired certificate. */
const content: ContentSet = {
  ...minimal,
  categories: [
    ...minimal.categories,
    { slug: 'access-control', name: 'Access control', description: 'Who gets in.', order: 3, reviewIntervalDays: 365 },
    { slug: 'cryptography', name: 'Cryptography', description: 'Keys and ciphers.', order: 4, reviewIntervalDays: 365 },
    { slug: 'privacy-gdpr', name: 'Privacy & GDPR', description: 'Personal data.', order: 5, reviewIntervalDays: 365 },
  ],
  tags: [...minimal.tags, { slug: 'nis2', name: 'NIS2' }],
  certifications: [
    ...minimal.certifications,
    {
      name: 'ISO 9001:2015',
      issuer: 'Test Certification Body',
      certificateNumber: 'TCB-0002',
      scope: 'Quality management.',
      validFrom: '2022-01-01',
      validUntil: '2025-01-01',
      document: null,
    },
  ],
  entries: [
    ...minimal.entries,
    buildEntry({
      slug: 'mfa-for-administrative-access',
      question: 'Do you require MFA for administrative access?',
      answer: 'Every administrator signs in with multi-factor authentication (MFA) and a hardware key.',
      category: 'access-control',
      tags: ['nis2'],
      controls: ['A.8.5'],
    }),
    buildEntry({
      slug: 'access-reviews',
      question: 'How often are access rights reviewed?',
      answer: 'Managers review the access rights of their teams every quarter.',
      category: 'access-control',
      tags: ['nis2'],
      controls: ['A.5.18'],
    }),
    ...CRYPTOGRAPHY_ENTRIES.map((thing) =>
      buildEntry({
        slug: `encrypted-${thing}`,
        question: `Are ${thing} encrypted at rest?`,
        answer: `Encryption at rest protects all ${thing} with AES-256.`,
        category: 'cryptography',
        tags: ['crypto'],
      }),
    ),
    buildEntry({
      slug: 'personal-data-location',
      question: 'Where is personal data processed?',
      answer: 'Personal data is processed in the Testvik zone only; no subprocessor outside the EU sees it.',
      category: 'privacy-gdpr',
      tags: ['gdpr'],
    }),
    buildEntry({
      slug: 'data-subject-requests',
      question: 'How do you handle data subject requests?',
      answer: 'We answer a request about personal data within thirty days.',
      category: 'privacy-gdpr',
      tags: ['gdpr'],
    }),
    // Mentions data but is neither in privacy-gdpr nor tagged gdpr: the filters must leave it out.
    buildEntry({
      slug: 'data-centre-power',
      question: 'How is the data centre powered?',
      answer: 'The data centre runs on two independent feeds and diesel for data safety.',
      category: 'storage',
    }),
    // Tagged gdpr outside privacy-gdpr: the category filter must leave it out.
    buildEntry({
      slug: 'data-retention-logs',
      question: 'How long is log data kept?',
      answer: 'Log data is kept for ninety days.',
      category: 'storage',
      tags: ['gdpr'],
    }),
  ],
};

beforeAll(async () => {
  testApp = await createTestApp({ today: '2026-11-27', content: 'none' });
  await seedContent(testApp.container, content);
});
afterAll(async () => {
  await testApp.close();
});

async function getText(path: string, headers: Record<string, string> = {}) {
  const response = await testApp.app.request(path, { headers });
  return { response, text: await response.text() };
}

describe('home page', () => {
  it('renders every section a visitor expects', async () => {
    const { response, text } = await getText('/');
    expect(response.status).toBe(200);
    expect(text.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(text).toContain(`${MINIMAL_SITE.name} Trust Center`);
    expect(text).toMatch(/<form class="search-form" role="search" action="\/search"/);
    expect(text).toContain('id="highlights-title"');
    expect(text).toContain('id="certifications-title"');
    expect(text).toContain('id="sla-title"');
    expect(text).toContain('href="#category-access-control"');
  });

  it('lists each question as a link to its entry page, with the answers left to their categories', async () => {
    for (const prefix of ['', '/sv']) {
      const { text } = await getText(`${prefix}/`);
      expect(text).toContain(
        `<div class="entry" id="mfa-for-administrative-access"><a class="entry-link" href="${prefix}/faq/mfa-for-administrative-access">`,
      );
      expect((text.match(/<a class="entry-link"/g) ?? []).length).toBe(content.entries.length);
      expect(text).toContain(`data-answers="${prefix}/category/access-control/answers"`);
      expect(text).not.toContain('class="answer"');
      expect(text).not.toContain('Every administrator signs in with multi-factor authentication');
    }
  });

  it('marks an expired certification as expired', async () => {
    const { text } = await getText('/');
    expect(text).toMatch(/class="badge expired"[\s\S]*?Expired/);
  });

  it('sends a strict Content-Security-Policy, no cookies and no second copy of the answers on the home page', async () => {
    const { response, text } = await getText('/');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('set-cookie')).toBeNull();
    // FAQPage JSON-LD repeated every answer the page shows; it lives on the entry and category pages.
    expect(text).not.toContain('application/ld+json');
    expect(text).not.toMatch(/<script(?![^>]*src="\/assets\/)/);
  });

  it('describes a category page as a FAQPage of its entries (JSON-LD)', async () => {
    const category = content.categories.find((candidate) =>
      content.entries.some((entry) => entry.category === candidate.slug),
    );
    const { text } = await getText(`/category/${category?.slug ?? ''}`);
    const jsonLd = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(text)?.[1] ?? '';
    const data = JSON.parse(jsonLd) as { '@type': string; mainEntity: unknown[] };
    expect(data['@type']).toBe('FAQPage');
    expect(data.mainEntity.length).toBe(
      content.entries.filter((entry) => entry.category === category?.slug && entry.status === 'published').length,
    );
  });

  it('makes no third-party requests: every src and stylesheet is same-origin', async () => {
    const { text } = await getText('/');
    const references = [...text.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    const loaded = [...text.matchAll(/<(?:script|link rel="stylesheet"|img)[^>]*(?:src|href)="([^"]+)"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(references.length).toBeGreaterThan(10);
    for (const url of loaded) expect(url.startsWith('/'), url).toBe(true);
  });

  it('answers a conditional request with 304 and serves gzip when asked', async () => {
    const first = await testApp.app.request('/');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"r\d+-/);
    const second = await testApp.app.request('/', { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
    const compressed = await testApp.app.request('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
    const html = gunzipSync(Buffer.from(await compressed.arrayBuffer())).toString('utf8');
    expect(html).toContain(`${MINIMAL_SITE.name} Trust Center`);
    // Each encoding has its own ETag, and any of them makes a conditional request a 304.
    const gzipTag = compressed.headers.get('etag') ?? '';
    expect(gzipTag).toBe(`${etag.slice(0, -1)}-gzip"`);
    expect((await testApp.app.request('/', { headers: { 'if-none-match': `W/${gzipTag}` } })).status).toBe(304);
  });

  it('serves brotli to a client that accepts it once the page is compressed, gzip before that', async () => {
    const ask = () =>
      testApp.app.request('/faq/disk-encryption', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    let response = await ask();
    for (let tries = 0; response.headers.get('content-encoding') !== 'br' && tries < 200; tries += 1) {
      expect(response.headers.get('content-encoding')).toBe('gzip');
      await new Promise((resolve) => setTimeout(resolve, 10));
      response = await ask();
    }
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('etag')).toMatch(/-br"$/);
    expect(brotliDecompressSync(Buffer.from(await response.arrayBuffer())).toString('utf8')).toContain('</html>');
  });

  it('speaks Swedish when asked', async () => {
    const { text } = await getText('/sv/');
    expect(text).toContain('<html lang="sv" ');
    expect(text).toContain('Frågor och svar');
    expect(text).toContain('Hoppa till innehållet');
  });
});

describe("a category's answers for the home page", () => {
  it('are the answer, category, tags, review date and permalink of each entry, without a page around them', async () => {
    const { response, text } = await getText('/category/cryptography/answers');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(response.headers.get('x-robots-tag')).toBe('noindex');
    expect(text).not.toContain('<html');
    const slugs = [...text.matchAll(/<div class="entry-body" data-entry="([a-z0-9-]+)">/g)].map((match) => match[1]);
    expect([...slugs].sort()).toEqual(CRYPTOGRAPHY_ENTRIES.map((thing) => `encrypted-${thing}`).sort());
    // In the order the home page lists the questions.
    const home = (await getText('/')).text;
    const group = home.slice(home.indexOf('data-answers="/category/cryptography/answers"'));
    const listed = [...group.matchAll(/<div class="entry" id="([a-z0-9-]+)">/g)].map((match) => match[1]);
    expect(listed.slice(0, slugs.length)).toEqual(slugs);
    expect(text).toContain('Encryption at rest protects all volumes with AES-256.');
    expect(text).toContain(
      '<a class="permalink" href="/faq/encrypted-volumes" aria-label="Permanent link to: Are volumes encrypted at rest?">',
    );
    expect(text).toContain('href="/category/cryptography"');
    expect(text).toContain('href="/tag/crypto"');
  });

  it('link to Swedish pages under /sv/', async () => {
    const { response, text } = await getText('/sv/category/cryptography/answers');
    expect(response.status).toBe(200);
    expect(text).toContain('<a class="permalink" href="/sv/faq/encrypted-volumes" aria-label="Permanent länk till: ');
    expect(text).toContain('href="/sv/category/cryptography"');
    expect(text).not.toMatch(/href="\/(faq|category|tag)\//);
  });

  it('are cached for the revision: a strong ETag per encoding, a 304, brotli once it is ready', async () => {
    const first = await testApp.app.request('/category/cryptography/answers');
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"r\d+-[a-z0-9]+"$/);
    const second = await testApp.app.request('/category/cryptography/answers', { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
    const ask = () =>
      testApp.app.request('/category/cryptography/answers', { headers: { 'accept-encoding': 'gzip, br' } });
    let response = await ask();
    for (let tries = 0; response.headers.get('content-encoding') !== 'br' && tries < 200; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      response = await ask();
    }
    expect(response.headers.get('etag')).toBe(`${etag.slice(0, -1)}-br"`);
    expect(brotliDecompressSync(Buffer.from(await response.arrayBuffer())).toString('utf8')).toContain(
      'data-entry="encrypted-volumes"',
    );
    // The English and Swedish answers are different bodies with different tags.
    const swedish = await testApp.app.request('/sv/category/cryptography/answers');
    expect(swedish.headers.get('etag')).not.toBe(etag);
  });

  it('change with the content', async () => {
    await testApp.container.content.replaceContent({
      ...content,
      entries: content.entries.map((entry) =>
        entry.slug === 'encrypted-volumes' ? { ...entry, answer: 'Volumes use XTS-AES-256 now.' } : entry,
      ),
    });
    try {
      const { text } = await getText('/category/cryptography/answers');
      expect(text).toContain('Volumes use XTS-AES-256 now.');
    } finally {
      await seedContent(testApp.container, content);
    }
  });

  it.each(['/category/no-such-category/answers', '/sv/category/no-such-category/answers'])(
    'answer %s with the 404 page',
    async (path) => {
      const { response, text } = await getText(path);
      expect(response.status).toBe(404);
      expect(text).toContain('<!DOCTYPE html>');
    },
  );
});

describe('entry, category and tag pages', () => {
  it('shows an entry with category, tags, review date and related entries', async () => {
    const { response, text } = await getText('/faq/mfa-for-administrative-access');
    expect(response.status).toBe(200);
    expect(text).toContain('<h1>Do you require MFA for administrative access?</h1>');
    expect(text).toContain('href="/category/access-control"');
    expect(text).toMatch(/Reviewed on 1 January 2026/);
    expect(text).toContain('id="related-title"');
    expect(text).toContain('href="/faq/access-reviews"');
    expect(text).toContain('A.8.5');
  });

  it('shows a question of 2,000 characters in full, with a page title cut at a word and a slug within its limit', async () => {
    const question =
      `${'Describe, for each of the services in scope, how access is granted, reviewed and revoked. '.repeat(22)}`
        .slice(0, 1_999)
        .trimEnd()
        .padEnd(1_999, 'x')
        .concat('?');
    expect(question).toHaveLength(2_000);
    const slug = slugify(question);
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    await testApp.container.content.replaceContent({
      ...content,
      entries: [...content.entries, buildEntry({ slug, question, category: 'access-control' })],
    });
    try {
      const { response, text } = await getText(`/faq/${slug}`);
      expect(response.status).toBe(200);
      expect(text).toContain(`<h1>${question}</h1>`);
      const title = /<title>([^<]*)<\/title>/.exec(text)?.[1] ?? '';
      expect(title).toMatch(/^Describe, for each of the services in scope, .*…(?= · )/);
      expect(title.split(' · ')[0]?.length).toBeLessThanOrEqual(120);
      const listed = await getText('/category/access-control');
      expect(listed.text).toContain(`<span class="entry-question">${question}</span>`);
    } finally {
      await seedContent(testApp.container, content);
    }
  });

  it('lists the entries of a category and of a tag', async () => {
    const category = await getText('/category/cryptography');
    expect(category.response.status).toBe(200);
    expect(category.text).toContain('<h1>Cryptography</h1>');
    expect((category.text.match(/<details class="entry"/g) ?? []).length).toBe(CRYPTOGRAPHY_ENTRIES.length);
    const tag = await getText('/tag/nis2');
    expect(tag.response.status).toBe(200);
    expect(tag.text).toContain('Questions tagged NIS2');
    expect((tag.text.match(/<details class="entry"/g) ?? []).length).toBe(2);
  });

  it('redirects the no-JavaScript category select to the category page', async () => {
    const response = await testApp.app.request('/category?slug=privacy-gdpr');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/category/privacy-gdpr');
  });

  it.each(['/faq/no-such-entry', '/category/no-such-category', '/tag/no-such-tag', '/no/such/page'])(
    'answers %s with the 404 page',
    async (path) => {
      const { response, text } = await getText(path);
      expect(response.status).toBe(404);
      expect(text).toContain('Page not found');
      expect(text).toContain('<!DOCTYPE html>');
    },
  );
});

describe('search page', () => {
  it('finds entries and marks the matched words', async () => {
    const { response, text } = await getText('/search?q=encryption+at+rest');
    expect(response.status).toBe(200);
    expect(text).toMatch(/\d+ answers for “encryption at rest”/);
    for (const thing of CRYPTOGRAPHY_ENTRIES) expect(text).toContain(`href="/faq/encrypted-${thing}"`);
    expect(text).toMatch(/<mark>[Ee]ncrypt/);
  });

  it('filters by category and tag', async () => {
    const { text } = await getText('/search?q=data&category=privacy-gdpr&tag=gdpr');
    const links = [...text.matchAll(/<h3 class="result-title"><a href="\/faq\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(links.toSorted()).toEqual(['data-subject-requests', 'personal-data-location']);
    const published = await testApp.container.publicSite.getPublishedSite();
    for (const slug of links) {
      const entry = published.findEntry(slug ?? '');
      expect(entry?.category.slug).toBe('privacy-gdpr');
      expect(entry?.tags.map((t) => t.slug)).toContain('gdpr');
    }
  });

  it('shows a clear no-results state with near matches', async () => {
    const { text } = await getText('/search?q=qwxzv+encryptoin&category=cryptography&tag=gdpr&tag=nis2');
    expect(text).toContain('No answers match');
    expect(text).toContain('Try fewer or more general words');
  });

  it('suggests a correction for a misspelt word', async () => {
    const result = (await testApp.container.publicSite.getPublishedSite()).search.search('subprocesor', { limit: 5 });
    const { text } = await getText('/search?q=zzqx+subprocesor');
    expect(result.hits.length + result.suggestions.length).toBeGreaterThan(0);
    expect(text).toMatch(/Did you mean|answers? for/);
  });

  it('shows the results for a correction, saying so, when a word as typed is in no answer', async () => {
    const { response, text } = await getText('/search?q=subprocesor');
    expect(response.status).toBe(200);
    expect(text).toContain('Showing results for <strong>subprocessor</strong>.');
    expect(text).toContain('<a href="/search?q=subprocesor&amp;verbatim=1">Search instead for “subprocesor”</a>');
    expect(text).toContain('answer for “subprocessor”');
    expect(text).toContain('href="/faq/personal-data-location"');
  });

  it('reads a Swedish compound the site never uses by its parts, saying so', async () => {
    // Neither site has the word; its parts are "kund" (customer), "data" and "kryptering" (encryption).
    const english = await getText('/search?q=kunddatakryptering');
    expect(english.response.status).toBe(200);
    expect(english.text).toContain('Showing results for <strong>customer data encryption</strong>.');
    expect(english.text).toContain('href="/faq/encrypted-buckets"');
    const swedish = await getText('/sv/search?q=kunddatakryptering');
    expect(swedish.text).toMatch(/Visar resultat för <strong>[^<]*data[^<]*<\/strong>\./);
    expect(swedish.text).toContain('href="/sv/faq/encrypted-buckets"');
    // As typed, the word finds nothing.
    const verbatim = await getText('/search?q=kunddatakryptering&verbatim=1');
    expect(verbatim.text).not.toContain('href="/faq/encrypted-buckets"');
  });

  it('reads a Swedish word the site never uses beside words it knows', async () => {
    const { text } = await getText('/search?q=krypterad+kunddata');
    expect(text).toMatch(/Showing results for <strong>[^<]*customer data[^<]*<\/strong>\./);
    expect(text).toContain('href="/faq/encrypted-buckets"');
  });

  it('says so in Swedish too', async () => {
    const { text } = await getText('/sv/search?q=subprocesor');
    expect(text).toContain('Visar resultat för <strong>subprocessor</strong>.');
    expect(text).toContain('<a href="/sv/search?q=subprocesor&amp;verbatim=1">Sök i stället efter ”subprocesor”</a>');
  });

  it('searches the words as typed from the "search instead" link, and never corrects a known word', async () => {
    const verbatim = await getText('/search?q=subprocesor&verbatim=1');
    expect(verbatim.response.status).toBe(200);
    expect(verbatim.text).not.toContain('Showing results for');
    // Filtering a search made as typed keeps it as typed.
    expect(verbatim.text).toContain('<input type="hidden" name="verbatim" value="1"/>');
    const known = await getText('/search?q=subprocessor');
    expect(known.text).not.toContain('Showing results for');
    const invalid = await getText('/search?q=subprocesor&verbatim=yes');
    expect(invalid.response.status).toBe(400);
    expect(invalid.text).toContain('The verbatim flag must be 1 when given.');
  });

  it('counts submitted searches for the analytics, without any visitor data', async () => {
    await getText('/search?q=Sovereign+Cloud');
    await getText('/search?q=sovereign%20cloud&page=2');
    await testApp.app.request('/api/v1/search?q=sovereign+clo');
    await testApp.container.searchAnalytics.flush();
    const top = await testApp.container.searchAnalytics.listTopQueries(30, 50);
    expect(top.find((row) => row.query === 'sovereign cloud')?.searches).toBe(1);
    expect(top.some((row) => row.query === 'sovereign clo')).toBe(false);
  });

  it('rejects a 10,000-character query with a 400 and a message', async () => {
    const { response, text } = await getText(`/search?q=${'a'.repeat(10_000)}`);
    expect(response.status).toBe(400);
    expect(text).toContain('The search text is too long');
  });

  it('rejects binary input with a 400 and a message', async () => {
    const { response, text } = await getText('/search?q=%00%FF%FEabc');
    expect(response.status).toBe(400);
    expect(text).toContain('control or binary characters');
  });

  it('escapes the query everywhere it is shown', async () => {
    const { text } = await getText('/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(text).not.toContain('<script>alert(1)</script>');
    expect(text).toContain('&lt;script&gt;');
  });
});

describe('JSON search API', () => {
  it('returns ranked hits with highlight segments', async () => {
    const response = await testApp.app.request('/api/v1/search?q=2FA');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      total: number;
      hits: { slug: string; question: { text: string; isMatch: boolean }[]; snippet: { isMatch: boolean }[] }[];
    };
    expect(body.total).toBeGreaterThan(0);
    // "2FA" is a synonym: the MFA entries rank near the top, and every hit shows what matched.
    expect(body.hits.slice(0, 3).map((hit) => hit.slug)).toContain('mfa-for-administrative-access');
    for (const hit of body.hits) {
      expect([...hit.question, ...hit.snippet].some((segment) => segment.isMatch)).toBe(true);
    }
  });

  it('names the correction it searched instead of a word in no answer, unless asked for the words as typed', async () => {
    const corrected = (await (await testApp.app.request('/api/v1/search?q=subprocesor')).json()) as {
      query: string;
      correctedQuery: string | null;
      hits: { slug: string }[];
    };
    expect(corrected.query).toBe('subprocesor');
    expect(corrected.correctedQuery).toBe('subprocessor');
    expect(corrected.hits.map((hit) => hit.slug)).toContain('personal-data-location');
    const typed = (await (await testApp.app.request('/api/v1/search?q=subprocesor&verbatim=1')).json()) as {
      correctedQuery: string | null;
    };
    expect(typed.correctedQuery).toBeNull();
  });

  it('answers bad input with a JSON error naming the problem', async () => {
    const response = await testApp.app.request(`/api/v1/search?q=${'x'.repeat(600)}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; problems: { field: string }[] } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.problems[0]?.field).toBe('q');
  });
});
