import { readFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLevel } from '../../src/domain/document.js';
import type { Actor } from '../../src/domain/staff.js';
import { createApp } from '../../src/http/app.js';
import type { VisitorContext } from '../../src/services/access.service.js';
import { launchBrowser } from '../browser.js';
import { createAdminTestApp } from '../create-admin-test-app.js';
import { expectNoAxeViolations, serveFetch, signInAs } from '../e2e-support.js';

const PASSWORD = 'correct horse battery';
let browser: Browser;
let testApp: Awaited<ReturnType<typeof createAdminTestApp>>;
let server: Awaited<ReturnType<typeof serveFetch>>;
let baseUrl: string;
let admin: Actor;
let app: ReturnType<typeof createApp>;
let reviewId: number;

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function buildReport(title: string, pages: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let number = 1; number <= pages; number += 1) {
    document.addPage([595, 842]).drawText(`${title}, page ${number}`, { x: 50, y: 780, size: 14, font });
  }
  return document.save();
}

async function addDocument(slug: string, title: string, accessLevel: AccessLevel): Promise<number> {
  const document = await testApp.container.documents.createDocument(
    { actor: admin },
    slug,
    { title, description: 'A report for customers.', category: 'Reports', language: 'en', accessLevel },
    {
      fileName: `${slug}.pdf`,
      versionLabel: '2026',
      validFrom: '2026-01-01',
      validUntil: null,
      stream: once(await buildReport(title, 2)),
    },
  );
  return document.id;
}

/** The newest link to this trust center in the newest mail to `address`, as a path. */
async function lastLinkTo(address: string, kind: 'confirm' | 'access'): Promise<string> {
  const mail = await testApp.container.database.db
    .selectFrom('mail_outbox')
    .select('body_text')
    .where('recipient', '=', address)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const path = new RegExp(`${baseUrl}(/(?:request-access/confirm|access)/[\\w-]+)`).exec(mail.body_text)?.[1] ?? '';
  expect(path.startsWith(kind === 'confirm' ? '/request-access/confirm/' : '/access/')).toBe(true);
  return path;
}

async function requestIdOf(email: string): Promise<number> {
  const { items } = await testApp.container.access.listRequests(admin, [], 1);
  const request = items.find((item) => item.email === email);
  if (!request) throw new Error(`no request from ${email}`);
  return request.id;
}

/** Presses Tab until the focused element matches `selector` (so it is reachable by keyboard), at most 40 times. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 40; presses += 1) {
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} is not reachable with Tab`);
}

/** Nothing on the page is wider than the window, so nothing scrolls sideways (the offenders are named). */
async function expectNoSidewaysScroll(page: Page) {
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}: ${element.textContent?.slice(0, 40)}`)
      .concat(document.documentElement.scrollWidth > width ? [`page ${document.documentElement.scrollWidth}px`] : []);
  });
  expect({ path: page.url(), wide }).toEqual({ path: page.url(), wide: [] });
}

/** Sends the request form empty with the keyboard, and expects the error summary to take the focus. */
async function submitEmptyForm(page: Page): Promise<void> {
  await page.goto(`${baseUrl}/request-access`);
  await tabTo(page, 'button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.locator('#problems').waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('problems');
}

beforeAll(async () => {
  testApp = await createAdminTestApp({ content: 'minimal' });
  admin = await testApp.createUser('owner@norrsken.example', PASSWORD, 'admin');
  await testApp.createUser('editor@norrsken.example', PASSWORD, 'editor');
  await testApp.container.nda.publish(
    { actor: admin },
    { label: '2026-1', body: '# Mutual NDA\n\nWhat we share stays between us.\n\n'.repeat(20) },
  );
  await addDocument('iso-certificate', 'ISO 27001 certificate', 'public');
  await addDocument('pentest-summary', 'Penetration test summary', 'nda');
  reviewId = await addDocument('supplier-review', 'Supplier review', 'request');
  // Links in mails and the same-origin check use the public URL, which is this server's own address.
  server = await serveFetch((request) => app.fetch(request));
  baseUrl = server.baseUrl;
  app = createApp(testApp.container, { publicUrl: baseUrl });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await testApp?.close();
});

describe('asking for a document in Chromium, keyboard only', () => {
  it('requests, confirms, gets approved by staff in another browser, and downloads the PDF', async () => {
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    visitorContext.setDefaultTimeout(10_000);
    const page = await visitorContext.newPage();
    await page.goto(`${baseUrl}/documents`);
    await page.getByRole('link', { name: 'Supplier review' }).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/documents/supplier-review`);
    await page.getByRole('link', { name: 'Request access to Supplier review' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/request-access?document=supplier-review`);
    expect(await page.getByLabel(/^Supplier review/).isChecked()).toBe(true);

    // From the top of the page, with Tab, Space, typing and Enter only.
    await tabTo(page, '#document-pentest-summary');
    await page.keyboard.press('Space');
    await tabTo(page, '#name');
    await page.keyboard.type('Håkan Bäckström-Michał');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    await page.keyboard.type('hakan@kund.example.se');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Fjällräv & Söner AB');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reason');
    await page.keyboard.type('Supplier review before we sign.');
    await tabTo(page, '#nda summary');
    await page.keyboard.press('Enter');
    expect(await page.locator('#nda details').getAttribute('open')).not.toBeNull();
    await tabTo(page, '#accept-nda');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/request-access/sent`);

    const confirmPath = await lastLinkTo('hakan@kund.example.se', 'confirm');
    await page.goto(`${baseUrl}${confirmPath}`);
    await tabTo(page, 'main button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/access\/[\w-]{43}$/);
    expect(await page.locator('main').textContent()).toContain('Download Penetration test summary');
    expect(await page.locator('main').textContent()).not.toContain('Download Supplier review');

    // Staff approve the by-request document in a browser of their own.
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    staffContext.setDefaultTimeout(10_000);
    const staffPage = await staffContext.newPage();
    await signInAs(staffPage, baseUrl, 'editor@norrsken.example', PASSWORD);
    const requestId = await requestIdOf('hakan@kund.example.se');
    await staffPage.goto(`${baseUrl}/admin/access/${requestId}`);
    expect(await staffPage.getByLabel('Supplier review (by request)').isChecked()).toBe(true);
    await staffPage.getByRole('button', { name: 'Save the decision' }).focus();
    await staffPage.keyboard.press('Enter');
    await staffPage.waitForURL(`${baseUrl}/admin/access/${requestId}?done=decided`);
    await staffContext.close();

    await page.goto(`${baseUrl}${await lastLinkTo('hakan@kund.example.se', 'access')}`);
    await page.getByRole('button', { name: 'Download Supplier review' }).focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('supplier-review.pdf');
    const bytes = await readFile(await download.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await visitorContext.close();
  }, 60_000);
});

