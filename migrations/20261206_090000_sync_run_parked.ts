import { type Kysely, sql } from 'kysely';

/**
 * Parked records in a sync run's counters (`src/ingest/park/`): `records_parked` — records the
 * run read that refer to a row the store did not hold yet and were parked to wait for it (so a
 * run accounts for every record it read: read = applied + skipped + dead letters + parked);
 * `records_unparked` — records parked earlier (by this or any run, of any source) that the run's
 * batches applied once the row they waited for had landed. Runs recorded before this migration
 * count 0 of both (their parked records, if any, were counted nowhere).
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table sync_run
      add column records_parked bigint not null default 0,
      add column records_unparked bigint not null default 0
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sync_run drop column records_parked, drop column records_unparked`.execute(db);
}
