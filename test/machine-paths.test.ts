import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));
// A quoted path that starts at a machine's own folders: the project must run wherever it is checked out.
const MACHINE_PATH = new RegExp(`['"\`]/(${['work', 'home', 'Users'].join('|')})/`);

/** Every TypeScript file under `folder`, skipping dependencies. */
function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((item) => {
    const path = join(folder, item.name);
    if (item.isDirectory()) return item.name === 'node_modules' ? [] : typeScriptFiles(path);
    return /\.tsx?$/.test(item.name) ? [path] : [];
  });
}

describe('tests and benchmarks', () => {
  it('read files relative to the project, never from a path of one machine', () => {
    const files = [
      ...typeScriptFiles(join(PROJECT, 'src')).filter((path) => /\.test\.tsx?$/.test(path)),
      ...typeScriptFiles(join(PROJECT, 'test')),
      ...typeScriptFiles(join(PROJECT, 'bench')),
    ];
    const offenders = files
      .filter((path) => MACHINE_PATH.test(readFileSync(path, 'utf8')))
      .map((path) => relative(PROJECT, path));
    expect(offenders).toEqual([]);
  });
});
