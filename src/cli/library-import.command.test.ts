import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runTillit, useTemporaryDatabases } from '../../test/cli-support.js';
import { EXAMPLE_CONTENT } from '../../test/create-test-app.js';
import { writeLyingXlsxBomb } from '../../test/zip-bomb.js';
import { type Container, createContainer, prepareDatabase } from '../container.js';
import type { ContentSet, Entry } from '../domain/content.js';
import { BASELINE_VERSION_CHANGE } from '../domain/content.js';
import type { EntryRecord } from '../domain/entry-record.js';
import type { Actor } from '../domain/staff.js';
import { createMatcher } from '../questionnaire/matcher.js';
import { toPlainText } from '../services/markdown.renderer.js';
import { openDatabase } from '../storage/database.js';

const createWorkspace = useTemporaryDatabases();
const run = runTillit;

/** Loads the stored content through the service, as the server does. */
async function loadContent(databaseUrl: string): Promise<ContentSet> {
  const container = createContainer({ databaseUrl, listenForChanges: false });
  try {
    return await container.content.getContent();
  } finally {
    await container.close();
  }
}

const SNAPSHOT_TABLES = [
  'site',
  'category',
  'tag',
  'entry',
  'entry_tag',
  'entry_phrasing',
  'entry_control',
  'content_revision',
  'audit_event',
] as const;

/** Every row of the content tables, the revision and the audit log, for row-for-row comparison. */
async function snapshotRows(databaseUrl: string): Promise<Record<string, unknown[]>> {
  const handle = openDatabase(databaseUrl);
  try {
    const snapshot: Record<string, unknown[]> = {};
    for (const table of SNAPSHOT_TABLES) {
      const rows = await handle.db.selectFrom(table).selectAll().execute();
      snapshot[table] = rows.map((row) => JSON.stringify(row)).sort();
    }
    return snapshot;
  } finally {
    await handle.close();
  }
}

async function listAuditActions(databaseUrl: string): Promise<{ action: string; summary: string }[]> {
  const handle = openDatabase(databaseUrl);
  try {
    return await handle.db.selectFrom('audit_event').select(['action', 'summary']).orderBy('id').execute();
  } finally {
    await handle.close();
  }
}

function writeText(folder: string, name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text, 'utf8');
  return path;
}

async function writeWorkbook(folder: string, name: string, build: (workbook: ExcelJS.Workbook) => void) {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const path = join(folder, name);
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
  return path;
}

const NESTED_LIST = '- Backups run nightly\n  - kept for 35 days\n  - restored in a test every quarter';

