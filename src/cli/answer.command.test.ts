import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/create-test-app.js';
import { buildWorkbook, readCells } from '../../test/workbooks.js';
import { writeLyingXlsxBomb } from '../../test/zip-bomb.js';
import { type AnswerReport, runAnswer } from './answer.command.js';

let app: Awaited<ReturnType<typeof createTestApp>>;
let folder: string;

beforeAll(async () => {
  // The example folder on purpose: `tillit answer` drafts answers from a real-sized knowledge base,
  // and the questions below are answered by its entries.
  app = await createTestApp({ content: 'example' });
  folder = await mkdtemp(join(tmpdir(), 'tillit-answer-'));
});

afterAll(async () => {
  await app.close();
  await rm(folder, { recursive: true, force: true });
});

// Built here so the fixture is ours: a BOM, a quoted comma, a quoted newline and an empty row.
const QUESTIONNAIRE = [
  '\uFEFFID,Question,Notes',
  'Q1,"Do you encrypt customer data at rest, including backups?",',
  'Q2,"The vendor must publish a vulnerability disclosure policy\nwith a safe harbor.",second line',
  ',,',
  'Q3,=HYPERLINK("http://evil.example") Do you run penetration tests?,',
].join('\r\n');

async function run(args: string[]): Promise<{ out: string[]; error: string[] }> {
  const out: string[] = [];
  const error: string[] = [];
  await runAnswer(app.container, args, { out: (line) => out.push(line), error: (line) => error.push(line) });
  return { out, error };
}

/** A checklist whose only answer column is a Yes/No list, and a buyer sheet that copies its questions by formula. */
function checklistWithBuyerCopy(): Promise<Uint8Array> {
  const questions = [
    'Do you encrypt customer data at rest, including backups?',
    'Do you run penetration tests by an independent firm every year?',
    'Do you require multi-factor authentication for administrative access?',
  ];
  return buildWorkbook(
    (workbook) => {
      const sheet = workbook.addWorksheet('Checklist');
      sheet.addRow(['Question', 'Compliant?']);
      for (const question of questions) sheet.addRow([question]);
      const buyer = workbook.addWorksheet('Buyer view');
      buyer.addRow(['Question', 'Score']);
      questions.forEach((question, index) => {
        buyer.getCell(`A${index + 2}`).value = { formula: `Checklist!A${index + 2}`, result: question };
      });
    },
    [{ sheet: 'Checklist', sqref: 'B2:B200', formula1: '"Yes,No"' }],
  );
}

