import ExcelJS from 'exceljs';
import {
  columnNumber,
  type GridCell,
  type GridRow,
  normalizeCellText,
  preserveCellText,
  type SheetGrid,
} from './grid.js';
import { QuestionnaireError, UNREADABLE_WORKBOOK } from './questionnaire-error.js';
import { mapSheetParts } from './workbook-xml.js';
import { readZipDirectory, readZipEntry, UnpackBudget, writeZip, type ZipWriteEntry } from './zip.js';

/** How to read a workbook: the name used in messages, the row cap and when to give up. */
export interface WorkbookReadOptions {
  source: string;
  maxRows: number;
  /** Epoch milliseconds after which reading stops with an error. */
  deadline: number;
  /** Keep spacing and line breaks inside cells (for Markdown answers) instead of tidying them. */
  preserveText?: boolean;
}

// A merge this large is never a heading; exceljs would create one cell object per merged cell.
const MAX_MERGE_CELLS = 100_000;
const ROWS_PER_SLICE = 500;

/** Reads every sheet of an .xlsx into text grids, after checking and defusing the zip; throws QuestionnaireError. */
export async function readWorkbookGrid(bytes: Uint8Array, options: WorkbookReadOptions): Promise<SheetGrid[]> {
  const prepared = await prepareWorkbook(bytes, options);
  checkDeadline(options);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings say ArrayBuffer (JSZip reads one directly); copy only when the view is a part of a larger buffer.
    const isWholeBuffer =
      prepared.buffer instanceof ArrayBuffer &&
      prepared.byteOffset === 0 &&
      prepared.byteLength === prepared.buffer.byteLength;
    await workbook.xlsx.load(
      isWholeBuffer && prepared.buffer instanceof ArrayBuffer ? prepared.buffer : prepared.slice().buffer,
    );
  } catch (error) {
    // exceljs's own words ("Cannot set properties of undefined") mean nothing to the user: kept as the cause only.
    throw new QuestionnaireError(UNREADABLE_WORKBOOK, { source: options.source }, { cause: error });
  }
  const grids: SheetGrid[] = [];
  for (const worksheet of workbook.worksheets) {
    grids.push(await readWorksheet(worksheet, options));
  }
  return grids;
}

async function readWorksheet(worksheet: ExcelJS.Worksheet, options: WorkbookReadOptions): Promise<SheetGrid> {
  if (worksheet.actualRowCount > options.maxRows) throw tooManyRows(worksheet.name, options);
  // eachRow visits only rows that exist, so a validation or style reaching row 1,048,576 costs nothing.
  const sourceRows: ExcelJS.Row[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row) => {
    sourceRows.push(row);
  });
  const tidy = options.preserveText === true ? preserveCellText : normalizeCellText;
  const rows: GridRow[] = [];
  for (let index = 0; index < sourceRows.length; index += 1) {
    if (index > 0 && index % ROWS_PER_SLICE === 0) {
      // Let other work run between slices when this runs on the main thread.
      await new Promise((resolve) => setImmediate(resolve));
      checkDeadline(options);
    }
    const row = sourceRows[index];
    if (row === undefined) continue;
    const cells: GridCell[] = [];
    const byAddress = new Map<string, GridCell>();
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.isMerged && cell.master.address !== cell.address) {
        // The value of a merged range lives in its top-left cell; count how wide a row-merge is.
        const master = byAddress.get(cell.master.address);
        if (master !== undefined) master.mergeWidth += 1;
        return;
      }
      const text = tidy(cellText(cell.value));
      if (text === '') return;
      const gridCell: GridCell = { column: cell.fullAddress.col, text, isBold: isBold(cell), mergeWidth: 1 };
      cells.push(gridCell);
      byAddress.set(cell.address, gridCell);
    });
    if (cells.length > 0) rows.push({ row: row.number, cells });
  }
  return { name: worksheet.name, isHidden: worksheet.state !== 'visible', rows };
}

