import type { Kysely } from 'kysely';
import type { RateLimitCount, RateLimitStore } from '../domain/rate-limit.js';
import type { Database } from './schema.js';

/**
 * Rows per insert statement: three parameters a row stays well under SQLite's 32,766 and
 * PostgreSQL's 65,535 bound parameters. A sync with fewer keys (the usual case) is one statement.
 */
const ROWS_PER_STATEMENT = 5_000;

/** Shared search rate-limit counts: searches let through per key and fixed window, over all processes. */
export class RateLimitRepository implements RateLimitStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Adds each key's increment to its row of the window, creating rows as needed, and returns the
   * totals after the addition (all processes' increments so far).
   */
  async addCounts(windowStart: number, increments: RateLimitCount[]): Promise<RateLimitCount[]> {
    const totals: RateLimitCount[] = [];
    for (let from = 0; from < increments.length; from += ROWS_PER_STATEMENT) {
      const rows = await this.db
        .insertInto('rate_limit_window')
        .values(
          increments
            .slice(from, from + ROWS_PER_STATEMENT)
            .map((increment) => ({ key: increment.key, window_start: windowStart, count: increment.count })),
        )
        .onConflict((conflict) =>
          conflict
            .columns(['key', 'window_start'])
            .doUpdateSet((eb) => ({ count: eb('rate_limit_window.count', '+', eb.ref('excluded.count')) })),
        )
        .returning(['key', 'count'])
        .execute();
      for (const row of rows) totals.push({ key: row.key, count: Number(row.count) });
    }
    return totals;
  }

  /** Keys whose count in the window is above `limit`, at most `max` of them. */
  async listOverLimit(windowStart: number, limit: number, max: number): Promise<RateLimitCount[]> {
    const rows = await this.db
      .selectFrom('rate_limit_window')
      .select(['key', 'count'])
      .where('window_start', '=', windowStart)
      .where('count', '>', limit)
      .limit(max)
      .execute();
    return rows.map((row) => ({ key: row.key, count: Number(row.count) }));
  }

  /** Deletes the windows that started before `windowStart`; returns how many rows went. */
  async deleteWindowsBefore(windowStart: number): Promise<number> {
    const result = await this.db
      .deleteFrom('rate_limit_window')
      .where('window_start', '<', windowStart)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
