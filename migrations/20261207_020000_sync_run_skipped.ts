import { type Kysely, sql } from 'kysely';

/**
 * Records a connector leaves out on purpose in a sync run's counters: `skipped_reasons` — reason
 * code → count (`{"OTHER_STREET": 12}`), what the stream's `skipped` messages said
 * (`SkippedRecordsMessage`, src/sdk/connector.ts): another street's rows in a district-wide
 * export, files of another street in a shared folder. They are not read, so they are in no other
 * counter (read = applied + skipped + dead letters + parked still holds). Runs recorded before
 * this migration have `{}` (what their connectors left out was counted nowhere).
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table sync_run add column skipped_reasons jsonb not null default '{}'::jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sync_run drop column skipped_reasons`.execute(db);
}
