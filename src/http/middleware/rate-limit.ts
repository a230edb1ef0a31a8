import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './request-context.js';
import { getClientIp } from './session.js';

/** Settings of one token-bucket limiter. */
export interface TokenBucketOptions {
  /** Requests a client may make at once: the bucket's size. */
  burst: number;
  /** Time in which an empty bucket fills up again, in milliseconds (refill: `burst` per window). */
  windowMs: number;
  /** Most clients tracked at once; beyond it the least recently seen client is forgotten. */
  maxClients: number;
  /** Milliseconds on a clock that does not jump back; injected in tests. */
  now?: () => number;
}

/** The outcome of taking one token. */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * In-process token buckets, one per client key. Memory stays bounded two ways: a bucket left alone
 * for a whole window is full again, which is the same as having none, so it is dropped; and at most
 * `maxClients` buckets are kept, the least recently used going first. The Map's insertion order is
 * kept equal to the order of last use (a used bucket is re-inserted at the end), so both evictions
 * look only at the front of the Map: amortised constant time per request.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.burst >= 1) || !(options.windowMs > 0) || !(options.maxClients >= 1)) {
      throw new RangeError('a token bucket needs burst ≥ 1, windowMs > 0 and maxClients ≥ 1');
    }
    this.refillPerMs = options.burst / options.windowMs;
    this.now = options.now ?? (() => performance.now());
  }

  /** Number of clients tracked right now. */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token from the client's bucket, or says how long until one is there. */
  take(key: string): TakeResult {
    const now = this.now();
    this.evictIdle(now);
    const bucket = this.buckets.get(key);
    let tokens: number;
    if (bucket) {
      this.buckets.delete(key);
      tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
    } else {
      tokens = this.options.burst;
      // Forget the least recently seen client to make room (it starts with a full bucket if it returns).
      while (this.buckets.size >= this.options.maxClients) this.deleteOldest();
    }
    // Refill is added in fractions; the epsilon keeps rounding error from withholding a whole token.
    const allowed = tokens >= 1 - 1e-9;
    this.buckets.set(key, { tokens: allowed ? Math.max(0, tokens - 1) : tokens, updatedAt: now });
    if (allowed) return { allowed };
    return { allowed, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.refillPerMs / 1000)) };
  }

  /** Drops buckets untouched for a whole window: they have refilled and hold nothing worth keeping. */
  private evictIdle(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt < this.options.windowMs) return;
      this.buckets.delete(key);
    }
  }

  private deleteOldest(): void {
    const oldest = this.buckets.keys().next();
    if (!oldest.done) this.buckets.delete(oldest.value);
  }
}

/**
 * The key a client is limited by: its IP address, and for IPv6 its /64 network, since one
 * subscriber usually gets a whole /64 and could otherwise step through addresses to get fresh buckets.
 */
export function rateLimitKey(ip: string | undefined): string {
  if (ip === undefined || ip === '') return 'unknown';
  const address = ip.toLowerCase().replace(/%.*$/, '');
  if (!address.includes(':')) return address;
  const mappedIpv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mappedIpv4?.[1]) return mappedIpv4[1];
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length);
  const groups = [...headGroups, ...Array.from({ length: missing }, () => '0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** What the rate-limit middleware needs. */
export interface RateLimitOptions {
  /** A TokenBucketLimiter, or one wrapped by SharedRateLimit. */
  limiter: Pick<TokenBucketLimiter, 'take'>;
  /** Honour X-Forwarded-For (TRUST_PROXY), written by this many trusted proxies (TRUST_PROXY_HOPS). */
  trustProxy?: boolean;
  proxyHops?: number;
  /** Requests to count; by default all. Others pass without taking a token. */
  applies?: (c: Context<AppEnv>) => boolean;
  /** Called for every refused request (metrics). */
  onLimited?: () => void;
  /** Builds the 429 response; `Retry-After` and `Cache-Control` are already set. */
  respond: (c: Context<AppEnv>, retryAfterSeconds: number) => Response | Promise<Response>;
}

/** Refuses a client's request with 429 once its bucket is empty; sets no cookie and stores nothing but a count. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (options.applies && !options.applies(c)) return next();
    const result = options.limiter.take(
      rateLimitKey(getClientIp(c, { trustProxy: options.trustProxy, proxyHops: options.proxyHops })),
    );
    if (result.allowed) return next();
    options.onLimited?.();
    c.header('Retry-After', String(result.retryAfterSeconds));
    c.header('Cache-Control', 'no-store');
    return options.respond(c, result.retryAfterSeconds);
  };
}
