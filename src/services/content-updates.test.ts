import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CONTENT } from '../../test/create-test-app.js';
import { buildMinimalContent, createStaffUser } from '../../test/factories.js';
import { createTestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer } from '../container.js';
import { AppError, formatProblem } from '../domain/errors.js';
import { migrateToLatest } from '../storage/database.js';
import { serializeContent } from './content-format.js';
import { parseContentUpdates } from './content-updates.js';

const scratch = mkdtempSync(join(tmpdir(), 'tillit-content-updates-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The example's update files and their Swedish, by path in the content folder. */
function readExampleUpdates(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const folder of ['updates', 'translations/sv/updates']) {
    for (const name of readdirSync(join(EXAMPLE_CONTENT, folder))) {
      files[`${folder}/${name}`] = readFileSync(join(EXAMPLE_CONTENT, folder, name), 'utf8');
    }
  }
  return files;
}
const EXAMPLE = readExampleUpdates();

async function createFreshContainer(): Promise<Container> {
  const database = await createTestDatabase();
  const container = createContainer({ databaseUrl: database.url, revisionCheckIntervalMs: 0 });
  await migrateToLatest(container.database);
  cleanups.push(async () => {
    await container.close();
    await database.remove();
  });
  return container;
}

let folderCount = 0;
/** A content folder of the minimal content plus `extra` files (path → text); `folders` are made even if empty. */
function createFolder(extra: Record<string, string>, folders: string[] = []): string {
  folderCount += 1;
  const folder = join(scratch, `folder-${folderCount}`);
  const files = [
    ...serializeContent(buildMinimalContent()),
    ...Object.entries(extra).map(([path, text]) => ({ path, text })),
  ];
  for (const file of files) {
    const path = join(folder, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
  }
  for (const name of folders) mkdirSync(join(folder, name), { recursive: true });
  return folder;
}

/** The problems an import of `files` reports, as `file:line field: message`. */
function problemsOf(files: Record<string, string>): string[] {
  const parsed = parseContentUpdates(Object.entries(files).map(([path, text]) => ({ path, text })));
  return parsed.ok ? [] : parsed.problems.map(formatProblem);
}

const PUBLISHED = `---
title: New availability zone
date: 2026-03-02
category: service
status: published
published_at: 2026-03-02T09:00:00Z
---
A fourth zone, **sto4**, is open.
`;
const DRAFT = `---
title: Backup vault ends
date: 2026-11-30
category: subprocessors
status: draft
---
Not posted yet.
`;
const SWEDISH = `---
title: Ny tillgänglighetszon
---
En fjärde zon, **sto4**, har öppnat.
`;

describe('updates/ in a content folder', () => {
  it('imports the example updates with their Swedish and exports them byte for byte', async () => {
    const container = await createFreshContainer();
    const summary = await container.content.importDirectory(createFolder(EXAMPLE));
    expect(summary.updates).toBe(5);
    const { items } = await container.updates.listPublished({ page: 1 });
    expect(items).toHaveLength(5);
    expect(items[0]).toMatchObject({
      title: 'ISO/IEC 27001 surveillance audit passed',
      category: 'compliance',
      status: 'published',
      publishedAt: '2026-10-22T14:00:00Z',
      translations: { sv: { title: 'Godkänd uppföljningsrevision enligt ISO/IEC 27001' } },
    });
    const exported = join(scratch, `export-${folderCount}`);
    await container.content.exportDirectory(exported);
    for (const [path, text] of Object.entries(EXAMPLE))
      expect(readFileSync(join(exported, path), 'utf8'), path).toBe(text);
    expect(readdirSync(join(exported, 'updates'))).toHaveLength(5);
    expect(readdirSync(join(exported, 'translations', 'sv', 'updates'))).toHaveLength(5);
  });

  it('keeps a draft a draft and an update without Swedish untranslated, through import and export', async () => {
    const container = await createFreshContainer();
    const files = { 'updates/2026-11-30-backup-vault-ends.md': DRAFT, 'updates/2026-03-02-new-zone.md': PUBLISHED };
    await container.content.importDirectory(createFolder(files));
    const admin = await createStaffUser(container, 'admin');
    const { items } = await container.updates.listForStaff(admin.actor, { page: 1 });
    expect(items.map((update) => [update.slug, update.status, update.publishedAt, update.translations])).toEqual([
      ['2026-11-30-backup-vault-ends', 'draft', null, undefined],
      ['2026-03-02-new-zone', 'published', '2026-03-02T09:00:00Z', undefined],
    ]);
    const exported = join(scratch, `export-${folderCount}`);
    // An update the database no longer has must not survive in the folder exported into.
    mkdirSync(join(exported, 'updates'), { recursive: true });
    writeFileSync(join(exported, 'updates', 'stale.md'), 'left from before');
    await container.content.exportDirectory(exported);
    expect(readdirSync(join(exported, 'updates')).sort()).toEqual(
      Object.keys(files)
        .map((path) => path.slice(8))
        .sort(),
    );
    for (const [path, text] of Object.entries(files)) expect(readFileSync(join(exported, path), 'utf8')).toBe(text);
  });

  it('reports an unknown category, a bad date, an unknown key and an empty title at their lines', () => {
    const bad = PUBLISHED.replace('category: service', 'category: news')
      .replace('date: 2026-03-02', 'date: 2026-02-30')
      .replace('title: New availability zone', 'title: ""\ncolour: blue');
    expect(problemsOf({ 'updates/2026-03-02-new-zone.md': bad })).toEqual([
      'updates/2026-03-02-new-zone.md:3 colour: Unrecognized key: "colour"',
    ]);
    expect(problemsOf({ 'updates/2026-03-02-new-zone.md': bad.replace('colour: blue\n', '') })).toEqual([
      'updates/2026-03-02-new-zone.md:2 title: Title is required',
      'updates/2026-03-02-new-zone.md:4 category: Category must be one of security, compliance, subprocessors, service, other',
      'updates/2026-03-02-new-zone.md:3 date: Date must be a date written YYYY-MM-DD',
    ]);
    expect(problemsOf({ 'updates/x.md': PUBLISHED.replace(/\n---\n[\s\S]*$/, '\n---\n\n') })).toEqual([
      'updates/x.md:8 body: Text is required',
    ]);
  });

  it('reports a Swedish translation of an update that does not exist, and an empty Swedish title or text', () => {
    expect(
      problemsOf({
        'updates/2026-03-02-new-zone.md': PUBLISHED,
        'translations/sv/updates/2026-03-03-other.md': SWEDISH,
      }),
    ).toEqual([
      'translations/sv/updates/2026-03-03-other.md:1: there is no update "2026-03-03-other" (no updates/2026-03-03-other.md) to translate',
    ]);
    // Without the English folder at all, the translation has nothing to translate either.
    expect(problemsOf({ 'translations/sv/updates/2026-03-02-new-zone.md': SWEDISH })).toHaveLength(1);
    expect(
      problemsOf({
        'updates/2026-03-02-new-zone.md': PUBLISHED,
        'translations/sv/updates/2026-03-02-new-zone.md': SWEDISH.replace('title: Ny tillgänglighetszon', 'title: " "'),
      }),
    ).toEqual(['translations/sv/updates/2026-03-02-new-zone.md:2 title: Swedish title is required']);
    expect(
      problemsOf({ 'updates/a.md': PUBLISHED, 'translations/sv/updates/a.md': '---\ntitle: Ny zon\n---\n' }),
    ).toEqual(['translations/sv/updates/a.md:4 body: Swedish text is required']);
  });

  it('reports a duplicate slug, a bad file name, and a published_at that does not fit the status', () => {
    expect(problemsOf({ 'updates/a.md': PUBLISHED, 'updates/a.md ': PUBLISHED, 'updates/Zone.md': PUBLISHED })).toEqual(
      [
        'updates/a.md : update files must end in .md',
        'updates/Zone.md file name: the slug "Zone" must be lowercase letters, digits and single hyphens, at most 100 characters',
      ],
    );
    // Two files can only name one slug when handed over as a list (a folder cannot hold the same name twice).
    const twice = parseContentUpdates([
      { path: 'updates/a.md', text: PUBLISHED },
      { path: 'updates/a.md', text: DRAFT },
    ]);
    expect(twice.ok ? [] : twice.problems.map(formatProblem)).toEqual(['updates/a.md:1 file name: duplicate slug "a"']);
    expect(problemsOf({ 'updates/a.md': PUBLISHED.replace('published_at: 2026-03-02T09:00:00Z\n', '') })).toEqual([
      'updates/a.md:5 published_at: a published update needs published_at, when it was first published (such as 2026-01-31T09:00:00Z)',
    ]);
    expect(
      problemsOf({
        'updates/a.md': DRAFT.replace('status: draft', 'status: draft\npublished_at: 2026-11-30T08:00:00Z'),
      }),
    ).toEqual(['updates/a.md:6 published_at: a draft has no published_at: remove it, or make the status published']);
    expect(problemsOf({ 'updates/a.md': DRAFT.replace('status: draft', 'status: posted') })).toEqual([
      'updates/a.md:5 status: must be one of draft, published',
    ]);
  });

  it('refuses a bad folder without changing anything stored', async () => {
    const container = await createFreshContainer();
    await container.content.importDirectory(createFolder({ 'updates/a.md': PUBLISHED }));
    const revision = await container.content.getRevision();
    const attempt = container.content.importDirectory(
      createFolder({ 'updates/a.md': PUBLISHED.replace('service', 'news'), 'updates/b.md': DRAFT }),
    );
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({
      problems: [{ source: 'updates/a.md', line: 4, field: 'category' }],
    });
    expect(await container.content.getRevision()).toBe(revision);
    const { items } = await container.updates.listPublished({ page: 1 });
    expect(items.map((update) => [update.slug, update.category])).toEqual([['a', 'service']]);
  });

  it('leaves stored updates alone without updates/, and with it replaces them, keeping ids and audit trail', async () => {
    const container = await createFreshContainer();
    const admin = await createStaffUser(container, 'admin');
    const context = { actor: admin.actor, baseUrl: 'https://trust.example.test' };
    const fields = { body: 'Staff text.', category: 'other', date: '2026-04-01', titleSv: '', bodySv: '' };
    await container.updates.create(context, { ...fields, title: 'Written by staff' });
    await container.content.importDirectory(createFolder({}));
    const list = async () =>
      (await container.updates.listForStaff(admin.actor, { page: 1 })).items.map((update) => ({
        id: update.id,
        slug: update.slug,
        updatedAt: update.updatedAt,
      }));
    expect((await list()).map((update) => update.slug)).toEqual(['2026-04-01-written-by-staff']);

    await container.content.importDirectory(createFolder({ 'updates/a.md': PUBLISHED }));
    const first = await list();
    expect(first.map((update) => update.slug)).toEqual(['a']);
    // The same folder again changes nothing, not even the time it was last updated.
    await container.content.importDirectory(createFolder({ 'updates/a.md': PUBLISHED }));
    expect(await list()).toEqual(first);
    await container.content.importDirectory(
      createFolder({ 'updates/a.md': PUBLISHED.replace('sto4', 'sto5'), 'translations/sv/updates/a.md': SWEDISH }),
    );
    const changed = await container.updates.get(admin.actor, first[0]?.id ?? 0);
    expect(changed.body).toBe('A fourth zone, **sto5**, is open.');
    expect(changed.translations?.sv?.title).toBe('Ny tillgänglighetszon');

    const { items } = await container.audit.list({}, 1, 100);
    expect(
      items
        .filter((event) => event.action.startsWith('update.'))
        .map((event) => [event.action, event.targetId, event.actorEmail]),
    ).toEqual([
      ['update.edit', 'a', 'content import'],
      ['update.delete', '2026-04-01-written-by-staff', 'content import'],
      ['update.create', 'a', 'content import'],
      ['update.create', '2026-04-01-written-by-staff', admin.actor.email],
    ]);

    // An empty updates/ says there are no updates.
    await container.content.importDirectory(createFolder({}, ['updates']));
    expect(await list()).toEqual([]);
  });

  it('mails nobody when an import publishes an update, though the same subscriber hears of a staff publication', async () => {
    const container = await createFreshContainer();
    const now = new Date().toISOString();
    await container.database.db
      .insertInto('subscription')
      .values({
        email: 'reader@kund.example',
        topic: 'all',
        language: 'en',
        status: 'confirmed',
        confirm_token_hash: null,
        confirm_expires_at: now,
        confirm_sent_at: now,
        created_at: now,
        confirmed_at: now,
      })
      .execute();
    const countMails = async () =>
      Number(
        (
          await container.database.db
            .selectFrom('mail_outbox')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      );
    await container.content.importDirectory(createFolder({ 'updates/b.md': DRAFT }));
    await container.content.importDirectory(
      createFolder({
        'updates/a.md': PUBLISHED,
        'updates/b.md': DRAFT.replace('status: draft', 'status: published\npublished_at: 2026-11-30T08:00:00Z'),
      }),
    );
    expect((await container.updates.listPublished({ page: 1 })).total).toBe(2);
    expect(await countMails()).toBe(0);

    const admin = await createStaffUser(container, 'admin');
    const context = { actor: admin.actor, baseUrl: 'https://trust.example.test' };
    const draft = await container.updates.create(context, {
      title: 'Posted by staff',
      body: 'Text.',
      category: 'service',
      date: '2026-12-01',
      titleSv: '',
      bodySv: '',
    });
    expect((await container.updates.publish(context, draft.id)).mailed).toBe(1);
    // The mails are queued by the background mailing after the publication has its answer.
    await container.subscriptions.whenMailingsIdle();
    expect(await countMails()).toBe(1);
  });
});