// The example folder on purpose: `tillit import <folder>` then `tillit import <library>` is the
// command-line path an operator takes, and a library merges into real-sized existing content.
describe('tillit import <file.csv|file.xlsx>: answer libraries', () => {
  it('merges a CSV with a BOM, quoted newlines and ; tags into existing content in one revision', async () => {
    const workspace = await createWorkspace();
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    const before = await loadContent(workspace.url);
    const existing = before.entries[0];
    if (!existing) throw new Error('the example content has entries');
    // The same question in other case and spacing updates the entry instead of adding one.
    const sameQuestion = `  ${existing.question.toUpperCase().replace(/ /g, '   ')} `;
    const csv = [
      'Question,Answer,Category,Tags,Controls',
      `"${sameQuestion}","Updated from the library.",,,`,
      `"Do you keep backups of customer data?","${NESTED_LIST}",Operations Continuity,"Backups; Resilience",A.8.13`,
      `"Is there a bug bounty programme?","Yes, a **private** one.\r\n\r\nAsk us for an invitation.",${existing.category},GDPR,"A.5.7, a.8.8"`,
    ].join('\r\n');
    const path = writeText(workspace.folder, 'library.csv', `\uFEFF${csv}\r\n`);

    const result = await run(['import', path, '--owner', 'security@example.org'], workspace.url);
    expect(result.error).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Imported the answer library library.csv: added 2, updated 1 entries (revision 2).');
    expect(result.out).toContain('Created 1 categories: Operations Continuity.');
    expect(result.out).toContain('Created 2 tags: Backups, Resilience.');

    const after = await loadContent(workspace.url);
    expect(after.entries).toHaveLength(before.entries.length + 2);
    const updated = after.entries.find((entry) => entry.slug === existing.slug);
    expect(updated?.answer).toBe('Updated from the library.');
    // Columns left empty keep what the entry had, except tags and controls, which the file states (as none).
    expect(updated?.category).toBe(existing.category);
    expect(updated?.tags).toEqual([]);
    expect(updated?.owner).toBe('security@example.org');
    expect(updated?.createdAt).toBe(existing.createdAt);

    const backups = after.entries.find((entry) => entry.question === 'Do you keep backups of customer data?');
    expect(backups).toMatchObject({
      slug: 'do-you-keep-backups-of-customer-data',
      answer: NESTED_LIST,
      category: 'operations-continuity',
      tags: ['backups', 'resilience'],
      controls: ['A.8.13'],
      status: 'published',
      owner: 'security@example.org',
    });
    const bounty = after.entries.find((entry) => entry.question === 'Is there a bug bounty programme?');
    expect(bounty?.answer).toBe('Yes, a **private** one.\n\nAsk us for an invitation.');
    expect(bounty?.category).toBe(existing.category);
    expect(bounty?.tags).toEqual(['gdpr']);
    expect(bounty?.controls).toEqual(['A.5.7', 'A.8.8']);
    expect(after.tags.filter((tag) => tag.slug === 'gdpr')).toHaveLength(1);
    expect(after.site).toEqual(before.site);

    const audit = await listAuditActions(workspace.url);
    expect(audit.at(-1)).toEqual({
      action: 'content.library_import',
      summary: expect.stringContaining('answer library library.csv: added 2; updated 1'),
    });
  });

  it('keeps a question asked under three domains as three entries with their short answers, and updates each by domain', async () => {
    const workspace = await createWorkspace();
    const question = 'Are the policies and procedures reviewed and updated at least annually?';
    const library = (answers: string[]) =>
      [
        'Category,Question,Answer,Response (Yes/No/NA)',
        `Audit & Assurance,"${question}","${answers[0]}",Yes`,
        `Application & Interface Security,"${question}","${answers[1]}",Partially`,
        `Business Continuity Management,"${question}","${answers[2]}",Ej tillämpligt`,
      ].join('\r\n');
    const first = writeText(
      workspace.folder,
      'caiq.csv',
      library(['By the audit lead.', 'By the platform lead.', 'After each exercise.']),
    );
    const imported = await run(['import', first], workspace.url);
    expect(imported.error).toBe('');
    expect(imported.out).toContain('added 3');
    const stored = (await loadContent(workspace.url)).entries.filter((entry) => entry.question === question);
    expect(stored.map((entry) => [entry.category, entry.shortAnswer, entry.answer])).toEqual([
      ['audit-assurance', 'yes', 'By the audit lead.'],
      ['application-interface-security', 'partial', 'By the platform lead.'],
      ['business-continuity-management', 'not_applicable', 'After each exercise.'],
    ]);

    const again = writeText(
      workspace.folder,
      'caiq-2.csv',
      library(['By the audit lead.', 'By the platform team.', 'After each exercise.']),
    );
    const updated = await run(['import', again], workspace.url);
    expect(updated.error).toBe('');
    expect(updated.out).toContain('updated 1');
    const after = (await loadContent(workspace.url)).entries.filter((entry) => entry.question === question);
    expect(after.map((entry) => [entry.slug, entry.answer])).toEqual(
      stored.map((entry, index) => [entry.slug, index === 1 ? 'By the platform team.' : entry.answer]),
    );
  });

  it('reads the first visible xlsx sheet with library headers (Swedish), formula results as text, never evaluated', async () => {
    const workspace = await createWorkspace();
    const path = await writeWorkbook(workspace.folder, 'library.xlsx', (workbook) => {
      const instructions = workbook.addWorksheet('Instructions');
      instructions.addRow(['Fill in one question per row.']);
      const hidden = workbook.addWorksheet('Old', { state: 'hidden' });
      hidden.addRow(['Question', 'Answer']);
      hidden.addRow(['Hidden question?', 'Hidden answer.']);
      const sheet = workbook.addWorksheet('Svarsbibliotek');
      sheet.addRow(['Svarsbibliotek 2026']);
      sheet.addRow(['Fråga', ' Svar ', 'Kategori', 'Taggar', 'Kontroller']);
      sheet.addRow(['Krypterar ni data i vila?', NESTED_LIST, 'Kryptografi', 'NIS2', 'A.8.24']);
      sheet.addRow([
        'Who is your data protection officer?',
        { formula: 'CONCATENATE("Our DPO is ","reachable at dpo@example.org.")', result: 'Cached text, not =1+1' },
        'Privacy',
        '',
        '',
      ]);
    });

    const result = await run(['import', path, '--status', 'draft'], workspace.url);
    expect(result.error).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('library.xlsx (sheet "Svarsbibliotek"): added 2, updated 0 entries');
    const content = await loadContent(workspace.url);
    expect(content.entries.map((entry) => entry.question).sort()).toEqual([
      'Krypterar ni data i vila?',
      'Who is your data protection officer?',
    ]);
    const encrypted = content.entries.find((entry) => entry.slug === 'krypterar-ni-data-i-vila');
    expect(encrypted).toMatchObject({ answer: NESTED_LIST, status: 'draft', controls: ['A.8.24'], tags: ['nis2'] });
    const dpo = content.entries.find((entry) => entry.slug === 'who-is-your-data-protection-officer');
    expect(dpo?.answer).toBe('Cached text, not =1+1');

    // --sheet picks a sheet by name, even a hidden one.
    const chosen = await run(['import', path, '--sheet', 'old'], workspace.url);
    expect(chosen.code).toBe(0);
    expect(chosen.out).toContain('(sheet "Old"): added 1, updated 0 entries');
  });

  it("--replace keeps only the file's entries, updating those it already had, and keeps the site settings", async () => {
    const workspace = await createWorkspace();
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    const before = await loadContent(workspace.url);
    const path = writeText(
      workspace.folder,
      'library.csv',
      'question;answer;category\nDo you run a SOC?;Yes, around the clock.;Security operations\nDo you have cyber insurance?;Yes.;\nWill our data stay in Sweden?;Yes, always.;\n',
    );
    const result = await run(['import', path, '--replace'], workspace.url);
    expect(result.error).toBe('');
    expect(result.out).toContain(`added 2, updated 1 entries, removed ${before.entries.length - 1} existing entries`);
    const after = await loadContent(workspace.url);
    expect(after.entries.map((entry) => entry.question).sort()).toEqual([
      'Do you have cyber insurance?',
      'Do you run a SOC?',
      'Will our data stay in Sweden?',
    ]);
    // The entry the file still has keeps its slug and category; only its answer changed.
    const kept = after.entries.find((entry) => entry.question === 'Will our data stay in Sweden?');
    const original = before.entries.find((entry) => entry.question === 'Will our data stay in Sweden?');
    expect(kept?.slug).toBe(original?.slug);
    expect(kept?.category).toBe(original?.category);
    expect(kept?.answer).toBe('Yes, always.');
    expect(after.site).toEqual(before.site);
    expect(after.certifications).toEqual(before.certifications);
    // A row without a category lands in General, created once.
    expect(after.entries.find((entry) => entry.question === 'Do you have cyber insurance?')?.category).toBe('general');
    // A new entry's owner defaults to the site's contact e-mail; the kept entry keeps its owner.
    expect(after.entries.find((entry) => entry.question === 'Do you run a SOC?')?.owner).toBe(before.site.contactEmail);
    expect(kept?.owner).toBe(original?.owner);
  });

  it('makes a library the only content of a freshly migrated database; the examples are not seeded after', async () => {
    const workspace = await createWorkspace();
    expect((await run(['migrate'], workspace.url)).code).toBe(0);
    const empty = createContainer({ databaseUrl: workspace.url, listenForChanges: false });
    try {
      expect(await empty.content.hasContent()).toBe(false);
    } finally {
      await empty.close();
    }
    const path = writeText(
      workspace.folder,
      'library.csv',
      'question,answer,tags\nDo you sign a DPA?,Yes; our standard DPA is in the contract.,GDPR\nWhere is data stored?,In Sweden.,\n',
    );
    const result = await run(['import', path], workspace.url);
    expect(result.error).toBe('');
    expect(result.out).toContain('Created default site settings');

    const container = createContainer({ databaseUrl: workspace.url, listenForChanges: false });
    try {
      expect(await prepareDatabase(container, EXAMPLE_CONTENT)).toEqual([]);
      const content = await container.content.getContent();
      expect(content.entries.map((entry) => entry.question).sort()).toEqual([
        'Do you sign a DPA?',
        'Where is data stored?',
      ]);
      expect(content.site.name).toBe('Trust center');
      expect(content.categories.map((category) => category.slug)).toEqual(['general']);
      expect(content.tags).toEqual([{ slug: 'gdpr', name: 'GDPR' }]);
      expect(content.highlights).toEqual([]);
      const site = await container.publicSite.getPublishedSite();
      expect(site.entries.map((entry) => entry.slug).sort()).toEqual(['do-you-sign-a-dpa', 'where-is-data-stored']);
    } finally {
      await container.close();
    }

    // The stored content is valid content: it exports and imports back as a content folder.
    const folder = join(workspace.folder, 'exported');
    expect((await run(['export', folder], workspace.url)).code).toBe(0);
    const reimported = await run(['import', folder], workspace.url);
    expect(reimported.error).toBe('');
    expect(reimported.code).toBe(0);
  });

  it('lets the questionnaire matcher find a library entry for a paraphrased question', async () => {
    const workspace = await createWorkspace();
    const path = writeText(
      workspace.folder,
      'library.csv',
      [
        'question,answer,category,tags,controls',
        'Do you encrypt customer data at rest?,"Yes, with AES-256 on every disk.",Cryptography,Encryption,A.8.24',
        'How often do you run penetration tests?,An external firm tests us every year.,Testing,,A.8.8',
        'Do employees receive security awareness training?,"Yes, when they join and yearly.",People,,A.6.3',
        'Which subprocessors handle personal data?,See our subprocessor list.,Privacy,GDPR,',
      ].join('\n'),
    );
    expect((await run(['import', path], workspace.url)).code).toBe(0);
    const content = await loadContent(workspace.url);
    const matcher = createMatcher(
      content.entries.map((entry) => ({
        slug: entry.slug,
        question: entry.question,
        answer: toPlainText(entry.answer),
        alternativePhrasings: entry.alternativePhrasings,
        controls: entry.controls,
        category: entry.category,
        tags: entry.tags,
      })),
    );
    expect(matcher.match('Is stored client information encrypted on disk?', 1)[0]?.slug).toBe(
      'do-you-encrypt-customer-data-at-rest',
    );
    expect(matcher.match('Does a third party perform pentests of your service?', 1)[0]?.slug).toBe(
      'how-often-do-you-run-penetration-tests',
    );
  });
});

