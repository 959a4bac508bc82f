import { type Kysely, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { badUserInput } from '../errors';
import { agedAtLeast, ELDERLY_AGE } from '../common/age';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { placedWithin, placeInScope, placeOf, readAreaCode, readGridCode } from '../common/area-scope';
import { type ColumnSet, selectColumns } from '../common/columns';
import type { ChildListSpec, ListSpec } from '../common/lists';
import { declareOrder, type OrderArg } from '../common/order';
import type { HouseholdFilter } from './household.filter';
import type { HouseholdRow } from './household.type';

/** The community of a household: its own, else its grid's. */
export const HOUSEHOLD_PLACE = placeOf('h', 'community_id');
/** The community of a household as an expression (for output, grouping and joins; filter with {@link HOUSEHOLD_PLACE}). */
export const HOUSEHOLD_COMMUNITY = HOUSEHOLD_PLACE.area;

const BY_NO = { by: sql`h.household_no`, type: 'text', direction: 'asc', id: sql`h.id` } as const;

/** Current residents of a household (residencies without an end). */
export const HOUSEHOLD_MEMBERS = sql<number>`(select count(*)::int from residency __hm where __hm.household_id = h.id and __hm.valid_to is null)`;

/** Orderings of the `households` list. */
export const HouseholdOrder = declareOrder(
  'Household',
  {
    HOUSEHOLD_NO: { by: sql`h.household_no`, type: 'text', description: 'Household number (户号) (default).' },
    MEMBER_COUNT: { by: HOUSEHOLD_MEMBERS, type: 'integer', description: 'Current residents (residencies without an end).' },
    UPDATED_AT: { by: sql`h.updated_at`, type: 'timestamptz', description: 'When the record last changed.' },
  },
  sql`h.id`,
  { field: 'HOUSEHOLD_NO', direction: 'ASC' },
);

/** Households in the caller's scope: `columns` of them (HOUSEHOLD_COLUMNS, household.type.ts), or every column. */
function households(db: Kysely<Database>, caller: Caller, columns?: ColumnSet) {
  const scope = placeInScope(caller, HOUSEHOLD_PLACE);
  let q = selectColumns(db.selectFrom('household as h'), 'h', columns);
  if (scope) q = q.where(scope);
  return q;
}

export function householdsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<HouseholdRow[]> {
  return households(db, caller).where('h.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

/** The `households` list. */
export function householdListSpec(filter: HouseholdFilter | null | undefined, orderBy?: OrderArg<keyof typeof HouseholdOrder.Field> | null): ListSpec {
  const apply = householdConditions(filter);
  return {
    order: HouseholdOrder.sortOrder(orderBy),
    base: (db, caller, columns) => apply(households(db, caller, columns)),
  };
}

/** The conditions of a household filter, validated once (lists and `householdStats`). */
export function householdConditions(filter: HouseholdFilter | null | undefined) {
  const area = filter?.area ? readAreaCode(filter.area, 'filter.area') : null;
  const grid = filter?.grid ? readGridCode(filter.grid, 'filter.grid') : null;
  const min = filter?.memberCountFrom ?? null;
  const max = filter?.memberCountTo ?? null;
  if (min !== null && (!Number.isInteger(min) || min < 0)) throw badUserInput('filter.memberCountFrom', 'filter.memberCountFrom: 0 or more');
  if (max !== null && (!Number.isInteger(max) || max < 0)) throw badUserInput('filter.memberCountTo', 'filter.memberCountTo: 0 or more');
  // biome-ignore lint: applies to household queries of any shape (lists, stats)
  return <Q extends SelectQueryBuilder<any, any, any>>(q: Q): Q => {
    // biome-ignore lint: the query's shape is the caller's
    let r: SelectQueryBuilder<any, any, any> = q;
    if (area) r = r.where(placedWithin(HOUSEHOLD_PLACE, [area]));
    if (grid) r = r.where('h.grid_id', '=', sql<string>`(select __g2.id from grid __g2 where __g2.code = ${grid})`);
    if (filter?.kind) r = r.where('h.kind', '=', filter.kind);
    if (min !== null) r = r.where(sql<SqlBool>`${HOUSEHOLD_MEMBERS} >= ${min}`);
    if (max !== null) r = r.where(sql<SqlBool>`${HOUSEHOLD_MEMBERS} <= ${max}`);
    if (filter?.hasElderly != null) {
      const elderly = sql<SqlBool>`exists (select 1 from residency __he join person __hp on __hp.id = __he.person_id
        where __he.household_id = h.id and __he.valid_to is null and ${agedAtLeast(sql`__hp.birth_date`, ELDERLY_AGE)})`;
      r = r.where(filter.hasElderly ? elderly : sql<SqlBool>`not ${elderly}`);
    }
    return r as Q;
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
