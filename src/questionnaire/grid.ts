import type { CellValidation } from './validation.js';

/** One non-empty cell as text, with the formatting that hints at a section heading. */
export interface GridCell {
  /** 1-based column number (A = 1). */
  column: number;
  text: string;
  isBold: boolean;
  /** Columns this cell spans when it is the top-left of a merge; 1 otherwise. */
  mergeWidth: number;
  /** The other sheet a formula in this cell takes its value from (`='Vendor'!B12`), when it is one. */
  formulaSheet?: string;
}

/** One row that has at least one non-empty cell. */
export interface GridRow {
  /** 1-based row number as the spreadsheet shows it. */
  row: number;
  cells: GridCell[];
}

/** A sheet reduced to the text of its non-empty rows; plain data so it can cross a worker boundary. */
export interface SheetGrid {
  name: string;
  isHidden: boolean;
  rows: GridRow[];
  /** The sheet's data validations with their lists resolved (xlsx only). */
  validations?: CellValidation[];
  /** Formula cells saved without a value (the workbook was never recalculated), the first MAX_UNCACHED of them. */
  uncachedFormulas?: { row: number; column: number; formulaSheet?: string }[];
}

/** Converts a 1-based column number to its letters (28 → `AB`). */
export function columnLetter(column: number): string {
  let letters = '';
  let rest = column;
  while (rest > 0) {
    const remainder = (rest - 1) % 26;
    letters = String.fromCharCode(65 + remainder) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}

/** Converts column letters to a 1-based number (`AB` → 28), or undefined when they are not letters. */
export function columnNumber(letters: string): number | undefined {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return undefined;
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return column <= 16_384 ? column : undefined;
}

/** Tidies cell text: one kind of line break, single spaces, no surrounding blanks. */
export function normalizeCellText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}

/** Keeps cell text as written (Markdown answers rely on spacing); only line ends and the outer blanks change. */
export function preserveCellText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** Turns a CSV's records into a grid; the record index is the row number a spreadsheet would show. */
export function gridFromRecords(
  name: string,
  records: string[][],
  options: { preserveText?: boolean } = {},
): SheetGrid {
  const tidy = options.preserveText === true ? preserveCellText : normalizeCellText;
  const rows: GridRow[] = [];
  records.forEach((record, index) => {
    const cells: GridCell[] = [];
    record.forEach((value, columnIndex) => {
      const text = tidy(value);
      if (text !== '') cells.push({ column: columnIndex + 1, text, isBold: false, mergeWidth: 1 });
    });
    if (cells.length > 0) rows.push({ row: index + 1, cells });
  });
  return { name, isHidden: false, rows };
}
