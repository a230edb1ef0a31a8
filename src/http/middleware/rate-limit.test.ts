import { describe, expect, it } from 'vitest';
import { rateLimitKey, TokenBucketLimiter } from './rate-limit.js';

/** A limiter on a clock the test moves by hand. */
function createLimiter(options: { burst?: number; windowMs?: number; maxClients?: number } = {}) {
  let now = 1_000;
  const limiter = new TokenBucketLimiter({
    burst: options.burst ?? 3,
    windowMs: options.windowMs ?? 3_000,
    maxClients: options.maxClients ?? 100,
    now: () => now,
  });
  return {
    limiter,
    advance: (ms: number) => {
      now += ms;
    },
    /** How many of `count` immediate requests from `key` are allowed. */
    allowedOf: (key: string, count: number) =>
      Array.from({ length: count }, () => limiter.take(key)).filter((result) => result.allowed).length,
  };
}

describe('TokenBucketLimiter', () => {
  it('allows a full burst at once and refuses the next request with the wait until a token is back', () => {
    const { limiter, allowedOf } = createLimiter({ burst: 3, windowMs: 3_000 });
    expect(allowedOf('a', 3)).toBe(3);
    // One token per second comes back; the bucket is empty, so the next one is a second away.
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('rounds Retry-After up to whole seconds and never below one', () => {
    const { limiter, advance, allowedOf } = createLimiter({ burst: 2, windowMs: 10_000 });
    expect(allowedOf('a', 2)).toBe(2);
    // 2 tokens per 10 s: one token every 5 s.
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 5 });
    advance(4_100);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at burst per window, never above the burst', () => {
    const { limiter, advance, allowedOf } = createLimiter({ burst: 3, windowMs: 3_000 });
    expect(allowedOf('a', 3)).toBe(3);
    advance(999);
    expect(limiter.take('a').allowed).toBe(false);
    advance(1);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    // However long the client waits, it gets back one burst, not more.
    advance(60_000);
    expect(allowedOf('a', 10)).toBe(3);
  });

  it('keeps one bucket per client', () => {
    const { limiter, allowedOf } = createLimiter({ burst: 3 });
    expect(allowedOf('a', 5)).toBe(3);
    expect(allowedOf('b', 5)).toBe(3);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('does not refill a bucket because refused requests keep coming', () => {
    const { limiter, advance, allowedOf } = createLimiter({ burst: 3, windowMs: 3_000 });
    expect(allowedOf('a', 3)).toBe(3);
    for (let step = 0; step < 9; step++) {
      advance(100);
      expect(limiter.take('a').allowed).toBe(false);
    }
    advance(100);
    // 1 s has passed in all: exactly one token is back.
    expect(allowedOf('a', 3)).toBe(1);
  });

  it('forgets clients that stayed away for a whole window', () => {
    const { limiter, advance } = createLimiter({ burst: 3, windowMs: 3_000 });
    limiter.take('a');
    limiter.take('b');
    advance(2_000);
    limiter.take('c');
    expect(limiter.size).toBe(3);
    advance(1_000);
    // a and b are idle for 3 s (a full refill): dropped when the next request comes in.
    limiter.take('c');
    expect(limiter.size).toBe(1);
    advance(3_000);
    limiter.take('d');
    expect(limiter.size).toBe(1);
  });

  it('keeps a recently used client when forgetting idle ones behind it', () => {
    const { limiter, advance, allowedOf } = createLimiter({ burst: 3, windowMs: 3_000 });
    expect(allowedOf('a', 3)).toBe(3);
    limiter.take('b');
    advance(2_500);
    expect(limiter.take('a').allowed).toBe(true); // 2.5 tokens back, one taken
    advance(600);
    limiter.take('c');
    // b (idle 3.1 s) is gone; a (used 0.6 s ago) keeps its state: 1.5 + 0.6 tokens, so 2 more now.
    expect(limiter.size).toBe(2);
    expect(allowedOf('a', 3)).toBe(2);
  });

  it('tracks at most maxClients, forgetting the least recently seen first', () => {
    const { limiter, allowedOf } = createLimiter({ burst: 2, windowMs: 60_000, maxClients: 3 });
    expect(allowedOf('a', 2)).toBe(2);
    expect(allowedOf('b', 2)).toBe(2);
    expect(allowedOf('c', 2)).toBe(2);
    limiter.take('a'); // a is now the most recently seen
    for (let client = 0; client < 1_000; client++) limiter.take(`spray-${client}`);
    expect(limiter.size).toBe(3);
    // Everyone was pushed out, so b starts again with a full bucket.
    expect(allowedOf('b', 3)).toBe(2);
  });

  it('evicts the oldest, not the newest, when full', () => {
    const { limiter, allowedOf } = createLimiter({ burst: 2, windowMs: 60_000, maxClients: 2 });
    expect(allowedOf('a', 2)).toBe(2);
    expect(allowedOf('b', 2)).toBe(2);
    limiter.take('a');
    limiter.take('c'); // pushes out b, the least recently seen
    expect(limiter.size).toBe(2);
    expect(limiter.take('a').allowed).toBe(false);
    expect(allowedOf('b', 3)).toBe(2);
  });

  it('refuses settings that cannot work', () => {
    expect(() => new TokenBucketLimiter({ burst: 0, windowMs: 1_000, maxClients: 10 })).toThrow(RangeError);
    expect(() => new TokenBucketLimiter({ burst: 1, windowMs: 0, maxClients: 10 })).toThrow(RangeError);
    expect(() => new TokenBucketLimiter({ burst: 1, windowMs: 1_000, maxClients: 0 })).toThrow(RangeError);
  });
});

describe('rateLimitKey', () => {
  it('uses an IPv4 address as it is, also when IPv4-mapped', () => {
    expect(rateLimitKey('203.0.113.9')).toBe('203.0.113.9');
    expect(rateLimitKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('puts every IPv6 address of one /64 under one key', () => {
    const key = rateLimitKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:0db8:0001:0002:ffff:eeee:dddd:cccc')).toBe(key);
    expect(rateLimitKey('2001:DB8:1:2:0:0:0:2%eth0')).toBe(key);
    expect(rateLimitKey('2001:db8:1:3::1')).not.toBe(key);
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKey('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('puts requests without a known address under one key', () => {
    expect(rateLimitKey(undefined)).toBe('unknown');
    expect(rateLimitKey('')).toBe('unknown');
  });
});
