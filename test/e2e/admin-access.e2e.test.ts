import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/staff.js';
import type { VisitorContext } from '../../src/services/access.service.js';
import { type AdminInChromium, expectNoAxeViolations, signInAs, startAdminInChromium } from '../e2e-support.js';

const PASSWORD = 'correct horse battery';
const visitor: VisitorContext = {
  ip: '203.0.113.7',
  userAgent: 'Test browser 1.0',
  baseUrl: 'https://trust.example.test',
};
let browser: Browser;
let served: AdminInChromium;
let testApp: AdminInChromium['testApp'];
let baseUrl: string;
let admin: Actor;
let pendingId: number;
let decidedId: number;
let requesterId: number;

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function addDocument(slug: string, accessLevel: 'nda' | 'request'): Promise<number> {
  const document = await testApp.container.documents.createDocument(
    { actor: admin },
    slug,
    { title: `Document ${slug}`, description: 'A test document.', category: 'Reports', language: 'en', accessLevel },
    {
      fileName: `${slug}.pdf`,
      versionLabel: '2026',
      validFrom: '2026-01-01',
      validUntil: null,
      stream: once(new TextEncoder().encode(`%PDF-1.7\n${'x'.repeat(2000)}\n%%EOF\n`)),
    },
  );
  return document.id;
}

async function submitConfirmed(email: string, name: string, slugs: string[]): Promise<number> {
  const { access, database } = testApp.container;
  await access.submitRequest(
    {
      name,
      email,
      company: 'Kund AB',
      reason: 'Supplier review\nbefore signing.',
      documentSlugs: slugs,
      language: 'en',
      acceptsNda: true,
    },
    visitor,
  );
  const mail = await database.db
    .selectFrom('mail_outbox')
    .select('body_text')
    .where('recipient', '=', email)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  await access.confirm(/\/request-access\/confirm\/(\S+)/.exec(mail.body_text)?.[1] ?? '', visitor);
  const { items } = await access.listRequests(admin, [], 1);
  const request = items.find((item) => item.email === email);
  if (!request) throw new Error(`no request from ${email}`);
  requesterId = request.requesterId;
  return request.id;
}

beforeAll(async () => {
  served = await startAdminInChromium();
  ({ testApp, browser, baseUrl } = served);
  admin = await testApp.createUser('owner@norrsken.example', PASSWORD, 'admin');
  await testApp.container.nda.publish(
    { actor: admin },
    { label: '2026-1', body: '# Mutual NDA\n\nWhat we share stays between us.' },
  );
  await addDocument('pentest-summary', 'nda');
  const reviewId = await addDocument('supplier-review', 'request');
  decidedId = await submitConfirmed('lars@kund.example.se', 'Lars Ødegård', ['pentest-summary', 'supplier-review']);
  await testApp.container.access.decide({ actor: admin, baseUrl: visitor.baseUrl }, decidedId, {
    grantDocumentIds: [reviewId],
    expiresOn: undefined,
    note: '',
  });
  await testApp.container.access.addRule(
    { actor: admin, baseUrl: visitor.baseUrl },
    { pattern: '*.kund.example.se', action: 'approve', maxLevel: 'nda' },
  );
  pendingId = await submitConfirmed('asa@annan.example.se', 'Åsa Öberg-Łukasiewicz', ['supplier-review']);
});
afterAll(async () => {
  await served?.close();
});

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

describe('staff access pages in Chromium', () => {
  it('have no axe violations and no sideways scrolling at 375 px, and a request is decided with the keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await signInAs(page, baseUrl, 'owner@norrsken.example', PASSWORD);
    expect(await page.getByRole('link', { name: '1 access request is waiting for you' }).count()).toBe(1);

    for (const path of [
      '/admin/access',
      '/admin/access?status=pending',
      `/admin/access/${decidedId}`,
      `/admin/access/${pendingId}`,
      '/admin/access/people',
      '/admin/access/companies',
      `/admin/access/people/${requesterId}`,
      '/admin/access/rules',
      '/admin/nda',
    ]) {
      await page.goto(`${baseUrl}${path}`);
      await expectNoAxeViolations(page);
      await expectNoSidewaysScroll(page);
    }

    // Refused forms show their problems accessibly too.
    await page.goto(`${baseUrl}/admin/access/rules`);
    await page.getByLabel('Domain', { exact: true }).fill('exa*mple.se');
    await page.getByRole('button', { name: 'Add the rule' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('may hold a wildcard only as its whole first part');
    await expectNoAxeViolations(page);

    // Keyboard only: untick the document, type a note, and submit with Enter.
    await page.goto(`${baseUrl}/admin/access/${pendingId}`);
    await page.getByLabel('Document supplier-review (by request)').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Note to the requester').focus();
    await page.keyboard.type('Only for customers.');
    await page.getByRole('button', { name: 'Save the decision' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/admin/access/${pendingId}?done=decided`);
    expect(await page.getByRole('status').textContent()).toBe('The decision was saved and the requester was mailed.');
    expect(await page.locator('main').textContent()).toContain('Only for customers.');
    await expectNoAxeViolations(page);
    await context.close();
  });
});
