import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { measureLongestStall } from '../../test/event-loop.js';
import { hasSharedDatasets, MISSING_DATASETS_REASON, SHARED_DATASETS } from '../../test/shared-datasets.js';
import { writeLyingXlsxBomb } from '../../test/zip-bomb.js';
import { parseCsv } from './csv.js';
import { parseQuestionnaire, QuestionnaireError, runParseTask } from './index.js';
import { readZipDirectory, readZipEntry, writeZip, type ZipEntry } from './zip.js';

async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function parseError(bytes: Uint8Array, fileName: string, options = {}): Promise<QuestionnaireError> {
  try {
    await parseQuestionnaire(bytes, fileName, options);
  } catch (error) {
    if (error instanceof QuestionnaireError) return error;
    throw error;
  }
  throw new Error('expected parseQuestionnaire to fail');
}

/** A supplier questionnaire the way customers send them: instructions, a title, merged section rows, a hidden list. */
function buildSupplierQuestionnaire(workbook: ExcelJS.Workbook): void {
  const instructions = workbook.addWorksheet('Instructions');
  instructions.addRow(['Please answer every question in the Response column.']);
  instructions.addRow(['Return the completed questionnaire to the procurement team by the end of the month.']);

  const sheet = workbook.addWorksheet('Security');
  sheet.addRow(['Supplier security questionnaire']);
  sheet.addRow(['Please answer all questions; attach evidence where asked.']);
  sheet.addRow([]);
  sheet.addRow(['Ref', 'Question', 'Response', 'Comment']); // row 4
  sheet.addRow(['1. Access control']); // row 5
  sheet.mergeCells('A5:D5');
  sheet.getCell('A5').font = { bold: true };
  sheet.addRow(['1.1', 'Do you enforce multi-factor authentication for all administrative access?']); // row 6
  sheet.addRow([
    '1.2',
    {
      richText: [
        { text: 'Describe how ' },
        { font: { bold: true }, text: 'access rights' },
        { text: ' are reviewed.' },
      ],
    },
  ]);
  sheet.addRow([
    '1.3',
    {
      formula: 'CONCATENATE("Is access revoked ","within 24 hours of termination?")',
      result: 'Is access revoked within 24 hours of termination?',
    },
  ]);
  sheet.addRow(['DATA PROTECTION']); // row 9
  sheet.addRow([
    '2.1',
    { text: 'Is customer data encrypted at rest with AES-256 or stronger?', hyperlink: 'https://example.org/policy' },
  ]);
  sheet.addRow(['2.2', 'Provide your data retention schedule.', 'Yes']);

  const lists = workbook.addWorksheet('Lists', { state: 'hidden' });
  lists.addRow(['Choice', 'Question']);
  lists.addRow(['Yes', 'Is this hidden question ever shown to the user by default?']);
  lists.addRow(['No', 'Does the parser prefer visible sheets over hidden ones?']);
  lists.addRow(['N/A', 'Are hidden sheets still listed in the sheet summary?']);
}

