import { type Kysely, sql } from 'kysely';

/**
 * Operator control of sources (`pauseSource`, `resumeSource`, `resetStream`):
 * - `source_pause`: one row per paused source (its configured id); no row means it runs. The
 *   scheduler skips a paused source and `huiju connectors sync` refuses it without `--force`.
 *   `paused_by` is the actor (a token subject, `api-key:<id>`, `development`, `cli`).
 * - `access_log.target`: what an audited act concerned when it is not a row with a uuid
 *   (`source:<id>`, `source:<id>/<stream>`), so operator acts share the one access log.
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table source_pause (
      source_id text primary key,
      paused_at timestamptz not null default now(),
      paused_by text not null,
      reason text
    );
    alter table access_log add column target text;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table access_log drop column target;
    drop table source_pause;
  `.execute(db);
}
