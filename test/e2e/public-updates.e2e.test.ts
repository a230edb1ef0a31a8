import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/staff.js';
import { createApp } from '../../src/http/app.js';
import { launchBrowser } from '../browser.js';
import { createAdminTestApp } from '../create-admin-test-app.js';
import { expectNoAxeViolations, serveFetch, signInAs } from '../e2e-support.js';

let browser: Browser;
let testApp: Awaited<ReturnType<typeof createAdminTestApp>>;
let server: Awaited<ReturnType<typeof serveFetch>>;
let baseUrl: string;
let app: ReturnType<typeof createApp>;
let admin: Actor;
const screenshots = process.env.TILLIT_SCREENSHOTS;

async function post(title: string, body: string, category: string, date: string) {
  const context = { actor: admin, baseUrl };
  const draft = await testApp.container.updates.create(context, {
    title,
    body,
    category,
    date,
    titleSv: '',
    bodySv: '',
  });
  await testApp.container.updates.publish(context, draft.id);
}

/** Nothing on the page is wider than the window, so nothing scrolls sideways (the offenders are named). */
async function expectNoSidewaysScroll(page: Page) {
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
      .concat(document.documentElement.scrollWidth > width ? [`page ${document.documentElement.scrollWidth}px`] : []);
  });
  expect(wide).toEqual([]);
}

beforeAll(async () => {
  testApp = await createAdminTestApp({ content: 'minimal' });
  admin = await testApp.createUser('owner@norrsken.example', 'correct horse battery', 'admin');
  // The same-origin check and the links in mails use the public URL: this server's own address.
  server = await serveFetch((request) => app.fetch(request));
  baseUrl = server.baseUrl;
  app = createApp(testApp.container, { publicUrl: baseUrl });
  await post(
    'Penetration test completed',
    'An outside firm tested the customer portal in November. **No critical findings**; two medium ones are fixed.',
    'security',
    '2026-11-20',
  );
  await post(
    'New fibre route between data centres',
    'A second, separate fibre route now links our two data centres, so one cut cable no longer stops replication.',
    'service',
    '2026-11-26',
  );
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await testApp?.close();
});

describe('/updates in Chromium', () => {
  for (const [width, colorScheme] of [
    [375, 'light'],
    [1280, 'light'],
    [1280, 'dark'],
  ] as const) {
    it(`has no axe violation at ${width} px (${colorScheme}) and scrolls nothing sideways`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/updates`);
      expect(await page.locator('h1').textContent()).toBe('Updates');
      expect(await page.locator('.update-list > li').count()).toBe(2);
      await expectNoAxeViolations(page);
      await expectNoSidewaysScroll(page);
      if (screenshots) {
        await page.screenshot({ path: `${screenshots}/updates-${width}-${colorScheme}.png`, fullPage: true });
      }
      await page.goto(`${baseUrl}/updates/2026-11-20-penetration-test-completed`);
      await expectNoAxeViolations(page);
      await expectNoSidewaysScroll(page);
      await context.close();
    });
  }

  it('filters by category with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/updates`);
    await page.locator('#category').selectOption('security');
    await page.getByRole('button', { name: 'Show updates' }).click();
    await page.waitForURL(`${baseUrl}/updates?category=security`);
    expect(await page.locator('.update-list h2').allTextContents()).toEqual(['Penetration test completed']);
    await context.close();
  });

  it('shows the problems of the subscribe form where they are, focused, and still passes axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/updates`);
    await page.locator('#subscribe-email').fill('not an address');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.locator('#subscribe-problems').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('subscribe-problems');
    expect(await page.locator('#subscribe-email').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);
    if (screenshots) await page.screenshot({ path: `${screenshots}/updates-problems.png`, fullPage: true });

    await page.locator('#subscribe-email').fill('reader@kund.example.se');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(`${baseUrl}/updates/subscribe/sent`);
    expect(await page.locator('h1').textContent()).toBe('Check your inbox');
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('offers the feed in the head and the subscribe form in the footer of another page', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/documents`);
    expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href')).toBe(
      '/updates.atom',
    );
    expect(await page.locator('footer form[action="/updates/subscribe"]').count()).toBe(1);
    await expectNoAxeViolations(page);
    if (screenshots) await page.screenshot({ path: `${screenshots}/footer-375.png`, fullPage: true });
    await context.close();
  });

  it('gives staff update and subscriber pages without axe violations', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAs(page, baseUrl, 'owner@norrsken.example', 'correct horse battery');
    for (const path of ['/admin/updates', '/admin/updates/new', '/admin/updates/1', '/admin/subscribers']) {
      await page.goto(`${baseUrl}${path}`);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${baseUrl}/admin/updates/new`);
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.locator('#error-summary-title').waitFor();
    await expectNoAxeViolations(page);
    if (screenshots) await page.screenshot({ path: `${screenshots}/admin-update-errors.png`, fullPage: true });
    await context.close();
  });
});
