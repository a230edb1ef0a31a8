import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../../test/create-test-app.js';
import { createTestDatabase } from '../../../test/temporary-database.js';
import type { RateLimitStore } from '../../domain/rate-limit.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../../storage/database.js';
import { RateLimitRepository } from '../../storage/rate-limit.repository.js';
import { createApp } from '../app.js';
import { TokenBucketLimiter } from './rate-limit.js';
import { createSharedRateLimit, SharedRateLimit } from './shared-rate-limit.js';

const KEY_SECRET = 'test secret shared by the processes';
const WINDOW_SECONDS = 10;
/** A wall-clock time on a window boundary (a multiple of 10 s). */
const WINDOW_START_MS = 1_800_000_000_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openSharedDatabase(): Promise<DatabaseHandle> {
  const database = await createTestDatabase();
  const handle = openDatabase(database.url);
  cleanups.push(database.remove, () => handle.close());
  await migrateToLatest(handle);
  return handle;
}

/** Clocks the test moves by hand: the buckets' monotonic one and the wall clock windows follow. */
function createClocks() {
  const clocks = { monotonic: 0, wall: WINDOW_START_MS };
  return {
    clocks,
    advance(ms: number) {
      clocks.monotonic += ms;
      clocks.wall += ms;
    },
  };
}

/** One app server's limiter for the search route: a local bucket with the shared layer in front. */
function createProcess(
  store: RateLimitStore,
  clocks: { monotonic: number; wall: number },
  options: { burst?: number; maxClients?: number; log?: (fields: Record<string, unknown>) => void } = {},
) {
  const burst = options.burst ?? 5;
  const maxClients = options.maxClients ?? 1_000;
  const shared = new SharedRateLimit({
    store,
    keySecret: KEY_SECRET,
    burst,
    windowSeconds: WINDOW_SECONDS,
    maxClients,
    wallNow: () => clocks.wall,
    log: options.log,
  });
  const local = new TokenBucketLimiter({
    burst,
    windowMs: WINDOW_SECONDS * 1000,
    maxClients,
    now: () => clocks.monotonic,
  });
  const limiter = shared.wrap('search', local);
  return {
    shared,
    limiter,
    allowedOf(key: string, count: number) {
      return Array.from({ length: count }, () => limiter.take(key)).filter((result) => result.allowed).length;
    },
  };
}

