import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildSubprocessorFields,
  createStaffUser,
  SUBPROCESSOR_SWEDISH,
  seedContent,
  type TestStaffUser,
} from '../../test/factories.js';
import { createTestDatabase, type TestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer, prepareDatabase } from '../container.js';
import type { SubprocessorFields } from '../domain/subprocessor.js';
import type { SubprocessorChange } from '../domain/subprocessor-change.js';

const FIELDS: SubprocessorFields = buildSubprocessorFields({ translations: SUBPROCESSOR_SWEDISH });

let database: TestDatabase;
let container: Container;
let changes: SubprocessorChange[];
let editor: TestStaffUser;
let publisher: TestStaffUser;

beforeEach(async () => {
  database = await createTestDatabase();
  changes = [];
  container = createContainer({
    databaseUrl: database.url,
    revisionCheckIntervalMs: 0,
    now: () => new Date('2026-11-27T10:00:00Z'),
    onSubprocessorChange: (change) => {
      changes.push(change);
    },
  });
  await prepareDatabase(container, undefined);
  await seedContent(container);
  editor = await createStaffUser(container, 'editor');
  publisher = await createStaffUser(container, 'admin');
});

afterEach(async () => {
  await container.close();
  await database.remove();
});

async function listAudit(slug: string) {
  const { items } = await container.audit.list({}, 1, 100);
  // The subprocessor's own trail; the notice a change sends to subscribers is audited under subscription.*.
  return items
    .filter((event) => event.targetId === slug && event.action.startsWith('subprocessor.'))
    .map((event) => event.action);
}

describe('creating and publishing a subprocessor', () => {
  it('stores a draft with every field, the Swedish purpose included, and records who did it', async () => {
    const created = await container.subprocessors.createSubprocessor(editor.context, 'kantnat-cdn', FIELDS);
    expect(created).toMatchObject({ ...FIELDS, slug: 'kantnat-cdn', status: 'draft', pendingVersion: null });
    expect(await listAudit('kantnat-cdn')).toEqual(['subprocessor.create']);
    const [version] = await container.subprocessors.listVersions('kantnat-cdn');
    expect(version).toMatchObject({ version: 1, change: 'created', savedByEmail: editor.actor.email });
  });

  it('refuses bad input with every problem on its field and stores nothing', async () => {
    const attempt = container.subprocessors.createSubprocessor(editor.context, 'bad', {
      ...FIELDS,
      locations: ['SE', 'QQ'],
      until: '2025-12-31',
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'invalid_input',
      problems: [
        { field: 'locations', message: expect.stringContaining('"QQ" is not an ISO 3166-1') },
        { field: 'until', message: 'The until date 2025-12-31 is before the since date 2026-01-01' },
      ],
    });
    expect(await container.subprocessors.listForStaff()).toEqual([]);
    expect(await listAudit('bad')).toEqual([]);
  });

  it('refuses a slug that is taken', async () => {
    await container.subprocessors.createSubprocessor(editor.context, 'kantnat-cdn', FIELDS);
    await expect(
      container.subprocessors.createSubprocessor(editor.context, 'kantnat-cdn', FIELDS),
    ).rejects.toMatchObject({ code: 'invalid_input', problems: [{ field: 'slug' }] });
  });

  it('publishes through review, bumps the content revision and tells the updates service it was added', async () => {
    await container.subprocessors.createSubprocessor(editor.context, 'kantnat-cdn', FIELDS);
    const revision = await container.content.getRevision();
    await container.subprocessors.submitForReview(editor.context, 'kantnat-cdn');
    expect(changes).toEqual([]);
    const published = await container.subprocessors.approve(publisher.context, 'kantnat-cdn');
    expect(published.status).toBe('published');
    expect(await container.content.getRevision()).toBeGreaterThan(revision);
    expect(changes).toEqual([
      {
        kind: 'added',
        slug: 'kantnat-cdn',
        name: 'Kantnät CDN',
        effectiveOn: '2026-01-01',
        summary: expect.stringContaining('Kantnät CDN (Kantnät SAS) becomes a subprocessor from 2026-01-01'),
        summarySv: expect.stringContaining('blir underbiträde från 2026-01-01'),
      },
    ]);
    expect(await listAudit('kantnat-cdn')).toEqual([
      'subprocessor.publish',
      'subprocessor.submit',
      'subprocessor.create',
    ]);
    // The container hands the change on: staff find a draft update about it.
    const drafts = await container.updates.listForStaff(publisher.context.actor, { status: 'draft', page: 1 });
    expect(drafts.items.map((update) => [update.category, update.title])).toEqual([
      ['subprocessors', expect.stringContaining('Kantnät CDN')],
    ]);
  });

  it('reports a saved change to a published subprocessor from today, and nothing for a save that changes nothing', async () => {
    await container.subprocessors.createSubprocessor(editor.context, 'kantnat-cdn', FIELDS);
    await container.subprocessors.approve(publisher.context, 'kantnat-cdn');
    await container.subprocessors.updateSubprocessor(editor.context, 'kantnat-cdn', FIELDS);
    await container.subprocessors.updateSubprocessor(editor.context, 'kantnat-cdn', { ...FIELDS, locations: ['FR'] });
    expect(changes.map((change) => [change.kind, change.effectiveOn])).toEqual([
      ['added', '2026-01-01'],
      ['changed', '2026-11-27'],
    ]);
    expect(changes[1]?.summary).toContain('processing location');
    expect(changes[1]?.summarySv).toContain('Uppgifterna behandlas i Frankrike.');
    expect((await listAudit('kantnat-cdn')).slice(0, 2)).toEqual(['subprocessor.save', 'subprocessor.save']);
  });
});