describe('parseQuestionnaire on .xlsx', () => {
  it('finds header, question and answer columns, skipping instructions, headings and hidden sheets', async () => {
    const result = await parseQuestionnaire(await workbookBytes(buildSupplierQuestionnaire), 'acme.xlsx');
    expect(result.format).toBe('xlsx');
    expect(result.sheets.map((sheet) => [sheet.name, sheet.isHidden])).toEqual([
      ['Instructions', false],
      ['Security', false],
      ['Lists', true],
    ]);
    expect(result.sheets[1]).toMatchObject({ headerRow: 4, questionColumn: 'B', answerColumn: 'C', questionCount: 5 });
    expect(result.sheets[2]).toMatchObject({ questionColumn: 'B', questionCount: 3 });
    expect(result.questions).toEqual([
      {
        sheet: 'Security',
        row: 6,
        reference: 'Security!B6',
        text: 'Do you enforce multi-factor authentication for all administrative access?',
        section: '1. Access control',
      },
      {
        sheet: 'Security',
        row: 7,
        reference: 'Security!B7',
        text: 'Describe how access rights are reviewed.',
        section: '1. Access control',
      },
      {
        sheet: 'Security',
        row: 8,
        reference: 'Security!B8',
        text: 'Is access revoked within 24 hours of termination?',
        section: '1. Access control',
      },
      {
        sheet: 'Security',
        row: 10,
        reference: 'Security!B10',
        text: 'Is customer data encrypted at rest with AES-256 or stronger?',
        section: 'DATA PROTECTION',
      },
      {
        sheet: 'Security',
        row: 11,
        reference: 'Security!B11',
        text: 'Provide your data retention schedule.',
        section: 'DATA PROTECTION',
      },
    ]);
  });

  it('reads a hidden sheet when the user names it, and takes column overrides by letter or header text', async () => {
    const bytes = await workbookBytes(buildSupplierQuestionnaire);
    const hidden = await parseQuestionnaire(bytes, 'acme.xlsx', { sheet: 'lists' });
    expect(hidden.questions.map((question) => question.reference)).toEqual(['Lists!B2', 'Lists!B3', 'Lists!B4']);

    const byHeader = await parseQuestionnaire(bytes, 'acme.xlsx', {
      sheet: 'Security',
      column: 'Question',
      answerColumn: 'Comment',
    });
    expect(byHeader.sheets[1]).toMatchObject({ questionColumn: 'B', answerColumn: 'D' });
    const byLetter = await parseQuestionnaire(bytes, 'acme.xlsx', {
      sheet: 'Security',
      column: 'B',
      answerColumn: 'd',
    });
    expect(byLetter.questions).toEqual(byHeader.questions);
  });

  it('reports the header cells of every sheet and reads from a header row the user chose', async () => {
    const bytes = await workbookBytes(buildSupplierQuestionnaire);
    const detected = await parseQuestionnaire(bytes, 'acme.xlsx');
    expect(detected.sheets[1]).toMatchObject({
      name: 'Security',
      headerRow: 4,
      headerCells: [
        { column: 'A', text: 'Ref' },
        { column: 'B', text: 'Question' },
        { column: 'C', text: 'Response' },
        { column: 'D', text: 'Comment' },
      ],
    });
    // Row 6 as the header: its cells become the headings and questions are read from row 7 on.
    const chosen = await parseQuestionnaire(bytes, 'acme.xlsx', { sheet: 'Security', headerRow: 6, column: 'B' });
    expect(chosen.sheets[1]?.headerRow).toBe(6);
    expect(chosen.sheets[1]?.headerCells[0]).toEqual({ column: 'A', text: '1.1' });
    expect(chosen.questions.every((question) => question.row > 6)).toBe(true);
    expect(chosen.questions.length).toBe(detected.questions.filter((question) => question.row > 6).length);
  });

  it('says which column and sheet hold no questions when the chosen column is empty', async () => {
    const bytes = await workbookBytes(buildSupplierQuestionnaire);
    const error = await parseError(bytes, 'acme.xlsx', { sheet: 'Security', column: 'Z' });
    expect(error.message).toMatch(
      /the question column "Z" holds no questions in sheet "Security"; columns seen: A "Ref"/,
    );
  });

  it('names the available sheets and columns when an override does not exist', async () => {
    const bytes = await workbookBytes(buildSupplierQuestionnaire);
    const sheetError = await parseError(bytes, 'acme.xlsx', { sheet: 'Privacy' });
    expect(sheetError.message).toMatch(/sheet "Privacy" not found; sheets: "Instructions", "Security", "Lists"/);
    const columnError = await parseError(bytes, 'acme.xlsx', { sheet: 'Security', column: 'Frågor' });
    expect(columnError.message).toMatch(
      /question column "Frågor" not found in sheet "Security"; columns seen: A "Ref", B "Question", C "Response", D "Comment"/,
    );
  });

  it('ignores a data validation that covers a whole column and still returns the rows', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Questions');
      sheet.addRow(['Answer', 'Question']);
      sheet.addRow(['', 'Do you run background checks on staff with production access?']);
      sheet.addRow(['', 'Is there an incident response plan that is tested every year?']);
      addWholeColumnValidation(sheet);
    });
    const sheetXml = await readZipEntry(
      bytes,
      requireEntry(readZipDirectory(bytes, 'fixture'), 'xl/worksheets/sheet1.xml'),
      'fixture',
    );
    expect(sheetXml.toString('utf8')).toContain('sqref="A2:A1048576"');
    const result = await parseQuestionnaire(bytes, 'validated.xlsx');
    // A column that only takes Yes/No/N/A is the choice column, never the place for an answer's text.
    expect(result.sheets[0]).toMatchObject({
      rowCount: 3,
      headerRow: 1,
      questionColumn: 'B',
      choiceColumn: 'A',
      choiceWords: ['Yes', 'No', 'N/A'],
      answerColumn: null,
    });
    expect(result.questions.map((question) => question.reference)).toEqual(['Questions!B2', 'Questions!B3']);
  });

  it('refuses a sheet with 100,000 rows with a clear message', async () => {
    const stream = new (await import('node:stream')).PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream });
    const sheet = writer.addWorksheet('Big');
    sheet.addRow(['Question']).commit();
    for (let index = 1; index <= 100_000; index += 1) sheet.addRow([`Do you control item ${index}?`]).commit();
    sheet.commit();
    await writer.commit();
    const error = await parseError(new Uint8Array(Buffer.concat(chunks)), 'big.xlsx');
    expect(error.message).toMatch(/sheet "Big" has more than 20000 rows/);
  });

  it('says so when no column holds questions', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Prices');
      sheet.addRow(['Item', 'Price']);
      sheet.addRow(['Licence', 100]);
      sheet.addRow(['Support', 20]);
    });
    const error = await parseError(bytes, 'prices.xlsx');
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/no question column found in prices\.xlsx; columns seen: A "Item", B "Price"/);
  });
});

