/**
 * Questionnaire workbooks built in tests with exceljs, in the shapes customers send: a choice column with a list
 * validation beside a free-text column, CAIQ's answer / ownership / description columns, buyer-side copies of the
 * vendor sheets. Data validations are added to the sheet XML directly, because exceljs expands a range such as
 * C2:C400 into one entry per cell.
 */
import ExcelJS from 'exceljs';
import { mapSheetParts } from '../src/questionnaire/workbook-xml.js';
import { readZipDirectory, readZipEntry, writeZip } from '../src/questionnaire/zip.js';

/** One validation to add to a sheet, as it appears in the XML. */
export interface ValidationXml {
  sheet: string;
  sqref: string;
  /** The list source as Excel stores it: `"Yes,No,N/A"`, `Lists!$A$1:$A$3` or a defined name. */
  formula1?: string;
  type?: string;
}

/** The bytes of a workbook exceljs builds, with the given validations written into its sheets' XML. */
export async function buildWorkbook(
  build: (workbook: ExcelJS.Workbook) => void,
  validations: ValidationXml[] = [],
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  return validations.length === 0 ? bytes : addValidations(bytes, validations);
}

/** Adds `<dataValidations>` to the named sheets of an .xlsx. */
export async function addValidations(bytes: Uint8Array, validations: ValidationXml[]): Promise<Uint8Array> {
  const entries = readZipDirectory(bytes, 'test');
  const read = async (name: string) => {
    const entry = entries.find((candidate) => candidate.name === name);
    if (entry === undefined) throw new Error(`no part ${name}`);
    return (await readZipEntry(bytes, entry, 'test')).toString('utf8');
  };
  const parts = mapSheetParts(await read('xl/workbook.xml'), await read('xl/_rels/workbook.xml.rels'));
  const bySheetPart = new Map<string, ValidationXml[]>();
  for (const validation of validations) {
    const part = parts.get(validation.sheet);
    if (part === undefined) throw new Error(`no sheet ${validation.sheet}`);
    bySheetPart.set(part, [...(bySheetPart.get(part) ?? []), validation]);
  }
  const output = await Promise.all(
    entries.map(async (entry) => {
      const data = await readZipEntry(bytes, entry, 'test');
      const added = bySheetPart.get(entry.name);
      if (added === undefined) return { name: entry.name, data };
      const xml = data
        .toString('utf8')
        .replace(/<dataValidations\b[\s\S]*?<\/dataValidations>/, '')
        .replace(
          /(<\/sheetData>(?:[\s\S]*?<\/mergeCells>)?)/,
          (before) =>
            `${before}<dataValidations count="${added.length}">${added
              .map(
                (validation) =>
                  `<dataValidation type="${validation.type ?? 'list'}" allowBlank="1" sqref="${validation.sqref}">${
                    validation.formula1 === undefined ? '' : `<formula1>${escapeXml(validation.formula1)}</formula1>`
                  }</dataValidation>`,
              )
              .join('')}</dataValidations>`,
        );
      return { name: entry.name, data: Buffer.from(xml, 'utf8') };
    }),
  );
  return writeZip(output);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Reads one part of an .xlsx as text. */
export async function readWorkbookPart(bytes: Uint8Array, name: string): Promise<string> {
  const entry = readZipDirectory(bytes, 'test').find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`no part ${name}`);
  return (await readZipEntry(bytes, entry, 'test')).toString('utf8');
}

/** The text of each cell of a sheet (by address) in a written workbook, read back through exceljs. */
export async function readCells(bytes: Uint8Array, sheet: string): Promise<Map<string, string>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  const worksheet = workbook.getWorksheet(sheet);
  const cells = new Map<string, string>();
  worksheet?.eachRow((row) => {
    row.eachCell((cell) => {
      const value = cell.value;
      if (typeof value === 'string') cells.set(cell.address, value);
      else if (typeof value === 'object' && value !== null && 'richText' in value)
        cells.set(cell.address, value.richText.map((run) => run.text).join(''));
      else if (value !== null && value !== undefined) cells.set(cell.address, String(value));
    });
  });
  return cells;
}

/** The customer's shape: "Response (Yes/No/N/A)" in C with a list validation, "Comments / evidence" in D. */
export function choiceAndCommentsWorkbook(): Promise<Uint8Array> {
  return buildWorkbook(
    (workbook) => {
      const sheet = workbook.addWorksheet('Security');
      sheet.addRow(['ID', 'Question', 'Response (Yes/No/N/A)', 'Comments / evidence']);
      sheet.addRow(['1', 'Do you encrypt customer data at rest?']);
      sheet.addRow(['2', 'Do you run an annual penetration test by an independent firm?']);
      sheet.addRow(['3', 'Is multi-factor authentication required for administrators?']);
    },
    [{ sheet: 'Security', sqref: 'C2:C400', formula1: '"Yes,No,N/A"' }],
  );
}

/**
 * The CAIQ v4 STAR shape: question id, question, a Yes/No/NA answer (list on a hidden sheet through a defined name),
 * SSRM ownership (its own list), the implementation description.
 */
export function caiqWorkbook(): Promise<Uint8Array> {
  return buildWorkbook(
    (workbook) => {
      const sheet = workbook.addWorksheet('CAIQv4.0.3');
      sheet.addRow([
        'Question ID',
        'Question',
        'CSP CAIQ Answer',
        'SSRM Control Ownership',
        'CSP Implementation Description (Optional/Recommended)',
        'CSC Responsibilities (Optional/Recommended)',
      ]);
      sheet.addRow(['A&A-01.1', 'Are audit and assurance policies established, documented, approved and maintained?']);
      sheet.addRow(['A&A-02.1', 'Are independent audit and assurance assessments conducted at least annually?']);
      sheet.addRow(['A&A-03.1', 'Are risk-based plans for audit and assurance assessments performed?']);
      const lists = workbook.addWorksheet('Lists', { state: 'hidden' });
      for (const [index, word] of ['Yes', 'No', 'NA'].entries()) lists.getCell(`A${index + 1}`).value = word;
      for (const [index, word] of [
        'CSP-owned',
        '3rd-party outsourced',
        'Shared CSP and 3rd-party',
        'Shared CSP and CSC',
      ].entries())
        lists.getCell(`B${index + 1}`).value = word;
      workbook.definedNames.add('Lists!$A$1:$A$3', 'Answers');
    },
    [
      { sheet: 'CAIQv4.0.3', sqref: 'C2:C300', formula1: 'Answers' },
      { sheet: 'CAIQv4.0.3', sqref: 'D2:D300', formula1: 'Lists!$B$1:$B$4' },
    ],
  );
}
