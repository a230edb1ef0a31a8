import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/create-test-app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let testApp: TestApp;

beforeAll(async () => {
  testApp = await createTestApp({ content: 'minimal', today: '2026-06-01' });
});

afterAll(async () => {
  await testApp.close();
});

const SWEDISH_BROWSER = { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.8' };

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await testApp.app.request(`https://trust.example.test${path}`, { headers });
  return { response, text: await response.text() };
}

describe('choosing the language on /', () => {
  it('sends a browser preferring Swedish to /sv/, varying on Accept-Language and setting no cookie', async () => {
    const { response } = await get('/', SWEDISH_BROWSER);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/sv/');
    expect(response.headers.get('vary')).toContain('Accept-Language');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('gives the Swedish home page one address: /sv moves to /sv/, keeping the query', async () => {
    const { response } = await get('/sv?q=backup');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/sv/?q=backup');
    expect((await get('/sv/')).response.status).toBe(200);
  });

  it('weighs the q-values: English first with Swedish second stays English', async () => {
    const { response } = await get('/', { 'accept-language': 'sv;q=0.4, en-GB;q=0.9' });
    expect(response.status).toBe(200);
    expect(response.headers.get('vary')).toContain('Accept-Language');
    const other = await get('/', { 'accept-language': 'de-DE, sv;q=0.5' });
    expect(other.response.headers.get('location')).toBe('/sv/');
  });

  it('keeps a visitor who chose English on the English home page, with no cookie either', async () => {
    const { response, text } = await get('/?lang=en', SWEDISH_BROWSER);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(text).toContain('<html lang="en" ');
  });

  it('never redirects another page on the header: a shared link opens in its own language', async () => {
    for (const path of ['/faq/disk-encryption', '/category/storage', '/search?q=disk', '/documents']) {
      const { response, text } = await get(path, SWEDISH_BROWSER);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(text).toContain('<html lang="en" ');
    }
  });
});

describe('pages under /sv/', () => {
  it('answers every public page under /sv/ in Swedish, and the English one without a prefix', async () => {
    for (const path of [
      '/',
      '/faq/disk-encryption',
      '/category/storage',
      '/tag/gdpr',
      '/search?q=disk',
      '/documents',
      '/request-access',
    ]) {
      const swedish = await get(`/sv${path === '/' ? '/' : path}`);
      expect({ path, status: swedish.response.status }).toEqual({ path, status: 200 });
      expect(swedish.text).toContain('<html lang="sv" ');
      expect(swedish.text).toContain('Hoppa till innehållet');
      expect(swedish.response.headers.get('set-cookie')).toBeNull();
      const english = await get(path);
      expect(english.text).toContain('<html lang="en" ');
    }
    // Without its slash, the Swedish home page moves to its one address (tested with the redirects above).
    expect((await get('/sv')).response.headers.get('location')).toBe('/sv/');
  });

  it('names the same page in both languages and as the default with hreflang, and itself as canonical', async () => {
    const { text } = await get('/sv/faq/disk-encryption');
    const base = 'https://trust.example.test';
    expect(text).toContain(`<link rel="canonical" href="${base}/sv/faq/disk-encryption"/>`);
    expect(text).toContain(`<link rel="alternate" hreflang="en" href="${base}/faq/disk-encryption"/>`);
    expect(text).toContain(`<link rel="alternate" hreflang="sv" href="${base}/sv/faq/disk-encryption"/>`);
    expect(text).toContain(`<link rel="alternate" hreflang="x-default" href="${base}/faq/disk-encryption"/>`);
    const home = (await get('/')).text;
    expect(home).toContain(`<link rel="alternate" hreflang="sv" href="${base}/sv/"/>`);
  });

  it('has a switch to the same page and query in the other language; English home carries the explicit choice', async () => {
    const search = (await get('/sv/search?q=disk&tag=crypto')).text;
    expect(search).toContain(
      '<a class="chip" href="/search?q=disk&amp;tag=crypto" lang="en" hreflang="en">English</a>',
    );
    const english = (await get('/search?q=disk')).text;
    expect(english).toContain('<a class="chip" href="/sv/search?q=disk" lang="sv" hreflang="sv">Svenska</a>');
    const home = (await get('/sv/')).text;
    expect(home).toContain('href="/?lang=en" lang="en" hreflang="en">English</a>');
  });

  it('keeps every internal link of a Swedish page under /sv/', async () => {
    const { text } = await get('/sv/');
    const internal = [...text.matchAll(/(?:href|action)="(\/[^"]*)"/g)].map((match) => match[1] ?? '');
    const neutral = /^\/(?:assets\/|\.well-known\/|faq\.json|llms\.txt|sitemap\.xml|\?lang=en$)/;
    const unprefixed = internal.filter((path) => !path.startsWith('/sv/') && !neutral.test(path));
    expect(unprefixed).toEqual([]);
    expect(internal).toContain('/sv/faq/disk-encryption');
    expect(internal).toContain('/sv/search');
  });

  it('marks text that falls back to English, once per item, with lang="en"', async () => {
    // The minimal content has no Swedish yet: every entry falls back.
    const { text } = await get('/sv/faq/disk-encryption');
    expect(text).toContain('<h1 lang="en">Are the disks encrypted?</h1>');
    expect(text).toContain('<span class="untranslated" lang="sv">Inte översatt ännu</span>');
    expect(text).toMatch(/<div class="answer" lang="en">/);
    expect(text.split('Inte översatt ännu')).toHaveLength(2);
    // English pages carry no mark and no per-element lang.
    const english = (await get('/faq/disk-encryption')).text;
    expect(english).not.toContain('untranslated');
    expect(english).not.toContain('lang="en">Are the disks');
  });

  it('marks a tag page whose tag has no Swedish name: the sentence in Swedish, the name in English, the mark once', async () => {
    const { response, text } = await get('/sv/tag/crypto');
    expect(response.status).toBe(200);
    expect(text).toContain('<h1>Frågor taggade <span lang="en">Crypto</span></h1>');
    expect(text).toContain(
      '<h1>Frågor taggade <span lang="en">Crypto</span></h1><span class="untranslated" lang="sv">Inte översatt ännu</span>',
    );
    // English: the plain sentence, no mark.
    const english = (await get('/tag/crypto')).text;
    expect(english).toContain('<h1>Questions tagged Crypto</h1>');
    expect(english).not.toContain('untranslated');
  });
});

describe('old ?lang= links and what stays without a prefix', () => {
  it('moves ?lang=sv to the prefixed page, the rest of the query kept', async () => {
    const { response } = await get('/search?q=disk&lang=sv&tag=crypto');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/sv/search?q=disk&tag=crypto');
    expect((await get('/?lang=sv')).response.headers.get('location')).toBe('/sv/');
    expect((await get('/sv/faq/disk-encryption?lang=en')).response.headers.get('location')).toBe(
      '/faq/disk-encryption',
    );
    expect((await get('/sv/?lang=en')).response.headers.get('location')).toBe('/?lang=en');
  });

  it('leaves the staff area, the API and the machine files alone', async () => {
    expect((await get('/sv/admin')).response.status).toBe(404);
    expect((await get('/sv/api/v1/search?q=disk')).response.status).toBe(404);
    expect((await get('/admin/sign-in?lang=sv', SWEDISH_BROWSER)).response.status).not.toBe(301);
    const api = await testApp.app.request('https://trust.example.test/api/v1/search?q=disk&lang=sv');
    expect(api.status).toBe(200);
    const body = (await api.json()) as { language: string; hits: { url: string; language: string }[] };
    expect(body.language).toBe('sv');
    expect(body.hits[0]).toMatchObject({ url: '/sv/faq/disk-encryption', language: 'en' });
    expect((await get('/robots.txt')).response.status).toBe(200);
  });
});
