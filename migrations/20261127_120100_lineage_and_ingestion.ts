import { type Kysely, sql } from 'kysely';

/**
 * Lineage (where every canonical row came from, explicit cross-source matches) and the
 * ingestion bookkeeping that commits in the same transaction as the canonical writes:
 * sync runs, connector cursors, consumed Kafka offsets, dead letters and the outbox.
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table source_record (
      id uuid primary key default gen_random_uuid(),
      source text not null,
      stream text not null,
      external_id text not null,
      entity text not null,
      entity_id uuid not null,
      -- the source's own version of the record (update time, event time, export time);
      -- an older version never overwrites a newer one
      source_version timestamptz not null,
      payload_hash text not null,
      first_seen timestamptz not null default now(),
      last_seen timestamptz not null default now(),
      unique (source, stream, external_id, entity, entity_id)
    );
    create index source_record_entity_idx on source_record (entity, entity_id);

    create table match (
      id uuid primary key default gen_random_uuid(),
      entity text not null,
      entity_id uuid not null,
      source_record_id uuid not null references source_record(id) on delete cascade,
      method text not null,
      confidence numeric(4,3) not null check (confidence >= 0 and confidence <= 1),
      created_at timestamptz not null default now(),
      unique (source_record_id)
    );
    create index match_entity_idx on match (entity, entity_id);

    create table sync_run (
      id uuid primary key default gen_random_uuid(),
      source_id text not null,
      stream text,
      mode text not null default 'full',
      status text not null check (status in ('RUNNING','SUCCEEDED','FAILED','CANCELLED')),
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      records_read bigint not null default 0,
      records_applied bigint not null default 0,
      records_skipped bigint not null default 0,
      dead_letters bigint not null default 0,
      error_code text,
      error_message text
    );
    create index sync_run_source_idx on sync_run (source_id, started_at desc);

    create table connector_cursor (
      source_id text not null,
      stream text not null,
      cursor jsonb not null,
      updated_at timestamptz not null default now(),
      primary key (source_id, stream)
    );

    create table consumed_offset (
      consumer_group text not null,
      topic text not null,
      partition integer not null,
      next_offset bigint not null,
      updated_at timestamptz not null default now(),
      primary key (consumer_group, topic, partition)
    );

    create table dead_letter (
      id uuid primary key default gen_random_uuid(),
      source text not null,
      stream text not null,
      -- where the record was: {"file":…,"line":…} / {"page":…} / {"topic":…,"partition":…,"offset":…}
      position jsonb not null default '{}',
      stage text not null check (stage in ('PARSE','VALIDATE','MAP','RESOLVE','UPSERT')),
      reason_code text not null,
      message text not null,
      -- the raw payload with personal information masked
      payload jsonb,
      payload_hash text not null,
      status text not null default 'OPEN' check (status in ('OPEN','REPLAYED','DISCARDED')),
      created_at timestamptz not null default now(),
      replayed_at timestamptz
    );
    create index dead_letter_source_idx on dead_letter (source, stream, created_at);
    create index dead_letter_reason_idx on dead_letter (reason_code);
    create index dead_letter_status_idx on dead_letter (status);
    -- the same bad record read again while its dead letter is still open is not stored twice
    create unique index dead_letter_open_uniq on dead_letter (source, stream, payload_hash, reason_code) where status = 'OPEN';

    create table outbox (
      seq bigint generated always as identity primary key,
      event_id uuid not null unique default gen_random_uuid(),
      type text not null,
      entity text not null,
      entity_id uuid not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      published_at timestamptz
    );
    create index outbox_unpublished_idx on outbox (seq) where published_at is null;

    -- hub-wide facts, e.g. the fingerprint of the PII key the store was written with
    create table hub_setting (
      name text primary key,
      value text not null,
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists hub_setting, outbox, dead_letter, consumed_offset, connector_cursor, sync_run, match, source_record cascade;`.execute(db);
}
