import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { catchAppError } from '../../test/app-error.js';
import { EXAMPLE_CONTENT } from '../../test/create-test-app.js';
import { createTestDatabase, insertStaffUser, type TestDatabase } from '../../test/temporary-database.js';
import { createContainer, prepareDatabase } from '../container.js';
import { type DatabaseHandle, migrateToLatest, openDatabase } from './database.js';
import { COPIED_TABLES, computeTableChecksums, copyDatabase, UNCOPIED_TABLES } from './database-copy.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// With content, the example folder on purpose: a copy must carry every table of real-sized content.
async function createDatabase(options: { dialect?: TestDatabase['dialect']; withContent?: boolean } = {}) {
  const database = await createTestDatabase({ dialect: options.dialect });
  cleanups.push(database.remove);
  if (options.withContent) {
    const container = createContainer({ databaseUrl: database.url, listenForChanges: false });
    try {
      await prepareDatabase(container, EXAMPLE_CONTENT);
    } finally {
      await container.close();
    }
  }
  const handle = openDatabase(database.url);
  cleanups.push(() => handle.close());
  return handle;
}

const caught = catchAppError;

async function deleteEntriesBeyond(handle: DatabaseHandle, count: number) {
  const keep = await handle.db.selectFrom('entry').select('id').orderBy('id').limit(count).execute();
  const kept = keep.map((row) => row.id);
  for (const table of ['entry_tag', 'entry_phrasing', 'entry_control'] as const) {
    await handle.db.deleteFrom(table).where('entry_id', 'not in', kept).execute();
  }
  await handle.db.deleteFrom('entry').where('id', 'not in', kept).execute();
}

/** A library file kept between preview and import, for a new account `email`. */
async function keepLibraryUpload(handle: DatabaseHandle, email: string) {
  const userId = await insertStaffUser(handle.db, email, '2026-03-01T10:00:00Z');
  await handle.db
    .insertInto('library_upload')
    .values({
      token_hash: 'f'.repeat(64),
      user_id: userId,
      file_name: 'library.csv',
      bytes: new TextEncoder().encode('Question,Answer\n"A?","B."\n'),
      sheet: null,
      status: 'published',
      owner: email,
      is_replace: 0,
      content_revision: 1,
      created_at: '2026-03-01T10:00:00Z',
      expires_at: '2026-03-01T11:00:00Z',
    })
    .execute();
}

