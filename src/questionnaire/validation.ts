/**
 * Data validations of an .xlsx worksheet, read from its XML: which cells only accept values from a list ("Yes,No,N/A"
 * or a range on another sheet) and which carry another kind of rule. The parser uses them to find a questionnaire's
 * choice column; the writer uses them so that nothing it writes breaks a cell's rule.
 */
import { columnNumber } from './grid.js';
import { QuestionnaireError } from './questionnaire-error.js';
import { decodeXmlEntities } from './workbook-xml.js';

/** A rectangle of cells, 1-based and inclusive. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** One validation as the sheet states it: its kind, the cells it covers and its first and second formula. */
export interface RawValidation {
  type: string;
  operator: string | null;
  /** The cells as written (`C2:C400 E2`), for messages. */
  sqref: string;
  ranges: CellRange[];
  formula1: string | null;
  formula2: string | null;
}

/** Where a list validation takes its words from. */
export type ListSource =
  | { kind: 'inline'; words: string[] }
  | { kind: 'range'; sheet: string; range: CellRange }
  | { kind: 'unknown' };

/** A validation with its list resolved: `words` is the list a cell offers, or null for a rule that is not a known list. */
export interface CellValidation {
  type: string;
  sqref: string;
  ranges: CellRange[];
  words: string[] | null;
}

const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;
/** A list longer than this is no choice list (and would only cost memory). */
export const MAX_LIST_WORDS = 500;

/** Reads `C2:C400 E5 $F$1:$F$9` into ranges; undefined when any part is not a cell or range. */
export function parseSqref(sqref: string): CellRange[] | undefined {
  const ranges: CellRange[] = [];
  const parts = sqref.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  for (const part of parts) {
    const range = parseRange(part);
    if (range === undefined) return undefined;
    ranges.push(range);
  }
  return ranges;
}

/** Reads `A1`, `$A$1:$B$9`, `A:A` or `2:2` into a range; undefined when it is none of them. */
export function parseRange(text: string): CellRange | undefined {
  const [start, second, extra] = text.replace(/\$/g, '').split(':');
  const end = second ?? start;
  if (start === undefined || end === undefined || extra !== undefined) return undefined;
  const whole = /^([A-Za-z]{1,3})$/;
  const wholeRow = /^(\d{1,7})$/;
  if (whole.test(start) && whole.test(end)) {
    const left = columnNumber(start);
    const right = columnNumber(end);
    if (left === undefined || right === undefined) return undefined;
    return { top: 1, bottom: MAX_ROW, left: Math.min(left, right), right: Math.max(left, right) };
  }
  if (wholeRow.test(start) && wholeRow.test(end)) {
    const top = Number(start);
    const bottom = Number(end);
    if (top < 1 || bottom < 1 || top > MAX_ROW || bottom > MAX_ROW) return undefined;
    return { top: Math.min(top, bottom), bottom: Math.max(top, bottom), left: 1, right: MAX_COLUMN };
  }
  const first = parseCell(start);
  const last = parseCell(end);
  if (first === undefined || last === undefined) return undefined;
  return {
    top: Math.min(first.row, last.row),
    bottom: Math.max(first.row, last.row),
    left: Math.min(first.column, last.column),
    right: Math.max(first.column, last.column),
  };
}

function parseCell(text: string): { row: number; column: number } | undefined {
  const match = /^([A-Za-z]{1,3})(\d{1,7})$/.exec(text);
  if (match === null) return undefined;
  const column = columnNumber(match[1] ?? '');
  const row = Number(match[2]);
  if (column === undefined || row < 1 || row > MAX_ROW) return undefined;
  return { row, column };
}

/** Whether a range covers a cell. */
export function covers(range: CellRange, row: number, column: number): boolean {
  return row >= range.top && row <= range.bottom && column >= range.left && column <= range.right;
}

// Ranges wider than this are checked one by one instead of being filed under each of their columns.
const WIDE_RANGE = 64;
/** More validations than this in one sheet is no questionnaire (Excel merges alike rules into one). */
export const MAX_VALIDATIONS = 10_000;

/**
 * A lookup of the validation covering a cell, in about log(n) per cell: each column's ranges sorted by their top row
 * with the running maximum of their bottom rows, so a search stops as soon as no earlier range can reach the row.
 * When several cover a cell, the first in the sheet wins, as in Excel.
 */
