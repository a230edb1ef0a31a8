import type { Kysely } from 'kysely';
import type { SearchQueryTotal } from '../domain/search-analytics.js';
import type { Database } from './schema.js';

/** One query's count for a day. */
export interface SearchQueryCount {
  day: string;
  query: string;
  searches: number;
  resultCount: number;
}

/** Stores per-day search counts; holds no visitor data at all. */
export class SearchAnalyticsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds counts, creating or incrementing each (day, query) row, in one transaction. */
  async addCounts(counts: SearchQueryCount[]): Promise<void> {
    if (counts.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const count of counts) {
        await trx
          .insertInto('search_query_day')
          .values({
            day: count.day,
            query: count.query,
            searches: count.searches,
            last_result_count: count.resultCount,
          })
          .onConflict((conflict) =>
            conflict.columns(['day', 'query']).doUpdateSet((eb) => ({
              searches: eb('search_query_day.searches', '+', count.searches),
              last_result_count: count.resultCount,
            })),
          )
          .execute();
      }
    });
  }

  /** The most frequent queries since a day; `onlyWithoutResults` keeps those that found nothing. */
  async listTopQueries(since: string, limit: number, onlyWithoutResults: boolean): Promise<SearchQueryTotal[]> {
    let query = this.db
      .selectFrom('search_query_day')
      .select((eb) => [
        'query',
        eb.fn.sum<number>('searches').as('searches'),
        eb.fn.min<number>('last_result_count').as('last_result_count'),
      ])
      .where('day', '>=', since)
      .groupBy('query');
    if (onlyWithoutResults) query = query.having((eb) => eb.fn.max('last_result_count'), '=', 0);
    const rows = await query.orderBy('searches', 'desc').orderBy('query').limit(limit).execute();
    return rows.map((row) => ({
      query: row.query,
      searches: Number(row.searches),
      fewestResults: Number(row.last_result_count),
    }));
  }
}
