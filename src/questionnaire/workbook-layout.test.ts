import { describe, expect, it } from 'vitest';
import { buildWorkbook, caiqWorkbook, choiceAndCommentsWorkbook } from '../../test/workbooks.js';
import { parseQuestionnaire, QuestionnaireError } from './index.js';
import { indexValidations, parseSqref, readListSource, validationAt } from './validation.js';

async function parseError(bytes: Uint8Array, options = {}): Promise<QuestionnaireError> {
  try {
    await parseQuestionnaire(bytes, 'questionnaire.xlsx', options);
  } catch (error) {
    if (error instanceof QuestionnaireError) return error;
    throw error;
  }
  throw new Error('expected parseQuestionnaire to fail');
}

describe('data validations', () => {
  it('reads ranges and list sources as Excel writes them', () => {
    expect(parseSqref('C2:C400 $E$5')).toEqual([
      { top: 2, bottom: 400, left: 3, right: 3 },
      { top: 5, bottom: 5, left: 5, right: 5 },
    ]);
    expect(parseSqref('C2:')).toBeUndefined();
    expect(readListSource('"Yes,No,N/A"', 'S', new Map())).toEqual({ kind: 'inline', words: ['Yes', 'No', 'N/A'] });
    expect(readListSource("'Answer lists'!$A$1:$A$3", 'S', new Map())).toEqual({
      kind: 'range',
      sheet: 'Answer lists',
      range: { top: 1, bottom: 3, left: 1, right: 1 },
    });
    expect(readListSource('YesNo', 'S', new Map([['yesno', 'Lists!$B$2:$B$3']]))).toMatchObject({
      kind: 'range',
      sheet: 'Lists',
    });
    expect(readListSource('INDIRECT(A1)', 'S', new Map())).toEqual({ kind: 'unknown' });
  });

  it('finds the validation of a cell through the index as a scan would, the first one winning', () => {
    const validations = [
      ...Array.from({ length: 300 }, (_, index) => ({ id: index, ranges: parseSqref(`C${index + 2}`) ?? [] })),
      { id: 'nested', ranges: parseSqref('C50:C60 D1:D1048576') ?? [] },
      { id: 'wide', ranges: parseSqref('A500:ZZ600') ?? [] },
      { id: 'column', ranges: parseSqref('E:E') ?? [] },
    ];
    const lookup = indexValidations(validations);
    for (const [row, column] of [
      [1, 3],
      [2, 3],
      [55, 3],
      [301, 3],
      [302, 3],
      [450, 4],
      [550, 3],
      [550, 700],
      [700, 5],
      [1, 6],
    ] as const) {
      expect(lookup(row, column)?.id, `row ${row} column ${column}`).toBe(validationAt(validations, row, column)?.id);
    }
  });
});

