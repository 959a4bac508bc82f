import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { isHuijuError } from '../errors';
import type { IngestCounts, SkippedCounts } from './ingest-counts';

/**
 * Counts a sync run reports when it ends: records read, and the {@link IngestCounts} of them
 * (`deadLetters`: of the records read, not of parked records the run applied and that failed —
 * see `ownDeadLetters`; `unchanged`, `stale`, `parked`, `unparked` default to 0).
 */
export interface SyncRunCounts extends Partial<IngestCounts> {
  read: number;
  applied: number;
  deadLetters: number;
}

/** Records the start of a sync run; returns its id. */
export async function startSyncRun(db: Kysely<Database>, run: { sourceId: string; stream?: string | null; mode?: string }): Promise<string> {
  const row = await db
    .insertInto('sync_run')
    .values({ source_id: run.sourceId, stream: run.stream ?? null, mode: run.mode ?? 'full', status: 'RUNNING' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Records the end of a sync run: status, and when it failed the error code and message. `counts`
 * overwrites the counters; leave it out when they were kept up to date batch by batch. `skipped`:
 * the records the connector left out on purpose, by reason (`skipped_reasons`; left as it is when
 * not given).
 */
export async function finishSyncRun(
  db: Kysely<Database>,
  id: string,
  end: { status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED'; counts?: SyncRunCounts; error?: { code?: string; message: string } | Error; skipped?: SkippedCounts },
): Promise<void> {
  const errorCode = end.error ? (isHuijuError(end.error) ? end.error.code : ((end.error as { code?: string }).code ?? 'INTERNAL')) : null;
  await db
    .updateTable('sync_run')
    .set({
      status: end.status,
      finished_at: new Date(),
      ...(end.counts
        ? {
            records_read: end.counts.read,
            records_applied: end.counts.applied,
            records_skipped: (end.counts.unchanged ?? 0) + (end.counts.stale ?? 0),
            dead_letters: end.counts.deadLetters,
            records_parked: end.counts.parked ?? 0,
            records_unparked: end.counts.unparked ?? 0,
          }
        : {}),
      ...(end.skipped ? { skipped_reasons: JSON.stringify(end.skipped) } : {}),
      error_code: errorCode,
      error_message: end.error ? end.error.message.slice(0, 2000) : null,
    })
    .where('id', '=', id)
    .execute();
}
