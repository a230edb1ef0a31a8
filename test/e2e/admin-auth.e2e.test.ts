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

describe('staff sign-in in Chromium', () => {
  it('signs in without JavaScript, shows the dashboard and signs out', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page);
    expect(await page.locator('h1').textContent()).toBe('Dashboard');
    const cookie = (await context.cookies()).find((item) => item.name === 'tillit_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/admin' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/sign-in\?signed-out=1$/);
    expect(await page.getByRole('status').textContent()).toBe('You have been signed out.');
    await context.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations on the sign-in, error, dashboard and password pages (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/admin/sign-in`);
      await expectNoAxeViolations(page);
      await page.getByLabel('Email address').fill('ada@example.test');
      await page.getByLabel('Password').fill('a wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).toContain(
        'The email address, password or authentication code is not correct.',
      );
      await expectNoAxeViolations(page);
      await signIn(page);
      await expectNoAxeViolations(page);
      await page.goto(`${baseUrl}/admin/account/password`);
      await expectNoAxeViolations(page);
      await page.getByLabel('Current password').fill(PASSWORD);
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.waitForLoadState();
      await expectNoAxeViolations(page);
      // Two-step sign-in set-up: the QR code page, and the same page with a wrong code.
      await page.goto(`${baseUrl}/admin/account/two-factor`);
      expect(await page.locator('.qr-code svg').count()).toBe(1);
      await expectNoAxeViolations(page);
      await page.getByLabel('Authentication code').fill('000000');
      await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
      await page.waitForLoadState();
      await expectNoAxeViolations(page);
      await context.close();
    });
  }
});
