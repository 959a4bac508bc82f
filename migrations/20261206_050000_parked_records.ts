import { type Kysely, sql } from 'kysely';

/**
 * Parked records (`src/ingest/park/`): a record whose reference the store does not hold yet
 * (a resident before its grid, a repair before its project) waits here instead of becoming an
 * `UNRESOLVED_REFERENCE` dead letter, and is applied by the write path once a row with the
 * missing natural key lands; after `ingest.parkedFor` it becomes that dead letter.
 *
 * One row per source record (a newer version replaces the parked one). `missing_key` is a
 * natural key (a place code, or a keyed hash for people): never personal information in clear.
 * `record_enc` is the whole mapped record (payload, canonical changes, position) encrypted with
 * the PII key. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table parked_record (
      id uuid primary key default gen_random_uuid(),
      source text not null,
      stream text not null,
      external_id text not null,
      source_version timestamptz not null,
      payload_hash text not null,
      missing_entity text not null,
      missing_key text not null,
      -- what the dead letter will say (the key described without personal information)
      message text not null,
      record_enc text not null,
      -- when the record first waited; a newer version keeps it, so a source re-sending a record
      -- cannot make it wait for ever
      parked_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      attempts integer not null default 1,
      unique (source, stream, external_id)
    );
    create index parked_record_missing_idx on parked_record (missing_entity, missing_key);
    create index parked_record_parked_at_idx on parked_record (parked_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table parked_record`.execute(db);
}
