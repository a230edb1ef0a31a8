// Checks an uploaded .xlsx and rebuilds it with only the parts a reader needs, without loading exceljs: a refused
// workbook (a zip bomb, a Word file) costs the parse worker only this module, not the ~25 MB exceljs takes once loaded.
import { columnNumber } from './grid.js';
import { QuestionnaireError } from './questionnaire-error.js';
import { type RawValidation, readDataValidations, readDefinedNames } from './validation.js';
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

/** A checked workbook rebuilt for exceljs, with what the rebuild removes but detection needs: the validations. */
export interface PreparedWorkbook {
  bytes: Uint8Array;
  /** Each sheet's data validations (by tab name), read before they are stripped. */
  validations: Map<string, RawValidation[]>;
  /** The workbook's defined names, lower-cased, which a list validation may name as its source. */
  definedNames: Map<string, string>;
}

/**
 * Checks the zip and rebuilds it with only the parts exceljs needs, each unpacked here under a real byte cap (see
 * UnpackBudget) and stored uncompressed, so exceljs never inflates anything itself. On the way it counts each sheet's
 * rows from its XML and strips what would make exceljs slow: exceljs expands every data validation range into one
 * entry per cell (A2:A1048576 is a million), and creates a cell object for every cell of a merge. Validations are not
 * needed to find questions: they are read from the XML here instead (a range is one entry, however many cells).
 */
export async function prepareWorkbook(bytes: Uint8Array, options: WorkbookReadOptions): Promise<PreparedWorkbook> {
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
  const validations = new Map<string, RawValidation[]>();
  const output: ZipWriteEntry[] = [];
  for (const [name, data] of parts) {
    if (SHEET_PART.test(name)) {
      checkDeadline(options);
      const xml = data.toString('utf8');
      const sheetName = sheetNames.get(name) ?? name;
      if (countRowsWithValues(xml) > options.maxRows) throw tooManyRows(sheetName, options);
      const found = readDataValidations(xml, sheetName, source);
      if (found.length > 0) validations.set(sheetName, found);
      const defused = defuseWorksheetXml(xml);
      output.push({ name, data: defused === xml ? data : Buffer.from(defused, 'utf8') });
    } else if (SHEET_RELS_PART.test(name)) {
      output.push({ name, data: Buffer.from(keepHyperlinkRelationships(data.toString('utf8')), 'utf8') });
    } else {
      output.push({ name, data });
    }
  }
  const workbookXml = parts.get(WORKBOOK_PART)?.toString('utf8') ?? '';
  return { bytes: writeZip(output), validations, definedNames: readDefinedNames(workbookXml) };
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

export function tooManyRows(sheetName: string, options: WorkbookReadOptions): QuestionnaireError {
  return new QuestionnaireError(
    `sheet "${sheetName}" has more than ${options.maxRows} rows; split the questionnaire or remove unused rows`,
    {
      source: options.source,
      location: sheetName,
    },
  );
}

export function checkDeadline(options: WorkbookReadOptions): void {
  if (Date.now() > options.deadline) {
    throw new QuestionnaireError(
      'reading the workbook took too long and was stopped; remove unused sheets or rows and try again',
      {
        source: options.source,
      },
    );
  }
}
