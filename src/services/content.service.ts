import type { ContentSet } from '../domain/content.js';
import { AppError } from '../domain/errors.js';
import type { ContentRepository } from '../storage/content.repository.js';
import { readContentDirectory, writeContentDirectory } from './content-directory.js';
import { parseContentFiles, serializeContent } from './content-format.js';

/** Summary of an import, for the CLI and the log. */
export interface ImportSummary {
  entries: number;
  categories: number;
  tags: number;
  certifications: number;
  revision: number;
}

/** Imports and exports the content folder; the only writer of whole content sets. */
export class ContentService {
  constructor(
    private readonly repository: ContentRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Validates every file of a folder and, only if all are valid, replaces the content atomically. */
  async importDirectory(directory: string): Promise<ImportSummary> {
    const files = await readContentDirectory(directory);
    const parsed = parseContentFiles(files);
    if (!parsed.ok) {
      throw new AppError(
        'invalid_input',
        `${parsed.problems.length} problem(s) in ${directory}; nothing was imported`,
        parsed.problems,
      );
    }
    return this.replaceContent(parsed.content);
  }

  /** Replaces all content in one transaction. */
  async replaceContent(content: ContentSet): Promise<ImportSummary> {
    const revision = await this.repository.replaceAll(content, this.now().toISOString());
    return {
      entries: content.entries.length,
      categories: content.categories.length,
      tags: content.tags.length,
      certifications: content.certifications.length,
      revision,
    };
  }

  /** Writes the stored content as a content folder in canonical form. */
  async exportDirectory(directory: string): Promise<number> {
    const content = await this.getContent();
    const files = serializeContent(content);
    await writeContentDirectory(directory, files);
    return files.length;
  }

  /** Loads all stored content; not_found on a database without content. */
  async getContent(): Promise<ContentSet> {
    const content = await this.repository.loadAll();
    if (!content) throw new AppError('not_found', 'The database holds no content yet; run tillit import <dir>');
    return content;
  }

  /** Whether content has been loaded into this database. */
  hasContent(): Promise<boolean> {
    return this.repository.hasContent();
  }

  /** The content revision, which changes on every write from any process. */
  getRevision(): Promise<number> {
    return this.repository.getRevision();
  }
}
