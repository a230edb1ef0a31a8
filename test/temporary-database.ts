import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/storage/schema.js';

/** A fresh, empty database for one test, and how to remove it. */
export interface TestDatabase {
  url: string;
  /** A scratch folder for files the test writes (exports, backups). */
  folder: string;
  dialect: 'sqlite' | 'postgres';
  remove(): Promise<void>;
}

/** Whether this run targets PostgreSQL (`npm run test:pg`). */
export const isPostgresRun = process.env.TILLIT_TEST_DATABASE === 'postgres';

/** The server the PostgreSQL run uses, from the usual PG* variables. */
export function getPostgresServerUrl(database = process.env.PGDATABASE ?? 'postgres'): string {
  const host = process.env.PGHOST ?? '127.0.0.1';
  const port = process.env.PGPORT ?? '5432';
  const user = process.env.PGUSER ?? 'postgres';
  const password = process.env.PGPASSWORD ? `:${encodeURIComponent(process.env.PGPASSWORD)}` : '';
  return `postgres://${encodeURIComponent(user)}${password}@${host}:${port}/${database}`;
}

/** A new SQLite file, or on the PostgreSQL run a new database on the test server. */
export async function createTestDatabase(options: { dialect?: 'sqlite' | 'postgres' } = {}): Promise<TestDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'tillit-test-'));
  const dialect = options.dialect ?? (isPostgresRun ? 'postgres' : 'sqlite');
  if (dialect === 'sqlite') {
    return {
      url: `file:${join(folder, 'tillit.db')}`,
      folder,
      dialect,
      remove: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const name = `tillit_test_${randomBytes(6).toString('hex')}`;
  await runAdminStatement(`create database ${name}`);
  return {
    url: getPostgresServerUrl(name),
    folder,
    dialect,
    remove: async () => {
      rmSync(folder, { recursive: true, force: true });
      await runAdminStatement(`drop database if exists ${name} with (force)`);
    },
  };
}

async function runAdminStatement(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: getPostgresServerUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Adds a staff account row directly (an admin without a password), for tests of tables that refer to one. */
export async function insertStaffUser(
  db: Kysely<Database>,
  email: string,
  at = '2026-11-01T10:00:00.000Z',
): Promise<number> {
  const row = await db
    .insertInto('staff_user')
    .values({ email, name: email, role: 'admin', password_hash: null, password_changed_at: at, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
