import ExcelJS from 'exceljs';
import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CookieClient } from '../../../test/create-admin-test-app.js';
import {
  createQuestionnaireTestApp,
  QUESTIONNAIRE_INSPECTOR,
  waitForMatching as waitForQuestionnaire,
} from '../../../test/questionnaire-services.js';
import { writeLyingXlsxBomb } from '../../../test/zip-bomb.js';
import type { QuestionnaireService } from '../../services/questionnaire.service.js';
import type { QuestionnaireMatchingService } from '../../services/questionnaire-matching.service.js';
import { QuestionnaireRepository } from '../../storage/questionnaire.repository.js';

const PASSWORD = 'correct horse battery staple';
// The tests read the service's state as an admin, who sees every questionnaire.
const INSPECTOR = QUESTIONNAIRE_INSPECTOR;
let questionnaireApp: Awaited<ReturnType<typeof createQuestionnaireTestApp>>;
let testApp: typeof questionnaireApp.testApp;
let app: Hono;
let questionnaires: QuestionnaireService;
let matching: QuestionnaireMatchingService;
// Awaited after each stored slice of the background matching; a test replaces it to hold or break the run.
let afterSlice: () => Promise<void> | void;

beforeEach(async () => {
  afterSlice = () => {};
  // The example folder on purpose: the review pages show the matcher's suggestions, which need a
  // real-sized knowledge base to be worth checking (the questions below name its entries).
  questionnaireApp = await createQuestionnaireTestApp({
    content: 'example',
    password: PASSWORD,
    matching: { afterSlice: () => afterSlice() },
  });
  ({ testApp, app, questionnaires, matching } = questionnaireApp);
  await testApp.container.staff.createAccount(
    { email: 'vic@example.test', name: 'Vic', role: 'viewer', password: PASSWORD },
    undefined,
  );
});
afterEach(async () => {
  await questionnaireApp.close();
});

/** Waits until the background matching of questionnaire `id` has stopped; returns its status. */
async function waitForMatching(id: number) {
  return (await waitForQuestionnaire(questionnaires, id)).status;
}

async function signIn(email: string) {
  const client = new CookieClient(app);
  return { client, csrfToken: await client.signInForToken(email, PASSWORD, '/admin/questionnaires') };
}

const MFA_QUESTION = 'Do you require multi-factor authentication for administrative access to production systems?';
const FORMULA_QUESTION = '=Do you encrypt customer data at rest in all storage systems?';
// A BOM, CRLF line ends and a quoted question that spans two lines, as Excel writes them.
const CSV = `\uFEFFID,Question,Answer\r\n1,${MFA_QUESTION},\r\n2,"Is data encrypted in transit?\nDescribe the TLS versions in use.",\r\n3,${FORMULA_QUESTION},\r\n`;

async function upload(
  client: CookieClient,
  csrfToken: string,
  bytes: Uint8Array<ArrayBuffer> | string,
  fileName: string,
) {
  const form = new FormData();
  form.set('_csrf', csrfToken);
  form.set('file', new File([bytes], fileName));
  const response = await client.request('/admin/questionnaires', { method: 'POST', body: form });
  return { response, text: await response.text() };
}

async function uploadExample(client: CookieClient, csrfToken: string) {
  const uploaded = await upload(client, csrfToken, CSV, 'vendor-questionnaire.csv');
  expect(uploaded.response.status).toBe(303);
  const location = uploaded.response.headers.get('location') ?? '';
  expect(location).toMatch(/^\/admin\/questionnaires\/\d+\?done=uploaded$/);
  const id = Number(/\/(\d+)\?/.exec(location)?.[1]);
  expect(await waitForMatching(id)).toBe('ready');
  const review = await client.get(location);
  expect(review.response.status).toBe(200);
  return { location, id, review: review.text };
}

/** The id in the accept form that follows the question's heading on the review page. */
function readQuestionId(html: string, question: string): number {
  const index = html.indexOf(question);
  const form = /questions\/(\d+)\/accept/.exec(html.slice(index));
  if (index < 0 || !form?.[1]) throw new Error(`no accept form for ${question}`);
  return Number(form[1]);
}

