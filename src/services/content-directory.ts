import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { AppError } from '../domain/errors.js';
import type { ContentFile } from './content-format.js';

/** Reads every file below a content folder as UTF-8 text, with paths relative to it. */
export async function readContentDirectory(directory: string): Promise<ContentFile[]> {
  let names: string[];
  try {
    names = await readdir(directory, { recursive: true });
  } catch {
    throw new AppError('not_found', `Content folder ${directory} does not exist or cannot be read`);
  }
  const files: ContentFile[] = [];
  for (const name of names.sort()) {
    const path = join(directory, name);
    const text = await readFile(path, 'utf8').catch(() => undefined);
    // Folders fail to read as files; skip them.
    if (text === undefined) continue;
    const relativePath = relative(directory, path).split(sep).join('/');
    if (relativePath.split('/').some((part) => part.startsWith('.'))) continue;
    files.push({ path: relativePath, text });
  }
  return files;
}

/** Writes content files into a folder, replacing the entries folder so removed entries disappear. */
export async function writeContentDirectory(directory: string, files: ContentFile[]): Promise<void> {
  await rm(join(directory, 'entries'), { recursive: true, force: true });
  for (const file of files) {
    const path = join(directory, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text, 'utf8');
  }
}
