import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  openPage as openBrowserPage,
  type PageOptions,
  type PublicInChromium,
  startPublicInChromium,
} from '../e2e-support.js';

let browser: Browser;
let served: PublicInChromium;
let server: PublicInChromium['server'];

beforeAll(async () => {
  served = await startPublicInChromium({ today: '2026-11-27' });
  ({ browser, server } = served);
});
afterAll(async () => {
  await served?.close();
});

/** A page in a Swedish browser unless `locale` says otherwise. */
function openPage(options: PageOptions = {}) {
  return openBrowserPage(browser, { locale: 'sv-SE', ...options });
}

describe('Swedish pages in Chromium', () => {
  it('takes a Swedish browser from / to /sv/ without a cookie, and back to English when the visitor chooses it', async () => {
    const { page, context, consoleErrors } = await openPage();
    await page.goto(`${server.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/sv/');
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    expect(await page.locator('h2#faq-title').textContent()).toBe('Frågor och svar');
    await page.locator('.hero .language-switch a[hreflang="en"]').click();
    await page.waitForURL(`${server.baseUrl}/?lang=en`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await context.cookies()).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('switches language on an entry page and stays on that entry', async () => {
    const { page, context } = await openPage();
    await page.goto(`${server.baseUrl}/faq/mfa-for-administrative-access`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.locator('header .language-switch a[hreflang="sv"]').click();
    await page.waitForURL(`${server.baseUrl}/sv/faq/mfa-for-administrative-access`);
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    // Every link to another page of the site stays under /sv/.
    const hrefs = await page
      .locator('main a[href^="/"]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((href) => !href?.startsWith('/sv/'))).toEqual([]);
    await context.close();
  });

  it('searches in Swedish as you type, with links to Swedish pages', async () => {
    const { page, context } = await openPage();
    await page.goto(`${server.baseUrl}/sv/`);
    await page.locator('#home-search').pressSequentially('säkerhetskopior', { delay: 20 });
    const firstResult = page.locator('[data-live-results] a').first();
    await firstResult.waitFor({ state: 'visible', timeout: 5000 });
    expect(await firstResult.getAttribute('href')).toMatch(/^\/sv\/faq\//);
    expect(await page.locator('[data-live-results] .live-all').getAttribute('href')).toMatch(/^\/sv\/search\?q=/);
    await expect.poll(() => page.locator('[data-live-status]').textContent()).toMatch(/\d+ resultat/);
    await context.close();
  });

  it('searches with JavaScript turned off and stays Swedish', async () => {
    const { page, context } = await openPage({ javaScriptEnabled: false });
    await page.goto(`${server.baseUrl}/sv/`);
    await page.locator('#home-search').fill('kryptering');
    await page.locator('#home-search').press('Enter');
    await page.waitForURL(/\/sv\/search\?q=kryptering/);
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    expect(await page.locator('ol.results li').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    const { page, context } = await openPage({ width: 375 });
    for (const path of ['/sv/', '/sv/faq/mfa-for-administrative-access', '/sv/search?q=kryptering']) {
      await page.goto(`${server.baseUrl}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});

describe('Swedish pages: accessibility (axe, WCAG 2.2 AA)', () => {
  const pages = [
    ['home', '/sv/'],
    ['entry', '/sv/faq/mfa-for-administrative-access'],
    ['category', '/sv/category/cryptography'],
    ['search results', '/sv/search?q=kryptering'],
    ['search without results', '/sv/search?q=qwxzv'],
    ['tag', '/sv/tag/iso-27001'],
    ['document list', '/sv/documents'],
    ['document', '/sv/documents/iso-27001-certificate'],
  ] as const;

  for (const colorScheme of ['light', 'dark'] as const) {
    it.each(pages)(`has no violations on the Swedish %s page (${colorScheme})`, async (_name, path) => {
      const { page, context } = await openPage({ colorScheme });
      await page.goto(`${server.baseUrl}${path}`);
      expect(await page.locator('html').getAttribute('lang')).toBe('sv');
      await page.evaluate(() => document.querySelector('details')?.setAttribute('open', ''));
      await expectNoAxeViolations(page);
      await context.close();
    });
  }
});
