import type { SheetLayout } from '../domain/questionnaire.js';
import { readShortAnswer } from '../domain/short-answer.js';
import { columnLetter, columnNumber, type GridCell, type GridRow, type SheetGrid } from './grid.js';
import { QuestionnaireError } from './questionnaire-error.js';
import { type CellValidation, indexValidations } from './validation.js';

/**
 * What was found on one sheet (the layout a questionnaire records, plus how many rows hold
 * anything); `questionCount` is what detection finds there even when the sheet is not used.
 */
export interface DetectedSheet extends SheetLayout {
  /** Rows with at least one non-empty cell. */
  rowCount: number;
  /** The cells of the header row (letter and text), so staff can pick a column by its heading. */
  headerCells: HeaderCell[];
}

/** One cell of a header row. */
export interface HeaderCell {
  /** Column letter, e.g. `B`. */
  column: string;
  /** The heading, shortened to MAX_HEADER_TEXT characters. */
  text: string;
}

/** One question found, with where it is. */
export interface QuestionRow {
  sheet: string;
  /** 1-based row number. */
  row: number;
  /** `Sheet name!B12`. */
  reference: string;
  text: string;
  /** Nearest section heading above, or the row's value in a Section/Category column. */
  section?: string;
}

/** Choices the user made instead of detection: columns as a letter (`C`) or header text, and the header row. */
export interface ColumnOverrides {
  column?: string;
  answerColumn?: string;
  /** The column of the short answer (Yes/No), a letter or header text. */
  choiceColumn?: string;
  /** 1-based row holding the column headings; questions are read from the rows below it. */
  headerRow?: number;
}

/** Detection result for one sheet, plus whether it looks like a questionnaire at all. */
export interface SheetDetection {
  sheet: DetectedSheet;
  questions: QuestionRow[];
  isQuestionnaire: boolean;
  /** `A "id", B "question"` — the columns seen, for error messages. */
  columnsSeen: string;
  /** Questions whose cell is a formula reading another sheet, and the sheet most of them read. */
  formulaQuestions: { count: number; sheet: string | undefined };
  /** What was changed on the way, such as a question cut to MAX_QUESTION_TEXT characters, naming sheet and cell. */
  warnings: string[];
}

/** The longest question kept; a longer cell is cut, with a warning, before anything is stored. */
export const MAX_QUESTION_TEXT = 4_000;
/** Warnings kept per sheet; the rest are counted in the last one. */
const MAX_WARNINGS = 20;

const HEADER_SCAN_ROWS = 30;
// A heading is shown in a select; longer text is cut, and a very wide header row is cut to its first columns.
const MAX_HEADER_TEXT = 80;
const MAX_HEADER_CELLS = 200;

// Words that open a question or a request in questionnaires (English and Swedish).
const QUESTION_START =
  /^(do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|shall|may|must|describe|provide|please|how|what|which|who|whom|where|when|why|list|explain|ensure|confirm|indicate|specify|state|detail|outline|identify|attach|upload|share|submit|the (vendor|supplier|provider|organi[sz]ation|company|service|contractor|bidder)|vendor|supplier|har|finns|är|kan|beskriv|ange|hur|vilka|vilken|vilket|används|sker|bifoga|redogör|vad|när|var)\b/i;
// Imperative openings of requirement catalogues (ISO 27001, NIS2, MVSP): statements, not questions.
const REQUIREMENT_START =
  /^(publish|develop|implement|maintain|establish|document|define|use|perform|restrict|limit|encrypt|protect|review|enforce|respond|patch|apply|conduct|monitor|log|keep|support|require|set out|be|take|adopt|assess|identify|manage|test|train|record|retain|store|notify|report|verify|update|assign|inform|disable|prevent|segregate|separate|back ?up|include|consider|designate|approve|lay down|regularly|(the )?relevant entities|entities|all|access|an? |the)\b/i;
const MODAL = /\b(shall|must|should|ska|skall|måste|bör)\b/i;
const INSTRUCTION =
  /^(instructions?|instruktion(er)?|anvisning(ar)?|notes?:|guidance|how to (fill|complete|use)|please (answer|complete|fill|read|respond|return|select|use|note|enter|submit the|do not)|answer (all|each|every|the following)|for each (question|item|row)|fill in)\b/i;
const QUESTION_HEADER =
  /\b(questions?|requirements?|controls?|descriptions?|items?|query|queries|criteria|criterion|statements?|fråga|frågor|frågan|krav|kravtext|beskrivning|kontroll(er)?)\b/i;