describe('the public access pages in Chromium', () => {
  const visitor: VisitorContext = { ip: '203.0.113.7', userAgent: 'Test browser 1.0', baseUrl: '' };

  /** A confirmed request from a new address; returns the address and the confirmation link's path. */
  async function confirmedRequest(email: string): Promise<{ confirmPath: string; portal: string }> {
    const { access } = testApp.container;
    await access.submitRequest(
      {
        name: 'Åsa Öberg',
        email,
        company: 'Kund AB',
        reason: 'Supplier review.',
        documentSlugs: ['supplier-review', 'pentest-summary'],
        language: 'en',
        acceptsNda: true,
      },
      { ...visitor, baseUrl },
    );
    const confirmPath = await lastLinkTo(email, 'confirm');
    const result = await access.confirm(confirmPath.split('/').pop() ?? '', { ...visitor, baseUrl });
    return { confirmPath, portal: result.portalPath };
  }

  const paths: string[] = [];

  beforeAll(async () => {
    const pending = await confirmedRequest('pending@kund.example.se');
    await confirmedRequest('question@kund.example.se');
    const staff = { actor: admin, baseUrl };
    await testApp.container.access.askForInformation(
      staff,
      await requestIdOf('question@kund.example.se'),
      'Which contract is this for?\nAnd for how long?',
    );
    const question = await lastLinkTo('question@kund.example.se', 'access');
    await confirmedRequest('granted@kund.example.se');
    await testApp.container.access.decide(staff, await requestIdOf('granted@kund.example.se'), {
      grantDocumentIds: [reviewId],
      expiresOn: undefined,
      note: '',
    });
    const granted = await lastLinkTo('granted@kund.example.se', 'access');
    paths.push(
      '/documents',
      '/documents/supplier-review',
      '/request-access',
      '/request-access/sent',
      pending.confirmPath,
      pending.portal,
      question,
      granted,
    );
  });

  for (const width of [375, 1280]) {
    it(`pass axe and fit the screen at ${width} px, light and dark; a refused form focuses its problems`, async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
        context.setDefaultTimeout(10_000);
        const page = await context.newPage();
        for (const path of paths) {
          await page.goto(`${baseUrl}${path}`);
          await expectNoAxeViolations(page);
          await expectNoSidewaysScroll(page);
        }
        // The NDA open, and the form sent back with its problems.
        await page.goto(`${baseUrl}/request-access`);
        await page.locator('#nda summary').focus();
        await page.keyboard.press('Enter');
        await expectNoAxeViolations(page);
        await submitEmptyForm(page);
        await expectNoAxeViolations(page);
        await expectNoSidewaysScroll(page);
        await context.close();
      }
    }, 60_000);
  }
});
