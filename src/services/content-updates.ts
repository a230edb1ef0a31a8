/**
 * The posted updates of a content folder: `updates/<slug>.md`, each with YAML front matter (title, date, category,
 * status, and published_at once published) and the Markdown text, and its Swedish, when there is one, in
 * `translations/sv/updates/<slug>.md` (front matter `title`, then the Swedish text). Import checks every file with
 * the staff form's rules (domain/update.ts) and reports each problem at its file and line; export writes the same
 * canonical form back, so that a folder round-trips byte for byte. A folder without `updates/` leaves the stored
 * updates as they are.
 */
import { Document } from 'yaml';
import { z } from 'zod';
import { SLUG_PATTERN } from '../domain/entry-rules.js';
import type { InputProblem } from '../domain/errors.js';
import {
  findUpdateProblems,
  isUpdateCategory,
  UPDATE_LIMITS,
  UPDATE_STATUSES,
  type UpdateContent,
} from '../domain/update.js';
import {
  CONTENT_FILES,
  type ContentFile,
  parseYamlWithLines,
  pointAtUnknownKey,
  splitMarkdownFile,
} from './content-format.js';
import { TRANSLATION_FILES, translationPath } from './content-translations.js';

// Updates have one Swedish column pair in the database; other languages would need their own.
const LANGUAGE = 'sv';

const text = z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') });
const frontMatterSchema = z.strictObject({
  title: text,
  date: text,
  category: text,
  status: z.enum(UPDATE_STATUSES, { error: `must be one of ${UPDATE_STATUSES.join(', ')}` }),
  published_at: z.iso.datetime({ message: 'must be a timestamp such as 2026-01-31T09:00:00Z' }).optional(),
});
const translationSchema = z.strictObject({ title: text });

/** A Markdown file read: its front matter, the line of each of its values, and its text below (trimmed). */
interface ReadFile<T> {
  data: T;
  lineOf: (path: (string | number)[]) => number;
  body: string;
  bodyLine: number;
}

/** Whether a content path lies in the updates folder. */
function isUpdatePath(path: string): boolean {
  return path.startsWith(`${CONTENT_FILES.updatesFolder}/`);
}

/** The slug a file in `folder` names (`<folder>/<slug>.md`), or a problem with its name. */
function readSlug(file: ContentFile, folder: string, problems: InputProblem[]): string | undefined {
  const name = file.path.slice(folder.length);
  if (!name.endsWith('.md')) {
    problems.push({ source: file.path, message: 'update files must end in .md' });
    return undefined;
  }
  const slug = name.slice(0, -'.md'.length);
  if (!SLUG_PATTERN.test(slug) || slug.length > UPDATE_LIMITS.slug) {
    problems.push({
      source: file.path,
      field: 'file name',
      message: `the slug "${slug}" must be lowercase letters, digits and single hyphens, at most ${UPDATE_LIMITS.slug} characters`,
    });
    return undefined;
  }
  return slug;
}

/** Reads a Markdown file with front matter, reporting a problem at its line for anything wrong in the shape. */
function readMarkdown<T>(file: ContentFile, schema: z.ZodType<T>, problems: InputProblem[]): ReadFile<T> | undefined {
  const parts = splitMarkdownFile(file, problems);
  if (!parts) return undefined;
  const found: InputProblem[] = [];
  const parsed = parseYamlWithLines(parts.frontMatter, file.path, 1, schema, found);
  problems.push(...found.map((problem) => pointAtUnknownKey(problem, file.text)));
  if (!parsed) return undefined;
  return { ...parsed, body: parts.body, bodyLine: parts.bodyLine };
}

/** Result of reading the updates: the list (null when the folder has no updates/), or every problem. */
export type ContentUpdatesResult =
  | { ok: true; value: UpdateContent[] | null }
  | { ok: false; problems: InputProblem[] };

/**
 * Parses `updates/` and the Swedish beside it. `hasUpdatesFolder` says whether the folder has `updates/` at all
 * (an empty one means no updates, rather than leaving the stored ones alone).
 */