// A heading that names the column as the questions outright, so even terse items ("Frequency",
// "Retention period") under it are questions.
const EXPLICIT_QUESTION_HEADER =
  /^(questions?|question text|requirements?|requirement text|fråga|frågor|frågan|krav|kravtext)$/i;
const IDENTIFIER_HEADER =
  /\b(id|ids|ref|reference|no|nr|number|#|code|type|title|name|status|date|choices|source|weight)\b|^#$/i;
const ANSWER_HEADER_EXACT =
  /^((vendor|supplier|your|leverantörens) )?(answers?|responses?|svar|comments?|kommentar(er)?|reply|replies|yes ?\/ ?no|ja ?\/ ?nej)( \(.*\))?$/i;
const ANSWER_HEADER = /\b(answers?|responses?|svar|comments?|kommentar(er)?|reply)\b/i;
// A column for the text of an answer, named by what it holds rather than "Answer".
const FREE_TEXT_HEADER =
  /\b(comments?|evidence|explanations?|justifications?|remarks?|details|notes|additional (information|info)|supporting information|implementation descriptions?|description of (the )?implementation|kommentar(er)?|motivering|förklaring|beskrivning av|övrig information|ytterligare information)\b/i;
// A column for a short answer: "Yes/No", "Response (Y/N)", "Compliant?", "Ja/Nej".
const CHOICE_HEADER =
  /\b(yes|ja)\s*\/\s*(no|nej)\b|(^|[\s(])(y|j)\s*\/\s*n\b|\b(compliant|implemented|in place|uppfyllt|uppfylls)\s*\?/i;
const SECTION_HEADER = /^(section|category|domain|area|topic|chapter|avsnitt|område|kategori)$/i;
const OTHER_HEADER =
  /\b(section|category|domain|area|topic|avsnitt|område|evidence|notes?|owner|priority|risk|guidance)\b/i;

/** Scores how much a cell reads like a question or requirement; 2 or more counts as question-like. */
export function scoreQuestionText(text: string): number {
  const plain = stripNumbering(text);
  if (plain.length < 12 || !/\p{L}{2}/u.test(plain)) return 0;
  if (INSTRUCTION.test(plain)) return 0;
  const words = plain.split(/\s+/).length;
  let score = 0;
  if (/\?\s*(\(.*\))?$/.test(plain) || /\?\s/.test(plain)) score += 3;
  if (QUESTION_START.test(plain)) score += 2;
  else if (words >= 4 && REQUIREMENT_START.test(plain)) score += 1;
  if (MODAL.test(plain)) score += 1;
  if (plain.length >= 40 && words >= 6) score += 1;
  return score;
}

/** Finds the header row, question and answer columns and the questions of one sheet. */
export function detectSheet(grid: SheetGrid, overrides: ColumnOverrides, source: string): SheetDetection {
  const scanned = grid.rows.slice(0, HEADER_SCAN_ROWS);
  const lastRow = grid.rows.at(-1)?.row ?? 0;
  if (overrides.headerRow !== undefined && overrides.headerRow >= lastRow) {
    throw new QuestionnaireError(
      `header row ${overrides.headerRow} leaves no rows below it for questions (the last row with text is ${lastRow})`,
      { source, location: `sheet "${grid.name}"` },
    );
  }
  let header = overrides.headerRow === undefined ? findHeaderRow(scanned) : chosenHeaderRow(grid, overrides.headerRow);
  const columnsSeen = describeColumns(grid, header);

  let questionColumn: number | undefined;
  let isOverridden = false;
  if (overrides.column !== undefined) {
    const resolved = resolveColumn(grid, header, overrides.column, source, 'question column');
    questionColumn = resolved.column;
    // A header row staff chose stays, even when the column's heading text also appears on another row.
    if (overrides.headerRow === undefined) header = resolved.header;
    isOverridden = true;
  }
  const dataRows = grid.rows.filter((row) => header === undefined || row.row > header.row);
  const headerText = (column: number): string => header?.cells.find((cell) => cell.column === column)?.text ?? '';

  let questionLikeCount = 0;
  if (questionColumn === undefined) {
    const best = chooseQuestionColumn(dataRows, headerText);
    if (best !== undefined) {
      questionColumn = best.column;
      questionLikeCount = best.questionLikeCount;
    }
  } else {
    questionLikeCount = dataRows.filter(
      (row) => scoreQuestionText(cellAt(row, questionColumn ?? 0)?.text ?? '') >= 2,
    ).length;
  }

  let answerColumn: number | undefined;
  if (overrides.answerColumn !== undefined) {
    const resolved = resolveColumn(grid, header, overrides.answerColumn, source, 'answer column');
    answerColumn = resolved.column;
  }

  const questions: QuestionRow[] = [];
  const warnings: string[] = [];
  const formulaQuestions: SheetDetection['formulaQuestions'] = { count: 0, sheet: undefined };
  let choice: { column: number; words: string[] | null } | undefined;
  if (questionColumn !== undefined) {
    const column = questionColumn;
    const sectionColumn = header?.cells.find((cell) =>
      SECTION_HEADER.test(cell.text.replace(/_/g, ' ').trim()),
    )?.column;
    let section: string | undefined;
    const formulaSheets = new Map<string, number>();
    for (const row of dataRows) {
      const heading = headingText(row, column);
      if (heading !== undefined) {
        section = heading;
        continue;
      }
      const cell = cellAt(row, column);
      if (cell === undefined || !/\p{L}{2}/u.test(cell.text) || INSTRUCTION.test(cell.text)) continue;
      if (header !== undefined && cell.text === headerText(column)) continue; // a repeated header row
      const rowSection = sectionColumn === undefined ? section : (cellAt(row, sectionColumn)?.text ?? section);
      if (cell.formulaSheet !== undefined) {
        formulaSheets.set(cell.formulaSheet, (formulaSheets.get(cell.formulaSheet) ?? 0) + 1);
      }
      let text = cell.text;
      if (text.length > MAX_QUESTION_TEXT) {
        warnings.push(
          `sheet "${grid.name}" cell ${columnLetter(column)}${row.row}: the text is ${text.length.toLocaleString('en')} characters, longer than a question can be; only its first ${MAX_QUESTION_TEXT.toLocaleString('en')} were kept`,
        );
        text = text.slice(0, MAX_QUESTION_TEXT);
      }
      questions.push({
        sheet: grid.name,
        row: row.row,
        reference: `${grid.name}!${columnLetter(column)}${row.row}`,
        text,
        ...(rowSection === undefined ? {} : { section: rowSection }),
      });
    }
    for (const [sheet, count] of formulaSheets) {
      formulaQuestions.count += count;
      if (count > (formulaSheets.get(formulaQuestions.sheet ?? '') ?? 0)) formulaQuestions.sheet = sheet;
    }
    const rows = questions.map((question) => question.row);
    if (overrides.choiceColumn !== undefined) {
      const resolved = resolveColumn(grid, header, overrides.choiceColumn, source, 'choice column').column;
      const list = listAt(grid.validations, resolved, rows);
      choice = { column: resolved, words: list?.words ?? wordsOfHeading(headerText(resolved)) };
    } else {
      choice = findChoiceColumn(grid, header, column, rows, answerColumn);
    }
    // A cell with a list of its own takes no paragraph: its column is never the free-text column.
    const excluded = new Set<number>([column]);
    if (choice !== undefined) excluded.add(choice.column);
    for (const candidate of header?.cells ?? []) {
      if (listAt(grid.validations, candidate.column, rows) !== undefined) excluded.add(candidate.column);
    }
    answerColumn ??= chooseAnswerColumn(
      dataRows,
      header,
      column,
      questions,
      excluded,
      choice === undefined,
      grid.validations,
    );
  }

  const hasQuestionHeader =
    questionColumn !== undefined && QUESTION_HEADER.test(headerText(questionColumn).replace(/_/g, ' '));
  const isQuestionnaire =
    questionColumn !== undefined &&
    questions.length > 0 &&
    (isOverridden ||
      hasExplicitQuestionHeader(headerText(questionColumn)) ||
      (questionLikeCount >= 1 &&
        (questionLikeCount >= 3 || hasQuestionHeader || questionLikeCount * 2 >= questions.length)));

  return {
    sheet: {
      name: grid.name,
      isHidden: grid.isHidden,
      rowCount: grid.rows.length,
      headerRow: header?.row ?? null,
      questionColumn: questionColumn === undefined ? null : columnLetter(questionColumn),
      answerColumn: answerColumn === undefined ? null : columnLetter(answerColumn),
      choiceColumn: choice === undefined ? null : columnLetter(choice.column),
      choiceWords: choice?.words ?? null,
      skipped: null,
      warnings:
        warnings.length > MAX_WARNINGS
          ? [
              ...warnings.slice(0, MAX_WARNINGS - 1),
              `and ${warnings.length - MAX_WARNINGS + 1} more cells were cut the same way`,
            ]
          : warnings,
      questionCount: questions.length,
      headerCells: (header?.cells ?? []).slice(0, MAX_HEADER_CELLS).map((cell) => ({
        column: columnLetter(cell.column),
        text: cell.text.length > MAX_HEADER_TEXT ? `${cell.text.slice(0, MAX_HEADER_TEXT)}…` : cell.text,
      })),
    },
    questions,
    isQuestionnaire,
    columnsSeen,
    formulaQuestions,
    warnings,
  };
}

/**
 * The list validation that covers most of a column's question rows (at least half), or undefined. A column whose
 * cells carry a list is a choice to make, never a place for text.
 */
function listAt(
  validations: readonly CellValidation[] | undefined,
  column: number,
  rows: readonly number[],
): CellValidation | undefined {
  if (validations === undefined || validations.length === 0 || rows.length === 0) return undefined;
  const validationAt = lookupOf(validations);
  const counts = new Map<CellValidation, number>();
  for (const row of rows) {
    const found = validationAt(row, column);
    if (found !== undefined && found.type === 'list') counts.set(found, (counts.get(found) ?? 0) + 1);
  }
  let best: CellValidation | undefined;
  let bestCount = 0;
  for (const [validation, count] of counts) {
    if (count > bestCount) {
      best = validation;
      bestCount = count;
    }
  }
  return best !== undefined && bestCount * 2 >= rows.length ? best : undefined;
}

const lookups = new WeakMap<readonly CellValidation[], (row: number, column: number) => CellValidation | undefined>();

/** One lookup per sheet's validations, built on first use. */
function lookupOf(validations: readonly CellValidation[]) {
  let lookup = lookups.get(validations);
  if (lookup === undefined) {
    lookup = indexValidations(validations);
    lookups.set(validations, lookup);
  }
  return lookup;
}

/** Whether a list's words are short answers (Yes/No/N/A, Ja/Nej): at least one, and at least half of them. */
function isShortAnswerList(words: readonly string[]): boolean {
  const known = words.filter((word) => readShortAnswer(word) !== null).length;
  return known >= 1 && known * 2 >= words.length;
}

/** The short-answer words a heading names ("Response (Yes/No/N/A)" → Yes, No, N/A); null unless two or more. */
export function wordsOfHeading(text: string): string[] | null {
  // "/" separates words, except inside "N/A" and "E/T".
  const tokens = text.split(/[\s(),;:?]+|\/(?![AaTt]\b)/).filter((token) => token !== '');
  const words: string[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    const value = readShortAnswer(token);
    if (value !== null && !seen.has(value)) {
      seen.add(value);
      words.push(token);
    }
  }
  return words.length >= 2 ? words : null;
}

/**
 * The choice column of a sheet: the column whose question rows carry a list of short answers, or else a column headed
 * like "Yes/No", "Response (Y/N)" or "Compliant?" without a list of another kind.
 */
function findChoiceColumn(
  grid: SheetGrid,
  header: GridRow | undefined,
  questionColumn: number,
  rows: readonly number[],
  answerColumn: number | undefined,
): { column: number; words: string[] | null } | undefined {
  const columns = new Set<number>((header?.cells ?? []).map((cell) => cell.column));
  for (const validation of grid.validations ?? []) {
    for (const range of validation.ranges) {
      for (let column = range.left; column <= Math.min(range.right, range.left + 50); column += 1) columns.add(column);
    }
  }
  const headerTextOf = (column: number) => header?.cells.find((cell) => cell.column === column)?.text ?? '';
  for (const column of [...columns].sort((left, right) => left - right)) {
    if (column === questionColumn || column === answerColumn) continue;
    const list = listAt(grid.validations, column, rows);
    if (list?.words != null && isShortAnswerList(list.words)) return { column, words: list.words };
  }
  for (const column of [...columns].sort((left, right) => left - right)) {
    if (column === questionColumn || column === answerColumn) continue;
    const heading = headerTextOf(column).replace(/_/g, ' ');
    if (CHOICE_HEADER.test(heading) && listAt(grid.validations, column, rows) === undefined) {
      return { column, words: wordsOfHeading(heading) };
    }
  }
  return undefined;
}

/** The row staff named as the header; an empty row is a header without headings. */
function chosenHeaderRow(grid: SheetGrid, row: number): GridRow {
  return grid.rows.find((candidate) => candidate.row === row) ?? { row, cells: [] };
}

function findHeaderRow(rows: GridRow[]): GridRow | undefined {
  let best: GridRow | undefined;
  let bestScore = 0;
  for (const row of rows) {
    let score = 0;
    let keywords = 0;
    let shortTexts = 0;
    for (const cell of row.cells) {
      const text = cell.text.replace(/_/g, ' ').trim();
      // "Compliant?" names a choice column: a heading despite its question mark.
      // ("Is MFA implemented?" is a question, not a heading: only a few words count.)
      if (text.split(/\s+/).length <= 4 && CHOICE_HEADER.test(text)) {
        score += 3;
        keywords += 1;
      } else if (text.length > 60 || text.includes('?') || text.includes('\n')) score -= 3;
      else if (/^[\d.,\s%-]+$/.test(text)) score -= 1;
      else if (
        QUESTION_HEADER.test(text) ||
        ANSWER_HEADER.test(text) ||
        IDENTIFIER_HEADER.test(text) ||
        OTHER_HEADER.test(text)
      ) {
        score += 3;
        keywords += 1;
      } else {
        score += 0.5;
        shortTexts += 1;
      }
    }
    // A lone cell is a title or an instruction, not a row of column headings, unless it names the question column
    // outright ("Question" atop a one-column CSV): read as a heading, it would become every row's section.
    const isLoneQuestionHeading = row.cells.length === 1 && hasExplicitQuestionHeader(row.cells[0]?.text ?? '');
    const isCandidate = isLoneQuestionHeading || (row.cells.length >= 2 && (keywords >= 1 || shortTexts >= 3));
    if (isCandidate && score >= 3 && score > bestScore) {
      best = row;
      bestScore = score;
    }
  }
  return best;
}

function chooseQuestionColumn(
  rows: GridRow[],
  headerText: (column: number) => string,
): { column: number; questionLikeCount: number } | undefined {
  const columns = new Map<number, { total: number; questionLike: number; texts: Set<string>; count: number }>();
  for (const row of rows) {
    for (const cell of row.cells) {
      const score = scoreQuestionText(cell.text);
      const entry = columns.get(cell.column) ?? { total: 0, questionLike: 0, texts: new Set<string>(), count: 0 };
      entry.total += score;
      if (score >= 2) entry.questionLike += 1;
      entry.texts.add(cell.text);
      entry.count += 1;
      columns.set(cell.column, entry);
    }
  }
  let best: { column: number; questionLikeCount: number; value: number } | undefined;
  for (const [column, entry] of columns) {
    if (entry.questionLike === 0) continue;
    // Repeated long texts (a parent clause, a source citation) are context, not the questions.
    const distinct = entry.texts.size / entry.count;
    const header = headerText(column).replace(/_/g, ' ');
    const headerBonus =
      QUESTION_HEADER.test(header) && !IDENTIFIER_HEADER.test(header) ? 1.5 : ANSWER_HEADER.test(header) ? 0.3 : 1;
    const value = entry.total * distinct * distinct * headerBonus;
    if (best === undefined || value > best.value) best = { column, questionLikeCount: entry.questionLike, value };
  }
  if (best !== undefined) return best;
  // No question-like text anywhere: a column headed "Question" still holds the questions.
  for (const column of [...columns.keys()].sort((left, right) => left - right)) {
    if (hasExplicitQuestionHeader(headerText(column))) return { column, questionLikeCount: 0 };
  }
  return undefined;
}

function hasExplicitQuestionHeader(text: string): boolean {
  return EXPLICIT_QUESTION_HEADER.test(text.replace(/_/g, ' ').replace(/\s+/g, ' ').trim());
}

function chooseAnswerColumn(
  rows: GridRow[],
  header: GridRow | undefined,
  questionColumn: number,
  questions: QuestionRow[],
  excluded: ReadonlySet<number>,
  mayUseBlankColumn: boolean,
  validations: readonly CellValidation[] | undefined,
): number | undefined {
  const questionRows = new Set(questions.map((question) => question.row));
  const isEmptyBelow = (column: number): boolean =>
    rows.every((row) => !questionRows.has(row.row) || cellAt(row, column) === undefined);
  const isOpen = (cell: GridCell): boolean => !excluded.has(cell.column);
  const headingOf = (cell: GridCell) => cell.text.replace(/_/g, ' ').trim();
  if (header !== undefined) {
    const exact = header.cells.find((cell) => isOpen(cell) && ANSWER_HEADER_EXACT.test(headingOf(cell)));
    if (exact !== undefined) return exact.column;
    const freeText = header.cells.find((cell) => isOpen(cell) && FREE_TEXT_HEADER.test(headingOf(cell)));
    if (freeText !== undefined) return freeText.column;
    const loose = header.cells.find(
      (cell) =>
        isOpen(cell) &&
        cell.column > questionColumn &&
        ANSWER_HEADER.test(headingOf(cell)) &&
        isEmptyBelow(cell.column),
    );
    if (loose !== undefined) return loose.column;
  }
  // Beside a choice column, a blank column is nobody's answer column: the text is left out and the export says so.
  if (!mayUseBlankColumn) return undefined;
  const firstRow = questions[0]?.row ?? 1;
  for (let column = questionColumn + 1; column <= questionColumn + 200; column += 1) {
    if (excluded.has(column)) continue;
    const hasHeading = header?.cells.some((cell) => cell.column === column) ?? false;
    const isValidated = validations !== undefined && lookupOf(validations)(firstRow, column) !== undefined;
    if (!hasHeading && !isValidated && isEmptyBelow(column)) return column;
  }
  return undefined;
}

/** The heading text when the row is a section heading rather than a question. */
function headingText(row: GridRow, questionColumn: number): string | undefined {
  const [first, second] = row.cells;
  if (first === undefined || row.cells.length > 2) return undefined;
  let cell: GridCell = first;
  let label = first.text;
  if (second !== undefined) {
    // "3 | Access control": a top-level number and a title, nothing else on the row.
    if (!/^(\d+|[A-Z]|[IVXivx]+)\.?$/.test(first.text)) return undefined;
    cell = second;
    label = `${first.text} ${second.text}`;
  }
  const text = cell.text;
  if (text.length > 100 || text.includes('?') || INSTRUCTION.test(text) || scoreQuestionText(text) >= 2)
    return undefined;
  const isAllCaps = /\p{Lu}{3}/u.test(text) && text === text.toUpperCase();
  const isNumbered = /^(\d+(\.\d+)*|[A-Z])[.)]?\s+\S/.test(text);
  const hasSignal =
    row.cells.some((candidate) => candidate.isBold || candidate.mergeWidth > 1) ||
    isAllCaps ||
    isNumbered ||
    cell.column !== questionColumn ||
    text.length < 40;
  return hasSignal ? label : undefined;
}

function resolveColumn(
  grid: SheetGrid,
  header: GridRow | undefined,
  wanted: string,
  source: string,
  role: string,
): { column: number; header: GridRow | undefined } {
  const trimmed = wanted.trim();
  const normalized = trimmed.toLowerCase();
  const matches = (cell: GridCell): boolean => cell.text.toLowerCase() === normalized;
  const inHeader = header?.cells.find(matches);
  if (inHeader !== undefined) return { column: inHeader.column, header };
  const letter = columnNumber(trimmed);
  if (letter !== undefined) return { column: letter, header };
  // The header text may sit on a row detection did not pick; the row holding it becomes the header.
  for (const row of grid.rows.slice(0, HEADER_SCAN_ROWS)) {
    const cell = row.cells.find(matches);
    if (cell !== undefined) return { column: cell.column, header: row };
  }
  throw new QuestionnaireError(
    `${role} "${trimmed}" not found in sheet "${grid.name}"; columns seen: ${describeColumns(grid, header)}`,
    {
      source,
      location: grid.name,
    },
  );
}

/** Lists columns as `A "id", B "question"`, from the header row or else the first rows' cells. */
function describeColumns(grid: SheetGrid, header: GridRow | undefined): string {
  const seen = new Map<number, string>();
  for (const row of header === undefined ? grid.rows.slice(0, 5) : [header]) {
    for (const cell of row.cells) if (!seen.has(cell.column)) seen.set(cell.column, cell.text);
  }
  if (seen.size === 0) return '(none: the sheet is empty)';
  return [...seen.entries()]
    .sort(([left], [right]) => left - right)
    .map(([column, text]) => `${columnLetter(column)} "${text.length > 30 ? `${text.slice(0, 30)}…` : text}"`)
    .join(', ');
}

function cellAt(row: GridRow, column: number): GridCell | undefined {
  return row.cells.find((cell) => cell.column === column);
}

function stripNumbering(text: string): string {
  return text.replace(/^(\d+(\.\d+)*|[A-Za-z](\.\d+)*)[.)]?\s+/, '').trim();
}
