import { createHash } from 'node:crypto';
import type { LibraryImportPreview, StagedLibraryUpload } from '../domain/content.js';
import type {
  LibraryUploadOptions,
  LibraryUploadRecord,
  LibraryUploadRepository,
} from '../storage/library-upload.repository.js';
import type {
  ContentService,
  LibraryFile,
  LibraryImportAuthor,
  LibraryImportOptions,
  LibraryImportSummary,
} from './content.service.js';
import { createRandomToken } from './credentials.js';

/** How long a previewed file is kept for its import. */
export const LIBRARY_UPLOAD_LIFETIME_MS = 60 * 60 * 1000;

/** How many previewed files one staff member keeps at most; staging another deletes the oldest. */
export const LIBRARY_UPLOADS_KEPT_PER_USER = 3;

/** A preview together with the kept file it was made from and the options it used. */
export interface StagedLibraryPreview {
  preview: LibraryImportPreview;
  upload: StagedLibraryUpload;
  options: LibraryImportOptions;
}

/**
 * Why a kept file cannot be used: no upload has that token (never issued, altered, already imported
 * or pushed out by newer previews), it has expired, or another staff member uploaded it.
 */
export type LibraryUploadRefusal = 'unknown' | 'expired' | 'foreign';

/** What previewing a kept file again did. */
export type StagedPreviewOutcome =
  | { outcome: 'previewed'; staged: StagedLibraryPreview }
  | { outcome: 'refused'; reason: LibraryUploadRefusal };

/**
 * What importing a kept file did: imported it, refused (nothing written), or previewed it again
 * (nothing written) because the options sent or the stored content differ from the preview's.
 */
export type StagedImportOutcome =
  | { outcome: 'imported'; summary: LibraryImportSummary }
  | { outcome: 'refused'; reason: LibraryUploadRefusal }
  | { outcome: 'previewed'; reason: 'options_changed' | 'content_changed'; staged: StagedLibraryPreview };

/** The content operations a kept file goes through. */
export type LibraryContent = Pick<ContentService, 'previewLibraryFile' | 'importLibraryFile' | 'getRevision'>;

/** SHA-256 (hex) of an upload token, as stored in library_upload.token_hash. */
function hashUploadToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toStoredOptions(options: LibraryImportOptions): LibraryUploadOptions {
  return {
    sheet: options.sheet ?? null,
    status: options.status,
    owner: options.owner ?? null,
    isReplace: options.replace,
  };
}

function toImportOptions(upload: LibraryUploadOptions): LibraryImportOptions {
  return {
    ...(upload.sheet === null ? {} : { sheet: upload.sheet }),
    ...(upload.owner === null ? {} : { owner: upload.owner }),
    status: upload.status,
    replace: upload.isReplace,
  };
}

function isSameOptions(a: LibraryUploadOptions, b: LibraryUploadOptions): boolean {
  return a.sheet === b.sheet && a.status === b.status && a.owner === b.owner && a.isReplace === b.isReplace;
}

/**
 * Answer-library previews whose file the server keeps (in the database, so any process can import it),
 * and imports of exactly what was previewed: the same bytes, options and stored content.
 */
export class LibraryUploadService {
  constructor(
    private readonly repository: LibraryUploadRepository,
    private readonly content: LibraryContent,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Previews a library file as `previewLibraryFile` does and, when it is readable, keeps it for `userId`. */
  async previewFile(input: LibraryFile, options: LibraryImportOptions, userId: number): Promise<StagedLibraryPreview> {
    // Read before planning: a write in between then makes the import preview again rather than slip through.
    const revision = await this.content.getRevision();
    const preview = await this.content.previewLibraryFile(input, options);
    const token = createRandomToken();
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + LIBRARY_UPLOAD_LIFETIME_MS).toISOString();
    await this.repository.insert(
      {
        tokenHash: hashUploadToken(token),
        userId,
        fileName: input.file,
        bytes: input.bytes,
        ...toStoredOptions(options),
        contentRevision: revision,
        createdAt: createdAt.toISOString(),
        expiresAt,
      },
      LIBRARY_UPLOADS_KEPT_PER_USER,
    );
    return { preview, options, upload: { token, file: input.file, expiresAt } };
  }

  /** Previews a kept file again with (possibly different) options; the import then expects these. */
  async previewStaged(token: string, options: LibraryImportOptions, userId: number): Promise<StagedPreviewOutcome> {
    const found = await this.findUsable(token, userId);
    if (found.outcome === 'refused') return found;
    return { outcome: 'previewed', staged: await this.previewAgain(found.upload, token, options) };
  }

  /**
   * Imports a kept file, then forgets it. Only its uploader can, before it expires, once; `options`
   * must be the ones the preview used and the content unchanged since, else it is previewed again.
   */
  async importStaged(
    token: string,
    options: LibraryImportOptions,
    author: LibraryImportAuthor,
  ): Promise<StagedImportOutcome> {
    const found = await this.findUsable(token, author.userId);
    if (found.outcome === 'refused') return found;
    const { upload } = found;
    if (!isSameOptions(upload, toStoredOptions(options))) {
      return {
        outcome: 'previewed',
        reason: 'options_changed',
        staged: await this.previewAgain(upload, token, options),
      };
    }
    if ((await this.content.getRevision()) !== upload.contentRevision) {
      return {
        outcome: 'previewed',
        reason: 'content_changed',
        staged: await this.previewAgain(upload, token, options),
      };
    }
    // Taken before the import: of two submissions of one token (a double click, two tabs) one imports.
    if (!(await this.repository.delete(upload.id))) return { outcome: 'refused', reason: 'unknown' };
    try {
      const summary = await this.content.importLibraryFile(
        { file: upload.fileName, bytes: upload.bytes },
        toImportOptions(upload),
        author,
      );
      return { outcome: 'imported', summary };
    } catch (error) {
      // The import wrote nothing: keep the file so that it can be tried again without choosing it again.
      await this.repository.restore(upload).catch(() => undefined);
      throw error;
    }
  }

  /** The kept file a token names, when its uploader may still use it; undefined otherwise. */
  async findStaged(token: string, userId: number): Promise<StagedLibraryUpload | undefined> {
    const found = await this.findUsable(token, userId);
    if (found.outcome === 'refused') return undefined;
    return { token, file: found.upload.fileName, expiresAt: found.upload.expiresAt };
  }

  private async findUsable(
    token: string,
    userId: number,
  ): Promise<{ outcome: 'found'; upload: LibraryUploadRecord } | { outcome: 'refused'; reason: LibraryUploadRefusal }> {
    const upload = await this.repository.findByTokenHash(hashUploadToken(token));
    if (!upload) return { outcome: 'refused', reason: 'unknown' };
    if (upload.userId !== userId) return { outcome: 'refused', reason: 'foreign' };
    const now = this.now().toISOString();
    if (upload.expiresAt <= now) {
      await this.repository.deleteExpired(now);
      return { outcome: 'refused', reason: 'expired' };
    }
    return { outcome: 'found', upload };
  }

  private async previewAgain(
    upload: LibraryUploadRecord,
    token: string,
    options: LibraryImportOptions,
  ): Promise<StagedLibraryPreview> {
    const revision = await this.content.getRevision();
    const preview = await this.content.previewLibraryFile({ file: upload.fileName, bytes: upload.bytes }, options);
    await this.repository.updatePreview(upload.id, toStoredOptions(options), revision);
    return { preview, options, upload: { token, file: upload.fileName, expiresAt: upload.expiresAt } };
  }
}
