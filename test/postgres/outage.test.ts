import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer, prepareDatabase } from '../../src/container.js';
import { createApp } from '../../src/http/app.js';
import { EXAMPLE_CONTENT } from '../create-test-app.js';
import { type PostgresCluster, startPostgresCluster } from '../postgres-cluster.js';

let cluster: PostgresCluster;
let container: ReturnType<typeof createContainer>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('create database tillit');
  await admin.end();
  container = createContainer({ databaseUrl: cluster.url('tillit'), revisionCheckIntervalMs: 100 });
  await prepareDatabase(container, EXAMPLE_CONTENT);
  app = createApp(container);
}, 60_000);

afterAll(async () => {
  await container?.close();
  cluster?.destroy();
});

async function waitForStatus(path: string, status: number, timeoutMs: number): Promise<Response> {
  const started = Date.now();
  for (;;) {
    const response = await app.request(path);
    if (response.status === status) return response;
    if (Date.now() - started > timeoutMs) throw new Error(`${path} still answers ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the PostgreSQL server going away and coming back', () => {
  it('answers 503 with a retry hint while it is down and recovers without a restart', async () => {
    expect((await app.request('/readyz')).status).toBe(200);
    expect((await app.request('/')).status).toBe(200);

    cluster.stop();

    const notReady = await waitForStatus('/readyz', 503, 5000);
    expect(notReady.headers.get('retry-after')).toBe('5');
    expect(await notReady.text()).toContain('cannot be reached');
    // Visitors keep reading the last published content from memory.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await app.request('/faq/mfa-for-administrative-access')).status).toBe(200);

    // A process that never loaded the content has nothing to show: 503 with a retry hint.
    const cold = createContainer({ databaseUrl: cluster.url('tillit'), listenForChanges: false });
    try {
      const response = await createApp(cold).request('/');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
    } finally {
      await cold.close();
    }

    cluster.start();
    await waitForStatus('/readyz', 200, 10_000);
    expect((await app.request('/search?q=encryption')).status).toBe(200);

    // Changes made elsewhere reach this process again.
    const writer = createContainer({ databaseUrl: cluster.url('tillit'), listenForChanges: false });
    try {
      const content = await writer.content.getContent();
      const entry = content.entries.find((e) => e.slug === 'mfa-for-administrative-access');
      if (!entry) throw new Error('example entry missing');
      entry.answer = `${entry.answer}\n\nAfter the outage: wombatchecked.`;
      await writer.content.replaceContent(content);
    } finally {
      await writer.close();
    }
    const started = Date.now();
    while (!(await (await app.request('/faq/mfa-for-administrative-access')).text()).includes('wombatchecked')) {
      if (Date.now() - started > 5000) throw new Error('change after the outage never arrived');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
});
