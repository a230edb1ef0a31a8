import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { parseContentSubprocessors } from './content-subprocessors.js';

const scratch = mkdtempSync(join(tmpdir(), 'tillit-content-subprocessors-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const EXAMPLE = readFileSync(join(EXAMPLE_CONTENT, 'subprocessors.yaml'), 'utf8');

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
/** A content folder of the minimal content with `subprocessors` as its subprocessors.yaml (none when undefined). */
function createFolder(subprocessors: string | undefined): string {
  folderCount += 1;
  const folder = join(scratch, `folder-${folderCount}`);
  for (const file of serializeContent(buildMinimalContent())) {
    const path = join(folder, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text);
  }
  if (subprocessors !== undefined) writeFileSync(join(folder, 'subprocessors.yaml'), subprocessors);
  return folder;
}

/** The problems an import of `text` reports, as `file:line field: message`. */
function problemsOf(text: string): string[] {
  const parsed = parseContentSubprocessors([{ path: 'subprocessors.yaml', text }], '2026-01-01T00:00:00.000Z');
  return parsed.ok ? [] : parsed.problems.map(formatProblem);
}

const ONE = `- slug: kantnat-cdn
  name: Kantnät CDN
  legal_entity: Kantnät SAS
  purpose: Content delivery.
  purpose_sv: Innehållsleverans.
  data_categories: [IP addresses of visitors]
  locations: [FR, SE]
  non_eu_law: none
  since: 2022-09-15
  status: published
`;

describe('subprocessors.yaml', () => {
  it('imports the example and exports it byte for byte', async () => {
    const container = await createFreshContainer();
    const folder = createFolder(EXAMPLE);
    const summary = await container.content.importDirectory(folder);
    expect(summary.subprocessors).toBe(6);
    const stored = await container.subprocessors.listForStaff();
    expect(stored.find((item) => item.slug === 'vaktpost')).toMatchObject({
      parentJurisdiction: 'US',
      nonEuLaw: { law: 'US CLOUD Act' },
      translations: { sv: { purpose: expect.stringContaining('jourpersonal') } },
    });
    const exported = join(scratch, `export-${folderCount}`);
    await container.content.exportDirectory(exported);
    expect(readFileSync(join(exported, 'subprocessors.yaml'), 'utf8')).toBe(EXAMPLE);
  });

  it('reports an unknown country code, an until before since, a duplicate slug and an unknown key at their lines', () => {
    const text = `${ONE}- slug: kantnat-cdn
  name: Second
  legal_entity: Second AB
  purpose: Something.
  data_categories: [logs]
  locations: [SE, XX]
  non_eu_law: none
  since: 2024-05-01
  until: 2024-04-30
  status: published
  colour: blue
`;
    // Every problem at once: the unknown key (at its item) and the rules the item breaks.
    expect(problemsOf(text)).toEqual([
      'subprocessors.yaml:21 [1].colour: Unrecognized key: "colour"',
      'subprocessors.yaml:11 [1].slug: duplicate slug "kantnat-cdn"',
      'subprocessors.yaml:16 [1].locations[1]: "XX" is not an ISO 3166-1 alpha-2 country code (such as SE, DE or US)',
      'subprocessors.yaml:19 [1].until: The until date 2024-04-30 is before the since date 2024-05-01',
    ]);
    expect(problemsOf(text.replace('  colour: blue\n', ''))).toEqual([
      'subprocessors.yaml:11 [1].slug: duplicate slug "kantnat-cdn"',
      'subprocessors.yaml:16 [1].locations[1]: "XX" is not an ISO 3166-1 alpha-2 country code (such as SE, DE or US)',
      'subprocessors.yaml:19 [1].until: The until date 2024-04-30 is before the since date 2024-05-01',
    ]);
  });

  it('refuses a bad file without changing anything stored', async () => {
    const container = await createFreshContainer();
    await container.content.importDirectory(createFolder(ONE));
    const revision = await container.content.getRevision();
    const attempt = container.content.importDirectory(createFolder(ONE.replace('[FR, SE]', '[FR, se]')));
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({
      problems: [{ source: 'subprocessors.yaml', line: 7, message: expect.stringContaining('"se" is not') }],
    });
    expect(await container.content.getRevision()).toBe(revision);
    expect((await container.subprocessors.listForStaff()).map((item) => item.locations)).toEqual([['FR', 'SE']]);
  });

  it('keeps staff history across imports and leaves subprocessors alone when the folder has no file', async () => {
    const container = await createFreshContainer();
    await container.content.importDirectory(createFolder(ONE));
    const editor = await createStaffUser(container, 'editor');
    const stored = await container.subprocessors.getSubprocessor('kantnat-cdn');
    await container.subprocessors.updateSubprocessor(editor.context, 'kantnat-cdn', { ...stored, name: 'Renamed' });
    await container.content.importDirectory(createFolder(undefined));
    expect((await container.subprocessors.getSubprocessor('kantnat-cdn')).name).toBe('Renamed');
    await container.content.importDirectory(createFolder(ONE));
    const versions = await container.subprocessors.listVersions('kantnat-cdn');
    expect(versions.map((version) => [version.change, version.subprocessor.name])).toEqual([
      ['replaced by a content import', 'Kantnät CDN'],
      ['edited', 'Renamed'],
      ['replaced by a content import', 'Kantnät CDN'],
    ]);
  });
});
