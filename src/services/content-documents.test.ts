import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CONTENT } from '../../test/create-test-app.js';
import { createTestDatabase } from '../../test/temporary-database.js';
import { type Container, createContainer } from '../container.js';
import { AppError, type InputProblem } from '../domain/errors.js';
import { migrateToLatest } from '../storage/database.js';

const scratch = mkdtempSync(join(tmpdir(), 'tillit-content-documents-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PDF = readFileSync(join(EXAMPLE_CONTENT, 'documents', 'iso-27001-certificate.pdf'));
const OTHER_PDF = readFileSync(join(EXAMPLE_CONTENT, 'documents', 'iso-27017-certificate.pdf'));
const SWEDISH_FILE = 'Säkerhetsöversikt för kunder å.pdf';

/** A migrated container on a fresh database, closed after the test. */
async function createFreshContainer(documentMaxBytes?: number, dialect?: 'sqlite'): Promise<Container> {
  const database = await createTestDatabase(dialect ? { dialect } : {});
  const container = createContainer({ databaseUrl: database.url, revisionCheckIntervalMs: 0, documentMaxBytes });
  await migrateToLatest(container.database);
  cleanups.push(async () => {
    await container.close();
    await database.remove();
  });
  return container;
}

let folderCount = 0;
/**
 * A copy of the example content folder whose documents are replaced by one Swedish-titled document in `index`
 * (a YAML list) with the given files, and whose nda.md is `nda` (none when undefined).
 */
function createFolder(index: string | undefined, files: Record<string, Uint8Array | string>, nda?: string): string {
  folderCount += 1;
  const folder = join(scratch, `folder-${folderCount}`);
  cpSync(EXAMPLE_CONTENT, folder, { recursive: true });
  rmSync(join(folder, 'documents'), { recursive: true, force: true });
  rmSync(join(folder, 'nda.md'), { force: true });
  // The example answers and certifications link to its own documents; this folder brings others.
  // Their Swedish translations too, and the Swedish titles of the example's documents go with the documents.
  for (const entries of [join(folder, 'entries'), join(folder, 'translations', 'sv', 'entries')]) {
    for (const name of existsSync(entries) ? readdirSync(entries) : []) {
      const path = join(entries, name);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/\]\(document:[a-z0-9-]+\)/g, '](https://example.test)'));
    }
  }
  rmSync(join(folder, 'translations', 'sv', 'documents.yaml'), { force: true });
  const certifications = join(folder, 'certifications.yaml');
  writeFileSync(certifications, readFileSync(certifications, 'utf8').replace(/\n {2}document: [a-z0-9-]+/g, ''));
  if (index !== undefined || Object.keys(files).length > 0) {
    mkdirSync(join(folder, 'documents'));
    if (index !== undefined) writeFileSync(join(folder, 'documents', 'index.yaml'), index);
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(folder, 'documents', name), bytes);
  }
  if (nda !== undefined) writeFileSync(join(folder, 'nda.md'), nda);
  return folder;
}

const SWEDISH_INDEX = `- slug: sakerhetsoversikt
  title: Säkerhetsöversikt för våra kunder
  description: En kort översikt över hur vi skyddar kunddata.
  category: Rapporter
  language: sv
  access_level: nda
  versions:
    - version: "1.0"
      valid_from: 2026-01-01
      valid_until: 2026-12-31
      file: ${SWEDISH_FILE}
`;
const NDA = '---\nlabel: 2026-1\n---\n# Sekretessavtal\n\nVi håller det du läser för oss själva.\n';

/** Every problem of a refused import, or a failure when it was accepted. */
async function importProblems(container: Container, folder: string): Promise<InputProblem[]> {
  const error = await container.content.importDirectory(folder).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof AppError)) throw new Error(`the import was accepted or failed otherwise: ${String(error)}`);
  expect(error.code).toBe('invalid_input');
  return error.problems ?? [];
}

