import { crc32, deflateRawSync } from 'node:zlib';
import { columnLetter, columnNumber as toColumnNumber } from './grid.js';
import { QuestionnaireError } from './questionnaire-error.js';
import {
  indexValidations,
  isListWord,
  type RawValidation,
  readDataValidations,
  readDefinedNames,
  readListSource,
} from './validation.js';
import { mapSheetParts } from './workbook-xml.js';
import {
  readCompressedBytes,
  readZipDirectory,
  readZipEntry,
  UnpackBudget,
  writeZip,
  type ZipEntry,
  type ZipWriteEntry,
} from './zip.js';

/** One answer to write: the sheet's tab name, the 1-based row of its question, and plain text. */
export interface WorkbookAnswer {
  sheet: string;
  row: number;
  text: string;
  /** The column to write into (letters); the sheet's answer column when left out. */
  column?: string;
  /**
   * The words the reader found in the list this cell's validation names elsewhere in the workbook (a range on a
   * list sheet): the text is written there only when it is one of them.
   */
  listWords?: readonly string[];
}

/** A cell the writer left empty because its validation does not allow the text, and why. */
export interface UnwrittenCell {
  sheet: string;
  /** `C12`. */
  cell: string;
  reason: string;
}

/** The column that takes the answers on one sheet, as letters (`D`). */
export interface SheetAnswerColumn {
  sheet: string;
  column: string;
}

const SOURCE = 'workbook';
const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;
const ROW_PATTERN = /<row\b([^>]*?)(\/>|>([\s\S]*?)<\/row>)/g;
const CELL_PATTERN = /<c\b([^>]*?)(\/>|>([\s\S]*?)<\/c>)/g;

/**
 * Writes answers as plain text (never formulas) into a copy of an .xlsx; see writeWorkbookAnswers. Cells whose data
 * validation would not allow the text are left as they were.
 */
export async function writeAnswersToWorkbook(
  original: Uint8Array,
  answers: WorkbookAnswer[],
  answerColumn: SheetAnswerColumn[] | string,
): Promise<Uint8Array> {
  return (await writeWorkbookAnswers(original, answers, answerColumn)).bytes;
}

/**
 * Writes answers as plain text (never formulas) into a copy of an .xlsx. Only the worksheet parts that receive answers
 * (and styles.xml when a new cell needs wrapping) change; every other part is copied byte for byte, so hidden sheets,
 * formatting, merges and data validations survive. The workbook is not loaded through exceljs, which would expand a
 * whole-column validation into a million entries. Nothing is written that breaks a cell's data validation: such a
 * cell stays as it was and is returned in `unwritten` with why. Throws QuestionnaireError for an unknown sheet or a
 * bad column.
 */
export async function writeWorkbookAnswers(
  original: Uint8Array,
  answers: WorkbookAnswer[],
  answerColumn: SheetAnswerColumn[] | string,
): Promise<{ bytes: Uint8Array; unwritten: UnwrittenCell[] }> {
  const entries = readZipDirectory(original, SOURCE);
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  // One budget for every part unpacked here, so several parts cannot each stay under the cap and together pass it.
  const budget = new UnpackBudget();
  const { parts: sheetParts, definedNames } = await readSheetParts(original, byName, budget);

  const bySheet = new Map<string, Map<number, Map<number, WorkbookAnswer>>>();
  for (const answer of answers) {
    if (!Number.isInteger(answer.row) || answer.row < 1 || answer.row > MAX_ROW) {
      throw new QuestionnaireError(`row ${answer.row} is not a worksheet row`, { location: answer.sheet });
    }
    const column =
      answer.column === undefined
        ? resolveColumn(answerColumn, answer.sheet)
        : resolveColumn(answer.column, answer.sheet);
    const columns = bySheet.get(answer.sheet) ?? new Map<number, Map<number, WorkbookAnswer>>();
    const rows = columns.get(column) ?? new Map<number, WorkbookAnswer>();
    rows.set(answer.row, answer);
    columns.set(column, rows);
    bySheet.set(answer.sheet, columns);
  }

  const styles = new StyleBook(await readText(original, byName.get('xl/styles.xml'), budget));
  const replaced = new Map<string, string>();
  const unwritten: UnwrittenCell[] = [];
  for (const [sheet, columns] of bySheet) {
    const part = sheetParts.get(sheet);
    const entry = part === undefined ? undefined : byName.get(part);
    if (part === undefined || entry === undefined) {
      throw new QuestionnaireError(
        `sheet "${sheet}" is not in the workbook; sheets: ${[...sheetParts.keys()].map((name) => `"${name}"`).join(', ')}`,
      );
    }
    let xml = (await readZipEntry(original, entry, SOURCE, budget)).toString('utf8');
    const validationAt = indexValidations(readDataValidations(xml, sheet));
    let isChanged = false;
    for (const [column, rows] of columns) {
      const allowed = new Map<number, string>();
      for (const [row, answer] of rows) {
        const problem = validationProblem(validationAt(row, column), definedNames, sheet, answer);
        if (problem === undefined) allowed.set(row, answer.text);
        else unwritten.push({ sheet, cell: `${columnLetter(column)}${row}`, reason: problem });
      }
      if (allowed.size === 0) continue;
      xml = writeCells(xml, sheet, column, allowed, styles);
      isChanged = true;
    }
    if (isChanged) replaced.set(part, xml);
  }
  const stylesXml = styles.changedXml();
  if (stylesXml !== undefined) replaced.set('xl/styles.xml', stylesXml);

  const output: ZipWriteEntry[] = entries.map((entry) => {
    const text = replaced.get(entry.name);
    if (text === undefined) {
      return {
        name: entry.name,
        method: entry.method,
        crc: entry.crc,
        compressedData: readCompressedBytes(original, entry, SOURCE),
        uncompressedSize: entry.uncompressedSize,
      };
    }
    const data = Buffer.from(text, 'utf8');
    return {
      name: entry.name,
      method: 8,
      crc: crc32(data),
      compressedData: deflateRawSync(data),
      uncompressedSize: data.length,
    };
  });
  return { bytes: writeZip(output), unwritten };
}

