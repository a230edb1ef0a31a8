import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CookieClient, createTestClock, type TestClock } from '../../../test/create-admin-test-app.js';
import {
  createMailTestContainer,
  type MailTestContainer,
  useSmtpTestServer,
} from '../../../test/mail-test-container.js';
import type { ReceivedMail } from '../../../test/smtp-test-server.js';
import type { TestDatabase } from '../../../test/temporary-database.js';
import { loadConfig } from '../../config.js';
import { type Container, createContainerFromConfig } from '../../container.js';
import type { AccessLevel } from '../../domain/document.js';
import type { Actor } from '../../domain/staff.js';
import { createApp } from '../app.js';

// The whole access flow as a requester and staff live it: every mail goes through a real SMTP server on
// loopback, and every link the test follows is read out of a received mail.

const BASE = 'https://trust.example.test';
const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;
const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;
const requester = {
  name: 'Håkan Bäckström-Michał',
  company: 'Fjällräv & Söner AB',
  email: 'hakan@kund.example.se',
};

const smtp = useSmtpTestServer();
let mailTest: MailTestContainer;
let database: TestDatabase;
let clock: TestClock;
let container: Container;
let app: ReturnType<typeof createApp>;
let admin: Actor;
let ndaDocumentId: number;
let requestDocumentId: number;

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** A real PDF of `pages` pages, each saying its number, as a report would be. */
async function buildReport(title: string, pages: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let number = 1; number <= pages; number += 1) {
    document.addPage([595, 842]).drawText(`${title}, page ${number}`, { x: 50, y: 780, size: 14, font });
  }
  return document.save();
}

/** Each page's text as a PDF reader extracts it. */
async function readPageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), standardFontDataUrl, verbosity: 0 }).promise;
  const texts: string[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const content = await (await pdf.getPage(number)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join('\n'));
  }
  await pdf.destroy();
  return texts;
}

async function addDocument(slug: string, title: string, accessLevel: AccessLevel, pages: number): Promise<number> {
  const document = await container.documents.createDocument(
    { actor: admin },
    slug,
    { title, description: 'A report for customers.', category: 'Reports', language: 'en', accessLevel },
    {
      fileName: `${slug}.pdf`,
      versionLabel: '2026',
      validFrom: '2026-01-01',
      validUntil: null,
      stream: once(await buildReport(title, pages)),
    },
  );
  return document.id;
}

