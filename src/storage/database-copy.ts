import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { AppError } from '../domain/errors.js';
import { type DatabaseHandle, listPendingMigrations, listUnknownMigrations, migrateToLatest } from './database.js';
import { CONTENT_CHANNEL, type DialectName } from './dialect.js';
import type { Database } from './schema.js';

/** How one table is copied and ordered. */
export interface CopiedTable {
  name: keyof Database;
  /** Columns that order the rows. */
  primaryKey: readonly string[];
  /** Text columns among them: compared byte by byte so SQLite and PostgreSQL sort them alike. */
  textKeys?: readonly string[];
  /** Whether `id` is generated (SQLite autoincrement, PostgreSQL identity sequence). */
  hasGeneratedId: boolean;
}

/** Every table of schema.ts, parents before children (the order rows can be inserted in). */
export const COPIED_TABLES = [
  { name: 'site', primaryKey: ['id'], hasGeneratedId: false },
  { name: 'sla_response_time', primaryKey: ['position'], hasGeneratedId: false },
  { name: 'highlight', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'category', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'tag', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'entry', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'entry_tag', primaryKey: ['entry_id', 'tag_id'], hasGeneratedId: false },
  { name: 'entry_phrasing', primaryKey: ['entry_id', 'position'], hasGeneratedId: false },
  { name: 'entry_control', primaryKey: ['entry_id', 'position'], hasGeneratedId: false },
  { name: 'certification', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'named_link', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'content_revision', primaryKey: ['id'], hasGeneratedId: false },
  { name: 'search_query_day', primaryKey: ['day', 'query'], textKeys: ['day', 'query'], hasGeneratedId: false },
  { name: 'staff_user', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'staff_session', primaryKey: ['token_hash'], textKeys: ['token_hash'], hasGeneratedId: false },
  { name: 'sign_in_throttle', primaryKey: ['key'], textKeys: ['key'], hasGeneratedId: false },
  { name: 'setting', primaryKey: ['key'], textKeys: ['key'], hasGeneratedId: false },
  { name: 'audit_event', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'entry_version', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'questionnaire', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'questionnaire_question', primaryKey: ['id'], hasGeneratedId: true },
  // Queued mail must survive a move to another database; sent mail is the record of what went out.
  { name: 'mail_outbox', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'document', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'document_version', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'document_chunk', primaryKey: ['version_id', 'seq'], hasGeneratedId: false },
  { name: 'requester', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'access_request', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'access_request_document', primaryKey: ['request_id', 'document_id'], hasGeneratedId: false },
  { name: 'access_request_message', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'access_request_link', primaryKey: ['token_hash'], textKeys: ['token_hash'], hasGeneratedId: false },
  { name: 'access_grant', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'download_link', primaryKey: ['token_hash'], textKeys: ['token_hash'], hasGeneratedId: false },
  { name: 'download_event', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'access_domain_rule', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'nda_version', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'nda_acceptance', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'nda_acceptance_party', primaryKey: ['acceptance_id'], hasGeneratedId: false },
  { name: 'site_update', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'subscription', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'subscription_link', primaryKey: ['token_hash'], textKeys: ['token_hash'], hasGeneratedId: false },
  { name: 'subscription_notice', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'subscription_notice_recipient', primaryKey: ['notice_id'], hasGeneratedId: false },
  // A mailing in progress must survive a move too: it resumes where it stopped in the new database.
  { name: 'update_mailing', primaryKey: ['update_id'], hasGeneratedId: false },
  {
    name: 'content_translation',
    primaryKey: ['subject_type', 'subject_key', 'language'],
    textKeys: ['subject_type', 'subject_key', 'language'],
    hasGeneratedId: false,
  },
  { name: 'subprocessor', primaryKey: ['id'], hasGeneratedId: true },
  { name: 'subprocessor_version', primaryKey: ['id'], hasGeneratedId: true },
] as const satisfies readonly CopiedTable[];

