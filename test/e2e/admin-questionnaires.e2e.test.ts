import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/staff.js';
import { createAdminRoutes } from '../../src/http/admin/admin.routes.js';
import type { QuestionnaireService } from '../../src/services/questionnaire.service.js';
import type { QuestionnaireMatchingService } from '../../src/services/questionnaire-matching.service.js';
import { launchBrowser } from '../browser.js';
import { createAdminTestApp } from '../create-admin-test-app.js';
import { expectNoAxeViolations, serveFetch, signInAs } from '../e2e-support.js';
import { createQuestionnaireServices } from '../questionnaire-services.js';

const PASSWORD = 'correct horse battery';
let browser: Browser;
let testApp: Awaited<ReturnType<typeof createAdminTestApp>>;
let server: Awaited<ReturnType<typeof serveFetch>>;
let baseUrl: string;
let matching: QuestionnaireMatchingService;
let questionnaires: QuestionnaireService;
const csvPath = join(tmpdir(), `tillit-questionnaire-${process.pid}.csv`);
// Reads what was stored, as an admin who sees every questionnaire.
const INSPECTOR: Actor = { userId: 0, email: 'inspector@example.test', name: 'Inspector', role: 'admin' };

beforeAll(async () => {
  testApp = await createAdminTestApp();
  await testApp.createUser('ada@example.test', PASSWORD, 'editor');
  const { container } = testApp;
  const services = createQuestionnaireServices(container);
  questionnaires = services.questionnaires;
  matching = services.matching;
  const exports = services.exports;
  // The admin surface with the questionnaire pages in front of the app (assets, public site).
  const app = new Hono();
  app.route(
    '/admin',
    createAdminRoutes({
      staff: testApp.staff,
      signIn: testApp.signIn,
      entries: container.entries,
      audit: container.audit,
      dashboard: container.dashboard,
      settings: container.settings,
      content: container.content,
      questionnaires,
      questionnaireExports: exports,
    }),
  );
  app.route('/', testApp.app);
  await writeFile(
    csvPath,
    '\uFEFFRef,Question,Answer\r\n' +
      'Q1,Do you require multi-factor authentication for administrative access?,\r\n' +
      'Q2,"Is customer data encrypted at rest?\nName the algorithm.",\r\n' +
      'Q3,Do you keep a register of zorblax quantum flux capacitors?,\r\n',
  );
  server = await serveFetch(app.fetch);
  baseUrl = server.baseUrl;
  browser = await launchBrowser();
});
afterAll(async () => {
  await matching?.whenIdle();
  await browser?.close();
  await server?.close();
  await testApp?.close();
});

/** Uploads the example CSV through the form, waits for its suggestions and returns its id. */
async function uploadThroughPage(page: Page): Promise<number> {
  await page.goto(`${baseUrl}/admin/questionnaires`);
  await page.getByLabel('Questionnaire file').setInputFiles(csvPath);
  await page.getByRole('button', { name: 'Upload and suggest answers' }).click();
  await page.waitForURL(/\/admin\/questionnaires\/\d+\?done=uploaded$/);
  await matching.whenIdle();
  return Number(/questionnaires\/(\d+)/.exec(page.url())?.[1]);
}

