import { afterAll, beforeAll } from 'vitest';
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../src/storage/database.js';
import { createTestDatabase } from './temporary-database.js';

/** A fresh database migrated to the latest schema and opened; `close` closes and removes it. */
export async function openMigratedTestDatabase(): Promise<{ handle: DatabaseHandle; close(): Promise<void> }> {
  const database = await createTestDatabase();
  const handle = openDatabase(database.url);
  const close = async () => {
    await handle.close();
    await database.remove();
  };
  try {
    await migrateToLatest(handle);
  } catch (error) {
    await close();
    throw error;
  }
  return { handle, close };
}

/**
 * One migrated database for the calling test file, opened before its tests and removed after them. Call it at the
 * top of the file; read `handle` inside tests and hooks.
 */
export function useMigratedTestDatabase(): { readonly handle: DatabaseHandle } {
  let database: Awaited<ReturnType<typeof openMigratedTestDatabase>> | undefined;
  beforeAll(async () => {
    database = await openMigratedTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  return {
    get handle() {
      if (!database) throw new Error('the test database opens in beforeAll');
      return database.handle;
    },
  };
}
