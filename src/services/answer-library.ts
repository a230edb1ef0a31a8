import {
  type Category,
  type Entry,
  type EntryStatus,
  findNestingProblem,
  listLinkKeys,
  type Site,
  slugify,
  type Tag,
} from '../domain/content.js';
import { ENTRY_LIMITS, isControlId, TAXONOMY_LIMITS } from '../domain/entry-rules.js';
import { AppError, type InputProblem } from '../domain/errors.js';
import { readShortAnswer, type ShortAnswer } from '../domain/short-answer.js';
import { columnLetter, type GridRow, type SheetGrid } from '../questionnaire/grid.js';
import type { ExistingContent, LibraryEntryUpdate, LibraryPlan } from '../storage/content.repository.js';

// "Response" is the answer column of a library that has no other; beside an "Answer" column it is the short answer
// ("Response (Yes/No/N/A)" next to the explanation), as questionnaires lay them out.
const RESPONSE_HEADER = 'response';

/** The columns an answer library may have; question and answer are required. */
export type LibraryColumn = 'question' | 'answer' | 'category' | 'tags' | 'controls' | 'shortAnswer';

const LIBRARY_COLUMNS: readonly LibraryColumn[] = ['question', 'answer', 'category', 'tags', 'controls', 'shortAnswer'];

// Header texts per column, compared after normalizeHeader (English and Swedish).
const HEADER_NAMES: Record<LibraryColumn, readonly string[]> = {
  question: ['question', 'questions', 'fråga', 'frågor', 'frågan'],
  answer: ['answer', 'answers', 'svar', 'svaret', RESPONSE_HEADER],
  category: ['category', 'categories', 'kategori', 'kategorier'],
  tags: ['tags', 'tag', 'taggar', 'tagg'],
  controls: ['controls', 'control', 'kontroller', 'kontroll', 'annex a', 'annex a controls', 'iso 27001 controls'],
  shortAnswer: [
    'short answer',
    'short answers',
    'yes/no',
    'yes / no',
    'y/n',
    'yes/no/n/a',
    'kort svar',
    'ja/nej',
    'ja / nej',
  ],
};

const REQUIRED_COLUMNS: readonly LibraryColumn[] = ['question', 'answer'];
// A title or a note may sit above the header row; look this far down for it.
const HEADER_SCAN_ROWS = 10;

/** One question/answer row of a library; `undefined` lists mean the file has no such column. */
export interface LibraryRow {
  /** 1-based row number as a spreadsheet shows it. */
  row: number;
  question: string;
  /** Markdown, as written. */
  answer: string;
  category: string | undefined;
  tags: string[] | undefined;
  controls: string[] | undefined;
  /** Undefined: the file has no short-answer column; null: the row's cell is empty. */
  shortAnswer: ShortAnswer | null | undefined;
}

/** Result of reading a library: its rows when every row is valid, else every problem. */
export type LibraryParseResult =
  | { ok: true; sheet: string; rows: LibraryRow[] }
  | { ok: false; sheet: string | undefined; problems: InputProblem[] };

/**
 * Picks the sheet (the named one, else the first visible sheet with question and answer columns) and
 * validates every row against the content rules, collecting all problems as `file:row column`.
 */
export function parseAnswerLibrary(grids: SheetGrid[], source: string, sheetName?: string): LibraryParseResult {
  const chosen = chooseSheet(grids, source, sheetName);
  if (!chosen.ok) return { ok: false, sheet: undefined, problems: [chosen.problem] };
  const { grid, header, columns } = chosen;
  const problems: InputProblem[] = [];
  const rows: LibraryRow[] = [];
  // The same question may stand under several categories (a CAIQ asks about reviewing policies in each domain).
  const firstRowByQuestion = new Map<string, number>();
  for (const gridRow of grid.rows) {
    if (gridRow.row <= header.row) continue;
    const row = parseRow(gridRow, columns, source, problems);
    if (row === undefined) continue;
    const key = toQuestionInCategoryKey(row.question, row.category);
    const firstRow = firstRowByQuestion.get(key);
    if (firstRow !== undefined) {
      const where = row.category === undefined ? 'without a category' : `in the category "${row.category}"`;
      problems.push({
        source,
        line: row.row,
        field: 'question',
        message: `repeats the question of row ${firstRow} ${where}; a question may appear once per category`,
      });
      continue;
    }
    firstRowByQuestion.set(key, row.row);
    rows.push(row);
  }
  if (rows.length === 0 && problems.length === 0) {
    problems.push({
      source,
      line: header.row,
      message: 'there are no rows with a question and an answer below the header',
    });
  }
  return problems.length > 0 ? { ok: false, sheet: grid.name, problems } : { ok: true, sheet: grid.name, rows };
}