describe('tillit answer', () => {
  it('says which sheets it skipped and what it could not write into a workbook, on stderr', async () => {
    const file = join(folder, 'checklist.xlsx');
    const target = join(folder, 'checklist-answered.xlsx');
    await writeFile(file, await checklistWithBuyerCopy());
    const { out, error } = await run([file, '--format', 'xlsx', '--out', target]);
    expect(out[0]).toMatch(/^Wrote \d+ draft answers/);
    expect(error[0]).toBe(
      'Skipped sheet "Buyer view": 3 of its 3 questions are formulas that take their text from sheet "Checklist" (choose it with --sheet to read it).',
    );
    expect(
      error.some((line) =>
        line.startsWith(
          'Not written: sheet "Checklist" has no column for the text of an answer, only the choice column B',
        ),
      ),
    ).toBe(true);
    // Nothing but list words may go into B: the drafts' text went nowhere.
    const cells = await readCells(new Uint8Array(await readFile(target)), 'Checklist');
    for (const row of [2, 3, 4]) expect(['Yes', 'No', undefined]).toContain(cells.get(`B${row}`));

    const chosen = await run([file, '--sheet', 'Checklist', '--sheet', 'Buyer view', '--choice-column', 'B']);
    const report = JSON.parse(chosen.out.join('\n')) as AnswerReport;
    expect(report.skippedSheets).toEqual([]);
    expect(new Set(report.questions.map((question) => question.sheet))).toEqual(new Set(['Checklist', 'Buyer view']));
    await expect(run([file, '--sheet', 'Nope'])).rejects.toThrow(/sheet "Nope" not found/);
  });

  it('prints each question with its ranked candidates as JSON', async () => {
    const file = join(folder, 'questionnaire.csv');
    await writeFile(file, QUESTIONNAIRE, 'utf8');
    const { out } = await run([file, '--top', '3']);
    const report = JSON.parse(out.join('\n')) as AnswerReport;
    expect(report.file).toBe('questionnaire.csv');
    expect(report.questions.map((question) => [question.reference, question.row, question.sheet])).toEqual([
      ['questionnaire.csv!B2', 2, 'questionnaire.csv'],
      ['questionnaire.csv!B3', 3, 'questionnaire.csv'],
      ['questionnaire.csv!B5', 5, 'questionnaire.csv'],
    ]);
    expect(report.questions[1]?.text).toContain('\nwith a safe harbor.');
    for (const question of report.questions) {
      expect(question.candidates).toHaveLength(3);
      for (const candidate of question.candidates) {
        expect(Object.keys(candidate).sort()).toEqual(['confidence', 'score', 'slug']);
        expect(['high', 'medium', 'low', 'none']).toContain(candidate.confidence);
      }
    }
    expect(report.questions.map((question) => question.candidates[0]?.slug)).toEqual([
      'encryption-at-rest',
      'vulnerability-disclosure-program',
      'penetration-testing',
    ]);
  });

  it('writes a CSV with draft answers and every cell neutralised against formulas', async () => {
    const file = join(folder, 'questions.csv');
    const target = join(folder, 'answers.csv');
    await writeFile(file, QUESTIONNAIRE, 'utf8');
    const { out } = await run([file, '--format', 'csv', '--out', target]);
    expect(out[0]).toMatch(/^Wrote suggestions for 3 questions to .*answers\.csv/);
    const csv = await readFile(target, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('"reference","question","top slug","confidence","draft answer"');
    expect(lines[1]).toMatch(
      /^"questions\.csv!B2","Do you encrypt customer data at rest, including backups\?","encryption-at-rest","\w+","Yes\. /,
    );
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"") Do you run penetration tests?"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('picks the question column by letter and refuses a missing column with a clear message', async () => {
    const file = join(folder, 'plain.csv');
    await writeFile(file, 'Ref,Text\nA,Who is your data protection officer?\n', 'utf8');
    const { out } = await run([file, '--column', 'B', '--top', '1']);
    const report = JSON.parse(out.join('\n')) as AnswerReport;
    expect(report.questions[0]?.candidates[0]?.slug).toBe('data-protection-officer');
    await expect(run([file, '--column', 'Answer'])).rejects.toThrow(/Answer/);
  });

  it('reads the header row the user names', async () => {
    const file = join(folder, 'titled.csv');
    await writeFile(
      file,
      'Supplier review 2026,\nAnswer every question,\nRef,Question\nA,Who is your data protection officer?\nB,Do you encrypt data at rest?\n',
      'utf8',
    );
    const { out } = await run([file, '--header-row', '3', '--top', '1']);
    const report = JSON.parse(out.join('\n')) as AnswerReport;
    expect(report.questions.map((question) => question.row)).toEqual([4, 5]);
    expect(report.questions[0]?.candidates[0]?.slug).toBe('data-protection-officer');
    await expect(run([file, '--header-row', '0'])).rejects.toThrow(/--header-row must be at least 1/);
    await expect(run([file, '--header-row', 'two'])).rejects.toThrow(/--header-row must be a whole number/);
    await expect(run([file, '--header-row', '40'])).rejects.toThrow(/40/);
  });

  it('rejects bad options and unsupported formats without writing anything', async () => {
    const file = join(folder, 'questionnaire.csv');
    await writeFile(file, QUESTIONNAIRE, 'utf8');
    await expect(run([file, '--top', '0'])).rejects.toThrow(/--top must be at least 1/);
    await expect(run([file, '--top', 'many'])).rejects.toThrow(/--top must be a whole number/);
    await expect(run([file, '--format', 'xml'])).rejects.toThrow(/--format must be json, csv or xlsx/);
    await expect(run([file, '--format', 'xlsx'])).rejects.toThrow(/needs --out answered\.xlsx/);
    await expect(run([file, '--format', 'xlsx', '--out', join(folder, 'never.xlsx')])).rejects.toThrow(
      /questionnaire\.csv is a CSV file, so there is no workbook to fill in; use --format csv/,
    );
    await expect(readFile(join(folder, 'never.xlsx'))).rejects.toThrow();
    await expect(run([join(folder, 'missing.csv')])).rejects.toThrow(/does not exist/);
    await expect(run([])).rejects.toThrow(/Usage: tillit answer/);
  });

  it('writes confident draft answers as text into the answer column of a copy of the workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Questions');
    sheet.getRow(1).values = ['ID', 'Question', 'Vendor answer', 'Comments'];
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(2).values = ['Q1', 'Who is your data protection officer?'];
    sheet.getRow(3).values = ['Q2', 'What colour is the office carpet in the Stockholm lobby?'];
    sheet.getColumn('C').width = 50;
    const file = join(folder, 'vendor.xlsx');
    const target = join(folder, 'answered.xlsx');
    await writeFile(file, new Uint8Array(await workbook.xlsx.writeBuffer()));
    const { out } = await run([file, '--format', 'xlsx', '--out', target]);
    expect(out[0]).toMatch(/^Wrote 1 draft answers \(high or medium confidence\) for 2 questions to .*answered\.xlsx/);
    const answered = new ExcelJS.Workbook();
    await answered.xlsx.load((await readFile(target)).buffer as ArrayBuffer);
    const written = answered.getWorksheet('Questions');
    expect(written?.getCell('C2').value).toMatch(/^Our data protection officer can be reached at /);
    expect(written?.getCell('C2').type).toBe(ExcelJS.ValueType.String);
    expect(written?.getCell('C3').value).toBeNull();
    expect(written?.getCell('A1').font?.bold).toBe(true);
    expect(written?.getColumn('C').width).toBe(50);

    await run([file, '--format', 'xlsx', '--answer-column', 'D', '--out', target]);
    const chosen = new ExcelJS.Workbook();
    await chosen.xlsx.load((await readFile(target)).buffer as ArrayBuffer);
    expect(chosen.getWorksheet('Questions')?.getCell('D2').value).toMatch(
      /^Our data protection officer can be reached at /,
    );
    expect(chosen.getWorksheet('Questions')?.getCell('C2').value).toBeNull();
  });

  it('refuses a workbook whose image or shared strings lie about their size, writing nothing', async () => {
    const strings = join(folder, 'strings-bomb.xlsx');
    const target = join(folder, 'strings-answered.xlsx');
    const gigabyte = 1024 * 1024 * 1024;
    await writeFile(
      strings,
      writeLyingXlsxBomb({ part: 'xl/sharedStrings.xml', inflatedBytes: gigabyte, declaredBytes: 900 }),
    );
    await expect(run([strings, '--format', 'xlsx', '--out', target])).rejects.toThrow(
      'strings-bomb.xlsx (xl/sharedStrings.xml): refused: the workbook expands beyond the 900 bytes its zip directory declares for xl/sharedStrings.xml (a zip bomb or a damaged file)',
    );
    await expect(readFile(target)).rejects.toThrow(/ENOENT/);
    // An image is never unpacked, so the questions around it are still answered.
    const image = join(folder, 'image-bomb.xlsx');
    await writeFile(
      image,
      writeLyingXlsxBomb({ part: 'xl/media/image1.png', inflatedBytes: gigabyte, declaredBytes: 900 }),
    );
    const report = JSON.parse((await run([image])).out.join('\n')) as AnswerReport;
    expect(report.questions).toHaveLength(2);
  });
});
