import type { BatchResult } from '../ingest-batch';

/**
 * The dead letters of a batch's own records: `deadLetters` and `reasons` less those of parked
 * records (read by an earlier batch) that failed for another reason when the batch applied them.
 * What a run's accounting adds up, so that for the records a run read
 * read = applied + unchanged + stale + dead letters + parked holds, whatever the parking lot did.
 */
export function ownDeadLetters(r: Pick<BatchResult, 'deadLetters' | 'reasons' | 'unparkedDeadLetters' | 'unparkedReasons'>): { deadLetters: number; reasons: Record<string, number> } {
  const reasons: Record<string, number> = {};
  for (const [reason, n] of Object.entries(r.reasons)) {
    const own = n - (r.unparkedReasons[reason] ?? 0);
    if (own > 0) reasons[reason] = own;
  }
  return { deadLetters: r.deadLetters - r.unparkedDeadLetters, reasons };
}
