import type { SearchQueryTotal } from '../domain/search-analytics.js';
import type { SearchAnalyticsRepository } from '../storage/search-analytics.repository.js';

/** Longest query text kept; longer queries are cut so the table cannot be flooded with essays. */
const MAX_STORED_QUERY_LENGTH = 100;

/** Normalises a query for counting: trimmed, lower case, single spaces. */
export function normalizeQuery(query: string): string {
  return query.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, MAX_STORED_QUERY_LENGTH);
}

/**
 * Counts public searches without tracking anyone: only the normalised text, the day and the
 * number of results. Counts are gathered in memory and written in one transaction every few
 * seconds (and on shutdown), so a busy search box costs one write per interval, not per query.
 */
export class SearchAnalyticsService {
  private pending = new Map<string, { day: string; query: string; searches: number; resultCount: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: SearchAnalyticsRepository,
    private readonly today: () => string,
    private readonly flushIntervalMs = 5000,
  ) {}

  /** Notes one search and how many results it had. */
  record(query: string, resultCount: number): void {
    const normalized = normalizeQuery(query);
    if (normalized.length === 0) return;
    const day = this.today();
    const key = `${day}\u0000${normalized}`;
    const current = this.pending.get(key);
    if (current) {
      current.searches++;
      current.resultCount = resultCount;
    } else {
      this.pending.set(key, { day, query: normalized, searches: 1, resultCount });
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush().catch(() => {});
      }, this.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Writes the gathered counts; on failure they are kept for the next attempt. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await this.repository.addCounts(batch);
    } catch (error) {
      for (const count of batch) {
        const key = `${count.day}\u0000${count.query}`;
        const newer = this.pending.get(key);
        if (newer) newer.searches += count.searches;
        else this.pending.set(key, count);
      }
      throw error;
    }
  }

  /** Most frequent queries of the last `days` days. */
  listTopQueries(days: number, limit: number): Promise<SearchQueryTotal[]> {
    return this.repository.listTopQueries(this.daysAgo(days), limit, false);
  }

  /** Most frequent queries of the last `days` days that found nothing. */
  listZeroResultQueries(days: number, limit: number): Promise<SearchQueryTotal[]> {
    return this.repository.listTopQueries(this.daysAgo(days), limit, true);
  }

  private daysAgo(days: number): string {
    const date = new Date(`${this.today()}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - days + 1);
    return date.toISOString().slice(0, 10);
  }
}