/** The text of a question's answer box on the review page, unescaped. */
function readTextarea(html: string, questionId: number): string {
  const match = new RegExp(`<textarea id="question-${questionId}-answer"[^>]*>([^<]*)</textarea>`).exec(html);
  if (!match) throw new Error(`no answer box for question ${questionId}`);
  return (match[1] ?? '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

describe('questionnaire upload and review', () => {
  it('reads a CSV with a BOM and a quoted newline and shows what was detected and the suggestions', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const { review } = await uploadExample(client, csrfToken);
    expect(review).toContain(
      'The questionnaire has been uploaded. Suggested answers appear below once its questions are matched.',
    );
    expect(review).toMatch(/<dt>Question column<\/dt><dd>B<\/dd>/);
    expect(review).toMatch(/<dt>Answer column<\/dt><dd>C<\/dd>/);
    expect(review).toMatch(/<dt>Questions<\/dt><dd>3<\/dd>/);
    expect(review).toContain('Is data encrypted in transit?\nDescribe the TLS versions in use.');
    expect(review).toContain('value="mfa-for-administrative-access"');
    expect(review).toMatch(/<span class="level level-(high|medium|low)">(high|medium|low)<\/span>/);
    expect(review).toContain('<progress id="questionnaire-progress" max="3" value="0">');
  });

  it('says which language the questions are in: English, or Swedish matched against the Swedish texts', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const { review } = await uploadExample(client, csrfToken);
    expect(review).toMatch(/<dt>Language<\/dt><dd>English<\/dd>/);
    const csv =
      'Nr,Fråga,Svar\r\n1,Krypterar ni säkerhetskopior?,\r\n2,Hur ofta testar ni återställning?,\r\n3,Har ni en incidentplan?,\r\n';
    const uploaded = await upload(client, csrfToken, csv, 'leverantörsfrågor.csv');
    const location = uploaded.response.headers.get('location') ?? '';
    const id = Number(/\/(\d+)\?/.exec(location)?.[1]);
    // Told from the questions' texts alone, during matching and after it.
    expect((await client.get(location)).text).toMatch(
      /<dt>Language<\/dt><dd>Swedish: matched against the Swedish texts/,
    );
    expect(await waitForMatching(id)).toBe('ready');
    expect((await client.get(location)).text).toMatch(
      /<dt>Language<\/dt><dd>Swedish: matched against the Swedish texts/,
    );
  });

  it('reads terse questions under their section heading and shows the section with them', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const csv =
      'Ref,Question,Answer\r\nBackup and recovery,,\r\nB1,Frequency,\r\nB2,Retention period,\r\nB3,Restores are tested,\r\n';
    const uploaded = await upload(client, csrfToken, csv, 'sections.csv');
    const location = uploaded.response.headers.get('location') ?? '';
    const id = Number(/\/(\d+)\?/.exec(location)?.[1]);
    expect(await waitForMatching(id)).toBe('ready');
    const review = await client.get(location);
    // One section heading row over the three questions of the compact table.
    expect(review.text.match(/<th scope="colgroup" colspan="4">Section: Backup and recovery<\/th>/g)).toHaveLength(1);
    expect(review.text.match(/<th scope="row" id="question-\d+-title">/g)).toHaveLength(3);
    const { questions } = await questionnaires.review(INSPECTOR, id);
    expect(questions.map((question) => question.section)).toEqual([
      'Backup and recovery',
      'Backup and recovery',
      'Backup and recovery',
    ]);
    // Every terse item is matched to a backup entry because of its heading and its neighbours.
    for (const question of questions) {
      expect(['platform-backups', 'customer-data-backups']).toContain(question.candidates[0]?.slug);
    }
  });

  it('accepting adds the question to the entry as a phrasing, with a version and an audit event', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const { id, review } = await uploadExample(client, csrfToken);
    const before = await testApp.container.entries.getEntry('mfa-for-administrative-access');
    expect(before.alternativePhrasings).not.toContain(MFA_QUESTION);
    const questionId = readQuestionId(review, MFA_QUESTION);
    const accepted = await client.post(`/admin/questionnaires/questions/${questionId}/accept`, {
      _csrf: csrfToken,
      slug: 'mfa-for-administrative-access',
      answer: 'Yes. Every administrator signs in with a second factor.',
    });
    expect(accepted.response.status).toBe(303);
    expect(accepted.response.headers.get('location')).toContain(`/admin/questionnaires/${id}?done=phrasing`);

    const after = await testApp.container.entries.getEntry('mfa-for-administrative-access');
    expect(after.alternativePhrasings).toEqual([...before.alternativePhrasings, MFA_QUESTION]);
    expect(after.answer).toBe(before.answer);
    expect(after.tags).toEqual(before.tags);
    const versions = await testApp.container.entries.listVersions('mfa-for-administrative-access');
    expect(versions[0]?.change).toBe('added a phrasing from a questionnaire');
    const { items } = await testApp.container.audit.list({ targetId: 'mfa-for-administrative-access' }, 1, 10);
    expect(items.map((event) => event.action)).toContain('entry.save');

    const page = await client.get(`/admin/questionnaires/${id}`);
    expect(page.text).toContain('<progress id="questionnaire-progress" max="3" value="1">');
    expect(page.text).toContain('1 of 3 accepted');

    // Accepting again does not add the phrasing twice.
    await client.post(`/admin/questionnaires/questions/${questionId}/accept`, {
      _csrf: csrfToken,
      slug: 'mfa-for-administrative-access',
      answer: 'Yes.',
    });
    const again = await testApp.container.entries.getEntry('mfa-for-administrative-access');
    expect(again.alternativePhrasings.filter((phrasing) => phrasing === MFA_QUESTION)).toHaveLength(1);
  });

  it('under four-eyes, a phrasing learned while a change waits joins that change, whose writer still may not approve it', async () => {
    const { entries, staff } = testApp.container;
    const slug = 'mfa-for-administrative-access';
    const root = await staff.createAccount(
      { email: 'root@example.test', name: 'Root', role: 'admin', password: PASSWORD },
      undefined,
    );
    const bo = await staff.createAccount(
      { email: 'bo@example.test', name: 'Bo', role: 'editor', password: PASSWORD },
      undefined,
    );
    await testApp.container.settings.setFourEyesRequired({ actor: root }, true);
    const before = await entries.getEntry(slug);
    await entries.updateEntry({ actor: bo }, slug, { ...before, answer: 'Yes, Bo rewrote this answer.' });

    const { client, csrfToken } = await signIn('ada@example.test');
    const { review } = await uploadExample(client, csrfToken);
    const accepted = await client.post(
      `/admin/questionnaires/questions/${readQuestionId(review, MFA_QUESTION)}/accept`,
      {
        _csrf: csrfToken,
        slug,
        answer: 'Yes.',
      },
    );
    expect(accepted.response.status).toBe(303);

    const waiting = await entries.getEntry(slug);
    const pending = (await entries.listVersions(slug)).find((version) => version.version === waiting.pendingVersion);
    expect(pending?.entry.answer).toBe('Yes, Bo rewrote this answer.');
    expect(pending?.entry.alternativePhrasings).toContain(MFA_QUESTION);
    const refused = await entries.approve({ actor: bo }, slug).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'forbidden' });
    await entries.approve({ actor: root }, slug);
    expect(await entries.getEntry(slug)).toMatchObject({
      answer: 'Yes, Bo rewrote this answer.',
      alternativePhrasings: [...before.alternativePhrasings, MFA_QUESTION],
    });
  });

  it('records a terse question with its section heading, and nothing when learning is turned off', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const csv =
      'Ref,Question,Answer\r\nBackup and recovery,,\r\nB1,How often are copies made,\r\nB2,Retention period,\r\n';
    const uploaded = await upload(client, csrfToken, csv, 'learn.csv');
    const id = Number(/\/(\d+)\?/.exec(uploaded.response.headers.get('location') ?? '')?.[1]);
    expect(await waitForMatching(id)).toBe('ready');
    const [first, second] = (await questionnaires.review(INSPECTOR, id)).questions;
    const slugOf = (question: typeof first) => question?.candidates[0]?.slug ?? '';
    await client.post(`/admin/questionnaires/questions/${first?.id}/accept`, {
      _csrf: csrfToken,
      slug: slugOf(first),
      answer: 'Daily.',
    });
    const learned = await testApp.container.entries.getEntry(slugOf(first));
    expect(learned.alternativePhrasings).toContain('Backup and recovery: How often are copies made');

    const admin = { userId: 0, email: 'root@example.test', name: 'Root', role: 'admin' as const };
    await testApp.container.settings.setPhrasingLearning({ actor: admin }, false);
    try {
      const before = await testApp.container.entries.getEntry(slugOf(second));
      const accepted = await client.post(`/admin/questionnaires/questions/${second?.id}/accept`, {
        _csrf: csrfToken,
        slug: slugOf(second),
        answer: 'Thirty days.',
      });
      expect(accepted.response.headers.get('location')).toContain('done=accepted');
      const after = await testApp.container.entries.getEntry(slugOf(second));
      expect(after.alternativePhrasings).toEqual(before.alternativePhrasings);
      expect((await questionnaires.review(INSPECTOR, id)).counts.accepted).toBe(2);
    } finally {
      await testApp.container.settings.setPhrasingLearning({ actor: admin }, true);
    }
  });

  it('exports accepted answers as formula-safe CSV and as JSON', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const { id, review } = await uploadExample(client, csrfToken);
    const questionId = readQuestionId(review, FORMULA_QUESTION);
    const question = await questionnaires.getQuestion(INSPECTOR, questionId);
    const slug = question.candidates[0]?.slug;
    if (!slug) throw new Error('the formula question has no suggestion');
    const accepted = await client.post(`/admin/questionnaires/questions/${questionId}/accept`, {
      _csrf: csrfToken,
      slug,
      answer: '+Yes, with AES-256.',
    });
    expect(accepted.response.status).toBe(303);
    const csv = await client.get(`/admin/questionnaires/${id}/export.csv`);
    expect(csv.response.status).toBe(200);
    expect(csv.response.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain(`'${FORMULA_QUESTION}`);
    expect(csv.text).toContain("'+Yes, with AES-256.");
    expect(csv.text).not.toMatch(/(^|,)=Do you encrypt/m);
    const json = await client.get(`/admin/questionnaires/${id}/export.json`);
    expect(JSON.parse(json.text)).toEqual({
      file: 'vendor-questionnaire.csv',
      answers: [expect.objectContaining({ question: FORMULA_QUESTION, answer: '+Yes, with AES-256.', entry: slug })],
    });
  });

  it('exports an .xlsx upload with the accepted answer written as text into its answer cell', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Vendor security');
    sheet.getRow(1).values = ['ID', 'Question', 'Answer'];
    sheet.getRow(2).values = ['1', MFA_QUESTION];
    sheet.getRow(3).values = ['2', 'Is customer data encrypted at rest in every storage system?'];
    workbook.addWorksheet('Notes').getCell('A1').value = 'kept as it was';
    const uploaded = await upload(
      client,
      csrfToken,
      new Uint8Array(await workbook.xlsx.writeBuffer()),
      'Vendor review (2025).xlsx',
    );
    expect(uploaded.response.status).toBe(303);
    const location = uploaded.response.headers.get('location') ?? '';
    const id = Number(/\/(\d+)\?/.exec(location)?.[1]);
    expect(await waitForMatching(id)).toBe('ready');
    const review = await client.get(location);
    expect(review.text).toContain(`href="/admin/questionnaires/${id}/export.xlsx"`);
    const questionId = readQuestionId(review.text, MFA_QUESTION);
    const accepted = await client.post(`/admin/questionnaires/questions/${questionId}/accept`, {
      _csrf: csrfToken,
      slug: 'mfa-for-administrative-access',
      answer: '=Yes, every administrator signs in with a second factor.',
    });
    expect(accepted.response.status).toBe(303);

    const response = await client.request(`/admin/questionnaires/${id}/export.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Vendor review (2025)-answered.xlsx"; filename*=UTF-8''Vendor%20review%20%282025%29-answered.xlsx`,
    );
    const answered = new ExcelJS.Workbook();
    await answered.xlsx.load(await response.arrayBuffer());
    const written = answered.getWorksheet('Vendor security');
    expect(written?.getCell('C2').value).toBe('=Yes, every administrator signs in with a second factor.');
    expect(written?.getCell('C2').type).toBe(ExcelJS.ValueType.String);
    expect(written?.getCell('C3').value).toBeNull();
    expect(written?.getCell('B2').value).toBe(MFA_QUESTION);
    expect(answered.getWorksheet('Notes')?.getCell('A1').value).toBe('kept as it was');
  });

  it('refuses the workbook export of a CSV upload with 409 and points to the CSV and JSON exports', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const { id, review } = await uploadExample(client, csrfToken);
    expect(review).not.toContain('export.xlsx');
    const response = await client.get(`/admin/questionnaires/${id}/export.xlsx`);
    expect(response.response.status).toBe(409);
    expect(response.text).toContain('was uploaded as CSV, so there is no workbook to fill in');
    expect(response.text).toContain('CSV or JSON');
    expect((await client.get('/admin/questionnaires/99999/export.xlsx')).response.status).toBe(404);
  });

  it('saves only the draft the reviewer saw: another candidate picked over an unedited draft is refused, and choosing it first shows its draft', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const { id } = await uploadExample(client, csrfToken);
    const { questions } = await questionnaires.review(INSPECTOR, id);
    const question = questions.find(
      (candidate) =>
        candidate.candidates.length >= 2 &&
        candidate.candidates[0]?.draftAnswer.trim() !== candidate.candidates[1]?.draftAnswer.trim(),
    );
    const [first, second] = question?.candidates ?? [];
    if (!question || !first || !second) throw new Error('no question with two different drafts');

    // Without script: the radio picked the second entry but the box still showed the first entry's draft.
    const mismatch = await client.post(`/admin/questionnaires/questions/${question.id}/accept`, {
      _csrf: csrfToken,
      slug: second.slug,
      answer: first.draftAnswer,
      suggested: first.draftAnswer,
    });
    expect(mismatch.response.status).toBe(409);
    // The page's own form names the entry whose draft it showed instead of sending the text back.
    const named = await client.post(`/admin/questionnaires/questions/${question.id}/accept`, {
      _csrf: csrfToken,
      slug: second.slug,
      answer: first.draftAnswer.replaceAll('\n', '\r\n'),
      shown: first.slug,
    });
    expect(named.response.status).toBe(409);
    expect(mismatch.text).toContain(`the box showed the draft of another entry`);
    // The refusal shows the chosen entry's draft in the box, with that entry chosen, and saves nothing.
    expect(readTextarea(mismatch.text, question.id)).toBe(second.draftAnswer);
    expect(mismatch.text).toMatch(new RegExp(`name="slug" value="${second.slug}" checked=""`));
    const unchanged = await questionnaires.getQuestion(INSPECTOR, question.id);
    expect(unchanged).toMatchObject({ status: 'suggested', answer: null, chosenSlug: null });

    // Choosing another entry is a link that shows the page again with that entry's draft.
    const page = await client.get(`/admin/questionnaires/${id}`);
    const choose = new RegExp(`href="([^"]*question=${question.id}&amp;entry=${second.slug}[^"]*)"`).exec(page.text);
    expect(choose?.[1]).toBeDefined();
    const chosen = await client.get((choose?.[1] ?? '').replaceAll('&amp;', '&'));
    expect(readTextarea(chosen.text, question.id)).toBe(second.draftAnswer);
    expect(chosen.text).toContain(`<input type="hidden" name="shown" value="${second.slug}"/>`);
    const accepted = await client.post(`/admin/questionnaires/questions/${question.id}/accept`, {
      _csrf: csrfToken,
      slug: second.slug,
      answer: second.draftAnswer.replaceAll('\n', '\r\n'),
      shown: second.slug,
    });
    expect(accepted.response.status).toBe(303);
    expect(await questionnaires.getQuestion(INSPECTOR, question.id)).toMatchObject({
      status: 'accepted',
      chosenSlug: second.slug,
      answer: second.draftAnswer.trim(),
    });

    // Text the reviewer wrote is saved as written, with the entry they chose.
    await client.post(`/admin/questionnaires/questions/${question.id}/accept`, {
      _csrf: csrfToken,
      slug: first.slug,
      answer: 'Our own words.',
      suggested: second.draftAnswer,
    });
    expect(await questionnaires.getQuestion(INSPECTOR, question.id)).toMatchObject({
      chosenSlug: first.slug,
      answer: 'Our own words.',
    });
  });

  it('marks a question as needing an answer', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const { id, review } = await uploadExample(client, csrfToken);
    const questionId = readQuestionId(review, MFA_QUESTION);
    const marked = await client.post(`/admin/questionnaires/questions/${questionId}/needs-answer`, {
      _csrf: csrfToken,
    });
    expect(marked.response.status).toBe(303);
    const page = await client.get(`/admin/questionnaires/${id}?done=needs-answer`);
    expect(page.text).toContain('1 marked as needing an answer');
  });

  it('accepts every undecided confident suggestion at once, leaving decided and unsure questions alone', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const questions = [
      'Do you require MFA for administrative access?',
      'Is our data encrypted at rest?',
      'What are your RTO and RPO?',
      'Do you keep a register of zorblax quantum flux capacitors?',
    ];
    const csv = `Question,Answer\n${questions.map((question) => `"${question}",`).join('\n')}\n`;
    const uploaded = await upload(client, csrfToken, csv, 'bulk.csv');
    const id = Number(/\/(\d+)\?/.exec(uploaded.response.headers.get('location') ?? '')?.[1]);
    expect(await waitForMatching(id)).toBe('ready');
    const before = await questionnaires.review(INSPECTOR, id);
    const confident = before.questions.filter((question) =>
      ['high', 'medium'].includes(question.candidates[0]?.confidence ?? 'none'),
    );
    expect(confident.length).toBeGreaterThanOrEqual(2);
    expect(confident.length).toBeLessThan(questions.length);
    // One confident question is decided by hand first: "accept all" must not overwrite it.
    const decided = confident[0];
    if (!decided) throw new Error('no confident question');
    await client.post(`/admin/questionnaires/questions/${decided.id}/needs-answer`, { _csrf: csrfToken });
    const page = await client.get(`/admin/questionnaires/${id}`);
    const offered = confident.length - 1;
    expect(page.text).toContain('Accept confident suggestions');
    expect(page.text).toMatch(new RegExp(`Accept (all ${offered}|the 1) high`));
    expect(page.text).toContain(`<form method="get" action="/admin/questionnaires/${id}/accept-confident">`);

    // The button opens a preview that lists what would be accepted and writes nothing.
    const preview = await client.get(`/admin/questionnaires/${id}/accept-confident?level=medium`);
    expect(preview.response.status).toBe(200);
    const rows = [...preview.text.matchAll(/name="question" value="(\d+):([^"]+)" checked=""/g)].map((match) => ({
      id: Number(match[1]),
      slug: match[2] ?? '',
    }));
    expect(rows.map((row) => row.id).sort()).toEqual(
      confident
        .filter((question) => question.id !== decided.id)
        .map((question) => question.id)
        .sort(),
    );
    for (const row of rows) {
      const question = confident.find((candidate) => candidate.id === row.id);
      expect(row.slug).toBe(question?.candidates[0]?.slug);
      expect(preview.text).toContain(question?.text.replaceAll("'", '&#39;'));
    }
    expect(preview.text).toContain('Nothing has been accepted yet.');
    expect((await questionnaires.review(INSPECTOR, id)).counts.accepted).toBe(0);

    const countBulkEvents = async () =>
      (await testApp.container.audit.list({ action: 'questionnaire.accept_confident' }, 1, 10)).total;
    // Without CSRF, with a bad level or with nothing ticked: refused, nothing accepted.
    const field = (row: { id: number; slug: string }) => `${row.id}:${row.slug}`;
    const postForm = (fields: [string, string][]) =>
      client.request(`/admin/questionnaires/${id}/accept-confident`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    expect(
      (await postForm([['level', 'medium'], ...rows.map((row): [string, string] => ['question', field(row)])])).status,
    ).toBe(403);
    expect(
      (
        await postForm([
          ['_csrf', csrfToken],
          ['level', 'all'],
          ['question', field(rows[0] ?? { id: 1, slug: 'x' })],
        ])
      ).status,
    ).toBe(400);
    expect(
      (
        await postForm([
          ['_csrf', csrfToken],
          ['level', 'medium'],
        ])
      ).status,
    ).toBe(400);
    expect(await countBulkEvents()).toBe(0);

    // A question decided after the preview was shown stays as decided: the stale preview accepts only the others.
    const [stale, ...fresh] = rows;
    if (!stale) throw new Error('nothing offered');
    await client.post(`/admin/questionnaires/questions/${stale.id}/needs-answer`, { _csrf: csrfToken });
    const accepted = await postForm([
      ['_csrf', csrfToken],
      ['level', 'medium'],
      ...rows.map((row): [string, string] => ['question', field(row)]),
    ]);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe(
      `/admin/questionnaires/${id}?done=bulk-accepted&accepted=${fresh.length}&skipped=1`,
    );
    const after = await questionnaires.review(INSPECTOR, id);
    for (const question of after.questions) {
      const first = question.candidates[0];
      if (question.id === decided.id || question.id === stale.id) expect(question.status).toBe('needs_answer');
      else if (fresh.some((row) => row.id === question.id)) {
        expect(question).toMatchObject({
          status: 'accepted',
          chosenSlug: first?.slug,
          answer: first?.draftAnswer.trim(),
        });
      } else expect(question.status).toBe('suggested');
    }
    expect(await countBulkEvents()).toBe(1);
    const done = await client.get(accepted.headers.get('location') ?? '');
    expect(done.text).toContain(
      'been accepted; 1 was skipped because it was decided or matched again after the preview.',
    );
    expect(done.text).toContain('No undecided question has a high- or medium-confidence suggestion.');
  });

  it('marks on the preview an entry suggested first for neighbouring questions, and accepts only the ticked ones', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const questions = [
      'Do you require MFA for administrative access?',
      'Is multi-factor authentication required for administrators?',
      'Is our data encrypted at rest?',
      'Do you keep a register of zorblax quantum flux capacitors?',
    ];
    const csv = `Question,Answer\n${questions.map((question) => `"${question}",`).join('\n')}\n`;
    const uploaded = await upload(client, csrfToken, csv, 'crowded.csv');
    const id = Number(/\/(\d+)\?/.exec(uploaded.response.headers.get('location') ?? '')?.[1]);
    expect(await waitForMatching(id)).toBe('ready');
    const listed = (await questionnaires.review(INSPECTOR, id)).questions;
    const top = listed.map((question) => question.candidates[0]?.slug);
    // The two MFA questions share their first suggestion; the encryption one has another.
    expect(top[0]).toBe(top[1]);
    expect(top[2]).not.toBe(top[1]);
    const preview = await client.get(`/admin/questionnaires/${id}/accept-confident?level=medium`);
    const crowded = [...preview.text.matchAll(/id="bulk-(\d+)-crowded"/g)].map((match) => Number(match[1]));
    expect(crowded).toEqual([listed[0]?.id, listed[1]?.id]);
    expect(preview.text).toContain('2 questions are marked &quot;Same entry nearby&quot;');
    // The reviewer unticks the second MFA question.
    const ticked = [...preview.text.matchAll(/name="question" value="(\d+:[^"]+)"/g)]
      .map((match) => match[1] ?? '')
      .filter((value) => !value.startsWith(`${listed[1]?.id}:`));
    const form = new URLSearchParams([
      ['_csrf', csrfToken],
      ['level', 'medium'],
      ...ticked.map((value): [string, string] => ['question', value]),
    ]);
    const accepted = await client.request(`/admin/questionnaires/${id}/accept-confident`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(accepted.status).toBe(303);
    const after = await questionnaires.review(INSPECTOR, id);
    expect(after.questions.map((question) => question.status)).toEqual([
      'accepted',
      'suggested',
      'accepted',
      'suggested',
    ]);
  });

  it('lets no viewer accept suggestions in bulk', async () => {
    const editor = await signIn('ada@example.test');
    const { id } = await uploadExample(editor.client, editor.csrfToken);
    const { client, csrfToken } = await signIn('vic@example.test');
    const { questions } = await questionnaires.review(INSPECTOR, id);
    const refused = await client.post(`/admin/questionnaires/${id}/accept-confident`, {
      _csrf: csrfToken,
      level: 'medium',
      question: `${questions[0]?.id}:${questions[0]?.candidates[0]?.slug}`,
    });
    expect(refused.response.status).toBe(403);
    expect((await client.get(`/admin/questionnaires/${id}/accept-confident?level=high`)).response.status).toBe(403);
    expect((await questionnaires.review(INSPECTOR, id)).counts.accepted).toBe(0);
  });

  it('says why each entry was suggested: the question words it matched and the controls the question names', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const csv = 'Question\n"How are encryption keys rotated (ISO 27001 Annex A 8.24)?"\n';
    const uploaded = await upload(client, csrfToken, csv, 'reasons.csv');
    const location = uploaded.response.headers.get('location') ?? '';
    const id = Number(/\/(\d+)\?/.exec(location)?.[1]);
    expect(await waitForMatching(id)).toBe('ready');
    const [question] = (await questionnaires.review(INSPECTOR, id)).questions;
    const first = question?.candidates[0];
    expect(first?.reasons?.controls).toEqual(['A.8.24']);
    expect(first?.reasons?.words).toEqual(expect.arrayContaining(['encryption', 'keys']));
    const page = await client.get(`/admin/questionnaires/${id}`);
    expect(page.text).toMatch(/matched: [^<;]*encryption[^<;]*; the question names A\.8\.24/);
  });

  it('filters questions by their decision, alone or with a confidence', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const { id, review } = await uploadExample(client, csrfToken);
    const questionId = readQuestionId(review, MFA_QUESTION);
    await client.post(`/admin/questionnaires/questions/${questionId}/needs-answer`, { _csrf: csrfToken });
    const shown = (html: string) => [...html.matchAll(/id="question-(\d+)-title"/g)].map((match) => Number(match[1]));
    const needing = await client.get(`/admin/questionnaires/${id}?decision=needs_answer`);
    expect(shown(needing.text)).toEqual([questionId]);
    expect(needing.text).toContain('<option value="needs_answer" selected="">Needs answer (1)</option>');
    expect(needing.text).toContain('Showing 1 of 3 questions');
    // A decided question is one line; one that needs an answer offers a new entry filled with the question.
    expect(needing.text).toContain(
      `<a href="/admin/entries/new?question=${encodeURIComponent(MFA_QUESTION).replaceAll('%20', '+')}&amp;questionnaire=${id}">Create an entry from this question`,
    );
    expect(needing.text).not.toContain(`<details id="question-${questionId}-review"`);
    const undecided = await client.get(`/admin/questionnaires/${id}?decision=suggested`);
    expect(shown(undecided.text)).toHaveLength(2);
    expect(shown(undecided.text)).not.toContain(questionId);
    expect(undecided.text).toContain('Not decided yet (2)');
    const level = (await questionnaires.review(INSPECTOR, id)).questions.find((question) => question.id === questionId)
      ?.candidates[0]?.confidence;
    const both = await client.get(`/admin/questionnaires/${id}?decision=needs_answer&confidence=${level}`);
    expect(shown(both.text)).toEqual([questionId]);
    // An unknown decision is ignored rather than refused.
    const unknown = await client.get(`/admin/questionnaires/${id}?decision=maybe`);
    expect(shown(unknown.text)).toHaveLength(3);
  });

  it('makes an entry from a question that needs an answer and comes back to the questionnaire', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const { id, review } = await uploadExample(client, csrfToken);
    const questionId = readQuestionId(review, FORMULA_QUESTION.slice(1));
    await client.post(`/admin/questionnaires/questions/${questionId}/needs-answer`, { _csrf: csrfToken });
    const page = await client.get(`/admin/questionnaires/${id}?decision=needs_answer`);
    const link = /<a href="(\/admin\/entries\/new\?[^"]+)">Create an entry from this question/.exec(page.text)?.[1];
    expect(link).toBeDefined();
    const form = await client.get((link ?? '').replaceAll('&amp;', '&'));
    expect(form.response.status).toBe(200);
    expect(form.text).toContain(`action="/admin/entries?questionnaire=${id}"`);
    expect(form.text).toContain('Do you encrypt customer data at rest in all storage systems?');
    const { category } = await testApp.container.entries.getEntry('mfa-for-administrative-access');
    const created = await client.post(`/admin/entries?questionnaire=${id}`, {
      _csrf: csrfToken,
      intent: 'save',
      slug: 'storage-encryption-everywhere',
      question: 'Do you encrypt customer data at rest in all storage systems?',
      answer: 'Yes, every storage system encrypts data at rest.',
      category,
      owner: 'ada@example.test',
      reviewIntervalDays: '',
      alternativePhrasings: '',
      controls: '',
    });
    expect(created.response.status).toBe(303);
    expect(created.response.headers.get('location')).toBe(
      `/admin/questionnaires/${id}?done=entry-created&entry=storage-encryption-everywhere`,
    );
    expect((await testApp.container.entries.getEntry('storage-encryption-everywhere')).question).toBe(
      'Do you encrypt customer data at rest in all storage systems?',
    );
    const back = await client.get(created.response.headers.get('location') ?? '');
    expect(back.text).toContain('The new entry has been saved.');
  });

  it('filters questions by the confidence of their best suggestion', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const { id } = await uploadExample(client, csrfToken);
    const review = await questionnaires.review(INSPECTOR, id);
    const level = review.questions[0]?.candidates[0]?.confidence ?? 'none';
    const filtered = await client.get(`/admin/questionnaires/${id}?confidence=${level}`);
    const shown = [...filtered.text.matchAll(/questions\/\d+\/accept/g)].length;
    expect(shown).toBe(review.counts.byConfidence[level]);
    expect(filtered.text).toContain(`Showing ${shown} of 3 questions`);
  });

  it('refuses a file that is not a spreadsheet with the parser message and stores nothing', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const refused = await upload(client, csrfToken, png, 'logo.png');
    expect(refused.response.status).toBe(400);
    expect(refused.text).toContain('The questionnaire could not be read');
    expect(refused.text).toContain('logo.png');
    // The headline already states the parser's one problem: it is said once, not repeated as a detail.
    expect(refused.text.split('this is a PNG image, not a spreadsheet').length - 1).toBe(1);
    expect(await questionnaires.list(INSPECTOR)).toEqual([]);
    const rows = await testApp.container.database.db.selectFrom('questionnaire_question').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('refuses a workbook whose shared strings claim 900 bytes but unpack to 1 GB, saying so, and stores nothing', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const bomb = writeLyingXlsxBomb({
      part: 'xl/sharedStrings.xml',
      inflatedBytes: 1024 * 1024 * 1024,
      declaredBytes: 900,
    });
    const refused = await upload(client, csrfToken, new Uint8Array(bomb), 'bomb.xlsx');
    expect(refused.response.status).toBe(400);
    expect(refused.text).toContain('The questionnaire could not be read');
    expect(refused.text).toContain('refused: the workbook expands beyond the 900 bytes its zip directory declares');
    expect(await questionnaires.list(INSPECTOR)).toEqual([]);
  });

  it('refuses a body over 20 MB from its Content-Length with 413', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const response = await client.request('/admin/questionnaires', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(30 * 1024 * 1024) },
      body: `_csrf=${csrfToken}`,
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('larger than 20 MB');
    expect(await questionnaires.list(INSPECTOR)).toEqual([]);
  });

  it('lets a viewer read but not upload or accept', async () => {
    const editor = await signIn('ada@example.test');
    const { id, review } = await uploadExample(editor.client, editor.csrfToken);
    const viewer = await signIn('vic@example.test');
    const page = await viewer.client.get(`/admin/questionnaires/${id}`);
    expect(page.response.status).toBe(200);
    expect(page.text).not.toContain('/accept"');
    const refused = await upload(viewer.client, viewer.csrfToken, CSV, 'again.csv');
    expect(refused.response.status).toBe(403);
    const accept = await viewer.client.post(
      `/admin/questionnaires/questions/${readQuestionId(review, MFA_QUESTION)}/accept`,
      {
        _csrf: viewer.csrfToken,
        slug: 'mfa-for-administrative-access',
        answer: 'Yes.',
      },
    );
    expect(accept.response.status).toBe(403);
    expect((await questionnaires.list(INSPECTOR)).length).toBe(1);
  });
});

