/**
 * Committing one staged batch of a stream in the sync runner: its records, the checkpoint's cursor,
 * the end of a snapshot scope and the sync run's counters go in **one transaction**, so a sync
 * killed at any point leaves either all of it or none of it — and resumes from the cursor that
 * committed with the records read before it.
 *
 * Sources synced at the same time (the scheduler runs them so) can lock the same rows in another
 * order; the server then aborts one transaction to resolve the conflict (deadlock, serialisation
 * failure). Such a batch is simply run again after a jittered back-off, up to
 * {@link LOCK_CONFLICT_ATTEMPTS} times.
 */
import { isLockConflict } from '../../db/transient-error';
import type { Hub } from '../../hub';
import type { Logger } from '../../logger';
import { type Backoff, backoffMs, sleep } from '../../retry/backoff';
import type { JsonValue } from '../../sdk/connector';
import { type BatchResult, hubIngestOptions, ingestBatch, StagedBatch } from '../ingest-batch';
import { ownDeadLetters } from '../park/own-dead-letters';
import type { PrepareContext } from '../write/entity-spec';
import { saveCursor } from './cursor.repository';
import { endResidenciesMissingFromSnapshot } from './snapshot.repository';

/** Times a batch is tried when the server aborts it to resolve a lock conflict (deadlock, serialisation). */
export const LOCK_CONFLICT_ATTEMPTS = 5;
/** Waits between those tries: 20–40 ms, then doubling (jittered, so the two transactions do not collide again). */
const LOCK_CONFLICT_BACKOFF: Backoff = { initialMs: 40, maxMs: 1_000, jitter: 'equal' };

/** The end of a snapshot scope reached with a checkpoint: residencies not seen since `since` end (`asOf`). */
export interface SnapshotEnd {
  scope: string;
  asOf: string;
  /** When the scope's snapshot began (database clock); none ends nothing. */
  since: Date | undefined;
}

/** The stream run a batch belongs to: where its cursor, snapshot end and counters are written. */
export interface StreamBatchTarget {
  hub: Hub;
  sourceId: string;
  stream: string;
  /** The `sync_run` row whose counters each commit adds to. */
  runId: string;
  /** The stream run's logger (a lock conflict is logged on it). */
  log: Logger;
  /** Stages a batch again for a retry or a part of it. */
  prepare: PrepareContext;
}

/** What one committed transaction did: the write path's result and the residencies the snapshot's end ended. */
export interface StreamBatchCommit {
  result: BatchResult;
  ended: number;
}

/**
 * Commits `records` in one transaction with `cursor` (saved when given), the end of `snapshotEnd`'s
 * scope (residencies not seen since it began end, when it has a beginning) and the sync run's
 * counters. A transaction the server aborts over a lock conflict is run again; any other failure,
 * or the last conflict, is thrown and nothing of the batch is committed.
 */
export async function commitStreamBatch(
  target: StreamBatchTarget,
  records: StagedBatch,
  cursor: JsonValue | undefined,
  snapshotEnd: SnapshotEnd | undefined,
): Promise<StreamBatchCommit> {
  const { hub, sourceId, stream, runId, log } = target;
  let ended = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      // a retry prepares the records again: the failed attempt may have re-keyed them
      const result = await ingestBatch(hub.db, attempt === 1 ? records : StagedBatch.of(records.records, target.prepare), {
        ...hubIngestOptions(hub),
        alsoInTransaction: async (trx, r) => {
          if (cursor !== undefined) await saveCursor(trx, sourceId, stream, cursor);
          ended = 0;
          if (snapshotEnd?.since) {
            ended = await endResidenciesMissingFromSnapshot(trx, { source: sourceId, stream, scope: snapshotEnd.scope, since: snapshotEnd.since, asOf: snapshotEnd.asOf });
          }
          await trx
            .updateTable('sync_run')
            .set((eb) => ({
              records_read: eb('records_read', '+', r.read),
              records_applied: eb('records_applied', '+', r.applied),
              records_skipped: eb('records_skipped', '+', r.unchanged + r.stale),
              dead_letters: eb('dead_letters', '+', ownDeadLetters(r).deadLetters),
              records_parked: eb('records_parked', '+', r.parked),
              records_unparked: eb('records_unparked', '+', r.unparked),
            }))
            .where('id', '=', runId)
            .execute();
        },
      });
      return { result, ended };
    } catch (err) {
      if (!isLockConflict(err) || attempt >= LOCK_CONFLICT_ATTEMPTS) throw err;
      log.warn({ attempt, code: (err as { code?: string }).code }, 'batch aborted by a lock conflict with another transaction; running it again');
      await sleep(backoffMs(attempt - 1, LOCK_CONFLICT_BACKOFF));
    }
  }
}
