import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssets } from '../../../scripts/build-assets.mjs';
import { CookieClient } from '../../../test/create-admin-test-app.js';
import { createTestApp } from '../../../test/create-test-app.js';
import { findProjectRoot } from '../../files/project-paths.js';
import { assetUrl } from '../../views/asset-url.js';
import { ASSETS, IMMUTABLE_CACHE, PLAIN_CACHE, STALE_CACHE } from './asset.routes.js';
import { loadAssetCatalogue } from './asset-catalogue.js';

const PUBLIC_FOLDER = join(findProjectRoot(), 'public');
const PASSWORD = 'correct horse battery staple';

let testApp: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  testApp = await createTestApp({ content: 'minimal' });
  await testApp.container.staff.createAccount(
    { email: 'root@example.test', name: 'Root', role: 'admin', password: PASSWORD },
    undefined,
  );
});
afterAll(async () => {
  await testApp.close();
});

function get(path: string, headers: Record<string, string> = {}) {
  return testApp.app.request(`http://localhost${path}`, { headers });
}

function sourceOf(name: string): Buffer {
  return readFileSync(join(PUBLIC_FOLDER, name));
}

describe('assets by fingerprinted name', () => {
  it('names every asset after the SHA-256 of the bytes it serves', async () => {
    for (const name of Object.keys(ASSETS)) {
      const url = assetUrl(name);
      const [stem, extension] = [name.slice(0, name.lastIndexOf('.')), name.slice(name.lastIndexOf('.'))];
      const hash = createHash('sha256').update(sourceOf(name)).digest('hex');
      expect(url).toBe(`/assets/${stem}.${hash.slice(0, 8)}${extension}`);
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(sourceOf(name)), url).toBe(true);
    }
  });

  it('lets any cache keep them for a year, with a strong ETag and 304s on If-None-Match', async () => {
    const url = assetUrl('site.css');
    const response = await get(url);
    expect(response.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    expect(IMMUTABLE_CACHE).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const again = await get(url, { 'if-none-match': ifNoneMatch });
      expect(again.status, ifNoneMatch).toBe(304);
      expect(await again.text()).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    }
    expect((await get(url, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('sends brotli, gzip or the plain bytes as the client accepts, each with its own ETag', async () => {
    const url = assetUrl('search.js');
    const source = sourceOf('search.js');

    const plain = await get(url);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await plain.arrayBuffer()).equals(source)).toBe(true);

    const brotli = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    const brotliBytes = Buffer.from(await brotli.arrayBuffer());
    expect(brotliBytes.length).toBeLessThan(source.length / 2);
    expect(brotliDecompressSync(brotliBytes).equals(source)).toBe(true);

    const gzip = await get(url, { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).equals(source)).toBe(true);

    const etags = [plain, brotli, gzip].map((response) => response.headers.get('etag'));
    expect(new Set(etags).size).toBe(3);
    // A cache holding the brotli form asks with its ETag and gets a 304 too.
    expect((await get(url, { 'accept-encoding': 'br', 'if-none-match': etags[1] ?? '' })).status).toBe(304);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const url = assetUrl('icons.svg');
    const response = await testApp.app.request(`http://localhost${url}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await response.text()).toBe('');
  });
});

describe('assets by other names', () => {
  it('serves a plain name, with or without the old ?v= query, with a short cache', async () => {
    for (const path of ['/assets/site.css', '/assets/site.css?v=12', '/assets/favicon.svg']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe(PLAIN_CACHE);
    }
    expect(PLAIN_CACHE).toBe('public, max-age=300');
    expect(await (await get('/assets/site.css')).text()).toBe(sourceOf('site.css').toString('utf8'));
  });

  it('answers a fingerprint it does not know (a page cached before a deploy) with the current bytes, to be checked again', async () => {
    const current = assetUrl('site.css');
    const stale = current.replace(/\.[0-9a-f]{8}\.css$/, (part) =>
      part === '.00000000.css' ? '.11111111.css' : '.00000000.css',
    );
    expect(stale).not.toBe(current);
    const response = await get(stale, { 'accept-encoding': 'br' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe(STALE_CACHE);
    expect(STALE_CACHE).toContain('no-cache');
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(brotliDecompressSync(Buffer.from(await response.arrayBuffer())).equals(sourceOf('site.css'))).toBe(true);
  });

  it('knows no other file', async () => {
    for (const path of [
      '/assets/unknown.css',
      '/assets/unknown.0123abcd.css',
      '/assets/site.0123abcd.js',
      '/assets/site.0123ABCD.css',
      '/assets/manifest.json',
      '/assets/site.css.br',
      '/assets/%2e%2e%2fpackage.json',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});

describe('assets named by rendered pages', () => {
  /** Every /assets/ address in the src and href attributes of `html`, without a fragment. */
  function assetAddresses(html: string): string[] {
    return [...html.matchAll(/(?:src|href)="(\/assets\/[^"#]+)(?:#[^"]*)?"/g)].map((match) => match[1] ?? '');
  }

  const TYPES: Record<string, string> = {
    css: 'text/css; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    svg: 'image/svg+xml',
  };

  async function expectServed(addresses: string[]) {
    for (const address of new Set(addresses)) {
      expect(address).toMatch(/^\/assets\/[\w-]+\.[0-9a-f]{8}\.\w+$/);
      const response = await get(address);
      expect(response.status, address).toBe(200);
      expect(response.headers.get('content-type'), address).toBe(TYPES[address.slice(address.lastIndexOf('.') + 1)]);
      expect(response.headers.get('cache-control'), address).toBe(IMMUTABLE_CACHE);
    }
  }

  it('resolves every asset of the public pages, in both languages', async () => {
    const addresses: string[] = [];
    for (const path of ['/', '/sv/', '/faq/disk-encryption', '/documents', '/search?q=encryption']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      addresses.push(...assetAddresses(await response.text()));
    }
    expect(addresses.some((address) => /\/site\.\w+\.css$/.test(address))).toBe(true);
    expect(addresses.some((address) => /\/search\.\w+\.js$/.test(address))).toBe(true);
    expect(addresses.some((address) => /\/icons\.\w+\.svg$/.test(address))).toBe(true);
    await expectServed(addresses);
  });

  it('resolves every asset of the staff pages', async () => {
    const signInPage = await get('/admin/sign-in');
    const addresses = assetAddresses(await signInPage.text());
    const client = new CookieClient(testApp.app);
    expect((await client.signIn('root@example.test', PASSWORD)).response.status).toBe(303);
    for (const path of ['/admin', '/admin/entries', '/admin/site']) {
      const page = await client.get(path);
      expect(page.response.status, path).toBe(200);
      addresses.push(...assetAddresses(page.text));
    }
    expect(addresses.some((address) => /\/favicon\.\w+\.svg$/.test(address))).toBe(true);
    expect(addresses.some((address) => /\/site\.\w+\.css$/.test(address))).toBe(true);
    await expectServed(addresses);
  });
});

describe('assets compressed by the build', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'tillit-assets-'));
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes each file under its fingerprinted name beside brotli and gzip forms that decompress to the source', () => {
    const built = join(folder, 'built');
    const manifest = buildAssets(PUBLIC_FOLDER, built);
    expect(Object.keys(manifest.assets)).toEqual(expect.arrayContaining(Object.keys(ASSETS)));
    expect(JSON.parse(readFileSync(join(built, 'manifest.json'), 'utf8'))).toEqual(manifest);
    for (const [name, entry] of Object.entries(manifest.assets)) {
      const source = sourceOf(name);
      expect(entry.sha256).toBe(createHash('sha256').update(source).digest('hex'));
      expect(entry.size).toBe(source.length);
      expect(readFileSync(join(built, entry.file)).equals(source)).toBe(true);
      const brotli = readFileSync(join(built, `${entry.file}.br`));
      const gzip = readFileSync(join(built, `${entry.file}.gz`));
      expect([brotli.length, gzip.length]).toEqual([entry.brotliSize, entry.gzipSize]);
      expect(brotliDecompressSync(brotli).equals(source), name).toBe(true);
      expect(gunzipSync(gzip).equals(source), name).toBe(true);
      // The build and the server name a file alike, so the pages link what the build wrote.
      if (name in ASSETS) expect(`/assets/${entry.file}`).toBe(assetUrl(name));
    }
  });

  it('lets the server take the built forms and compress nothing, unless a source changed since the build', () => {
    const built = join(folder, 'built-again');
    buildAssets(PUBLIC_FOLDER, built);
    const fromBuild = loadAssetCatalogue(ASSETS, { source: PUBLIC_FOLDER, built });
    expect(fromBuild.compressedAtStart).toEqual([]);
    const siteCss = fromBuild.assets.get('site.css');
    expect(Buffer.from(siteCss?.brotli ?? []).equals(readFileSync(join(built, `${siteCss?.fileName}.br`)))).toBe(true);

    // public/ edited after the build: that file is compressed from its new bytes, the others still come built.
    const source = join(folder, 'public');
    cpSync(PUBLIC_FOLDER, source, { recursive: true });
    writeFileSync(join(source, 'search.js'), `${sourceOf('search.js').toString('utf8')}\n// edited\n`);
    const edited = loadAssetCatalogue(ASSETS, { source, built });
    expect(edited.compressedAtStart).toEqual(['search.js']);
    const search = edited.assets.get('search.js');
    expect(brotliDecompressSync(search?.brotli ?? new Uint8Array()).toString('utf8')).toContain('// edited');
    expect(search?.fileName).not.toBe(fromBuild.assets.get('search.js')?.fileName);

    // No manifest at all (running from source): everything is compressed here.
    expect(loadAssetCatalogue(ASSETS, { source: PUBLIC_FOLDER }).compressedAtStart).toEqual(Object.keys(ASSETS));
    expect(loadAssetCatalogue(ASSETS, { source: PUBLIC_FOLDER, built: source }).compressedAtStart).toEqual(
      Object.keys(ASSETS),
    );
  });
});