export function parseContentUpdates(
  files: ContentFile[],
  hasUpdatesFolder = files.some((file) => isUpdatePath(file.path)),
): ContentUpdatesResult {
  const problems: InputProblem[] = [];
  const englishPrefix = `${CONTENT_FILES.updatesFolder}/`;
  const swedishPrefix = translationPath(LANGUAGE, `${TRANSLATION_FILES.updatesFolder}/`);

  // Slug → the English file, read (undefined when it is there but invalid, so its translation waits for it).
  const english = new Map<
    string,
    { file: ContentFile; read: ReadFile<z.infer<typeof frontMatterSchema>> | undefined }
  >();
  for (const file of files.filter((candidate) => isUpdatePath(candidate.path))) {
    const slug = readSlug(file, englishPrefix, problems);
    if (slug === undefined) continue;
    if (english.has(slug)) {
      problems.push({ source: file.path, line: 1, field: 'file name', message: `duplicate slug "${slug}"` });
      continue;
    }
    english.set(slug, { file, read: readMarkdown(file, frontMatterSchema, problems) });
  }

  const swedish = new Map<string, { file: ContentFile; read: ReadFile<z.infer<typeof translationSchema>> }>();
  // A file in a folder below is reported by the translations' own check of the paths it knows.
  const swedishFiles = files.filter(
    (candidate) =>
      candidate.path.startsWith(swedishPrefix) && !candidate.path.slice(swedishPrefix.length).includes('/'),
  );
  for (const file of swedishFiles) {
    const slug = readSlug(file, swedishPrefix, problems);
    if (slug === undefined) continue;
    if (swedish.has(slug)) {
      problems.push({ source: file.path, line: 1, field: 'file name', message: `"${slug}" is translated twice` });
      continue;
    }
    if (!english.has(slug)) {
      problems.push({
        source: file.path,
        line: 1,
        message: `there is no update "${slug}" (no ${englishPrefix}${slug}.md) to translate`,
      });
      continue;
    }
    const read = readMarkdown(file, translationSchema, problems);
    if (read) swedish.set(slug, { file, read });
  }

  const updates: UpdateContent[] = [];
  for (const [slug, { file, read }] of [...english].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!read) continue;
    const translation = swedish.get(slug);
    const { data } = read;
    const input = {
      title: data.title.trim(),
      body: read.body,
      category: data.category.trim(),
      date: data.date.trim(),
      titleSv: translation?.read.data.title.trim() ?? '',
      bodySv: translation?.read.body ?? '',
    };
    const at = {
      title: { source: file.path, line: read.lineOf(['title']), field: 'title' },
      body: { source: file.path, line: read.bodyLine, field: 'body' },
      category: { source: file.path, line: read.lineOf(['category']), field: 'category' },
      date: { source: file.path, line: read.lineOf(['date']), field: 'date' },
      titleSv: translation && {
        source: translation.file.path,
        line: translation.read.lineOf(['title']),
        field: 'title',
      },
      bodySv: translation && { source: translation.file.path, line: translation.read.bodyLine, field: 'body' },
    };
    const found = findUpdateProblems(input);
    // A translation file says there is Swedish: both its title and its text are needed, even when both are empty.
    if (translation && input.titleSv === '' && input.bodySv === '') {
      found.push(
        { source: 'form', field: 'titleSv', message: 'Swedish title is required' },
        { source: 'form', field: 'bodySv', message: 'Swedish text is required' },
      );
    }
    for (const problem of found) {
      const where = at[problem.field as keyof typeof at] ?? { source: file.path, line: 1 };
      problems.push({ ...where, message: problem.message });
    }
    if (data.status === 'published' && data.published_at === undefined) {
      problems.push({
        source: file.path,
        line: read.lineOf(['status']),
        field: 'published_at',
        message: 'a published update needs published_at, when it was first published (such as 2026-01-31T09:00:00Z)',
      });
    }
    if (data.status === 'draft' && data.published_at !== undefined) {
      problems.push({
        source: file.path,
        line: read.lineOf(['published_at']),
        field: 'published_at',
        message: 'a draft has no published_at: remove it, or make the status published',
      });
    }
    if (problems.length > 0 || !isUpdateCategory(input.category)) continue;
    updates.push({
      slug,
      title: input.title,
      body: input.body,
      category: input.category,
      status: data.status,
      date: input.date,
      publishedAt: data.published_at ?? null,
      ...(translation ? { translations: { sv: { title: input.titleSv, body: input.bodySv } } } : {}),
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: hasUpdatesFolder ? updates : null };
}

/** The files of the stored updates, in slug order: each update, then its Swedish when it has one. */
export function serializeUpdates(updates: readonly UpdateContent[]): ContentFile[] {
  const files: ContentFile[] = [];
  for (const update of [...updates].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))) {
    const frontMatter = toYaml({
      title: update.title,
      date: update.date,
      category: update.category,
      status: update.status,
      ...(update.publishedAt === null ? {} : { published_at: update.publishedAt }),
    });
    files.push({
      path: `${CONTENT_FILES.updatesFolder}/${update.slug}.md`,
      text: `---\n${frontMatter}---\n${update.body}\n`,
    });
    const translation = update.translations?.[LANGUAGE];
    if (translation) {
      files.push({
        path: translationPath(LANGUAGE, `${TRANSLATION_FILES.updatesFolder}/${update.slug}.md`),
        text: `---\n${toYaml({ title: translation.title })}---\n${translation.body}\n`,
      });
    }
  }
  return files;
}

/** YAML as the other content files are written: no folding, JSON-style double quotes when needed. */
function toYaml(value: Record<string, unknown>): string {
  return new Document(value).toString({
    lineWidth: 0,
    indentSeq: true,
    flowCollectionPadding: false,
    doubleQuotedAsJSON: true,
  });
}
