import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestClock, type TestClock } from '../../test/create-admin-test-app.js';
import { buildMarkedPdf, readPdfMarker } from '../../test/marked-pdf.js';
import { createTestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer, prepareDatabase } from '../container.js';
import { parseDomainPattern } from '../domain/access.js';
import type { AccessLevel } from '../domain/document.js';
import type { Actor } from '../domain/staff.js';
import type { VisitorContext } from './access.service.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let container: Container;
let clock: TestClock;
let admin: Actor;
let editor: Actor;
let viewer: Actor;

const visitor: VisitorContext = {
  ip: '203.0.113.7',
  userAgent: 'Test browser 1.0',
  baseUrl: 'https://trust.example.test',
};
const NDA_TEXT = '# Mutual NDA\n\nWhat we share stays between us for three years.';

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function addDocument(slug: string, accessLevel: AccessLevel): Promise<number> {
  const document = await container.documents.createDocument(
    { actor: editor },
    slug,
    { title: `Document ${slug}`, description: 'A test document.', category: 'Reports', language: 'en', accessLevel },
    {
      fileName: `${slug}.pdf`,
      versionLabel: '2026',
      validFrom: '2026-01-01',
      validUntil: null,
      stream: once(await buildMarkedPdf(slug)),
    },
  );
  return document.id;
}

async function outbox() {
  return container.database.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
}

/** The last mail to an address, and the first link to this trust center in it. */
async function lastMailTo(address: string) {
  const mails = (await outbox()).filter((mail) => mail.recipient === address);
  const mail = mails.at(-1);
  if (!mail) throw new Error(`no mail to ${address}`);
  const link = /https:\/\/trust\.example\.test(\/\S+)/.exec(mail.body_text)?.[1];
  return { mail, path: link ?? '' };
}

function tokenOf(path: string): string {
  return path.split('/').at(-1) ?? '';
}

const form = {
  name: 'Åsa Öberg-Łukasiewicz',
  email: 'asa@kund.example.se',
  company: 'Kund AB',
  reason: 'Supplier review before signing.',
  language: 'sv' as const,
  acceptsNda: true,
};

async function countRows(table: 'requester' | 'access_request' | 'mail_outbox' | 'access_grant' | 'nda_acceptance') {
  const row = await container.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Every text value in every table: what an erasure must have cleaned. */
async function allStoredText(): Promise<string> {
  const tables = await container.database.db.introspection.getTables();
  const parts: string[] = [];
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(
      container.database.db,
    );
    for (const row of rows.rows) {
      for (const value of Object.values(row)) {
        if (typeof value === 'string') parts.push(value);
        else if (value instanceof Uint8Array) parts.push(Buffer.from(value).toString('latin1'));
      }
    }
  }
  return parts.join('\n');
}

beforeEach(async () => {
  database = await createTestDatabase();
  clock = createTestClock('2026-12-01T09:00:00Z');
  container = createContainer({
    databaseUrl: database.url,
    revisionCheckIntervalMs: 0,
    now: () => clock.now(),
    access: { grantDays: 30, maintenanceIntervalMs: 0, baseUrl: 'https://trust.example.test' },
  });
  await prepareDatabase(container, undefined);
  const create = async (email: string, role: Actor['role']) => {
    const user = await container.staff.createAccount(
      { email, name: email.split('@')[0] ?? email, role, password: 'a long test password 2026' },
      undefined,
    );
    return user;
  };
  admin = await create('admin@norrsken.example', 'admin');
  editor = await create('editor@norrsken.example', 'editor');
  viewer = await create('viewer@norrsken.example', 'viewer');
});

afterEach(async () => {
  await container.close();
  await database.remove();
});

