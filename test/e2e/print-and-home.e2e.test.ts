import { AxeBuilder } from '@axe-core/playwright';
import { PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp } from '../create-admin-test-app.js';
import {
  expectNoAxeViolations,
  openPage as openBrowserPage,
  type PageOptions,
  type PublicInChromium,
  serveFetch,
  signInAs,
  startPublicInChromium,
} from '../e2e-support.js';

// The example content on a day its ISO 14001 certificate (valid until 2025-08-31) has expired.
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

function openPage(options: PageOptions = {}): Promise<{ page: Page; context: BrowserContext }> {
  return openBrowserPage(browser, options);
}

/** Pages of the page printed to an A4 PDF by Chromium (print media, CSS as a visitor's browser applies it). */
async function countPrintedPages(page: Page, landscape: boolean): Promise<number> {
  const pdf = await page.pdf({ format: 'A4', landscape });
  return (await PDFDocument.load(pdf)).getPageCount();
}

/** The lowest line of text on each page of the page printed to an A4 PDF, read back with pdf.js. */
/** The last two lines of text of each printed page (the lowest first), read back from the PDF Chromium makes. */
async function lastLinesOfPrintedPages(page: Page, landscape: boolean): Promise<{ last: string; before: string }[]> {
  const pdf = await page.pdf({ format: 'A4', landscape });
  const document = await getDocument({ data: new Uint8Array(pdf) }).promise;
  const pages: { last: string; before: string }[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    const items = content.items.flatMap((item) =>
      'str' in item && item.str.trim() !== '' ? [{ text: item.str, y: Number(item.transform[5]) }] : [],
    );
    const lineAt = (y: number) =>
      items
        .filter((item) => Math.abs(item.y - y) < 2)
        .map((item) => item.text)
        .join(' ');
    const lowest = Math.min(...items.map((item) => item.y));
    const above = Math.min(...items.filter((item) => item.y >= lowest + 2).map((item) => item.y));
    pages.push({ last: lineAt(lowest), before: Number.isFinite(above) ? lineAt(above) : '' });
  }
  await document.destroy();
  return pages;
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`);
}

describe('certifications on the home page', () => {
  for (const width of [375, 1280]) {
    it(`shows each as a badge whose dates never wrap, the expired one marked, at ${width} px`, async () => {
      const { page, context } = await openPage({ width });
      await page.goto(`${server.baseUrl}/`);
      const section = page.locator('section.certifications');
      const badges = section.locator('.badge');
      expect(await badges.count()).toBe(5);
      // A date is one line: its box is no taller than one line of its text.
      const dates = await section.locator('time.date').evaluateAll((times) =>
        times.map((time) => ({
          text: time.textContent,
          lines: time.getClientRects().length,
          isNoWrap: getComputedStyle(time).whiteSpace === 'nowrap',
        })),
      );
      expect(dates).toHaveLength(5);
      for (const date of dates) expect(date, String(date.text)).toMatchObject({ lines: 1, isNoWrap: true });
      // Full width: the row is as wide as the highlight grid above it, not half of it beside the SLA card.
      const row = await section.locator('.badges').boundingBox();
      const grid = await page.locator('.card-grid').boundingBox();
      expect(row?.width).toBeGreaterThan(300);
      expect(row?.width).toBe(grid?.width);
      if (width >= 1280) {
        const tops = await badges.evaluateAll((items) => items.map((item) => item.getBoundingClientRect().top));
        expect(new Set(tops).size, 'all badges in one row').toBe(1);
      }
      const expired = section.locator('.badge.expired');
      expect(await expired.count()).toBe(1);
      expect(await expired.textContent()).toContain('ISO 14001');
      expect(await expired.locator('.badge-validity').textContent()).toMatch(/^Expired 31\sAugust\s2025$/);
      // Certificate links go to the document page; a long scope opens on request.
      expect(await section.locator('a[href="/documents/iso-27001-certificate"]').count()).toBe(1);
      const scope = section.locator('details.badge-scope').first();
      expect(await scope.locator('p').isVisible()).toBe(false);
      await scope.locator('summary').click();
      expect(await scope.locator('p').isVisible()).toBe(true);
      await page.screenshot({ path: `/tmp/tillit-home-certifications-${width}.png`, fullPage: false });
      await context.close();
    });
  }
});

describe('search on a phone', () => {
  it('shows the first result above the fold of a 375×667 screen, with the filters in a row under the count', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { page, context } = await openPage({ width: 375, height: 667, javaScriptEnabled });
      await page.goto(`${server.baseUrl}/search?q=encryption`);
      const first = await page.locator('.result').first().boundingBox();
      expect(first?.y).toBeLessThan(667);
      const count = await page.locator('#results-title').boundingBox();
      const filters = await page.locator('form.search-filters').boundingBox();
      expect(filters && count && filters.y).toBeGreaterThan(count?.y ?? Number.POSITIVE_INFINITY);
      expect(filters && first && filters.y).toBeLessThan(first?.y ?? 0);
      await context.close();
    }
  });

  it('filters by a tag chosen behind the tags disclosure, and names it while closed', async () => {
    const { page, context } = await openPage({ width: 375, height: 667 });
    await page.goto(`${server.baseUrl}/search?q=encryption`);
    await page.locator('.filter-tags summary').click();
    await page.locator('.filter-tags input[value="iso-27001"]').check();
    await page.locator('form.search-filters button[type="submit"]').click();
    await page.waitForURL(/tag=iso-27001/);
    expect(await page.locator('.filter-tags summary').textContent()).toContain('ISO 27001');
    expect(
      await page
        .locator('.result')
        .first()
        .boundingBox()
        .then((box) => box?.y),
    ).toBeLessThan(667);
    await context.close();
  });
});

describe('print', () => {
  it('prints an entry on one A4 page, portrait and landscape, with its address and date and no web navigation', async () => {
    const { page, context } = await openPage();
    await page.goto(`${server.baseUrl}/faq/encryption-at-rest`);
    expect(await countPrintedPages(page, false)).toBe(1);
    expect(await countPrintedPages(page, true)).toBe(1);
    expect(await page.locator('.print-source').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    const source = page.locator('.print-source');
    expect(await source.isVisible()).toBe(true);
    expect(await source.textContent()).toBe(
      'Printed from https://trust.example.test/faq/encryption-at-rest on 27 November 2026',
    );
    for (const hidden of ['.site-nav', '.site-footer', 'form[role="search"]', '.breadcrumb']) {
      for (const element of await page.locator(hidden).all()) expect(await element.isVisible(), hidden).toBe(false);
    }
    await context.close();
  });

  it('prints the home page with its questions, the answers opened, and where every answer is printed together', async () => {
    for (const javaScriptEnabled of [false, true]) {
      const { page, context } = await openPage({ javaScriptEnabled });
      await page.goto(`${server.baseUrl}/`);
      if (javaScriptEnabled) {
        // An answer a visitor opened prints with the page; the others are not on it.
        const entry = page.locator('details.entry#encryption-at-rest');
        await entry.locator('summary').click();
        await entry.locator('.answer').waitFor({ state: 'visible' });
      }
      const portrait = await countPrintedPages(page, false);
      const landscape = await countPrintedPages(page, true);
      // One column in both: a question without its answer is one line, an opened answer a row in landscape.
      console.info(
        `home page (JavaScript ${javaScriptEnabled ? 'on' : 'off'}) on A4: portrait ${portrait}, landscape ${landscape} pages`,
      );
      expect(landscape, `landscape ${landscape} pages, portrait ${portrait}`).toBeLessThanOrEqual(portrait);
      expect(portrait).toBeLessThan(12);
      await page.emulateMedia({ media: 'print' });
      const questions = page.locator('.faq-group > .entry .entry-question');
      expect(await questions.count()).toBeGreaterThan(60);
      const shown = await questions.evaluateAll(
        (items) => items.filter((item) => item.getClientRects().length > 0).length,
      );
      expect(shown).toBe(await questions.count());
      const note = page.locator('.faq .print-only');
      expect(await note.isVisible()).toBe(true);
      expect(await note.textContent()).toBe(
        'Each answer has its own page. All answers together, ready to print: https://trust.example.test/print',
      );
      // A question's link is not written out after it: the print view has the addresses.
      const questionLink = page.locator('a.entry-link').first();
      if (!javaScriptEnabled) {
        expect(await questionLink.evaluate((a) => getComputedStyle(a, '::after').content)).toBe('none');
      } else {
        const answers = page.locator('details.entry .answer');
        expect(await answers.count()).toBe(1);
        expect(await answers.first().isVisible()).toBe(true);
      }
      expect(
        await page
          .locator('.faq-group h3')
          .first()
          .evaluate((h) => getComputedStyle(h).breakAfter),
      ).toBe('avoid');
      expect(
        await page
          .locator('.card')
          .first()
          .evaluate((card) => getComputedStyle(card).breakInside),
      ).toBe('avoid');
      await context.close();
    }
  });

  it('prints every answer in landscape as one column of rows, question beside its answer at a readable measure, on no more pages than portrait', async () => {
    // A landscape A4 page box (297 × 210 mm less the margins) seen through print media.
    const { page, context } = await openPage({ width: 1024, height: 688 });
    await page.goto(`${server.baseUrl}/print`);
    const portrait = await countPrintedPages(page, false);
    const landscape = await countPrintedPages(page, true);
    console.info(`every answer (/print) on A4: portrait ${portrait}, landscape ${landscape} pages`);
    expect(landscape, `landscape ${landscape} pages, portrait ${portrait}`).toBeLessThanOrEqual(portrait);
    await page.emulateMedia({ media: 'print' });
    const rows = await page.locator('.print-entry').evaluateAll((entries) =>
      entries.map((entry) => {
        const question = entry.querySelector('h3')?.getBoundingClientRect();
        const answer = entry.querySelector('.answer')?.getBoundingClientRect();
        return {
          left: Math.round(entry.getBoundingClientRect().left),
          questionRight: question?.right ?? Number.NaN,
          questionTop: Math.round(question?.top ?? Number.NaN),
          answerLeft: answer?.left ?? Number.NaN,
          answerTop: Math.round(answer?.top ?? Number.NaN),
          answerWidth: answer?.width ?? Number.NaN,
        };
      }),
    );
    const published = await server.container.publicSite.getPublishedSite();
    expect(rows.length).toBe(published.entries.length);
    // One column: every entry starts at the same left edge.
    expect(new Set(rows.map((row) => row.left)).size).toBe(1);
    const millimetre = 96 / 25.4;
    for (const row of rows) {
      expect(row.answerLeft).toBeGreaterThan(row.questionRight);
      expect(Math.abs(row.answerTop - row.questionTop)).toBeLessThan(12);
      // About 80 characters a line, not the 271 mm of the page.
      expect(row.answerWidth / millimetre).toBeLessThanOrEqual(141);
    }
    await context.close();
  });

  it('prints an answer opened on the home page in landscape as a row beside its question', async () => {
    const { page, context } = await openPage({ width: 1024, height: 688 });
    await page.goto(`${server.baseUrl}/`);
    const entry = page.locator('details.entry#encryption-at-rest');
    await entry.locator('summary').click();
    await entry.locator('.answer').waitFor({ state: 'visible' });
    await page.emulateMedia({ media: 'print' });
    const row = await entry.evaluate((element) => {
      const question = element.querySelector('summary')?.getBoundingClientRect();
      const answer = element.querySelector('.answer')?.getBoundingClientRect();
      return { questionRight: question?.right ?? 0, answerLeft: answer?.left ?? 0 };
    });
    expect(row.answerLeft).toBeGreaterThan(row.questionRight);
    // A question left closed is one full-width line, not a narrow column.
    const closed = page.locator('details.entry#asset-inventory > summary');
    const closedWidth = await closed.evaluate((element) => element.getBoundingClientRect().width);
    expect(closedWidth).toBeGreaterThan(row.questionRight);
    await context.close();
  });

  it('never leaves a category heading or its description last on a printed page, portrait or landscape, home and /print', async () => {
    const { page, context } = await openPage();
    const published = await server.container.publicSite.getPublishedSite();
    const categories = published.categories;
    expect(categories.length).toBeGreaterThan(5);
    for (const [path, landscape] of [
      ['/', false],
      ['/', true],
      ['/print', false],
      ['/print', true],
    ] as const) {
      await page.goto(`${server.baseUrl}${path}`);
      const lastLines = await lastLinesOfPrintedPages(page, landscape);
      console.info(`${path} printed on A4 ${landscape ? 'landscape' : 'portrait'}: ${lastLines.length} pages`);
      for (const [index, { last, before }] of lastLines.entries()) {
        const line = last.trim();
        // A heading is its own line; a description, whole or cut, starts or ends the description. A short last
        // line counts only when the line above it is in the description too (an answer may end with "users." too).
        const stranded = categories.find((category) => {
          const description = category.description.trim();
          const endsDescription =
            description.endsWith(line) && (line.length > 20 || description.includes(before.trim()));
          return line === category.name || endsDescription || (line.length > 20 && description.startsWith(line));
        });
        expect(
          stranded,
          `${path} page ${index + 1} (${landscape ? 'landscape' : 'portrait'}) ends with "${line}"`,
        ).toBeUndefined();
      }
    }
    await context.close();
  });

  it('shows every published answer by category on the print view, linked from the home page and footer', async () => {
    const { page, context } = await openPage();
    await page.goto(`${server.baseUrl}/`);
    expect(await page.locator('.print-link a[href="/print"]').count()).toBe(1);
    expect(await page.locator('.site-footer a[href="/print"]').count()).toBe(1);
    await page.locator('.print-link a').click();
    await page.waitForURL(/\/print$/);
    const published = await server.container.publicSite.getPublishedSite();
    const printed = await page.locator('.print-entry h3').allTextContents();
    expect(printed.sort()).toEqual(published.entries.map((entry) => entry.question).sort());
    expect(await page.locator('.print-view .lead').textContent()).toContain('27 November 2026');
    const pages = await countPrintedPages(page, false);
    expect(pages).toBeGreaterThan(1);
    // Links in answers are written out on paper.
    await page.emulateMedia({ media: 'print' });
    const link = page.locator('.answer a[href^="http"]').first();
    expect(await link.evaluate((a) => getComputedStyle(a, '::after').content)).toContain('http');
    await context.close();
  });
});

describe('accessibility of the changed pages', () => {
  const paths = [
    ['home', '/'],
    ['search', '/search?q=encryption'],
    ['search with filters', '/search?q=encryption&tag=iso-27001&category=cryptography'],
    ['print view', '/print'],
    ['not found with closest entries', '/faq/encrypt-backups'],
    ['unknown tag', '/tag/vulnerabilty'],
  ] as const;
  const variants = [
    { width: 375, colorScheme: 'light' },
    { width: 1280, colorScheme: 'light' },
    { width: 1280, colorScheme: 'dark' },
  ] as const;
  for (const { width, colorScheme } of variants) {
    it.each(paths)(`has no axe violations on the %s page at ${width} px (${colorScheme})`, async (_name, path) => {
      const { page, context } = await openPage({ width, colorScheme });
      await page.goto(`${server.baseUrl}${path}`);
      await page.evaluate(() => {
        document.querySelectorAll('details').forEach((details) => {
          details.open = true;
        });
      });
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    });
  }

  it('offers the closest entries as links on the not-found page in the browser', async () => {
    const { page, context } = await openPage({ width: 375 });
    const response = await page.goto(`${server.baseUrl}/faq/encrypt-backups`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('#not-found-search').inputValue()).toBe('encrypt backups');
    const closest = page.locator('.closest a');
    expect(await closest.count()).toBeGreaterThan(0);
    const question = await closest.first().textContent();
    await closest.first().click();
    await page.waitForURL(/\/faq\/[a-z0-9-]+$/);
    expect(await page.locator('h1').textContent()).toBe(question);
    await context.close();
  });
});

describe('the staff warning about an expired certification in a highlight', () => {
  it('shows on the dashboard and on the highlight edit page it links to, with no axe violations', async () => {
    // The staff surface wants its own origin (no public URL), as the other staff browser tests use;
    // on the real clock the example's ISO 14001 certificate (valid until 2025-08-31) has expired.
    const staffApp = await createAdminTestApp();
    const staffServer = await serveFetch(staffApp.app.fetch);
    try {
      const password = 'correct horse battery staple';
      await staffApp.createUser('root@example.test', password, 'admin');
      const { page, context } = await openPage();
      await signInAs(page, staffServer.baseUrl, 'root@example.test', password);
      const warning = page.locator('.expired-claim');
      expect(await warning.isVisible()).toBe(true);
      expect(await warning.textContent()).toMatch(/Independently certified.*ISO 14001:2015/s);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: '/tmp/tillit-dashboard-expired-claim.png' });
      await warning.getByRole('link', { name: 'Independently certified' }).click();
      await page.waitForURL(/\/admin\/highlights\/\d+$/);
      expect(await page.locator('.expired-claim').textContent()).toContain('ISO 14001:2015');
      expect(await page.locator('#text').inputValue()).toContain('ISO 14001');
      await expectNoAxeViolations(page);
      await page.screenshot({ path: '/tmp/tillit-highlight-expired-claim.png' });
      await context.close();
    } finally {
      await staffServer.close();
      await staffApp.close();
    }
  }, 120_000);
});
