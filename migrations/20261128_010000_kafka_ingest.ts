import { type Kysely, sql } from 'kysely';

/**
 * Distributed ingestion (`huiju ingest`):
 * - `consumed_offset.high_watermark`: the partition's end offset the worker saw with its last
 *   batch, committed with the offset, so lag (high_watermark − next_offset) is a query;
 * - `snapshot_progress`: a full snapshot published to a `huiju.raw.<source>` topic ends with a
 *   marker on every partition; each worker adds the partition it reached to `reached` in its
 *   batch transaction, and the one that completes the set ends the residencies missing from it.
 * Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table consumed_offset add column high_watermark bigint;

    create table snapshot_progress (
      consumer_group text not null,
      snapshot_id text not null,
      source text not null,
      stream text not null,
      scope text not null,
      since timestamptz not null,
      as_of date not null,
      partitions integer not null check (partitions > 0),
      reached integer[] not null default '{}',
      residencies_ended integer,
      completed_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (consumer_group, snapshot_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table snapshot_progress;
    alter table consumed_offset drop column high_watermark;
  `.execute(db);
}
