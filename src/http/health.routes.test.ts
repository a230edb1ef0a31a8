import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestContent } from '../../test/create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../../test/temporary-database.js';
import { createContainer } from '../container.js';
import { createApp } from './app.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
let database: TestDatabase;
let container: ReturnType<typeof createContainer>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  container = createContainer({ databaseUrl: database.url, revisionCheckIntervalMs: 0 });
  await loadTestContent(container, 'minimal');
  app = createApp(container, { metricsToken: TOKEN });
});
afterAll(async () => {
  await container.close();
  await database.remove();
});

describe('operations endpoints', () => {
  it('says the process is up and the database ready', async () => {
    expect((await app.request('/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', migrations: 'current' });
  });

  it('protects /metrics with the token and counts requests and searches', async () => {
    await app.request('/search?q=encryption');
    await app.request('/faq/no-such-entry');
    expect((await app.request('/metrics')).status).toBe(401);
    expect((await app.request('/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const response = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/^tillit_http_requests_total\{method="GET",route="\/search",status="200"\} 1$/m);
    expect(text).toMatch(/^tillit_http_requests_total\{method="GET",route="\/faq\/:slug",status="404"\} 1$/m);
    expect(text).toMatch(/^tillit_search_duration_seconds_count 1$/m);
    expect(text).toMatch(
      /^tillit_http_request_duration_seconds_bucket\{method="GET",route="\/search",le="\+Inf"\} 1$/m,
    );
  });

  it('has no /metrics when no token is configured', async () => {
    const withoutToken = createApp(container);
    expect((await withoutToken.request('/metrics')).status).toBe(404);
  });

  it('reports pending migrations as not ready', async () => {
    const fresh = await createTestDatabase();
    const other = createContainer({ databaseUrl: fresh.url, listenForChanges: false });
    try {
      const response = await createApp(other).request('/readyz');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(JSON.stringify(await response.json())).toContain(
        'Migrations pending: 0001-content, 0002-search-analytics, 0003-staff, 0004-audit-and-history',
      );
    } finally {
      await other.close();
      await fresh.remove();
    }
  });
});
