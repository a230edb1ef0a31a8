import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json and public/, found by walking up from this module, so the
 * same code works from src/ (tsx, tests) and from the bundled dist/.
 */
export function findProjectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json')) || !existsSync(join(folder, 'public'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('Tillit cannot find its public/ folder next to package.json');
    folder = parent;
  }
  return folder;
}
