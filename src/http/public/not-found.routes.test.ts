import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/create-test-app.js';

let testApp: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  testApp = await createTestApp({ today: '2026-11-27' });
});
afterAll(async () => {
  await testApp.close();
});

async function get(path: string) {
  const response = await testApp.app.request(`http://localhost${path}`);
  return { status: response.status, text: await response.text() };
}

/** The FAQ links of the "closest answers" list, in order. */
function closestLinks(html: string): string[] {
  const section = /<section[^>]*class="closest"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  return [...section.matchAll(/href="([^"]+)"/g)].map((match) => match[1] ?? '');
}

describe('the not-found page', () => {
  it('offers the closest entries to an unknown FAQ address, and the search field filled with its words', async () => {
    const page = await get('/faq/encrypt-backups');
    expect(page.status).toBe(404);
    const links = closestLinks(page.text);
    expect(links.length).toBeGreaterThan(0);
    expect(links).toContain('/faq/platform-backups');
    expect(links).toContain('/faq/encryption-at-rest');
    expect(page.text).toMatch(/<form[^>]*role="search"[^>]*action="\/search"/);
    expect(page.text).toContain('value="encrypt backups"');
  });

  it('searches the words of an unknown category or tag too, correcting a typo', async () => {
    expect(closestLinks((await get('/category/physical-securty')).text)).toContain(
      '/faq/data-center-physical-security',
    );
    expect(closestLinks((await get('/tag/vulnerabilty')).text).length).toBeGreaterThan(0);
  });

  it('offers only the search field for any other unknown address, or words nothing matches', async () => {
    for (const path of ['/no-such-page', '/faq/zzzz-qqqq']) {
      const page = await get(path);
      expect(page.status, path).toBe(404);
      expect(page.text, path).toMatch(/<form[^>]*role="search"/);
      expect(closestLinks(page.text), path).toEqual([]);
    }
  });

  it('escapes the missing address words it echoes', async () => {
    const page = await get('/faq/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(page.status).toBe(404);
    expect(page.text).not.toContain('<script>alert');
  });
});
