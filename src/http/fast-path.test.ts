import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestContent } from '../../test/create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer } from '../container.js';
import { createApp } from './app.js';
import { CachedPageFastPath } from './fast-path.js';
import { Metrics } from './metrics.js';
import { createNodeServer } from './node-server.js';

/** A real HTTP server over the example content, with the fast path in front of the application as main.ts has it. */
interface Served {
  container: Container;
  fastPath: CachedPageFastPath;
  metrics: Metrics;
  base: string;
  port: number;
  answered(): number;
  setDay(day: string): void;
  close(): Promise<void>;
}

async function serve(
  database: TestDatabase,
  revisionCheckIntervalMs: number,
  options: { isSharing?: boolean; isShuttingDown?: () => boolean; onFastPathError?: (error: unknown) => void } = {},
): Promise<Served> {
  let day = '2026-06-01';
  const container = createContainer({
    databaseUrl: database.url,
    now: () => new Date(`${day}T12:00:00Z`),
    revisionCheckIntervalMs,
  });
  if (!options.isSharing) await loadTestContent(container, 'example');
  const metrics = new Metrics();
  const fastPath = new CachedPageFastPath({
    peekRevision: () => container.publicSite.peekRevision(),
    today: container.today,
    metrics,
    log: () => {},
  });
  let answered = 0;
  const tryServe = fastPath.tryServe.bind(fastPath);
  fastPath.tryServe = (request, response) => {
    const served = tryServe(request, response);
    if (served) answered += 1;
    return served;
  };
  const app = createApp(container, {
    metrics,
    fastPath,
    metricsToken: 'metrics-token-for-tests',
  });
  const server = createNodeServer({
    fetch: app.fetch,
    fastPath,
    hostname: '127.0.0.1',
    isShuttingDown: options.isShuttingDown,
    onFastPathError: options.onFastPathError,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    container,
    fastPath,
    metrics,
    base: `http://127.0.0.1:${port}`,
    port,
    answered: () => answered,
    setDay: (next) => {
      day = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await container.close();
    },
  };
}

/** The response's headers without those that differ on every answer. */
function stableHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'date' && name !== 'x-request-id') headers[name] = value;
  });
  return headers;
}

/** Fetches a page until the fast path has its response; then the next identical request is answered by it. */
async function warm(served: Served, path: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(`${served.base}${path}`, init);
  await response.arrayBuffer();
  return response;
}

