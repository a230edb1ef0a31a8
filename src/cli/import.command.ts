import { parseArgs } from 'node:util';
import type { Container } from '../container.js';
import { AppError } from '../domain/errors.js';
import { migrateToLatest } from '../storage/database.js';
import type { CommandOutput } from './main.js';

/** `tillit import <dir>`: validates every file, then replaces the content in one transaction. */
export async function runImport(container: Container, args: string[], output: CommandOutput): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [directory] = positionals;
  if (!directory || positionals.length > 1) throw new AppError('invalid_input', 'Usage: tillit import <dir>');
  await migrateToLatest(container.database);
  const summary = await container.content.importDirectory(directory);
  output.out(
    `Imported ${summary.entries} entries, ${summary.categories} categories, ${summary.tags} tags and ${summary.certifications} certifications from ${directory} (revision ${summary.revision}).`,
  );
}
