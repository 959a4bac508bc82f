import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database';
import { endResidenciesMissingFromSnapshot } from '../ingest/sync/snapshot.repository';
import type { SnapshotMarker } from './raw-topic';

/**
 * Records, in the batch's transaction, that `partition` reached a snapshot's marker. The one
 * upsert on the snapshot's row serialises concurrent workers (the second waits for the first to
 * commit, then sees its partition), so exactly one transaction sees the set complete: it ends the
 * residencies missing from the snapshot and marks it done. Returns how many ended (0 until then).
 * Reaching a marker twice (a replay) changes nothing.
 */
export async function reachSnapshotMarker(trx: Kysely<Database>, o: { group: string; source: string; marker: SnapshotMarker; partition: number }): Promise<number> {
  const m = o.marker;
  const { rows } = await sql<{ reached: number[]; partitions: number; completed_at: Date | null }>`
    insert into snapshot_progress (consumer_group, snapshot_id, source, stream, scope, since, as_of, partitions, reached)
    values (${o.group}, ${m.snapshotId}, ${o.source}, ${m.stream}, ${m.scope}, ${m.since}::timestamptz, ${m.asOf}::date, ${m.partitions}, array[${o.partition}::int])
    on conflict (consumer_group, snapshot_id) do update
      set reached = (select array_agg(distinct x order by x) from unnest(snapshot_progress.reached || excluded.reached) as t(x))
    returning reached, partitions, completed_at`.execute(trx);
  const row = rows[0]!;
  if (row.completed_at !== null || row.reached.length < row.partitions) return 0;
  const ended = await endResidenciesMissingFromSnapshot(trx, { source: o.source, stream: m.stream, scope: m.scope, since: new Date(m.since), asOf: m.asOf });
  await trx
    .updateTable('snapshot_progress')
    .set({ completed_at: new Date(), residencies_ended: ended })
    .where('consumer_group', '=', o.group)
    .where('snapshot_id', '=', m.snapshotId)
    .execute();
  return ended;
}
