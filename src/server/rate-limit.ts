/** Settings of a {@link RateLimiter} (`server.rateLimit`). */
export interface RateLimitSettings {
  /** Tokens added per minute per key; `0` disables the limiter. */
  readonly perMinute: number;
  /** Bucket size: requests a key may make at once. */
  readonly burst: number;
}

/** The answer for one request. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; /** Whole seconds until a token is back (for `Retry-After`). */ readonly retryAfterSeconds: number };

/** A token-bucket limiter over keys (callers), in memory, per process. */
export interface RateLimiter {
  /** Takes one token of `key`'s bucket, or says how long to wait. */
  take(key: string): RateDecision;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
}

/** Above this many keys, buckets that have refilled completely are dropped (they equal a new one). */
const SWEEP_ABOVE = 10_000;

/**
 * A token bucket per key: each key starts with `burst` tokens, a request takes one, tokens come
 * back at `perMinute` per minute up to `burst`. Memory stays bounded: full buckets are forgotten
 * once there are many keys. With `perMinute` 0 every request is allowed. `now` is injectable for tests.
 */
export function createRateLimiter(settings: RateLimitSettings, now: () => number = Date.now): RateLimiter {
  if (settings.perMinute <= 0) return { take: () => ({ allowed: true }) };
  const perMs = settings.perMinute / 60_000;
  const burst = Math.max(1, settings.burst);
  const buckets = new Map<string, Bucket>();
  const refill = (bucket: Bucket, t: number) => {
    bucket.tokens = Math.min(burst, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
  };
  let sweptAt = -Infinity;
  const sweep = (t: number) => {
    if (t - sweptAt < 1000) return; // at most once a second, so many live keys do not make every request O(keys)
    sweptAt = t;
    for (const [key, bucket] of buckets) {
      refill(bucket, t);
      if (bucket.tokens >= burst) buckets.delete(key);
    }
  };
  return {
    take(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= SWEEP_ABOVE) sweep(t);
        bucket = { tokens: burst, at: t };
        buckets.set(key, bucket);
      } else {
        refill(bucket, t);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}
