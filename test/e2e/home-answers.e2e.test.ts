import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppProcess, startAppProcess } from '../app-process.js';
import { launchBrowser } from '../browser.js';
import { EXAMPLE_CONTENT } from '../create-test-app.js';
import { expectNoAxeViolations } from '../e2e-support.js';
import { createTestDatabase, type TestDatabase } from '../temporary-database.js';

// The home page carries the questions and loads an answer when its question is opened; without
// JavaScript each question is a link to its entry page. Measured against a real server process, as a
// visitor's browser meets it: brotli, the server's own headers, every request the page makes.

/** Issue 15: the home page on a first visit, in bytes as transferred (headers and compressed bodies). */
const HOME_BUDGET_BYTES = 30_000;
const HOME_BUDGET_REQUESTS = 4;

let browser: Browser;
let server: AppProcess;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ dialect: 'sqlite' });
  server = await startAppProcess({ DATABASE_URL: database.url, CONTENT_DIR: EXAMPLE_CONTENT });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.remove();
});

async function openPage(
  options: { javaScriptEnabled?: boolean; width?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ page: Page; context: BrowserContext; consoleErrors: string[] }> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { page, context, consoleErrors };
}

/** Asks for a page until the server answers it in brotli (it compresses a page off the event loop on first request). */
async function warmBrotli(path: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${server.baseUrl}${path}`, { headers: { 'accept-encoding': 'br, gzip' } });
    await response.arrayBuffer();
    if (response.headers.get('content-encoding') === 'br') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${path} never came in brotli`);
}

/** What a first visit to the page transferred: every request, and the bytes Chromium counted for each. */
async function weighFirstVisit(path: string) {
  const { page, context } = await openPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const transferred = new Map<string, number>();
  const encodings = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (event) => {
    if (/^https?:/.test(event.request.url)) urls.set(event.requestId, event.request.url);
  });
  cdp.on('Network.responseReceived', (event) => {
    encodings.set(event.response.url, String(event.response.headers['content-encoding'] ?? ''));
  });
  cdp.on('Network.loadingFinished', (event) => transferred.set(event.requestId, event.encodedDataLength));
  cdp.on('Network.loadingFailed', (event) => transferred.set(event.requestId, 0));
  await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'networkidle' });
  await expect.poll(() => transferred.size).toBe(urls.size);
  const bytes = [...transferred.values()].reduce((sum, size) => sum + size, 0);
  const requests = [...urls.values()];
  const bytesOf = (pattern: RegExp) =>
    [...urls].filter(([, url]) => pattern.test(url)).reduce((sum, [id]) => sum + (transferred.get(id) ?? 0), 0);
  await context.close();
  return { bytes, requests, encodings, bytesOf };
}

describe('the home page on a first visit', () => {
  for (const path of ['/', '/sv/']) {
    it(`weighs at most 30 KB in at most 4 requests (${path}, brotli ready)`, async () => {
      await warmBrotli(path);
      const { bytes, requests, encodings, bytesOf } = await weighFirstVisit(path);
      expect(encodings.get(`${server.baseUrl}${path}`)).toBe('br');
      expect(requests.length, requests.join('\n')).toBeLessThanOrEqual(HOME_BUDGET_REQUESTS);
      expect(bytes, `${bytes} bytes in ${requests.length} requests`).toBeLessThanOrEqual(HOME_BUDGET_BYTES);
      const stylesheet = bytesOf(/\/site[^/]*\.css/);
      expect(stylesheet).toBeGreaterThan(1000);
      expect(stylesheet).toBeLessThanOrEqual(12_000);
      // Answers are loaded when a question is opened, never with the page.
      expect(requests.filter((url) => url.includes('/answers'))).toEqual([]);
    });
  }
});

