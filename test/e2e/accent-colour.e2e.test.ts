import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accentClasses } from '../../src/views/accent-classes.js';
import { launchBrowser } from '../browser.js';
import { serveTestApp } from '../serve-test-app.js';

let browser: Browser;
let server: Awaited<ReturnType<typeof serveTestApp>>;

beforeAll(async () => {
  server = await serveTestApp({ today: '2026-11-27' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
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
