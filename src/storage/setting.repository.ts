import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Key/value settings staff change at run time (the rest of the configuration is the environment). */
export class SettingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The stored value, or undefined. */
  async find(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  /** Stores a value, replacing any earlier one. */
  async save(key: string, value: string, updatedAt: string): Promise<void> {
    await this.db
      .insertInto('setting')
      .values({ key, value, updated_at: updatedAt })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: updatedAt }))
      .execute();
  }
}
