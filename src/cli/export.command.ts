import { parseArgs } from 'node:util';
import type { Container } from '../container.js';
import { AppError } from '../domain/errors.js';
import type { CommandOutput } from './main.js';

/** `tillit export <dir>`: writes the stored content in the layout `tillit import` reads. */
export async function runExport(container: Container, args: string[], output: CommandOutput): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [directory] = positionals;
  if (!directory || positionals.length > 1) throw new AppError('invalid_input', 'Usage: tillit export <dir>');
  const count = await container.content.exportDirectory(directory);
  output.out(`Wrote ${count} files to ${directory}.`);
}
