import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Container } from '../container.js';
import { ENTRY_LIMITS } from '../domain/entry-rules.js';
import { AppError } from '../domain/errors.js';
import type { LibraryImportSummary } from '../services/content.service.js';
import { migrateToLatest } from '../storage/database.js';
import type { CommandOutput } from './main.js';

const USAGE =
  'Usage: tillit import <dir>  or  tillit import <file.csv|file.xlsx> [--sheet NAME] [--owner OWNER] [--status published|draft] [--replace]';

const libraryOptionsSchema = z.object({
  sheet: z.string().trim().min(1, 'must not be empty').optional(),
  owner: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(ENTRY_LIMITS.owner, `must be at most ${ENTRY_LIMITS.owner} characters`)
    .optional(),
  status: z.enum(['published', 'draft'], { error: 'must be published or draft' }).default('published'),
  replace: z.boolean().default(false),
});

/**
 * `tillit import <dir>` validates a content folder and replaces the content in one transaction;
 * `tillit import <file.csv|file.xlsx>` merges an answer library into it (or replaces the entries with `--replace`).
 */
export async function runImport(container: Container, args: string[], output: CommandOutput): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      sheet: { type: 'string' },
      owner: { type: 'string' },
      status: { type: 'string' },
      replace: { type: 'boolean' },
    },
  });
  const [path] = positionals;
  if (!path || positionals.length > 1) throw new AppError('invalid_input', USAGE);
  const isDirectory = (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
  const hasLibraryOptions = Object.values(values).some((value) => value !== undefined);
  if (isDirectory) {
    if (hasLibraryOptions) {
      throw new AppError(
        'invalid_input',
        `--sheet, --owner, --status and --replace apply to a .csv or .xlsx file. ${USAGE}`,
      );
    }
    await migrateToLatest(container.database);
    const summary = await container.content.importDirectory(path);
    output.out(
      `Imported ${summary.entries} entries, ${summary.categories} categories, ${summary.tags} tags and ${summary.certifications} certifications from ${path} (revision ${summary.revision}).`,
    );
    const { added, newVersions, updated, isNdaPublished } = summary.documents;
    if (added + newVersions + updated > 0) {
      output.out(`Documents: ${added} added, ${newVersions} with a new current file, ${updated} with changed details.`);
    }
    if (isNdaPublished) output.out('Published the NDA of nda.md as its current version.');
    if (summary.subprocessors !== null) output.out(`Subprocessors: ${summary.subprocessors} from subprocessors.yaml.`);
    if (summary.updates !== null) output.out(`Updates: ${summary.updates} from updates/.`);
    return;
  }
  if (!/\.(csv|xlsx)$/i.test(path)) {
    // Keep the folder message for a missing folder; a file with another ending gets its own.
    const exists = (await stat(path).catch(() => undefined)) !== undefined;
    throw new AppError(
      exists ? 'invalid_input' : 'not_found',
      exists
        ? `${path} is neither a content folder nor a .csv or .xlsx answer library`
        : `Content folder or file ${path} does not exist or cannot be read`,
    );
  }
  const parsed = libraryOptionsSchema.safeParse(values);
  if (!parsed.success) {
    throw new AppError(
      'invalid_input',
      `Invalid arguments. ${USAGE}`,
      parsed.error.issues.map((issue) => ({
        source: 'arguments',
        field: `--${issue.path.join('.')}`,
        message: issue.message,
      })),
    );
  }
  await migrateToLatest(container.database);
  const summary = await container.content.importLibrary(path, parsed.data);
  for (const line of describeSummary(summary)) output.out(line);
}

/** The lines printed after a library import. */
function describeSummary(summary: LibraryImportSummary): string[] {
  const from = summary.sheet === summary.file ? summary.file : `${summary.file} (sheet "${summary.sheet}")`;
  const lines = [
    `Imported the answer library ${from}: added ${summary.added}, updated ${summary.updated} entries${summary.unchanged > 0 ? `, ${summary.unchanged} unchanged` : ''}${summary.removed > 0 ? `, removed ${summary.removed} existing entries` : ''} (revision ${summary.revision}).`,
  ];
  if (summary.createdCategories.length > 0) {
    lines.push(`Created ${summary.createdCategories.length} categories: ${summary.createdCategories.join(', ')}.`);
  }
  if (summary.createdTags.length > 0) {
    lines.push(`Created ${summary.createdTags.length} tags: ${summary.createdTags.join(', ')}.`);
  }
  if (summary.createdSite) {
    lines.push('Created default site settings (name "Trust center"); change them in the admin under Site.');
  }
  return lines;
}