/** A CSV of `count` distinct questions, every tenth about multi-factor authentication. */
function buildLargeCsv(count: number): string {
  const lines = ['ID,Question,Answer'];
  for (let index = 1; index <= count; index += 1) {
    const text =
      index % 10 === 0
        ? `Question ${index}: do you require multi-factor authentication for administrative access?`
        : `Question ${index}: describe how you handle topic number ${index} in your security programme.`;
    lines.push(`Q${index},${text},`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('questionnaire matching in the background', () => {
  it('answers a 600-question upload with 303 at once and shows a progress bar until the suggestions are ready', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let slices = 0;
    afterSlice = async () => {
      slices += 1;
      await held;
    };
    const uploaded = await upload(client, csrfToken, buildLargeCsv(600), 'large.csv');
    expect(uploaded.response.status).toBe(303);
    const location = uploaded.response.headers.get('location') ?? '';
    const id = Number(/\/(\d+)\?/.exec(location)?.[1]);
    expect((await questionnaires.get(INSPECTOR, id)).status).toBe('processing');

    const processing = await client.get(location);
    expect(processing.response.status).toBe(200);
    // No timed refresh (WCAG 2.2.1); the page offers a link to check again.
    expect(processing.text).not.toContain('http-equiv="refresh"');
    const progress =
      /<div role="status"><p><label for="questionnaire-matching">Matched (\d+) of 600 questions<\/label> <progress id="questionnaire-matching" max="600" value="(\d+)">/.exec(
        processing.text,
      );
    expect(progress).not.toBeNull();
    const value = Number(progress?.[2]);
    expect(value).toBe(Number(progress?.[1]));
    expect(value).toBeLessThanOrEqual(600);
    expect(processing.text).not.toContain('/accept"');
    expect(processing.text).toContain(`<a href="/admin/questionnaires/${id}">Check progress again</a>`);

    release();
    expect(await waitForMatching(id)).toBe('ready');
    // 50 questions a slice.
    expect(slices).toBe(12);
    const ready = await client.get(location);
    expect(ready.text).not.toContain('http-equiv="refresh"');
    expect(ready.text).not.toContain('questionnaire-matching');
    // A page at a time: a 20,000-question file must never be read and rendered whole.
    expect(ready.text).toContain('Showing questions 1–50 of 600');
    expect([...ready.text.matchAll(/questions\/\d+\/accept/g)]).toHaveLength(50);
    // A page of undecided questions, each with its choices and draft, stays small.
    expect(Buffer.byteLength(ready.text)).toBeLessThan(300_000);
    expect(ready.text).toContain('value="mfa-for-administrative-access"');
    expect(ready.text).toContain(`<a href="/admin/questionnaires/${id}?page=2" rel="next">Next page</a>`);
    const last = await client.get(`/admin/questionnaires/${id}?page=12`);
    expect(last.text).toContain('Showing questions 551–600 of 600');
    expect(last.text).toContain('Question 600: do you require multi-factor authentication');
    expect(last.text).not.toContain('rel="next"');
    // A page past the end shows the last one.
    expect((await client.get(`/admin/questionnaires/${id}?page=99`)).text).toContain(
      'Showing questions 551–600 of 600',
    );
    // Deciding a question on page 9 comes back to page 9.
    const questionId = readQuestionId((await client.get(`/admin/questionnaires/${id}?page=9`)).text, 'Question 430:');
    const decided = await client.post(`/admin/questionnaires/questions/${questionId}/needs-answer`, {
      _csrf: csrfToken,
    });
    // Deciding a question opens the next undecided one, on its page.
    expect(decided.response.headers.get('location')).toBe(
      `/admin/questionnaires/${id}?done=needs-answer&page=9&question=${questionId + 1}#question-${questionId + 1}-review`,
    );
    const opened = await client.get(decided.response.headers.get('location') ?? '');
    expect(opened.text).toContain(`<details class="review" id="question-${questionId + 1}-review" open="">`);
    const counts = (await questionnaires.review(INSPECTOR, id)).counts;
    expect(Object.values(counts.byConfidence).reduce((sum, count) => sum + count, 0)).toBe(600);
    expect(counts.needsAnswer).toBe(1);
    const filtered = await client.get(`/admin/questionnaires/${id}?decision=suggested&page=2`);
    expect(filtered.text).toContain('Showing 51–100 of the 599 questions that match (600 in all)');
    expect(filtered.text).toContain(`href="/admin/questionnaires/${id}?decision=suggested&amp;page=3" rel="next"`);
    const review = await questionnaires.review(INSPECTOR, id);
    expect(review.questionnaire.processedCount).toBe(600);
  });

  it('shows why matching failed instead of the suggestions', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    afterSlice = () => {
      throw new Error('the search index went away');
    };
    const uploaded = await upload(client, csrfToken, CSV, 'broken.csv');
    expect(uploaded.response.status).toBe(303);
    const location = uploaded.response.headers.get('location') ?? '';
    expect(await waitForMatching(Number(/\/(\d+)\?/.exec(location)?.[1]))).toBe('failed');
    const page = await client.get(location);
    expect(page.response.status).toBe(200);
    expect(page.text).toContain('Suggesting answers failed');
    expect(page.text).toContain(
      'Matching the questions stopped (an unexpected error; the server log has the details).',
    );
    expect(page.text).not.toContain('the search index went away');
    expect(page.text).not.toContain('http-equiv="refresh"');
    expect(page.text).not.toContain('/accept"');
  });

  it('shows a run left processing for over five minutes as stalled, without writing, and restarts it on request', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const repository = new QuestionnaireRepository(testApp.container.database.db);
    const id = await repository.create({
      fileName: 'orphaned.csv',
      format: 'csv',
      uploadedById: null,
      uploadedAt: new Date(Date.now() - 6 * 60 * 1000).toISOString(),
      sheet: 'orphaned',
      questionColumn: 'B',
      answerColumn: null,
      original: new TextEncoder().encode(CSV),
      questions: [{ sheet: 'orphaned', row: 2, reference: '1', text: MFA_QUESTION, section: null }],
    });
    const db = testApp.container.database.db;
    const rows = async () => ({
      questionnaire: await db.selectFrom('questionnaire').selectAll().where('id', '=', id).execute(),
      questions: await db.selectFrom('questionnaire_question').selectAll().where('questionnaire_id', '=', id).execute(),
    });
    const before = await rows();

    // Opening the page only reads: the run is shown as stalled and the missing layout as not recorded.
    const first = await client.get(`/admin/questionnaires/${id}`);
    expect(first.response.status).toBe(200);
    await matching.whenIdle();
    expect(await rows()).toEqual(before);
    expect(first.text).toContain('Matching looks stalled');
    expect(first.text).toContain(`action="/admin/questionnaires/${id}/restart-matching"`);
    expect(first.text).toContain('Layout not recorded');
    expect(first.text).toContain(`action="/admin/questionnaires/${id}/layout"`);

    // A viewer sees the state but cannot restart it.
    const viewer = await signIn('vic@example.test');
    const viewed = await viewer.client.get(`/admin/questionnaires/${id}`);
    expect(viewed.text).toContain('Matching looks stalled');
    expect(viewed.text).not.toContain('/restart-matching"');
    const refused = await viewer.client.post(`/admin/questionnaires/${id}/restart-matching`, {
      _csrf: viewer.csrfToken,
    });
    expect(refused.response.status).toBe(403);
    expect(await rows()).toEqual(before);

    const restarted = await client.post(`/admin/questionnaires/${id}/restart-matching`, { _csrf: csrfToken });
    expect(restarted.response.status).toBe(303);
    expect(restarted.response.headers.get('location')).toBe(`/admin/questionnaires/${id}?done=restarted`);
    expect(await waitForMatching(id)).toBe('ready');
    const page = await client.get(`/admin/questionnaires/${id}?done=restarted`);
    expect(page.text).toContain('Matching has been restarted.');
    expect(page.text).toContain('value="mfa-for-administrative-access"');
    expect(page.text).not.toContain('Matching looks stalled');
    const { items } = await testApp.container.audit.list({ action: 'questionnaire.restart_matching' }, 1, 10);
    expect(items.map((event) => [event.targetId, event.summary])).toEqual([
      [String(id), 'restarted the stalled matching of "orphaned.csv"'],
    ]);

    // Re-reading with the detected layout records it, so the form then lists the sheets.
    expect((await client.post(`/admin/questionnaires/${id}/layout`, { _csrf: csrfToken })).response.status).toBe(303);
    expect(await waitForMatching(id)).toBe('ready');
    const reread = await client.get(`/admin/questionnaires/${id}`);
    expect(reread.text).not.toContain('Layout not recorded');
    expect(reread.text).toMatch(
      /<input type="checkbox"[^>]*value="orphaned.csv"[^>]*\/> orphaned.csv: 3 questions detected/,
    );
    expect(
      (await questionnaires.get(INSPECTOR, id)).layout?.map((sheet) => sheet.headerCells.map((cell) => cell.text)),
    ).toEqual([['ID', 'Question', 'Answer']]);

    // A run that moved recently is neither shown as stalled nor restarted: another process may be working on it.
    const recent = await repository.create({
      fileName: 'busy.csv',
      format: 'csv',
      uploadedById: null,
      uploadedAt: new Date().toISOString(),
      sheet: 'busy',
      questionColumn: 'B',
      answerColumn: null,
      original: new TextEncoder().encode(CSV),
      questions: [{ sheet: 'busy', row: 2, reference: '1', text: MFA_QUESTION, section: null }],
    });
    const busy = await client.get(`/admin/questionnaires/${recent}`);
    expect(busy.text).not.toContain('Matching looks stalled');
    const early = await client.post(`/admin/questionnaires/${recent}/restart-matching`, { _csrf: csrfToken });
    expect(early.response.status).toBe(409);
    await matching.whenIdle();
    expect((await questionnaires.get(INSPECTOR, recent)).status).toBe('processing');
  });
});

