import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database';
import type { PiiVault } from '../pii/pii-vault';
import { insertDeadLetters, type NewDeadLetter } from './dead-letter.repository';
import type { IngestRecord, MappedRecord } from './ingest-record';
import { applyMappedRecords } from './write/apply-changes';

/** Counts of one committed batch. */
export interface BatchResult {
  read: number;
  applied: number;
  unchanged: number;
  /** Older versions skipped by the version guard (reason STALE_VERSION). */
  stale: number;
  deadLetters: number;
  /** Dead letters by reason code. */
  reasons: Record<string, number>;
  matches: number;
}

export interface IngestBatchOptions {
  vault: PiiVault;
  /**
   * Further writes that must commit atomically with the batch: the connector cursor, the
   * consumed Kafka offsets, sync-run counters. Called inside the transaction after the batch.
   */
  alsoInTransaction?: (trx: Transaction<Database>, result: BatchResult) => Promise<void>;
}

/**
 * Commits one batch through the write path: canonical rows, lineage, dead letters (records that
 * failed before or in the write path) and the caller's bookkeeping — in one transaction, so a
 * crash anywhere leaves either all of it or none of it.
 *
 * A stale record (an older version of one the store has newer) is skipped and counted, not
 * dead-lettered: it is the expected shape of at-least-once and out-of-order sources, and a replay
 * from scratch would otherwise turn every superseded version into a new dead letter.
 */
export async function ingestBatch(db: Kysely<Database>, records: readonly IngestRecord[], options: IngestBatchOptions): Promise<BatchResult> {
  return db.transaction().execute(async (trx) => {
    const mapped: MappedRecord[] = [];
    const letters: NewDeadLetter[] = [];
    for (const r of records) {
      if (r.kind === 'mapped') mapped.push(r);
      else letters.push({ source: r.source, stream: r.stream, position: r.position, stage: r.stage, reason: r.reason, message: r.message, payload: r.payload });
    }
    const applied = await applyMappedRecords(trx, mapped, { vault: options.vault });
    for (const rej of applied.rejections) {
      const r = mapped[rej.index]!;
      letters.push({ source: r.source, stream: r.stream, position: r.position, stage: rej.stage, reason: rej.reason, message: rej.message, payload: r.payload });
    }
    await insertDeadLetters(trx, letters);
    const reasons: Record<string, number> = {};
    for (const l of letters) reasons[l.reason] = (reasons[l.reason] ?? 0) + 1;
    const result: BatchResult = {
      read: records.length,
      applied: applied.outcomes.filter((o) => o === 'applied').length,
      unchanged: applied.outcomes.filter((o) => o === 'unchanged').length,
      stale: applied.outcomes.filter((o) => o === 'stale').length,
      deadLetters: letters.length,
      reasons,
      matches: applied.matches,
    };
    await options.alsoInTransaction?.(trx, result);
    return result;
  });
}
