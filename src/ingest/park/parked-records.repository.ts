import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import { sourceRecordKey } from '../../domain/source-record-key';
import { textTuples } from '../../db/json-params';
import type { PiiVault } from '../../pii/pii-vault';
import type { CanonicalChange } from '../../sdk/canonical-change';
import type { PersonalFields } from '../../sdk/personal-fields';
import type { MappedRecord } from '../ingest-record';
import type { RowRef } from '../write/entity-spec';
import { ENTITY_SPECS } from '../write/specs/index';
import { heldKeyExists } from '../write/identity/held-keys';

/**
 * The store of parked records (table `parked_record`, migration `20261206_050000_parked_records`):
 * records whose reference the store did not hold when they arrived. Every function works on a
 * whole set (one statement per up to 2,000 records), inside the caller's transaction.
 */

/** Rows per statement. */
const CHUNK = 2_000;

/** A record to park: it misses `missing`; `message` says so without personal information. */
export interface ParkItem {
  record: MappedRecord;
  /** SHA-256 of the record's payload (`payloadHash`). */
  payloadHash: string;
  missing: RowRef;
  message: string;
}

/** What of a mapped record is kept encrypted (its origin and version are columns). */
interface SealedRecord {
  payload: unknown;
  changes: CanonicalChange[];
  position?: Record<string, unknown>;
  personalFields?: PersonalFields;
}

/** A parked record read back: its row id, the mapped record, and what it waits for. */
export interface ParkedRecord {
  id: string;
  record: MappedRecord;
  missing: RowRef;
  message: string;
  parkedAt: Date;
}

/**
 * Parks records: one row per source record; a newer (or the same) version replaces the parked
 * one and keeps its `parked_at` (the wait started then), an older version is ignored. The
 * mapped record is stored encrypted with the PII key. Returns the origin keys (`source\0stream\0externalId`)
 * that were parked or replaced; a record missing from it was older than the one already parked.
 */
export async function parkRecords(db: Kysely<Database>, items: readonly ParkItem[], vault: PiiVault): Promise<Set<string>> {
  const kept = new Set<string>();
  if (items.length === 0) return kept;
  // one row per source record in a statement (ON CONFLICT may not touch a row twice): the newest
  const newest = new Map<string, ParkItem>();
  for (const item of items) {
    const key = sourceRecordKey(item.record);
    const seen = newest.get(key);
    if (!seen || new Date(item.record.version).getTime() >= new Date(seen.record.version).getTime()) newest.set(key, item);
  }
  const rows = [...newest.values()].map(({ record: r, payloadHash, missing, message }) => {
    const sealed: SealedRecord = { payload: r.payload, changes: r.changes, position: r.position, personalFields: r.personalFields };
    return {
      source: r.source,
      stream: r.stream,
      external_id: r.externalId,
      source_version: new Date(r.version).toISOString(),
      payload_hash: payloadHash,
      missing_entity: missing.entity,
      missing_key: missing.key,
      message,
      record_enc: vault.encrypt(JSON.stringify(sealed)),
    };
  });
  for (let i = 0; i < rows.length; i += CHUNK) {
    const { rows: written } = await sql<{ source: string; stream: string; external_id: string }>`
      insert into parked_record (source, stream, external_id, source_version, payload_hash, missing_entity, missing_key, message, record_enc)
      select x.source, x.stream, x.external_id, x.source_version, x.payload_hash, x.missing_entity, x.missing_key, x.message, x.record_enc
      from json_to_recordset(${JSON.stringify(rows.slice(i, i + CHUNK))}::json) as x(
        source text, stream text, external_id text, source_version timestamptz, payload_hash text,
        missing_entity text, missing_key text, message text, record_enc text)
      on conflict (source, stream, external_id) do update set
        source_version = excluded.source_version,
        payload_hash = excluded.payload_hash,
        missing_entity = excluded.missing_entity,
        missing_key = excluded.missing_key,
        message = excluded.message,
        record_enc = excluded.record_enc,
        updated_at = now(),
        attempts = parked_record.attempts + 1
      where excluded.source_version >= parked_record.source_version
      returning source, stream, external_id`.execute(db);
    for (const w of written) kept.add(sourceRecordKey({ source: w.source, stream: w.stream, externalId: w.external_id }));
  }
  return kept;
}

/**
 * Drops the parked versions of these source records that the store now holds in the same or a
 * newer version (their lineage says so): a record whose newer version applied waits for nothing.
 * Returns how many were dropped.
 */
export async function dropSupersededParked(db: Kysely<Database>, records: readonly { source: string; stream: string; externalId: string }[]): Promise<number> {
  let dropped = 0;
  for (let i = 0; i < records.length; i += CHUNK) {
    const tuples = records.slice(i, i + CHUNK).map((r) => [r.source, r.stream, r.externalId]);
    const result = await sql`
      delete from parked_record p
      where (p.source, p.stream, p.external_id) in (${textTuples(tuples, 3)})
        and exists (
          select 1 from source_record s
          where s.source = p.source and s.stream = p.stream and s.external_id = p.external_id
            and s.source_version >= p.source_version)`.execute(db);
    dropped += Number(result.numAffectedRows ?? 0);
  }
  return dropped;
}

/**
 * Claims (locks, skipping rows another transaction holds) up to `limit` parked records whose
 * missing row now exists: ONE statement joining the parked table to each entity's table by
 * natural key, and to `entity_key_alias` (a key of a row merged into another resolves to it),
 * and to the identity columns that hold a key a row is not keyed by (`heldKeyExists`: a USCC a
 * name-keyed organisation took).
 * Oldest first.
 */
