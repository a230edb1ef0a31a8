import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/create-test-app.js';
import { createQuestionnaireServices } from '../../test/questionnaire-services.js';
import { buildWorkbook, caiqWorkbook, choiceAndCommentsWorkbook, readCells } from '../../test/workbooks.js';
import type { SuggestedEntry } from '../domain/questionnaire.js';
import type { ShortAnswer } from '../domain/short-answer.js';
import type { Actor } from '../domain/staff.js';
import { QuestionnaireRepository } from '../storage/questionnaire.repository.js';

let testApp: Awaited<ReturnType<typeof createTestApp>>;
let services: ReturnType<typeof createQuestionnaireServices>;
let repository: QuestionnaireRepository;

beforeEach(async () => {
  testApp = await createTestApp({ content: 'minimal' });
  services = createQuestionnaireServices(testApp.container);
  repository = new QuestionnaireRepository(testApp.container.database.db);
});
afterEach(async () => {
  await services.matching.whenIdle();
  await testApp.close();
});

const editor: Actor = { userId: 1, email: 'ada@example.test', name: 'Ada', role: 'editor' };
const context = { actor: editor, ip: '127.0.0.1' };

function suggestion(slug: string, draftAnswer: string, shortAnswer?: ShortAnswer): SuggestedEntry {
  return {
    slug,
    question: `Entry ${slug}`,
    score: 0.9,
    confidence: 'high',
    draftAnswer,
    ...(shortAnswer === undefined ? {} : { shortAnswer }),
  };
}

/** Uploads a workbook, lets matching finish, then gives each question the suggestions a test needs. */
async function uploadWithSuggestions(
  bytes: Uint8Array,
  fileName: string,
  suggestions: SuggestedEntry[][],
  options: { sheets?: string[]; choiceColumn?: string; answerColumn?: string } = {},
) {
  const uploaded = await services.questionnaires.upload(context, { fileName, bytes, ...options });
  await services.matching.whenIdle();
  const record = await services.questionnaires.get(editor, uploaded.id);
  const questions = await repository.listQuestions(uploaded.id);
  await repository.storeMatches(
    uploaded.id,
    record.matchingRun,
    questions.map((question, index) => ({ questionId: question.id, candidates: suggestions[index] ?? [] })),
    questions.length,
    new Date().toISOString(),
  );
  return { id: uploaded.id, questions };
}

