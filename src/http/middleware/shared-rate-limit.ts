import { createHmac } from 'node:crypto';
import type { RateLimitStore } from '../../domain/rate-limit.js';
import type { TakeResult, TokenBucketLimiter } from './rate-limit.js';
import type { LogLine } from './request-context.js';

/** What the rate-limit middleware asks of a limiter. */
export interface RequestLimiter {
  take(key: string): TakeResult;
  /** Clients tracked right now (metrics). */
  readonly size: number;
}

/** Settings of the shared layer. */
export interface SharedRateLimitOptions {
  store: RateLimitStore;
  /**
   * Secret shared by every process (derived from the instance's stored sign-in secret): client
   * addresses are written to the database only as keyed hashes of it, never in the clear.
   */
  keySecret: string;
  /** Searches one client may make per window, summed over every process (RATE_LIMIT_SEARCH). */
  burst: number;
  /** Length of the fixed windows the shared count is kept in (RATE_LIMIT_WINDOW_SECONDS). */
  windowSeconds: number;
  /** Most keys held waiting for the next sync, and most keys blocked at once. */
  maxClients: number;
  /** How often `start()` syncs with the database, in milliseconds. */
  syncIntervalMs?: number;
  /** Wall-clock milliseconds (windows must line up across processes); injected in tests. */
  wallNow?: () => number;
  log?: LogLine;
}

/**
 * The search rate limit shared by every process on one database, without a database round trip
 * per request. Each request is still answered at once by the process's own token bucket; on top of
 * it, this layer counts the requests the buckets let through, per client key, and every second
 * adds those counts to the client's row for the current fixed window in one batched upsert. A
 * client whose total for the window, over all processes, is above `burst` is then refused by every
 * process until the window ends. So one client gets at most about `burst` searches per window
 * however many processes serve it, give or take what the processes let through between two syncs.
 *
 * The database is never on a request's path: when a sync fails the counts of that second are
 * dropped, the failure is logged once, the keys already blocked stay blocked until their window
 * ends, and the local buckets carry on alone until a sync succeeds again.
 */
export class SharedRateLimit {
  /** Requests let through since the last sync, by shared key. */
  private pending = new Map<string, number>();
  /** Shared keys refused until the given wall-clock millisecond (the end of their window). */
  private blocked = new Map<string, number>();
  private readonly wallNow: () => number;
  private readonly hashKey: Buffer;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private isFailing = false;
  /** Windows before this start (seconds) have been deleted. */
  private prunedBefore = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: SharedRateLimitOptions) {
    if (!(options.burst >= 1) || !(options.windowSeconds > 0) || !(options.maxClients >= 1)) {
      throw new RangeError('a shared rate limit needs burst ≥ 1, windowSeconds > 0 and maxClients ≥ 1');
    }
    this.wallNow = options.wallNow ?? (() => Date.now());
    this.hashKey = createHmac('sha256', options.keySecret).update('tillit search rate limit').digest();
  }

  /** The key a client is counted under in the database: the route and a keyed hash of the address. */
  storedKey(route: string, key: string): string {
    return `${route} ${createHmac('sha256', this.hashKey).update(key).digest('base64url').slice(0, 22)}`;
  }

  /** Keys refused by every process until their window ends (tests, metrics). */
  get blockedCount(): number {
    return this.blocked.size;
  }

  /** Puts the shared check in front of one route's local buckets; routes are counted apart. */
  wrap(route: string, local: TokenBucketLimiter): RequestLimiter {
    return {
      take: (key) => this.take(this.storedKey(route, key), key, local),
      get size() {
        return local.size;
      },
    };
  }

  /** Syncs every `syncIntervalMs` until `stop()`; the timer does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sync(), this.options.syncIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a sync under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * Sends the counts gathered since the last sync, learns which keys are over the limit in the
   * current window, and deletes windows older than the previous one. Never rejects.
   */
  sync(): Promise<void> {
    this.running ??= this.runSync().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private take(sharedKey: string, key: string, local: TokenBucketLimiter): TakeResult {
    const blockedUntil = this.blocked.get(sharedKey);
    if (blockedUntil !== undefined) {
      const remainingMs = blockedUntil - this.wallNow();
      if (remainingMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) };
      this.blocked.delete(sharedKey);
    }
    const result = local.take(key);
    if (result.allowed) {
      const count = this.pending.get(sharedKey);
      // Beyond maxClients new keys go uncounted until the next sync; their local buckets still hold.
      if (count !== undefined) this.pending.set(sharedKey, count + 1);
      else if (this.pending.size < this.options.maxClients) this.pending.set(sharedKey, 1);
    }
    return result;
  }

  private async runSync(): Promise<void> {
    const { burst, windowSeconds, maxClients, store } = this.options;
    const windowStart = Math.floor(this.wallNow() / 1000 / windowSeconds) * windowSeconds;
    const windowEndMs = (windowStart + windowSeconds) * 1000;
    const increments = [...this.pending].map(([key, count]) => ({ key, count }));
    this.pending = new Map();
    try {
      const totals = increments.length > 0 ? await store.addCounts(windowStart, increments) : [];
      // Also keys this process has not counted itself: they may come here next.
      const over = await store.listOverLimit(windowStart, burst, maxClients);
      const oldest = windowStart - windowSeconds;
      if (this.prunedBefore < oldest) {
        await store.deleteWindowsBefore(oldest);
        this.prunedBefore = oldest;
      }
      const blocked = new Map<string, number>();
      for (const { key, count } of [...over, ...totals]) {
        if (count > burst && blocked.size < maxClients) blocked.set(key, windowEndMs);
      }
      this.blocked = blocked;
      if (this.isFailing) {
        this.isFailing = false;
        this.options.log?.({ level: 'info', msg: 'shared rate limit: database reachable again' });
      }
    } catch (error) {
      if (!this.isFailing) {
        this.isFailing = true;
        this.options.log?.({
          level: 'error',
          msg: 'shared rate limit: sync failed; each process limits on its own until it works again',
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}

/** The shared layer for the configured search limit, or none when the limit is off (burst 0): no timer, no writes. */
export function createSharedRateLimit(options: SharedRateLimitOptions): SharedRateLimit | undefined {
  return options.burst > 0 ? new SharedRateLimit(options) : undefined;
}