describe('parseQuestionnaire on .csv', () => {
  it('reads quoted newlines and a byte order mark, keeping spreadsheet row numbers', async () => {
    const text =
      '\uFEFFid;question;answer\n1;"Do you keep audit logs?\nFor how long?";\n2;"Describe your ""break glass"" procedure.";\n';
    const result = await parseQuestionnaire(new TextEncoder().encode(text), 'uploads/q.csv');
    expect(result.format).toBe('csv');
    expect(result.sheets[0]).toMatchObject({
      name: 'q.csv',
      headerRow: 1,
      questionColumn: 'B',
      answerColumn: 'C',
      questionCount: 2,
    });
    expect(result.questions).toEqual([
      { sheet: 'q.csv', row: 2, reference: 'q.csv!B2', text: 'Do you keep audit logs?\nFor how long?' },
      { sheet: 'q.csv', row: 3, reference: 'q.csv!B3', text: 'Describe your "break glass" procedure.' },
    ]);
  });

  it('takes terse items under a column headed "Question", with the section heading above them', async () => {
    const text = 'Ref,Question,Answer\r\nBackup and recovery,,\r\nB1,Frequency,\r\nB2,Retention period,\r\n';
    const result = await parseQuestionnaire(new TextEncoder().encode(text), 'terse.csv');
    expect(result.questions).toEqual([
      { sheet: 'terse.csv', row: 3, reference: 'terse.csv!B3', text: 'Frequency', section: 'Backup and recovery' },
      {
        sheet: 'terse.csv',
        row: 4,
        reference: 'terse.csv!B4',
        text: 'Retention period',
        section: 'Backup and recovery',
      },
    ]);
    // The same items under a heading that does not say so are not taken for a questionnaire.
    const unnamed = 'Ref,Item name,Answer\r\nB1,Frequency,\r\nB2,Retention period,\r\n';
    const error = await parseError(new TextEncoder().encode(unnamed), 'unnamed.csv');
    expect(error.message).toMatch(/no question column found/);
  });

  it('refuses a CSV with more rows than maxRows', async () => {
    const text = `question\n${Array.from({ length: 100_000 }, (_, index) => `Is control ${index} in place?`).join('\n')}`;
    const error = await parseError(new TextEncoder().encode(text), 'big.csv');
    expect(error.message).toMatch(/more than 20000 rows/);
  });
});