/**
 * Tables a copy leaves out on purpose: their rows only matter for seconds (shared rate-limit
 * counts) or an hour (library files kept between preview and import), and the target's own rows
 * are as good as the source's.
 */
export const UNCOPIED_TABLES = ['rate_limit_window', 'library_upload'] as const satisfies readonly (keyof Database)[];

// A table added to schema.ts but listed in neither list stops the build here instead of being skipped by a copy.
type UnlistedTable = Exclude<keyof Database, (typeof COPIED_TABLES)[number]['name'] | (typeof UNCOPIED_TABLES)[number]>;
const everyTableIsListed: [UnlistedTable] extends [never] ? true : UnlistedTable = true;
void everyTableIsListed;

type Row = Record<string, unknown>;

/** Row count and content checksum of one table. */
export interface TableChecksum {
  table: string;
  rows: number;
  /** sha256 over the rows in primary-key order, normalised so both dialects agree. */
  checksum: string;
}

/** One line of the verification that follows a copy. */
export interface TableVerification {
  table: string;
  sourceRows: number;
  targetRows: number;
  isMatch: boolean;
}

/** What `copyDatabase` did and whether the target now holds exactly the source's rows. */
export interface CopyReport {
  tables: TableVerification[];
  /** Tables of the target that held rows before and were emptied (`replace`). */
  replaced: { table: string; rows: number }[];
  isVerified: boolean;
}

const DEFAULT_BATCH_SIZE = 500;

/**
 * Copies every table from `source` to `target`, preserving ids, in one target transaction.
 * The target is migrated first; a target holding rows is refused unless `replace` is set, in which
 * case it is emptied inside the same transaction. Afterwards both sides are checksummed.
 */
export async function copyDatabase(
  source: DatabaseHandle,
  target: DatabaseHandle,
  options: { replace: boolean; batchSize?: number },
): Promise<CopyReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (isSameDatabase(source, target)) {
    throw new AppError('invalid_input', `The source and the target are the same database (${source.location}).`);
  }
  await assertCopyableSource(source);
  await migrateToLatest(target);
  const replaced = (await countTableRows(target)).filter((table) => table.rows > 0);
  if (!options.replace && replaced.length > 0) {
    throw new AppError(
      'conflict',
      `The target ${target.location} already holds content; nothing was copied. Pass --force to replace it.`,
    );
  }

  // The source is read in one snapshot, so what is copied and what is checksummed are the same rows.
  const sourceChecksums = await readInSnapshot(source, async (reader) => {
    await target.db.transaction().execute(async (writer) => {
      if (options.replace) await emptyTables(writer, target.dialect);
      for (const table of COPIED_TABLES) {
        await forEachBatch(reader, source.dialect, table, batchSize, (rows) => insertRows(writer, table.name, rows));
      }
      if (target.dialect === 'postgres') {
        await resetIdentitySequences(writer);
        await announceContentChange(writer);
      }
    });
    return computeChecksums(reader, source.dialect, batchSize);
  });
  const targetChecksums = await computeTableChecksums(target, batchSize);

  const tables = sourceChecksums.map((sourceTable, index): TableVerification => {
    const targetTable = targetChecksums[index];
    return {
      table: sourceTable.table,
      sourceRows: sourceTable.rows,
      targetRows: targetTable?.rows ?? 0,
      isMatch:
        targetTable !== undefined &&
        targetTable.rows === sourceTable.rows &&
        targetTable.checksum === sourceTable.checksum,
    };
  });
  return { tables, replaced, isVerified: tables.every((table) => table.isMatch) };
}

/** Row count and checksum of every copied table, in copy order. */
export async function computeTableChecksums(
  handle: DatabaseHandle,
  batchSize = DEFAULT_BATCH_SIZE,
): Promise<TableChecksum[]> {
  return readInSnapshot(handle, (reader) => computeChecksums(reader, handle.dialect, batchSize));
}