/** Files below a folder with their bytes, by relative path. */
function readTree(folder: string): Map<string, Buffer> {
  return new Map(
    readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [path.slice(folder.length + 1), readFileSync(path)] as const;
      }),
  );
}

async function expectNothingImported(container: Container): Promise<void> {
  expect(await container.content.hasContent()).toBe(false);
  expect(await container.documents.listLinkableSlugs()).toEqual(new Set());
  expect(await container.nda.getCurrent()).toBeUndefined();
}

describe('documents and the NDA in the content folder', () => {
  it('round-trips a Swedish document and the NDA byte for byte: export, import into a fresh database, export', async () => {
    const folder = createFolder(SWEDISH_INDEX, { [SWEDISH_FILE]: PDF }, NDA);
    const first = await createFreshContainer();
    await first.content.importDirectory(folder);
    const document = await first.documents.getPublic('sakerhetsoversikt');
    expect(document.title).toBe('Säkerhetsöversikt för våra kunder');
    expect(document.current?.fileName).toBe(SWEDISH_FILE);
    expect((await first.nda.getCurrent())?.label).toBe('2026-1');

    const exported = join(scratch, 'exported-once');
    await first.content.exportDirectory(exported);
    const second = await createFreshContainer();
    await second.content.importDirectory(exported);
    const again = join(scratch, 'exported-twice');
    await second.content.exportDirectory(again);

    const once = readTree(exported);
    const twice = readTree(again);
    expect([...twice.keys()].sort()).toEqual([...once.keys()].sort());
    for (const [path, bytes] of once) expect(twice.get(path)?.equals(bytes), path).toBe(true);
    expect(once.get(`documents/${SWEDISH_FILE}`)?.equals(PDF)).toBe(true);
    expect(once.get('documents/index.yaml')?.toString('utf8')).toBe(SWEDISH_INDEX);
    expect(once.get('nda.md')?.toString('utf8')).toBe(NDA);
  });

  it('leaves an unchanged file alone, adds a changed one as a new version and publishes a changed NDA', async () => {
    const container = await createFreshContainer();
    const folder = createFolder(SWEDISH_INDEX, { [SWEDISH_FILE]: PDF }, NDA);
    // One revision per import, however many documents it writes.
    expect((await container.content.importDirectory(folder)).revision).toBe(1);
    expect((await container.content.importDirectory(folder)).revision).toBe(2);
    const viewer = { userId: 0, email: 'viewer@example.test', name: 'Viewer', role: 'viewer' as const };
    expect((await container.documents.getForStaff(viewer, 'sakerhetsoversikt')).versions).toHaveLength(1);
    expect(await container.nda.listVersions(viewer)).toHaveLength(1);

    writeFileSync(join(folder, 'documents', SWEDISH_FILE), OTHER_PDF);
    writeFileSync(join(folder, 'nda.md'), NDA.replace('själva', 'själva, i fem år'));
    await container.content.importDirectory(folder);
    const { versions } = await container.documents.getForStaff(viewer, 'sakerhetsoversikt');
    expect(versions.map((version) => version.sha256)).toHaveLength(2);
    expect(versions[0]?.uploadedBy).toBe('content import');
    const ndas = await container.nda.listVersions(viewer);
    expect(ndas).toHaveLength(2);
    expect(ndas[0]?.body).toContain('i fem år');
    const { items } = await container.audit.list({}, 1, 50);
    // The example's updates are imported with their own events (update.*); these are the documents' and the NDA's.
    const documentEvents = items.filter((event) => event.targetType !== 'update');
    expect(documentEvents.map((event) => event.action).sort()).toEqual([
      'document.create',
      'document.version',
      'nda.publish',
      'nda.publish',
    ]);
  });

  it('resolves document: links and certification documents to documents the same folder brings', async () => {
    const container = await createFreshContainer();
    const folder = createFolder(SWEDISH_INDEX, { [SWEDISH_FILE]: PDF });
    const certifications = join(folder, 'certifications.yaml');
    writeFileSync(
      certifications,
      readFileSync(certifications, 'utf8').replace(
        'valid_until: 2027-09-30\n',
        'valid_until: 2027-09-30\n  document: sakerhetsoversikt\n',
      ),
    );
    await container.content.importDirectory(folder);
    const content = await container.content.getContent();
    expect(content.certifications[0]?.document).toBe('sakerhetsoversikt');
  });

  const refusals: {
    name: string;
    index?: string;
    files?: Record<string, Uint8Array | string>;
    nda?: string;
    expected: Partial<InputProblem>;
  }[] = [
    {
      name: 'a missing file',
      files: {},
      expected: {
        source: 'documents/index.yaml',
        field: '[0].versions[0].file',
        message: `the file documents/${SWEDISH_FILE} does not exist`,
      },
    },
    {
      name: 'an unknown access level',
      index: SWEDISH_INDEX.replace('access_level: nda', 'access_level: secret'),
      expected: {
        source: 'documents/index.yaml',
        field: '[0].access_level',
        message: 'must be one of public, nda, request',
      },
    },
    {
      name: 'a file that is not what its extension says',
      files: { [SWEDISH_FILE]: 'This is text, not a PDF.\n' },
      expected: { source: `documents/${SWEDISH_FILE}`, field: 'file' },
    },
    {
      name: 'an empty file',
      files: { [SWEDISH_FILE]: '' },
      expected: { source: `documents/${SWEDISH_FILE}`, field: 'file', message: `${SWEDISH_FILE}: the file is empty` },
    },
    {
      name: 'a file kind that is not accepted',
      index: SWEDISH_INDEX.replace(`file: ${SWEDISH_FILE}`, 'file: report.exe'),
      files: { 'report.exe': PDF },
      expected: { source: 'documents/report.exe', field: 'file' },
    },
    {
      name: 'a valid-until date before valid-from',
      index: SWEDISH_INDEX.replace('valid_until: 2026-12-31', 'valid_until: 2025-12-31'),
      expected: {
        source: 'documents/index.yaml',
        field: '[0].versions[0].valid_until',
        message: 'The valid-until date is before the valid-from date',
      },
    },
    {
      name: 'a title over the length limit',
      index: SWEDISH_INDEX.replace('title: Säkerhetsöversikt för våra kunder', `title: ${'å'.repeat(201)}`),
      expected: { source: 'documents/index.yaml', field: '[0].title' },
    },
    {
      name: 'a version label written as a YAML number',
      index: SWEDISH_INDEX.replace('version: "1.0"', 'version: 1.0'),
      expected: { source: 'documents/index.yaml', field: '[0].versions[0].version' },
    },
    {
      name: 'a file name with a folder',
      index: SWEDISH_INDEX.replace(`file: ${SWEDISH_FILE}`, 'file: ../site.yaml'),
      expected: { source: 'documents/index.yaml', field: '[0].versions[0].file' },
    },
    {
      name: 'a file beside the index that it does not list',
      files: { [SWEDISH_FILE]: PDF, 'stray.pdf': PDF },
      expected: { source: 'documents/stray.pdf', message: 'the file is not listed in documents/index.yaml' },
    },
    {
      name: 'one file listed for two documents',
      index: `${SWEDISH_INDEX}${SWEDISH_INDEX.replace('slug: sakerhetsoversikt', 'slug: andra-oversikten')}`,
      expected: {
        source: 'documents/index.yaml',
        field: '[1].versions[0].file',
        message: `the file documents/${SWEDISH_FILE} is already listed for another version; give each version its own file`,
      },
    },
    {
      name: 'an NDA without a text',
      nda: '---\nlabel: 2026-1\n---\n\n',
      expected: { source: 'nda.md', field: 'body' },
    },
    {
      name: 'an NDA without a label',
      nda: '---\ntitle: 2026-1\n---\nText.\n',
      expected: { source: 'nda.md', field: 'label' },
    },
  ];

  for (const refusal of refusals) {
    it(`refuses ${refusal.name}, naming the file and field, and imports nothing`, async () => {
      const container = await createFreshContainer();
      const folder = createFolder(
        refusal.index ?? SWEDISH_INDEX,
        refusal.files ?? { [SWEDISH_FILE]: PDF },
        refusal.nda,
      );
      const problems = await importProblems(container, folder);
      expect(problems).toContainEqual(expect.objectContaining(refusal.expected));
      await expectNothingImported(container);
    });
  }

  it('reports an index it cannot read at its line, without calling every file beside it unlisted', async () => {
    const container = await createFreshContainer();
    const folder = createFolder('- slug: [unclosed\n', { [SWEDISH_FILE]: PDF });
    const problems = await importProblems(container, folder);
    expect(problems).toEqual([
      expect.objectContaining({ source: 'documents/index.yaml', message: expect.stringMatching(/^YAML syntax: /) }),
    ]);
    await expectNothingImported(container);
  });

  it('refuses a file over the size limit and imports nothing', async () => {
    const container = await createFreshContainer(1024);
    const folder = createFolder(SWEDISH_INDEX, { [SWEDISH_FILE]: PDF });
    const problems = await importProblems(container, folder);
    expect(problems).toContainEqual(
      expect.objectContaining({
        source: `documents/${SWEDISH_FILE}`,
        field: 'file',
        message: expect.stringContaining('larger than 1 KB'),
      }),
    );
    await expectNothingImported(container);
  });

  it('refuses a symbolic link among the documents and imports nothing', async () => {
    const container = await createFreshContainer();
    const folder = createFolder(SWEDISH_INDEX, {});
    symlinkSync(
      join(EXAMPLE_CONTENT, 'documents', 'iso-27001-certificate.pdf'),
      join(folder, 'documents', SWEDISH_FILE),
    );
    const problems = await importProblems(container, folder);
    expect(problems).toContainEqual(expect.objectContaining({ source: `documents/${SWEDISH_FILE}` }));
    await expectNothingImported(container);
  });

  it('imports no document when the rest of the folder is invalid', async () => {
    const container = await createFreshContainer();
    const folder = createFolder(SWEDISH_INDEX, { [SWEDISH_FILE]: PDF }, NDA);
    writeFileSync(join(folder, 'tags.yaml'), '- slug: Not A Slug\n  name: x\n');
    const problems = await importProblems(container, folder);
    expect(problems).toContainEqual(expect.objectContaining({ source: 'tags.yaml' }));
    await expectNothingImported(container);
  });

  it('rolls the documents and the NDA back when storing the rest of the content fails', async () => {
    const container = await createFreshContainer(undefined, 'sqlite');
    // A database that refuses entries: the failure comes after the documents and the NDA were written.
    await sql`create trigger refuse_entries before insert on entry begin select raise(abort, 'entries refused'); end`.execute(
      container.database.db,
    );
    const folder = createFolder(SWEDISH_INDEX, { [SWEDISH_FILE]: PDF }, NDA);
    await expect(container.content.importDirectory(folder)).rejects.toThrow(/entries refused/);
    await expectNothingImported(container);
    const { items } = await container.audit.list({}, 1, 50);
    expect(items).toEqual([]);
  });

  it('refuses to export two documents whose current files share a name, naming both', async () => {
    const container = await createFreshContainer();
    await container.content.importDirectory(createFolder(SWEDISH_INDEX, { [SWEDISH_FILE]: PDF }));
    // A second folder that does not list the first document (an import never archives one) brings another.
    const other = SWEDISH_INDEX.replace('slug: sakerhetsoversikt', 'slug: andra-oversikten');
    await container.content.importDirectory(createFolder(other, { [SWEDISH_FILE]: OTHER_PDF }));
    const folder = join(scratch, 'export-with-clash');
    const error = await container.content.exportDirectory(folder).catch((thrown: unknown) => thrown);
    if (!(error instanceof AppError)) throw new Error('the export was not refused');
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/"andra-oversikten" and "sakerhetsoversikt" both have a current file named/);
  });
});