/** Why the cell's data validation does not allow the answer's text, or undefined when it does (or there is none). */
function validationProblem(
  validation: RawValidation | undefined,
  definedNames: Map<string, string>,
  sheet: string,
  answer: WorkbookAnswer,
): string | undefined {
  if (validation === undefined || validation.type === 'none') return undefined;
  if (validation.type === 'list') {
    const source = readListSource(validation.formula1 ?? '', sheet, definedNames);
    if (source.kind === 'inline') {
      return isListWord(answer.text, source.words)
        ? undefined
        : `the cell only takes a value from its list (${source.words.join(', ')})`;
    }
    return answer.listWords !== undefined && isListWord(answer.text, answer.listWords)
      ? undefined
      : 'the cell only takes a value from its list';
  }
  if (validation.type === 'textLength') {
    const limit = Number(validation.formula1);
    const upper =
      validation.operator === 'between' || validation.operator === null ? Number(validation.formula2) : limit;
    const length = answer.text.length;
    const fits =
      validation.operator === 'lessThan'
        ? length < limit
        : validation.operator === 'lessThanOrEqual'
          ? length <= limit
          : validation.operator === 'between' || validation.operator === null
            ? length >= limit && length <= upper
            : false;
    return fits ? undefined : `the cell's rule limits the length of its text (${answer.text.length} characters here)`;
  }
  return `the cell only takes ${validation.type} values`;
}

function resolveColumn(answerColumn: SheetAnswerColumn[] | string, sheet: string): number {
  const letters =
    typeof answerColumn === 'string' ? answerColumn : answerColumn.find((choice) => choice.sheet === sheet)?.column;
  if (letters === undefined) {
    throw new QuestionnaireError(`no answer column was chosen for sheet "${sheet}"`, { location: sheet });
  }
  const normalised = letters.trim().toUpperCase();
  const column = /^[A-Z]{1,3}$/.test(normalised) ? columnNumber(normalised) : 0;
  if (column < 1 || column > MAX_COLUMN) {
    throw new QuestionnaireError(`answer column "${letters}" is not a column letter such as D`, { location: sheet });
  }
  return column;
}

/** Maps tab names to worksheet part names through workbook.xml and its relationships. */
async function readSheetParts(
  bytes: Uint8Array,
  byName: Map<string, ZipEntry>,
  budget: UnpackBudget,
): Promise<{ parts: Map<string, string>; definedNames: Map<string, string> }> {
  const workbookXml = await readText(bytes, byName.get('xl/workbook.xml'), budget);
  const relsXml = await readText(bytes, byName.get('xl/_rels/workbook.xml.rels'), budget);
  if (workbookXml === undefined || relsXml === undefined) {
    throw new QuestionnaireError('this is not an Excel workbook (xl/workbook.xml or its relationships are missing)');
  }
  return { parts: mapSheetParts(workbookXml, relsXml), definedNames: readDefinedNames(workbookXml) };
}

async function readText(
  bytes: Uint8Array,
  entry: ZipEntry | undefined,
  budget: UnpackBudget,
): Promise<string | undefined> {
  return entry === undefined ? undefined : (await readZipEntry(bytes, entry, SOURCE, budget)).toString('utf8');
}

