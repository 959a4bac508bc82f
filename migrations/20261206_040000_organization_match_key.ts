import { type Kysely, sql } from 'kysely';
import { organizationMatchKeys } from '../src/ingest/write/identity/organization-match-keys';

/**
 * `organization.match_name` / `match_scope`: an organisation's name read as its unit type and
 * distinctive part (`STREET_OFFICE|大智`, `RESIDENTS_COMMITTEE|幸福`, `COMPANY|物业|安居`, or
 * `|<name>` for a name of no known type) and the 12-digit area that name is unique within (the
 * district for a street office or a department, the street for a residents' committee, the city
 * for a company, else the area the source gave). The identity step finds an incoming name's
 * candidates by these two columns (src/ingest/write/identity/organization-matching.ts), so "X街道办",
 * "X街道" and "X街道办事处" seen in different communities find one row.
 *
 * Rows written before this migration get their keys here, computed by the same code the write
 * path uses at the time the migration runs (the keys are derived data: a later rule change
 * recomputes them with a migration of its own).
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table organization add column match_name text;
    alter table organization add column match_scope text;
    create index organization_match_idx on organization (match_scope, match_name);
  `.execute(db);
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const { rows } = await sql<{ id: string; name: string; uscc: string | null; area_code: string | null }>`
      select o.id, o.name, o.uscc, a.code as area_code from organization o left join admin_area a on a.id = o.area_id
      where o.id > ${after}::uuid order by o.id limit 1000`.execute(db);
    if (rows.length === 0) break;
    const keys = await organizationMatchKeys(db, rows.map((r) => ({ name: r.name, areaCode: r.area_code, uscc: r.uscc })));
    await sql`
      update organization o set match_name = v.match_name, match_scope = v.match_scope
      from unnest(${rows.map((r) => r.id)}::uuid[], ${keys.map((k) => k.matchName)}::text[], ${keys.map((k) => k.matchScope)}::text[]) as v(id, match_name, match_scope)
      where o.id = v.id`.execute(db);
    after = rows[rows.length - 1]!.id;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index organization_match_idx;
    alter table organization drop column match_scope;
    alter table organization drop column match_name;
  `.execute(db);
}
