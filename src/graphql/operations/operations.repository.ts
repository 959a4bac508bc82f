import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { SyncRunTable } from '../../db/tables/ingestion.table';
import type { ListSpec } from '../common/lists';
import type { DeadLetterFilter, SyncRunFilter } from './operations.filter';

/** The `deadLetters` list, newest first. Selects no ciphertext. */
export function deadLetterListSpec(filter: DeadLetterFilter | null | undefined): ListSpec {
  return {
    order: { by: sql`dl.created_at`, type: 'timestamptz', direction: 'desc', id: sql`dl.id` },
    base(db) {
      let q = db
        .selectFrom('dead_letter as dl')
        .select(['dl.id', 'dl.source', 'dl.stream', 'dl.external_id', 'dl.position', 'dl.stage', 'dl.reason_code', 'dl.message', 'dl.payload', 'dl.status', 'dl.replay_count', 'dl.created_at', 'dl.replayed_at']);
      if (filter?.source) q = q.where('dl.source', '=', filter.source);
      if (filter?.stream) q = q.where('dl.stream', '=', filter.stream);
      if (filter?.reason?.length) q = q.where('dl.reason_code', 'in', filter.reason);
      if (filter?.status?.length) q = q.where('dl.status', 'in', filter.status as ('OPEN' | 'REPLAYED' | 'DISCARDED')[]);
      return q;
    },
  };
}

/** The `syncRuns` list, newest first. */
export function syncRunListSpec(filter: SyncRunFilter | null | undefined): ListSpec {
  return {
    order: { by: sql`sr.started_at`, type: 'timestamptz', direction: 'desc', id: sql`sr.id` },
    base(db) {
      let q = db.selectFrom('sync_run as sr').selectAll('sr');
      if (filter?.source) q = q.where('sr.source_id', '=', filter.source);
      if (filter?.stream) q = q.where('sr.stream', '=', filter.stream);
      if (filter?.status?.length) q = q.where('sr.status', 'in', filter.status as ('RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED')[]);
      return q;
    },
  };
}

/** The newest run of every stream of `sourceIds` (one statement; runs of no stream are left out). */
export async function newestRunsOfStreams(db: Kysely<Database>, sourceIds: readonly string[]): Promise<Selectable<SyncRunTable>[]> {
  if (sourceIds.length === 0) return [];
  return db
    .selectFrom('sync_run')
    .distinctOn(['source_id', 'stream'])
    .selectAll()
    .where('source_id', 'in', [...sourceIds])
    .where('stream', 'is not', null)
    .orderBy('source_id')
    .orderBy('stream')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
