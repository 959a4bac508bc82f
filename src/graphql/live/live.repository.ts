import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { orTrue, scopeCondition } from '../common/area-scope';
import { type CaseConditions, scopedCaseQuery } from '../case/case.repository';

/**
 * Which of the changed cases `ids` the caller sees and `conditions` (a subscription's
 * `CaseFilter`) keeps, in one statement: the same scope and filter SQL as the `cases` query, so a
 * subscription delivers exactly what a query would list.
 */
export async function visibleChangedCases(db: Kysely<Database>, caller: Caller, conditions: CaseConditions, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await conditions
    .apply(scopedCaseQuery(db, caller).select('c.id'))
    .where('c.id', '=', sql<string>`any(${[...ids]}::uuid[])`)
    .execute();
  return new Set(rows.map((r: { id: string }) => r.id));
}

/**
 * Entities whose rows count in an area's figures (`areaStats`), each with the SQL of its rows'
 * community (`$ids` the changed rows). A change of any other entity (a person's name, a building)
 * leaves the figures as they were.
 */
const AREA_OF_CHANGED: Readonly<Record<string, (ids: readonly string[]) => RawBuilder<unknown>>> = {
  case: (ids) => sql`select coalesce(c.area_id, (select g.community_id from grid g where g.id = c.grid_id)) as area_id from case_record c where c.id = any(${[...ids]}::uuid[])`,
  household: (ids) => sql`select coalesce(h.community_id, (select g.community_id from grid g where g.id = h.grid_id)) from household h where h.id = any(${[...ids]}::uuid[])`,
  residency: (ids) =>
    sql`select coalesce(h.community_id, (select g.community_id from grid g where g.id = h.grid_id)) from residency r join household h on h.id = r.household_id where r.id = any(${[...ids]}::uuid[])`,
  staffRole: (ids) => sql`select coalesce(sr.area_id, (select g.community_id from grid g where g.id = sr.grid_id)) from staff_role sr where sr.id = any(${[...ids]}::uuid[])`,
  partyMember: (ids) => sql`select po.area_id from party_member pm join party_org po on po.id = pm.party_org_id where pm.id = any(${[...ids]}::uuid[])`,
  activity: (ids) => sql`select a.area_id from activity a where a.id = any(${[...ids]}::uuid[])`,
  contactAssignment: (ids) =>
    sql`select coalesce(h.community_id, (select g.community_id from grid g where g.id = h.grid_id)) from contact_assignment_household cah join household h on h.id = cah.household_id where cah.assignment_id = any(${[...ids]}::uuid[])`,
};

/** Whether changes of `entity` can move an area's figures (cheap pre-filter before any SQL). */
export function countsInAreaStats(entity: string): boolean {
  return entity in AREA_OF_CHANGED;
}

/**
 * Whether any of the changed rows (ids by entity) lies inside the subtree of the area with path
 * `areaPath` and inside the caller's scope: one statement whatever the number of changes.
 */
export async function changesWithinArea(db: Kysely<Database>, caller: Caller, areaPath: string, idsByEntity: ReadonlyMap<string, readonly string[]>): Promise<boolean> {
  const parts = [...idsByEntity].filter(([entity, ids]) => ids.length > 0 && entity in AREA_OF_CHANGED).map(([entity, ids]) => AREA_OF_CHANGED[entity]!(ids));
  if (parts.length === 0) return false;
  const scope: RawBuilder<SqlBool> = orTrue(scopeCondition(caller, sql`x.area_id`));
  const { rows } = await sql<{ hit: boolean }>`
    select exists (
      select 1 from (${sql.join(parts, sql` union all `)}) as x(area_id)
      where x.area_id in (select s.id from admin_area s where s.path like ${areaPath} || '%') and ${scope}
    ) as hit`.execute(db);
  return rows[0]?.hit === true;
}
