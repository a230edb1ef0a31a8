import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/create-test-app.js';
import { type AppOptions, createApp } from '../app.js';

const TOKEN = 'metrics-token-for-rate-limit-tests';
const BURST = 3;
const WINDOW_SECONDS = 6; // one token back every 2 s

let testApp: Awaited<ReturnType<typeof createTestApp>>;
let now = 0;
let entrySlug = '';
let categorySlug = '';

/** An app over the shared test container with a 3-request search limit on the test's clock. */
function createLimitedApp(options: AppOptions = {}) {
  return createApp(testApp.container, {
    publicUrl: 'https://trust.example.test',
    metricsToken: TOKEN,
    searchRateLimit: { burst: BURST, windowSeconds: WINDOW_SECONDS, maxClients: 1_000, now: () => now },
    ...options,
  });
}

/** What @hono/node-server passes as env: the Node request, whose socket has the peer address. */
function fromIp(remoteAddress: string) {
  return { incoming: { socket: { remoteAddress } } };
}

async function statuses(app: ReturnType<typeof createApp>, path: string, ip: string, count: number, init = {}) {
  const result: number[] = [];
  for (let index = 0; index < count; index++) result.push((await app.request(path, init, fromIp(ip))).status);
  return result;
}

beforeAll(async () => {
  testApp = await createTestApp({ content: 'minimal' });
  const published = await testApp.container.publicSite.getPublishedSite();
  entrySlug = published.entries[0]?.slug ?? '';
  categorySlug = published.categories[0]?.slug ?? '';
});
afterAll(async () => {
  await testApp.close();
});