const REST_QUESTION = 'Is customer data encrypted at rest in every storage system?';
const SUPPLIER_MFA = 'Does the supplier enforce multi-factor authentication for administrators?';
const SUPPLIER_BACKUP = 'Are backups tested by restoring them at least once a year?';

/**
 * A workbook whose questions sit on two sheets: "Security" (visible, detected) and "Supplier (old)" (hidden, so
 * detection passes it over while a visible sheet has questions). Column A holds numbers only.
 */
async function buildTwoSheetWorkbook(): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const security = workbook.addWorksheet('Security');
  security.getRow(1).values = ['ID', 'Question', 'Answer', 'Comments'];
  security.getRow(2).values = [1, MFA_QUESTION];
  security.getRow(3).values = [2, REST_QUESTION];
  const supplier = workbook.addWorksheet('Supplier (old)', { state: 'hidden' });
  supplier.getRow(1).values = ['Ref', 'Topic', 'Requirement', 'Vendor response'];
  supplier.getRow(2).values = [1, 'Access', SUPPLIER_MFA];
  supplier.getRow(3).values = [2, 'Continuity', SUPPLIER_BACKUP];
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function uploadTwoSheetWorkbook(client: CookieClient, csrfToken: string) {
  const uploaded = await upload(client, csrfToken, await buildTwoSheetWorkbook(), 'two sheets.xlsx');
  expect(uploaded.response.status).toBe(303);
  const id = Number(/\/(\d+)\?/.exec(uploaded.response.headers.get('location') ?? '')?.[1]);
  expect(await waitForMatching(id)).toBe('ready');
  return id;
}

