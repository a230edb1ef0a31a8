import type { Browser, Page } from 'playwright-core';
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
  await testApp.createUser('ada@example.test', PASSWORD, 'admin');
});
afterAll(async () => {
  await served?.close();
});

async function signIn(page: Page) {
  await signInAs(page, baseUrl, 'ada@example.test', PASSWORD);
}

describe('site-content editors in Chromium', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`have no axe violations on the site, category, highlight and certification pages (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await signIn(page);
      for (const path of [
        '/admin/site',
        '/admin/categories',
        '/admin/categories/asset-management',
        '/admin/highlights',
        '/admin/certifications',
        '/admin/untranslated',
        '/admin/documents/iso-27001-certificate',
      ]) {
        await page.goto(`${baseUrl}${path}`);
        expect(await page.locator('h1').count(), path).toBe(1);
        await expectNoAxeViolations(page);
      }

      await page.goto(`${baseUrl}/admin/categories/new`);
      await page.getByLabel('Slug').fill('Not A Slug');
      await page.getByLabel('Name', { exact: true }).fill('');
      await page.getByRole('button', { name: 'Create category' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).toContain('The slug may only hold lowercase letters');
      expect(await page.locator('#name').getAttribute('aria-invalid')).toBe('true');
      await expectNoAxeViolations(page);

      await page.goto(`${baseUrl}/admin/certifications/new`);
      await page.getByLabel('Name', { exact: true }).fill('ISO 9001');
      await page.getByLabel('Issuer').fill('Example AB');
      await page.getByLabel('Certificate number').fill('Q 1');
      await page.getByLabel('Scope', { exact: true }).fill('Quality management.');
      await page.getByLabel('Valid from').fill('2026-03-01');
      await page.getByLabel('Valid until').fill('2026-02-01');
      await page.getByRole('button', { name: 'Create certification' }).click();
      await page.waitForLoadState();
      expect(await page.locator('#validUntil-error').textContent()).toContain('on or after the valid-from date');
      await expectNoAxeViolations(page);
      await context.close();
    });
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`previews an answer library and shows a bad file's problems with no axe violations (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await signIn(page);
      await page.goto(`${baseUrl}/admin/library`);
      await expectNoAxeViolations(page);
      const csv = 'Question,Answer,Category\n"Do you offer a status page?","Yes.",Service delivery & SLA\n';
      await page
        .getByLabel('Library file (.csv or .xlsx)')
        .setInputFiles({ name: 'library.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.waitForLoadState();
      const added = page.getByRole('region', { name: 'Entries that would be added: 1' });
      expect(await added.textContent()).toContain('Do you offer a status page?');
      await expectNoAxeViolations(page);

      await page
        .getByLabel('Library file (.csv or .xlsx)')
        .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('Question,Answer\n"Why?",\n') });
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).toContain('bad.csv:2 answer: is empty');
      await expectNoAxeViolations(page);
      await context.close();
    });
  }

  it('imports the previewed answer library without choosing the file a second time', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${baseUrl}/admin/library`);
    const csv = [
      'Question,Answer,Category',
      '"Do you publish an incident history?","Yes, for the last twelve months.",Service delivery & SLA',
      '"Can we see your penetration test summary?","Yes, under NDA.",',
    ].join('\n');
    await page
      .getByLabel('Library file (.csv or .xlsx)')
      .setInputFiles({ name: 'history.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
    await page.getByLabel('Status of imported entries').selectOption('draft');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('region', { name: 'Entries that would be added: 2' }).count()).toBe(1);
    const importForm = page.getByRole('form', { name: 'Import what you previewed' });
    expect(await importForm.textContent()).toContain('Status of imported entries: Draft');
    // The file input is empty again, as browsers always leave it; the import does not need it.
    expect(await page.getByLabel('Library file (.csv or .xlsx)').inputValue()).toBe('');
    await expectNoAxeViolations(page);

    await importForm.getByRole('button', { name: 'Import these 2 rows' }).click();
    await page.waitForURL(/\/admin\/library\?added=2&/);
    expect(await page.getByRole('status').textContent()).toContain('The answer library has been imported: added 2');
    await expectNoAxeViolations(page);
    const { db } = testApp.container.database;
    const imported = await db
      .selectFrom('entry')
      .select('status')
      .where('question', 'in', ['Do you publish an incident history?', 'Can we see your penetration test summary?'])
      .execute();
    expect(imported).toEqual([{ status: 'draft' }, { status: 'draft' }]);
    await context.close();
  });

  it('edits the tagline without JavaScript and the home page shows it', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${baseUrl}/admin/site`);
    await page.getByLabel('Tagline', { exact: true }).fill('Answers you can check, kept fresh');
    await page.getByRole('button', { name: 'Save site settings' }).click();
    await page.waitForURL(`${baseUrl}/admin/site?done=saved`);
    expect(await page.getByRole('status').textContent()).toContain('The site settings have been saved');
    await page.goto(`${baseUrl}/`);
    expect(await page.content()).toContain('Answers you can check, kept fresh');
    await context.close();
  });
});