describe('choice and free-text columns', () => {
  it('finds the Yes/No list column and the comments column beside it', async () => {
    const parsed = await parseQuestionnaire(await choiceAndCommentsWorkbook(), 'security.xlsx');
    const sheet = parsed.sheets.find((candidate) => candidate.name === 'Security');
    expect(sheet).toMatchObject({
      questionColumn: 'B',
      choiceColumn: 'C',
      choiceWords: ['Yes', 'No', 'N/A'],
      answerColumn: 'D',
    });
    expect(parsed.questions).toHaveLength(3);
  });

  it('takes an "Additional Information" column (HECVAT style) for the text beside "Vendor Answer"', async () => {
    const bytes = await buildWorkbook(
      (workbook) => {
        const sheet = workbook.addWorksheet('Organization');
        sheet.addRow(['ID', 'Question', 'Vendor Answer', 'Additional Information']);
        sheet.addRow(['ORG-1', 'Do you have a documented information security policy?']);
        sheet.addRow(['ORG-2', 'Do you perform background checks on staff with access to customer data?']);
      },
      [{ sheet: 'Organization', sqref: 'C2:C100', formula1: '"Yes,No,N/A"' }],
    );
    const parsed = await parseQuestionnaire(bytes, 'hecvat.xlsx');
    expect(parsed.sheets.find((sheet) => sheet.name === 'Organization')).toMatchObject({
      choiceColumn: 'C',
      answerColumn: 'D',
    });
  });

  it('puts CAIQ answers in their places: list through a defined name, ownership left alone, description for text', async () => {
    const parsed = await parseQuestionnaire(await caiqWorkbook(), 'caiq.xlsx');
    const sheet = parsed.sheets.find((candidate) => candidate.name === 'CAIQv4.0.3');
    expect(sheet).toMatchObject({
      questionColumn: 'B',
      choiceColumn: 'C',
      choiceWords: ['Yes', 'No', 'NA'],
      answerColumn: 'E',
    });
  });

  it('reads a choice column from its heading alone (Swedish Ja/Nej) and the Kommentar column for text', async () => {
    const bytes = await buildWorkbook((workbook) => {
      const sheet = workbook.addWorksheet('Frågor');
      sheet.addRow(['Nr', 'Fråga', 'Ja/Nej', 'Kommentar']);
      sheet.addRow(['1', 'Har ni en dokumenterad informationssäkerhetspolicy?']);
      sheet.addRow(['2', 'Krypteras kunddata i vila?']);
    });
    const parsed = await parseQuestionnaire(bytes, 'frågor.xlsx');
    expect(parsed.sheets[0]).toMatchObject({ choiceColumn: 'C', choiceWords: ['Ja', 'Nej'], answerColumn: 'D' });
  });

  it('with only a choice column, leaves the text nowhere rather than in a blank column', async () => {
    const bytes = await buildWorkbook(
      (workbook) => {
        const sheet = workbook.addWorksheet('Checklist');
        sheet.addRow(['Question', 'Compliant?']);
        sheet.addRow(['Do you keep an inventory of information assets?']);
        sheet.addRow(['Do you review access rights every quarter?']);
      },
      [{ sheet: 'Checklist', sqref: 'B2:B100', formula1: '"Yes,No"' }],
    );
    const parsed = await parseQuestionnaire(bytes, 'checklist.xlsx');
    expect(parsed.sheets[0]).toMatchObject({ headerRow: 1, choiceColumn: 'B', answerColumn: null });
    expect(parsed.questions).toHaveLength(2);
  });

  it('keeps today’s answer column when there is no choice column', async () => {
    const bytes = await buildWorkbook((workbook) => {
      const sheet = workbook.addWorksheet('Q');
      sheet.addRow(['Question', 'Answer']);
      sheet.addRow(['Describe how you back up customer data.']);
    });
    const parsed = await parseQuestionnaire(bytes, 'q.xlsx');
    expect(parsed.sheets[0]).toMatchObject({ choiceColumn: null, answerColumn: 'B' });
  });

  it('lets staff choose the choice column', async () => {
    const parsed = await parseQuestionnaire(await choiceAndCommentsWorkbook(), 'security.xlsx', {
      choiceColumn: 'C',
      answerColumn: 'D',
    });
    expect(parsed.sheets[0]).toMatchObject({ choiceColumn: 'C', answerColumn: 'D', choiceWords: ['Yes', 'No', 'N/A'] });
  });

  it('refuses a list validation without a list, naming the sheet and cells', async () => {
    const bytes = await buildWorkbook(
      (workbook) => {
        const sheet = workbook.addWorksheet('Security');
        sheet.addRow(['Question', 'Response']);
        sheet.addRow(['Do you encrypt customer data at rest?']);
      },
      [{ sheet: 'Security', sqref: 'B2:B40' }],
    );
    const error = await parseError(bytes);
    expect(error.message).toContain('B2:B40');
    expect(error.message).toContain('Security');
  });

  it('refuses a validation on cells that are not a range', async () => {
    const bytes = await buildWorkbook(
      (workbook) => {
        workbook.addWorksheet('Security').addRow(['Do you encrypt customer data at rest?']);
      },
      [{ sheet: 'Security', sqref: 'B2:', formula1: '"Yes,No"' }],
    );
    expect((await parseError(bytes)).message).toContain('"B2:"');
  });
});

