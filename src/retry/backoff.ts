/**
 * The hub's one back-off formula: how long to wait before retry number `retry` of something that
 * failed. Exponential — `initialMs · 2^retry`, capped at `maxMs` — with optional jitter, so callers
 * that failed together (workers after a broker restart, syncs after a 503) do not all come back at
 * the same moment. Used by the Kafka ingest worker, the outbox relay, the sync runner (stream
 * re-runs, lock conflicts) and the SDK's HTTP client. A leaf module: it imports nothing, so any
 * layer — the connector SDK included — may use it.
 */

/** How waits grow. */
export interface Backoff {
  /** Wait before the first retry (`retry` 0), ms; doubles with every further retry. */
  initialMs: number;
  /** Upper bound of one wait before jitter, ms. */
  maxMs: number;
  /**
   * `none` (the default): exactly the nominal wait. `equal`: a random point in the upper half of it
   * ("equal jitter": spread out, yet never under half the nominal wait).
   */
  jitter?: 'none' | 'equal';
}

/** Doublings counted at most: past this the cap has long been reached (and `2 ** n` stays finite). */
const MAX_DOUBLINGS = 30;

/**
 * The wait before retry number `retry` (0-based; a negative one counts as 0):
 * `min(maxMs, initialMs · 2^retry)`, then jittered as `backoff.jitter` says. `random` returns a
 * number in [0, 1) (default `Math.random`; tests pass a fixed one). Whole milliseconds.
 */
export function backoffMs(retry: number, backoff: Backoff, random: () => number = Math.random): number {
  const doublings = Math.min(MAX_DOUBLINGS, Math.max(0, Math.floor(retry)));
  const nominal = Math.min(backoff.maxMs, backoff.initialMs * 2 ** doublings);
  if (backoff.jitter === 'equal') return Math.round(nominal / 2 + (nominal / 2) * random());
  return Math.round(nominal);
}

/** The reason a signal was aborted with, as something throwable (an `AbortError` when it has none). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Waits `ms`, or rejects with the signal's reason as soon as `signal` is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