/** A visitor's browser: no cookies, posts from the trust center's own pages. */
function visit(path: string, init: { form?: Record<string, string | string[]>; language?: string } = {}) {
  const headers: Record<string, string> = { 'accept-language': init.language ?? 'en' };
  if (!init.form) return app.request(`${BASE}${path}`, { headers });
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(init.form)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
  }
  return app.request(`${BASE}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', origin: BASE },
    body: body.toString(),
  });
}

/** The one link to this trust center in a mail, as a path. */
function linkIn(mail: ReceivedMail): string {
  const links = mail.text.match(/https:\/\/trust\.example\.test\/\S+/g) ?? [];
  expect(links).toHaveLength(1);
  return (links[0] ?? '').slice(BASE.length);
}

function mailTo(address: string, subject: string) {
  return (mail: ReceivedMail) => mail.envelopeTo.includes(address) && mail.subject === subject;
}

async function requestAccess(language: 'en' | 'sv', who = requester) {
  return visit(language === 'sv' ? '/sv/request-access' : '/request-access', {
    language,
    form: {
      name: who.name,
      email: who.email,
      company: who.company,
      reason: 'Supplier review before we sign.',
      document: ['pentest-summary', 'supplier-review'],
      acceptNda: 'yes',
    },
  });
}

/** Opens a confirmation link (a page with a button), presses the button, and returns the requester's page path. */
async function confirmThrough(path: string, language: 'en' | 'sv'): Promise<string> {
  const page = await visit(path, { language });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(`<form method="post" action="${path}">`);
  const confirmed = await visit(path, { language, form: {} });
  expect(confirmed.status).toBe(303);
  const portal = confirmed.headers.get('location') ?? '';
  expect(portal).toMatch(language === 'sv' ? /^\/sv\/access\/[A-Za-z0-9_-]{43}$/ : /^\/access\/[A-Za-z0-9_-]{43}$/);
  return portal;
}

async function signedInEditor() {
  await container.staff.createAccount(
    { email: 'editor@norrsken.example', name: 'Edit Or', role: 'editor', password: PASSWORD },
    undefined,
  );
  const client = new CookieClient(app, BASE);
  return { client, csrfToken: await client.signInForToken('editor@norrsken.example', PASSWORD) };
}

/** Downloads a granted document from the requester's page: a fresh single-use link, then the file. */
async function download(portal: string, slug: string) {
  const linked = await visit(`${portal}/download/${slug}`, { form: {} });
  expect(linked.status).toBe(303);
  const response = await visit(linked.headers.get('location') ?? '');
  expect(response.status).toBe(200);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

beforeEach(async () => {
  clock = createTestClock();
  mailTest = await createMailTestContainer(smtp, clock);
  ({ container, database } = mailTest);
  app = createApp(container, { publicUrl: BASE });
  admin = await container.staff.createAccount(
    { email: 'owner@norrsken.example', name: 'Owner', role: 'admin', password: PASSWORD },
    undefined,
  );
  await container.nda.publish({ actor: admin }, { label: '2026-1', body: '# Mutual NDA\n\nWhat we share stays.' });
  ndaDocumentId = await addDocument('pentest-summary', 'Penetration test summary', 'nda', 3);
  requestDocumentId = await addDocument('supplier-review', 'Supplier review', 'request', 4);
});
afterEach(async () => {
  await mailTest.close();
});

describe('an access request by mail, through a real SMTP server', () => {
  it('confirms by link, grants the NDA document, staff grant the rest, the PDFs carry the requester on every page, one reminder', async () => {
    const sent = await requestAccess('en');
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe('/request-access/sent');

    const confirmation = await smtp.waitForMessage(mailTo(requester.email, 'Confirm your request for documents'));
    expect(confirmation.text).toContain(`Hello ${requester.name},`);
    expect(confirmation.text).toContain('- Penetration test summary\n- Supplier review');
    const firstPortal = await confirmThrough(linkIn(confirmation), 'en');

    // The NDA document is granted on acceptance; the by-request one waits for staff.
    const ndaGrant = await smtp.waitForMessage(mailTo(requester.email, 'Your documents are ready'));
    expect(linkIn(ndaGrant)).toBe(firstPortal);
    expect(ndaGrant.text).toContain('Our team is still looking at the rest of your request.');
    const landing = await (await visit(firstPortal)).text();
    expect(landing).toContain('Penetration test summary');
    expect(landing).toContain(`action="${firstPortal}/download/pentest-summary"`);
    expect(landing).not.toContain(`action="${firstPortal}/download/supplier-review"`);

    // A staff editor decides the rest through the admin form, with the session's CSRF token.
    const { client, csrfToken } = await signedInEditor();
    const { items } = await container.access.listRequests(admin, [], 1);
    const requestId = items.find((item) => item.email === requester.email)?.id;
    const decided = await client.post(`/admin/access/${requestId}/decide`, {
      _csrf: csrfToken,
      grant: String(requestDocumentId),
      expiresOn: '',
      note: '',
    });
    expect(decided.response.status).toBe(303);
    smtp.messages.length = 0;
    clock.advance(1000);
    const granted = await smtp.waitForMessage(mailTo(requester.email, 'Your documents are ready'));
    const portal = linkIn(granted);
    const page = await (await visit(portal)).text();
    expect(page).toContain(`action="${portal}/download/supplier-review"`);
    expect(page).toContain(`action="${portal}/download/pentest-summary"`);

    for (const [slug, pages] of [
      ['supplier-review', 4],
      ['pentest-summary', 3],
    ] as const) {
      const { response, bytes } = await download(portal, slug);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toContain('attachment');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const texts = await readPageTexts(bytes);
      expect(texts).toHaveLength(pages);
      for (const text of texts) {
        expect(text).toContain(requester.name);
        expect(text).toContain(requester.company);
        expect(text).toContain(requester.email);
      }
    }

    // Six days before the grants end, maintenance sends one reminder for the request (both grants), and only once.
    const expiresAt = (await container.access.getRequest(admin, requestId ?? 0)).grants[0]?.expiresAt ?? '';
    clock.advance(new Date(expiresAt).getTime() - 6 * DAY - clock.now().getTime());
    smtp.messages.length = 0;
    expect(await container.access.runMaintenance(BASE)).toMatchObject({ reminded: 2 });
    await container.mail.whenIdle();
    const reminders = smtp.messages.filter(mailTo(requester.email, 'Your access to documents ends soon'));
    expect(reminders).toHaveLength(1);
    const reminder = reminders[0] as ReceivedMail;
    const until = expiresAt.slice(0, 10);
    expect(reminder.text).toContain(`- Supplier review, until ${until}`);
    expect(reminder.text).toContain(`- Penetration test summary, until ${until}`);
    const reminderPortal = linkIn(reminder);
    const reminderPage = await (await visit(reminderPortal)).text();
    expect(reminderPage).toContain(`action="${reminderPortal}/download/supplier-review"`);
    clock.advance(3 * DAY);
    expect(await container.access.runMaintenance(BASE)).toMatchObject({ reminded: 0 });
    await container.mail.whenIdle();
    expect(smtp.messages).toHaveLength(1);
  });

  it('writes to a Swedish visitor in Swedish: the confirmation, the question from staff and the grant', async () => {
    const swede = { name: 'Åsa Öberg-Łukasiewicz', company: 'Räksmörgås AB', email: 'asa@kund.example.se' };
    const sent = await requestAccess('sv', swede);
    expect(sent.headers.get('location')).toBe('/sv/request-access/sent');
    const confirmation = await smtp.waitForMessage(mailTo(swede.email, 'Bekräfta din begäran om dokument'));
    expect(confirmation.text).toContain(`Hej ${swede.name},`);
    expect(confirmation.text).toContain('Bekräfta att adressen är din genom att öppna den här länken inom 24 timmar:');
    const confirmPage = await (await visit(linkIn(confirmation), { language: 'sv' })).text();
    expect(confirmPage).toContain('<html lang="sv"');
    await confirmThrough(linkIn(confirmation), 'sv');
    await smtp.waitForMessage(mailTo(swede.email, 'Dina dokument är klara'));

    const { client, csrfToken } = await signedInEditor();
    const { items } = await container.access.listRequests(admin, [], 1);
    const requestId = items.find((item) => item.email === swede.email)?.id;
    const asked = await client.post(`/admin/access/${requestId}/ask`, {
      _csrf: csrfToken,
      question: 'Which contract is this for?',
    });
    expect(asked.response.status).toBe(303);
    const question = await smtp.waitForMessage(mailTo(swede.email, 'En fråga om din begäran om dokument'));
    expect(question.text).toContain(
      'Innan vi beslutar om din begäran behöver vi veta mer:\n\nWhich contract is this for?',
    );
    const portal = linkIn(question);
    const page = await (await visit(portal, { language: 'sv' })).text();
    expect(page).toContain('Which contract is this for?');
    expect(page).toContain(`action="${portal}/reply"`);
    const replied = await visit(`${portal}/reply`, { language: 'sv', form: { reply: 'Avtal 2026-14.' } });
    expect(replied.status).toBe(303);

    await client.post(`/admin/access/${requestId}/decide`, {
      _csrf: csrfToken,
      grant: String(requestDocumentId),
      expiresOn: '',
      note: '',
    });
    const granted = await smtp.waitForMessage(
      (mail) => mailTo(swede.email, 'Dina dokument är klara')(mail) && !mail.text.includes('resten av din begäran'),
    );
    expect(granted.text).toContain(`Hej ${swede.name},\n\nDu kan nu ladda ned dokument du bett om`);
    const { bytes } = await download(linkIn(granted), 'supplier-review');
    for (const text of await readPageTexts(bytes)) expect(text).toContain(swede.name);
    expect(ndaDocumentId).toBeGreaterThan(0);
  });

  it('keeps the confirmation in the outbox while SMTP is down and delivers it when the server is back', async () => {
    await smtp.stop();
    expect((await requestAccess('en')).status).toBe(303);
    await container.mail.whenIdle();
    const row = await container.database.db
      .selectFrom('mail_outbox')
      .select(['status', 'attempts', 'next_attempt_at'])
      .where('recipient', '=', requester.email)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(smtp.messages).toEqual([]);

    await smtp.start();
    clock.advance(new Date(row.next_attempt_at).getTime() - clock.now().getTime());
    expect(await container.mail.deliverDue()).toMatchObject({ sent: 1 });
    const confirmation = await smtp.waitForMessage(mailTo(requester.email, 'Confirm your request for documents'));
    expect(await confirmThrough(linkIn(confirmation), 'en')).toMatch(/^\/access\//);
  });

  it('links reminders from the server’s own maintenance to PUBLIC_URL', async () => {
    const fromConfig = createContainerFromConfig(
      loadConfig({ DATABASE_URL: database.url, SMTP_URL: smtp.url, PUBLIC_URL: 'https://trust.example.se/' }),
    );
    try {
      expect((await requestAccess('en')).status).toBe(303);
      const confirmation = await smtp.waitForMessage(mailTo(requester.email, 'Confirm your request for documents'));
      await confirmThrough(linkIn(confirmation), 'en');
      const { items } = await container.access.listRequests(admin, [], 1);
      const soon = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
      await fromConfig.access.decide({ actor: admin, baseUrl: BASE }, items[0]?.id ?? 0, {
        grantDocumentIds: [requestDocumentId],
        expiresOn: soon,
        note: '',
      });
      await fromConfig.runAccessMaintenance();
      const reminder = await smtp.waitForMessage(mailTo(requester.email, 'Your access to documents ends soon'));
      expect(reminder.text).toContain(`- Supplier review, until ${soon}`);
      expect(reminder.text).toMatch(/\nhttps:\/\/trust\.example\.se\/access\/[\w-]{43}$/);
    } finally {
      await fromConfig.close();
    }
  });
});
