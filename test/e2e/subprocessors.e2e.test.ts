import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminInChromium, expectNoAxeViolations, signInAs, startAdminInChromium } from '../e2e-support.js';

const PASSWORD = 'correct horse battery';
// Screenshots land here for a person to look at; nothing is compared against them.
const SCREENSHOTS = process.env.TILLIT_SCREENSHOT_DIR;
let browser: Browser;
let served: AdminInChromium;
let testApp: AdminInChromium['testApp'];
let baseUrl: string;

beforeAll(async () => {
  // The example content: its six subprocessors, one of them former, one reachable by the US CLOUD Act.
  served = await startAdminInChromium();
  ({ testApp, browser, baseUrl } = served);
  await testApp.createUser('ed@example.test', PASSWORD, 'editor');
});
afterAll(async () => {
  await served?.close();
});

async function openContext(options: { width?: number; colorScheme?: 'light' | 'dark'; javaScriptEnabled?: boolean }) {
  const context: BrowserContext = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  return { context, page: await context.newPage() };
}

describe('the subprocessor pages in Chromium', () => {
  it.each([
    { width: 1280, colorScheme: 'light', path: '/subprocessors' },
    { width: 375, colorScheme: 'light', path: '/subprocessors' },
    { width: 375, colorScheme: 'dark', path: '/sv/subprocessors' },
    { width: 1280, colorScheme: 'dark', path: '/subprocessors?non_eu_law=yes' },
  ] as const)('has no axe violation and no sideways scrolling at $width px ($colorScheme) on $path', async (view) => {
    const { context, page } = await openContext(view);
    await page.goto(`${baseUrl}${view.path}`);
    await expectNoAxeViolations(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (SCREENSHOTS) {
      const name = `subprocessors-${view.width}-${view.colorScheme}-${view.path.includes('sv') ? 'sv' : 'en'}.png`;
      await page.screenshot({ path: `${SCREENSHOTS}/${name}`, fullPage: true });
    }
    await context.close();
  });

  it('filters with JavaScript off, shows the former subprocessor apart and the non-EU-law badge', async () => {
    const { context, page } = await openContext({ javaScriptEnabled: false });
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: 'Subprocessors' }).first().click();
    await page.waitForURL(`${baseUrl}/subprocessors`);
    expect(await page.locator('#former-subprocessors + ul h3').allTextContents()).toEqual(['Bergslagen Datalagring']);
    expect(await page.locator('.law-badge').allTextContents()).toEqual(['Reachable by US CLOUD Act']);
    await page.getByLabel('Processing location').selectOption('FI');
    await page.getByRole('button', { name: 'Show subprocessors' }).click();
    await page.waitForURL(`${baseUrl}/subprocessors?country=FI&category=&non_eu_law=&state=`);
    expect(await page.locator('h3').allTextContents()).toEqual(['Fjordsvar']);
    await context.close();
  });

  it('has no axe violation on the staff list, editor and history', async () => {
    const { context, page } = await openContext({});
    await signInAs(page, baseUrl, 'ed@example.test', PASSWORD);
    for (const path of ['/admin/subprocessors', '/admin/subprocessors/new', '/admin/subprocessors/vaktpost']) {
      await page.goto(`${baseUrl}${path}`);
      await expectNoAxeViolations(page);
    }
    // A refused save: the error summary and the fields it links to.
    await page.goto(`${baseUrl}/admin/subprocessors/vaktpost`);
    await page.getByLabel('Processing locations').fill('NL, XX');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('#error-summary-title').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    // An end date in three days, shorter than the notice promised: a warning to confirm before anything is saved.
    await page.goto(`${baseUrl}/admin/subprocessors/vaktpost`);
    await page.getByLabel('Until').fill(new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.locator('.short-notice').textContent()).toContain('Shorter notice than promised.');
    await expectNoAxeViolations(page);
    await page.goto(`${baseUrl}/admin/subprocessors/vaktpost/history`);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
