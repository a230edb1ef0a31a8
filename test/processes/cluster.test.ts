import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { bumpContentRevision } from '../../src/storage/content-revision.js';
import { openDatabase } from '../../src/storage/database.js';
import { type AppProcess, startAppProcess } from '../app-process.js';
import { EXAMPLE_CONTENT } from '../create-test-app.js';
import { createTestDatabase, type TestDatabase } from '../temporary-database.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startCluster(): Promise<{ server: AppProcess; database: TestDatabase }> {
  const database = await createTestDatabase();
  cleanups.push(() => database.remove());
  const server = await startAppProcess({
    DATABASE_URL: database.url,
    CONTENT_DIR: EXAMPLE_CONTENT,
    WORKERS: '2',
    LOG_LEVEL: 'info',
    RATE_LIMIT_SEARCH: '0',
  });
  cleanups.push(() => server.stop());
  // The primary logs that the site is up once both workers listen; /healthz may answer a little before.
  await waitFor(() => server.output().includes('"workers":2'));
  return { server, database };
}

/** The process ids of the server processes the primary runs. */
function listWorkerPids(primary: number | undefined): number[] {
  if (primary === undefined) return [];
  try {
    // Node processes only: under tsx the primary may also run esbuild's service as a child.
    return execFileSync('pgrep', ['-x', 'node', '-P', String(primary)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A request on a connection of its own, so that the primary hands each to the next worker. */
async function fetchFresh(url: string): Promise<Response> {
  return fetch(url, { headers: { connection: 'close' } });
}

describe('several server processes (WORKERS)', () => {
  it('serves from two worker processes that share the port, and each sees a change made elsewhere within a second', async () => {
    const { server, database } = await startCluster();
    expect(listWorkerPids(server.child.pid)).toHaveLength(2);

    for (let index = 0; index < 10; index += 1) {
      const response = await fetchFresh(`${server.baseUrl}/faq/asset-inventory`);
      expect(response.status).toBe(200);
      await response.text();
    }
    const servedBy = new Set(
      [...server.output().matchAll(/"worker":(\d+),[^\n]*"route":"\/faq\/:slug"/g)].map((m) => m[1]),
    );
    expect(servedBy).toEqual(new Set(['1', '2']));

    // Another process changes the published question (as a staff edit in a third process would).
    const handle = openDatabase(database.url);
    try {
      await handle.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('entry')
          .set({ question: 'How do you keep an inventory of every asset, changed elsewhere?' })
          .where('slug', '=', 'asset-inventory')
          .execute();
        await bumpContentRevision(trx, handle.dialect, new Date().toISOString());
      });
    } finally {
      await handle.close();
    }
    // Each process checks the revision at most every 500 ms; after a second every answer is the new one.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const pages = await Promise.all(
      Array.from({ length: 10 }, () => fetchFresh(`${server.baseUrl}/faq/asset-inventory`).then((r) => r.text())),
    );
    for (const page of pages) expect(page).toContain('changed elsewhere');
  });

  it('replaces a worker that dies, and drains and stops every process on SIGTERM', async () => {
    const { server } = await startCluster();
    const [first, second] = listWorkerPids(server.child.pid);
    expect(first).toBeDefined();
    process.kill(first ?? 0, 'SIGKILL');
    await waitFor(() => {
      const pids = listWorkerPids(server.child.pid);
      return pids.length === 2 && !pids.includes(first ?? 0);
    });
    expect(listWorkerPids(server.child.pid)).toContain(second);
    await waitFor(() => server.output().includes('a server process stopped; starting another'));
    await waitFor(async () => (await fetchFresh(`${server.baseUrl}/healthz`).catch(() => undefined))?.ok === true);

    const workers = listWorkerPids(server.child.pid);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  });

  it('stops with a clear message when the port is taken', async () => {
    const { server, database } = await startCluster();
    const port = new URL(server.baseUrl).port;
    const second = await startAppProcess({ DATABASE_URL: database.url, WORKERS: '2', PORT: port }).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(second).toMatch(/port \d+ on 127\.0\.0\.1 is already in use/);
  });
});
