import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';

/** The two database engines Tillit runs on. */
export type DialectName = 'sqlite' | 'postgres';

/**
 * Adds an auto-generated integer primary key. SQLite needs `integer primary key autoincrement`;
 * PostgreSQL uses an identity column. This is the one schema difference between the two.
 */
export function addIdColumn<T extends string>(
  dialect: DialectName,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  if (dialect === 'sqlite') {
    return table.addColumn('id', 'integer', (column: ColumnDefinitionBuilder) => column.primaryKey().autoIncrement());
  }
  return table.addColumn('id', 'integer', (column: ColumnDefinitionBuilder) =>
    column.primaryKey().generatedByDefaultAsIdentity(),
  );
}

/** Channel on which PostgreSQL processes announce content changes to each other. */
export const CONTENT_CHANNEL = 'tillit_content';

/** Error codes meaning "the database cannot be reached right now" rather than "the query is wrong". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08006',
  '53300', // too_many_connections
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** Whether an error from either driver means the database is unreachable (worth a retry). */
export function isDatabaseUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) return true;
  // node-postgres reports a lost connection without a code.
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message);
}
