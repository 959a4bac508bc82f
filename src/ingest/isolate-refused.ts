import type { IngestRecord } from './ingest-record';

/**
 * Isolating the record a store refuses. A batch is written in one transaction; when the store
 * refuses it as a whole for a reason that is not transient (a value an index cannot hold, a
 * constraint, a bug on one record's shape), trying it again fails the same way, and before this
 * every record of the batch — and every later one — stayed unapplied. Instead the batch is split
 * in halves, each half applied on its own, recursively, down to the one record that still fails:
 * that record becomes a dead letter (`INGEST_FAILED`, see {@link refusedRecord}), the others
 * apply. A batch of n records with one bad record costs about 2·log2(n) extra transactions.
 *
 * The one isolation mechanism of both paths: the in-process sync runner (`sync/pipelined-committer.ts`) and
 * the Kafka ingest worker (`src/kafka/chunk-applier.ts`, whose `apply` retries a part before it
 * gives up on it and whose `refuse` bounds its own retries). Bounded by construction: each split
 * halves a part, so a batch of n costs at most 2n − 1 `apply` calls and n `refuse` calls, never a
 * loop; `onSplit` is told of every split so callers log each one.
 */

/** The reason code of a record the write path failed on by itself (the rest of its batch applied). */
export const INGEST_FAILED = 'INGEST_FAILED';

/** How {@link applyIsolating} applies a part and dead-letters the one record left. */
export interface IsolateSteps<T, R> {
  /** Applies `part` in one transaction; throws when the store refuses it. */
  apply(part: readonly T[], last: boolean): Promise<R>;
  /** Dead-letters `item`, the one record of a part the store refused (`err`), in its own transaction. */
  refuse(item: T, err: unknown, last: boolean): Promise<R>;
  /** Whether a refusal of `part` is worth splitting: false rethrows it (transient failures, a record that is already a dead letter). */
  splits(err: unknown, part: readonly T[]): boolean;
  /** Told each time a part is split (to log it). */
  onSplit?(size: number, err: unknown): void;
}

/**
 * Applies `items` through `steps.apply`, splitting a refused part in halves down to the record
 * (see the module comment). `last` is true for the part that ends `items` (the one that may carry
 * the batch's cursor). Results come back in item order, one per transaction that committed.
 */
export async function applyIsolating<T, R>(items: readonly T[], steps: IsolateSteps<T, R>, last = true): Promise<R[]> {
  try {
    return [await steps.apply(items, last)];
  } catch (err) {
    if (items.length === 0 || !steps.splits(err, items)) throw err;
    if (items.length === 1) return [await steps.refuse(items[0]!, err, last)];
    steps.onSplit?.(items.length, err);
    const half = Math.ceil(items.length / 2);
    const first = await applyIsolating(items.slice(0, half), steps, false);
    return [...first, ...(await applyIsolating(items.slice(half), steps, last))];
  }
}

/**
 * The dead letter of a record the store refused by itself: the record as read (payload, external
 * id, position, personal-field declaration — so it is masked and replayable like any other), stage
 * UPSERT, reason {@link INGEST_FAILED}, and the refusal's code only (a database message can quote
 * the value, which may be personal). Returns `null` for a record that is already a dead letter.
 */
export function refusedRecord(record: IngestRecord, code: string): IngestRecord | null {
  if (record.kind !== 'mapped') return null;
  return {
    kind: 'failed',
    source: record.source,
    stream: record.stream,
    externalId: record.externalId,
    position: record.position,
    stage: 'UPSERT',
    reason: INGEST_FAILED,
    message: `the write path failed on this record (${code})`,
    payload: record.payload,
    ...(record.personalFields ? { personalFields: record.personalFields } : {}),
  };
}

/** The code of a refusal, for a dead letter's message and a log line: the SQLSTATE or error code, else the error's name. */
export function refusalCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  if (e && typeof e.code === 'string' && e.code !== '') return e.code;
  return e && typeof e.name === 'string' ? e.name : 'UNKNOWN';
}
