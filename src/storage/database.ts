import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError } from '../domain/errors.js';
import type { DialectName } from './dialect.js';
import { createMigrationProvider, listMigrations } from './migrations/index.js';
import type { Database } from './schema.js';

/** An open database with the dialect it speaks. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, without credentials (for messages). */
  location: string;
  /**
   * The better-sqlite3 connection under `db` (SQLite only), for the few reads that are cheaper as one statement
   * prepared once than built through Kysely on every call (a document's chunks). Kysely's lock is bypassed: use it
   * only for rows that never change once committed.
   */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

/**
 * PostgreSQL's 8-byte integers (a document's size, `count(*)`) come back from node-postgres as strings, to keep
 * precision beyond 2^53. Ours never get near it (sizes are capped at 2 GB), and a string where SQLite gives a
 * number would make the two databases disagree (a copy's checksums, a JSON answer): read them as numbers.
 */
function getTypeParser(oid: number, format?: 'text' | 'binary') {
  if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
  return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
}

/** Opens SQLite (`file:path`) or PostgreSQL (`postgres://…`) from a URL. */
export function openDatabase(url: string, options: { poolSize?: number } = {}): DatabaseHandle {
  if (url.startsWith('file:')) {
    const path = resolve(url.slice('file:'.length));
    mkdirSync(dirname(path), { recursive: true });
    const connection = new SQLite(path);
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL');
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
    return { db, dialect: 'sqlite', location: path, sqlite: connection, close: () => db.destroy() };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: { getTypeParser } });
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const parsed = new URL(url);
    return {
      db,
      dialect: 'postgres',
      location: `postgres://${parsed.host}${parsed.pathname}`,
      close: () => db.destroy(),
    };
  }
  throw new AppError('invalid_input', 'DATABASE_URL must start with file: or postgres://');
}

/** What `migrateToLatest` did. */
export interface MigrationReport {
  applied: string[];
  current: string[];
}

/** Applies pending migrations; refuses a database migrated by a newer Tillit. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrationReport> {
  await assertNotNewerThanCode(handle);
  const migrator = new Migrator({ db: handle.db, provider: createMigrationProvider(handle.dialect) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('unavailable', `Migration failed on ${handle.location}: ${message}`);
  }
  return {
    applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName),
    current: Object.keys(listMigrations(handle.dialect)),
  };
}

/** Lists migrations that are applied in the database but unknown to this build. */
export async function listUnknownMigrations(handle: DatabaseHandle): Promise<string[]> {
  const known = new Set(Object.keys(listMigrations(handle.dialect)));
  const applied = await listAppliedMigrations(handle);
  return applied.filter((name) => !known.has(name));
}

/** Lists migrations known to this build that the database has not applied yet. */
export async function listPendingMigrations(handle: DatabaseHandle): Promise<string[]> {
  const applied = new Set(await listAppliedMigrations(handle));
  return Object.keys(listMigrations(handle.dialect)).filter((name) => !applied.has(name));
}

async function listAppliedMigrations(handle: DatabaseHandle): Promise<string[]> {
  const tables = await handle.db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((table) => table.name === 'kysely_migration')) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db);
  return rows.rows.map((row) => row.name);
}

async function assertNotNewerThanCode(handle: DatabaseHandle): Promise<void> {
  const unknown = await listUnknownMigrations(handle);
  if (unknown.length > 0) {
    throw new AppError(
      'conflict',
      `The database at ${handle.location} was migrated by a newer Tillit (unknown migrations: ${unknown.join(', ')}). Upgrade Tillit or use a matching backup.`,
    );
  }
}