/** Sets the answer cells of one worksheet; rows and cells that receive nothing keep their exact bytes. */
function writeCells(
  xml: string,
  sheet: string,
  column: number,
  answers: Map<number, string>,
  styles: StyleBook,
): string {
  let document = xml.replace(/<sheetData\s*\/>/, '<sheetData></sheetData>');
  const open = /<sheetData\b[^>]*>/.exec(document);
  const close = document.indexOf('</sheetData>');
  if (open === null || close === -1) {
    throw new QuestionnaireError('the worksheet has no cell data section', { location: sheet });
  }
  const innerStart = open.index + open[0].length;
  const inner = document.slice(innerStart, close);
  const columnStyles = readColumnStyles(document.slice(0, open.index));
  const pending = [...answers.keys()].sort((a, b) => a - b);
  let next = 0;
  let result = '';
  let copiedTo = 0;
  let implicitRow = 0;
  for (const match of inner.matchAll(ROW_PATTERN)) {
    const attributes = match[1] ?? '';
    const explicit = readAttribute(attributes, 'r');
    const rowNumber = explicit === undefined ? implicitRow + 1 : Number(explicit);
    implicitRow = rowNumber;
    const index = match.index ?? 0;
    let insert = '';
    while (next < pending.length && (pending[next] ?? 0) < rowNumber) {
      insert += newRow(pending[next] ?? 0, column, answers, columnStyles, styles);
      next += 1;
    }
    result += inner.slice(copiedTo, index) + insert;
    if (pending[next] === rowNumber) {
      const text = answers.get(rowNumber) ?? '';
      result += editRow(attributes, match[3], rowNumber, column, text, columnStyles, styles, sheet);
      next += 1;
    } else {
      result += match[0];
    }
    copiedTo = index + match[0].length;
  }
  result += inner.slice(copiedTo);
  while (next < pending.length) {
    result += newRow(pending[next] ?? 0, column, answers, columnStyles, styles);
    next += 1;
  }
  document = document.slice(0, innerStart) + result + document.slice(close);
  return widenDimension(document, column, pending.at(-1) ?? 1);
}

function newRow(
  row: number,
  column: number,
  answers: Map<number, string>,
  columnStyles: Map<number, number>,
  styles: StyleBook,
): string {
  const style = columnStyles.get(column) ?? styles.wrappedLike(undefined);
  return `<row r="${row}">${textCell(column, row, answers.get(row) ?? '', style)}</row>`;
}

function editRow(
  attributes: string,
  content: string | undefined,
  row: number,
  column: number,
  text: string,
  columnStyles: Map<number, number>,
  styles: StyleBook,
  sheet: string,
): string {
  const cells = content ?? '';
  const openTag = `<row${widenSpans(attributes, column)}>`;
  let implicitColumn = 0;
  let nearestLeftStyle: number | undefined;
  for (const match of cells.matchAll(CELL_PATTERN)) {
    const cellAttributes = match[1] ?? '';
    const reference = readAttribute(cellAttributes, 'r');
    const letters = reference === undefined ? undefined : /^([A-Z]+)/.exec(reference)?.[1];
    const cellColumn = letters === undefined ? implicitColumn + 1 : columnNumber(letters);
    implicitColumn = cellColumn;
    const index = match.index ?? 0;
    const styleText = readAttribute(cellAttributes, 's');
    const style = styleText === undefined ? undefined : Number(styleText);
    if (cellColumn === column) {
      if (/<f[\s>/]/.test(match[3] ?? '')) {
        throw new QuestionnaireError(
          `cell ${columnLetter(column)}${row} holds a formula; clear it or choose another answer column`,
          { location: sheet },
        );
      }
      const kept = style ?? columnStyles.get(column) ?? styles.wrappedLike(nearestLeftStyle);
      return `${openTag}${cells.slice(0, index)}${textCell(column, row, text, kept)}${cells.slice(index + match[0].length)}</row>`;
    }
    if (cellColumn > column) {
      const kept = columnStyles.get(column) ?? styles.wrappedLike(nearestLeftStyle);
      return `${openTag}${cells.slice(0, index)}${textCell(column, row, text, kept)}${cells.slice(index)}</row>`;
    }
    // The question sits left of its answer: the nearest cell with a value there lends its alignment.
    if (/<(v|is)>/.test(match[3] ?? '')) nearestLeftStyle = style ?? 0;
  }
  const kept = columnStyles.get(column) ?? styles.wrappedLike(nearestLeftStyle);
  // Anything after the last cell (an extLst) stays after it.
  const tail = /<extLst\b/.exec(cells);
  const at = tail === null ? cells.length : tail.index;
  return `${openTag}${cells.slice(0, at)}${textCell(column, row, text, kept)}${cells.slice(at)}</row>`;
}