/** A HECVAT-like workbook: two vendor sheets, a buyer sheet of formulas, a buyer sheet that repeats questions. */
function vendorAndBuyerSheets(options: { cached: boolean }) {
  return buildWorkbook((workbook) => {
    const general = workbook.addWorksheet('Vendor General');
    general.addRow(['ID', 'Question', 'Answer']);
    const generalQuestions = [
      'Do you have a dedicated information security team?',
      'Do you perform background checks on employees?',
      'Is security awareness training required each year?',
    ];
    for (const [index, text] of generalQuestions.entries()) general.addRow([`GNRL-0${index + 1}`, text]);
    const it = workbook.addWorksheet('Vendor IT');
    it.addRow(['ID', 'Question', 'Answer']);
    it.addRow(['IT-01', 'Do you encrypt data in transit with TLS 1.2 or later?']);
    it.addRow(['IT-02', 'Are backups tested by restoring them at least once a year?']);
    const buyer = workbook.addWorksheet('Buyer Scoring');
    buyer.addRow(['ID', 'Question', 'Score']);
    for (const [index, text] of generalQuestions.entries()) {
      buyer.getCell(`A${index + 2}`).value = `GNRL-0${index + 1}`;
      buyer.getCell(`B${index + 2}`).value = options.cached
        ? { formula: `'Vendor General'!B${index + 2}`, result: text }
        : { formula: `'Vendor General'!B${index + 2}`, result: undefined as unknown as string };
    }
    const summary = workbook.addWorksheet('Summary');
    summary.addRow(['Question', 'Notes']);
    summary.addRow(['Do you encrypt data in transit with TLS 1.2 or later?']);
    summary.addRow(['Are backups tested by restoring them at least once a year?']);
  });
}

describe('sheets that copy other sheets', () => {
  it('leaves out a sheet of formulas and a sheet of repeats, saying why', async () => {
    const parsed = await parseQuestionnaire(await vendorAndBuyerSheets({ cached: true }), 'hecvat.xlsx');
    expect([...new Set(parsed.questions.map((question) => question.sheet))]).toEqual(['Vendor General', 'Vendor IT']);
    expect(parsed.skippedSheets.map((sheet) => sheet.name)).toEqual(['Buyer Scoring', 'Summary']);
    expect(parsed.skippedSheets[0]?.reason).toContain('formulas');
    expect(parsed.skippedSheets[0]?.reason).toContain('Vendor General');
    expect(parsed.skippedSheets[1]?.reason).toContain('repeat');
    expect(parsed.sheets.find((sheet) => sheet.name === 'Summary')?.skipped).toContain('Vendor IT');
  });

  it('reads the sheets staff choose, several at once, each question keeping its sheet', async () => {
    const parsed = await parseQuestionnaire(await vendorAndBuyerSheets({ cached: true }), 'hecvat.xlsx', {
      sheets: ['Vendor IT', 'Buyer Scoring'],
    });
    expect(parsed.questions.map((question) => question.reference)).toEqual([
      'Vendor IT!B2',
      'Vendor IT!B3',
      'Buyer Scoring!B2',
      'Buyer Scoring!B3',
      'Buyer Scoring!B4',
    ]);
    expect(parsed.skippedSheets).toEqual([]);
  });

  it('names a buyer sheet saved without formula values, and refuses to read it when chosen', async () => {
    const bytes = await vendorAndBuyerSheets({ cached: false });
    const parsed = await parseQuestionnaire(bytes, 'hecvat.xlsx');
    expect(parsed.skippedSheets.find((sheet) => sheet.name === 'Buyer Scoring')?.reason).toContain('without values');
    const error = await parseError(bytes, { sheets: ['Buyer Scoring'] });
    expect(error.message).toContain('B2, B3, B4');
    expect(error.message).toContain('saved without their values');
  });

  it('refuses a sheet the workbook does not have', async () => {
    const error = await parseError(await vendorAndBuyerSheets({ cached: true }), { sheets: ['Vendor IT', 'Nope'] });
    expect(error.message).toContain('sheet "Nope" not found');
  });
});

describe('long cells', () => {
  it('cuts a question longer than 4,000 characters in the worker, naming the sheet and cell', async () => {
    const long = `Describe your incident response process. ${'Include every step in detail. '.repeat(200)}`;
    const bytes = await buildWorkbook((workbook) => {
      const sheet = workbook.addWorksheet('Security');
      sheet.addRow(['Question', 'Answer']);
      sheet.addRow(['Do you encrypt customer data at rest?']);
      sheet.addRow([long]);
    });
    const parsed = await parseQuestionnaire(bytes, 'long.xlsx');
    expect(parsed.questions[1]?.text).toHaveLength(4_000);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toContain('sheet "Security" cell A3');
  });
});
