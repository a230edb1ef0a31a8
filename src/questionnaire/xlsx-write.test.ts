import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { defuseWorksheetXml } from './workbook-package.js';
import { escapeCellText, writeAnswersToWorkbook } from './xlsx-write.js';
import { readZipDirectory, readZipEntry, writeZip } from './zip.js';

// A whole-column list on a column the answers do not go to: it must survive the write untouched.
const WHOLE_COLUMN = 'G2:G1048576';

/** A questionnaire as customers send them: styled, merged, with a hidden list sheet and a whole-column validation. */
async function buildWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Security');
  const lists = workbook.addWorksheet('Lists', { state: 'hidden' });
  lists.getCell('A1').value = 'Yes';
  lists.getCell('A2').value = 'No';
  sheet.getColumn('C').width = 60;
  sheet.getColumn('D').width = 45;
  sheet.getRow(1).values = ['ID', 'Section', 'Question', 'Answer'];
  sheet.getRow(1).font = { bold: true };
  sheet.getCell('A2').value = 'Access control';
  sheet.mergeCells('A2:D2');
  const questionStyle: Partial<ExcelJS.Style> = {
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } },
    alignment: { vertical: 'top', horizontal: 'left' },
  };
  for (const [row, text] of [
    [3, 'Do you enforce multi-factor authentication?'],
    [4, 'Describe your password policy.'],
  ] as const) {
    sheet.getCell(`A${row}`).value = `Q${row}`;
    const cell = sheet.getCell(`C${row}`);
    cell.value = text;
    cell.style = questionStyle;
  }
  sheet.getCell('D4').font = { italic: true }; // styled but empty: the answer must keep this style
  sheet.getCell('F3').value = { formula: 'SUM(1,2)', result: 3 };
  sheet.getCell('A12').value = 'Q12';
  workbook.definedNames.add('Lists!$A$1:$A$2', 'YesNo');
  const buffer = await workbook.xlsx.writeBuffer();
  // exceljs cannot be trusted to write a whole-column validation unexpanded, so it is added to the XML here.
  return replacePart(new Uint8Array(buffer), 'xl/worksheets/sheet1.xml', (xml) =>
    xml.replace(
      /(<\/sheetData>(?:[\s\S]*?<\/mergeCells>)?)/,
      `$1<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="${WHOLE_COLUMN}"><formula1>Lists!$A$1:$A$2</formula1></dataValidation></dataValidations>`,
    ),
  );
}

async function readPart(bytes: Uint8Array, name: string): Promise<string> {
  const entry = readZipDirectory(bytes, 'test').find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`no part ${name}`);
  return (await readZipEntry(bytes, entry, 'test')).toString('utf8');
}

async function replacePart(bytes: Uint8Array, name: string, change: (xml: string) => string): Promise<Uint8Array> {
  const entries = readZipDirectory(bytes, 'test');
  const parts = await Promise.all(
    entries.map(async (entry) => {
      const data = await readZipEntry(bytes, entry, 'test');
      return { name: entry.name, data: entry.name === name ? Buffer.from(change(data.toString('utf8'))) : data };
    }),
  );
  return writeZip(parts);
}

/** exceljs would expand the whole-column validation into a million entries, so it reads a copy without it. */
async function loadWithoutValidations(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const defused = await replacePart(bytes, 'xl/worksheets/sheet1.xml', defuseWorksheetXml);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(defused.slice().buffer);
  return workbook;
}

function cellXml(sheetXml: string, reference: string): string {
  const match = new RegExp(`<c r="${reference}"[^>]*?(?:/>|>[\\s\\S]*?</c>)`).exec(sheetXml);
  if (match === null) throw new Error(`no cell ${reference}`);
  return match[0];
}