function textCell(column: number, row: number, text: string, style: number | undefined): string {
  const styleAttribute = style === undefined || style === 0 ? '' : ` s="${style}"`;
  return `<c r="${columnLetter(column)}${row}"${styleAttribute} t="inlineStr"><is><t xml:space="preserve">${escapeCellText(text)}</t></is></c>`;
}

/** XML-escapes text, drops characters XML cannot carry, and protects literal `_xHHHH_` from Excel's unescaping. */
export function escapeCellText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing characters XML 1.0 forbids is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}

function readAttribute(attributes: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes)?.[1];
}

/** Column default styles from `<cols>`: an empty cell there shows that style, so a new cell keeps it. */
function readColumnStyles(head: string): Map<number, number> {
  const styles = new Map<number, number>();
  for (const [tag] of head.matchAll(/<col\b[^>]*>/g)) {
    const min = Number(readAttribute(tag, 'min'));
    const max = Number(readAttribute(tag, 'max'));
    const style = Number(readAttribute(tag, 'style') ?? '0');
    if (!Number.isInteger(min) || !Number.isInteger(max) || style === 0) continue;
    // Whole-sheet ranges (1:16384) are common; only the answer column is ever looked up, so cap the loop.
    for (let column = min; column <= Math.min(max, MAX_COLUMN); column += 1) styles.set(column, style);
  }
  return styles;
}

function widenSpans(attributes: string, column: number): string {
  const spans = readAttribute(attributes, 'spans');
  if (spans === undefined) return attributes;
  const single = /^(\d+):(\d+)$/.exec(spans);
  if (single === null) return attributes.replace(/\s+spans="[^"]*"/, '');
  const low = Math.min(Number(single[1]), column);
  const high = Math.max(Number(single[2]), column);
  return attributes.replace(/(\s)spans="[^"]*"/, `$1spans="${low}:${high}"`);
}

function widenDimension(xml: string, column: number, lastRow: number): string {
  const match = /<dimension\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"[^>]*>/.exec(xml);
  const left = match?.[1];
  const top = match?.[2];
  if (match === null || left === undefined || top === undefined) return xml;
  const firstColumn = Math.min(columnNumber(left), column);
  const lastColumn = Math.max(columnNumber(match[3] ?? left), column);
  const finalRow = Math.max(Number(match[4] ?? top), lastRow);
  const tag = match[0].replace(
    /\bref="[^"]*"/,
    `ref="${columnLetter(firstColumn)}${top}:${columnLetter(lastColumn)}${finalRow}"`,
  );
  return xml.slice(0, match.index) + tag + xml.slice(match.index + match[0].length);
}

/** cellXfs of styles.xml: adds "this alignment, wrapped" styles for new cells, once each. */
class StyleBook {
  private readonly added = new Map<number, number>();
  private readonly additions: string[] = [];
  private readonly formats: string[] = [];

  constructor(private readonly xml: string | undefined) {
    const section = xml === undefined ? undefined : /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1];
    if (section !== undefined) {
      for (const [format] of section.matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)) this.formats.push(format);
    }
  }

  /** A style with the alignment of style `source` (the question's cell) and wrapped text. */
  wrappedLike(source: number | undefined): number | undefined {
    if (this.xml === undefined || this.formats.length === 0) return undefined;
    const key = source ?? 0;
    const known = this.added.get(key);
    if (known !== undefined) return known;
    const alignment = /<alignment\b([^>]*?)\/?>/.exec(this.formats[key] ?? '')?.[1] ?? '';
    const kept = alignment.replace(/\s+wrapText="[^"]*"/g, '').replace(/\s+shrinkToFit="[^"]*"/g, '');
    const index = this.formats.length + this.additions.length;
    this.additions.push(
      `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment${kept} wrapText="1"/></xf>`,
    );
    this.added.set(key, index);
    return index;
  }

  /** The new styles.xml, or undefined when nothing was added. */
  changedXml(): string | undefined {
    if (this.xml === undefined || this.additions.length === 0) return undefined;
    const total = this.formats.length + this.additions.length;
    return this.xml.replace(
      /(<cellXfs\b[^>]*>)([\s\S]*?)(<\/cellXfs>)/,
      (_whole, open: string, body: string, close: string) =>
        `${open.replace(/\bcount="\d+"/, `count="${total}"`)}${body}${this.additions.join('')}${close}`,
    );
  }
}

function columnNumber(letters: string): number {
  return toColumnNumber(letters) ?? 0;
}