describe('staff questionnaire assistant in Chromium', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`uploads, reviews and accepts from the keyboard, with no axe violations (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      page.setDefaultTimeout(8000);
      await signInAs(page, baseUrl, 'ada@example.test', PASSWORD);
      await page.getByRole('link', { name: 'Questionnaires' }).click();
      await page.waitForURL(`${baseUrl}/admin/questionnaires`);
      await expectNoAxeViolations(page);

      await page.getByLabel('Questionnaire file').setInputFiles(csvPath);
      await page.getByRole('button', { name: 'Upload and suggest answers' }).click();
      await page.waitForURL(/\/admin\/questionnaires\/\d+\?done=uploaded$/);
      // Suggestions are matched in a worker in the background, and the page has no timed refresh (WCAG 2.2.1): wait
      // for the run, then reload as the reviewer would.
      await matching.whenIdle();
      await page.reload();
      await page.getByRole('table', { name: 'Questions' }).waitFor();
      expect(await page.getByRole('status').textContent()).toBe(
        'The questionnaire has been uploaded. Suggested answers appear below once its questions are matched.',
      );
      expect(await page.getByLabel('Answers accepted').getAttribute('value')).toBe('0');
      await expectNoAxeViolations(page);

      // "Next undecided" opens the first question; Tab reaches its choices, its box and Accept.
      await page.getByRole('link', { name: 'Go to the next undecided question' }).click();
      await page.waitForURL(/question=\d+#question-\d+-review$/);
      const acceptedAnswer = (await page.getByLabel(/^Answer for .*!B2$/).inputValue()).trim();
      expect(acceptedAnswer).not.toBe('');
      await expectNoAxeViolations(page);
      await page.getByLabel(/^Answer for .*!B2$/).focus();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Accept');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\?done=(phrasing|accepted)&question=\d+#question-\d+-review$/);
      expect(await page.getByLabel('Answers accepted').getAttribute('value')).toBe('1');
      // The next undecided question is open.
      expect(await page.locator('details[open]').count()).toBe(1);
      await expectNoAxeViolations(page);

      const downloading = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download accepted answers (CSV)' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^questionnaire-\d+-answers\.csv$/);
      const exported = await readFile(await download.path(), 'utf8');
      expect(exported).toMatch(
        /^"reference","sheet","row","question","short answer","answer","entry"\r?\n[^\r\n]*!B2",/,
      );
      expect(exported).toContain('Do you require multi-factor authentication for administrative access?');
      // The first line of the accepted answer, as a CSV cell writes it (quotes doubled).
      expect(exported).toContain((acceptedAnswer.split('\n')[0] ?? '').replaceAll('"', '""'));
      expect(exported).not.toContain('Is customer data encrypted at rest?');

      // Change what was detected: answers into column D. The rows are unchanged, so the accepted answer stays.
      expect(await page.getByLabel('Question column', { exact: true }).inputValue()).toBe('B');
      await page.getByLabel('Answer column', { exact: true }).selectOption({ label: 'D (no heading)' });
      await page.getByRole('button', { name: 'Re-read questionnaire' }).click();
      await page.waitForURL(/\?done=reread$/);
      await matching.whenIdle();
      await page.reload();
      await page.getByRole('table', { name: 'Questions' }).waitFor();
      expect(await page.getByLabel('Answer column', { exact: true }).inputValue()).toBe('D');
      expect(await page.getByLabel('Answers accepted').getAttribute('value')).toBe('1');
      await expectNoAxeViolations(page);

      await page.getByLabel('Confidence of the best suggestion').selectOption('none');
      await page.getByRole('button', { name: 'Filter', exact: true }).click();
      await page.waitForURL(/confidence=none/);
      await expectNoAxeViolations(page);

      // Accept the remaining confident suggestions at once, from the keyboard.
      await page.goto(page.url().replace(/\?.*$/, ''));
      const bulk = page.getByRole('button', {
        name: /^Accept (all \d+|the 1) high(-| and medium-|- or medium-)confidence suggestions?$/,
      });
      // The encryption question is still undecided and confidently matched.
      expect(await bulk.count()).toBeGreaterThan(0);
      await bulk.first().focus();
      await page.keyboard.press('Enter');
      // A preview first: the questions it would accept, ticked; nothing is written yet.
      await page.waitForURL(/\/accept-confident\?level=(high|medium)$/);
      await page.getByRole('table', { name: 'Suggestions to accept' }).waitFor();
      expect(await page.getByRole('checkbox', { checked: true }).count()).toBeGreaterThan(0);
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Accept the ticked suggestions' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\?done=bulk-accepted&accepted=\d+&skipped=0$/);
      expect(await page.getByRole('status').textContent()).toMatch(
        /^(1 suggestion has|\d+ suggestions have) been accepted\.$/,
      );
      expect(Number(await page.getByLabel('Answers accepted').getAttribute('value'))).toBeGreaterThan(1);
      await expectNoAxeViolations(page);
      await context.close();
      // Two uploads, two matching runs and ten axe scans.
    }, 90_000);
  }

  it('with script, the answer box follows the entry picked, keeps edited text when asked, and keys move and decide', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    await signInAs(page, baseUrl, 'ada@example.test', PASSWORD);
    const id = await uploadThroughPage(page);
    const { questions } = await questionnaires.review(INSPECTOR, id);
    const question = questions.find(
      (item) =>
        item.candidates.length >= 2 &&
        item.candidates[0]?.draftAnswer.trim() !== item.candidates[1]?.draftAnswer.trim(),
    );
    const [first, second] = question?.candidates ?? [];
    if (!question || !first || !second) throw new Error('no question with two different drafts');

    await page.goto(`${baseUrl}/admin/questionnaires/${id}?question=${question.id}#question-${question.id}-review`);
    const box = page.locator(`#question-${question.id}-answer`);
    expect(await box.inputValue()).toBe(first.draftAnswer);
    // The links that choose an entry without script give way to the radio buttons.
    expect(await page.getByRole('link', { name: /^Show its draft/ }).count()).toBe(0);
    await page.locator(`#question-${question.id}-candidate-1`).check();
    await expect.poll(() => box.inputValue()).toBe(second.draftAnswer);
    await page.locator(`#question-${question.id}-review`).getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL(/\?done=(phrasing|accepted)/);
    expect(await questionnaires.getQuestion(INSPECTOR, question.id)).toMatchObject({
      status: 'accepted',
      chosenSlug: second.slug,
      answer: second.draftAnswer.trim(),
    });

    // Edited text is kept when the reviewer declines to replace it; what they saw is what is saved.
    await page.goto(`${baseUrl}/admin/questionnaires/${id}?question=${question.id}#question-${question.id}-review`);
    await box.fill('Our own words for this.');
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.locator(`#question-${question.id}-candidate-0`).check();
    // Give a wrongly made fetch time to land: the box must still hold the edited text.
    await page.waitForLoadState('networkidle');
    expect(await box.inputValue()).toBe('Our own words for this.');
    await page.locator(`#question-${question.id}-review`).getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL(/\?done=(phrasing|accepted)/);
    expect(await questionnaires.getQuestion(INSPECTOR, question.id)).toMatchObject({
      chosenSlug: first.slug,
      answer: 'Our own words for this.',
    });

    // Keys outside text boxes: j opens the next undecided question and focuses it; n marks it as needing an answer.
    await page.goto(`${baseUrl}/admin/questionnaires/${id}`);
    expect(await page.getByText(/^Keys \(outside text boxes\)/).isVisible()).toBe(true);
    await page.keyboard.press('j');
    const opened = page.locator('details.review[open]');
    expect(await opened.count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    const openedId = Number(/question-(\d+)-review/.exec((await opened.getAttribute('id')) ?? '')?.[1]);
    // A key typed inside the box is text, not a shortcut.
    await opened.locator('textarea').focus();
    await page.keyboard.press('n');
    expect((await questionnaires.getQuestion(INSPECTOR, openedId)).status).toBe('suggested');
    await opened.locator('summary').focus();
    await page.keyboard.press('n');
    await page.waitForURL(/\?done=needs-answer/);
    expect((await questionnaires.getQuestion(INSPECTOR, openedId)).status).toBe('needs_answer');
    await context.close();
  });

  for (const width of [375, 1280]) {
    it(`shows the review table, the details form, the bulk preview and the list without axe violations at ${width} px`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(8000);
      await signInAs(page, baseUrl, 'ada@example.test', PASSWORD);
      await page.goto(`${baseUrl}/admin/questionnaires/${await uploadThroughPage(page)}`);
      await page.getByRole('link', { name: 'Go to the next undecided question' }).click();
      await page.locator('details.review[open]').waitFor();
      await expectNoAxeViolations(page);
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const tableRight = await page.locator('.review-table').evaluate((table) => table.getBoundingClientRect().right);
      expect(tableRight).toBeLessThanOrEqual(width);
      // The details form, the bulk preview and the list grouped by status pass too.
      await page.getByText('Change the details').click();
      await page.getByLabel('Due date').fill('2020-01-15');
      await page.getByRole('button', { name: 'Save the details' }).click();
      await page.waitForURL(/\?done=context#questionnaire-context-title$/);
      expect(await page.getByText('(overdue)').count()).toBe(1);
      await expectNoAxeViolations(page);
      const bulk = page.getByRole('button', { name: /^Accept (all \d+|the 1) high/ });
      if ((await bulk.count()) > 0) {
        await bulk.first().click();
        await page.getByRole('table', { name: 'Suggestions to accept' }).waitFor();
        await expectNoAxeViolations(page);
      }
      await page.goto(`${baseUrl}/admin/questionnaires`);
      await page.getByRole('heading', { name: /^In progress \(\d+\)$/ }).waitFor();
      await expectNoAxeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await context.close();
    }, 60_000);
  }
});