export async function claimResolvableParked(db: Kysely<Database>, vault: PiiVault, limit: number): Promise<ParkedRecord[]> {
  const branches = ENTITY_SPECS.map(
    (spec) => sql`when ${spec.entity} then exists (select 1 from ${sql.table(spec.table)} t where t.natural_key = p.missing_key)`,
  );
  const { rows } = await sql<ParkedRow>`
    select p.id, p.source, p.stream, p.external_id, p.source_version, p.missing_entity, p.missing_key, p.message, p.record_enc, p.parked_at
    from parked_record p
    where (case p.missing_entity ${sql.join(branches, sql` `)} else false end)
       or exists (select 1 from entity_key_alias a where a.entity = p.missing_entity and a.alias_key = p.missing_key)
       or ${heldKeyExists(sql.ref('p.missing_entity'), sql.ref('p.missing_key'))}
    order by p.parked_at, p.id
    limit ${limit}
    for update of p skip locked`.execute(db);
  return rows.map((r) => unseal(r, vault));
}

/** Parked rows read for expiry: the oldest first, at most `limit`, locked (skipping rows another transaction holds). */
export async function claimExpiredParked(db: Kysely<Database>, vault: PiiVault, options: { parkedBefore: Date | null; source?: string; limit: number }): Promise<ParkedRecord[]> {
  const { rows } = await sql<ParkedRow>`
    select p.id, p.source, p.stream, p.external_id, p.source_version, p.missing_entity, p.missing_key, p.message, p.record_enc, p.parked_at
    from parked_record p
    where ${options.parkedBefore ? sql`p.parked_at < ${options.parkedBefore.toISOString()}::timestamptz` : sql`true`}
      and ${options.source ? sql`p.source = ${options.source}` : sql`true`}
    order by p.parked_at, p.id
    limit ${options.limit}
    for update of p skip locked`.execute(db);
  return rows.map((r) => unseal(r, vault));
}

/** Removes parked records by id (applied, dead-lettered, or expired). */
export async function deleteParked(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 10_000) {
    await sql`delete from parked_record where id = any(${sql`array(select json_array_elements_text(${JSON.stringify(ids.slice(i, i + 10_000))}::json))::uuid[]`})`.execute(db);
  }
}

/** Which parked records to list or count. */
export interface ParkedFilter {
  source?: string;
  stream?: string;
}

/** Parked records by source, stream and missing entity, with the oldest wait of each. */
export async function countParked(db: Kysely<Database>, filter: ParkedFilter = {}): Promise<{ source: string; stream: string; missingEntity: string; count: number; oldest: Date }[]> {
  let q = db
    .selectFrom('parked_record')
    .select(['source', 'stream', 'missing_entity', sql<string>`count(*)`.as('n'), sql<Date>`min(parked_at)`.as('oldest')])
    .groupBy(['source', 'stream', 'missing_entity']);
  if (filter.source) q = q.where('source', '=', filter.source);
  if (filter.stream) q = q.where('stream', '=', filter.stream);
  const rows = await q.orderBy('source').orderBy('stream').orderBy('missing_entity').execute();
  return rows.map((r) => ({ source: r.source, stream: r.stream, missingEntity: r.missing_entity, count: Number(r.n), oldest: new Date(r.oldest) }));
}

/** How many records wait (all, or of one source). */
export async function parkedTotal(db: Kysely<Database>, filter: ParkedFilter = {}): Promise<number> {
  return (await countParked(db, filter)).reduce((n, c) => n + c.count, 0);
}

/** A parked record as shown to people: what it waits for, never its payload. */
export interface ParkedView {
  id: string;
  source: string;
  stream: string;
  missingEntity: string;
  /** `grid 420102002003009 not found`; a person's key is never shown. */
  message: string;
  parkedAt: Date;
  attempts: number;
}

/** Parked records, longest waiting first. */
export async function listParked(db: Kysely<Database>, filter: ParkedFilter & { limit?: number } = {}): Promise<ParkedView[]> {
  let q = db.selectFrom('parked_record').select(['id', 'source', 'stream', 'missing_entity', 'message', 'parked_at', 'attempts']);
  if (filter.source) q = q.where('source', '=', filter.source);
  if (filter.stream) q = q.where('stream', '=', filter.stream);
  const rows = await q.orderBy('parked_at').orderBy('id').limit(filter.limit ?? 100).execute();
  return rows.map((r) => ({ id: r.id, source: r.source, stream: r.stream, missingEntity: r.missing_entity, message: r.message, parkedAt: new Date(r.parked_at), attempts: r.attempts }));
}

interface ParkedRow {
  id: string;
  source: string;
  stream: string;
  external_id: string;
  source_version: Date | string;
  missing_entity: string;
  missing_key: string;
  message: string;
  record_enc: string;
  parked_at: Date | string;
}

function unseal(r: ParkedRow, vault: PiiVault): ParkedRecord {
  const sealed = JSON.parse(vault.decrypt(r.record_enc)) as SealedRecord;
  return {
    id: r.id,
    record: {
      kind: 'mapped',
      source: r.source,
      stream: r.stream,
      externalId: r.external_id,
      version: new Date(r.source_version).toISOString(),
      payload: sealed.payload,
      changes: sealed.changes,
      ...(sealed.position ? { position: sealed.position } : {}),
      ...(sealed.personalFields ? { personalFields: sealed.personalFields } : {}),
    },
    missing: { entity: r.missing_entity as RowRef['entity'], key: r.missing_key },
    message: r.message,
    parkedAt: new Date(r.parked_at),
  };
}
