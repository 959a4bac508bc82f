import type { Attributes } from '@opentelemetry/api';
import type { IngestCounts } from '../ingest/ingest-counts';
import { tracingEnabled } from './tracing';
import { withSpan } from './with-span';

/** The counts of a committed batch the span records (a subset of `BatchResult`, src/ingest/ingest-batch.ts). */
export interface AppliedCounts extends IngestCounts {
  read: number;
}

/**
 * Runs one batch's write (`ingestBatch`: one transaction) inside a span `ingest.apply`, its SQL
 * as children. Attributes: `ingest.source` and `ingest.streams` (the distinct source ids and
 * stream names of the records, from the config: no personal information) and `ingest.records`
 * up front; after the commit `ingest.applied`, `ingest.unchanged`, `ingest.stale`,
 * `ingest.dead_letters`, `ingest.parked`, `ingest.unparked`. Never a record's key, payload,
 * position or dead-letter message.
 */
export function ingestApplySpan<R extends AppliedCounts>(records: readonly { source: string; stream: string }[], apply: () => Promise<R>): Promise<R> {
  if (!tracingEnabled()) return apply();
  const sources = new Set<string>();
  const streams = new Set<string>();
  for (const r of records) {
    sources.add(r.source);
    streams.add(r.stream);
  }
  const attributes: Attributes = { 'ingest.source': [...sources].sort().join(','), 'ingest.streams': [...streams].sort(), 'ingest.records': records.length };
  return withSpan('ingest.apply', attributes, async (span) => {
    const result = await apply();
    span.setAttributes({
      'ingest.applied': result.applied,
      'ingest.unchanged': result.unchanged,
      'ingest.stale': result.stale,
      'ingest.dead_letters': result.deadLetters,
      'ingest.parked': result.parked,
      'ingest.unparked': result.unparked,
    });
    return result;
  });
}
