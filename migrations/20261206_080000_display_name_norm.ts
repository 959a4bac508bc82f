import { type Kysely, sql } from 'kysely';

/** Tables whose rows have a display name and, until now, no match form of it. */
const TABLES = ['grid', 'party_org', 'duty_item'] as const;

/**
 * `name_norm` on `grid`, `party_org` and `duty_item`: the match form of the name (half-width,
 * Simplified, dots unified, spaces out — `normalizeName` in src/domain/normalize.ts), which name
 * search compares, now that `name` keeps the name as the source wrote it (issue #13, "names kept
 * as written"; `admin_area`, `property_project`, `organization` and `person` have the column
 * already).
 *
 * Backfill: names written before this migration were stored normalised (half-width, Simplified,
 * whitespace collapsed), so their match form is the stored name with the name rules applied in
 * SQL — dot look-alikes to `·`, spaces out except between two Latin letters — which is what
 * `normalizeName` gives for such text. Nothing lost earlier is restored: the original spellings
 * of those names are gone; the next write of a record stores its name as written.
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} add column name_norm text`.execute(db);
    await sql`
      update ${sql.table(table)}
      set name_norm = regexp_replace(regexp_replace(name, '\\s*[·•．.・‧∙⋅]\\s*', '·', 'g'), '(?<![A-Za-z]) | (?![A-Za-z])', '', 'g')
    `.execute(db);
    await sql`alter table ${sql.table(table)} alter column name_norm set not null`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`alter table ${sql.table(table)} drop column name_norm`.execute(db);
  }
}
