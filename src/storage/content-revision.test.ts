import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, isPostgresRun, type TestDatabase } from '../../test/temporary-database.js';
import { bumpContentRevision } from './content-revision.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './database.js';

const handles: DatabaseHandle[] = [];
let database: TestDatabase | undefined;
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close();
  await database?.remove();
  database = undefined;
});

async function open(): Promise<DatabaseHandle> {
  database ??= await createTestDatabase();
  const handle = openDatabase(database.url);
  handles.push(handle);
  return handle;
}

describe('bumpContentRevision', () => {
  it('counts up from nothing, one revision per change', async () => {
    const handle = await open();
    await migrateToLatest(handle);
    const bump = () =>
      handle.db.transaction().execute((trx) => bumpContentRevision(trx, handle.dialect, '2026-12-05T00:00:00Z'));
    const first = await bump();
    expect([await bump(), await bump()]).toEqual([first + 1, first + 2]);
  });

  // SQLite lets one writer in at a time; on PostgreSQL two processes really do write at once.
  it.runIf(isPostgresRun)('gives two changes committed at the same time two revisions, whichever waits', async () => {
    const first = await open();
    await migrateToLatest(first);
    // A second pool stands for a second app process.
    const second = await open();
    const start = await first.db.transaction().execute((trx) => bumpContentRevision(trx, first.dialect, 'now'));
    let releaseFirst: () => void = () => {};
    const firstHolds = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstBumped: () => void = () => {};
    const firstHasBumped = new Promise<void>((resolve) => {
      firstBumped = resolve;
    });
    // The first change bumps and keeps its transaction open; the second starts meanwhile and must wait for it.
    const one = first.db.transaction().execute(async (trx) => {
      const revision = await bumpContentRevision(trx, first.dialect, 'now');
      firstBumped();
      await firstHolds;
      return revision;
    });
    await firstHasBumped;
    const two = second.db.transaction().execute((trx) => bumpContentRevision(trx, second.dialect, 'now'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    releaseFirst();
    expect((await Promise.all([one, two])).sort()).toEqual([start + 1, start + 2]);
  });
});
