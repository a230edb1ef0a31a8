import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/create-test-app.js';
import type { AppOptions } from './app.js';
import { getRequestOrigin } from './middleware/session.js';
import { createBaseUrlResolver } from './public-origin.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

describe('absolute links and the Host header', () => {
  let testApp: TestApp | undefined;
  afterEach(async () => {
    await testApp?.close();
    testApp = undefined;
  });
  const start = async (appOptions: AppOptions) => {
    testApp = await createTestApp({ appOptions, content: 'minimal' });
    return testApp.app;
  };
  const read = async (app: TestApp['app'], url: string) => (await app.request(url)).text();

  it('never lets a forged Host into a cached page, the sitemap or security.txt when PUBLIC_URL is unset', async () => {
    const app = await start({ publicUrl: undefined, fallbackOrigin: 'http://localhost:3000' });
    // The first request after start renders and caches the home page.
    const poisoned = await read(app, 'http://evil.example/');
    expect(poisoned).not.toContain('evil.example');
    expect(poisoned).toContain('<link rel="canonical" href="http://localhost:3000/"');
    const later = await read(app, 'http://localhost:3000/');
    expect(later).not.toContain('evil.example');
    for (const path of ['/sitemap.xml', '/.well-known/security.txt', '/robots.txt', '/faq/disk-encryption']) {
      const text = await read(app, `http://evil.example${path}`);
      expect({ path, hasEvil: text.includes('evil.example') }).toEqual({ path, hasEvil: false });
      expect(text).toContain('http://localhost:3000/');
    }
  });

  it('uses the origin of an allowed host, each with its own cached page', async () => {
    const app = await start({ publicUrl: undefined, allowedHosts: ['trust.example.org', 'localhost'] });
    expect(await read(app, 'http://trust.example.org/')).toContain(
      '<link rel="canonical" href="http://trust.example.org/"',
    );
    expect(await read(app, 'http://localhost:8080/')).toContain('<link rel="canonical" href="http://localhost:8080/"');
    expect(await read(app, 'http://trust.example.org.evil.example/')).toContain(
      '<link rel="canonical" href="http://localhost/"',
    );
  });

  it('takes a host:port entry for that port only', async () => {
    const app = await start({ publicUrl: undefined, allowedHosts: ['trust.example.org:8443'] });
    expect(await read(app, 'http://trust.example.org:8443/sitemap.xml')).toContain('http://trust.example.org:8443/');
    expect(await read(app, 'http://trust.example.org:9999/sitemap.xml')).toContain('http://localhost/');
  });

  it('keeps the links of a page for `//evil.example/x` on this site', async () => {
    const app = await start({ publicUrl: 'https://trust.example.test' });
    for (const path of ['//evil.example/x', '/\\evil.example/x', '///evil.example']) {
      const response = await app.request(`http://localhost${path}`);
      expect(response.status).toBe(404);
      const text = await response.text();
      expect({ path, offSite: /href="(\/\/|\/\\|https?:\/\/evil)/.test(text) }).toEqual({ path, offSite: false });
      // The language switch keeps the page, still on this site.
      expect(text).toMatch(/href="\/sv\/evil\.example/);
    }
  });

  it('names only PUBLIC_URL when it is set, whatever the Host', async () => {
    const app = await start({ publicUrl: 'https://trust.example.test' });
    const text = await read(app, 'http://localhost/');
    expect(text).toContain('<link rel="canonical" href="https://trust.example.test/"');
    expect(await read(app, 'http://evil.example/sitemap.xml')).not.toContain('evil.example');
  });
});

describe('createBaseUrlResolver', () => {
  /** Counts the URLs parsed while `run` runs, by standing in for the global URL class. */
  const countParsedUrls = async (run: () => Promise<void>): Promise<number> => {
    const Original = globalThis.URL;
    let count = 0;
    globalThis.URL = class extends Original {
      constructor(url: string | URL, base?: string | URL) {
        super(url, base);
        count += 1;
      }
    };
    try {
      await run();
    } finally {
      globalThis.URL = Original;
    }
    return count;
  };

  it('parses an allowed origin once, and still checks every request against the allow-list', async () => {
    const logged: string[] = [];
    const resolve = createBaseUrlResolver({
      allowedHosts: ['trust.example.org'],
      fallbackOrigin: 'http://localhost:3000',
      log: (line) => logged.push(String(line.msg)),
    });
    const app = new Hono();
    const parses: { origin: number; baseUrl: number }[] = [];
    app.get('/', async (c) => {
      const origin = await countParsedUrls(async () => void getRequestOrigin(c, {}));
      let baseUrl = '';
      const resolving = await countParsedUrls(async () => {
        baseUrl = resolve(c);
      });
      parses.push({ origin, baseUrl: resolving });
      return c.text(baseUrl);
    });
    const read = async (url: string) => (await app.request(url)).text();
    expect(await read('https://trust.example.org/')).toBe('https://trust.example.org');
    // Once an allowed origin is known, choosing the base URL parses no more than reading the origin does.
    expect(await read('https://trust.example.org/')).toBe('https://trust.example.org');
    const again = parses.at(-1);
    expect(again?.baseUrl).toBe(again?.origin);
    expect(await read('https://evil.example/')).toBe('http://localhost:3000');
    expect(await read('https://trust.example.org.evil.example/')).toBe('http://localhost:3000');
    expect(await read('https://trust.example.org/')).toBe('https://trust.example.org');
    expect(logged).toHaveLength(2);
  });
});