describe('writeAnswersToWorkbook', () => {
  it('writes answers as text cells and keeps everything else of the workbook', async () => {
    const original = await buildWorkbook();
    const answers = [
      { sheet: 'Security', row: 3, text: '=SUM(A1:A2) is how we do not answer; this is text' },
      { sheet: 'Security', row: 4, text: 'Line one\nLine two & <b>bold</b>' },
      { sheet: 'Security', row: 12, text: '@admin +46 -1' },
      { sheet: 'Security', row: 15, text: '-not a formula either' },
    ];
    const written = await writeAnswersToWorkbook(original, answers, 'D');

    const before = await readPart(original, 'xl/worksheets/sheet1.xml');
    const after = await readPart(written, 'xl/worksheets/sheet1.xml');
    const validation = /<dataValidations\b[\s\S]*?<\/dataValidations>/.exec(before)?.[0];
    expect(validation).toContain(`sqref="${WHOLE_COLUMN}"`);
    expect(after).toContain(validation);
    expect(/<mergeCells\b[\s\S]*?<\/mergeCells>/.exec(after)?.[0]).toBe(
      /<mergeCells\b[\s\S]*?<\/mergeCells>/.exec(before)?.[0],
    );
    expect(/<cols>[\s\S]*?<\/cols>/.exec(after)?.[0]).toBe(/<cols>[\s\S]*?<\/cols>/.exec(before)?.[0]);
    for (const reference of ['D3', 'D4', 'D12', 'D15']) {
      const cell = cellXml(after, reference);
      expect(cell).toContain('t="inlineStr"');
      expect(cell).not.toMatch(/<f[\s>]/);
    }
    expect(cellXml(after, 'F3')).toBe(cellXml(before, 'F3'));
    expect(cellXml(after, 'D4')).toContain(`s="${/<c r="D4" s="(\d+)"/.exec(before)?.[1]}"`);
    // Rows that receive nothing keep their exact bytes; every other part is copied unchanged.
    expect(/<row r="1"[\s\S]*?<\/row>/.exec(after)?.[0]).toBe(/<row r="1"[\s\S]*?<\/row>/.exec(before)?.[0]);
    for (const part of ['xl/workbook.xml', 'xl/worksheets/sheet2.xml', 'xl/sharedStrings.xml']) {
      expect(await readPart(written, part), part).toBe(await readPart(original, part));
    }

    const workbook = await loadWithoutValidations(written);
    const sheet = workbook.getWorksheet('Security');
    const lists = workbook.getWorksheet('Lists');
    expect(workbook.worksheets.map((candidate) => candidate.name)).toEqual(['Security', 'Lists']);
    expect(lists?.state).toBe('hidden');
    expect(lists?.getCell('A2').value).toBe('No');
    if (sheet === undefined) throw new Error('sheet missing');
    expect(sheet.getCell('D3').value).toBe('=SUM(A1:A2) is how we do not answer; this is text');
    expect(sheet.getCell('D3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('D4').value).toBe('Line one\nLine two & <b>bold</b>');
    expect(sheet.getCell('D12').value).toBe('@admin +46 -1');
    expect(sheet.getCell('D15').value).toBe('-not a formula either');
    expect(sheet.getCell('A12').value).toBe('Q12');
    // The empty, unstyled D3 takes the question's alignment and wraps; D4 keeps its own style.
    expect(sheet.getCell('D3').alignment).toMatchObject({ vertical: 'top', horizontal: 'left', wrapText: true });
    expect(sheet.getCell('D4').font?.italic).toBe(true);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('C3').fill).toMatchObject({ fgColor: { argb: 'FFFFF2CC' } });
    expect(sheet.getColumn('C').width).toBe(60);
    expect(sheet.getCell('B2').isMerged).toBe(true);
    expect(sheet.getCell('D2').master.address).toBe('A2');
    expect(sheet.getCell('F3').value).toEqual({ formula: 'SUM(1,2)', result: 3 });
  });

  it('picks the answer column per sheet and refuses unknown sheets, bad columns and formula cells', async () => {
    const original = await buildWorkbook();
    const written = await writeAnswersToWorkbook(
      original,
      [{ sheet: 'Security', row: 3, text: 'Yes' }],
      [{ sheet: 'Security', column: 'e' }],
    );
    expect(cellXml(await readPart(written, 'xl/worksheets/sheet1.xml'), 'E3')).toContain(
      '<t xml:space="preserve">Yes</t>',
    );
    await expect(writeAnswersToWorkbook(original, [{ sheet: 'Nope', row: 3, text: 'x' }], 'D')).rejects.toThrow(
      /sheet "Nope" is not in the workbook; sheets: "Security", "Lists"/,
    );
    await expect(writeAnswersToWorkbook(original, [{ sheet: 'Security', row: 3, text: 'x' }], '3')).rejects.toThrow(
      /answer column "3" is not a column letter/,
    );
    await expect(writeAnswersToWorkbook(original, [{ sheet: 'Security', row: 3, text: 'x' }], [])).rejects.toThrow(
      /no answer column was chosen for sheet "Security"/,
    );
    await expect(writeAnswersToWorkbook(original, [{ sheet: 'Security', row: 3, text: 'x' }], 'F')).rejects.toThrow(
      /cell F3 holds a formula/,
    );
  });

  it('escapes XML and the _xHHHH_ sequences Excel would otherwise decode', () => {
    expect(escapeCellText('a & b < c > d\r\ne\u0001_x000D_')).toBe('a &amp; b &lt; c &gt; d\ne_x005F_x000D_');
  });
});
