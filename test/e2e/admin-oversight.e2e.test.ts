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
  // The owner of several overdue example entries, so "Your entries due" has rows.
  await testApp.createUser('security@norrskenmoln.example', PASSWORD, 'admin');
  // An account whose page the test changes.
  await testApp.createUser('pat@example.test', PASSWORD, 'editor');
  testApp.container.searchAnalytics.record('quantum moat', 0);
  testApp.container.searchAnalytics.record('encryption at rest', 5);
  testApp.container.searchAnalytics.record('encryption at rest', 5);
  await testApp.container.searchAnalytics.flush();
  await testApp.container.audit.record({
    actor: undefined,
    actorEmail: 'security@norrskenmoln.example',
    action: 'entry.save',
    targetType: 'entry',
    targetId: 'mfa-for-administrative-access',
    ip: '192.0.2.1',
    summary: 'changed answer',
  });
});
afterAll(async () => {
  await served?.close();
});

async function signIn(page: Page) {
  await signInAs(page, baseUrl, 'security@norrskenmoln.example', PASSWORD);
}

describe('staff oversight pages in Chromium', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations on the dashboard, audit log, settings, users and account pages (${colorScheme})`, async () => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await signIn(page);
      expect(await page.locator('h1').textContent()).toBe('Dashboard');
      expect(await page.getByRole('link', { name: /^Create entry from this ?: quantum moat$/ }).count()).toBe(2);
      await expectNoAxeViolations(page);

      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.waitForURL(`${baseUrl}/admin/audit`);
      await page.getByLabel('Action').fill('entry.save');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/\/admin\/audit\?action=entry\.save/);
      expect(await page.locator('tbody tr').count()).toBe(1);
      await expectNoAxeViolations(page);
      await page.goto(`${baseUrl}/admin/audit?from=not-a-date`);
      expect(await page.getByRole('alert').textContent()).toContain('Enter the date as YYYY-MM-DD');
      await expectNoAxeViolations(page);

      await page.goto(`${baseUrl}/admin/settings`);
      const checkbox = page.getByLabel('Require a second person to approve publication');
      await checkbox.setChecked(colorScheme === 'light');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.waitForURL(`${baseUrl}/admin/settings?saved=1`);
      expect(await page.getByRole('status').textContent()).toBe('The settings have been saved.');
      expect(await page.getByLabel('Require a second person to approve publication').isChecked()).toBe(
        colorScheme === 'light',
      );
      await expectNoAxeViolations(page);

      await page.goto(`${baseUrl}/admin/users`);
      await expectNoAxeViolations(page);
      await page.getByLabel('Email address').fill('security@norrskenmoln.example');
      await page.getByLabel('Name').fill('Twin');
      await page.getByRole('button', { name: 'Create user' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('alert').textContent()).toContain(
        'A staff account with this email address already exists.',
      );
      await expectNoAxeViolations(page);
      await page.getByLabel('Email address').fill(`new-${colorScheme}@example.test`);
      await page.getByLabel('Editor: can also edit and publish entries').check();
      await page.getByRole('button', { name: 'Create user' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('User created');
      expect(await page.locator('#generated-password').textContent()).toMatch(/^[A-Za-z2-9]{20}$/);
      await expectNoAxeViolations(page);

      // One account's page: change its role, disable it and re-enable it, with the keyboard-reachable forms.
      await page.goto(`${baseUrl}/admin/users`);
      await page.getByRole('link', { name: 'pat', exact: true }).click();
      await page.waitForURL(/\/admin\/users\/\d+$/);
      await expectNoAxeViolations(page);
      const role =
        colorScheme === 'light' ? 'Viewer: can read everything' : 'Editor: can also edit and publish entries';
      await page.getByLabel(role).check();
      await page.getByRole('button', { name: 'Change role' }).click();
      await page.waitForURL(/\?done=role$/);
      expect(await page.getByRole('status').textContent()).toBe('The role has been changed.');
      await page.getByRole('button', { name: 'Disable account' }).click();
      await page.waitForURL(/\?done=disabled$/);
      expect(await page.getByRole('status').textContent()).toBe(
        'The account has been disabled and all its sessions have ended.',
      );
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Re-enable account' }).click();
      await page.waitForURL(/\?done=enabled$/);
      expect(await page.getByRole('status').textContent()).toBe('The account has been re-enabled.');
      await context.close();
    });
  }
});
