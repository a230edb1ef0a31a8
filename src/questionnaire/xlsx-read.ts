import ExcelJS from 'exceljs';
import { type GridCell, type GridRow, normalizeCellText, preserveCellText, type SheetGrid } from './grid.js';
import { QuestionnaireError, UNREADABLE_WORKBOOK } from './questionnaire-error.js';
import { checkDeadline, tooManyRows, type WorkbookReadOptions } from './workbook-package.js';

const ROWS_PER_SLICE = 500;

/** Reads every sheet of a workbook `prepareWorkbook` checked and rebuilt into text grids; throws QuestionnaireError. */
export async function readPreparedWorkbook(prepared: Uint8Array, options: WorkbookReadOptions): Promise<SheetGrid[]> {
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
  const uncachedFormulas: NonNullable<SheetGrid['uncachedFormulas']> = [];
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
      const formulaSheet =
        cell.type === ExcelJS.ValueType.Formula ? referencedSheet(cell.formula, worksheet.name) : undefined;
      if (text === '') {
        if (
          cell.type === ExcelJS.ValueType.Formula &&
          !hasCachedValue(cell.value) &&
          uncachedFormulas.length < MAX_UNCACHED
        ) {
          uncachedFormulas.push({
            row: row.number,
            column: cell.fullAddress.col,
            ...(formulaSheet === undefined ? {} : { formulaSheet }),
          });
        }
        return;
      }
      const gridCell: GridCell = {
        column: cell.fullAddress.col,
        text,
        isBold: isBold(cell),
        mergeWidth: 1,
        ...(formulaSheet === undefined ? {} : { formulaSheet }),
      };
      cells.push(gridCell);
      byAddress.set(cell.address, gridCell);
    });
    if (cells.length > 0) rows.push({ row: row.number, cells });
  }
  return {
    name: worksheet.name,
    isHidden: worksheet.state !== 'visible',
    rows,
    ...(uncachedFormulas.length === 0 ? {} : { uncachedFormulas }),
  };
}

/** Formula cells without a value kept per sheet: enough to name them in a message. */
const MAX_UNCACHED = 1_000;

function hasCachedValue(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'result' in value &&
    value.result !== undefined &&
    value.result !== null
  );
}

const SHEET_REFERENCE = /(?:'((?:[^']|'')+)'|([A-Za-z_\p{L}][\w.\p{L}]*))!\$?[A-Za-z]{1,3}\$?\d/u;

/** The sheet a formula reads another sheet's cell from (`'Vendor Sheet'!B12` → `Vendor Sheet`); undefined for its own. */
export function referencedSheet(formula: string | undefined, ownSheet: string): string | undefined {
  if (formula === undefined) return undefined;
  const match = SHEET_REFERENCE.exec(formula);
  if (match === null) return undefined;
  const name = match[1] === undefined ? match[2] : match[1].replace(/''/g, "'");
  return name === undefined || name === ownSheet ? undefined : name;
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
