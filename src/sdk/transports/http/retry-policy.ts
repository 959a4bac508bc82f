/**
 * When and how long an HTTP request waits before it is tried again: exponential backoff with
 * jitter, and the server's own `Retry-After` where it gives one. Pure functions plus one
 * abortable sleep; the client in `http-json-client.ts` applies them.
 */
import { abortReason, backoffMs, sleep } from '../../../retry/backoff';

/** How a client retries. Every member has a default (see {@link DEFAULT_RETRY_POLICY}). */
export interface RetryPolicy {
  /**
   * Retries after the first attempt for timeouts, connection errors, 408, 429 and 5xx. `0`
   * tries once. Token refreshes after a 401 are not counted. Default `5`.
   */
  maxRetries: number;
  /** Delay before the first retry; doubles with every further retry. Default `1000` ms. */
  baseDelayMs: number;
  /** Upper bound of the computed backoff delay (before jitter). Default `30000` ms. */
  maxDelayMs: number;
  /**
   * Longest `Retry-After` the client is willing to sleep through inside one read. A server that
   * asks for more gets a `transient` failure at once, so the hub can retry the run later instead
   * of holding it open. Default `120000` ms.
   */
  maxRetryAfterMs: number;
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
});

/**
 * Backoff before retry number `retry` (0-based): `min(maxDelayMs, baseDelayMs · 2^retry)`, then
 * "equal jitter" — a random point in the upper half of that — so clients that failed together do
 * not come back together, yet every retry still waits at least half the nominal delay
 * (the hub's one formula, `src/retry/backoff.ts`). `random` returns a number in [0, 1) (default `Math.random`).
 */
export function backoffDelayMs(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  return backoffMs(retry, { initialMs: policy.baseDelayMs, maxMs: policy.maxDelayMs, jitter: 'equal' }, random);
}

/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds (`"120"`) or an HTTP-date
 * (`"Wed, 21 Oct 2015 07:28:00 GMT"`), relative to `nowMs`. Returns the wait in milliseconds
 * (never negative: a date in the past means "now"), or `null` when the header is absent or
 * unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null;
  const value = header.trim();
  if (value === '') return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only the date forms may be parsed as dates: a bare number like "1.5" is not a date.
  if (!/[A-Za-z]/.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** The abortable sleep and abort reason of `src/retry/backoff.ts`, part of the SDK's HTTP transport. */
export { abortReason, sleep };
