import type { Kysely } from 'kysely';
import { insertAuditEvent, type NewAuditEvent } from './audit.repository.js';
import { bumpContentRevision } from './content-revision.js';
import type { DialectName } from './dialect.js';
import type { Database } from './schema.js';

/** A setting change, written with its audit event in one transaction. */
export interface SettingChange {
  key: string;
  value: string;
  changedAt: string;
  audit: NewAuditEvent;
  /** Whether visitors see the setting: the content revision is bumped so every process rebuilds. */
  isPublic: boolean;
}

/** Key/value settings staff change at run time (the rest of the configuration is the environment). */
export class SettingRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** The stored value, or undefined. */
  async find(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  /** Stores a value (replacing any earlier one), its audit event and, when public, a revision bump. */
  async save(change: SettingChange): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('setting')
        .values({ key: change.key, value: change.value, updated_at: change.changedAt })
        .onConflict((conflict) =>
          conflict.column('key').doUpdateSet({ value: change.value, updated_at: change.changedAt }),
        )
        .execute();
      await insertAuditEvent(trx, change.audit);
      if (change.isPublic) await bumpContentRevision(trx, this.dialect, change.changedAt);
    });
  }

  /** The stored value, or `create()`'s stored first; of two processes creating it at once, the first wins. */
  async findOrCreate(key: string, create: () => string, now: string): Promise<string> {
    await this.db
      .insertInto('setting')
      .values({ key, value: create(), updated_at: now })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    const row = await this.db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirstOrThrow();
    return row.value;
  }
}