/** The key under which two questions count as the same: case and spacing do not matter. */
export function toQuestionKey(question: string): string {
  return question.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The key of a question in a category (named as a row names it: by name or slug, case aside). */
function toQuestionInCategoryKey(question: string, category: string | undefined): string {
  return `${slugify(category ?? '')}\u0000${toQuestionKey(question)}`;
}

type ColumnMap = Partial<Record<LibraryColumn, number>>;

type SheetChoice =
  | { ok: true; grid: SheetGrid; header: GridRow; columns: ColumnMap }
  | { ok: false; problem: InputProblem };

function chooseSheet(grids: SheetGrid[], source: string, sheetName: string | undefined): SheetChoice {
  if (sheetName !== undefined) {
    const grid =
      grids.find((candidate) => candidate.name === sheetName) ??
      grids.find((candidate) => candidate.name.toLowerCase() === sheetName.toLowerCase());
    if (grid === undefined) {
      const names = grids.map((candidate) => `"${candidate.name}"`).join(', ');
      return { ok: false, problem: { source, message: `sheet "${sheetName}" not found; sheets: ${names}` } };
    }
    return findHeader(grid, source, grids.length > 1);
  }
  const ordered = [...grids.filter((grid) => !grid.isHidden), ...grids.filter((grid) => grid.isHidden)];
  for (const grid of ordered) {
    const choice = findHeader(grid, source, grids.length > 1);
    if (choice.ok && !grid.isHidden) return choice;
  }
  // No visible sheet qualifies: report on the first sheet, which is the one a person looks at.
  const first = ordered[0];
  if (first === undefined) return { ok: false, problem: { source, message: 'the file has no sheets' } };
  return findHeader(first, source, grids.length > 1);
}

function findHeader(grid: SheetGrid, source: string, isNamed: boolean): SheetChoice {
  const scanned = grid.rows.slice(0, HEADER_SCAN_ROWS);
  const where = isNamed ? ` on sheet "${grid.name}"` : '';
  for (const row of scanned) {
    const columns: ColumnMap = {};
    const duplicates: string[] = [];
    const hasOtherAnswer = row.cells.some(
      (cell) => toColumnRole(cell.text) === 'answer' && normalizeHeader(cell.text) !== RESPONSE_HEADER,
    );
    for (const cell of row.cells) {
      const named = toColumnRole(cell.text);
      const role =
        named === 'answer' && hasOtherAnswer && normalizeHeader(cell.text) === RESPONSE_HEADER ? 'shortAnswer' : named;
      if (role === undefined) continue;
      if (columns[role] !== undefined) duplicates.push(`"${cell.text}" (column ${columnLetter(cell.column)})`);
      else columns[role] = cell.column;
    }
    if (REQUIRED_COLUMNS.every((role) => columns[role] !== undefined)) {
      if (duplicates.length > 0) {
        return {
          ok: false,
          problem: {
            source,
            line: row.row,
            message: `the header row names a column twice${where}: ${duplicates.join(', ')}`,
          },
        };
      }
      return { ok: true, grid, header: row, columns };
    }
  }
  const first = scanned[0];
  if (first === undefined) return { ok: false, problem: { source, message: `the file is empty${where}` } };
  const seen = first.cells.map((cell) => `${columnLetter(cell.column)} "${truncate(cell.text, 30)}"`).join(', ');
  return {
    ok: false,
    problem: {
      source,
      line: first.row,
      message: `no header row with a "question" and an "answer" column${where}; columns seen: ${seen}`,
    },
  };
}

/** Which library column a header text names, if any ("Question", " Tags ", "Controls (Annex A)", "Fråga:"). */
export function toColumnRole(header: string): LibraryColumn | undefined {
  const normalized = normalizeHeader(header);
  return LIBRARY_COLUMNS.find((role) => HEADER_NAMES[role].includes(normalized));
}

function normalizeHeader(header: string): string {
  const lowered = header.toLowerCase().replace(/[_\s]+/g, ' ');
  // "Yes/No (Y/N)" names the column by its bracket; "Controls (Annex A)" by what stands before it.
  const withoutBrackets = lowered
    .replace(/\(.*\)/g, '')
    .replace(/[:*]+/g, '')
    .trim();
  return withoutBrackets === '' ? lowered.replace(/[():*]+/g, '').trim() : withoutBrackets;
}

function parseRow(row: GridRow, columns: ColumnMap, source: string, problems: InputProblem[]): LibraryRow | undefined {
  const read = (role: LibraryColumn): string | undefined => {
    const column = columns[role];
    if (column === undefined) return undefined;
    return row.cells.find((cell) => cell.column === column)?.text ?? '';
  };
  const question = (read('question') ?? '').replace(/\s+/g, ' ').trim();
  const answer = read('answer') ?? '';
  const category = read('category')?.replace(/\s+/g, ' ').trim();
  const tagsText = read('tags');
  const controlsText = read('controls');
  const shortAnswerText = read('shortAnswer')?.trim();
  // A row with text only in other columns (notes, ids) is not a library row.
  if (
    [question, answer, category, tagsText, controlsText, shortAnswerText].every(
      (value) => value === undefined || value === '',
    )
  ) {
    return undefined;
  }
  const before = problems.length;
  const report = (field: LibraryColumn, message: string) =>
    problems.push({ source, line: row.row, field: field === 'shortAnswer' ? 'short answer' : field, message });

  if (question === '') report('question', 'is empty; every row needs a question');
  else if (question.length > ENTRY_LIMITS.question)
    report('question', `is ${question.length} characters; at most ${ENTRY_LIMITS.question} are allowed`);
  if (answer === '') report('answer', 'is empty; every row needs an answer');
  else if (answer.length > ENTRY_LIMITS.answer)
    report('answer', `is ${answer.length} characters; at most ${ENTRY_LIMITS.answer} are allowed`);
  else {
    const nesting = findNestingProblem(answer);
    if (nesting) report('answer', nesting);
  }
  if (category !== undefined && category !== '') {
    if (category.length > TAXONOMY_LIMITS.categoryName)
      report('category', `is ${category.length} characters; at most ${TAXONOMY_LIMITS.categoryName} are allowed`);
    else if (slugify(category) === '') report('category', `"${category}" has no letters or digits to name it by`);
  }
  const tags = tagsText === undefined ? undefined : splitList(tagsText);
  if (tags !== undefined) {
    if (tags.length > ENTRY_LIMITS.tags)
      report('tags', `has ${tags.length} tags; at most ${ENTRY_LIMITS.tags} are allowed`);
    for (const tag of tags) {
      if (tag.length > TAXONOMY_LIMITS.tagName)
        report('tags', `"${truncate(tag, 30)}" is longer than ${TAXONOMY_LIMITS.tagName} characters`);
      else if (slugify(tag) === '') report('tags', `"${tag}" has no letters or digits to name it by`);
    }
  }
  const controls = controlsText === undefined ? undefined : splitList(controlsText, /[;,\s]+/).map(toControlId);
  if (controls !== undefined) {
    if (controls.length > ENTRY_LIMITS.controls)
      report('controls', `has ${controls.length} controls; at most ${ENTRY_LIMITS.controls} are allowed`);
    for (const control of controls) {
      if (!isControlId(control))
        report(
          'controls',
          `"${truncate(control, 30)}" is not an ISO/IEC 27001:2022 Annex A control (ids look like A.8.24)`,
        );
    }
  }
  // An empty cell means no short answer; a word none of the languages has is refused rather than dropped.
  const shortAnswer = shortAnswerText === undefined ? undefined : readShortAnswer(shortAnswerText);
  if (shortAnswerText !== undefined && shortAnswerText !== '' && shortAnswer === null) {
    report(
      'shortAnswer',
      `"${truncate(shortAnswerText, 30)}" is not a short answer; write Yes, No, Partially or Not applicable (or Ja, Nej, Delvis, Ej tillämpligt), or leave it empty`,
    );
  }
  if (problems.length > before) return undefined;
  return {
    row: row.row,
    shortAnswer,
    question,
    answer,
    category: category === '' ? undefined : category,
    tags: tags === undefined ? undefined : uniqueBySlug(tags),
    controls: controls === undefined ? undefined : [...new Set(controls)],
  };
}

/** Splits a cell such as `GDPR; NIS2` or `A.8.24, A.5.15` into trimmed, non-empty items. */
function splitList(text: string, separator: RegExp = /[;,]/): string[] {
  return text
    .split(separator)
    .map((item) => item.replace(/\s+/g, ' ').trim())
    .filter((item) => item !== '');
}

/** `a.8.24` is how people type `A.8.24`. */
function toControlId(control: string): string {
  return control.toUpperCase();
}

function uniqueBySlug(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = slugify(name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** How the rows of a library land in the content. */
export interface LibraryImportSettings {
  /** The library's file name, where a refused row's problem says it is. */
  source: string;
  /** Owner of new entries, and of updated ones when `isOwnerGiven`. */
  owner: string;
  isOwnerGiven: boolean;
  status: EntryStatus;
  /** Remove every existing entry first. */
  replace: boolean;
  /** YYYY-MM-DD, recorded as the last review. */
  today: string;
  /** ISO timestamp of the import. */
  now: string;
}

/** The site a database gets when a library is its first content; staff replace these words in the admin. */
export const DEFAULT_SITE: Site = {
  name: 'Trust center',
  tagline: 'Answers about our security, privacy and compliance.',
  intro: 'Search or browse the answers below. If a question is missing, contact us.',
  contactEmail: 'security@example.com',
  securityContact: 'mailto:security@example.com',
  securityPolicyLink: null,
  preferredLanguages: ['en'],
  accentColor: '#0f5c5a',
  sla: {
    title: 'Service delivery',
    summary: 'Service levels are agreed in each customer contract.',
    availability: 'See contract',
    link: null,
    responseTimes: [],
  },
};

/** The category of rows that name none. */
export const DEFAULT_CATEGORY_NAME = 'General';
const DEFAULT_REVIEW_INTERVAL_DAYS = 365;

/**
 * Decides how library rows merge into existing content: a row whose question matches an entry's (case and
 * spacing aside) in the same category updates it, any other row becomes a new entry; unknown categories and tags
 * are created.
 */
export function planLibraryImport(
  rows: LibraryRow[],
  existing: ExistingContent,
  settings: LibraryImportSettings,
): LibraryPlan {
  if (settings.owner.length > ENTRY_LIMITS.owner) {
    const message = `The owner is ${settings.owner.length} characters; at most ${ENTRY_LIMITS.owner} are allowed`;
    throw new AppError('invalid_input', message, [{ source: 'options', field: 'owner', message }]);
  }
  // A link the site does not define would be a dead link, and the export would fail to import again.
  const linkProblems = rows.flatMap((row) =>
    listLinkKeys(row.answer)
      .filter((key) => !existing.linkKeys.includes(key))
      .map((key) => ({
        source: settings.source,
        line: row.row,
        field: 'answer',
        message: `unknown link key "link:${key}" (not among the site's links)`,
      })),
  );
  if (linkProblems.length > 0) {
    throw new AppError('invalid_input', 'Some answers link to keys the site does not define', linkProblems);
  }
  const categories = new Lookup(existing.categories);
  const tags = new Lookup(existing.tags);
  const newCategories: Category[] = [];
  const newTags: Tag[] = [];
  let nextCategoryOrder = Math.max(0, ...existing.categories.map((category) => category.order)) + 1;

  const resolveCategory = (name: string): string => {
    const found = categories.find(name);
    if (found !== undefined) return found.slug;
    const category: Category = {
      slug: categories.claimSlug(name),
      name,
      description: name,
      order: nextCategoryOrder,
      reviewIntervalDays: DEFAULT_REVIEW_INTERVAL_DAYS,
    };
    nextCategoryOrder += 1;
    categories.add(category);
    newCategories.push(category);
    return category.slug;
  };
  const resolveTag = (name: string): string => {
    const found = tags.find(name);
    if (found !== undefined) return found.slug;
    const tag: Tag = { slug: tags.claimSlug(name), name };
    tags.add(tag);
    newTags.push(tag);
    return tag.slug;
  };

  // With `replace`, entries matching a row are still updated in place (keeping their slug and history).
  const keptEntries = existing.entries;
  const entriesByQuestion = new Map<string, (typeof keptEntries)[number][]>();
  for (const entry of keptEntries) {
    const key = toQuestionKey(entry.question);
    entriesByQuestion.set(key, [...(entriesByQuestion.get(key) ?? []), entry]);
  }
  const rowsPerQuestion = new Map<string, number>();
  for (const row of rows) {
    const key = toQuestionKey(row.question);
    rowsPerQuestion.set(key, (rowsPerQuestion.get(key) ?? 0) + 1);
  }
  const matchedSlugs = new Set<string>();
  // The entry a row updates: the one with its question in its category; a row naming no category, or the only row
  // of a question only one entry asks, takes that entry wherever it stands (so a library can move it).
  const findMatch = (question: string, category: string | undefined) => {
    const key = toQuestionKey(question);
    const candidates = (entriesByQuestion.get(key) ?? []).filter((entry) => !matchedSlugs.has(entry.slug));
    const inCategory = candidates.find((entry) => entry.category === category);
    if (inCategory !== undefined || category === undefined) return inCategory ?? candidates[0];
    const isOnlyOne = rowsPerQuestion.get(key) === 1 && entriesByQuestion.get(key)?.length === 1;
    return isOnlyOne ? candidates[0] : undefined;
  };
  const takenSlugs = new Set(keptEntries.map((entry) => entry.slug));
  const nextOrder = new Map<string, number>();
  for (const entry of keptEntries)
    nextOrder.set(entry.category, Math.max(nextOrder.get(entry.category) ?? 1, entry.order + 1));

  const updates: LibraryEntryUpdate[] = [];
  const unchangedSlugs: string[] = [];
  const inserts: Entry[] = [];
  for (const row of rows) {
    const category = row.category === undefined ? undefined : resolveCategory(row.category);
    const tagSlugs = row.tags?.map(resolveTag);
    const match = findMatch(row.question, category);
    if (match !== undefined) {
      matchedSlugs.add(match.slug);
      const update: LibraryEntryUpdate = {
        slug: match.slug,
        question: row.question,
        answer: row.answer,
        category,
        tags: tagSlugs,
        controls: row.controls,
        shortAnswer: row.shortAnswer,
        status: settings.status,
        owner: settings.isOwnerGiven ? settings.owner : undefined,
        lastReviewed: settings.today,
        updatedAt: settings.now,
      };
      // A row that repeats what is stored is left alone, so importing the same file again adds no versions.
      if (isUnchanged(match, update)) unchangedSlugs.push(match.slug);
      else updates.push(update);
      continue;
    }
    const categorySlug = category ?? resolveCategory(DEFAULT_CATEGORY_NAME);
    const order = nextOrder.get(categorySlug) ?? 1;
    nextOrder.set(categorySlug, order + 1);
    const slug = claimUniqueSlug(row.question, 'entry', takenSlugs);
    inserts.push({
      slug,
      question: row.question,
      answer: row.answer,
      category: categorySlug,
      tags: tagSlugs ?? [],
      status: settings.status,
      owner: settings.owner,
      order,
      lastReviewed: settings.today,
      reviewIntervalDays: null,
      alternativePhrasings: [],
      controls: row.controls ?? [],
      shortAnswer: row.shortAnswer ?? null,
      questionnaireWording: null,
      createdAt: settings.now,
      updatedAt: settings.now,
    });
  }
  const updated = new Set([...updates.map((update) => update.slug), ...unchangedSlugs]);
  return {
    site: existing.hasSite ? undefined : DEFAULT_SITE,
    deleteSlugs: settings.replace
      ? keptEntries.filter((entry) => !updated.has(entry.slug)).map((entry) => entry.slug)
      : [],
    newCategories,
    newTags,
    updates,
    unchangedSlugs,
    inserts,
  };
}

/** Whether applying `update` would leave the entry's content, status and owner as they are. */
function isUnchanged(entry: ExistingContent['entries'][number], update: LibraryEntryUpdate): boolean {
  return (
    update.question === entry.question &&
    update.answer === entry.answer &&
    (update.category ?? entry.category) === entry.category &&
    isSameList(update.tags ?? entry.tags, entry.tags) &&
    isSameList(update.controls ?? entry.controls, entry.controls) &&
    (update.shortAnswer === undefined ? entry.shortAnswer : update.shortAnswer) === entry.shortAnswer &&
    update.status === entry.status &&
    (update.owner ?? entry.owner) === entry.owner
  );
}

function isSameList(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((item, index) => item === right[index]);
}

/** Categories or tags found by slug or name (case aside), or by the slug their name would get. */
class Lookup<T extends { slug: string; name: string }> {
  private readonly byKey = new Map<string, T>();
  private readonly slugs = new Set<string>();

  constructor(items: readonly T[]) {
    for (const item of items) this.add(item);
  }

  add(item: T): void {
    this.slugs.add(item.slug);
    for (const key of [item.slug, item.name.toLowerCase().replace(/\s+/g, ' ').trim(), slugify(item.name)]) {
      if (!this.byKey.has(key)) this.byKey.set(key, item);
    }
  }

  find(text: string): T | undefined {
    const name = text.toLowerCase().replace(/\s+/g, ' ').trim();
    return this.byKey.get(name) ?? this.byKey.get(slugify(text));
  }

  claimSlug(name: string): string {
    return claimUniqueSlug(name, 'item', this.slugs);
  }
}

/** A slug from `text` not yet in `taken` (adding -2, -3 … when it is), recorded as taken. */
function claimUniqueSlug(text: string, fallback: string, taken: Set<string>): string {
  const base = slugify(text) || fallback;
  let candidate = base;
  for (let suffix = 2; taken.has(candidate); suffix += 1) {
    const ending = `-${suffix}`;
    candidate = `${base.slice(0, ENTRY_LIMITS.slug - ending.length).replace(/-+$/, '')}${ending}`;
  }
  taken.add(candidate);
  return candidate;
}
