import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CookieClient, createTestClock, type TestClock } from '../../../test/create-admin-test-app.js';
import { seedContent } from '../../../test/factories.js';
import { buildMarkedPdf, readPdfMarker } from '../../../test/marked-pdf.js';
import { createTestDatabase } from '../../../test/temporary-database.js';
import { type Container, createContainer, prepareDatabase } from '../../container.js';
import type { AccessLevel } from '../../domain/document.js';
import type { Actor } from '../../domain/staff.js';
import { createApp } from '../app.js';

const BASE = 'https://trust.example.test';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let container: Container;
let app: ReturnType<typeof createApp>;
let clock: TestClock;
let admin: Actor;
let editor: Actor;

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

function fileOf(slug: string): Promise<Uint8Array> {
  return buildMarkedPdf(`secret bytes of ${slug}`);
}

async function addDocument(slug: string, accessLevel: AccessLevel) {
  return container.documents.createDocument(
    { actor: editor },
    slug,
    { title: `Report ${slug}`, description: 'A report.', category: 'Reports', language: 'en', accessLevel },
    {
      fileName: `${slug}.pdf`,
      versionLabel: '1',
      validFrom: '2026-01-01',
      validUntil: null,
      stream: once(await fileOf(slug)),
    },
  );
}

function post(path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
  }
  return app.request(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, ...headers },
    body: body.toString(),
  });
}

async function lastLinkTo(address: string): Promise<string> {
  const rows = await container.database.db
    .selectFrom('mail_outbox')
    .select('body_text')
    .where('recipient', '=', address)
    .orderBy('id', 'desc')
    .execute();
  const path = /https:\/\/trust\.example\.test(\/\S+)/.exec(rows[0]?.body_text ?? '')?.[1];
  if (!path) throw new Error(`no link mailed to ${address}`);
  return path;
}

const person = { name: 'Zoë Åkesson', email: 'zoe@kund.example.se', company: 'Kund AB', reason: 'Due diligence' };

/** Asks for documents, confirms the address, and returns the requester's page path. */
async function requestAndConfirm(documents: string[], who = person): Promise<string> {
  const sent = await post('/request-access', { ...who, document: documents, acceptNda: 'yes' });
  expect(sent.status).toBe(303);
  const confirmPath = await lastLinkTo(who.email);
  const confirmed = await post(confirmPath, {});
  expect(confirmed.status).toBe(303);
  return confirmed.headers.get('location') ?? '';
}

async function downloadLink(portal: string, slug: string): Promise<Response> {
  return post(`${portal}/download/${slug}`, {});
}

beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock('2026-12-01T09:00:00Z');
  container = createContainer({
    databaseUrl: database.url,
    revisionCheckIntervalMs: 0,
    now: () => clock.now(),
    access: { grantDays: 30, maintenanceIntervalMs: 0, baseUrl: BASE },
  });
  await prepareDatabase(container, undefined);
  await seedContent(container);
  app = createApp(container, { publicUrl: BASE });
  const create = (email: string, role: Actor['role']) =>
    container.staff.createAccount(
      { email, name: email.split('@')[0] ?? email, role, password: 'a long test password 2026' },
      undefined,
    );
  admin = await create('admin@norrsken.example', 'admin');
  editor = await create('editor@norrsken.example', 'editor');
  await addDocument('iso-certificate', 'public');
  await addDocument('pentest-summary', 'nda');
  await addDocument('supplier-review', 'request');
  await container.nda.publish({ actor: admin }, { label: '2026-1', body: '# NDA\n\nKeep it **secret**.' });
});

afterEach(async () => {
  await container.close();
  await database.remove();
});

