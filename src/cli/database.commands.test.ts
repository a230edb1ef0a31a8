import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { runTillit, useTemporaryDatabases } from '../../test/cli-support.js';
import { EXAMPLE_CONTENT } from '../../test/create-test-app.js';
import type { TestDatabase } from '../../test/temporary-database.js';
import { migrateToLatest, openDatabase } from '../storage/database.js';
import { COPIED_TABLES, computeTableChecksums } from '../storage/database-copy.js';

const createDatabase = useTemporaryDatabases();
const run = runTillit;

// Other resources a test opens (connections, servers); after-each hooks run newest first, so these
// close before the databases are removed.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// These tests are about SQLite files unless they ask for PostgreSQL.
function createWorkspace(dialect: TestDatabase['dialect'] = 'sqlite') {
  return createDatabase(dialect);
}

// The example folder on purpose: backup, restore and copy must carry real-sized content, and a
// restored database must export the shipped folder byte for byte.
async function createWorkspaceWithContent(dialect: TestDatabase['dialect'] = 'sqlite') {
  const workspace = await createWorkspace(dialect);
  const imported = await run(['import', EXAMPLE_CONTENT], workspace.url);
  expect(imported.error).toBe('');
  return workspace;
}

async function checksumsOf(databaseUrl: string) {
  const handle = openDatabase(databaseUrl);
  try {
    return await computeTableChecksums(handle);
  } finally {
    await handle.close();
  }
}

/** Every exported file, by relative path, with its text. */
async function exportContent(workspace: TestDatabase, name: string): Promise<Record<string, string>> {
  const folder = join(workspace.folder, name);
  const exported = await run(['export', folder], workspace.url);
  expect(exported.error).toBe('');
  return readFolder(folder);
}

function readFolder(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(folder, path)] = readFileSync(path, 'utf8');
  }
  return files;
}

function listLeftovers(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.endsWith('.tmp') || name.includes('.tmp-'));
}

