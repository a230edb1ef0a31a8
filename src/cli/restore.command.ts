import type { Container } from '../container.js';
import { restoreSqliteDatabase } from '../storage/sqlite-backup.js';
import { describeDatabaseFile, parseBackupFileArguments } from './backup.command.js';
import type { CommandOutput } from './main.js';

/** `tillit restore <file> [--force]`: replaces the SQLite database with a checked backup. */
export async function runRestore(container: Container, args: string[], output: CommandOutput): Promise<void> {
  const { file, isForced } = parseBackupFileArguments('restore', args);
  const summary = await restoreSqliteDatabase(container.database, file, { overwrite: isForced });
  output.out(`Restored ${file} to ${describeDatabaseFile(summary)}.`);
  if (summary.pendingMigrations.length > 0) {
    output.out(
      `The backup predates ${summary.pendingMigrations.length} migration(s) (${summary.pendingMigrations.join(', ')}); run \`tillit migrate\` or start Tillit to apply them.`,
    );
  }
}