export function indexValidations<V extends { ranges: CellRange[] }>(
  validations: readonly V[],
): (row: number, column: number) => V | undefined {
  type Slot = { top: number; bottom: number; order: number };
  const wide: { range: CellRange; order: number }[] = [];
  const byColumn = new Map<number, Slot[]>();
  validations.forEach((validation, order) => {
    for (const range of validation.ranges) {
      if (range.right - range.left >= WIDE_RANGE) {
        wide.push({ range, order });
        continue;
      }
      for (let column = range.left; column <= range.right; column += 1) {
        const slots = byColumn.get(column) ?? [];
        slots.push({ top: range.top, bottom: range.bottom, order });
        byColumn.set(column, slots);
      }
    }
  });
  const reach = new Map<number, number[]>();
  for (const [column, slots] of byColumn) {
    slots.sort((left, right) => left.top - right.top);
    let most = 0;
    reach.set(
      column,
      slots.map((slot) => {
        most = Math.max(most, slot.bottom);
        return most;
      }),
    );
  }
  return (row, column) => {
    let best: number | undefined;
    for (const { range, order } of wide) {
      if (covers(range, row, column) && (best === undefined || order < best)) best = order;
    }
    const slots = byColumn.get(column);
    const reached = reach.get(column);
    if (slots !== undefined && reached !== undefined) {
      let low = 0;
      let high = slots.length - 1;
      let last = -1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        if ((slots[middle]?.top ?? 0) <= row) {
          last = middle;
          low = middle + 1;
        } else high = middle - 1;
      }
      for (let index = last; index >= 0 && (reached[index] ?? 0) >= row; index -= 1) {
        const slot = slots[index];
        if (slot !== undefined && slot.bottom >= row && (best === undefined || slot.order < best)) best = slot.order;
      }
    }
    return best === undefined ? undefined : validations[best];
  };
}

/** The validation that covers a cell, or undefined (when several do, Excel applies the first). */
export function validationAt<V extends { ranges: CellRange[] }>(
  validations: readonly V[],
  row: number,
  column: number,
): V | undefined {
  return validations.find((validation) => validation.ranges.some((range) => covers(range, row, column)));
}

const VALIDATION_PATTERN = /<dataValidation\b([^>]*?)(?:\/>|>([\s\S]*?)<\/dataValidation>)/g;
const EXTENDED_PATTERN = /<x14:dataValidation\b([^>]*?)(?:\/>|>([\s\S]*?)<\/x14:dataValidation>)/g;

function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(attributes);
  return match === null ? null : decodeXmlEntities(match[1] ?? '');
}

function element(content: string, pattern: RegExp): string | null {
  const match = pattern.exec(content);
  return match === null ? null : decodeXmlEntities(match[1] ?? '').trim();
}

/**
 * Every data validation of a worksheet, from `<dataValidations>` and from the extension list where Excel puts a
 * list that refers to another sheet. A validation whose cells cannot be read, or a list without a source, is a
 * malformed file: QuestionnaireError naming the sheet and the cells.
 */
export function readDataValidations(xml: string, sheet: string, source?: string): RawValidation[] {
  if (!xml.includes('dataValidation')) return [];
  const validations: RawValidation[] = [];
  const add = (attributes: string, sqref: string | null, formula1: string | null, formula2: string | null) => {
    const type = attribute(attributes, 'type') ?? 'none';
    const ranges = sqref === null ? undefined : parseSqref(sqref);
    if (ranges === undefined) {
      throw new QuestionnaireError(
        `a data validation names cells "${sqref ?? ''}" that are not a cell range such as C2:C400; fix or remove it in Excel`,
        { ...(source === undefined ? {} : { source }), location: `sheet "${sheet}"` },
      );
    }
    if (type === 'list' && (formula1 === null || formula1 === '')) {
      throw new QuestionnaireError(
        `the list validation on ${sqref} has no list of values; fix or remove it in Excel (Data > Data Validation)`,
        { ...(source === undefined ? {} : { source }), location: `sheet "${sheet}"` },
      );
    }
    validations.push({
      type,
      operator: attribute(attributes, 'operator'),
      sqref: sqref ?? '',
      ranges,
      formula1,
      formula2,
    });
  };
  for (const match of xml.matchAll(VALIDATION_PATTERN)) {
    const attributes = match[1] ?? '';
    const content = match[2] ?? '';
    add(
      attributes,
      attribute(attributes, 'sqref'),
      element(content, /<formula1>([\s\S]*?)<\/formula1>/),
      element(content, /<formula2>([\s\S]*?)<\/formula2>/),
    );
  }
  for (const match of xml.matchAll(EXTENDED_PATTERN)) {
    const attributes = match[1] ?? '';
    const content = match[2] ?? '';
    add(
      attributes,
      element(content, /<xm:sqref>([\s\S]*?)<\/xm:sqref>/),
      element(content, /<x14:formula1>\s*<xm:f>([\s\S]*?)<\/xm:f>/),
      element(content, /<x14:formula2>\s*<xm:f>([\s\S]*?)<\/xm:f>/),
    );
  }
  return validations;
}