describe('asking for documents', () => {
  it('keeps a request away from staff until the address is confirmed, then grants NDA documents on acceptance and leaves the rest to staff', async () => {
    await addDocument('pentest-summary', 'nda');
    await addDocument('supplier-review', 'request');
    const nda = await container.nda.publish({ actor: admin }, { label: '2026-1', body: NDA_TEXT });

    await container.access.submitRequest({ ...form, documentSlugs: ['pentest-summary', 'supplier-review'] }, visitor);
    expect((await container.access.listRequests(viewer, [], 1)).total).toBe(0);
    expect(await countRows('nda_acceptance')).toBe(0);
    const confirmation = await lastMailTo(form.email);
    expect(confirmation.mail.kind).toBe('access_confirm');
    expect(confirmation.mail.language).toBe('sv');
    expect(confirmation.mail.body_text).toContain('Hej Åsa Öberg-Łukasiewicz');
    // A Swedish visitor's link opens the Swedish page.
    expect(confirmation.path).toMatch(/^\/sv\/request-access\/confirm\/[\w-]{40,}$/);

    const result = await container.access.confirm(tokenOf(confirmation.path), visitor);
    expect(result).toMatchObject({ status: 'pending', granted: 1, denied: 0, pending: 1 });

    const { items } = await container.access.listRequests(viewer, ['pending'], 1);
    expect(items).toHaveLength(1);
    const request = items[0];
    expect(request?.documents.map((document) => [document.slug, document.outcome])).toEqual([
      ['pentest-summary', 'granted'],
      ['supplier-review', 'pending'],
    ]);
    const acceptances = await container.nda.listAcceptances(viewer, 1);
    expect(acceptances.items).toHaveLength(1);
    expect(acceptances.items[0]).toMatchObject({
      ndaSha256: nda.sha256,
      name: form.name,
      email: form.email,
      company: 'Kund AB',
      ip: visitor.ip,
      userAgent: visitor.userAgent,
    });
    expect(nda.sha256).toMatch(/^[0-9a-f]{64}$/);
    const granted = await lastMailTo(form.email);
    expect(granted.mail.kind).toBe('access_granted');
    expect(granted.path).toMatch(/^\/sv\/access\/[\w-]{40,}$/);
    const page = await container.access.getRequesterPage(tokenOf(granted.path));
    expect(page.grants.map((grant) => [grant.documentSlug, grant.isActive, grant.grantedBy])).toEqual([
      ['pentest-summary', true, 'NDA accepted'],
    ]);
  });

  it('refuses a reused, a tampered and an expired confirmation link, and forgets an unconfirmed request after 24 hours', async () => {
    await addDocument('supplier-review', 'request');
    await container.access.submitRequest({ ...form, documentSlugs: ['supplier-review'] }, visitor);
    const { path } = await lastMailTo(form.email);
    const token = tokenOf(path);
    await expect(container.access.confirm(`${token.slice(0, -2)}xx`, visitor)).rejects.toMatchObject({
      code: 'not_found',
    });
    await container.access.confirm(token, visitor);
    await expect(container.access.confirm(token, visitor)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('used already'),
    });

    await container.access.submitRequest(
      { ...form, email: 'late@kund.example.se', documentSlugs: ['supplier-review'] },
      visitor,
    );
    const late = await lastMailTo('late@kund.example.se');
    clock.advance(24 * 3_600_000 + 1000);
    await expect(container.access.confirm(tokenOf(late.path), visitor)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('expired'),
    });
    expect(await countRows('access_request')).toBe(2);
    const { purged } = await container.access.runMaintenance('https://trust.example.test');
    expect(purged).toBe(1);
    expect(await countRows('access_request')).toBe(1);
    const requesters = await container.database.db.selectFrom('requester').select('email').execute();
    expect(requesters.map((row) => row.email)).toEqual([form.email]);
    // Nothing personal of the unconfirmed request is kept: its confirmation mail went with it.
    expect(await allStoredText()).not.toContain('late@kund.example.se');
  });

  it.each([
    [
      'an unknown document',
      { documentSlugs: ['no-such-report'] },
      'documents',
      'There is no document "no-such-report"',
    ],
    ['a public document', { documentSlugs: ['iso-certificate'] }, 'documents', 'is public'],
    ['a header injection in the address', { email: 'asa@kund.example.se\r\nBcc: all@evil.example' }, 'email', 'E-mail'],
    ['a line break in the name', { name: 'Åsa\r\nBcc: all@evil.example' }, 'name', 'one line'],
    ['a missing company', { company: '' }, 'company', 'Company is required'],
    ['an NDA document without accepting the NDA', { acceptsNda: false }, 'nda', 'Accept the NDA'],
    ['no document at all', { documentSlugs: [] }, 'documents', 'at least one'],
  ])('refuses %s, naming the field, and stores and sends nothing', async (_label, change, field, message) => {
    await addDocument('pentest-summary', 'nda');
    await addDocument('iso-certificate', 'public');
    await container.nda.publish({ actor: admin }, { label: '2026-1', body: NDA_TEXT });
    const error = await container.access
      .submitRequest({ ...form, documentSlugs: ['pentest-summary'], ...change }, visitor)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'invalid_input' });
    const problems = (error as { problems: { field?: string; message: string }[] }).problems;
    expect(problems.find((problem) => problem.field === field)?.message).toContain(message);
    expect(await countRows('requester')).toBe(0);
    expect(await countRows('access_request')).toBe(0);
    expect(await countRows('mail_outbox')).toBe(0);
  });

  it('refuses a fourth unconfirmed request for one address within a day', async () => {
    await addDocument('supplier-review', 'request');
    for (let round = 0; round < 3; round++) {
      await container.access.submitRequest({ ...form, documentSlugs: ['supplier-review'] }, visitor);
    }
    await expect(
      container.access.submitRequest({ ...form, documentSlugs: ['supplier-review'] }, visitor),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await countRows('mail_outbox')).toBe(3);
  });
});

