import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../domain/errors.js';
import type { ContentFile } from './content-format.js';

/**
 * Reads every regular file below a content folder as UTF-8 text, with paths relative to it. A symbolic link (to a
 * file or a folder, inside or outside) is never followed: the folder is refused, naming each link, so that an import
 * reads exactly the files that are in the folder. Names starting with a dot are skipped.
 */
export async function readContentDirectory(directory: string): Promise<ContentFile[]> {
  const found: { files: string[]; refused: string[] } = { files: [], refused: [] };
  try {
    await listRegularFiles(directory, '', found);
  } catch {
    throw new AppError('not_found', `Content folder ${directory} does not exist or cannot be read`);
  }
  if (found.refused.length > 0) {
    throw new AppError(
      'invalid_input',
      `Content folder ${directory} holds ${found.refused.length} symbolic link(s) or special file(s); only regular files are read, so nothing was imported`,
      found.refused.map((path) => ({
        source: path,
        message: 'is a symbolic link or not a regular file; copy the file into the content folder instead',
      })),
    );
  }
  const files: ContentFile[] = [];
  for (const relativePath of found.files.sort()) {
    files.push({ path: relativePath, text: await readFile(join(directory, ...relativePath.split('/')), 'utf8') });
  }
  return files;
}

/** Walks a folder without following links: regular files into `files`, links and other special files into `refused`. */
async function listRegularFiles(
  root: string,
  prefix: string,
  found: { files: string[]; refused: string[] },
): Promise<void> {
  // withFileTypes describes each entry itself (lstat), so a link is seen as a link, not as what it points to.
  const entries = await readdir(prefix === '' ? root : join(root, ...prefix.split('/')), { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) await listRegularFiles(root, path, found);
    else if (entry.isFile()) found.files.push(path);
    else found.refused.push(path);
  }
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
