import { afterEach } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { createTestDatabase, type TestDatabase } from './temporary-database.js';

/** What one `tillit` invocation printed, and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  error: string;
}

/** Runs one `tillit` command against the given database, capturing what it prints. */
export async function runTillit(args: string[], databaseUrl: string): Promise<CliRun> {
  const out: string[] = [];
  const error: string[] = [];
  const code = await runCli(
    args,
    { DATABASE_URL: databaseUrl },
    { out: (line) => out.push(line), error: (line) => error.push(line) },
  );
  return { code, out: out.join('\n'), error: error.join('\n') };
}

/**
 * Call once at the top of a test file: returns a factory of temporary databases that are removed
 * after each test (newest first). Without a dialect, the run's default (SQLite, or PostgreSQL under
 * `npm run test:pg`) is used.
 */
export function useTemporaryDatabases(): (dialect?: TestDatabase['dialect']) => Promise<TestDatabase> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (dialect) => {
    const database = await createTestDatabase(dialect === undefined ? {} : { dialect });
    cleanups.push(database.remove);
    return database;
  };
}
