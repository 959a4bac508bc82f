import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { isHuijuError } from '../errors';

/** Counts a sync run reports when it ends. */
export interface SyncRunCounts {
  read: number;
  applied: number;
  unchanged?: number;
  stale?: number;
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

/** Records the end of a sync run with its counts and, when it failed, the error code and message. */
export async function finishSyncRun(
  db: Kysely<Database>,
  id: string,
  end: { status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED'; counts: SyncRunCounts; error?: Error },
): Promise<void> {
  await db
    .updateTable('sync_run')
    .set({
      status: end.status,
      finished_at: new Date(),
      records_read: end.counts.read,
      records_applied: end.counts.applied,
      records_skipped: (end.counts.unchanged ?? 0) + (end.counts.stale ?? 0),
      dead_letters: end.counts.deadLetters,
      error_code: end.error ? (isHuijuError(end.error) ? end.error.code : 'INTERNAL') : null,
      error_message: end.error ? end.error.message.slice(0, 2000) : null,
    })
    .where('id', '=', id)
    .execute();
}