/** Row counts of every copied table present in the database (tables not yet created count as absent). */
export async function countTableRows(handle: DatabaseHandle): Promise<{ table: string; rows: number }[]> {
  const existing = await listExistingTables(handle);
  const counts: { table: string; rows: number }[] = [];
  for (const table of COPIED_TABLES) {
    if (!existing.has(table.name)) continue;
    const result = await sql<{
      count: number | string | bigint;
    }>`select count(*) as count from ${sql.table(table.name)}`.execute(handle.db);
    counts.push({ table: table.name, rows: Number(result.rows[0]?.count ?? 0) });
  }
  return counts;
}

/** Whether any Tillit table holds a row. */
export async function hasStoredRows(handle: DatabaseHandle): Promise<boolean> {
  return (await countTableRows(handle)).some((table) => table.rows > 0);
}

/** Whether the database has been set up by Tillit (it has the migration bookkeeping and the site table). */
export async function isTillitDatabase(handle: DatabaseHandle): Promise<boolean> {
  const existing = await listExistingTables(handle);
  return existing.has('kysely_migration') && existing.has('site');
}

/** Whether two database URLs point at the same database (compared without credentials). */
export function isSameDatabase(first: DatabaseHandle, second: DatabaseHandle): boolean {
  return first.dialect === second.dialect && first.location === second.location;
}

/** Refuses an SQLite URL whose file does not exist (opening it would create an empty one). */
export function assertSqliteFileExists(url: string): void {
  if (!url.startsWith('file:')) return;
  const path = resolve(url.slice('file:'.length));
  if (!existsSync(path)) throw new AppError('not_found', `There is no database file at ${path}.`);
}

async function assertCopyableSource(source: DatabaseHandle): Promise<void> {
  if (!(await isTillitDatabase(source))) {
    throw new AppError(
      'invalid_input',
      `The source ${source.location} is not a Tillit database (no kysely_migration and site tables).`,
    );
  }
  const unknown = await listUnknownMigrations(source);
  if (unknown.length > 0) {
    throw new AppError(
      'conflict',
      `The source ${source.location} was migrated by a newer Tillit (unknown migrations: ${unknown.join(', ')}). Copy it with that version.`,
    );
  }
  const pending = await listPendingMigrations(source);
  if (pending.length > 0) {
    throw new AppError(
      'conflict',
      `The source ${source.location} has pending migrations (${pending.join(', ')}); run \`tillit migrate\` on it first.`,
    );
  }
}

async function listExistingTables(handle: DatabaseHandle): Promise<Set<string>> {
  const tables = await handle.db.introspection.getTables({ withInternalKyselyTables: true });
  return new Set(tables.map((table) => table.name));
}

/** Runs `read` in a transaction that sees one consistent state of the database. */
async function readInSnapshot<T>(handle: DatabaseHandle, read: (reader: Kysely<Database>) => Promise<T>): Promise<T> {
  // SQLite in WAL mode pins its snapshot at the first read of a transaction; PostgreSQL needs repeatable read.
  const transaction = handle.db.transaction();
  return handle.dialect === 'postgres'
    ? transaction.setIsolationLevel('repeatable read').execute(read)
    : transaction.execute(read);
}

/**
 * Deletes every row, children first. Triggers that guard a table against deletes (the append-only
 * audit log) are suspended for this transaction only: replacing a whole database is an operator's
 * decision, like restoring a backup, not an edit through the application.
 */