const datasets = SHARED_DATASETS;
// Without the folder, one skipped test says why in the report instead of the tests vanishing silently.
if (!hasSharedDatasets) it.skip(`real questionnaires from the shared datasets: ${MISSING_DATASETS_REASON}`);
describe.runIf(hasSharedDatasets)('real questionnaires from the shared datasets', () => {
  const files = [
    'mvsp_v3.0_requirements.csv',
    'nis2_ir_2024_2690_requirements.csv',
    'google_vsaq_questions.csv',
    'cisa_vendor_scrm_template_questions.csv',
  ];
  for (const file of files) {
    it(`finds the question column and at least 90% of the rows of ${file}`, async () => {
      const bytes = readFileSync(`${datasets}/${file}`);
      const records = parseCsv(bytes.toString('utf8'));
      const header = records[0] ?? [];
      const expectedColumn = String.fromCharCode(
        65 + header.findIndex((name) => name === 'question' || name === 'requirement'),
      );
      const result = await parseQuestionnaire(bytes, file);
      expect(result.sheets[0]?.questionColumn).toBe(expectedColumn);
      expect(result.questions.length).toBeGreaterThanOrEqual(Math.ceil((records.length - 1) * 0.9));
    });
  }

  it('refuses the ISO 27001 title catalogue unless the column is chosen', async () => {
    const bytes = readFileSync(`${datasets}/iso27001_2022_annex_a.csv`);
    await expect(parseQuestionnaire(bytes, 'annex.csv')).rejects.toThrow(
      /no question column found in annex\.csv; columns seen: A "id", B "title", C "theme"/,
    );
    const chosen = await parseQuestionnaire(bytes, 'annex.csv', { column: 'title' });
    expect(chosen.questions).toHaveLength(93);
  });
});

describe('parseQuestionnaire refuses what is not a spreadsheet', () => {
  it.each([
    [
      'PDF',
      new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
      /this is a PDF, not a spreadsheet/,
    ],
    ['PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /this is a PNG image/],
    [
      'OLE2',
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
      /This workbook is encrypted or in the old \.xls format; save it as an unencrypted \.xlsx/,
    ],
    [
      'random bytes',
      Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 256),
      /neither an \.xlsx workbook nor UTF-8 text/,
    ],
    ['binary that is valid UTF-8', Uint8Array.from([0x41, 0x00, 0x42, 0x01, 0x02]), /the file is binary/],
    ['an empty file', new Uint8Array(0), /the file is empty/],
  ])('%s', async (_, bytes, message) => {
    const error = await parseError(bytes, 'upload.xlsx');
    expect(error.code).toBe('invalid_input');
    expect(error.problems[0]?.source).toBe('upload.xlsx');
    expect(error.message).toMatch(message);
  });

  it('refuses a truncated workbook', async () => {
    const bytes = await workbookBytes(buildSupplierQuestionnaire);
    const error = await parseError(bytes.subarray(0, Math.floor(bytes.length / 2)), 'cut.xlsx');
    expect(error.message).toMatch(/damaged or truncated/);
  });

  it('refuses a zip that is not a workbook', async () => {
    const error = await parseError(
      writeZip([{ name: 'word/document.xml', data: new TextEncoder().encode('<w:document/>') }]),
      'letter.xlsx',
    );
    expect(error.message).toMatch(/this is a Word document, not an Excel workbook/);
  });

  it('refuses more than 20 MB before parsing', async () => {
    const error = await parseError(new Uint8Array(20 * 1024 * 1024 + 1), 'huge.csv');
    expect(error.message).toMatch(/at most 20 MB/);
  });

  it('refuses a zip bomb from its directory: 50 MB of zeros in a few kilobytes', async () => {
    const zeros = new Uint8Array(50 * 1024 * 1024);
    const compressed = deflateRawSync(zeros, { level: 9 });
    const bomb = writeZip([
      {
        name: 'xl/worksheets/sheet1.xml',
        method: 8,
        crc: 0,
        compressedData: compressed,
        uncompressedSize: zeros.length,
      },
    ]);
    expect(bomb.length).toBeLessThan(200_000);
    const error = await parseError(bomb, 'bomb.xlsx');
    expect(error.message).toMatch(/expands \d+:1 to 50 MB; more than 200:1 is refused as a likely zip bomb/);
  });

  it('refuses a workbook whose directory claims more than 200 MB in total', async () => {
    const bytes = await workbookBytes(buildSupplierQuestionnaire);
    const patched = claimUncompressedSize(bytes, 1024 * 1024 * 1024);
    const error = await parseError(patched, 'claims.xlsx');
    expect(error.message).toMatch(/refused: the workbook expands beyond 100 MB/);
  });
});

const GIGABYTE = 1024 * 1024 * 1024;