/** The workbook the Excel export sends, loaded. */
async function downloadWorkbook(client: CookieClient, id: number): Promise<ExcelJS.Workbook> {
  const response = await client.request(`/admin/questionnaires/${id}/export.xlsx`);
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

/** Every stored fact that re-reading would change, to show that a refused re-read changed nothing. */
async function snapshot(id: number) {
  const { processedCount, matchingRun, sheet, questionColumn, answerColumn, layout, status } = await questionnaires.get(
    INSPECTOR,
    id,
  );
  const repository = new QuestionnaireRepository(testApp.container.database.db);
  return {
    record: { processedCount, matchingRun, sheet, questionColumn, answerColumn, layout, status },
    questions: await repository.listQuestions(id),
  };
}

describe('changing what was detected', () => {
  it('offers the sheets (hidden ones marked) and the header columns, with the current choice selected', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const id = await uploadTwoSheetWorkbook(client, csrfToken);
    const page = await client.get(`/admin/questionnaires/${id}`);
    expect(page.text).toContain('<h2 id="questionnaire-layout-title">Detected layout</h2>');
    expect(page.text).toContain(`<form method="post" action="/admin/questionnaires/${id}/layout"`);
    expect(page.text).toMatch(
      /<input type="checkbox" id="layout-sheet-0" name="sheet" value="Security" checked=""\/> Security: 2 questions detected<\/label>/,
    );
    expect(page.text).toMatch(
      /<input type="checkbox" id="layout-sheet-1" name="sheet" value="Supplier \(old\)"\/> Supplier \(old\) \(hidden\): 2 questions detected<\/label>/,
    );
    expect(page.text).toContain('<input type="number" id="layout-header-row" name="headerRow" min="1"');
    expect(page.text).toMatch(/id="layout-header-row"[^>]*value="1"/);
    const questionSelect = /<select id="layout-question-column" name="column">([\s\S]*?)<\/select>/.exec(page.text);
    expect(questionSelect?.[1]).toContain('<option value="B" selected="">B: Question</option>');
    expect(questionSelect?.[1]).toContain('<option value="D">D: Comments</option>');
    // The two columns after the last heading are offered for answers that have no heading.
    expect(questionSelect?.[1]).toContain('<option value="F">F (no heading)</option>');
    expect(page.text).toMatch(/<select id="layout-answer-column"[^>]*>[\s\S]*?<option value="C" selected="">C: Answer/);
    expect(page.text).toContain('Re-reading discards decisions on rows that change.');
    // The form carries the session's CSRF token like every other staff form.
    const form = page.text.slice(page.text.indexOf(`action="/admin/questionnaires/${id}/layout"`));
    expect(form).toMatch(new RegExp(`^[^>]*><input type="hidden" name="_csrf" value="${csrfToken}"`));

    const viewer = await signIn('vic@example.test');
    const viewed = await viewer.client.get(`/admin/questionnaires/${id}`);
    expect(viewed.text).not.toContain('/layout"');
  });

  it('re-reads with another answer column and then another sheet, keeping decisions only on unchanged rows', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const id = await uploadTwoSheetWorkbook(client, csrfToken);
    const review = await client.get(`/admin/questionnaires/${id}`);
    const mfaId = readQuestionId(review.text, MFA_QUESTION);
    const restId = readQuestionId(review.text, REST_QUESTION);
    await client.post(`/admin/questionnaires/questions/${mfaId}/accept`, {
      _csrf: csrfToken,
      slug: 'mfa-for-administrative-access',
      answer: 'Yes, with a hardware key.',
    });
    await client.post(`/admin/questionnaires/questions/${restId}/needs-answer`, { _csrf: csrfToken });
    let slices = 0;
    afterSlice = () => {
      slices += 1;
    };

    // Same sheet and question column, answers into D: every row is unchanged, so both decisions stay.
    const answerColumn = await client.post(`/admin/questionnaires/${id}/layout`, {
      _csrf: csrfToken,
      sheet: 'Security',
      headerRow: '1',
      column: 'B',
      answerColumn: 'D',
    });
    expect(answerColumn.response.status).toBe(303);
    expect(answerColumn.response.headers.get('location')).toBe(`/admin/questionnaires/${id}?done=reread`);
    expect(await waitForMatching(id)).toBe('ready');
    expect(slices).toBe(1);
    const afterAnswerColumn = await questionnaires.review(INSPECTOR, id);
    expect(afterAnswerColumn.questionnaire).toMatchObject({
      sheet: 'Security',
      questionColumn: 'B',
      answerColumn: 'D',
    });
    expect(afterAnswerColumn.questionnaire.processedCount).toBe(2);
    expect(
      afterAnswerColumn.questions.map((question) => [question.reference, question.status, question.answer]),
    ).toEqual([
      ['Security!B2', 'accepted', 'Yes, with a hardware key.'],
      ['Security!B3', 'needs_answer', null],
    ]);
    expect(afterAnswerColumn.questions[0]?.candidates[0]?.slug).toBe('mfa-for-administrative-access');
    const page = await client.get(`/admin/questionnaires/${id}?done=reread`);
    expect(page.text).toContain('The questionnaire has been read again with the chosen layout');
    expect(page.text).toContain('1 of 2 accepted');
    const answered = (await downloadWorkbook(client, id)).getWorksheet('Security');
    expect(answered?.getCell('D2').value).toBe('Yes, with a hardware key.');
    expect(answered?.getCell('C2').value).toBeNull();

    // The hidden sheet, question column C: every row changes, so the decisions go.
    const otherSheet = await client.post(`/admin/questionnaires/${id}/layout`, {
      _csrf: csrfToken,
      sheet: 'Supplier (old)',
      headerRow: '',
      column: 'C',
      answerColumn: 'D',
    });
    expect(otherSheet.response.status).toBe(303);
    expect(await waitForMatching(id)).toBe('ready');
    expect(slices).toBe(2);
    const afterSheet = await questionnaires.review(INSPECTOR, id);
    expect(afterSheet.questionnaire).toMatchObject({ sheet: 'Supplier (old)', questionColumn: 'C', answerColumn: 'D' });
    expect(afterSheet.questions.map((question) => [question.reference, question.text, question.status])).toEqual([
      ['Supplier (old)!C2', SUPPLIER_MFA, 'suggested'],
      ['Supplier (old)!C3', SUPPLIER_BACKUP, 'suggested'],
    ]);
    expect(afterSheet.counts.accepted).toBe(0);
    // Matching ran on the new questions: the supplier's MFA question gets the MFA entry.
    expect(afterSheet.questions[0]?.candidates.map((candidate) => candidate.slug)).toContain(
      'mfa-for-administrative-access',
    );
    const { items } = await testApp.container.audit.list({ targetId: String(id) }, 1, 20);
    const rereads = items.filter((event) => event.action === 'questionnaire.reread');
    expect(rereads).toHaveLength(2);
    expect(rereads.map((event) => event.summary)).toContain(
      're-read "two sheets.xlsx" from sheet "Supplier (old)", question column C, answer column D, choice column -: 2 questions, 0 decisions kept, 2 dropped',
    );

    // An answer accepted now is written into the chosen column of the chosen sheet.
    const newPage = await client.get(`/admin/questionnaires/${id}`);
    await client.post(`/admin/questionnaires/questions/${readQuestionId(newPage.text, SUPPLIER_MFA)}/accept`, {
      _csrf: csrfToken,
      slug: 'mfa-for-administrative-access',
      answer: 'Yes, for every administrator.',
    });
    const exported = await downloadWorkbook(client, id);
    expect(exported.getWorksheet('Supplier (old)')?.getCell('D2').value).toBe('Yes, for every administrator.');
    expect(exported.getWorksheet('Security')?.getCell('D2').value).toBeNull();
  });

  it('refuses an unknown sheet, a column without questions and malformed fields with a clear error, changing nothing', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const id = await uploadTwoSheetWorkbook(client, csrfToken);
    const review = await client.get(`/admin/questionnaires/${id}`);
    await client.post(`/admin/questionnaires/questions/${readQuestionId(review.text, MFA_QUESTION)}/accept`, {
      _csrf: csrfToken,
      slug: 'mfa-for-administrative-access',
      answer: 'Yes.',
    });
    const before = await snapshot(id);
    const cases: { fields: Record<string, string>; message: string }[] = [
      { fields: { sheet: 'Finance' }, message: 'two sheets.xlsx has no sheet &quot;Finance&quot;; its sheets are' },
      {
        fields: { sheet: 'Security', column: 'A' },
        message: 'the question column &quot;A&quot; holds no questions in sheet &quot;Security&quot;',
      },
      { fields: { column: '1B' }, message: 'Choose the question and answer columns from the lists' },
      {
        fields: { column: 'B', answerColumn: 'ZZZZ' },
        message: 'Choose the question and answer columns from the lists',
      },
      { fields: { headerRow: 'first' }, message: 'The header row must be a row number such as 1.' },
      { fields: { column: 'B', answerColumn: 'B' }, message: 'the answer column cannot be the question column (B)' },
    ];
    for (const { fields, message } of cases) {
      const refused = await client.post(`/admin/questionnaires/${id}/layout`, { _csrf: csrfToken, ...fields });
      expect(refused.response.status, JSON.stringify(fields)).toBe(400);
      expect(refused.text).toContain('The questionnaire was not re-read');
      expect(refused.text).toContain(message);
      expect(refused.text).toContain('Nothing was changed; the questions stay as they were.');
      // The form shows what was submitted, so the choice can be corrected.
      if (fields.sheet === 'Security') expect(refused.text).toContain('<option value="A" selected="">A: ID</option>');
    }
    await matching.whenIdle();
    expect(await snapshot(id)).toEqual(before);
    const { items } = await testApp.container.audit.list({ targetId: String(id) }, 1, 20);
    expect(items.map((event) => event.action)).not.toContain('questionnaire.reread');
  });

  it('answers 404 for an unknown questionnaire and 403 without a CSRF token or the editing role', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    const id = await uploadTwoSheetWorkbook(client, csrfToken);
    const before = await snapshot(id);
    const fields = { sheet: 'Supplier (old)', column: 'C' };
    const forged = await client.post('/admin/questionnaires/99999/layout', { _csrf: csrfToken, ...fields });
    expect(forged.response.status).toBe(404);
    const malformedForged = await client.post('/admin/questionnaires/99999/layout', { _csrf: csrfToken, column: '?' });
    expect(malformedForged.response.status).toBe(404);
    expect((await client.post('/admin/questionnaires/not-a-number/layout', { _csrf: csrfToken })).response.status).toBe(
      404,
    );
    const withoutToken = await client.post(`/admin/questionnaires/${id}/layout`, fields);
    expect(withoutToken.response.status).toBe(403);
    expect(withoutToken.text).toContain('The form has expired');
    const viewer = await signIn('vic@example.test');
    const byViewer = await viewer.client.post(`/admin/questionnaires/${id}/layout`, {
      _csrf: viewer.csrfToken,
      ...fields,
    });
    expect(byViewer.response.status).toBe(403);
    await matching.whenIdle();
    expect(await snapshot(id)).toEqual(before);
  });

  it('stops a matching run still going when the file is re-read, and matches the new questions instead', async () => {
    const { client, csrfToken } = await signIn('ada@example.test');
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let laterSlices = 0;
    afterSlice = async () => {
      await held;
    };
    const questionsCsv = buildLargeCsv(120);
    const uploaded = await upload(client, csrfToken, questionsCsv, 'large.csv');
    const id = Number(/\/(\d+)\?/.exec(uploaded.response.headers.get('location') ?? '')?.[1]);
    const firstRun = (await questionnaires.get(INSPECTOR, id)).matchingRun;
    // The first run is held after its first slice; re-read the file with another answer column meanwhile.
    const reread = await client.post(`/admin/questionnaires/${id}/layout`, {
      _csrf: csrfToken,
      column: 'B',
      answerColumn: 'D',
    });
    expect(reread.response.status).toBe(303);
    expect((await questionnaires.get(INSPECTOR, id)).matchingRun).toBe(firstRun + 1);
    afterSlice = () => {
      laterSlices += 1;
    };
    release();
    expect(await waitForMatching(id)).toBe('ready');
    await matching.whenIdle();
    const review = await questionnaires.review(INSPECTOR, id);
    expect(review.questionnaire).toMatchObject({ answerColumn: 'D', processedCount: 120, status: 'ready' });
    expect(review.page).toMatchObject({ count: 3, matching: 120 });
    const questions = [
      ...review.questions,
      ...(await questionnaires.review(INSPECTOR, id, undefined, undefined, 2)).questions,
      ...(await questionnaires.review(INSPECTOR, id, undefined, undefined, 3)).questions,
    ];
    expect(questions).toHaveLength(120);
    expect(questions.every((question) => question.candidates.length > 0)).toBe(true);
    // The new run matched all 120 questions in slices of 50; the old run stored nothing more.
    expect(laterSlices).toBe(3);
  });
});

