import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminRoutes } from '../../src/http/admin/admin.routes.js';
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
const csvPath = join(tmpdir(), `tillit-questionnaire-${process.pid}.csv`);

beforeAll(async () => {
  testApp = await createAdminTestApp();
  await testApp.createUser('ada@example.test', PASSWORD, 'editor');
  const { container } = testApp;
  const { questionnaires, matching: questionnaireMatching, exports } = createQuestionnaireServices(container);
  matching = questionnaireMatching;
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

describe('staff questionnaire assistant in Chromium', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`uploads, reviews and accepts (no script on these pages), with no axe violations (${colorScheme})`, async () => {
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
      await page.getByRole('list', { name: 'Questions' }).waitFor();
      expect(await page.getByRole('status').textContent()).toBe(
        'The questionnaire has been uploaded. Suggested answers appear below once its questions are matched.',
      );
      expect(await page.getByLabel('Answers accepted').getAttribute('value')).toBe('0');
      await expectNoAxeViolations(page);

      const acceptedAnswer = (await page.getByLabel(/^Answer for .*!B2$/).inputValue()).trim();
      expect(acceptedAnswer).not.toBe('');
      await page.getByRole('button', { name: 'Accept', exact: true }).first().click();
      await page.waitForURL(/\?done=(phrasing|accepted)#question-\d+-title$/);
      expect(await page.getByLabel('Answers accepted').getAttribute('value')).toBe('1');
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
      await page.getByRole('list', { name: 'Questions' }).waitFor();
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
      await page.waitForURL(/\?done=bulk-accepted&accepted=\d+$/);
      expect(await page.getByRole('status').textContent()).toMatch(
        /^(1 suggestion has|\d+ suggestions have) been accepted\.$/,
      );
      expect(Number(await page.getByLabel('Answers accepted').getAttribute('value'))).toBeGreaterThan(1);
      await expectNoAxeViolations(page);
      await context.close();
    });
  }
});
