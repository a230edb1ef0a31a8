/** One key's count in a window. */
export interface RateLimitCount {
  key: string;
  count: number;
}

/** Where the shared search rate-limit counts live (the rate_limit_window table), per fixed window. */
export interface RateLimitStore {
  /** Adds each key's increment to its count in the window and returns the totals after the addition. */
  addCounts(windowStart: number, increments: RateLimitCount[]): Promise<RateLimitCount[]>;
  /** Keys whose count in the window is above `limit`, at most `max` of them. */
  listOverLimit(windowStart: number, limit: number, max: number): Promise<RateLimitCount[]>;
  /** Deletes the windows that started before `windowStart`; returns how many rows went. */
  deleteWindowsBefore(windowStart: number): Promise<number>;
}