describe('parseQuestionnaire measures what a zip really unpacks to, never what its directory claims', () => {
  it('refuses shared strings whose headers claim 900 bytes but which inflate to 1 GB, as soon as they pass 900', async () => {
    const bomb = writeLyingXlsxBomb({ part: 'xl/sharedStrings.xml', inflatedBytes: GIGABYTE, declaredBytes: 900 });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const error = await parseError(bomb, 'strings.xlsx');
    expect(error.message).toBe(
      `strings.xlsx (xl/sharedStrings.xml): refused: the workbook expands beyond the 900 bytes its zip directory declares for xl/sharedStrings.xml (a zip bomb or a damaged file)`,
    );
  });

  it('refuses a worksheet that lies about its size the same way', async () => {
    const bomb = writeLyingXlsxBomb({ part: 'xl/worksheets/sheet1.xml', inflatedBytes: GIGABYTE, declaredBytes: 900 });
    const error = await parseError(bomb, 'sheet.xlsx');
    expect(error.message).toMatch(/refused: the workbook expands beyond the 900 bytes its zip directory declares/);
  });

  it('refuses an honest bomb from its directory: 300 MB of zeros that says so', async () => {
    const bomb = writeLyingXlsxBomb({
      part: 'xl/sharedStrings.xml',
      inflatedBytes: 300 * 1024 * 1024,
      declaredBytes: 300 * 1024 * 1024,
    });
    const error = await parseError(bomb, 'honest.xlsx');
    expect(error.message).toMatch(/refused: the workbook expands beyond 100 MB/);
  });

  it('never unpacks an image, so a lying 1 GB image does not stop the questions being read', async () => {
    const bomb = writeLyingXlsxBomb({ part: 'xl/media/image1.png', inflatedBytes: GIGABYTE, declaredBytes: 900 });
    const parsed = await parseQuestionnaire(bomb, 'picture.xlsx');
    expect(parsed.questions.map((question) => question.text)).toEqual([
      'Do you encrypt customer data at rest?',
      'Do you enforce multi-factor authentication for administrators?',
    ]);
  });

  it('still reads a workbook with an image, a note, a hyperlink and a table, which it leaves out', async () => {
    const bytes = await workbookBytes((workbook) => {
      const sheet = workbook.addWorksheet('Security');
      sheet.addRow(['Question', 'Answer']);
      sheet.addRow(['Do you encrypt customer data at rest?']);
      sheet.addRow([{ text: 'Do you publish a security policy?', hyperlink: 'https://example.org/policy' }]);
      sheet.getCell('A2').note = 'Answer for production systems only.';
      const image = workbook.addImage({ base64: PNG_PIXEL, extension: 'png' });
      sheet.addImage(image, 'C2:D4');
      const table = workbook.addWorksheet('Lists');
      table.addTable({
        name: 'Choices',
        ref: 'A1',
        columns: [{ name: 'Choice' }],
        rows: [['Yes'], ['No']],
      });
    });
    const names = readZipDirectory(bytes, 'fixture').map((entry) => entry.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'xl/media/image1.png',
        'xl/drawings/drawing1.xml',
        'xl/comments1.xml',
        'xl/tables/table1.xml',
      ]),
    );
    const parsed = await parseQuestionnaire(bytes, 'rich.xlsx', { sheet: 'Security' });
    expect(parsed.questions.map((question) => question.text)).toEqual([
      'Do you encrypt customer data at rest?',
      'Do you publish a security policy?',
    ]);
  });

  it('keeps memory bounded while refusing a lying 1 GB bomb (peak RSS of a separate process)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tillit-bomb-'));
    try {
      const bombPath = join(folder, 'bomb.xlsx');
      const normalPath = join(folder, 'normal.xlsx');
      await writeFile(
        bombPath,
        writeLyingXlsxBomb({ part: 'xl/sharedStrings.xml', inflatedBytes: GIGABYTE, declaredBytes: 900 }),
      );
      await writeFile(
        normalPath,
        writeLyingXlsxBomb({ part: 'xl/media/image1.png', inflatedBytes: 1024, declaredBytes: 1024 }),
      );
      // The first parse starts a worker and loads exceljs, so the second measures only what the bomb costs.
      const script = `
        import { readFileSync } from 'node:fs';
        const { parseQuestionnaire } = await import(${JSON.stringify(new URL('./index.ts', import.meta.url).href)});
        await parseQuestionnaire(readFileSync(${JSON.stringify(normalPath)}), 'normal.xlsx');
        const bomb = readFileSync(${JSON.stringify(bombPath)});
        const before = process.resourceUsage().maxRSS;
        let message = 'parsed';
        try { await parseQuestionnaire(bomb, 'bomb.xlsx'); } catch (error) { message = error.message; }
        const after = process.resourceUsage().maxRSS;
        console.log(JSON.stringify({ growthKilobytes: after - before, message }));
      `;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '--eval', script],
        { maxBuffer: 1024 * 1024 },
      );
      const result: unknown = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
      expect(result).toMatchObject({
        message: expect.stringMatching(/refused: the workbook expands beyond the 900 bytes/),
      });
      expect(result).toHaveProperty('growthKilobytes', expect.any(Number));
      const growth = Reflect.get(Object(result), 'growthKilobytes');
      expect(growth).toBeLessThan(100 * 1024);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 60_000);
});

