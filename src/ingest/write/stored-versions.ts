import { type Kysely, type RawBuilder, sql } from 'kysely';
import { textTuples } from '../../db/json-params';
import { sourceRecordKey } from '../../domain/source-record-key';

/** A source record as the version guard looks it up. */
export interface SourceRecordOrigin {
  source: string;
  stream: string;
  externalId: string;
}

/** What the store holds of one source record: its newest version (epoch ms) and that version's payload hashes. */
export interface StoredVersion {
  version: number;
  hashes: Set<string>;
}

/** Source records per statement. */
const CHUNK = 5_000;

/**
 * The version guard's read (apply-changes.ts, step 2): the lineage the store holds of these source
 * records, by source-record key (src/domain/source-record-key.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: the write path's transaction is typed loosely (its tables come from entity specs)
export async function storedVersions(db: Kysely<any>, records: readonly SourceRecordOrigin[]): Promise<Map<string, StoredVersion>> {
  const out = new Map<string, StoredVersion>();
  for (let i = 0; i < records.length; i += CHUNK) {
    const { rows } = await storedVersionsStatement(records.slice(i, i + CHUNK)).execute(db);
    for (const row of rows) {
      const key = sourceRecordKey({ source: row.source, stream: row.stream, externalId: row.external_id });
      const v = new Date(row.source_version).getTime();
      const entry = out.get(key);
      if (!entry || v > entry.version) out.set(key, { version: v, hashes: new Set([row.payload_hash]) });
      else if (v === entry.version) entry.hashes.add(row.payload_hash);
    }
  }
  return out;
}

/**
 * The statement of {@link storedVersions} for one chunk: one index probe per record on
 * `source_record`'s (source, stream, external_id, …) index, whatever the table's statistics say.
 * The lateral subquery (kept apart by `offset 0`, so the planner cannot turn it into a join of
 * its choosing) is looked up once per record of the list.
 *
 * The plain semi-join it replaces, `(source, stream, external_id) in (<the list>)`, was planned
 * from the list's default estimate of 100 rows and from statistics a load outgrows (autovacuum
 * off, a first load): a hash join over a full scan of `source_record`, once per batch, its cost
 * growing with every batch the load had written (#16).
 */
export function storedVersionsStatement(records: readonly SourceRecordOrigin[]): RawBuilder<{ source: string; stream: string; external_id: string; source_version: Date | string; payload_hash: string }> {
  return sql`
    select s.source, s.stream, s.external_id, s.source_version, s.payload_hash
    from (${textTuples(
      records.map((r) => [r.source, r.stream, r.externalId]),
      3,
    )}) as t(source, stream, external_id)
    cross join lateral (
      select r.source, r.stream, r.external_id, r.source_version, r.payload_hash from source_record r
      where r.source = t.source and r.stream = t.stream and r.external_id = t.external_id
      offset 0) as s`;
}
