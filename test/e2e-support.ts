import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { serve } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser } from './browser.js';
import { createAdminTestApp } from './create-admin-test-app.js';
import { serveTestApp } from './serve-test-app.js';

/** The WCAG levels every page is scanned for. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Runs axe on the page and expects no violation (each listed with up to three of its nodes). */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.nodes
        .map((node) => node.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
  expect(summary).toEqual([]);
}

/** Serves a fetch handler on a free loopback port. */
export async function serveFetch(fetch: (request: Request) => Response | Promise<Response>) {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  return {
    baseUrl: `http://127.0.0.1:${(address satisfies AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Signs in through the staff sign-in form and waits for the dashboard. */
export async function signInAs(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/admin`);
}

/** What a browser test visits: Chromium, a base URL, and how to stop both. */
export interface ServedInChromium {
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

/** Serves `fetch` on loopback and launches Chromium to visit it. */
export async function serveInChromium(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<ServedInChromium> {
  const server = await serveFetch(fetch);
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return {
    browser,
    baseUrl: server.baseUrl,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The staff test app of `createAdminTestApp(options)` (the example content by default) served on loopback, with
 * Chromium to visit it; `close` stops all three.
 */
export async function startAdminInChromium(options: Parameters<typeof createAdminTestApp>[0] = {}) {
  const testApp = await createAdminTestApp(options);
  const served = await serveInChromium(testApp.app.fetch).catch(async (error: unknown) => {
    await testApp.close();
    throw error;
  });
  return {
    ...served,
    testApp,
    async close() {
      await served.close();
      await testApp.close();
    },
  };
}

/** A staff test app in Chromium, as `startAdminInChromium` gives it. */
export type AdminInChromium = Awaited<ReturnType<typeof startAdminInChromium>>;

/** The public site of `serveTestApp(options)` (the example content) with Chromium to visit it; `close` stops both. */
export async function startPublicInChromium(options: Parameters<typeof serveTestApp>[0] = {}) {
  const server = await serveTestApp(options);
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return {
    browser,
    server,
    baseUrl: server.baseUrl,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

/** The public site in Chromium, as `startPublicInChromium` gives it. */
export type PublicInChromium = Awaited<ReturnType<typeof startPublicInChromium>>;

/** How a page is opened: the window's size, colour scheme, language and whether scripts run. */
export interface PageOptions {
  width?: number;
  height?: number;
  colorScheme?: 'light' | 'dark';
  javaScriptEnabled?: boolean;
  locale?: string;
}

/**
 * A page in a fresh browser context (1280×900, light, scripts on unless told), with the console errors it logs
 * collected in `consoleErrors`. Close `context` when done.
 */
export async function openPage(
  browser: Browser,
  options: PageOptions = {},
): Promise<{ page: Page; context: BrowserContext; consoleErrors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    ...(options.locale === undefined ? {} : { locale: options.locale }),
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { page, context, consoleErrors };
}
