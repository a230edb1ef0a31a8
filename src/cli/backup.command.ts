import { parseArgs } from 'node:util';
import type { Container } from '../container.js';
import { AppError } from '../domain/errors.js';
import { backupSqliteDatabase } from '../storage/sqlite-backup.js';
import type { CommandOutput } from './main.js';

/** `tillit backup <file> [--force]`: a consistent copy of the live SQLite database. */
export async function runBackup(container: Container, args: string[], output: CommandOutput): Promise<void> {
  const { file, isForced } = parseBackupFileArguments('backup', args);
  const summary = await backupSqliteDatabase(container.database, file, { overwrite: isForced });
  output.out(`Backed up ${container.database.location} to ${describeDatabaseFile(summary)}.`);
}

/** The arguments of `tillit backup` and `tillit restore`: one backup file, and whether to overwrite. */
export function parseBackupFileArguments(command: 'backup' | 'restore', args: string[]) {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { force: { type: 'boolean', default: false } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new AppError('invalid_input', `Usage: tillit ${command} <file> [--force]`);
  return { file, isForced: values.force };
}

/** A database file written by a backup or a restore: where it is, its size and what it holds. */
export function describeDatabaseFile(summary: { path: string; bytes: number; tables: number; rows: number }): string {
  return `${summary.path}: ${formatBytes(summary.bytes)}, ${summary.tables} tables, ${summary.rows} rows`;
}

/** Byte count for people, e.g. `1.4 MB (1,433,600 bytes)`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]} (${bytes.toLocaleString('en')} bytes)`;
}