describe('answers into a workbook with a choice column', () => {
  it('writes the short answer as the list word in the choice column and the text in the comments column', async () => {
    const { id, questions } = await uploadWithSuggestions(await choiceAndCommentsWorkbook(), 'security.xlsx', [
      [suggestion('disk-encryption', 'AES-256 on every disk and backup.', 'yes')],
      [suggestion('backup-location', 'Partly: the platform yes, the office network not yet.', 'partial')],
      [suggestion('staff-screening', 'Every administrator signs in with a hardware key.')],
    ]);
    const record = await services.questionnaires.get(editor, id);
    expect(record).toMatchObject({ answerColumn: 'D', choiceColumn: 'C' });
    const [first, second, third] = questions;
    if (!first || !second || !third) throw new Error('questions missing');
    await services.questionnaires.accept(context, first.id, 'disk-encryption', 'AES-256 on every disk and backup.');
    expect((await services.questionnaires.getQuestion(editor, first.id)).shortAnswer).toBe('yes');
    // The bulk path keeps the short answer too.
    const preview = await services.questionnaires.previewConfident(editor, id, 'high');
    const confirmed = preview.items.map((item) => ({ id: item.id, slug: item.slug }));
    expect(await services.questionnaires.acceptConfident(context, id, 'high', confirmed)).toMatchObject({
      accepted: 2,
    });
    expect((await services.questionnaires.getQuestion(editor, second.id)).shortAnswer).toBe('partial');

    const exported = await services.exports.exportXlsx(editor, id);
    const cells = await readCells(exported.bytes, 'Security');
    expect(cells.get('C2')).toBe('Yes');
    expect(cells.get('D2')).toBe('AES-256 on every disk and backup.');
    // "Yes,No,N/A" offers no word for "partial": the cell stays empty and the export says so.
    expect(cells.has('C3')).toBe(false);
    expect(cells.get('D3')).toBe('Partly: the platform yes, the office network not yet.');
    expect(cells.has('C4')).toBe(false);
    expect(cells.get('D4')).toBe('Every administrator signs in with a hardware key.');
    expect(exported.warnings).toEqual([
      '1 answer on sheet "Security" has no short answer, so its cell in column C is left empty',
      'Security!C3: the list (Yes, No, N/A) has no word for "partial", so the cell is left empty',
    ]);
    expect(await services.exports.listXlsxWarnings(editor, id)).toEqual(exported.warnings);

    const csv = await services.exports.exportCsv(editor, id);
    expect(csv.split('\r\n')[0]).toBe('"reference","sheet","row","question","short answer","answer","entry"');
    expect(csv).toContain('"Yes","AES-256 on every disk and backup."');
  });

  it('writes no yes or no for an open question, even when the accepted entry carries one', async () => {
    const bytes = await buildWorkbook(
      (workbook) => {
        const sheet = workbook.addWorksheet('Security');
        sheet.addRow(['ID', 'Question', 'Response (Yes/No/N/A)', 'Comments / evidence']);
        sheet.addRow(['1', 'How many data centers do you operate?']);
        sheet.addRow(['2', 'Is more than one factor required to enter the data hall?']);
      },
      [{ sheet: 'Security', sqref: 'C2:C400', formula1: '"Yes,No,N/A"' }],
    );
    const { id, questions } = await uploadWithSuggestions(bytes, 'open.xlsx', [
      [suggestion('staff-screening', 'A card and a PIN open the data hall.', 'yes')],
      [suggestion('staff-screening', 'A card and a PIN open the data hall.', 'yes')],
    ]);
    const [open, closed] = questions;
    if (!open || !closed) throw new Error('questions missing');
    await services.questionnaires.accept(context, open.id, 'staff-screening', 'A card and a PIN open the data hall.');
    await services.questionnaires.accept(context, closed.id, 'staff-screening', 'A card and a PIN open the data hall.');
    const cells = await readCells((await services.exports.exportXlsx(editor, id)).bytes, 'Security');
    expect(cells.has('C2')).toBe(false);
    expect(cells.get('D2')).toBe('A card and a PIN open the data hall.');
    expect(cells.get('C3')).toBe('Yes');
  });

  it('saves the short answer the reviewer chose beside the text, over the one of the entry', async () => {
    const { id, questions } = await uploadWithSuggestions(await choiceAndCommentsWorkbook(), 'override.xlsx', [
      [suggestion('disk-encryption', 'AES-256 on every disk and backup.', 'yes')],
      [suggestion('backup-location', 'Partly: the platform yes, the office network not yet.', 'partial')],
      [suggestion('staff-screening', 'Every administrator signs in with a hardware key.', 'yes')],
    ]);
    const [first, second, third] = questions;
    if (!first || !second || !third) throw new Error('questions missing');
    await services.questionnaires.accept(
      context,
      first.id,
      'disk-encryption',
      'AES-256 on every disk and backup.',
      undefined,
      {
        shortAnswer: 'no',
      },
    );
    await services.questionnaires.accept(
      context,
      second.id,
      'backup-location',
      'Partly: the platform yes, the office network not yet.',
      undefined,
      { shortAnswer: 'not_applicable' },
    );
    await services.questionnaires.accept(
      context,
      third.id,
      'staff-screening',
      'Every administrator signs in with a hardware key.',
      undefined,
      {
        shortAnswer: null,
      },
    );
    expect((await services.questionnaires.getQuestion(editor, first.id)).shortAnswer).toBe('no');
    expect((await services.questionnaires.getQuestion(editor, third.id)).shortAnswer).toBeNull();
    const cells = await readCells((await services.exports.exportXlsx(editor, id)).bytes, 'Security');
    expect(cells.get('C2')).toBe('No');
    expect(cells.get('C3')).toBe('N/A');
    expect(cells.has('C4')).toBe(false);
  });

  it('writes nothing into a lone choice column but the short answer, and says the text was left out', async () => {
    const bytes = await buildWorkbook(
      (workbook) => {
        const sheet = workbook.addWorksheet('Checklist');
        sheet.addRow(['Question', 'Compliant?']);
        sheet.addRow(['Do you keep an inventory of information assets?']);
        sheet.addRow(['Do you review access rights every quarter?']);
      },
      [{ sheet: 'Checklist', sqref: 'B2:B100', formula1: '"Yes,No"' }],
    );
    const { id, questions } = await uploadWithSuggestions(bytes, 'checklist.xlsx', [
      [suggestion('disk-encryption', 'Yes. Every asset is listed with an owner.', 'yes')],
    ]);
    const [question] = questions;
    if (!question) throw new Error('question missing');
    await services.questionnaires.accept(
      context,
      question.id,
      'disk-encryption',
      'Yes. Every asset is listed with an owner.',
    );
    const exported = await services.exports.exportXlsx(editor, id);
    const cells = await readCells(exported.bytes, 'Checklist');
    expect(cells.get('B2')).toBe('Yes');
    expect([...cells.keys()].sort()).toEqual(['A1', 'A2', 'A3', 'B1', 'B2']);
    expect(exported.warnings).toEqual([
      'sheet "Checklist" has no column for the text of an answer, only the choice column B: the text of 1 answer was not written',
    ]);
  });

  it('writes the short answer in Swedish into a Swedish questionnaire whose choice column has no list', async () => {
    const bytes = await buildWorkbook((workbook) => {
      const sheet = workbook.addWorksheet('Krav');
      sheet.addRow(['Fråga', 'Uppfylls?', 'Kommentar']);
      sheet.addRow(['Har ni en förteckning över era informationstillgångar?']);
      sheet.addRow(['Granskar ni behörigheterna varje kvartal?']);
    });
    const { id, questions } = await uploadWithSuggestions(bytes, 'krav.xlsx', [
      [suggestion('disk-encryption', 'Ja. Varje tillgång har en ägare.', 'yes')],
      [suggestion('backup-location', 'Delvis: plattformen ja, kontorsnätet inte ännu.', 'partial')],
    ]);
    const record = await services.questionnaires.get(editor, id);
    expect(record).toMatchObject({ choiceColumn: 'B', answerColumn: 'C' });
    const [first, second] = questions;
    if (!first || !second) throw new Error('questions missing');
    await services.questionnaires.accept(context, first.id, 'disk-encryption', 'Ja. Varje tillgång har en ägare.');
    await services.questionnaires.accept(
      context,
      second.id,
      'backup-location',
      'Delvis: plattformen ja, kontorsnätet inte ännu.',
    );
    const cells = await readCells((await services.exports.exportXlsx(editor, id)).bytes, 'Krav');
    // Before, the words were always English ("Yes", "Partially") whatever the language of the questions.
    expect([cells.get('B2'), cells.get('B3')]).toEqual(['Ja', 'Delvis']);
    expect(cells.get('C2')).toBe('Ja. Varje tillgång har en ägare.');
  });

  it('leaves the CAIQ ownership column alone and puts the description in its column', async () => {
    const { id, questions } = await uploadWithSuggestions(await caiqWorkbook(), 'caiq.xlsx', [
      [suggestion('backup-location', 'Our audit policy is approved by management each year.', 'not_applicable')],
    ]);
    const [question] = questions;
    if (!question) throw new Error('question missing');
    await services.questionnaires.accept(
      context,
      question.id,
      'backup-location',
      'Our audit policy is approved by management each year.',
    );
    const exported = await services.exports.exportXlsx(editor, id);
    const cells = await readCells(exported.bytes, 'CAIQv4.0.3');
    expect(cells.get('C2')).toBe('NA');
    expect(cells.has('D2')).toBe(false);
    expect(cells.get('E2')).toBe('Our audit policy is approved by management each year.');
    expect(exported.warnings).toEqual([]);
  });

  it('refuses a choice column that is also the answer column, and changes nothing', async () => {
    await expect(
      services.questionnaires.upload(context, {
        fileName: 'security.xlsx',
        bytes: await choiceAndCommentsWorkbook(),
        choiceColumn: 'D',
        answerColumn: 'd',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await services.questionnaires.list(editor)).toEqual([]);
  });

  it('re-reads the chosen sheets and choice column, keeping the short answer of kept decisions', async () => {
    const { id, questions } = await uploadWithSuggestions(await choiceAndCommentsWorkbook(), 'security.xlsx', [
      [suggestion('disk-encryption', 'AES-256.', 'yes')],
    ]);
    const [first] = questions;
    if (!first) throw new Error('question missing');
    await services.questionnaires.accept(context, first.id, 'disk-encryption', 'AES-256.');
    const reread = await services.questionnaires.reread(context, id, { sheets: ['Security'], choiceColumn: 'C' });
    expect(reread.keptDecisions).toBe(1);
    expect(reread.questionnaire).toMatchObject({ choiceColumn: 'C', answerColumn: 'D' });
    const kept = (await repository.listQuestions(id)).find((question) => question.row === 2);
    expect(kept?.shortAnswer).toBe('yes');
    await expect(services.questionnaires.reread(context, id, { sheets: ['Security', 'Nope'] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