describe('who can see a questionnaire', () => {
  async function uploadWithVisibility(client: CookieClient, csrfToken: string, visibility: string) {
    const form = new FormData();
    form.set('_csrf', csrfToken);
    form.set('file', new File([CSV], 'private-customer.csv'));
    form.set('visibility', visibility);
    const response = await client.request('/admin/questionnaires', { method: 'POST', body: form });
    expect(response.status).toBe(303);
    const id = Number(/\/(\d+)\?/.exec(response.headers.get('location') ?? '')?.[1]);
    expect(await waitForMatching(id)).toBe('ready');
    return id;
  }

  /** What one staff member gets for every way of using questionnaire `id` and its first question. */
  async function tryEverything(client: CookieClient, csrfToken: string, id: number, questionId: number) {
    const base = `/admin/questionnaires/${id}`;
    return {
      list: (await client.get('/admin/questionnaires')).text.includes(`href="${base}"`),
      open: (await client.get(base)).response.status,
      csv: (await client.request(`${base}/export.csv`)).status,
      json: (await client.request(`${base}/export.json`)).status,
      preview: (await client.request(`${base}/accept-confident?level=high`)).status,
      bulk: (
        await client.post(`${base}/accept-confident`, {
          _csrf: csrfToken,
          level: 'high',
          question: `${questionId}:mfa-for-administrative-access`,
        })
      ).response.status,
      accept: (
        await client.post(`/admin/questionnaires/questions/${questionId}/accept`, {
          _csrf: csrfToken,
          slug: 'mfa-for-administrative-access',
          answer: 'Yes.',
        })
      ).response.status,
      needsAnswer: (
        await client.post(`/admin/questionnaires/questions/${questionId}/needs-answer`, { _csrf: csrfToken })
      ).response.status,
      // Last: re-reading replaces the questions.
      layout: (await client.post(`${base}/layout`, { _csrf: csrfToken, column: 'B', answerColumn: 'C' })).response
        .status,
    };
  }

  it('shows a private questionnaire only to its owner and admins, answering 404 to anyone else', async () => {
    for (const [email, role] of [
      ['bea@example.test', 'editor'],
      ['ann@example.test', 'admin'],
    ] as const) {
      await testApp.container.staff.createAccount({ email, name: email, role, password: PASSWORD }, undefined);
    }
    const ada = await signIn('ada@example.test');
    const id = await uploadWithVisibility(ada.client, ada.csrfToken, 'private');
    expect((await questionnaires.get(INSPECTOR, id)).visibility).toBe('private');
    const review = (await ada.client.get(`/admin/questionnaires/${id}`)).text;
    const questionId = readQuestionId(review, MFA_QUESTION);
    expect(review).toContain('Private: only the person who uploaded it and admins');

    const bea = await signIn('bea@example.test');
    expect(await tryEverything(bea.client, bea.csrfToken, id, questionId)).toEqual({
      list: false,
      open: 404,
      csv: 404,
      json: 404,
      preview: 404,
      bulk: 404,
      layout: 404,
      accept: 404,
      needsAnswer: 404,
    });
    const vic = await signIn('vic@example.test');
    expect((await vic.client.get('/admin/questionnaires')).text).not.toContain(`/admin/questionnaires/${id}"`);
    expect((await vic.client.get(`/admin/questionnaires/${id}`)).response.status).toBe(404);
    // Bea cannot make it visible to herself either.
    const beaChange = await bea.client.post(`/admin/questionnaires/${id}/visibility`, {
      _csrf: bea.csrfToken,
      visibility: 'team',
    });
    expect(beaChange.response.status).toBe(404);
    expect((await questionnaires.get(INSPECTOR, id)).visibility).toBe('private');

    const ann = await signIn('ann@example.test');
    const annSees = await tryEverything(ann.client, ann.csrfToken, id, questionId);
    expect(annSees).toMatchObject({
      list: true,
      open: 200,
      csv: 200,
      json: 200,
      preview: 200,
      bulk: 303,
      accept: 303,
      layout: 303,
    });
    expect((await ada.client.get('/admin/questionnaires')).text).toContain(`href="/admin/questionnaires/${id}"`);
  });

  it('lets the owner or an admin change who sees it, with CSRF and an audit event; others get 403 or 404', async () => {
    await testApp.container.staff.createAccount(
      { email: 'bea@example.test', name: 'Bea', role: 'editor', password: PASSWORD },
      undefined,
    );
    await testApp.container.staff.createAccount(
      { email: 'ann@example.test', name: 'Ann', role: 'admin', password: PASSWORD },
      undefined,
    );
    const ada = await signIn('ada@example.test');
    const bea = await signIn('bea@example.test');
    const ann = await signIn('ann@example.test');
    const id = await uploadWithVisibility(ada.client, ada.csrfToken, 'team');
    const base = `/admin/questionnaires/${id}`;
    // A team questionnaire: Bea sees it, without the form to change who sees it.
    const beaPage = await bea.client.get(base);
    expect(beaPage.response.status).toBe(200);
    expect(beaPage.text).not.toContain(`action="${base}/visibility"`);
    expect((await ada.client.get(base)).text).toContain(`action="${base}/visibility"`);
    const beaChange = await bea.client.post(`${base}/visibility`, { _csrf: bea.csrfToken, visibility: 'private' });
    expect(beaChange.response.status).toBe(403);
    const withoutToken = await ada.client.post(`${base}/visibility`, { visibility: 'private' });
    expect(withoutToken.response.status).toBe(403);
    const badValue = await ada.client.post(`${base}/visibility`, { _csrf: ada.csrfToken, visibility: 'everyone' });
    expect(badValue.response.status).toBe(400);
    expect((await questionnaires.get(INSPECTOR, id)).visibility).toBe('team');

    const made = await ada.client.post(`${base}/visibility`, { _csrf: ada.csrfToken, visibility: 'private' });
    expect(made.response.status).toBe(303);
    expect(made.response.headers.get('location')).toBe(`${base}?done=visibility#questionnaire-visibility-title`);
    expect((await bea.client.get(base)).response.status).toBe(404);
    expect((await bea.client.get('/admin/questionnaires')).text).not.toContain(`href="${base}"`);

    const reopened = await ann.client.post(`${base}/visibility`, { _csrf: ann.csrfToken, visibility: 'team' });
    expect(reopened.response.status).toBe(303);
    expect((await bea.client.get(base)).response.status).toBe(200);
    const { items } = await testApp.container.audit.list({ targetId: String(id) }, 1, 20);
    expect(items.filter((event) => event.action === 'questionnaire.visibility').map((event) => event.summary)).toEqual([
      'made "private-customer.csv" visible to the team',
      'made "private-customer.csv" visible to its owner and admins',
    ]);
  });
});