describe('rate limit on the search routes', () => {
  it('answers the request after the burst with 429, Retry-After and the site’s message page, no cookie', async () => {
    const app = createLimitedApp();
    expect(await statuses(app, '/search?q=encryption', '198.51.100.1', BURST)).toEqual([200, 200, 200]);
    const refused = await app.request('/search?q=encryption', {}, fromIp('198.51.100.1'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(refused.headers.get('content-type')).toContain('text/html');
    const html = await refused.text();
    expect(html).toContain('<h1>Too many requests</h1>');
    expect(html).toContain('Please try again in 2 seconds.');
    // Another address is not affected.
    expect((await app.request('/search?q=encryption', {}, fromIp('198.51.100.2'))).status).toBe(200);
  });

  it('speaks the visitor’s language on the 429 page', async () => {
    const app = createLimitedApp();
    await statuses(app, '/search?q=backup', '198.51.100.3', BURST);
    const refused = await app.request('/sv/search?q=backup', {}, fromIp('198.51.100.3'));
    expect(refused.status).toBe(429);
    const html = await refused.text();
    expect(html).toContain('<h1>För många förfrågningar</h1>');
    expect(html).toContain('Försök igen om 2 sekunder.');
  });

  it('limits the JSON search API (as-you-type) with a JSON error, in its own buckets', async () => {
    const app = createLimitedApp();
    await statuses(app, '/search?q=gdpr', '198.51.100.4', BURST + 2);
    expect(await statuses(app, '/api/v1/search?q=gd', '198.51.100.4', BURST)).toEqual([200, 200, 200]);
    const refused = await app.request('/api/v1/search?q=gdp', {}, fromIp('198.51.100.4'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.headers.get('set-cookie')).toBeNull();
    const body = (await refused.json()) as { error: { code: string; retryAfterSeconds: number } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.retryAfterSeconds).toBe(2);
  });

  it('lets the client in again once a token is back', async () => {
    const app = createLimitedApp();
    await statuses(app, '/search?q=sla', '198.51.100.5', BURST);
    expect((await app.request('/search?q=sla', {}, fromIp('198.51.100.5'))).status).toBe(429);
    now += 1_999;
    expect((await app.request('/search?q=sla', {}, fromIp('198.51.100.5'))).status).toBe(429);
    now += 1;
    expect(await statuses(app, '/search?q=sla', '198.51.100.5', 2)).toEqual([200, 429]);
    // A whole window later the full burst is back.
    now += WINDOW_SECONDS * 1000;
    expect(await statuses(app, '/search?q=sla', '198.51.100.5', BURST + 1)).toEqual([200, 200, 200, 429]);
  });

  it('never limits entry pages, assets or health endpoints, even for a client the search refuses', async () => {
    const app = createLimitedApp();
    const ip = '198.51.100.6';
    await statuses(app, '/search?q=iso', ip, BURST);
    expect((await app.request('/search?q=iso', {}, fromIp(ip))).status).toBe(429);
    const paths = [
      '/search',
      '/search?q=',
      '/api/v1/search?q=%20',
      '/',
      `/faq/${entrySlug}`,
      `/category/${categorySlug}`,
      '/assets/site.css',
      '/assets/search.js',
      '/healthz',
      '/readyz',
    ];
    for (const path of paths) {
      expect(await statuses(app, path, ip, BURST * 3), path).toEqual(Array(BURST * 3).fill(200));
    }
    const metrics = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }, fromIp(ip));
    expect(metrics.status).toBe(200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is on', async () => {
    const direct = createLimitedApp();
    const spoofed = (n: number) => ({ headers: { 'x-forwarded-for': `203.0.113.${n}` } });
    for (let n = 1; n <= BURST; n++) {
      expect((await direct.request('/search?q=dpa', spoofed(n), fromIp('192.0.2.10'))).status).toBe(200);
    }
    // A new made-up address per request does not buy a new bucket: the socket's address counts.
    expect((await direct.request('/search?q=dpa', spoofed(99), fromIp('192.0.2.10'))).status).toBe(429);

    // Behind one proxy that appends to X-Forwarded-For, the client can write anything in front of
    // what the proxy adds; only the last address counts, so a made-up address buys no new bucket.
    const proxied = createLimitedApp({ trustProxy: true });
    const appended = (forged: string, address: string) => ({ headers: { 'x-forwarded-for': `${forged}, ${address}` } });
    for (let n = 1; n <= BURST; n++) {
      const response = await proxied.request(
        '/search?q=dpa',
        appended(`203.0.113.${n}`, '198.51.100.50'),
        fromIp('192.0.2.1'),
      );
      expect(response.status).toBe(200);
    }
    expect(
      (await proxied.request('/search?q=dpa', appended('203.0.113.99', '198.51.100.50'), fromIp('192.0.2.1'))).status,
    ).toBe(429);
    expect(
      (await proxied.request('/search?q=dpa', appended('203.0.113.99', '198.51.100.51'), fromIp('192.0.2.1'))).status,
    ).toBe(200);

    // Two proxies (TRUST_PROXY_HOPS=2): the address the outer one recorded is the client's.
    const chained = createLimitedApp({ trustProxy: true, proxyHops: 2 });
    const twice = (forged: string) => ({ headers: { 'x-forwarded-for': `${forged}, 198.51.100.60, 10.0.0.2` } });
    for (let n = 1; n <= BURST; n++) {
      expect((await chained.request('/search?q=dpa', twice(`203.0.113.${n}`), fromIp('10.0.0.3'))).status).toBe(200);
    }
    expect((await chained.request('/search?q=dpa', twice('203.0.113.99'), fromIp('10.0.0.3'))).status).toBe(429);
  });

  it('counts refused requests per route in /metrics', async () => {
    const app = createLimitedApp();
    const scrape = async () =>
      (await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const before = await scrape();
    expect(before).toContain('# TYPE tillit_rate_limited_total counter');
    expect(before).toContain('tillit_rate_limited_total{route="search"} 0');
    expect(before).toContain('tillit_rate_limited_total{route="search_api"} 0');
    await statuses(app, '/search?q=pentest', '198.51.100.7', BURST + 2);
    await statuses(app, '/api/v1/search?q=pen', '198.51.100.7', BURST + 1);
    await statuses(app, '/api/v1/search?q=pen', '198.51.100.8', 1);
    const after = await scrape();
    expect(after).toContain('tillit_rate_limited_total{route="search"} 2');
    expect(after).toContain('tillit_rate_limited_total{route="search_api"} 1');
    expect(after).toContain('tillit_rate_limit_clients{route="search_api"} 2');
  });

  it('does not limit at all when the limit is 0 or not configured', async () => {
    const off = createLimitedApp({
      searchRateLimit: { burst: 0, windowSeconds: WINDOW_SECONDS, maxClients: 1_000, now: () => now },
    });
    expect(await statuses(off, '/api/v1/search?q=soc', '198.51.100.9', 40)).toEqual(Array(40).fill(200));
    expect(await statuses(testApp.app, '/search?q=soc', '198.51.100.9', 40)).toEqual(Array(40).fill(200));
    const metrics = await (await off.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(metrics).not.toContain('tillit_rate_limited_total{');
  });
});