/** The workbook's defined names (`YesNo` → `Lists!$A$1:$A$3`), from workbook.xml; sheet-local names are left out. */
export function readDefinedNames(workbookXml: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const match of workbookXml.matchAll(/<definedName\b([^>]*)>([\s\S]*?)<\/definedName>/g)) {
    const attributes = match[1] ?? '';
    if (/\blocalSheetId=/.test(attributes)) continue;
    const name = attribute(attributes, 'name');
    if (name !== null) names.set(name.toLowerCase(), decodeXmlEntities(match[2] ?? '').trim());
  }
  return names;
}

/**
 * Where a list validation's words come from: an inline list (`"Yes,No,N/A"`), a range on this or another sheet
 * (`Lists!$A$1:$A$3`, `'Answer lists'!A1:A3`, `$H$1:$H$3`), or a defined name standing for one. Anything else
 * (INDIRECT, OFFSET, a broken #REF!) is unknown: no word can be shown to fit it.
 */
export function readListSource(
  formula: string,
  sheet: string,
  definedNames: Map<string, string>,
  depth = 0,
): ListSource {
  const text = formula.trim().replace(/^=/, '');
  const inline = /^"([\s\S]*)"$/.exec(text);
  if (inline !== null) {
    const words = (inline[1] ?? '')
      .replace(/""/g, '"')
      .split(',')
      .map((word) => word.trim())
      .filter((word) => word !== '');
    return { kind: 'inline', words: words.slice(0, MAX_LIST_WORDS) };
  }
  const reference =
    /^(?:'((?:[^']|'')+)'|([^'!:\s()"]+))!(\$?[A-Za-z]{1,3}\$?\d{1,7}(?::\$?[A-Za-z]{1,3}\$?\d{1,7})?)$/.exec(text);
  if (reference !== null) {
    const range = parseRange(reference[3] ?? '');
    const name = reference[1] === undefined ? (reference[2] ?? '') : reference[1].replace(/''/g, "'");
    return range === undefined ? { kind: 'unknown' } : { kind: 'range', sheet: name, range };
  }
  const local = /^\$?[A-Za-z]{1,3}\$?\d{1,7}(?::\$?[A-Za-z]{1,3}\$?\d{1,7})?$/.test(text)
    ? parseRange(text)
    : undefined;
  if (local !== undefined) return { kind: 'range', sheet, range: local };
  const named = definedNames.get(text.toLowerCase());
  if (named !== undefined && depth < 3) return readListSource(named, sheet, definedNames, depth + 1);
  return { kind: 'unknown' };
}

/**
 * Resolves a sheet's validations: each list gets its words (a range's words read through `cellText`, the text of a
 * cell on a named sheet, undefined when empty or when the sheet does not exist); every other rule keeps `words` null.
 */
export function resolveValidations(
  validations: readonly RawValidation[],
  sheet: string,
  definedNames: Map<string, string>,
  cellsOf: (sheet: string, range: CellRange) => string[] | undefined,
): CellValidation[] {
  return validations.map((validation) => {
    let words: string[] | null = null;
    if (validation.type === 'list' && validation.formula1 !== null) {
      const listSource = readListSource(validation.formula1, sheet, definedNames);
      if (listSource.kind === 'inline') words = listSource.words;
      else if (listSource.kind === 'range')
        words = cellsOf(listSource.sheet, listSource.range)?.slice(0, MAX_LIST_WORDS) ?? null;
    }
    return { type: validation.type, sqref: validation.sqref, ranges: validation.ranges, words };
  });
}

/** Whether `text` is one of a list's words (Excel compares list entries without regard to case). */
export function isListWord(text: string, words: readonly string[]): boolean {
  const wanted = text.trim().toLowerCase();
  return words.some((word) => word.trim().toLowerCase() === wanted);
}
