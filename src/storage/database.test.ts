import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/temporary-database.js';
import { AppError } from '../domain/errors.js';
import { listPendingMigrations, migrateToLatest, openDatabase } from './database.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openTemporary() {
  const database = await createTestDatabase();
  const handle = openDatabase(database.url);
  cleanups.push(database.remove, () => handle.close());
  return handle;
}

describe('migrations', () => {
  it('creates every table on a new file and leaves nothing pending', async () => {
    const handle = await openTemporary();
    const report = await migrateToLatest(handle);
    expect(report.applied).toEqual([
      '0001-content',
      '0002-search-analytics',
      '0003-staff',
      '0004-audit-and-history',
      '0005-questionnaires',
      '0006-questionnaire-matching',
      '0007-questionnaire-layout',
      '0008-staff-disable',
      '0009-session-sign-in-method',
      '0010-rate-limit-window',
      '0011-library-upload',
      '0012-sign-in-hardening',
      '0013-questionnaire-visibility',
      '0014-question-top-confidence',
      '0015-mail-outbox',
      '0016-documents',
      '0017-access-requests',
      '0018-access-request-links',
      '0019-entry-questionnaire-fields',
      '0020-questionnaire-context',
      '0021-questionnaire-choice-column',
      '0022-subprocessors',
      '0023-updates-and-subscriptions',
      '0024-content-translations',
      '0025-update-mailings',
    ]);
    expect(await listPendingMigrations(handle)).toEqual([]);
    const tables = (await handle.db.introspection.getTables()).map((table) => table.name);
    expect(tables).toEqual(
      expect.arrayContaining(['site', 'entry', 'entry_tag', 'category', 'certification', 'named_link']),
    );
  });

  it('refuses a database migrated by a newer version and changes nothing', async () => {
    const handle = await openTemporary();
    await migrateToLatest(handle);
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01')`.execute(
      handle.db,
    );
    const error = await migrateToLatest(handle).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/newer Tillit.*9999-from-the-future/);
  });

  it('enforces foreign keys between entries and categories', async () => {
    const handle = await openTemporary();
    await migrateToLatest(handle);
    const insert = handle.db
      .insertInto('entry')
      .values({
        slug: 'orphan',
        question: 'q',
        answer: 'a',
        category_id: 4242,
        status: 'draft',
        owner: 'o',
        position: 1,
        last_reviewed_on: '2026-01-01',
        review_interval_days: null,
        created_at: 'x',
        updated_at: 'x',
      })
      .execute();
    await expect(insert).rejects.toThrow(/foreign key/i);
  });
});