/** Text of any exceljs cell value: rich text runs joined, hyperlinks' text, formulas' cached result (never evaluated). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value !== 'object') return '';
  if ('richText' in value && Array.isArray(value.richText)) {
    return value.richText
      .map((run: unknown) => (typeof run === 'object' && run !== null && 'text' in run ? cellText(run.text) : ''))
      .join('');
  }
  if ('formula' in value || 'sharedFormula' in value) {
    return 'result' in value ? cellText(value.result) : '';
  }
  if ('text' in value) return cellText(value.text);
  // Error values such as #N/A carry no question text.
  return '';
}

function isBold(cell: ExcelJS.Cell): boolean {
  if (cell.font?.bold === true) return true;
  const value: unknown = cell.value;
  if (
    typeof value === 'object' &&
    value !== null &&
    'richText' in value &&
    Array.isArray(value.richText) &&
    value.richText.length > 0
  ) {
    return value.richText.every(
      (run: unknown) =>
        typeof run === 'object' &&
        run !== null &&
        'font' in run &&
        typeof run.font === 'object' &&
        run.font !== null &&
        'bold' in run.font &&
        run.font.bold === true,
    );
  }
  return false;
}

// The only parts exceljs needs to read cells, their styles and shared strings. Everything else (images, drawings,
// embedded files, comments, themes, printer settings…) is never unpacked: exceljs would inflate every part it is given.
const WORKBOOK_PART = 'xl/workbook.xml';
const WORKBOOK_RELS_PART = 'xl/_rels/workbook.xml.rels';
const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
const SHEET_RELS_PART = /^xl\/worksheets\/_rels\/[^/]+\.xml\.rels$/;
const READ_PARTS = new Set([WORKBOOK_PART, WORKBOOK_RELS_PART, 'xl/sharedStrings.xml', 'xl/styles.xml']);

/** Whether exceljs needs `name` to read cells; every other part of an upload is left packed and dropped. */
export function isPartRead(name: string): boolean {
  return READ_PARTS.has(name) || SHEET_PART.test(name) || SHEET_RELS_PART.test(name);
}

/**
 * Checks the zip and rebuilds it with only the parts exceljs needs, each unpacked here under a real byte cap (see
 * UnpackBudget) and stored uncompressed, so exceljs never inflates anything itself. On the way it counts each sheet's
 * rows from its XML and strips what would make exceljs slow: exceljs expands every data validation range into one
 * entry per cell (A2:A1048576 is a million), and creates a cell object for every cell of a merge. Validations are not
 * needed to find questions.
 */
async function prepareWorkbook(bytes: Uint8Array, options: WorkbookReadOptions): Promise<Uint8Array> {
  const { source } = options;
  const entries = readZipDirectory(bytes, source);
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  if (!byName.has(WORKBOOK_PART)) {
    const kind = byName.has('word/document.xml')
      ? 'a Word document'
      : byName.has('ppt/presentation.xml')
        ? 'a PowerPoint file'
        : 'a zip archive';
    throw new QuestionnaireError(
      `this is ${kind}, not an Excel workbook (it has no xl/workbook.xml); upload the questionnaire as .xlsx or .csv`,
      { source },
    );
  }
  const budget = new UnpackBudget();
  const parts = new Map<string, Buffer>();
  for (const entry of entries) {
    if (!isPartRead(entry.name)) continue;
    checkDeadline(options);
    parts.set(entry.name, await readZipEntry(bytes, entry, source, budget));
  }
  const sheetNames = readSheetNames(parts);
  const output: ZipWriteEntry[] = [];
  for (const [name, data] of parts) {
    if (SHEET_PART.test(name)) {
      checkDeadline(options);
      const xml = data.toString('utf8');
      if (countRowsWithValues(xml) > options.maxRows) throw tooManyRows(sheetNames.get(name) ?? name, options);
      const defused = defuseWorksheetXml(xml);
      output.push({ name, data: defused === xml ? data : Buffer.from(defused, 'utf8') });
    } else if (SHEET_RELS_PART.test(name)) {
      output.push({ name, data: Buffer.from(keepHyperlinkRelationships(data.toString('utf8')), 'utf8') });
    } else {
      output.push({ name, data });
    }
  }
  return writeZip(output);
}