describe('tillit import <file>: bad answer libraries change nothing', () => {
  async function expectRejected(workspace: { url: string }, path: string, patterns: RegExp[], extra: string[] = []) {
    const before = await snapshotRows(workspace.url);
    const result = await run(['import', path, ...extra], workspace.url);
    expect(result.code).toBe(1);
    for (const pattern of patterns) expect(result.error).toMatch(pattern);
    expect(await snapshotRows(workspace.url)).toEqual(before);
    return result;
  }

  it('reports every problem of every row at once, as file:row column, and writes nothing', async () => {
    const workspace = await createWorkspace();
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    const rows = [
      'question,answer,category,tags,controls',
      'Is data encrypted?,Yes.,,,A.8.24',
      ',An answer without a question.,,,',
      'A question without an answer?,,,,',
      'Which controls apply?,Several.,,,"A.8.24; A.9.1"',
      `Is this answer too long?,${'x'.repeat(20001)},,,`,
      'is DATA   encrypted?,Again.,,,',
      `Is the category too long?,Yes.,${'c'.repeat(81)},,`,
      `Too many tags?,Yes.,,${Array.from({ length: 21 }, (_, index) => `t${index}`).join(';')},`,
    ];
    const path = writeText(workspace.folder, 'library.csv', rows.join('\n'));
    const result = await expectRejected(workspace, path, [
      /7 problem\(s\) in library\.csv; nothing was imported/,
      /library\.csv:3 question: is empty/,
      /library\.csv:4 answer: is empty/,
      /library\.csv:5 controls: "A\.9\.1" is not an ISO\/IEC 27001:2022 Annex A control/,
      /library\.csv:6 answer: is 20001 characters; at most 20000/,
      /library\.csv:7 question: repeats the question of row 2/,
      /library\.csv:8 category: is 81 characters; at most 80/,
      /library\.csv:9 tags: has 21 tags; at most 20/,
    ]);
    expect(result.error).not.toMatch(/library\.csv:2 /);
  });

  it('refuses files that are not a CSV or xlsx library, naming the file', async () => {
    const workspace = await createWorkspace();
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    const folder = workspace.folder;
    const pdf = join(folder, 'library.csv');
    writeFileSync(pdf, Buffer.from('%PDF-1.7\n1 0 obj\n'));
    await expectRejected(workspace, pdf, [/library\.csv: this is a PDF/]);

    const text = writeText(folder, 'library.txt', 'question,answer\nA?,B.\n');
    await expectRejected(workspace, text, [/library\.txt is neither a content folder nor a \.csv or \.xlsx/]);

    const encrypted = join(folder, 'encrypted.xlsx');
    writeFileSync(encrypted, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    await expectRejected(workspace, encrypted, [/encrypted\.xlsx: This workbook is encrypted/]);

    const corrupt = join(folder, 'corrupt.xlsx');
    writeFileSync(corrupt, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
    await expectRejected(workspace, corrupt, [/corrupt\.xlsx/]);

    const csvNamedXlsx = writeText(folder, 'renamed.xlsx', 'question,answer\nA question?,An answer.\n');
    await expectRejected(workspace, csvNamedXlsx, [/renamed\.xlsx: the file name says \.xlsx but the content is text/]);
  });

  it('refuses a library workbook whose shared strings claim 900 bytes but unpack to 1 GB', async () => {
    const workspace = await createWorkspace();
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    const path = join(workspace.folder, 'library.xlsx');
    writeFileSync(
      path,
      writeLyingXlsxBomb({ part: 'xl/sharedStrings.xml', inflatedBytes: 1024 * 1024 * 1024, declaredBytes: 900 }),
    );
    await expectRejected(workspace, path, [
      /library\.xlsx \(xl\/sharedStrings\.xml\): refused: the workbook expands beyond the 900 bytes its zip directory declares/,
    ]);
  });

  it('refuses a library without question or answer column and names the columns it saw', async () => {
    const workspace = await createWorkspace();
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    const noAnswer = writeText(workspace.folder, 'library.csv', 'Question,Response text\nDo you?,Yes.\n');
    await expectRejected(workspace, noAnswer, [
      /library\.csv:1: no header row with a "question" and an "answer" column; columns seen: A "Question", B "Response text"/,
    ]);
    const workbook = await writeWorkbook(workspace.folder, 'library.xlsx', (book) => {
      book.addWorksheet('Data').addRow(['Topic', 'Reply']);
    });
    await expectRejected(workspace, workbook, [/library\.xlsx:1: no header row .* columns seen: A "Topic", B "Reply"/]);
    await expectRejected(
      workspace,
      workbook,
      [/library\.xlsx: sheet "Missing" not found; sheets: "Data"/],
      ['--sheet', 'Missing'],
    );
  });

  it('leaves a freshly migrated database empty when the library is bad', async () => {
    const workspace = await createWorkspace();
    expect((await run(['migrate'], workspace.url)).code).toBe(0);
    const path = writeText(workspace.folder, 'library.csv', 'question,answer,controls\nDo you?,Yes.,ISO 27001\n');
    await expectRejected(workspace, path, [
      /library\.csv:2 controls: "ISO" is not an ISO\/IEC 27001:2022 Annex A control/,
    ]);
    const container = createContainer({ databaseUrl: workspace.url, listenForChanges: false });
    try {
      expect(await container.content.hasContent()).toBe(false);
    } finally {
      await container.close();
    }
  });

  it('rejects bad options before reading anything', async () => {
    const workspace = await createWorkspace();
    const path = writeText(workspace.folder, 'library.csv', 'question,answer\nDo you?,Yes.\n');
    const result = await run(['import', path, '--status', 'archived'], workspace.url);
    expect(result.code).toBe(1);
    expect(result.error).toMatch(/arguments --status: must be published or draft/);
    const folderWithOption = await run(['import', EXAMPLE_CONTENT, '--replace'], workspace.url);
    expect(folderWithOption.code).toBe(1);
    expect(folderWithOption.error).toMatch(/apply to a \.csv or \.xlsx file/);
  });
});

describe('tillit import <file>: entry versions', () => {
  const editor: Actor = { userId: 1, email: 'ada@example.test', name: 'Ada', role: 'editor' };
  const admin: Actor = { userId: 2, email: 'root@example.test', name: 'Root', role: 'admin' };

  /** Opens the database as the server does, for the duration of `use`. */
  async function withContainer<T>(databaseUrl: string, use: (container: Container) => Promise<T>): Promise<T> {
    const container = createContainer({ databaseUrl, listenForChanges: false });
    try {
      return await use(container);
    } finally {
      await container.close();
    }
  }

  /** The stored entry without its workflow state, as a version snapshot holds it. */
  function stored(record: EntryRecord): Entry {
    const { submittedById: _submitted, reviewedById: _reviewed, pendingVersion: _pending, ...entry } = record;
    return entry;
  }

  it('records a version of each changed and added entry, snapshotting it as stored; the same file again adds none', async () => {
    const workspace = await createWorkspace();
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    const [existing, untouched] = (await loadContent(workspace.url)).entries;
    if (!existing || !untouched) throw new Error('the example content has entries');
    // A staff edit first, so the entry has a version from before the import.
    await withContainer(workspace.url, (container) =>
      container.entries.updateEntry({ actor: editor }, existing.slug, { ...existing, answer: 'Edited by staff.' }),
    );
    const path = writeText(
      workspace.folder,
      'library.csv',
      `question,answer,tags\n"${existing.question}",Imported answer.,GDPR\nDo you run a SOC?,"Yes, around the clock.",\n`,
    );
    const first = await run(['import', path], workspace.url);
    expect(first.error).toBe('');
    expect(first.out).toContain('added 1, updated 1 entries (revision');

    const after = await withContainer(workspace.url, async (container) => ({
      updated: await container.entries.getEntry(existing.slug),
      updatedVersions: await container.entries.listVersions(existing.slug),
      added: await container.entries.getEntry('do-you-run-a-soc'),
      addedVersions: await container.entries.listVersions('do-you-run-a-soc'),
      untouchedVersions: await container.entries.listVersions(untouched.slug),
    }));
    expect(after.updated).toMatchObject({ answer: 'Imported answer.', tags: ['gdpr'] });
    // Version 1 keeps the text loaded from content/, from before the first recorded change.
    expect(after.updatedVersions.map(({ version, change }) => ({ version, change }))).toEqual([
      { version: 3, change: 'edited (library import library.csv)' },
      { version: 2, change: 'edited' },
      { version: 1, change: BASELINE_VERSION_CHANGE },
    ]);
    expect(after.updatedVersions[2]?.entry.answer).toBe(existing.answer);
    expect(after.updatedVersions[0]).toMatchObject({ savedById: null, savedByEmail: null });
    expect(after.updatedVersions[0]?.entry).toEqual(stored(after.updated));
    expect(after.addedVersions).toHaveLength(1);
    expect(after.addedVersions[0]).toMatchObject({
      version: 1,
      change: 'created (library import library.csv)',
      savedById: null,
      savedByEmail: null,
    });
    expect(after.addedVersions[0]?.entry).toEqual(stored(after.added));
    expect(after.untouchedVersions).toEqual([]);

    // The same file again changes no entry, so it records no version and counts nothing as updated.
    const again = await run(['import', path], workspace.url);
    expect(again.error).toBe('');
    expect(again.out).toContain('added 0, updated 0 entries, 2 unchanged (revision');
    await withContainer(workspace.url, async (container) => {
      expect(await container.entries.listVersions(existing.slug)).toEqual(after.updatedVersions);
      expect(await container.entries.listVersions('do-you-run-a-soc')).toEqual(after.addedVersions);
      expect(await container.entries.getEntry(existing.slug)).toEqual(after.updated);
    });
    const audit = await listAuditActions(workspace.url);
    expect(audit.at(-1)?.summary).toContain('added 0; updated 0; unchanged 2');
  });

  it('gives each entry of a large library (more rows than one statement takes) its own first version', async () => {
    const workspace = await createWorkspace();
    const rows = Array.from(
      { length: 250 },
      (_, index) => `Question number ${index + 1}?,Answer ${index + 1}.,,A${index % 7}`,
    );
    const path = writeText(workspace.folder, 'library.csv', ['question,answer,category,tags', ...rows].join('\n'));
    expect((await run(['import', path], workspace.url)).out).toContain('added 250, updated 0 entries');
    await withContainer(workspace.url, async (container) => {
      for (const number of [1, 101, 250]) {
        const slug = `question-number-${number}`;
        const versions = await container.entries.listVersions(slug);
        expect(versions.map(({ version }) => version)).toEqual([1]);
        expect(versions[0]?.entry).toEqual(stored(await container.entries.getEntry(slug)));
        expect(versions[0]?.entry).toMatchObject({ answer: `Answer ${number}.`, tags: [`a${(number - 1) % 7}`] });
      }
    });
    const handle = openDatabase(workspace.url);
    try {
      const count = await handle.db
        .selectFrom('entry_version')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      expect(Number(count.count)).toBe(250);
    } finally {
      await handle.close();
    }
  });

  it('leaves a pending four-eyes change waiting and records the import after it', async () => {
    const workspace = await createWorkspace();
    expect((await run(['import', EXAMPLE_CONTENT], workspace.url)).code).toBe(0);
    const entry = (await loadContent(workspace.url)).entries.find((candidate) => candidate.status === 'published');
    if (!entry) throw new Error('the example content has published entries');
    await withContainer(workspace.url, async (container) => {
      await container.settings.setFourEyesRequired({ actor: admin }, true);
      const proposed = await container.entries.updateEntry({ actor: editor }, entry.slug, {
        ...entry,
        answer: 'Proposed by staff.',
      });
      expect(proposed.pendingVersion).toBe(2);
    });
    const path = writeText(workspace.folder, 'library.csv', `question,answer\n"${entry.question}",Imported answer.\n`);
    expect((await run(['import', path], workspace.url)).out).toContain('updated 1 entries');

    await withContainer(workspace.url, async (container) => {
      const record = await container.entries.getEntry(entry.slug);
      expect(record).toMatchObject({ answer: 'Imported answer.', pendingVersion: 2 });
      const versions = await container.entries.listVersions(entry.slug);
      expect(versions.map(({ version, change }) => ({ version, change }))).toEqual([
        { version: 3, change: 'edited (library import library.csv)' },
        { version: 2, change: 'edited (awaiting approval)' },
        { version: 1, change: BASELINE_VERSION_CHANGE },
      ]);
      expect(versions[0]?.entry).toEqual(stored(record));
      // Visitors see the imported answer; the proposal still waits for someone else's approval.
      const site = await container.publicSite.getPublishedSite();
      expect(site.findEntry(entry.slug)?.answerText).toContain('Imported answer.');
      const approved = await container.entries.approve({ actor: admin }, entry.slug);
      expect(approved).toMatchObject({ answer: 'Proposed by staff.', pendingVersion: null });
    });
  });
});
