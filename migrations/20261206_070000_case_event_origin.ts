import { type Kysely, sql } from 'kysely';

/**
 * `case_event.origin`: who recorded a step of a case's history — `SOURCE` (the write path, from a
 * source system's record) or `HUB` (a case-flow mutation or the overdue escalation in the hub).
 * A newer source version replaces only the `SOURCE` steps; the hub's own steps stay in the
 * history, re-numbered into time order (src/ingest/write/apply-changes.ts `replaceChildren`).
 *
 * Steps recorded before this migration are all `SOURCE` (the hub's earlier moves cannot be told
 * apart from a source's step after the fact; `case_command` still journals them).
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table case_event add column origin text not null default 'SOURCE' check (origin in ('SOURCE', 'HUB'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table case_event drop column origin`.execute(db);
}
