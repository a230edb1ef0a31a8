import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminInChromium, expectNoAxeViolations, signInAs, startAdminInChromium } from '../e2e-support.js';

const PASSWORD = 'correct horse battery';
let browser: Browser;
let served: AdminInChromium;
let testApp: AdminInChromium['testApp'];
let baseUrl: string;

beforeAll(async () => {
  served = await startAdminInChromium();
  ({ testApp, browser, baseUrl } = served);
  const admin = await testApp.createUser('root@example.test', PASSWORD, 'admin');
  await testApp.createUser('ada@example.test', PASSWORD, 'editor');
  await testApp.createUser('bo@example.test', PASSWORD, 'editor');
  await testApp.container.settings.setFourEyesRequired({ actor: admin }, true);
  // Drafts for the accessibility runs, one per colour scheme, so each has its own history.
  for (const colorScheme of ['light', 'dark']) {
    await testApp.container.entries.createEntry({ actor: admin }, `axe-${colorScheme}-entry`, {
      question: `Is the ${colorScheme} editor accessible?`,
      answer: 'It should be.\n\nSee [the policy](link:information-security-policy).',
      category: 'cryptography',
      tags: ['iso-27001'],
      owner: 'security@norrskenmoln.example',
      reviewIntervalDays: null,
      alternativePhrasings: ['Can everyone use it?'],
      controls: ['A.8.24'],
    });
  }
});
afterAll(async () => {
  await served?.close();
});

async function openContext(options: { colorScheme?: 'light' | 'dark'; javaScriptEnabled?: boolean } = {}) {
  const context: BrowserContext = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { context, page, consoleErrors };
}

async function signIn(page: Page, email: string) {
  await signInAs(page, baseUrl, email, PASSWORD);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/admin\/sign-in\?signed-out=1$/);
}

describe('staff entry editor in Chromium', () => {
  it('under four-eyes: editor A writes and submits, editor B approves, and the public site and search show it', async () => {
    const { context, page, consoleErrors } = await openContext({ javaScriptEnabled: false });
    await signIn(page, 'ada@example.test');
    await page.goto(`${baseUrl}/admin/entries`);
    await page.getByRole('link', { name: 'New entry' }).click();
    await page.waitForURL(`${baseUrl}/admin/entries/new`);
    await page.getByLabel('Slug').fill('zephyrine-key-ceremony');
    await page.getByLabel('Question', { exact: true }).fill('Do you hold a zephyrine key ceremony?');
    await page
      .getByLabel('Answer', { exact: true })
      .fill('Yes. Every **zephyrine** key is created in a witnessed ceremony.');
    await page.getByLabel('Category').selectOption('cryptography');
    await page.getByRole('group', { name: 'Tags' }).getByText('ISO 27001').click();
    await page.getByLabel('Annex A controls').fill('A.8.24');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(`${baseUrl}/admin/entries/zephyrine-key-ceremony?done=created`);
    expect(await page.getByRole('status').textContent()).toBe('The draft has been created.');
    await page.getByRole('button', { name: 'Send for review' }).click();
    await page.waitForURL(/\?done=submitted$/);
    expect(await page.getByRole('status').textContent()).toBe('The entry has been sent for review.');
    // A may try, but under four-eyes the author cannot approve.
    await page.getByRole('button', { name: 'Approve and publish' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').textContent()).toContain('someone else must approve it');
    // That refusal is a 403 page, which Chromium logs; nothing else may be.
    expect(consoleErrors).toEqual(['Failed to load resource: the server responded with a status of 403 (Forbidden)']);
    consoleErrors.length = 0;
    await signOut(page);

    await signIn(page, 'bo@example.test');
    await page.goto(`${baseUrl}/admin/entries?status=in_review`);
    await page.getByRole('link', { name: 'Do you hold a zephyrine key ceremony?' }).click();
    await page.getByRole('button', { name: 'Approve and publish' }).click();
    await page.waitForURL(/\?done=approved$/);
    expect(await page.getByRole('status').textContent()).toBe('Approved: the public site now shows it.');
    await signOut(page);

    await page.goto(`${baseUrl}/faq/zephyrine-key-ceremony`);
    expect(await page.locator('h1').textContent()).toBe('Do you hold a zephyrine key ceremony?');
    await page.goto(`${baseUrl}/search?q=zephyrine`);
    expect(await page.locator('ol.results').textContent()).toContain('Do you hold a zephyrine key ceremony?');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations on the list, a form with errors, the editor with preview and the history diff (${colorScheme})`, async () => {
      const { context, page, consoleErrors } = await openContext({ colorScheme });
      await signIn(page, 'root@example.test');
      await page.goto(`${baseUrl}/admin/entries`);
      expect(await page.locator('tbody tr').count()).toBe(25);
      await expectNoAxeViolations(page);

      await page.goto(`${baseUrl}/admin/entries/new`);
      await page.getByLabel('Slug').fill('Not A Slug');
      await page.getByLabel('Annex A controls').fill('A.9.9');
      await page.getByRole('button', { name: 'Create draft' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).toContain('Enter the question.');
      expect(await page.getByLabel('Slug').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Slug').inputValue()).toBe('Not A Slug');
      await expectNoAxeViolations(page);
      // The form with problems comes back as a 400 page, which Chromium logs; nothing else may be.
      expect(consoleErrors).toEqual([
        'Failed to load resource: the server responded with a status of 400 (Bad Request)',
      ]);
      consoleErrors.length = 0;

      const slug = `axe-${colorScheme}-entry`;
      await page.goto(`${baseUrl}/admin/entries/${slug}`);
      const answer = page.getByLabel('Answer', { exact: true });
      await answer.fill(`${await answer.inputValue()}\n\n## Also\n\n- a **new** point (${colorScheme})`);
      await page.getByRole('button', { name: 'Preview answer' }).click();
      await page.waitForLoadState();
      expect(await page.locator('#preview-title').textContent()).toBe('Preview');
      expect(await page.locator('.card .answer strong').last().textContent()).toBe('new');
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForURL(/\?done=saved$/);
      expect(await page.getByRole('status').textContent()).toBe('Your changes have been saved.');
      await expectNoAxeViolations(page);

      await page.getByRole('link', { name: 'History' }).click();
      await page.waitForURL(`${baseUrl}/admin/entries/${slug}/history`);
      expect(
        await page
          .locator('ins')
          .filter({ hasText: `a **new** point (${colorScheme})` })
          .count(),
      ).toBe(1);
      await expectNoAxeViolations(page);
      expect(consoleErrors).toEqual([]);
      await context.close();
    });
  }
});
