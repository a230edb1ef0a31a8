import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../domain/errors.js';
import { CONTENT_FILES, type ContentFile } from './content-format.js';
import { TRANSLATIONS_FOLDER } from './content-translations.js';

/** The folder of document files (beside documents/index.yaml), read as bytes rather than text. */
export const DOCUMENTS_FOLDER = 'documents';

/** A content folder as read: its text files, and the document files (paths relative to the folder, not read). */
export interface ContentFolder {
  files: ContentFile[];
  /** Every other file below documents/, such as `documents/report.pdf`; their bytes are streamed when checked. */
  documentFiles: string[];
}

/** Reads every text file of a content folder (see readContentFolder); document files are left out. */
export async function readContentDirectory(directory: string): Promise<ContentFile[]> {
  return (await readContentFolder(directory)).files;
}

/** Whether a content path is a document file (below documents/ and not its index), whose bytes are not text. */
function isDocumentFile(path: string): boolean {
  return path.startsWith(`${DOCUMENTS_FOLDER}/`) && path !== CONTENT_FILES.documentIndex;
}

/**
 * Reads every regular file below a content folder as UTF-8 text, with paths relative to it, except the document files
 * below documents/, which are only listed. A symbolic link (to a file or a folder, inside or outside) is never
 * followed: the folder is refused, naming each link, so that an import reads exactly the files that are in the
 * folder. Names starting with a dot are skipped.
 */
export async function readContentFolder(directory: string): Promise<ContentFolder> {
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
  const documentFiles: string[] = [];
  for (const relativePath of found.files.sort()) {
    if (isDocumentFile(relativePath)) documentFiles.push(relativePath);
    else files.push({ path: relativePath, text: await readFile(join(directory, ...relativePath.split('/')), 'utf8') });
  }
  return { files, documentFiles };
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

/** A document file to write: its path in the content folder and its bytes, streamed. */
export interface ContentBinaryFile {
  path: string;
  chunks: () => AsyncIterable<Uint8Array>;
}

/**
 * Writes content files into a folder, replacing the entries, documents, updates and translations folders, nda.md
 * and subprocessors.yaml so that removed entries, documents, updates, translations, an NDA and subprocessors
 * disappear. Document
 * bytes are streamed to disk chunk by chunk.
 */
export async function writeContentDirectory(
  directory: string,
  files: ContentFile[],
  binaryFiles: ContentBinaryFile[] = [],
): Promise<void> {
  await rm(join(directory, CONTENT_FILES.entriesFolder), { recursive: true, force: true });
  await rm(join(directory, DOCUMENTS_FOLDER), { recursive: true, force: true });
  await rm(join(directory, CONTENT_FILES.nda), { force: true });
  await rm(join(directory, TRANSLATIONS_FOLDER), { recursive: true, force: true });
  await rm(join(directory, CONTENT_FILES.subprocessors), { force: true });
  await rm(join(directory, CONTENT_FILES.updatesFolder), { recursive: true, force: true });
  for (const file of files) {
    const path = join(directory, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text, 'utf8');
  }
  for (const file of binaryFiles) {
    const path = join(directory, ...file.path.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await pipeline(file.chunks(), createWriteStream(path));
  }
}