describe('what a questionnaire is for: customer, due date, owner, status', () => {
  it('is set at upload, shown with overdue flagged, and changed by an editor or the owner with CSRF and an audit event', async () => {
    const staffId = async (email: string) =>
      (
        await testApp.container.database.db
          .selectFrom('staff_user')
          .select('id')
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).id;
    const vicId = await staffId('vic@example.test');
    const adaId = await staffId('ada@example.test');
    const { client, csrfToken } = await signIn('ada@example.test');

    // A day that does not exist is refused with what is wrong, and nothing is stored.
    const badForm = new FormData();
    badForm.set('_csrf', csrfToken);
    badForm.set('file', new File([CSV], 'acme.csv'));
    badForm.set('dueDate', '2026-02-30');
    const bad = await client.request('/admin/questionnaires', { method: 'POST', body: badForm });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('the due date must be a day such as 2026-12-31');
    expect(await questionnaires.list(INSPECTOR)).toHaveLength(0);

    const form = new FormData();
    form.set('_csrf', csrfToken);
    form.set('file', new File([CSV], 'acme.csv'));
    form.set('customer', 'Acme AB');
    form.set('dueDate', '2020-01-15');
    const uploaded = await client.request('/admin/questionnaires', { method: 'POST', body: form });
    expect(uploaded.status).toBe(303);
    const id = Number(/\/(\d+)\?/.exec(uploaded.headers.get('location') ?? '')?.[1]);
    expect(await waitForMatching(id)).toBe('ready');
    expect(await questionnaires.get(INSPECTOR, id)).toMatchObject({
      customer: 'Acme AB',
      dueDate: '2020-01-15',
      ownerId: adaId,
      workStatus: 'in_progress',
    });
    const review = await client.get(`/admin/questionnaires/${id}`);
    expect(review.text).toContain('<dt>Customer</dt><dd>Acme AB</dd>');
    expect(review.text).toContain(
      '<time datetime="2020-01-15">2020-01-15</time><strong class="overdue"> (overdue)</strong>',
    );
    expect(review.text).toContain('<dt>Owner</dt><dd>Ada</dd>');
    const list = await client.get('/admin/questionnaires');
    expect(list.text).toMatch(/<h2 id="questionnaire-table-in_progress">In progress \(1\)<\/h2>/);
    expect(list.text).toContain('(overdue)');

    // A viewer who does not own it may not change it; without CSRF nobody may.
    const vic = await signIn('vic@example.test');
    const change = { customer: 'Acme AB', dueDate: '2020-01-15', owner: String(vicId), workStatus: 'sent' };
    expect(
      (await vic.client.post(`/admin/questionnaires/${id}/context`, { _csrf: vic.csrfToken, ...change })).response
        .status,
    ).toBe(403);
    expect((await client.post(`/admin/questionnaires/${id}/context`, change)).response.status).toBe(403);
    // A bad field is named, and nothing changes.
    const refused = await client.post(`/admin/questionnaires/${id}/context`, {
      _csrf: csrfToken,
      ...change,
      owner: '999999',
    });
    expect(refused.response.status).toBe(400);
    expect(refused.text).toContain('The owner must be a staff member whose account is active');
    expect((await questionnaires.get(INSPECTOR, id)).ownerId).toBe(adaId);

    // The editor hands it to Vic, who as its owner marks it sent.
    const handed = await client.post(`/admin/questionnaires/${id}/context`, {
      _csrf: csrfToken,
      ...change,
      workStatus: 'in_progress',
    });
    expect(handed.response.status).toBe(303);
    const sent = await vic.client.post(`/admin/questionnaires/${id}/context`, { _csrf: vic.csrfToken, ...change });
    expect(sent.response.status).toBe(303);
    expect(await questionnaires.get(INSPECTOR, id)).toMatchObject({ ownerId: vicId, workStatus: 'sent' });
    const { items } = await testApp.container.audit.list({ action: 'questionnaire.context' }, 1, 10);
    expect(items.map((event) => event.summary)).toEqual([
      'changed the details of "acme.csv": status sent',
      `changed the details of "acme.csv": owner #${vicId}`,
    ]);
    const after = await client.get('/admin/questionnaires');
    expect(after.text).toMatch(/<h2 id="questionnaire-table-sent">Sent \(1\)<\/h2>/);
    // Sent work is not overdue.
    expect(after.text).not.toContain('(overdue)');
  });
});
