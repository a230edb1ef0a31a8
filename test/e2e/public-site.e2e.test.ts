import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accentClasses } from '../../src/views/accent-classes.js';
import {
  openPage as openBrowserPage,
  type PageOptions,
  type PublicInChromium,
  startPublicInChromium,
} from '../e2e-support.js';

let browser: Browser;
let served: PublicInChromium;
let server: PublicInChromium['server'];
const outsideRequests: string[] = [];

beforeAll(async () => {
  served = await startPublicInChromium({ today: '2026-11-27' });
  ({ browser, server } = served);
});
afterAll(async () => {
  await served?.close();
});

/** A page that records every request it makes to another origin in `outsideRequests`. */
async function openPage(options: PageOptions = {}) {
  const opened = await openBrowserPage(browser, options);
  opened.page.on('request', (request) => {
    if (!request.url().startsWith(server.baseUrl) && !request.url().startsWith('data:'))
      outsideRequests.push(request.url());
  });
  return opened;
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

describe('the accent colour in Chromium', () => {
  it('turns the classes on <html> back into the colour of the settings, and keeps the default without them', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const stylesheets: string[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'stylesheet')
        stylesheets.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${server.baseUrl}/`);
    expect(stylesheets).toEqual([
      expect.stringMatching(/^200 http:\/\/127\.0\.0\.1:\d+\/assets\/site\.[0-9a-f]{8}\.css$/),
    ]);

    /** The colour --accent-base computes to with `classes` on <html> (CSSOM, which the CSP allows). */
    const accentWith = (classes: string | undefined) =>
      page.evaluate((value) => {
        if (value !== undefined) document.documentElement.className = value;
        const probe = document.createElement('span');
        probe.style.color = 'var(--accent-base)';
        document.body.append(probe);
        const color = getComputedStyle(probe).color;
        probe.remove();
        return color;
      }, classes);

    // As served: the example content's #0f5c5a.
    expect(await accentWith(undefined)).toBe('rgb(15, 92, 90)');
    const colours: [string, string][] = [
      ['#123456', 'rgb(18, 52, 86)'],
      ['#ABCDEF', 'rgb(171, 205, 239)'],
      ['#000000', 'rgb(0, 0, 0)'],
      ['#ffffff', 'rgb(255, 255, 255)'],
      ['#c0ffee', 'rgb(192, 255, 238)'],
    ];
    for (const [setting, computed] of colours) expect(await accentWith(accentClasses(setting)), setting).toBe(computed);
    expect(await accentWith('')).toBe('rgb(15, 92, 90)');
    // One digit missing: the colour is invalid as a whole and the default stands.
    expect(await accentWith('a1-1 a2-2 a3-3 a4-4 a5-5')).toBe('rgb(15, 92, 90)');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