describe('tillit backup and restore (SQLite)', () => {
  it('backs up a database that is open and in use, and restores it into a fresh path with the same content', async () => {
    const original = await createWorkspaceWithContent();
    // Another connection keeps the database open (as a running server would) and writes after the backup.
    const live = openDatabase(original.url);
    cleanups.push(() => live.close());
    const beforeBackup = await computeTableChecksums(live);

    const backupFile = join(original.folder, 'backups', 'tillit-backup.db');
    const backedUp = await run(['backup', backupFile], original.url);
    expect(backedUp.error).toBe('');
    expect(backedUp.code).toBe(0);
    expect(backedUp.out).toMatch(
      new RegExp(
        `^Backed up .*tillit\\.db to .*tillit-backup\\.db: .*bytes.*, ${COPIED_TABLES.length} tables, \\d+ rows\\.$`,
      ),
    );
    await live.db.updateTable('tag').set({ name: 'Changed after the backup' }).execute();

    const fresh = await createWorkspace();
    const restored = await run(['restore', backupFile], fresh.url);
    expect(restored.error).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toMatch(
      new RegExp(`^Restored .*tillit-backup\\.db to .*tillit\\.db: .*${COPIED_TABLES.length} tables, \\d+ rows\\.$`),
    );
    expect(await checksumsOf(fresh.url)).toEqual(beforeBackup);
    expect(listLeftovers(fresh.folder)).toEqual([]);

    expect(await exportContent(fresh, 'restored-export')).toEqual(readFolder(EXAMPLE_CONTENT));
  });

  it('refuses to overwrite an existing backup file unless --force is given', async () => {
    const workspace = await createWorkspaceWithContent();
    const backupFile = join(workspace.folder, 'backup.db');
    writeFileSync(backupFile, 'precious');

    const refused = await run(['backup', backupFile], workspace.url);
    expect(refused.code).toBe(1);
    expect(refused.error).toMatch(/backup\.db already exists; nothing was written\. Pass --force/);
    expect(readFileSync(backupFile, 'utf8')).toBe('precious');

    const forced = await run(['backup', backupFile, '--force'], workspace.url);
    expect(forced.error).toBe('');
    expect(forced.code).toBe(0);
    expect(readFileSync(backupFile).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('refuses to restore over a database holding content unless --force is given', async () => {
    const source = await createWorkspaceWithContent();
    const backupFile = join(source.folder, 'backup.db');
    expect((await run(['backup', backupFile], source.url)).code).toBe(0);

    const target = await createWorkspaceWithContent();
    const handle = openDatabase(target.url);
    await handle.db.deleteFrom('named_link').execute();
    await handle.close();
    const before = await checksumsOf(target.url);

    const refused = await run(['restore', backupFile], target.url);
    expect(refused.code).toBe(1);
    expect(refused.error).toMatch(/already holds content; nothing was restored\. Pass --force/);
    expect(await checksumsOf(target.url)).toEqual(before);

    const forced = await run(['restore', backupFile, '--force'], target.url);
    expect(forced.error).toBe('');
    expect(forced.code).toBe(0);
    expect(await checksumsOf(target.url)).toEqual(await checksumsOf(source.url));
  });

  it('refuses to restore under a process that has the database open, and restores once it has closed it', async () => {
    const source = await createWorkspaceWithContent();
    const backupFile = join(source.folder, 'backup.db');
    expect((await run(['backup', backupFile], source.url)).code).toBe(0);
    const target = await createWorkspaceWithContent();
    const before = await checksumsOf(target.url);

    // A running server keeps a connection open.
    const server = openDatabase(target.url);
    await server.db.selectFrom('site').select('name').execute();
    const refused = await run(['restore', backupFile, '--force'], target.url);
    expect(refused.code).toBe(1);
    expect(refused.error).toMatch(/is open in another process \(is Tillit running\?\); nothing was restored/);
    expect(await checksumsOf(target.url)).toEqual(before);
    expect(listLeftovers(target.folder)).toEqual([]);
    await server.close();

    const restored = await run(['restore', backupFile, '--force'], target.url);
    expect(restored.error).toBe('');
    expect(await checksumsOf(target.url)).toEqual(await checksumsOf(source.url));
  });

  it('leaves the database untouched when the file is corrupt, not SQLite, not Tillit, or from a newer Tillit', async () => {
    const target = await createWorkspaceWithContent();
    const before = await checksumsOf(target.url);

    const good = join(target.folder, 'good.db');
    expect((await run(['backup', good], target.url)).code).toBe(0);
    const truncated = join(target.folder, 'truncated.db');
    writeFileSync(truncated, readFileSync(good).subarray(0, 4096 + 100));
    const garbled = join(target.folder, 'garbled.db');
    const bytes = readFileSync(good);
    for (let offset = 4096; offset < bytes.length; offset += 7) bytes[offset] = (bytes[offset] ?? 0) ^ 0x5a;
    writeFileSync(garbled, bytes);
    const text = join(target.folder, 'notes.txt');
    writeFileSync(text, 'this is not a database at all\n'.repeat(100));
    const empty = join(target.folder, 'empty.db');
    writeFileSync(empty, '');
    const foreign = await createWorkspace();
    const foreignHandle = openDatabase(foreign.url);
    await sql`create table unrelated (id integer primary key)`.execute(foreignHandle.db);
    await foreignHandle.close();
    const future = await createWorkspaceWithContent();
    const futureHandle = openDatabase(future.url);
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01')`.execute(
      futureHandle.db,
    );
    await futureHandle.close();

    const cases: [string, RegExp][] = [
      [truncated, /truncated\.db (is damaged|cannot be read as an SQLite database)/],
      [garbled, /garbled\.db (is damaged|cannot be read as an SQLite database)/],
      [text, /notes\.txt is not an SQLite database/],
      [empty, /empty\.db is empty/],
      [foreign.url.slice('file:'.length), /is an SQLite database but not a Tillit one/],
      [future.url.slice('file:'.length), /was written by a newer Tillit \(unknown migrations: 9999-from-the-future\)/],
      [join(target.folder, 'missing.db'), /There is no backup file at .*missing\.db/],
    ];
    for (const [file, message] of cases) {
      const result = await run(['restore', file, '--force'], target.url);
      expect(result.code, file).toBe(1);
      expect(result.error, file).toMatch(message);
      expect(await checksumsOf(target.url), file).toEqual(before);
      expect(listLeftovers(target.folder), file).toEqual([]);
    }
    expect(existsSync(join(target.folder, 'missing.db'))).toBe(false);
  });

  it('says how to use them', async () => {
    const workspace = await createWorkspace();
    expect((await run(['backup'], workspace.url)).error).toContain('Usage: tillit backup <file> [--force]');
    expect((await run(['restore', 'a', 'b'], workspace.url)).error).toContain('Usage: tillit restore <file> [--force]');
    const nothing = await run(['backup', join(workspace.folder, 'b.db')], workspace.url);
    expect(nothing.code).toBe(1);
    expect(nothing.error).toMatch(/holds no Tillit database yet/);
  });
});

describe.runIf(process.env.PGHOST !== undefined)('tillit backup and restore on PostgreSQL', () => {
  it('refuses and points to pg_dump and pg_restore', async () => {
    const workspace = await createWorkspace('postgres');
    const backup = await run(['backup', join(workspace.folder, 'b.db')], workspace.url);
    expect(backup.code).toBe(1);
    expect(backup.error).toMatch(/SQLite only.*pg_dump -Fc.*docs\/operations\.md/);
    const restore = await run(['restore', join(workspace.folder, 'b.db')], workspace.url);
    expect(restore.code).toBe(1);
    expect(restore.error).toMatch(/SQLite only.*pg_restore --clean --if-exists.*docs\/operations\.md/);
  });
});

describe.runIf(process.env.PGHOST !== undefined)('tillit copy between SQLite and PostgreSQL', () => {
  async function addSearchCounts(databaseUrl: string) {
    // Text keys whose order differs between bytewise and locale-aware comparison.
    const handle = openDatabase(databaseUrl);
    await migrateToLatest(handle);
    await handle.db
      .insertInto('search_query_day')
      .values(
        ['Zebra', 'apple', 'ärende', 'éclair', 'b'].map((query, index) => ({
          day: '2026-03-01',
          query,
          searches: index + 1,
          last_result_count: index,
        })),
      )
      .execute();
    await handle.close();
  }

  /** A server whose default collation is bytewise (C.UTF-8) would hide an order difference; ICU does not. */
  async function useLocaleAwareOrderForQueries(databaseUrl: string) {
    const handle = openDatabase(databaseUrl);
    await migrateToLatest(handle);
    const icu = await sql<{ found: number }>`select 1 as found from pg_collation where collname = 'und-x-icu'`.execute(
      handle.db,
    );
    if (icu.rows.length > 0) {
      await sql`alter table search_query_day alter column query type text collate "und-x-icu"`.execute(handle.db);
    }
    await handle.close();
  }

  it('round-trips SQLite → PostgreSQL → SQLite with identical checksums and identical export', async () => {
    const first = await createWorkspaceWithContent('sqlite');
    await addSearchCounts(first.url);
    const postgres = await createWorkspace('postgres');
    await useLocaleAwareOrderForQueries(postgres.url);
    const last = await createWorkspace('sqlite');

    const there = await run(['copy', '--from', first.url, '--to', postgres.url], first.url);
    expect(there.error).toBe('');
    expect(there.code).toBe(0);
    expect(there.out).toMatch(/^ {2}entry +\d+ {2}match$/m);
    expect(there.out).not.toContain('MISMATCH');
    expect(there.out).toContain(`Verified: all ${COPIED_TABLES.length} tables match`);
    expect(there.out).not.toContain('postgres:postgres@');

    const back = await run(['copy', '--from', postgres.url, '--to', last.url], first.url);
    expect(back.error).toBe('');
    expect(back.code).toBe(0);

    const checksums = await checksumsOf(first.url);
    expect(await checksumsOf(postgres.url)).toEqual(checksums);
    expect(await checksumsOf(last.url)).toEqual(checksums);
    const exported = await exportContent(first, 'export-first');
    expect(await exportContent(postgres, 'export-postgres')).toEqual(exported);
    expect(await exportContent(last, 'export-last')).toEqual(exported);
  });

  it('refuses a target that holds content unless --force is given', async () => {
    const source = await createWorkspaceWithContent('sqlite');
    const target = await createWorkspaceWithContent('postgres');
    const handle = openDatabase(target.url);
    await handle.db.deleteFrom('certification').execute();
    await handle.close();
    const before = await checksumsOf(target.url);

    const refused = await run(['copy', '--from', source.url, '--to', target.url], source.url);
    expect(refused.code).toBe(1);
    expect(refused.error).toMatch(/already holds content; nothing was copied\. Pass --force/);
    expect(await checksumsOf(target.url)).toEqual(before);

    const forced = await run(['copy', '--from', source.url, '--to', target.url, '--force'], source.url);
    expect(forced.error).toBe('');
    expect(forced.code).toBe(0);
    expect(await checksumsOf(target.url)).toEqual(await checksumsOf(source.url));
  });

  it('leaves PostgreSQL able to generate ids after copying explicit ones', async () => {
    const source = await createWorkspaceWithContent('sqlite');
    const target = await createWorkspace('postgres');
    expect((await run(['copy', '--from', source.url, '--to', target.url], source.url)).code).toBe(0);

    const handle = openDatabase(target.url);
    try {
      const highest = await handle.db
        .selectFrom('category')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow();
      const inserted = await handle.db
        .insertInto('category')
        .values({
          slug: 'new-after-copy',
          name: 'New',
          description: 'Added after the copy.',
          position: 99,
          review_interval_days: 365,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(inserted.id).toBe(Number(highest.id) + 1);
      for (const table of ['tag', 'entry', 'highlight', 'certification', 'named_link'] as const) {
        const next = await sql<{
          id: number;
        }>`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id`.execute(handle.db);
        const max = await sql<{ id: number }>`select coalesce(max(id), 0)::int as id from ${sql.table(table)}`.execute(
          handle.db,
        );
        expect(next.rows[0]?.id, table).toBeGreaterThan(max.rows[0]?.id ?? Number.POSITIVE_INFINITY);
      }
    } finally {
      await handle.close();
    }
  });

  it('says what is wrong with its arguments and a missing source file', async () => {
    const workspace = await createWorkspace('sqlite');
    expect((await run(['copy', '--from', workspace.url], workspace.url)).error).toContain('Usage: tillit copy --from');
    const wrong = await run(['copy', '--from', 'mysql://x', '--to', workspace.url], workspace.url);
    expect(wrong.error).toMatch(/--from must start with file: \(SQLite\) or postgres:\/\//);
    const missing = join(workspace.folder, 'missing.db');
    const result = await run(['copy', '--from', `file:${missing}`, '--to', workspace.url], workspace.url);
    expect(result.error).toMatch(/There is no database file at .*missing\.db/);
    expect(existsSync(missing)).toBe(false);
  });
});
