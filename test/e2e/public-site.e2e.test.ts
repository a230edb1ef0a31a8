import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../browser.js';
import { serveTestApp } from '../serve-test-app.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof serveTestApp>>;
const outsideRequests: string[] = [];

beforeAll(async () => {
  server = await serveTestApp({ today: '2026-11-27' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openPage(options: { javaScriptEnabled?: boolean; width?: number; colorScheme?: 'light' | 'dark' } = {}) {
  const context: BrowserContext = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page: Page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(server.baseUrl) && !request.url().startsWith('data:'))
      outsideRequests.push(request.url());
  });
  return { page, context, consoleErrors };
}

describe('public site in Chromium', () => {
  it('renders every home page section, sets no cookie and breaks no CSP rule', async () => {
    const { page, context, consoleErrors } = await openPage();
    await page.goto(`${server.baseUrl}/`);
    await expect(page.locator('h1').textContent()).resolves.toContain('Trust Center');
    for (const heading of ['#highlights-title', '#certifications-title', '#sla-title', '#faq-title']) {
      expect(await page.locator(heading).isVisible(), heading).toBe(true);
    }
    expect(await page.locator('details.entry').count()).toBeGreaterThanOrEqual(60);
    expect(await page.locator('.badge.expired').count()).toBeGreaterThanOrEqual(1);
    expect(await context.cookies()).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('reaches the search field first after the skip link', async () => {
    const { page, context } = await openPage();
    await page.goto(`${server.baseUrl}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('home-search');
    await context.close();
  });

  it('shows as-you-type results under the search field and announces them', async () => {
    const { page, context } = await openPage();
    await page.goto(`${server.baseUrl}/`);
    await page.locator('#home-search').pressSequentially('encryp', { delay: 20 });
    const firstResult = page.locator('[data-live-results] a').first();
    await firstResult.waitFor({ state: 'visible', timeout: 5000 });
    expect(await page.locator('[data-live-results] mark').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-live-status]').textContent()).toMatch(/\d+/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('home-search');
    await context.close();
  });

  it('says which correction it shows when a typed word is in no answer, with a way back to the words as typed', async () => {
    const { page, context } = await openPage();
    await page.goto(`${server.baseUrl}/`);
    await page.locator('#home-search').pressSequentially('subprocesor', { delay: 20 });
    const notice = page.locator('[data-live-results] .search-correction');
    await notice.waitFor({ state: 'visible', timeout: 5000 });
    expect(await notice.textContent()).toContain('Showing results for subprocessor.');
    expect(await notice.locator('a').getAttribute('href')).toBe('/search?q=subprocesor&verbatim=1');
    expect(await notice.locator('a').textContent()).toBe('Search instead for “subprocesor”');
    await expect.poll(() => page.locator('[data-live-status]').textContent()).toContain('Showing results for');
    await context.close();
  });

  it('searches with JavaScript turned off', async () => {
    const { page, context } = await openPage({ javaScriptEnabled: false });
    await page.goto(`${server.baseUrl}/`);
    await page.locator('#home-search').fill('backup');
    await page.locator('#home-search').press('Enter');
    await page.waitForURL(/\/search\?q=backup/);
    expect(await page.locator('ol.results li').count()).toBeGreaterThan(0);
    expect(await page.locator('ol.results mark').count()).toBeGreaterThan(0);
    // Reaching an answer needs no script either: the question links to its page.
    await page.goto(`${server.baseUrl}/`);
    const first = page.locator('a.entry-link').first();
    const question = await first.locator('.entry-question').textContent();
    await first.click();
    await page.waitForURL(/\/faq\/[a-z0-9-]+$/);
    expect(await page.locator('h1').textContent()).toBe(question);
    await context.close();
  });

  it('opens the entry named in the URL fragment and shows the permalink page', async () => {
    const { page, context } = await openPage();
    await page.goto(`${server.baseUrl}/#mfa-for-administrative-access`);
    await expect.poll(() => page.locator('#mfa-for-administrative-access').getAttribute('open')).not.toBeNull();
    await page.goto(`${server.baseUrl}/faq/mfa-for-administrative-access`);
    expect(await page.locator('h1').textContent()).toBe('Do you require MFA for administrative access?');
    expect(await page.locator('.related li').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('shows the 404 page for an unknown entry', async () => {
    const { page, context } = await openPage();
    const response = await page.goto(`${server.baseUrl}/faq/this-does-not-exist`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await context.close();
  });

  it('fits a 320 px wide screen without horizontal scrolling', async () => {
    const { page, context } = await openPage({ width: 320 });
    for (const path of ['/', '/faq/mfa-for-administrative-access', '/search?q=encryption']) {
      await page.goto(`${server.baseUrl}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await context.close();
  });

  it('made no request to any other origin', () => {
    expect(outsideRequests).toEqual([]);
  });
});

describe('accessibility (axe, WCAG 2.2 AA)', () => {
  const pages = [
    ['home', '/'],
    ['entry', '/faq/mfa-for-administrative-access'],
    ['category', '/category/cryptography'],
    ['tag', '/tag/nis2'],
    ['search results', '/search?q=encryption&tag=iso-27001'],
    ['search without results', '/search?q=qwxzv'],
    ['search showing a correction', '/search?q=subprocesor'],
    ['search form', '/search'],
    ['not found', '/faq/nope'],
    ['Swedish home', '/sv/'],
  ] as const;

  for (const colorScheme of ['light', 'dark'] as const) {
    it.each(pages)(`has no violations on the %s page (${colorScheme})`, async (_name, path) => {
      const { page, context } = await openPage({ colorScheme });
      await page.goto(`${server.baseUrl}${path}`);
      // Open one answer so its content is scanned too.
      await page.evaluate(() => document.querySelector('details')?.setAttribute('open', ''));
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze();
      const summary = results.violations.map(
        (v) =>
          `${v.id}: ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      );
      expect(summary).toEqual([]);
      await context.close();
    });
  }
});
