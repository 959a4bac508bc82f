import { type Kysely, sql } from 'kysely';
import type { CanonicalEntity } from '../../sdk/canonical-change';
import type { MappedRecord } from '../ingest-record';

/** One lineage row to write: record `record` of the batch said something about a canonical row. */
export interface LineageItem {
  /** Index of the record in the batch. */
  record: number;
  entity: CanonicalEntity;
  entityId: string;
  /** The record inserted the row (no match row: nothing was matched). */
  createdByThisRecord: boolean;
  /** How the row is matched (`citizen-id-hash` …), recorded on a match row. */
  method: string;
}

const ROWS_PER_STATEMENT = 10_000;

/**
 * Writes lineage (`source_record`) — one row per (record, canonical row), the newest version and
 * payload hash kept — and a `match` row for every new lineage row whose canonical row another
 * record created. One statement per 10,000 rows: the lineage upsert and the match insert run
 * together (data-modifying CTEs), with one array parameter per column, and only the number of
 * matches comes back. Returns how many matches were recorded.
 */
export async function writeLineage(db: Kysely<any>, records: readonly MappedRecord[], versions: readonly number[], hashes: readonly string[], lineage: readonly LineageItem[]): Promise<number> {
  if (lineage.length === 0) return 0;
  // one lineage row per (record, canonical row), even when a record touched a row twice
  const unique = new Map<string, LineageItem>();
  for (const l of lineage) {
    const key = `${l.record}\u0000${l.entity}\u0000${l.entityId}`;
    const seen = unique.get(key);
    if (!seen || l.createdByThisRecord) unique.set(key, l);
  }
  const items = [...unique.values()];
  let matches = 0;
  for (let start = 0; start < items.length; start += ROWS_PER_STATEMENT) {
    const chunk = items.slice(start, start + ROWS_PER_STATEMENT);
    const col = <T>(f: (l: LineageItem, r: MappedRecord) => T) => chunk.map((l) => f(l, records[l.record]!));
    const { rows } = await sql<{ matches: number }>`
      with input as (
        select * from unnest(
          ${col((_, r) => r.source)}::text[], ${col((_, r) => r.stream)}::text[], ${col((_, r) => r.externalId)}::text[],
          ${col((l) => l.entity)}::text[], ${col((l) => l.entityId)}::uuid[],
          ${col((l) => new Date(versions[l.record]!).toISOString())}::timestamptz[], ${col((l) => hashes[l.record]!)}::text[],
          ${col((l) => l.createdByThisRecord)}::boolean[], ${col((l) => l.method)}::text[]
        ) as t(source, stream, external_id, entity, entity_id, source_version, payload_hash, created, method)
      ), written as (
        insert into source_record (source, stream, external_id, entity, entity_id, source_version, payload_hash)
        select source, stream, external_id, entity, entity_id, source_version, payload_hash from input
        on conflict (source, stream, external_id, entity, entity_id) do update set
          source_version = greatest(excluded.source_version, source_record.source_version),
          payload_hash = excluded.payload_hash,
          last_seen = now()
        returning id, source, stream, external_id, entity, entity_id, (xmax = 0) as inserted
      ), matched as (
        insert into match (entity, entity_id, source_record_id, method, confidence)
        select w.entity, w.entity_id, w.id, i.method, 1
        from written w join input i using (source, stream, external_id, entity, entity_id)
        where w.inserted and not i.created
        on conflict (source_record_id) do nothing
        returning 1
      )
      select count(*)::int as matches from matched`.execute(db);
    matches += rows[0]?.matches ?? 0;
  }
  return matches;
}
