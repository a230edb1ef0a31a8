import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { AppError } from '../domain/errors.js';
import { type DatabaseHandle, listPendingMigrations, listUnknownMigrations, openDatabase } from './database.js';
import { countTableRows, hasStoredRows, isTillitDatabase } from './database-copy.js';

/** What a backup or restore wrote. */
export interface SqliteFileSummary {
  path: string;
  bytes: number;
  tables: number;
  rows: number;
  /** Migrations this build would still apply to the file (an older backup). */
  pendingMigrations: string[];
}

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Writes a consistent copy of a live SQLite database to `destination` with SQLite's online backup
 * API, through a second read-only connection (writers may continue meanwhile). The copy is checked
 * and then renamed into place, so `destination` never holds a half-written file.
 */
export async function backupSqliteDatabase(
  handle: DatabaseHandle,
  destination: string,
  options: { overwrite: boolean },
): Promise<SqliteFileSummary> {
  if (handle.dialect !== 'sqlite') {
    throw new AppError(
      'invalid_input',
      'tillit backup works on SQLite only. Back up PostgreSQL with pg_dump: pg_dump -Fc -d "$DATABASE_URL" -f tillit.dump (see docs/operations.md).',
    );
  }
  const path = resolve(destination);
  if (isSameFile(path, handle.location)) {
    throw new AppError('invalid_input', `The backup file ${path} is the database itself; choose another path.`);
  }
  if (existsSync(path) && !options.overwrite) {
    throw new AppError('conflict', `${path} already exists; nothing was written. Pass --force to overwrite it.`);
  }
  if (!(await isTillitDatabase(handle))) {
    throw new AppError('not_found', `${handle.location} holds no Tillit database yet; there is nothing to back up.`);
  }
  mkdirSync(dirname(path), { recursive: true });
  const temporary = createTemporaryPath(path);
  try {
    const connection = new SQLite(handle.location, { readonly: true, fileMustExist: true });
    try {
      await connection.backup(temporary);
    } finally {
      connection.close();
    }
    const summary = await inspectSqliteFile(temporary, path);
    // The file holds password hashes and session token hashes: readable by its owner only.
    chmodSync(temporary, 0o600);
    renameSync(temporary, path);
    return { ...summary, path, bytes: statSync(path).size };
  } finally {
    removeSqliteFiles(temporary);
  }
}

/**
 * Replaces the SQLite database of `target` with the Tillit database in `source`. The source is
 * copied beside the target and checked (SQLite header, integrity, Tillit tables, not from a newer
 * build) before anything changes; then `target` is closed and the copy renamed over it. On any
 * problem the target is left as it was.
 */
export async function restoreSqliteDatabase(
  target: DatabaseHandle,
  source: string,
  options: { overwrite: boolean },
): Promise<SqliteFileSummary> {
  if (target.dialect !== 'sqlite') {
    throw new AppError(
      'invalid_input',
      'tillit restore works on SQLite only. Restore PostgreSQL with pg_restore: pg_restore --clean --if-exists -d "$DATABASE_URL" tillit.dump (see docs/operations.md).',
    );
  }
  const sourcePath = resolve(source);
  if (!existsSync(sourcePath)) throw new AppError('not_found', `There is no backup file at ${sourcePath}.`);
  if (isSameFile(sourcePath, target.location)) {
    throw new AppError('invalid_input', `The backup file ${sourcePath} is the configured database itself.`);
  }
  // Always query the target: a Kysely handle that never ran a query does not close its connection.
  const hasContent = await hasStoredRows(target);
  if (hasContent && !options.overwrite) {
    throw new AppError(
      'conflict',
      `The database ${target.location} already holds content; nothing was restored. Pass --force to replace it.`,
    );
  }

  const temporary = createTemporaryPath(target.location);
  try {
    copyFileSync(sourcePath, temporary);
    // A file copied from a live database may keep recent commits in its write-ahead log.
    if (existsSync(`${sourcePath}-wal`)) copyFileSync(`${sourcePath}-wal`, `${temporary}-wal`);
    const summary = await inspectSqliteFile(temporary, sourcePath);
    await target.close();
    assertNotInUse(target.location);
    // A log left beside the target belongs to the old file and would be replayed into the new one.
    rmSync(`${target.location}-wal`, { force: true });
    rmSync(`${target.location}-shm`, { force: true });
    renameSync(temporary, target.location);
    return { ...summary, path: target.location, bytes: statSync(target.location).size };
  } finally {
    removeSqliteFiles(temporary);
  }
}

/**
 * Refuses when another connection (a running Tillit, another command) has the database open:
 * replacing the file under it would leave that process writing to a deleted file. Every open
 * connection holds a shared lock on a WAL database, so taking an exclusive lock without waiting
 * fails exactly then; locks die with their process, so a crashed server does not block a restore.
 */
function assertNotInUse(path: string): void {
  if (!existsSync(path)) return;
  const probe = new SQLite(path, { fileMustExist: true, timeout: 0 });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('COMMIT');
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new AppError(
      'conflict',
      `The database ${path} is open in another process (is Tillit running?); nothing was restored. Stop it and run tillit restore again.`,
    );
  } finally {
    probe.close();
  }
}

/** Checks that `path` is an intact Tillit database no newer than this build; `shownAs` names it in messages. */
async function inspectSqliteFile(path: string, shownAs: string): Promise<Omit<SqliteFileSummary, 'path' | 'bytes'>> {
  assertSqliteHeader(path, shownAs);
  const connection = new SQLite(path, { fileMustExist: true });
  try {
    const problems = connection
      .prepare('pragma quick_check')
      .pluck()
      .all()
      .filter((line) => line !== 'ok');
    if (problems.length > 0) {
      throw new AppError(
        'invalid_input',
        `${shownAs} is damaged (SQLite integrity check: ${problems.slice(0, 3).join('; ')}).`,
      );
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('invalid_input', `${shownAs} cannot be read as an SQLite database (${describeError(error)}).`);
  } finally {
    connection.close();
  }

  const handle = openDatabase(`file:${path}`);
  try {
    if (!(await isTillitDatabase(handle))) {
      throw new AppError(
        'invalid_input',
        `${shownAs} is an SQLite database but not a Tillit one (no kysely_migration and site tables).`,
      );
    }
    const unknown = await listUnknownMigrations(handle);
    if (unknown.length > 0) {
      throw new AppError(
        'conflict',
        `${shownAs} was written by a newer Tillit (unknown migrations: ${unknown.join(', ')}). Upgrade Tillit to use it.`,
      );
    }
    const counts = await countTableRows(handle);
    return {
      tables: counts.length,
      rows: counts.reduce((sum, table) => sum + table.rows, 0),
      pendingMigrations: await listPendingMigrations(handle),
    };
  } finally {
    await handle.close();
  }
}

function assertSqliteHeader(path: string, shownAs: string): void {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const descriptor = openSync(path, 'r');
  let length: number;
  try {
    length = readSync(descriptor, header, 0, header.length, 0);
  } finally {
    closeSync(descriptor);
  }
  if (length === 0) throw new AppError('invalid_input', `${shownAs} is empty; it is not a Tillit backup.`);
  if (header.toString('latin1', 0, length) !== SQLITE_HEADER) {
    throw new AppError(
      'invalid_input',
      `${shownAs} is not an SQLite database (its first bytes are not an SQLite header).`,
    );
  }
}

function createTemporaryPath(beside: string): string {
  return join(dirname(beside), `.${basename(beside)}.${randomBytes(4).toString('hex')}.tmp`);
}

function removeSqliteFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

function isSameFile(first: string, second: string): boolean {
  return resolve(first) === resolve(second);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
