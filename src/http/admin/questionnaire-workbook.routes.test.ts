import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CookieClient } from '../../../test/create-admin-test-app.js';
import {
  createQuestionnaireTestApp,
  QUESTIONNAIRE_INSPECTOR,
  waitForMatching as waitForQuestionnaire,
} from '../../../test/questionnaire-services.js';
import { buildWorkbook } from '../../../test/workbooks.js';
import type { QuestionnaireService } from '../../services/questionnaire.service.js';
import { QuestionnaireRepository } from '../../storage/questionnaire.repository.js';

const PASSWORD = 'correct horse battery staple';
const INSPECTOR = QUESTIONNAIRE_INSPECTOR;
let questionnaireApp: Awaited<ReturnType<typeof createQuestionnaireTestApp>>;
let testApp: typeof questionnaireApp.testApp;
let app: Hono;
let questionnaires: QuestionnaireService;

beforeEach(async () => {
  questionnaireApp = await createQuestionnaireTestApp({ content: 'minimal', password: PASSWORD });
  ({ testApp, app, questionnaires } = questionnaireApp);
});
afterEach(async () => {
  await questionnaireApp.close();
});

async function waitForMatching(id: number) {
  return (await waitForQuestionnaire(questionnaires, id)).status;
}

/** Vendor sheets with a Yes/No list and no text column, and a buyer sheet repeating the first one's questions. */
function vendorWorkbook(): Promise<Uint8Array> {
  const general = ['Is customer data encrypted on every disk?', 'Are backups stored in a second location?'];
  return buildWorkbook(
    (workbook) => {
      const vendor = workbook.addWorksheet('Vendor');
      vendor.addRow(['Question', 'Compliant?']);
      for (const question of general) vendor.addRow([question]);
      const people = workbook.addWorksheet('People');
      people.addRow(['Question', 'Answer']);
      people.addRow(['Do you screen staff before they get access to production?']);
      people.addRow(['Do you run security awareness training every year?']);
      const buyer = workbook.addWorksheet('Buyer');
      buyer.addRow(['Question', 'Weight']);
      for (const question of general) buyer.addRow([question]);
    },
    [{ sheet: 'Vendor', sqref: 'B2:B50', formula1: '"Yes,No"' }],
  );
}

async function uploadForm(client: CookieClient, fields: Record<string, string>, bytes: Uint8Array) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('file', new File([bytes.slice()], 'vendor.xlsx'));
  const response = await client.request('/admin/questionnaires', { method: 'POST', body: form });
  return { response, text: await response.text() };
}

describe('questionnaire workbooks on the staff pages', () => {
  it('shows skipped sheets and the choice column, re-reads several ticked sheets, and says what the download leaves out', async () => {
    const client = new CookieClient(app);
    const csrfToken = await client.signInForToken('ada@example.test', PASSWORD, '/admin/questionnaires');
    const uploaded = await uploadForm(client, { _csrf: csrfToken }, await vendorWorkbook());
    expect(uploaded.response.status).toBe(303);
    const id = Number(/\/(\d+)\?/.exec(uploaded.response.headers.get('location') ?? '')?.[1]);
    expect(await waitForMatching(id)).toBe('ready');
    const record = await questionnaires.get(INSPECTOR, id);
    expect(record).toMatchObject({ sheet: 'Vendor, People', choiceColumn: 'B', answerColumn: 'B' });

    const page = await client.get(`/admin/questionnaires/${id}`);
    expect(page.text).toContain('<dt>Short-answer column</dt><dd>B</dd>');
    expect(page.text).toContain('<dt>Sheets left out</dt>');
    expect(page.text).toContain('Buyer: 2 of its 2 questions repeat questions of sheet &quot;Vendor&quot;');

    // Accept one answer on the vendor sheet: its text has nowhere to go, and the download section says so.
    const [first] = await new QuestionnaireRepository(testApp.container.database.db).listQuestions(id);
    if (!first) throw new Error('no question');
    await questionnaires.accept({ actor: INSPECTOR }, first.id, 'disk-encryption', 'Yes, with AES-256.');
    const withAnswer = await client.get(`/admin/questionnaires/${id}`);
    expect(withAnswer.text).toContain('The Excel download cannot write everything:');
    expect(withAnswer.text).toContain(
      'sheet &quot;Vendor&quot; has no column for the text of an answer, only the choice column B: the text of 1 answer was not written',
    );

    const body = new URLSearchParams([
      ['_csrf', csrfToken],
      ['sheet', 'People'],
      ['sheet', 'Buyer'],
    ]);
    const reread = await client.request(`/admin/questionnaires/${id}/layout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    expect(reread.status).toBe(303);
    expect(await waitForMatching(id)).toBe('ready');
    expect((await questionnaires.get(INSPECTOR, id)).sheet).toBe('People, Buyer');

    const refused = await client.request(`/admin/questionnaires/${id}/layout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['_csrf', csrfToken],
        ['sheet', 'People'],
        ['sheet', 'Nope'],
      ]).toString(),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('has no sheet &quot;Nope&quot;');
    expect((await questionnaires.get(INSPECTOR, id)).sheet).toBe('People, Buyer');
  });

  it('takes several sheets, one per line, and the choice column at upload', async () => {
    const client = new CookieClient(app);
    const csrfToken = await client.signInForToken('ada@example.test', PASSWORD, '/admin/questionnaires');
    const uploaded = await uploadForm(
      client,
      { _csrf: csrfToken, sheet: 'Vendor\r\nBuyer', choiceColumn: 'B' },
      await vendorWorkbook(),
    );
    expect(uploaded.response.status).toBe(303);
    const id = Number(/\/(\d+)\?/.exec(uploaded.response.headers.get('location') ?? '')?.[1]);
    expect(await waitForMatching(id)).toBe('ready');
    expect(await questionnaires.get(INSPECTOR, id)).toMatchObject({ sheet: 'Vendor, Buyer', choiceColumn: 'B' });
  });
});
