import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { agedAtLeast, OLD_AGE } from '../common/age';
import { HAS_GRID_WORKER } from '../grid/grid.repository';
import { type Place, placeInScope, placeOf, scopeCondition } from '../common/area-scope';

/** Raw figures of one area or grid. */
export interface AreaStatsRow {
  area_id: string;
  households: number;
  residents: number;
  /** Residents with a current FLOATING (流动人口) residency there. */
  floating_residents: number;
  /** Residents aged 80+ (China time) who are the only current resident of their household there. */
  elderly_living_alone: number;
  party_members: number;
  households_with_contact: number;
  grid_workers: number;
  volunteers: number;
  volunteer_hours: number;
  cases: number;
  open_cases: number;
  /** Grids there without a current grid worker (for a grid: 1 or 0). */
  grids_without_worker: number;
}

/** How "inside the place" reads for each kind of row (the place is the outer row `p`). */
interface PlaceMembership {
  household(h: RawBuilder<unknown>): RawBuilder<SqlBool>;
  staff: RawBuilder<SqlBool>;
  caseRow: RawBuilder<SqlBool>;
  grid: RawBuilder<SqlBool>;
  /** Party members counted for the place. */
  partyMembers(inScope: (a: RawBuilder<unknown>) => RawBuilder<SqlBool>): RawBuilder<number>;
  /** Hours counted for the place. */
  volunteerHours(inScope: (a: RawBuilder<unknown>) => RawBuilder<SqlBool>): RawBuilder<number>;
}

/** Households (`h`), staff roles (`sr`) and cases (`c`) are placed by their own area, else their grid's community. */
const HOUSEHOLD = placeOf('h', 'community_id');
const STAFF = placeOf('sr');
const CASES = placeOf('c');

/** Areas: everything inside the area's subtree (`path like area.path || '%'`). */
const AREA: PlaceMembership = (() => {
  const ids = sql`select __s.id from admin_area __s where __s.path like p.path || '%'`;
  const sub = sql`(${ids})`;
  return {
    household: () => HOUSEHOLD.within(ids),
    staff: STAFF.within(ids),
    caseRow: CASES.within(ids),
    grid: sql<SqlBool>`g.community_id in ${sub}`,
    partyMembers: (inScope) =>
      sql<number>`(select count(*)::int from party_member pm join party_org po on po.id = pm.party_org_id
        where po.area_id in ${sub} and ${inScope(sql`po.area_id`)})`,
    volunteerHours: (inScope) =>
      sql<number>`(select coalesce(sum(ap.hours), 0)::float8 from activity act join activity_participant ap on ap.activity_id = act.id
        where act.area_id in ${sub} and ${inScope(sql`act.area_id`)})`,
  };
})();

/**
 * Grids: households, staff and cases of the grid. Activities and party organisations have no grid:
 * a grid's party members are the party members currently living in its households, its volunteer
 * hours those given by its current residents (in activities inside the caller's scope).
 */
const GRID: PlaceMembership = {
  household: () => sql<SqlBool>`h.grid_id = p.id`,
  staff: sql<SqlBool>`sr.grid_id = p.id`,
  caseRow: sql<SqlBool>`c.grid_id = p.id`,
  grid: sql<SqlBool>`g.id = p.id`,
  partyMembers: () =>
    sql<number>`(select count(distinct pm.person_id)::int from party_member pm
      where exists (select 1 from residency r join household h on h.id = r.household_id where r.person_id = pm.person_id and r.valid_to is null and h.grid_id = p.id))`,
  volunteerHours: (inScope) =>
    sql<number>`(select coalesce(sum(ap.hours), 0)::float8 from activity act join activity_participant ap on ap.activity_id = act.id
      where ${inScope(sql`act.area_id`)} and exists (select 1 from residency r join household h on h.id = r.household_id
        where r.person_id = ap.person_id and r.valid_to is null and h.grid_id = p.id))`,
};

/**
 * Figures of many places in ONE statement, for a scoped caller inside its scope too.
 * "Current" means `valid_to is null`. Volunteer hours are the service records
 * (`activity_participant.hours`) of every activity held there, whatever its type.
 */
async function placeStats(db: Kysely<Database>, caller: Caller, table: 'admin_area' | 'grid', m: PlaceMembership, ids: readonly string[]): Promise<AreaStatsRow[]> {
  const inScope = (areaId: RawBuilder<unknown>) => scopeCondition(caller, areaId) ?? sql<SqlBool>`true`;
  const placeIn = (place: Place) => placeInScope(caller, place) ?? sql<SqlBool>`true`;
  const hh = m.household(sql`h`);
  const currentIn = sql`from residency r join household h on h.id = r.household_id where r.valid_to is null and ${hh} and ${placeIn(HOUSEHOLD)}`;
  const result = await sql<AreaStatsRow>`
    select p.id as area_id,
      (select count(*)::int from household h where ${hh} and ${placeIn(HOUSEHOLD)}) as households,
      __res.residents, __res.floating_residents, __res.elderly_living_alone,
      ${m.partyMembers(inScope)} as party_members,
      (select count(distinct h.id)::int from household h
        join contact_assignment_household cah on cah.household_id = h.id
        join contact_assignment ca on ca.id = cah.assignment_id and ca.valid_to is null
        where ${hh} and ${placeIn(HOUSEHOLD)}) as households_with_contact,
      (select count(distinct sr.person_id)::int from staff_role sr
        where sr.role = 'GRID_WORKER' and sr.valid_to is null and ${m.staff} and ${placeIn(STAFF)}) as grid_workers,
      (select count(distinct sr.person_id)::int from staff_role sr
        where sr.role = 'VOLUNTEER' and sr.valid_to is null and ${m.staff} and ${placeIn(STAFF)}) as volunteers,
      ${m.volunteerHours(inScope)} as volunteer_hours,
      (select count(*)::int from case_record c where ${m.caseRow} and ${placeIn(CASES)}) as cases,
      (select count(*)::int from case_record c where c.status not in ('CLOSED', 'REJECTED', 'ARCHIVED')
        and ${m.caseRow} and ${placeIn(CASES)}) as open_cases,
      (select count(*)::int from grid g where ${m.grid} and ${inScope(sql`g.community_id`)}
        and not ${HAS_GRID_WORKER}) as grids_without_worker
    from ${sql.table(table)} p
    -- the residents' figures in one pass over the place's current residencies (not one per figure)
    cross join lateral (select count(distinct r.person_id)::int as residents,
        (count(distinct r.person_id) filter (where r.category = 'FLOATING'))::int as floating_residents,
        (count(distinct r.person_id) filter (where
          not exists (select 1 from residency r2 where r2.household_id = r.household_id and r2.valid_to is null and r2.person_id <> r.person_id)
          and exists (select 1 from person __e where __e.id = r.person_id and ${agedAtLeast(sql`__e.birth_date`, OLD_AGE)})))::int as elderly_living_alone
      ${currentIn}) __res
    where p.id = any(${[...ids]}::uuid[])`.execute(db);
  return result.rows;
}

/** Figures of many areas in ONE statement: every figure counts rows inside the area's subtree. */
export function areaStats(db: Kysely<Database>, caller: Caller, areaIds: readonly string[]): Promise<AreaStatsRow[]> {
  return placeStats(db, caller, 'admin_area', AREA, areaIds);
}

/** Figures of many grids in ONE statement (same figures as areas; see {@link GRID} for party members and hours). */
export function gridStats(db: Kysely<Database>, caller: Caller, gridIds: readonly string[]): Promise<AreaStatsRow[]> {
  return placeStats(db, caller, 'grid', GRID, gridIds);
}
