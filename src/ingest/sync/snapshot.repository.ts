import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';

/**
 * Ends (valid_to = `asOf`) every open residency that records of this source and stream under
 * `scope` put in the store and that were not seen since `since` — the people missing from a
 * newer full snapshot. Nothing is deleted. Returns how many residencies ended.
 */
export async function endResidenciesMissingFromSnapshot(
  db: Kysely<Database>,
  snapshot: { source: string; stream: string; scope: string; since: Date; asOf: string },
): Promise<number> {
  const result = await sql`
    update residency set valid_to = ${snapshot.asOf}::date, updated_at = now()
    where valid_to is null
      and id in (
        select entity_id from source_record
        where source = ${snapshot.source} and stream = ${snapshot.stream} and entity = 'residency'
          and starts_with(external_id, ${snapshot.scope}) and last_seen < ${snapshot.since.toISOString()}::timestamptz
      )
      -- a residency another source still vouches for is not ended by this one
      and not exists (
        select 1 from source_record other
        where other.entity = 'residency' and other.entity_id = residency.id
          and (other.source <> ${snapshot.source} or other.stream <> ${snapshot.stream})
      )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