describe('a question on the home page with JavaScript', () => {
  it('opens from the keyboard, keeps focus, and shows its answer from its category', async () => {
    const { page, context, consoleErrors } = await openPage();
    const answerRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/answers')) answerRequests.push(request.url());
    });
    await page.goto(`${server.baseUrl}/`);
    const entry = page.locator('details.entry#mfa-for-administrative-access');
    const summary = entry.locator('summary');
    expect(await summary.textContent()).toContain('Do you require MFA for administrative access?');
    expect(await entry.getAttribute('open')).toBeNull();
    await summary.focus();
    await page.keyboard.press('Enter');
    const answer = entry.locator('.entry-body .answer');
    await answer.waitFor({ state: 'visible' });
    expect(await entry.getAttribute('open')).not.toBeNull();
    expect(await entry.getAttribute('data-answer')).toBe('loaded');
    expect(await entry.locator('.entry-body').getAttribute('aria-busy')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.closest('details')?.id)).toBe(
      'mfa-for-administrative-access',
    );
    expect(await entry.locator('.permalink').getAttribute('href')).toBe('/faq/mfa-for-administrative-access');
    expect(await entry.locator('.pill').getAttribute('href')).toMatch(/^\/category\//);
    // A second question of the same category comes from the answers already loaded.
    const sibling = page
      .locator('[data-answers$="/access-control/answers"] > details.entry:not(#mfa-for-administrative-access)')
      .first();
    await sibling.locator('summary').click();
    await sibling.locator('.answer').waitFor({ state: 'visible' });
    expect(answerRequests).toEqual([`${server.baseUrl}/category/access-control/answers`]);
    // Closing and opening again keeps the answer.
    await summary.click();
    expect(await entry.getAttribute('open')).toBeNull();
    await summary.click();
    expect(await answer.isVisible()).toBe(true);
    // The same answer as on the entry's own page.
    const shown = await answer.textContent();
    await page.goto(`${server.baseUrl}/faq/mfa-for-administrative-access`);
    expect(await page.locator('.answer').textContent()).toBe(shown);
    expect(shown?.length).toBeGreaterThan(40);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('opens the entry named in the URL fragment with its answer', async () => {
    const { page, context } = await openPage();
    await page.goto(`${server.baseUrl}/#encryption-at-rest`);
    const entry = page.locator('details.entry#encryption-at-rest');
    await entry.locator('.answer').waitFor({ state: 'visible' });
    expect(await entry.getAttribute('open')).not.toBeNull();
    await context.close();
  });

  it('says so, with a link to the entry page, when the answer cannot be loaded, and tries again on the next opening', async () => {
    const { page, context } = await openPage();
    await page.route('**/answers', (route) => route.abort());
    await page.goto(`${server.baseUrl}/`);
    const entry = page.locator('details.entry#mfa-for-administrative-access');
    await entry.locator('summary').click();
    const status = entry.locator('.answer-status');
    await expect
      .poll(() => status.textContent())
      .toBe('The answer could not be loaded. Read the answer on its own page.');
    expect(await status.locator('a').getAttribute('href')).toBe('/faq/mfa-for-administrative-access');
    expect(await entry.locator('.entry-body').getAttribute('aria-busy')).toBeNull();
    await page.unroute('**/answers');
    await entry.locator('summary').click();
    await entry.locator('summary').click();
    await entry.locator('.answer').waitFor({ state: 'visible' });
    await context.close();
  });

  for (const width of [375, 1280]) {
    it(`puts every question where it stood before the script ran, at ${width} px`, async () => {
      const positions = async (javaScriptEnabled: boolean) => {
        const { page, context } = await openPage({ javaScriptEnabled, width });
        await page.goto(`${server.baseUrl}/`);
        const boxes = await page
          .locator('.faq-group > .entry')
          .evaluateAll((entries) => entries.map((entry) => Math.round(entry.getBoundingClientRect().top + scrollY)));
        if (javaScriptEnabled) expect(await page.locator('.faq-group > div.entry').count()).toBe(0);
        await context.close();
        return boxes;
      };
      const withoutScript = await positions(false);
      expect(withoutScript.length).toBeGreaterThan(60);
      expect(await positions(true)).toEqual(withoutScript);
    });
  }
});

describe('a question on the home page without JavaScript', () => {
  for (const language of ['en', 'sv'] as const) {
    it(`is a link to its entry page, where the answer is (${language})`, async () => {
      const prefix = language === 'sv' ? '/sv' : '';
      const { page, context } = await openPage({ javaScriptEnabled: false });
      await page.goto(`${server.baseUrl}${prefix}/`);
      expect(await page.locator('.faq-group .answer').count()).toBe(0);
      const links = page.locator('.faq-group > .entry > a.entry-link');
      const entries = await page.locator('.faq-group > .entry').count();
      expect(entries).toBeGreaterThan(60);
      expect(await links.count()).toBe(entries);
      const pairs = await links.evaluateAll((items) =>
        items.map((link) => ({ id: link.parentElement?.id, href: link.getAttribute('href') })),
      );
      for (const { id, href } of pairs) expect(href).toBe(`${prefix}/faq/${id}`);
      const link = page.locator('#mfa-for-administrative-access > a.entry-link');
      const question = (await link.locator('.entry-question').textContent()) ?? '';
      await link.click();
      await page.waitForURL(`${server.baseUrl}${prefix}/faq/mfa-for-administrative-access`);
      expect(await page.locator('h1').textContent()).toBe(question);
      expect(await page.locator('.answer').textContent()).not.toBe('');
      await context.close();
    });
  }
});

describe('the home page: accessibility (axe, WCAG 2.2 AA) with an answer open', () => {
  // Each width in each colour scheme once, the two languages shared between them: the public-site and Swedish e2e
  // files check the rest of the page in every combination.
  const variants = [
    { width: 375, colorScheme: 'light', path: '/' },
    { width: 375, colorScheme: 'dark', path: '/sv/' },
    { width: 1280, colorScheme: 'light', path: '/sv/' },
    { width: 1280, colorScheme: 'dark', path: '/' },
  ] as const;
  it.each(variants)('has no violations on $path at $width px ($colorScheme)', async ({ width, colorScheme, path }) => {
    const { page, context } = await openPage({ width, colorScheme });
    await page.goto(`${server.baseUrl}${path}`);
    const entry = page.locator('details.entry#mfa-for-administrative-access');
    await entry.locator('summary').click();
    await entry.locator('.answer').waitFor({ state: 'visible' });
    await expectNoAxeViolations(page);
    await entry.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: `/tmp/tillit-home-answer-${path === '/' ? 'en' : 'sv'}-${width}-${colorScheme}.png`,
    });
    await context.close();
  });

  it('has no violations without the script, and while an answer cannot be loaded', async () => {
    for (const isScriptLoaded of [false, true]) {
      const { page, context } = await openPage({ width: 375 });
      // axe runs as a script itself, so the page without JavaScript is the page without its own script.
      await page.route(isScriptLoaded ? '**/answers' : '**/search*.js', (route) => route.abort());
      await page.goto(`${server.baseUrl}/`);
      if (isScriptLoaded) {
        const entry = page.locator('details.entry#mfa-for-administrative-access');
        await entry.locator('summary').click();
        await entry.locator('.answer-status a').waitFor({ state: 'visible' });
      } else {
        expect(await page.locator('a.entry-link').count()).toBeGreaterThan(60);
      }
      await expectNoAxeViolations(page);
      await page.screenshot({ path: `/tmp/tillit-home-${isScriptLoaded ? 'answer-failed' : 'no-script'}-375.png` });
      await context.close();
    }
  });
});