describe('the fast path for cached pages', () => {
  let database: TestDatabase;
  let served: Served;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Long enough that no revision check falls inside a test, however slow the machine.
    served = await serve(database, 60_000);
  });

  afterAll(async () => {
    await served?.close();
    await database?.remove();
  });

  it('answers a repeated request with the same status, headers and body as the application did', async () => {
    for (const encoding of ['gzip', 'identity']) {
      const init = { headers: { 'accept-encoding': encoding } };
      const first = await fetch(`${served.base}/faq/asset-inventory`, init);
      const firstBody = await first.text();
      const before = served.answered();
      const second = await fetch(`${served.base}/faq/asset-inventory`, init);
      const secondBody = await second.text();
      expect(served.answered()).toBe(before + 1);
      expect(second.status).toBe(200);
      expect(stableHeaders(second)).toEqual(stableHeaders(first));
      expect(secondBody).toBe(firstBody);
      expect(second.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
      expect(second.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('answers 304 to a conditional request naming the page ETag, and counts every answer in the metrics', async () => {
    const first = await warm(served, '/faq/access-reviews', { headers: { 'accept-encoding': 'gzip' } });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/-gzip"$/);
    const before = served.answered();
    const conditional = await fetch(`${served.base}/faq/access-reviews`, {
      headers: { 'accept-encoding': 'gzip', 'if-none-match': etag },
    });
    expect(conditional.status).toBe(304);
    expect(await conditional.text()).toBe('');
    expect(served.answered()).toBe(before + 1);
    const metrics = await fetch(`${served.base}/metrics`, {
      headers: { authorization: 'Bearer metrics-token-for-tests' },
    });
    const text = await metrics.text();
    expect(text).toMatch(/tillit_http_requests_total\{method="GET",route="\/faq\/:slug",status="304"\} 1\b/);
  });

  it('leaves to the application requests with a query, HEAD and POST requests, and a Swedish-preferring home visit', async () => {
    await warm(served, '/');
    await warm(served, '/faq/asset-inventory');
    const before = served.answered();
    const withQuery = await fetch(`${served.base}/faq/asset-inventory?lang=sv`, { redirect: 'manual' });
    expect(withQuery.status).toBe(301);
    const head = await fetch(`${served.base}/faq/asset-inventory`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const post = await fetch(`${served.base}/faq/asset-inventory`, { method: 'POST' });
    expect(post.status).toBe(404);
    const swedish = await fetch(`${served.base}/`, {
      headers: { 'accept-language': 'sv-SE,sv;q=0.9' },
      redirect: 'manual',
    });
    expect(swedish.status).toBe(302);
    expect(swedish.headers.get('location')).toBe('/sv/');
    expect(served.answered()).toBe(before);
    const english = await fetch(`${served.base}/`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(english.status).toBe(200);
    expect(served.answered()).toBe(before + 1);
  });

  it('keeps pages apart by Host, so each names its own address', async () => {
    const viaIp = await (await fetch(`${served.base}/faq/asset-inventory`)).text();
    const viaName = await (await fetch(`http://localhost:${served.port}/faq/asset-inventory`)).text();
    const again = await (await fetch(`http://localhost:${served.port}/faq/asset-inventory`)).text();
    expect(viaIp).toContain(`<link rel="canonical" href="http://127.0.0.1:${served.port}/faq/asset-inventory"`);
    expect(viaName).toContain(`<link rel="canonical" href="http://localhost:${served.port}/faq/asset-inventory"`);
    expect(again).toBe(viaName);
  });

  it('serves a change made in this process at the next request', async () => {
    await warm(served, '/');
    const content = await served.container.content.getContent();
    await served.container.content.replaceContent({
      ...content,
      site: { ...content.site, tagline: 'A tagline written by the fast-path test' },
    });
    const before = served.answered();
    const page = await (await fetch(`${served.base}/`)).text();
    expect(page).toContain('A tagline written by the fast-path test');
    expect(served.answered()).toBe(before);
  });

  it('stops repeating a page once another process changed the content, after its check interval', async () => {
    // A second server on the same database, checking the revision every 200 ms; the first one writes.
    const other = await serve(database, 200, { isSharing: true });
    try {
      await warm(other, '/');
      const before = other.answered();
      await warm(other, '/');
      expect(other.answered()).toBe(before + 1);
      const content = await served.container.content.getContent();
      await served.container.content.replaceContent({
        ...content,
        site: { ...content.site, tagline: 'Written by the other process' },
      });
      let page = '';
      const deadline = Date.now() + 5000;
      while (!page.includes('Written by the other process') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        page = await (await fetch(`${other.base}/`)).text();
      }
      expect(page).toContain('Written by the other process');
    } finally {
      await other.close();
    }
  });

  it('forgets the responses of an earlier revision once a newer one is remembered', async () => {
    await warm(served, '/faq/asset-inventory');
    await warm(served, '/faq/access-reviews');
    const remembered = served.fastPath.size;
    expect(remembered).toBeGreaterThanOrEqual(2);
    const content = await served.container.content.getContent();
    await served.container.content.replaceContent({
      ...content,
      site: { ...content.site, tagline: 'Another revision' },
    });
    await warm(served, '/faq/asset-inventory');
    expect(served.fastPath.size).toBe(1);
  });

  it('closes the connection of every answer once the process drains', async () => {
    let isShuttingDown = false;
    const draining = await serve(database, 60_000, { isSharing: true, isShuttingDown: () => isShuttingDown });
    try {
      await warm(draining, '/faq/asset-inventory');
      isShuttingDown = true;
      const before = draining.answered();
      const response = await warm(draining, '/faq/asset-inventory');
      expect(draining.answered()).toBe(before + 1);
      expect(response.headers.get('connection')).toBe('close');
    } finally {
      await draining.close();
    }
  });

  it('hands a request to the application when the fast path fails, and says so', async () => {
    const errors: unknown[] = [];
    const failing = await serve(database, 60_000, { isSharing: true, onFastPathError: (error) => errors.push(error) });
    try {
      failing.fastPath.tryServe = () => {
        throw new Error('broken on purpose');
      };
      const response = await fetch(`${failing.base}/faq/asset-inventory`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<h1');
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toContain('broken on purpose');
    } finally {
      await failing.close();
    }
  });

  it('repeats no page of an earlier day', async () => {
    await warm(served, '/faq/asset-inventory');
    const before = served.answered();
    await warm(served, '/faq/asset-inventory');
    expect(served.answered()).toBe(before + 1);
    served.setDay('2026-06-02');
    // The day is read at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await warm(served, '/faq/asset-inventory');
    expect(served.answered()).toBe(before + 1);
  });
});