describe('domain rules', () => {
  it.each([
    ['exa*mple.se'],
    ['*example.se'],
    ['example.*'],
    ['*.*.se'],
    ['*'],
    ['*.se'],
    ['se'],
    ['exa mple.se'],
    ['-bad.example.se'],
  ])('refuses the pattern %s', (pattern) => {
    expect(parseDomainPattern(pattern)).toHaveProperty('problem');
  });

  it('accepts a domain, a leading @ and a whole-label wildcard, lower-cased', () => {
    expect(parseDomainPattern('Kund.Example.SE')).toEqual({ pattern: 'kund.example.se' });
    expect(parseDomainPattern('@kund.example.se')).toEqual({ pattern: 'kund.example.se' });
    expect(parseDomainPattern('*.kund.example.se')).toEqual({ pattern: '*.kund.example.se' });
  });

  it('denies a denied domain, approves an approved one up to its level, and denies free mail only when switched on', async () => {
    await addDocument('pentest-summary', 'nda');
    await addDocument('supplier-review', 'request');
    const staff = { actor: admin, baseUrl: 'https://trust.example.test' };
    await container.access.addRule(staff, { pattern: 'rival.example', action: 'deny', maxLevel: null });
    await container.access.addRule(staff, { pattern: '*.kund.example.se', action: 'approve', maxLevel: 'request' });
    await expect(
      container.access.addRule(staff, { pattern: 'ex*ample.se', action: 'deny', maxLevel: null }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      container.access.addRule(
        { actor: editor, baseUrl: staff.baseUrl },
        { pattern: 'x.example', action: 'deny', maxLevel: null },
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });

    const ask = async (email: string) => {
      await container.access.submitRequest(
        { ...form, email, acceptsNda: false, documentSlugs: ['pentest-summary', 'supplier-review'] },
        visitor,
      );
      return container.access.confirm(tokenOf((await lastMailTo(email)).path), visitor);
    };
    expect(await ask('eve@rival.example')).toMatchObject({ status: 'denied', granted: 0, denied: 2 });
    expect((await lastMailTo('eve@rival.example')).mail.kind).toBe('access_denied');
    expect(await ask('bo@inkop.kund.example.se')).toMatchObject({ status: 'approved', granted: 2 });
    expect(await ask('someone@gmail.com')).toMatchObject({ status: 'pending', granted: 0 });
    await container.settings.setFreeMailDenied({ actor: admin }, true);
    expect(await ask('someone.else@gmail.com')).toMatchObject({ status: 'denied' });
    expect(await countRows('access_grant')).toBe(2);
  });
});

describe('staff decisions, grants and downloads', () => {
  async function confirmedRequest(slugs: string[]) {
    await container.access.submitRequest({ ...form, acceptsNda: false, documentSlugs: slugs }, visitor);
    await container.access.confirm(tokenOf((await lastMailTo(form.email)).path), visitor);
    const { items } = await container.access.listRequests(viewer, ['pending'], 1);
    const request = items[0];
    if (!request) throw new Error('no pending request');
    return request;
  }

  it('approves some documents until a date and denies the rest, mailing the requester and auditing who decided', async () => {
    const reviewId = await addDocument('supplier-review', 'request');
    await addDocument('soa', 'request');
    const request = await confirmedRequest(['supplier-review', 'soa']);
    const staff = { actor: editor, baseUrl: 'https://trust.example.test', ip: '198.51.100.2' };
    await expect(
      container.access.decide({ ...staff, actor: viewer }, request.id, {
        grantDocumentIds: [reviewId],
        expiresOn: '2027-01-31',
        note: '',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      container.access.decide(staff, request.id, { grantDocumentIds: [reviewId], expiresOn: '2026-11-30', note: '' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await container.access.decide(staff, request.id, {
      grantDocumentIds: [reviewId],
      expiresOn: '2027-01-31',
      note: 'The statement of applicability is shared after signing.',
    });
    const { request: decided, grants } = await container.access.getRequest(viewer, request.id);
    expect(decided.status).toBe('partially_approved');
    expect(decided.decidedBy).toBe('editor@norrsken.example');
    expect(grants.map((grant) => [grant.documentSlug, grant.expiresAt])).toEqual([
      ['supplier-review', '2027-01-31T23:59:59.000Z'],
    ]);
    const mail = await lastMailTo(form.email);
    expect(mail.mail.kind).toBe('access_granted');
    const audit = await container.audit.list({ action: 'access.decide' }, 1, 10);
    expect(audit.items[0]?.summary).toContain('granted supplier-review until 2027-01-31; denied soa');
    expect(audit.items[0]?.summary).not.toContain(form.email);
    await expect(
      container.access.decide(staff, request.id, { grantDocumentIds: [reviewId], expiresOn: '2027-01-31', note: '' }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('gives each download link one use within ten minutes, and nothing once the grant is revoked or lapsed', async () => {
    const reviewId = await addDocument('supplier-review', 'request');
    await addDocument('soa', 'request');
    const request = await confirmedRequest(['supplier-review', 'soa']);
    const staff = { actor: editor, baseUrl: 'https://trust.example.test' };
    await container.access.decide(staff, request.id, {
      grantDocumentIds: [reviewId],
      expiresOn: '2026-12-20',
      note: '',
    });
    const portal = tokenOf((await lastMailTo(form.email)).path);
    const read = async (token: string) => {
      const download = await container.access.openGatedDownload(token, visitor);
      if (!download.watermarked) throw new Error('a gated PDF came back unstamped');
      return readPdfMarker(download.watermarked);
    };

    const link = await container.access.createDownloadLink(portal, 'supplier-review');
    expect(link).toMatch(/^\/download\/[\w-]{40,}$/);
    expect(await read(tokenOf(link))).toBe('supplier-review');
    await expect(read(tokenOf(link))).rejects.toMatchObject({ code: 'not_found' });
    await expect(read(`${tokenOf(link)}x`)).rejects.toMatchObject({ code: 'not_found' });
    await expect(container.access.createDownloadLink(portal, 'soa')).rejects.toMatchObject({ code: 'not_found' });
    await expect(container.access.createDownloadLink('not-a-portal-token', 'supplier-review')).rejects.toMatchObject({
      code: 'not_found',
    });

    const slow = await container.access.createDownloadLink(portal, 'supplier-review');
    clock.advance(10 * 60_000 + 1);
    await expect(read(tokenOf(slow))).rejects.toMatchObject({ code: 'not_found' });

    const beforeRevoke = await container.access.createDownloadLink(portal, 'supplier-review');
    const [grant] = (await container.access.getRequest(viewer, request.id)).grants;
    await container.access.revokeGrant(staff, grant?.id ?? 0);
    await expect(read(tokenOf(beforeRevoke))).rejects.toMatchObject({ code: 'not_found' });
    await expect(container.access.createDownloadLink(portal, 'supplier-review')).rejects.toMatchObject({
      code: 'not_found',
    });
    const downloads = await container.database.db.selectFrom('download_event').selectAll().execute();
    expect(downloads).toHaveLength(1);
    expect(downloads[0]).toMatchObject({ ip: visitor.ip, user_agent: visitor.userAgent });
  });

  it('sends one reminder a week before a grant lapses, and the grant stops at its end', async () => {
    const reviewId = await addDocument('supplier-review', 'request');
    const request = await confirmedRequest(['supplier-review']);
    await container.access.decide({ actor: editor, baseUrl: 'https://trust.example.test' }, request.id, {
      grantDocumentIds: [reviewId],
      expiresOn: '2026-12-20',
      note: '',
    });
    expect((await container.access.runMaintenance('https://trust.example.test')).reminded).toBe(0);
    clock.advance(13 * 86_400_000);
    expect((await container.access.runMaintenance('https://trust.example.test')).reminded).toBe(1);
    expect((await container.access.runMaintenance('https://trust.example.test')).reminded).toBe(0);
    const reminder = await lastMailTo(form.email);
    expect(reminder.mail.kind).toBe('access_reminder');
    expect(reminder.mail.body_text).toContain('2026-12-20');
    const portal = tokenOf(reminder.path);
    await container.access.createDownloadLink(portal, 'supplier-review');
    clock.advance(7 * 86_400_000);
    await expect(container.access.createDownloadLink(portal, 'supplier-review')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('lets staff ask for more information and the requester answer on their page', async () => {
    await addDocument('supplier-review', 'request');
    const request = await confirmedRequest(['supplier-review']);
    const firstPage = tokenOf((await lastMailTo(form.email)).path);
    await container.access.askForInformation(
      { actor: editor, baseUrl: 'https://trust.example.test' },
      request.id,
      'Which contract is this for?',
    );
    const mail = await lastMailTo(form.email);
    expect(tokenOf(mail.path)).not.toBe(firstPage);
    // The page linked from the first mail still opens: a requester may have bookmarked it.
    expect((await container.access.getRequesterPage(firstPage)).request.status).toBe('info_requested');
    expect(mail.mail.kind).toBe('access_info');
    expect(mail.mail.body_text).toContain('Which contract is this for?');
    await container.access.reply(tokenOf(mail.path), 'The 2027 hosting framework.');
    const { request: answered } = await container.access.getRequest(viewer, request.id);
    expect(answered.status).toBe('pending');
    expect(answered.messages.map((message) => [message.from, message.body])).toEqual([
      ['staff', 'Which contract is this for?'],
      ['requester', 'The 2027 hosting framework.'],
    ]);
    await expect(container.access.reply(tokenOf(mail.path), 'again')).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('the NDA record', () => {
  it('keeps acceptances unchangeable in the database, and a new version is the one accepted next', async () => {
    await addDocument('pentest-summary', 'nda');
    const first = await container.nda.publish({ actor: admin }, { label: '2026-1', body: NDA_TEXT });
    await expect(container.nda.publish({ actor: admin }, { label: 'again', body: NDA_TEXT })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      container.nda.publish({ actor: editor }, { label: '2026-2', body: 'Other text' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await container.access.submitRequest({ ...form, documentSlugs: ['pentest-summary'] }, visitor);
    await container.access.confirm(tokenOf((await lastMailTo(form.email)).path), visitor);
    const second = await container.nda.publish(
      { actor: admin },
      { label: '2026-2', body: `${NDA_TEXT}\n\nNow five years.` },
    );
    await container.access.submitRequest({ ...form, documentSlugs: ['pentest-summary'] }, visitor);
    await container.access.confirm(tokenOf((await lastMailTo(form.email)).path), visitor);
    const acceptances = (await container.nda.listAcceptances(viewer, 1)).items;
    expect(acceptances.map((acceptance) => acceptance.ndaSha256)).toEqual([second.sha256, first.sha256]);

    const db = container.database.db;
    await expect(db.updateTable('nda_acceptance').set({ accepted_at: '2020-01-01' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom('nda_acceptance').execute()).rejects.toThrow(/append-only/);
    await expect(db.updateTable('nda_version').set({ body: 'changed' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.updateTable('nda_acceptance_party').set({ name: 'Someone else' }).execute()).rejects.toThrow(
      /blanked/,
    );
    await expect(db.deleteFrom('nda_acceptance_party').execute()).rejects.toThrow(/blanked/);
    const csv = await container.nda.exportAcceptances({ actor: viewer });
    expect(csv.split('\n')[0]).toContain('"nda_sha256"');
    expect(csv).toContain(`"${first.sha256}"`);
    expect(csv).toContain('"Åsa Öberg-Łukasiewicz"');
  });
});

describe('erasure', () => {
  it('leaves no trace of the erased address anywhere in the database, and keeps the fact that access happened', async () => {
    await addDocument('pentest-summary', 'nda');
    await container.nda.publish({ actor: admin }, { label: '2026-1', body: NDA_TEXT });
    await container.access.submitRequest({ ...form, documentSlugs: ['pentest-summary'] }, visitor);
    await container.access.confirm(tokenOf((await lastMailTo(form.email)).path), visitor);
    const portal = tokenOf((await lastMailTo(form.email)).path);
    const link = await container.access.createDownloadLink(portal, 'pentest-summary');
    await container.access.openGatedDownload(tokenOf(link), visitor);
    expect(await allStoredText()).toContain(form.email);
    const requesterId = (await container.access.listRequests(viewer, [], 1)).items[0]?.requesterId ?? 0;

    await expect(
      container.access.erase({ actor: editor, baseUrl: 'https://trust.example.test' }, requesterId),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await container.access.erase({ actor: admin, baseUrl: 'https://trust.example.test' }, requesterId);

    const everything = await allStoredText();
    expect(everything).not.toContain(form.email);
    expect(everything).not.toContain('Åsa');
    expect(everything).not.toContain(visitor.ip);
    expect(await countRows('nda_acceptance')).toBe(1);
    expect(await countRows('access_grant')).toBe(1);
    const summary = await container.access.summarize(viewer, 'company');
    expect(summary).toEqual([
      expect.objectContaining({ label: 'Kund AB', requests: 1, grantsTotal: 1, grantsActive: 0, downloads: 1 }),
    ]);
    await expect(container.access.getRequesterPage(portal)).rejects.toMatchObject({ code: 'not_found' });
    const audit = await container.audit.list({ action: 'access.erase' }, 1, 10);
    expect(audit.items[0]?.summary).toBe(`erased requester #${requesterId}: personal details blanked, grants revoked`);
  });
});