// A 1×1 transparent PNG.
const PNG_PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** Rewrites the first central-directory entry's uncompressed size, as a hand-made bomb would. */
function claimUncompressedSize(bytes: Uint8Array, size: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const view = new DataView(copy.buffer);
  for (let offset = 0; offset < copy.length - 4; offset += 1) {
    if (view.getUint32(offset, true) === 0x02014b50) {
      view.setUint32(offset + 24, size, true);
      return copy;
    }
  }
  throw new Error('no central directory entry');
}

/** exceljs writes worksheet.dataValidations but its typings omit it. */
function addWholeColumnValidation(sheet: ExcelJS.Worksheet): void {
  const validations: unknown = Reflect.get(sheet, 'dataValidations');
  if (
    typeof validations !== 'object' ||
    validations === null ||
    !('add' in validations) ||
    typeof validations.add !== 'function'
  ) {
    throw new Error('this exceljs has no worksheet.dataValidations.add');
  }
  Reflect.apply(validations.add, validations, [
    'A2:A1048576',
    { type: 'list', allowBlank: true, formulae: ['"Yes,No,N/A"'] },
  ]);
}

function requireEntry(entries: ZipEntry[], name: string): ZipEntry {
  const entry = entries.find((candidate) => candidate.name === name);
  if (entry === undefined) throw new Error(`fixture has no ${name}`);
  return entry;
}

describe('a workbook the spreadsheet library fails on', () => {
  it("says the file cannot be read, in our words, never the library's own error text", async () => {
    const bytes = await workbookBytes(buildSupplierQuestionnaire);
    const parts = [];
    for (const entry of readZipDirectory(bytes, 'broken.xlsx')) {
      const data = await readZipEntry(bytes, entry, 'broken.xlsx');
      // A sheet whose cells element never closes: exceljs stops with its own parser message.
      parts.push({
        name: entry.name,
        data:
          entry.name === 'xl/worksheets/sheet1.xml' ? Buffer.from('<worksheet><sheetData><row r="1"><c r="A1"') : data,
      });
    }
    const error = await parseError(writeZip(parts), 'broken.xlsx');
    expect(error.message).toBe(
      'broken.xlsx: the workbook could not be read: it is damaged or not a workbook this reader understands; open it in Excel and save it again as .xlsx',
    );
  });
});

describe('reading a large CSV', () => {
  it('parses and detects 20,000 rows off the main thread, so the event loop keeps running', async () => {
    const lines = ['id,question'];
    for (let row = 1; row < 20_000; row++) {
      lines.push(`Q${row},"How do you protect customer data of kind ${row} when it is stored, backed up and deleted?"`);
    }
    const bytes = new TextEncoder().encode(lines.join('\n'));
    // The first worker start loads the TypeScript loader; measure a second, as a running server would see it.
    await parseQuestionnaire(new TextEncoder().encode('id,question\nQ1,Do you encrypt data at rest?\n'), 'warm.csv');
    // The baseline, in the same run: the same work on this thread holds the timer for all of its duration.
    const here = await measureLongestStall(() =>
      runParseTask(
        { bytes, source: 'large.csv', format: 'csv', maxRows: 20_000, preserveText: false, select: { overrides: {} } },
        Date.now() + 60_000,
      ),
    );
    const { result: parsed, longestStallMs } = await measureLongestStall(() => parseQuestionnaire(bytes, 'large.csv'));
    expect(parsed.questions).toHaveLength(19_999);
    expect(parsed.questions[0]).toMatchObject({ sheet: 'large.csv', row: 2 });
    // The worker sends the questions in parts of 1,000: all of them arrive, once each, in file order.
    expect(parsed.questions[19_998]).toMatchObject({ row: 20_000 });
    expect(parsed.questions.every((question, index) => question.row === index + 2)).toBe(true);
    // A ratio, not a number of milliseconds: a busy machine slows both the same way.
    expect(longestStallMs).toBeLessThan(here.longestStallMs / 2);
  });
});