/** Maps worksheet part names (xl/worksheets/sheet1.xml) to the names users see on the tabs. */
function readSheetNames(parts: Map<string, Buffer>): Map<string, string> {
  const names = new Map<string, string>();
  const workbookXml = parts.get(WORKBOOK_PART)?.toString('utf8');
  const relsXml = parts.get(WORKBOOK_RELS_PART)?.toString('utf8');
  if (workbookXml === undefined || relsXml === undefined) return names;
  for (const [name, part] of mapSheetParts(workbookXml, relsXml)) names.set(part, name);
  return names;
}

/**
 * Keeps only a sheet's hyperlink relationships: the parts the others point to (drawings, comments, tables) are dropped,
 * and exceljs fails on a relationship whose part is missing.
 */
export function keepHyperlinkRelationships(relsXml: string): string {
  return relsXml.replace(/<Relationship\b[^>]*?(?:\/>|>[\s\S]*?<\/Relationship>)/g, (tag) =>
    /\bType="[^"]*\/hyperlink"/.test(tag) ? tag : '',
  );
}

/** Counts `<row>` elements that hold at least one value; style-only rows do not count. */
export function countRowsWithValues(xml: string): number {
  let count = 0;
  let position = xml.indexOf('<sheetData');
  while (position !== -1) {
    const start = xml.indexOf('<row', position);
    if (start === -1) break;
    const tagEnd = xml.indexOf('>', start);
    if (tagEnd === -1) break;
    if (xml.charCodeAt(tagEnd - 1) === 47 /* / */) {
      position = tagEnd + 1;
      continue;
    }
    const end = xml.indexOf('</row>', tagEnd);
    const stop = end === -1 ? xml.length : end;
    // Search only inside this row: an unbounded indexOf would rescan the rest of the sheet for every row.
    const row = xml.slice(tagEnd, stop);
    if (row.includes('<v>') || row.includes('<v ') || row.includes('<is>')) count += 1;
    position = end === -1 ? -1 : end + 6;
  }
  return count;
}

/**
 * Removes data validations, absurdly large merges and the references to drawings and tables (whose parts are not
 * passed to exceljs, which fails on a reference to a missing part) from a worksheet's XML.
 */
export function defuseWorksheetXml(xml: string): string {
  let result = xml
    .replace(/<(?:drawing|legacyDrawing|legacyDrawingHF)\b[^>]*\/>/g, '')
    .replace(/<tableParts\b[^>]*\/>/g, '')
    .replace(/<tableParts\b[\s\S]*?<\/tableParts>/g, '');
  if (result.includes('<dataValidations')) {
    result = result
      .replace(/<dataValidations\b[^>]*\/>/g, '')
      .replace(/<dataValidations\b[\s\S]*?<\/dataValidations>/g, '');
  }
  if (result.includes('<mergeCell ')) {
    result = result.replace(
      /<mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"[^>]*\/>/g,
      (whole, left: string, top: string, right: string, bottom: string) => {
        // Letters beyond the last column count as the last column: still far too wide.
        const width = Math.abs((columnNumber(right) ?? 16_384) - (columnNumber(left) ?? 16_384)) + 1;
        const height = Math.abs(Number(bottom) - Number(top)) + 1;
        return width * height > MAX_MERGE_CELLS ? '' : whole;
      },
    );
  }
  return result;
}

function tooManyRows(sheetName: string, options: WorkbookReadOptions): QuestionnaireError {
  return new QuestionnaireError(
    `sheet "${sheetName}" has more than ${options.maxRows} rows; split the questionnaire or remove unused rows`,
    {
      source: options.source,
      location: sheetName,
    },
  );
}

function checkDeadline(options: WorkbookReadOptions): void {
  if (Date.now() > options.deadline) {
    throw new QuestionnaireError(
      'reading the workbook took too long and was stopped; remove unused sheets or rows and try again',
      {
        source: options.source,
      },
    );
  }
}