async function emptyTables(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  const tables = [...COPIED_TABLES].reverse();
  if (dialect === 'postgres') {
    const guarded = await sql<{ table: string }>`select distinct c.relname as table from pg_trigger t
      join pg_class c on c.oid = t.tgrelid
      where not t.tgisinternal and c.relnamespace = current_schema()::regnamespace`.execute(db);
    const guardedNames = guarded.rows.map((row) => row.table);
    for (const name of guardedNames) await sql`alter table ${sql.table(name)} disable trigger user`.execute(db);
    for (const table of tables) await sql`delete from ${sql.table(table.name)}`.execute(db);
    for (const name of guardedNames) await sql`alter table ${sql.table(name)} enable trigger user`.execute(db);
    return;
  }
  // SQLite cannot disable a trigger: drop it and recreate it from its own stored definition.
  const triggers = await sql<{
    name: string;
    sql: string;
  }>`select name, sql from sqlite_master where type = 'trigger'`.execute(db);
  for (const trigger of triggers.rows) await sql`drop trigger ${sql.id(trigger.name)}`.execute(db);
  for (const table of tables) await sql`delete from ${sql.table(table.name)}`.execute(db);
  for (const trigger of triggers.rows) await sql.raw(trigger.sql).execute(db);
}

async function forEachBatch(
  db: Kysely<Database>,
  dialect: DialectName,
  table: CopiedTable,
  batchSize: number,
  onBatch: (rows: Row[]) => Promise<void> | void,
): Promise<void> {
  // SQLite compares text bytewise (BINARY); PostgreSQL follows the database's locale unless told "C".
  const isBytewise = (column: string) => dialect === 'postgres' && table.textKeys?.includes(column) === true;
  const orderBy = sql.join(
    table.primaryKey.map((column) => (isBytewise(column) ? sql`${sql.ref(column)} collate "C"` : sql.ref(column))),
  );
  for (let offset = 0; ; offset += batchSize) {
    const result =
      await sql<Row>`select * from ${sql.table(table.name)} order by ${orderBy} limit ${batchSize} offset ${offset}`.execute(
        db,
      );
    if (result.rows.length > 0) await onBatch(result.rows);
    if (result.rows.length < batchSize) return;
  }
}

async function insertRows(db: Kysely<Database>, table: string, rows: Row[]): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const values = rows.map((row) => sql`(${sql.join(columns.map((column) => row[column]))})`);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) values ${sql.join(values)}`.execute(
    db,
  );
}

/** After inserting explicit ids, PostgreSQL's identity sequences must continue after the highest id. */
async function resetIdentitySequences(db: Kysely<Database>): Promise<void> {
  for (const table of COPIED_TABLES.filter((candidate) => candidate.hasGeneratedId)) {
    await sql`select setval(pg_get_serial_sequence(${table.name}, 'id'), coalesce(max(id), 0) + 1, false) from ${sql.table(table.name)}`.execute(
      db,
    );
  }
}

/** Running Tillit processes on the target reload on commit, as after an import. */
async function announceContentChange(db: Kysely<Database>): Promise<void> {
  await sql`select pg_notify(${CONTENT_CHANNEL}, 'copy')`.execute(db);
}

async function computeChecksums(
  db: Kysely<Database>,
  dialect: DialectName,
  batchSize: number,
): Promise<TableChecksum[]> {
  const checksums: TableChecksum[] = [];
  for (const table of COPIED_TABLES) {
    const hash = createHash('sha256');
    let rows = 0;
    await forEachBatch(db, dialect, table, batchSize, (batch) => {
      for (const row of batch) hash.update(`${serializeRow(row)}\n`);
      rows += batch.length;
    });
    checksums.push({ table: table.name, rows, checksum: hash.digest('hex') });
  }
  return checksums;
}

/** JSON of a row with sorted keys and driver-neutral values, identical for SQLite and PostgreSQL. */
function serializeRow(row: Row): string {
  const normalised: Record<string, unknown> = {};
  for (const key of Object.keys(row).sort()) normalised[key] = normaliseValue(row[key], key);
  return JSON.stringify(normalised);
}

function normaliseValue(value: unknown, column: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  // SQLite stores booleans as 0/1.
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  throw new AppError('invalid_input', `Cannot checksum the value of column ${column} (${typeof value}).`);
}
