import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/temporary-database.js';
import { migrateToLatest, openDatabase } from '../storage/database.js';
import { SearchAnalyticsRepository } from '../storage/search-analytics.repository.js';
import { normalizeQuery, SearchAnalyticsService } from './search-analytics.service.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function createService(today: { value: string }) {
  const database: TestDatabase = await createTestDatabase();
  const handle = openDatabase(database.url);
  cleanups.push(database.remove, () => handle.close());
  await migrateToLatest(handle);
  return {
    handle,
    service: new SearchAnalyticsService(new SearchAnalyticsRepository(handle.db), () => today.value, 60_000),
  };
}

describe('search analytics', () => {
  it('normalises queries so the same question counts once', () => {
    expect(normalizeQuery('  Data   Residency ')).toBe('data residency');
    expect(normalizeQuery('x'.repeat(500)).length).toBe(100);
  });

  it('counts queries per day and lists top and zero-result queries over a period', async () => {
    const today = { value: '2026-11-20' };
    const { service } = await createService(today);
    service.record('Encryption', 12);
    service.record('encryption ', 12);
    service.record('quantum moat', 0);
    await service.flush();
    today.value = '2026-11-27';
    service.record('ENCRYPTION', 11);
    service.record('quantum moat', 0);
    service.record('quantum moat', 0);
    service.record('old thing', 3);
    await service.flush();

    const top = await service.listTopQueries(30, 10);
    expect(top[0]).toEqual({ query: 'encryption', searches: 3, fewestResults: 11 });
    expect(top.map((row) => row.query)).toEqual(['encryption', 'quantum moat', 'old thing']);
    expect(await service.listZeroResultQueries(30, 10)).toEqual([
      { query: 'quantum moat', searches: 3, fewestResults: 0 },
    ]);
    // The window is measured in days back from today.
    expect((await service.listTopQueries(7, 10)).find((row) => row.query === 'encryption')?.searches).toBe(1);
  });

  it('stores nothing but the text, the day and the counts', async () => {
    const { handle, service } = await createService({ value: '2026-11-27' });
    service.record('sso', 2);
    await service.flush();
    const rows = await handle.db.selectFrom('search_query_day').selectAll().execute();
    expect(rows).toEqual([{ day: '2026-11-27', query: 'sso', searches: 1, last_result_count: 2 }]);
  });
});
