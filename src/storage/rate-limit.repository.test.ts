import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/temporary-database.js';
import { migrateToLatest, openDatabase } from './database.js';
import { RateLimitRepository } from './rate-limit.repository.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two handles on one fresh database, as two app processes would have. */
async function openTwoProcesses() {
  const database = await createTestDatabase();
  const first = openDatabase(database.url);
  const second = openDatabase(database.url);
  cleanups.push(
    database.remove,
    () => first.close(),
    () => second.close(),
  );
  await migrateToLatest(first);
  return { first: new RateLimitRepository(first.db), second: new RateLimitRepository(second.db), handle: first };
}

const byKey = (rows: { key: string; count: number }[]) => [...rows].sort((a, b) => a.key.localeCompare(b.key));

describe('RateLimitRepository', () => {
  it('sums the increments of two processes per key and window and returns the totals', async () => {
    const { first, second } = await openTwoProcesses();
    expect(
      byKey(
        await first.addCounts(1_800_000_000, [
          { key: 'search 192.0.2.1', count: 3 },
          { key: 'search 192.0.2.2', count: 1 },
        ]),
      ),
    ).toEqual([
      { key: 'search 192.0.2.1', count: 3 },
      { key: 'search 192.0.2.2', count: 1 },
    ]);
    expect(
      byKey(
        await second.addCounts(1_800_000_000, [
          { key: 'search 192.0.2.1', count: 4 },
          { key: 'search_api 192.0.2.1', count: 2 },
        ]),
      ),
    ).toEqual([
      { key: 'search 192.0.2.1', count: 7 },
      { key: 'search_api 192.0.2.1', count: 2 },
    ]);
    // Another window starts from zero.
    expect(await first.addCounts(1_800_000_010, [{ key: 'search 192.0.2.1', count: 1 }])).toEqual([
      { key: 'search 192.0.2.1', count: 1 },
    ]);
    expect(byKey(await second.listOverLimit(1_800_000_000, 2, 100))).toEqual([{ key: 'search 192.0.2.1', count: 7 }]);
    expect(await second.listOverLimit(1_800_000_000, 7, 100)).toEqual([]);
  });

  it('deletes only the windows before the given start', async () => {
    const { first, handle } = await openTwoProcesses();
    for (const start of [1_800_000_000, 1_800_000_010, 1_800_000_020]) {
      await first.addCounts(start, [{ key: 'search 192.0.2.1', count: 1 }]);
    }
    expect(await first.deleteWindowsBefore(1_800_000_010)).toBe(1);
    const left = await handle.db
      .selectFrom('rate_limit_window')
      .select('window_start')
      .orderBy('window_start')
      .execute();
    expect(left.map((row) => Number(row.window_start))).toEqual([1_800_000_010, 1_800_000_020]);
  });
});
