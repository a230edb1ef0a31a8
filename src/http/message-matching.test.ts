import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Handlers decide on an error's code, its problems or a field, never on its wording: a reworded
// message (or a translation) must not change what a page does. This reads every handler file and
// lists the lines that compare or search the text of a message.

const httpFolder = dirname(fileURLToPath(import.meta.url));
const MESSAGE_MATCH = /\.message\s*(?:[!=]==|\.(?:endsWith|startsWith|includes|match|search|indexOf)\s*\()/;

/** Every handler source file under src/http, tests left out. */
function handlerFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((item) => {
    const path = join(folder, item.name);
    if (item.isDirectory()) return handlerFiles(path);
    return /\.tsx?$/.test(item.name) && !/\.test\.tsx?$/.test(item.name) ? [path] : [];
  });
}

describe('handlers and error messages', () => {
  it('no handler compares or searches the text of a message', () => {
    const offending = handlerFiles(httpFolder).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          MESSAGE_MATCH.test(line) ? [`${relative(httpFolder, file)}:${index + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(offending).toEqual([]);
  });
});