describe('four-eyes review', () => {
  beforeEach(async () => {
    await container.settings.setFourEyesRequired(publisher.context, true);
  });

  it('refuses the author as approver and lets someone else approve', async () => {
    const author = await createStaffUser(container, 'admin');
    await container.subprocessors.createSubprocessor(author.context, 'kantnat-cdn', FIELDS);
    await container.subprocessors.submitForReview(author.context, 'kantnat-cdn');
    await expect(container.subprocessors.approve(author.context, 'kantnat-cdn')).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(changes).toEqual([]);
    await container.subprocessors.approve(publisher.context, 'kantnat-cdn');
    expect(changes.map((change) => change.kind)).toEqual(['added']);
  });

  it('keeps an edit to a published subprocessor pending until approved, then reports it ended', async () => {
    await container.subprocessors.createSubprocessor(editor.context, 'kantnat-cdn', FIELDS);
    await container.subprocessors.submitForReview(editor.context, 'kantnat-cdn');
    await container.subprocessors.approve(publisher.context, 'kantnat-cdn');
    const proposed = await container.subprocessors.updateSubprocessor(editor.context, 'kantnat-cdn', {
      ...FIELDS,
      until: '2026-12-31',
    });
    expect(proposed).toMatchObject({ status: 'published', until: null });
    expect(proposed.pendingVersion).not.toBeNull();
    expect((await container.subprocessors.listPublic()).current.map((item) => item.until)).toEqual([null]);
    await expect(container.subprocessors.approve(editor.context, 'kantnat-cdn')).rejects.toMatchObject({
      code: 'forbidden',
    });
    const approved = await container.subprocessors.approve(publisher.context, 'kantnat-cdn');
    expect(approved).toMatchObject({ until: '2026-12-31', pendingVersion: null });
    expect(changes.map((change) => [change.kind, change.effectiveOn])).toEqual([
      ['added', '2026-01-01'],
      ['ended', '2026-12-31'],
    ]);
    expect((await listAudit('kantnat-cdn'))[0]).toBe('subprocessor.approve');
  });
});

describe('history and the public list', () => {
  it('keeps every version and diffs two of them field by field', async () => {
    await container.subprocessors.createSubprocessor(editor.context, 'kantnat-cdn', FIELDS);
    await container.subprocessors.updateSubprocessor(editor.context, 'kantnat-cdn', { ...FIELDS, locations: ['FR'] });
    const versions = await container.subprocessors.listVersions('kantnat-cdn');
    expect(versions.map((version) => version.change)).toEqual(['edited', 'created']);
    const diff = await container.subprocessors.diffVersions('kantnat-cdn', 1, 2);
    expect(diff.fields.filter((field) => field.isChanged).map((field) => field.field)).toEqual([
      'processing locations',
    ]);
  });

  it('lists published ones only, ended ones as former subprocessors, with filters', async () => {
    const publish = async (slug: string, fields: SubprocessorFields) => {
      await container.subprocessors.createSubprocessor(editor.context, slug, fields);
      await container.subprocessors.approve(publisher.context, slug);
    };
    await publish('kantnat-cdn', FIELDS);
    await publish('old-backup', { ...FIELDS, name: 'Old backup', locations: ['SE'], until: '2026-06-30' });
    await publish('vaktpost', {
      ...FIELDS,
      name: 'Vaktpost',
      locations: ['NL'],
      dataCategories: ['endpoint responses'],
      parentCompany: 'Vaktpost Holdings Inc.',
      parentJurisdiction: 'US',
      nonEuLaw: { law: 'US CLOUD Act', explanation: 'The parent is a US company.' },
    });
    await container.subprocessors.createSubprocessor(editor.context, 'draft-only', FIELDS);
    const all = await container.subprocessors.listPublic();
    expect(all.current.map((item) => item.slug)).toEqual(['kantnat-cdn', 'vaktpost']);
    expect(all.former.map((item) => [item.slug, item.phase])).toEqual([['old-backup', 'ended']]);
    expect(all.countries).toEqual(['FR', 'NL', 'SE']);
    const names = (list: { current: { slug: string }[]; former: { slug: string }[] }) =>
      [...list.current, ...list.former].map((item) => item.slug);
    expect(names(await container.subprocessors.listPublic({ country: 'SE' }))).toEqual(['kantnat-cdn', 'old-backup']);
    expect(names(await container.subprocessors.listPublic({ nonEuLaw: 'yes' }))).toEqual(['vaktpost']);
    expect(names(await container.subprocessors.listPublic({ category: 'endpoint responses' }))).toEqual(['vaktpost']);
    expect(names(await container.subprocessors.listPublic({ state: 'ended' }))).toEqual(['old-backup']);
  });

  it('refuses viewers every change', async () => {
    const viewer = await createStaffUser(container, 'viewer');
    await expect(
      container.subprocessors.createSubprocessor(viewer.context, 'kantnat-cdn', FIELDS),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