describe('copying a database', () => {
  it('knows every table the migrations create', async () => {
    const handle = await createDatabase();
    await migrateToLatest(handle);
    const tables = (await handle.db.introspection.getTables()).map((table) => table.name).sort();
    expect([...COPIED_TABLES.map((table) => table.name), ...UNCOPIED_TABLES].sort()).toEqual(tables);
  });

  it('copies every row with its id, in batches, and both sides checksum alike', async () => {
    const source = await createDatabase({ withContent: true });
    const target = await createDatabase();
    // A disabled account, so the staff columns added by later migrations hold values to copy.
    await source.db
      .insertInto('staff_user')
      .values({
        email: 'gone@example.test',
        name: 'Gone',
        role: 'editor',
        password_hash: null,
        password_changed_at: '2026-03-01T10:00:00Z',
        created_at: '2026-03-01T10:00:00Z',
        disabled_at: '2026-03-02T10:00:00Z',
        disabled_by: 'ada@example.test',
      })
      .execute();
    await keepLibraryUpload(source, 'ada@example.test');
    const report = await copyDatabase(source, target, { replace: false, batchSize: 7 });
    expect(report.isVerified).toBe(true);
    expect(report.tables.map((table) => table.table)).toEqual(COPIED_TABLES.map((table) => table.name));
    const entries = report.tables.find((table) => table.table === 'entry');
    expect(entries?.sourceRows).toBeGreaterThan(7);
    expect(await computeTableChecksums(target)).toEqual(await computeTableChecksums(source));
    const ids = (handle: DatabaseHandle) =>
      handle.db.selectFrom('entry').select(['id', 'slug']).orderBy('id').execute();
    expect(await ids(target)).toEqual(await ids(source));
    const staff = (handle: DatabaseHandle) => handle.db.selectFrom('staff_user').selectAll().execute();
    expect(await staff(target)).toEqual(await staff(source));
    expect(await staff(target)).toEqual([
      expect.objectContaining({ disabled_at: '2026-03-02T10:00:00Z', disabled_by: 'ada@example.test' }),
      expect.objectContaining({ email: 'ada@example.test' }),
    ]);
    // A library file kept for an hour between preview and import is working state, not data to move.
    expect(await target.db.selectFrom('library_upload').selectAll().execute()).toEqual([]);
  });

  it('copies documents with their versions and the bytes of every chunk', async () => {
    const source = await createDatabase({ withContent: true });
    const target = await createDatabase();
    const { id: documentId } = await source.db
      .insertInto('document')
      .values({
        slug: 'iso-certificate',
        title: 'ISO certificate',
        description: '',
        category: 'Certificates',
        language: 'en',
        access_level: 'public',
        created_at: '2026-03-01T10:00:00Z',
        updated_at: '2026-03-01T10:00:00Z',
        archived_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: versionId } = await source.db
      .insertInto('document_version')
      .values({
        document_id: documentId,
        version_label: '1',
        valid_from: '2026-01-01',
        valid_until: null,
        file_name: 'cert.pdf',
        content_type: 'application/pdf',
        size_bytes: 6,
        sha256: 'x',
        uploaded_at: '2026-03-01T10:00:00Z',
        uploaded_by: 'ada@example.test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const chunks = [Buffer.from([0x25, 0x50, 0x44]), Buffer.from([0x00, 0xff, 0x80])];
    for (const [seq, bytes] of chunks.entries()) {
      await source.db.insertInto('document_chunk').values({ version_id: versionId, seq, bytes }).execute();
    }
    const report = await copyDatabase(source, target, { replace: false });
    expect(report.isVerified).toBe(true);
    const copied = await target.db
      .selectFrom('document_chunk')
      .selectAll()
      .where('version_id', '=', versionId)
      .orderBy('seq')
      .execute();
    expect(copied.map((row) => Buffer.from(row.bytes).toString('hex'))).toEqual(['255044', '00ff80']);
    // The example content brings its own documents; the one added here is copied beside them.
    expect(
      await target.db.selectFrom('document').select('slug').where('slug', '=', 'iso-certificate').execute(),
    ).toEqual([{ slug: 'iso-certificate' }]);
  });

  it('refuses a target holding content and changes nothing; replaces it when asked', async () => {
    const source = await createDatabase({ withContent: true });
    const target = await createDatabase({ withContent: true });
    await deleteEntriesBeyond(target, 3);
    await keepLibraryUpload(target, 'bo@example.test');
    const before = await computeTableChecksums(target);

    const error = await caught(copyDatabase(source, target, { replace: false }));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/already holds content.*--force/);
    expect(await computeTableChecksums(target)).toEqual(before);

    const report = await copyDatabase(source, target, { replace: true });
    expect(report.isVerified).toBe(true);
    expect(await computeTableChecksums(target)).toEqual(await computeTableChecksums(source));
    // The target's kept library files went with the accounts that owned them.
    expect(await target.db.selectFrom('library_upload').selectAll().execute()).toEqual([]);
  });

  it('replaces a target whose append-only audit log holds events, and keeps the log append-only', async () => {
    const source = await createDatabase({ withContent: true });
    const target = await createDatabase({ withContent: true });
    await target.db
      .insertInto('audit_event')
      .values({
        at: '2026-03-01T10:00:00Z',
        actor_id: null,
        actor_email: 'a@example.test',
        action: 'import',
        target_type: null,
        target_id: null,
        ip: null,
        summary: 'Imported content',
      })
      .execute();
    await expect(target.db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/);

    // The example content's documents and NDA were imported with audit events, on both sides.
    const sourceEvents = await source.db.selectFrom('audit_event').selectAll().orderBy('id').execute();
    const targetEvents = await target.db.selectFrom('audit_event').select('id').execute();
    const report = await copyDatabase(source, target, { replace: true });
    expect(report.isVerified).toBe(true);
    expect(report.replaced).toContainEqual({ table: 'audit_event', rows: targetEvents.length });
    expect(await target.db.selectFrom('audit_event').selectAll().orderBy('id').execute()).toEqual(sourceEvents);
    await target.db
      .insertInto('audit_event')
      .values({
        at: '2026-03-02T10:00:00Z',
        actor_id: null,
        actor_email: null,
        action: 'copy',
        target_type: null,
        target_id: null,
        ip: null,
        summary: 'After the copy',
      })
      .execute();
    await expect(target.db.deleteFrom('audit_event').execute()).rejects.toThrow(/append-only/);
    await expect(target.db.updateTable('audit_event').set({ summary: 'edited' }).execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it('writes nothing when one row cannot be inserted', async () => {
    // An orphan entry, possible only with foreign keys off, fails on the target halfway through the copy.
    const source = await createDatabase({ dialect: 'sqlite', withContent: true });
    await sql`pragma foreign_keys = off`.execute(source.db);
    await sql`update entry set category_id = 4242 where id = (select max(id) from entry)`.execute(source.db);
    const target = await createDatabase({ withContent: true });
    await deleteEntriesBeyond(target, 2);
    const before = await computeTableChecksums(target);

    await expect(copyDatabase(source, target, { replace: true })).rejects.toThrow(/foreign key/i);
    expect(await computeTableChecksums(target)).toEqual(before);
  });

  it('gives a different checksum when one value differs', async () => {
    const source = await createDatabase({ withContent: true });
    const target = await createDatabase();
    await copyDatabase(source, target, { replace: false });
    await target.db.updateTable('tag').set({ name: 'Changed' }).where('id', '=', 1).execute();
    const [sourceTags, targetTags] = [await computeTableChecksums(source), await computeTableChecksums(target)].map(
      (tables) => tables.find((table) => table.table === 'tag'),
    );
    expect(targetTags?.rows).toBe(sourceTags?.rows);
    expect(targetTags?.checksum).not.toBe(sourceTags?.checksum);
  });

  it('refuses a source that is not a Tillit database, and copying a database onto itself', async () => {
    const empty = await createDatabase();
    const target = await createDatabase();
    expect((await caught(copyDatabase(empty, target, { replace: false }))).message).toMatch(/is not a Tillit database/);

    const source = await createDatabase({ withContent: true });
    const before = await computeTableChecksums(source);
    expect((await caught(copyDatabase(source, source, { replace: true }))).message).toMatch(/same database/);
    expect(await computeTableChecksums(source)).toEqual(before);
    expect(before.find((table) => table.table === 'entry')?.rows).toBeGreaterThan(0);
  });
});
