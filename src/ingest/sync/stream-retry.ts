import { backoffMs, sleep } from '../../retry/backoff';
import { addCounts, emptyCounts } from '../ingest-counts';
import type { StreamSyncReport } from './run-sync';

/**
 * How often a stream that failed for a transient reason is run again within one sync run, and
 * how long it waits before each retry (`backoffMs`, src/retry/backoff.ts: exponential from
 * `baseDelayMs`, capped at `maxDelayMs`, equal jitter).
 */
export interface StreamRetry {
  /** Runs of the stream in all, the first included; `1` never retries. Default 3. */
  tries: number;
  /** Wait before the first retry, doubling with each further one. Default 2,000 ms. */
  baseDelayMs: number;
  /** Upper bound of one wait (before jitter). Default 30,000 ms. */
  maxDelayMs: number;
}

/** The defaults of {@link StreamRetry}: 3 runs, waits of about 1–2 s and 2–4 s between them. */
export const DEFAULT_STREAM_RETRY: Readonly<StreamRetry> = Object.freeze({ tries: 3, baseDelayMs: 2_000, maxDelayMs: 30_000 });

/**
 * Runs a stream, and runs it again after a back-off while it ends FAILED with a `transient` error
 * (a broker hiccup while reading a topic, a source still answering 5xx past its client's retry
 * budget, the database connection lost) — at most `retry.tries` runs, and none once `signal` is
 * aborted. Each run resumes from the cursor the previous one committed, so nothing is read twice
 * beyond the last checkpoint. Other failures (config, source, a refused record's batch) are not
 * retried: they fail the same way again.
 *
 * Returns one report for all runs: counts summed, status and error of the last run, `attempts`
 * the number of runs. `onRetry` is told before each wait (to log it).
 */
export async function runWithRetries(
  run: () => Promise<StreamSyncReport>,
  retry: StreamRetry = DEFAULT_STREAM_RETRY,
  signal?: AbortSignal,
  onRetry?: (failed: StreamSyncReport, attempt: number, waitMs: number) => void,
): Promise<StreamSyncReport> {
  let total: StreamSyncReport | null = null;
  for (let attempt = 1; ; attempt++) {
    const report = await run();
    total = total === null ? report : merged(total, report);
    total.attempts = attempt;
    if (!isTransientFailure(report) || attempt >= retry.tries || signal?.aborted) return total;
    const waitMs = backoffMs(attempt - 1, { initialMs: retry.baseDelayMs, maxMs: retry.maxDelayMs, jitter: 'equal' });
    onRetry?.(report, attempt, waitMs);
    try {
      await sleep(waitMs, signal);
    } catch {
      return total; // cancelled while waiting: the failed run stands
    }
  }
}

/** Whether a stream's run failed for a reason that may pass by itself. */
export function isTransientFailure(report: StreamSyncReport): boolean {
  return report.status === 'FAILED' && report.error?.kind === 'transient';
}

/** `earlier`'s counts plus `later`'s, with `later`'s status and error. */
function merged(earlier: StreamSyncReport, later: StreamSyncReport): StreamSyncReport {
  const sum = (a: number | undefined, b: number | undefined) => (a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0));
  const reasons = { ...earlier.reasons };
  for (const [k, v] of Object.entries(later.reasons)) reasons[k] = (reasons[k] ?? 0) + v;
  const out: StreamSyncReport = addCounts({
    ...later,
    ...emptyCounts(),
    read: earlier.read + later.read,
    reasons,
    matches: earlier.matches + later.matches,
    residenciesEnded: earlier.residenciesEnded + later.residenciesEnded,
    checkpoints: earlier.checkpoints + later.checkpoints,
    seconds: earlier.seconds + later.seconds,
  }, earlier);
  addCounts(out, later);
  const unparkedDeadLetters = sum(earlier.unparkedDeadLetters, later.unparkedDeadLetters);
  if (unparkedDeadLetters !== undefined) out.unparkedDeadLetters = unparkedDeadLetters;
  const published = sum(earlier.published, later.published);
  if (published !== undefined) out.published = published;
  return out;
}
