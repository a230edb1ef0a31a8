import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/create-test-app.js';
import { buildMinimalContent, MINIMAL_SITE } from '../../../test/factories.js';

let testApp: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  testApp = await createTestApp({ content: 'minimal' });
});
afterAll(async () => {
  await testApp.close();
});

describe('machine-readable endpoints', () => {
  it('serves an RFC 9116 security.txt from the site security contact', async () => {
    const response = await testApp.app.request('/.well-known/security.txt');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^Contact: mailto:security@testvik\.example$/m);
    const expires = /^Expires: (\S+)$/m.exec(text)?.[1] ?? '';
    expect(Date.parse(expires)).toBeGreaterThan(Date.now());
    expect(Date.parse(expires)).toBeLessThan(Date.now() + 366 * 24 * 3600 * 1000);
    expect(text).toMatch(/^Canonical: https:\/\/trust\.example\.test\/\.well-known\/security\.txt$/m);
    expect(text).toMatch(/^Policy: https:\/\/testvik\.example\/disclosure$/m);
  });

  it('lists every published entry in sitemap.xml', async () => {
    const text = await (await testApp.app.request('/sitemap.xml')).text();
    const published = await testApp.container.publicSite.getPublishedSite();
    expect(text).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"');
    expect(published.entries.length).toBe(buildMinimalContent().entries.length);
    for (const entry of published.entries) expect(text).toContain(`https://trust.example.test/faq/${entry.slug}</loc>`);
    // Swedish pages too, each page naming its other language.
    for (const entry of published.entries)
      expect(text).toContain(`https://trust.example.test/sv/faq/${entry.slug}</loc>`);
    expect(text).toContain(
      '<xhtml:link rel="alternate" hreflang="sv" href="https://trust.example.test/sv/faq/disk-encryption"/>',
    );
    for (const path of ['/documents', '/subprocessors', '/updates', '/print', '/sv/subprocessors', '/sv/updates'])
      expect(text).toContain(`https://trust.example.test${path}</loc>`);
  });

  it('points robots.txt at the sitemap', async () => {
    const text = await (await testApp.app.request('/robots.txt')).text();
    expect(text).toContain('Sitemap: https://trust.example.test/sitemap.xml');
  });

  it('serves a Markdown digest at /llms.txt and the whole FAQ at /faq.json', async () => {
    const llms = await (await testApp.app.request('/llms.txt')).text();
    expect(llms.startsWith(`# ${MINIMAL_SITE.name} Trust Center`)).toBe(true);
    expect(llms).toContain('## Storage');
    expect(llms).toContain('## People');
    const json = (await (await testApp.app.request('/faq.json')).json()) as {
      entries: { slug: string; url: string; controls: string[] }[];
    };
    expect(json.entries.map((entry) => entry.slug).sort()).toEqual(
      buildMinimalContent()
        .entries.map((entry) => entry.slug)
        .sort(),
    );
    expect(json.entries.find((entry) => entry.slug === 'disk-encryption')?.controls).toEqual(['A.8.24']);
    expect(json.entries[0]?.url).toMatch(/^https:\/\/trust\.example\.test\/faq\//);
  });

  it('carries the accent colour of the site settings on the page, for the one stylesheet of every colour', async () => {
    const home = await (await testApp.app.request('/')).text();
    expect(home).toContain('<html lang="en" class="a1-1 a2-2 a3-3 a4-4 a5-5 a6-6">');
  });
});