describe('the request form', () => {
  it('offers only gated documents, shows the NDA, and keeps a chosen document ticked', async () => {
    const response = await app.request(`${BASE}/request-access?document=supplier-review`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('value="pentest-summary"');
    expect(html).toMatch(/value="supplier-review"\s+checked/);
    expect(html).not.toContain('value="iso-certificate"');
    expect(html).toContain('<strong>secret</strong>');
    expect(html).toContain('NDA version 2026-1');
  });

  it('comes back with every problem named beside its field, storing and sending nothing', async () => {
    const response = await post('/request-access', {
      name: 'Eve\r\nBcc: everyone@evil.example',
      email: 'not-an-address',
      company: '',
      reason: 'x'.repeat(2001),
      document: ['pentest-summary', 'no-such-report'],
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    // Every field with a problem says so to assistive technology, and the summary of problems takes the focus.
    for (const field of ['name', 'email', 'company', 'reason']) {
      expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true" aria-describedby="${field}-error"`));
    }
    expect(html).toMatch(/<div class="error-summary" role="alert" tabindex="-1" id="problems" autofocus/);
    expect(html).toContain('Name must be one line without control characters');
    expect(html).toContain('E-mail must be one address');
    expect(html).toContain('Company is required');
    expect(html).toContain('There is no document &quot;no-such-report&quot;');
    expect(html).toContain('Accept the NDA');
    expect(html).toContain('value="not-an-address"');
    const mails = await container.database.db.selectFrom('mail_outbox').selectAll().execute();
    const requests = await container.database.db.selectFrom('access_request').selectAll().execute();
    expect([mails.length, requests.length]).toEqual([0, 0]);
  });

  it('checks the origin of its own forms only, not of the rest of the site', async () => {
    const elsewhere = await app.request(`${BASE}/no-such-page`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(elsewhere.status).toBe(404);
  });

  it('refuses a post from another site', async () => {
    const response = await post(
      '/request-access',
      { ...person, document: ['supplier-review'] },
      { origin: 'https://evil.example' },
    );
    expect(response.status).toBe(403);
    expect(await container.database.db.selectFrom('access_request').selectAll().execute()).toHaveLength(0);
  });

  it('asks in Swedish when the page is Swedish, and the mails follow', async () => {
    const response = await post('/sv/request-access', { ...person, document: ['supplier-review'] });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/sv/request-access/sent');
    const mail = await container.database.db
      .selectFrom('mail_outbox')
      .select(['language', 'subject'])
      .executeTakeFirstOrThrow();
    expect(mail).toEqual({ language: 'sv', subject: 'Bekräfta din begäran om dokument' });
  });
});

describe('confirming and downloading', () => {
  it('does not confirm on opening the link (mail scanners follow links), only on pressing the button', async () => {
    await post('/request-access', { ...person, document: ['supplier-review'] });
    const confirmPath = await lastLinkTo(person.email);
    for (let round = 0; round < 2; round++) {
      const opened = await app.request(`${BASE}${confirmPath}`);
      expect(opened.status).toBe(200);
      expect(opened.headers.get('cache-control')).toBe('no-store');
      expect(opened.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await opened.text()).toContain(`action="${confirmPath}"`);
    }
    const confirmed = await post(confirmPath, {});
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toMatch(/^\/access\/[\w-]{43}$/);
    expect((await post(confirmPath, {})).status).toBe(404);
  });

  it('lets the requester download an NDA document once per link, with its own type and as an attachment', async () => {
    const portal = await requestAndConfirm(['pentest-summary', 'supplier-review']);
    const page = await app.request(`${BASE}${portal}`);
    const html = await page.text();
    expect(html).toContain('Download Report pentest-summary');
    expect(html).not.toContain('Download Report supplier-review');
    expect(html).toContain('waiting for a decision');

    const link = await downloadLink(portal, 'pentest-summary');
    expect(link.status).toBe(303);
    const path = link.headers.get('location') ?? '';
    const file = await app.request(`${BASE}${path}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain('attachment');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    // The PDF is the document's own, stamped for the requester (stamping rewrites it, so no longer byte for byte).
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(await readPdfMarker(bytes)).toBe('secret bytes of pentest-summary');
    expect(Buffer.from(bytes).includes('secret bytes of')).toBe(false);
  });
});

describe('no byte of a gated document without a valid grant', () => {
  const SECRET = 'secret bytes of';

  it.each([
    [
      'the public download route, for an NDA document',
      async () => app.request(`${BASE}/documents/pentest-summary/download`),
    ],
    [
      'the public download route, for a by-request document',
      async () => app.request(`${BASE}/documents/supplier-review/download`),
    ],
    ['a made-up download link', async () => app.request(`${BASE}/download/${'A'.repeat(43)}`)],
    ['a malformed download link', async () => app.request(`${BASE}/download/..%2F..%2Fetc`)],
    [
      'a used link',
      async () => {
        const portal = await requestAndConfirm(['pentest-summary']);
        const path = (await downloadLink(portal, 'pentest-summary')).headers.get('location') ?? '';
        await (await app.request(`${BASE}${path}`)).arrayBuffer();
        return app.request(`${BASE}${path}`);
      },
    ],
    [
      'a tampered link',
      async () => {
        const portal = await requestAndConfirm(['pentest-summary']);
        const path = (await downloadLink(portal, 'pentest-summary')).headers.get('location') ?? '';
        return app.request(`${BASE}${path.slice(0, -1)}${path.endsWith('A') ? 'B' : 'A'}`);
      },
    ],
    [
      'an expired link',
      async () => {
        const portal = await requestAndConfirm(['pentest-summary']);
        const path = (await downloadLink(portal, 'pentest-summary')).headers.get('location') ?? '';
        clock.advance(11 * 60_000);
        return app.request(`${BASE}${path}`);
      },
    ],
    [
      'a link made before the grant was revoked',
      async () => {
        const portal = await requestAndConfirm(['pentest-summary']);
        const path = (await downloadLink(portal, 'pentest-summary')).headers.get('location') ?? '';
        const grant = await container.database.db.selectFrom('access_grant').select('id').executeTakeFirstOrThrow();
        await container.access.revokeGrant({ actor: editor, baseUrl: BASE }, Number(grant.id));
        return app.request(`${BASE}${path}`);
      },
    ],
    [
      'a grant that lapsed',
      async () => {
        const portal = await requestAndConfirm(['pentest-summary']);
        clock.advance(31 * 86_400_000);
        return downloadLink(portal, 'pentest-summary');
      },
    ],
    [
      'another document than the one granted',
      async () => {
        const portal = await requestAndConfirm(['pentest-summary', 'supplier-review']);
        return downloadLink(portal, 'supplier-review');
      },
    ],
    [
      "another requester's page asking for my document",
      async () => {
        await requestAndConfirm(['pentest-summary']);
        const other = await requestAndConfirm(['supplier-review'], { ...person, email: 'bo@annan.example.se' });
        return downloadLink(other, 'pentest-summary');
      },
    ],
    ['a made-up requester page', async () => downloadLink(`/access/${'B'.repeat(43)}`, 'pentest-summary')],
  ])('%s gets a 404 without the file', async (_label, attempt) => {
    const response = await attempt();
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SECRET);
  });

  it.each(['viewer', 'editor', 'admin'] as const)(
    'a signed-in %s gets no byte of a gated document either',
    async (role) => {
      const email = `signed-in-${role}@norrsken.example`;
      await container.staff.createAccount(
        { email, name: role, role, password: 'a long test password 2026' },
        undefined,
      );
      const staff = new CookieClient(app, BASE);
      expect((await staff.signIn(email, 'a long test password 2026')).response.status).toBe(303);
      const attempts = [
        await staff.request('/documents/pentest-summary/download'),
        await staff.request('/documents/supplier-review/download'),
        await staff.request(`/download/${'C'.repeat(43)}`),
        await staff.request(`/access/${'D'.repeat(43)}/download/pentest-summary`, {
          method: 'POST',
          headers: { origin: BASE },
        }),
      ];
      for (const response of attempts) {
        expect(response.status).toBe(404);
        expect(await response.text()).not.toContain(SECRET);
      }
    },
  );

  it('serves a public document directly and logs the download without the visitor', async () => {
    const response = await app.request(`${BASE}/documents/iso-certificate/download`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('secret bytes of iso-certificate');
    // Logged as a download of that document, with nothing about who took it.
    const events = await container.database.db.selectFrom('download_event').selectAll().execute();
    expect(events).toEqual([
      expect.objectContaining({ grant_id: null, requester_id: null, ip: null, user_agent: null }),
    ]);
  });
});
