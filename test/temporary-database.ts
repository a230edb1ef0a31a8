import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh SQLite file URL in its own temporary folder, and a function that removes it. */
export function createTemporaryDatabaseUrl(): { url: string; path: string; folder: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), 'tillit-test-'));
  const path = join(folder, 'tillit.db');
  return { url: `file:${path}`, path, folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
