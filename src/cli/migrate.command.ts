import type { Container } from '../container.js';
import { migrateToLatest } from '../storage/database.js';
import type { CommandOutput } from './main.js';

/** `tillit migrate`: applies pending migrations and says which. */
export async function runMigrate(container: Container, _args: string[], output: CommandOutput): Promise<void> {
  const report = await migrateToLatest(container.database);
  output.out(
    report.applied.length > 0
      ? `Applied ${report.applied.length} migration(s) to ${container.database.location}: ${report.applied.join(', ')}.`
      : `${container.database.location} is up to date (${report.current.length} migration(s)).`,
  );
}