describe('SharedRateLimit', () => {
  it('blocks a key in every server once their allowed requests together pass the burst, until the window ends', async () => {
    const store = new RateLimitRepository((await openSharedDatabase()).db);
    const { clocks, advance } = createClocks();
    const first = createProcess(store, clocks);
    const second = createProcess(store, clocks);
    advance(1_000);
    expect(first.allowedOf('192.0.2.1', 3)).toBe(3);
    expect(second.allowedOf('192.0.2.1', 3)).toBe(3);
    // Each server alone is within its bucket of 5; together they made 6 in this window.
    await first.shared.sync();
    expect(first.shared.blockedCount).toBe(0);
    await second.shared.sync();
    await first.shared.sync();
    advance(1_000);
    for (const server of [first, second]) {
      expect(server.limiter.take('192.0.2.1')).toEqual({ allowed: false, retryAfterSeconds: 8 });
      expect(server.limiter.take('192.0.2.2').allowed).toBe(true);
    }
    advance(7_500);
    expect(first.limiter.take('192.0.2.1')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // The next window: both let the client through again, and a sync there finds nothing over the limit.
    advance(500);
    expect(first.limiter.take('192.0.2.1').allowed).toBe(true);
    expect(second.limiter.take('192.0.2.1').allowed).toBe(true);
    await first.shared.sync();
    await second.shared.sync();
    expect(first.shared.blockedCount).toBe(0);
    expect(second.shared.blockedCount).toBe(0);
  });

  it('serves requests from the local bucket when the database fails, logging the failure once', async () => {
    const handle = await openSharedDatabase();
    const store = new RateLimitRepository(handle.db);
    const { clocks } = createClocks();
    const log = vi.fn();
    const server = createProcess(store, clocks, { log });
    const addCounts = vi.spyOn(store, 'addCounts').mockRejectedValue(new Error('connection refused'));
    expect(server.allowedOf('192.0.2.1', 3)).toBe(3);
    await expect(server.shared.sync()).resolves.toBeUndefined();
    expect(server.allowedOf('192.0.2.1', 3)).toBe(2);
    await server.shared.sync();
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toMatchObject({ level: 'error', error: 'connection refused' });
    // Another client still gets its whole bucket.
    expect(server.allowedOf('192.0.2.2', 6)).toBe(5);
    addCounts.mockRestore();
    await server.shared.sync();
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls[1]?.[0]).toMatchObject({ level: 'info' });
  });

  it('keeps keys blocked until their window ends while the database is down', async () => {
    const store = new RateLimitRepository((await openSharedDatabase()).db);
    const { clocks, advance } = createClocks();
    const server = createProcess(store, clocks, { burst: 2, log: () => {} });
    await store.addCounts(WINDOW_START_MS / 1000, [{ key: server.shared.storedKey('search', '192.0.2.1'), count: 9 }]);
    await server.shared.sync();
    vi.spyOn(store, 'listOverLimit').mockRejectedValue(new Error('connection refused'));
    await server.shared.sync();
    expect(server.limiter.take('192.0.2.1')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    advance(WINDOW_SECONDS * 1000);
    expect(server.limiter.take('192.0.2.1').allowed).toBe(true);
  });

  it('deletes windows older than the previous one when it syncs', async () => {
    const handle = await openSharedDatabase();
    const store = new RateLimitRepository(handle.db);
    const current = WINDOW_START_MS / 1000;
    for (const start of [current - 3 * WINDOW_SECONDS, current - 2 * WINDOW_SECONDS, current - WINDOW_SECONDS]) {
      await store.addCounts(start, [{ key: 'search old-client', count: 1 }]);
    }
    const { clocks } = createClocks();
    const server = createProcess(store, clocks);
    server.allowedOf('192.0.2.1', 1);
    await server.shared.sync();
    const rows = await handle.db
      .selectFrom('rate_limit_window')
      .select(['window_start', 'count'])
      .orderBy('window_start')
      .execute();
    expect(rows.map((row) => [Number(row.window_start), row.count])).toEqual([
      [current - WINDOW_SECONDS, 1],
      [current, 1],
    ]);
  });

  it('holds at most maxClients keys between syncs, in one batch', async () => {
    const increments: { key: string; count: number }[][] = [];
    const store: RateLimitStore = {
      addCounts: async (_windowStart, batch) => {
        increments.push(batch);
        return batch;
      },
      listOverLimit: async () => [],
      deleteWindowsBefore: async () => 0,
    };
    const { clocks } = createClocks();
    const server = createProcess(store, clocks, { maxClients: 2 });
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.1']) server.limiter.take(ip);
    await server.shared.sync();
    expect(increments).toEqual([
      [
        { key: server.shared.storedKey('search', '192.0.2.1'), count: 2 },
        { key: server.shared.storedKey('search', '192.0.2.2'), count: 1 },
      ],
    ]);
    // Addresses reach the database only as keyed hashes.
    expect(JSON.stringify(increments)).not.toContain('192.0.2');
    // Nothing gathered: no write.
    await server.shared.sync();
    expect(increments).toHaveLength(1);
  });

  it('stops its timer', async () => {
    vi.useFakeTimers();
    try {
      const store: RateLimitStore = {
        addCounts: vi.fn(async () => []),
        listOverLimit: vi.fn(async () => []),
        deleteWindowsBefore: vi.fn(async () => 0),
      };
      const shared = new SharedRateLimit({
        store,
        keySecret: KEY_SECRET,
        burst: 5,
        windowSeconds: 10,
        maxClients: 10,
        syncIntervalMs: 1000,
      });
      shared.start();
      await vi.advanceTimersByTimeAsync(3_000);
      expect(store.listOverLimit).toHaveBeenCalledTimes(3);
      await shared.stop();
      await vi.advanceTimersByTimeAsync(3_000);
      expect(store.listOverLimit).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the shared limit on the search routes', () => {
  let testApp: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    testApp = await createTestApp({ content: 'minimal' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  const fromIp = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

  it('answers 429 with Retry-After in a second server once the first used the allowance', async () => {
    const { clocks } = createClocks();
    const store = new RateLimitRepository(testApp.container.database.db);
    const apps = [0, 1].map(() => {
      const shared = new SharedRateLimit({
        store,
        keySecret: KEY_SECRET,
        burst: 3,
        windowSeconds: WINDOW_SECONDS,
        maxClients: 1_000,
        wallNow: () => clocks.wall,
      });
      const app = createApp(testApp.container, {
        searchRateLimit: { burst: 3, windowSeconds: WINDOW_SECONDS, maxClients: 1_000, now: () => 0, shared },
      });
      return { app, shared };
    });
    const [first, second] = apps;
    if (!first || !second) throw new Error('two apps expected');
    for (let index = 0; index < 3; index++) {
      expect((await first.app.request('/api/v1/search?q=encryption', {}, fromIp('198.51.100.9'))).status).toBe(200);
    }
    expect((await second.app.request('/api/v1/search?q=encryption', {}, fromIp('198.51.100.9'))).status).toBe(200);
    await first.shared.sync();
    await second.shared.sync();
    const refused = await second.app.request('/api/v1/search?q=encryption', {}, fromIp('198.51.100.9'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('writes nothing when the limit is off', async () => {
    expect(
      createSharedRateLimit({
        store: new RateLimitRepository(testApp.container.database.db),
        keySecret: KEY_SECRET,
        burst: 0,
        windowSeconds: WINDOW_SECONDS,
        maxClients: 1_000,
      }),
    ).toBeUndefined();
    const store = new RateLimitRepository(testApp.container.database.db);
    const shared = new SharedRateLimit({
      store,
      keySecret: KEY_SECRET,
      burst: 3,
      windowSeconds: WINDOW_SECONDS,
      maxClients: 1_000,
    });
    const app = createApp(testApp.container, {
      searchRateLimit: { burst: 0, windowSeconds: WINDOW_SECONDS, maxClients: 1_000, shared },
    });
    await testApp.container.database.db.deleteFrom('rate_limit_window').execute();
    for (let index = 0; index < 5; index++) {
      expect((await app.request('/api/v1/search?q=encryption', {}, fromIp('198.51.100.10'))).status).toBe(200);
    }
    await shared.sync();
    expect(await testApp.container.database.db.selectFrom('rate_limit_window').selectAll().execute()).toEqual([]);
  });
});
