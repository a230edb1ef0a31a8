import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminInChromium, expectNoAxeViolations, signInAs, startAdminInChromium } from '../e2e-support.js';

const PASSWORD = 'correct horse battery';
let browser: Browser;
let served: AdminInChromium;
let testApp: AdminInChromium['testApp'];
let baseUrl: string;

beforeAll(async () => {
  // No SMTP server: mail stays in the outbox, as on a first `npm start`. (The example content gives the
  // site its stylesheet.)
  served = await startAdminInChromium();
  ({ testApp, browser, baseUrl } = served);
  await testApp.createUser('admin@example.test', PASSWORD, 'admin');
  await testApp.container.mail.enqueue({
    to: 'åsa@kund.example.se',
    subject: 'Bekräfta din e-postadress',
    text: `Hej Åsa!\n\nBekräfta här: https://trust.example.test/request-access/confirm/${'x'.repeat(120)}`,
    language: 'sv',
    kind: 'test',
    headers: { 'List-Unsubscribe': '<https://trust.example.test/unsubscribe/abc>' },
  });
});
afterAll(async () => {
  await served?.close();
});

describe('the mail outbox in Chromium', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations on the outbox, a refused test mail, a mail and its retry (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await signInAs(page, baseUrl, 'admin@example.test', PASSWORD);
      await page.getByRole('link', { name: 'Outbox' }).click();
      await page.waitForURL(`${baseUrl}/admin/outbox`);
      expect(await page.locator('h1').textContent()).toBe('Mail outbox');
      await expectNoAxeViolations(page);

      await page.getByLabel('Send to').fill('not an address');
      await page.getByRole('button', { name: 'Send the test mail' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).toContain('Enter one address in the form name@example.com');
      await expectNoAxeViolations(page);
      await page.getByLabel('Send to').fill(`ops-${colorScheme}@kund.example.se`);
      await page.getByLabel('Language of the mail').selectOption('sv');
      await page.getByRole('button', { name: 'Send the test mail' }).click();
      await page.waitForURL(`${baseUrl}/admin/outbox?done=test`);
      expect(await page.getByRole('status').textContent()).toBe('The test mail is queued. It is listed below.');
      await expectNoAxeViolations(page);

      await page.getByRole('link', { name: 'Bekräfta din e-postadress' }).click();
      await page.waitForURL(/\/admin\/outbox\/\d+$/);
      expect(await page.locator('pre').textContent()).toContain('https://trust.example.test/request-access/confirm/');
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Retry now' }).click();
      await page.waitForURL(/\?done=retry$/);
      expect(await page.getByRole('status').textContent()).toBe('The mail will be sent at once.');
      await expectNoAxeViolations(page);
      await context.close();
    });
  }
});
