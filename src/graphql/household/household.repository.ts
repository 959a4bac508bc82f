import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { areaIdWithin, readAreaCode, readGridCode, scopeCondition } from '../common/area-scope';
import type { ChildListSpec, ListSpec } from '../common/lists';
import type { HouseholdFilter } from './household.filter';
import type { HouseholdRow } from './household.type';

/** The community of a household: its own, else its grid's. */
export const HOUSEHOLD_COMMUNITY = sql`coalesce(h.community_id, (select __g.community_id from grid __g where __g.id = h.grid_id))`;

const BY_NO = { by: sql`h.household_no`, type: 'text', direction: 'asc', id: sql`h.id` } as const;

function households(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, HOUSEHOLD_COMMUNITY);
  let q = db.selectFrom('household as h').selectAll('h');
  if (scope) q = q.where(scope);
  return q;
}

export function householdsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<HouseholdRow[]> {
  return households(db, caller).where('h.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

/** The `households` list. */
export function householdListSpec(filter: HouseholdFilter | null | undefined): ListSpec {
  const area = filter?.area ? readAreaCode(filter.area, 'filter.area') : null;
  const grid = filter?.grid ? readGridCode(filter.grid, 'filter.grid') : null;
  return {
    order: BY_NO,
    base(db, caller) {
      let q = households(db, caller);
      if (area) q = q.where(areaIdWithin(HOUSEHOLD_COMMUNITY, [area]));
      if (grid) q = q.where('h.grid_id', '=', sql<string>`(select __g2.id from grid __g2 where __g2.code = ${grid})`);
      if (filter?.kind) q = q.where('h.kind', '=', filter.kind);
      return q;
    },
  };
}

/** Households of grids. */
export const householdsByGridSpec: ChildListSpec = { order: BY_NO, parent: sql`h.grid_id`, base: households };

/** Households of dwellings. */
export const householdsByDwellingSpec: ChildListSpec = { order: BY_NO, parent: sql`h.dwelling_id`, base: households };

/** Households assigned to 包片联户 contact assignments (short lists). */
export function householdsOfAssignments(db: Kysely<Database>, caller: Caller, assignmentIds: readonly string[]) {
  return households(db, caller)
    .innerJoin('contact_assignment_household as cah', 'cah.household_id', 'h.id')
    .select('cah.assignment_id as __parent')
    .where('cah.assignment_id', '=', sql<string>`any(${[...assignmentIds]}::uuid[])`)
    .orderBy('h.household_no')
    .execute();
}
