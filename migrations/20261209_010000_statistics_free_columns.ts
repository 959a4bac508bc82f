import { type Kysely, sql } from 'kysely';

/**
 * Statistics target 0 for the columns no statement filters, joins or sorts on (#16): a row's field
 * provenance (`provenance`), ciphertexts (`…_enc`) and payload hashes (`payload_hash`) — the rule
 * of `isStatisticsFree` in src/db/analyze-changed.ts. ANALYZE (after every bulk load, and
 * autovacuum's) then skips them: their statistics would guide no plan, and their long, distinct
 * values are the costliest to gather — ANALYZE of a loaded `ci` demo's persons took 182 ms with
 * them and about half without. A later table with such a column sets the target in its own migration.
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await setTargets(db, 0);
}

export async function down(db: Kysely<any>): Promise<void> {
  await setTargets(db, -1);
}

/** Sets the statistics target of every such column of the schema's tables (-1: the default). */
async function setTargets(db: Kysely<any>, target: number): Promise<void> {
  const { rows } = await sql<{ table: string; column: string }>`
    select c.relname as "table", a.attname as "column"
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
      and a.attnum > 0 and not a.attisdropped
      and (a.attname in ('provenance', 'payload_hash') or a.attname like '%\\_enc')
    order by 1, 2`.execute(db);
  for (const r of rows) await sql`alter table ${sql.table(r.table)} alter column ${sql.ref(r.column)} set statistics ${sql.lit(target)}`.execute(db);
}
