import { parseArgs } from 'node:util';
import type { Container } from '../container.js';
import { AppError } from '../domain/errors.js';
import { restoreSqliteDatabase } from '../storage/sqlite-backup.js';
import { formatBytes } from './backup.command.js';
import type { CommandOutput } from './main.js';

/** `tillit restore <file> [--force]`: replaces the SQLite database with a checked backup. */
export async function runRestore(container: Container, args: string[], output: CommandOutput): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { force: { type: 'boolean', default: false } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new AppError('invalid_input', 'Usage: tillit restore <file> [--force]');
  const summary = await restoreSqliteDatabase(container.database, file, { overwrite: values.force });
  output.out(
    `Restored ${file} to ${summary.path}: ${formatBytes(summary.bytes)}, ${summary.tables} tables, ${summary.rows} rows.`,
  );
  if (summary.pendingMigrations.length > 0) {
    output.out(
      `The backup predates ${summary.pendingMigrations.length} migration(s) (${summary.pendingMigrations.join(', ')}); run \`tillit migrate\` or start Tillit to apply them.`,
    );
  }
}
