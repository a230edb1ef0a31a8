import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, insertStaffUser } from '../../test/temporary-database.js';
import { migrateToLatest, openDatabase } from './database.js';
import { LibraryUploadRepository, type NewLibraryUpload } from './library-upload.repository.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openRepository() {
  const database = await createTestDatabase();
  const handle = openDatabase(database.url);
  cleanups.push(database.remove, () => handle.close());
  await migrateToLatest(handle);
  const addUser = (email: string) => insertStaffUser(handle.db, email);
  return { repository: new LibraryUploadRepository(handle.db), db: handle.db, addUser };
}

function upload(userId: number, tokenHash: string, createdAt: string, expiresAt: string): NewLibraryUpload {
  return {
    tokenHash,
    userId,
    fileName: 'library.csv',
    // Every byte value, so that a blob/bytea round trip that mangled any would show.
    bytes: Uint8Array.from({ length: 256 }, (_, index) => index),
    sheet: null,
    status: 'draft',
    owner: 'owner@example.test',
    isReplace: true,
    contentRevision: 7,
    createdAt,
    expiresAt,
  };
}

const hashes = async (repository: LibraryUploadRepository, candidates: string[]) => {
  const found: string[] = [];
  for (const hash of candidates) if (await repository.findByTokenHash(hash)) found.push(hash);
  return found;
};

describe('LibraryUploadRepository', () => {
  it('keeps the bytes and options exactly and finds an upload by its token hash only', async () => {
    const { repository, addUser } = await openRepository();
    const userId = await addUser('ada@example.test');
    await repository.insert(upload(userId, 'a'.repeat(64), '2026-11-27T10:00:00.000Z', '2026-11-27T11:00:00.000Z'), 3);
    const found = await repository.findByTokenHash('a'.repeat(64));
    expect(found).toMatchObject({
      userId,
      fileName: 'library.csv',
      sheet: null,
      status: 'draft',
      owner: 'owner@example.test',
      isReplace: true,
      contentRevision: 7,
      expiresAt: '2026-11-27T11:00:00.000Z',
    });
    expect([...(found?.bytes ?? [])]).toEqual(Array.from({ length: 256 }, (_, index) => index));
    expect(await repository.findByTokenHash('b'.repeat(64))).toBeUndefined();
  });

  it("keeps each user's newest uploads only and drops expired ones when a new one is stored", async () => {
    const { repository, addUser } = await openRepository();
    const ada = await addUser('ada@example.test');
    const bob = await addUser('bob@example.test');
    await repository.insert(upload(bob, 'bob-expiring', '2026-11-27T09:00:00.000Z', '2026-11-27T10:00:00.000Z'), 3);
    await repository.insert(upload(bob, 'bob-current', '2026-11-27T09:30:00.000Z', '2026-11-27T10:30:00.000Z'), 3);
    for (const name of ['ada-1', 'ada-2', 'ada-3', 'ada-4']) {
      await repository.insert(upload(ada, name, '2026-11-27T10:00:00.000Z', '2026-11-27T11:00:00.000Z'), 3);
    }
    expect(await hashes(repository, ['ada-1', 'ada-2', 'ada-3', 'ada-4', 'bob-expiring', 'bob-current'])).toEqual([
      'ada-2',
      'ada-3',
      'ada-4',
      'bob-current',
    ]);
    expect(await repository.deleteExpired('2026-11-27T10:30:00.000Z')).toBe(1);
    expect(await repository.findByTokenHash('bob-current')).toBeUndefined();
  });

  it('deletes an upload once, puts it back as it was, and loses it with its account', async () => {
    const { repository, db, addUser } = await openRepository();
    const userId = await addUser('ada@example.test');
    await repository.insert(upload(userId, 'taken', '2026-11-27T10:00:00.000Z', '2026-11-27T11:00:00.000Z'), 3);
    const stored = await repository.findByTokenHash('taken');
    if (!stored) throw new Error('the upload was stored');
    expect(await repository.delete(stored.id)).toBe(true);
    expect(await repository.delete(stored.id)).toBe(false);
    await repository.restore(stored);
    expect(await repository.findByTokenHash('taken')).toEqual(stored);

    await repository.updatePreview(
      stored.id,
      { sheet: 'Answers', status: 'published', owner: null, isReplace: false },
      9,
    );
    expect(await repository.findByTokenHash('taken')).toMatchObject({
      sheet: 'Answers',
      status: 'published',
      owner: null,
      isReplace: false,
      contentRevision: 9,
    });

    await db.deleteFrom('staff_user').where('id', '=', userId).execute();
    expect(await repository.findByTokenHash('taken')).toBeUndefined();
  });
});
