import { type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { scopedActivities, activityConditions } from '../activity/activity.repository';
import type { ActivityFilter } from '../activity/activity.filter';
import { agedAtLeast, OLD_AGE, ELDERLY_AGE } from '../common/age';
import { placeInScope } from '../common/area-scope';
import { HOUSEHOLD_COMMUNITY, HOUSEHOLD_MEMBERS, HOUSEHOLD_PLACE, householdConditions } from '../household/household.repository';
import type { HouseholdFilter } from '../household/household.filter';
import { personConditions, scopedPersons } from '../person/person.repository';
import type { PersonFilter } from '../person/person.filter';
import { type GroupKey, groupedRows } from './grouping';
import { bucketLabel, type TimeBucket } from './time-buckets';

/** Age bands of personStats (whole years, China time). */
export const AGE_BANDS = ['0-17', '18-59', '60-79', '80+'] as const;

// ---------------------------------------------------------------------------------------------
// persons

export type PersonStatsDimension = 'AREA' | 'GRID' | 'SEX' | 'AGE_BAND' | 'RESIDENCY_CATEGORY' | 'TAG' | 'POLITICAL_STATUS';
/** Dimensions whose keys are L4 attributes: their groups follow the small-group rule. */
export const L4_PERSON_DIMENSIONS: readonly PersonStatsDimension[] = ['TAG', 'POLITICAL_STATUS'];

const PERSON_KEY_COLUMNS = ['area_code', 'area_name', 'grid_code', 'grid_name', 'sex', 'age_band', 'residency_category', 'tag', 'political_status'] as const;
type PersonKeyColumn = (typeof PERSON_KEY_COLUMNS)[number];

export type PersonStatsRow = Record<PersonKeyColumn, string | null> & { count: number };

const AGE_BAND = sql`case when p.birth_date is null then null
  when ${agedAtLeast(sql`p.birth_date`, OLD_AGE)} then '80+'
  when ${agedAtLeast(sql`p.birth_date`, ELDERLY_AGE)} then '60-79'
  when ${agedAtLeast(sql`p.birth_date`, 18)} then '18-59'
  else '0-17' end`;

const PERSON_DIMENSIONS: Record<PersonStatsDimension, readonly GroupKey<PersonKeyColumn>[]> = {
  AREA: [[sql`__pa.code`, 'area_code'], [sql`__pa.name`, 'area_name']],
  GRID: [[sql`__pg.code`, 'grid_code'], [sql`__pg.name`, 'grid_name']],
  SEX: [[sql`p.sex`, 'sex']],
  AGE_BAND: [[AGE_BAND, 'age_band']],
  RESIDENCY_CATEGORY: [[sql`__cur.category`, 'residency_category']],
  TAG: [[sql`__t.tag`, 'tag']],
  POLITICAL_STATUS: [[sql`p.political_status`, 'political_status']],
};

/**
 * Person figures grouped by `dimensions`, in ONE statement. A person's AREA, GRID and
 * RESIDENCY_CATEGORY are those of their current residency inside the caller's scope (the latest
 * begun, when several); persons without one are in the null group. TAG groups overlap (a person
 * with two tags is in two groups; one without tags in the null group): `count` is distinct persons.
 */
export function personStats(db: Kysely<Database>, caller: Caller, filter: PersonFilter | null, dimensions: readonly PersonStatsDimension[]) {
  const apply = personConditions(filter);
  const hhScope = placeInScope(caller, HOUSEHOLD_PLACE) ?? sql<SqlBool>`true`;
  // biome-ignore lint: joins added per dimension
  let q: SelectQueryBuilder<any, any, any> = apply(scopedPersons(db, caller), caller, false).clearSelect();
  if (dimensions.some((d) => d === 'AREA' || d === 'GRID' || d === 'RESIDENCY_CATEGORY')) {
    const current = sql`(select r.category, h.grid_id, ${HOUSEHOLD_COMMUNITY} as community_id
      from residency r join household h on h.id = r.household_id
      where r.person_id = p.id and r.valid_to is null and ${hhScope}
      order by r.valid_from desc nulls last, r.id limit 1)`;
    q = q.leftJoinLateral(current.as('__cur'), (j) => j.onTrue());
  }
  if (dimensions.includes('AREA')) q = q.leftJoin('admin_area as __pa', '__pa.id', '__cur.community_id');
  if (dimensions.includes('GRID')) q = q.leftJoin('grid as __pg', '__pg.id', '__cur.grid_id');
  if (dimensions.includes('TAG')) q = q.leftJoinLateral(sql`(select unnest(p.tags) as tag)`.as('__t'), (j) => j.onTrue());
  const keys = dimensions.flatMap((d) => PERSON_DIMENSIONS[d]);
  const empty = { ...Object.fromEntries(PERSON_KEY_COLUMNS.map((c) => [c, null])), count: 0 } as PersonStatsRow;
  return groupedRows<PersonStatsRow, PersonKeyColumn>(q, PERSON_KEY_COLUMNS, keys, [sql<number>`count(distinct p.id)::int`.as('count')], empty);
}

// ---------------------------------------------------------------------------------------------
// households

export type HouseholdStatsDimension = 'AREA' | 'GRID' | 'KIND' | 'SIZE';
const HOUSEHOLD_KEY_COLUMNS = ['area_code', 'area_name', 'grid_code', 'grid_name', 'kind', 'size'] as const;
type HouseholdKeyColumn = (typeof HOUSEHOLD_KEY_COLUMNS)[number];
export type HouseholdStatsRow = Record<HouseholdKeyColumn, string | null> & { count: number; members: number };

const HOUSEHOLD_DIMENSIONS: Record<HouseholdStatsDimension, readonly GroupKey<HouseholdKeyColumn>[]> = {
  AREA: [[sql`__ha.code`, 'area_code'], [sql`__ha.name`, 'area_name']],
  GRID: [[sql`__hg.code`, 'grid_code'], [sql`__hg.name`, 'grid_name']],
  KIND: [[sql`h.kind`, 'kind']],
  SIZE: [[sql`case when ${HOUSEHOLD_MEMBERS} >= 5 then '5+' else ${HOUSEHOLD_MEMBERS}::text end`, 'size']],
};

/** Household figures grouped by `dimensions`, in ONE statement (AREA: the household's community). */
export function householdStats(db: Kysely<Database>, caller: Caller, filter: HouseholdFilter | null, dimensions: readonly HouseholdStatsDimension[]) {
  const apply = householdConditions(filter);
  const scope = placeInScope(caller, HOUSEHOLD_PLACE);
  let q = db.selectFrom('household as h');
  if (scope) q = q.where(scope);
  q = apply(q);
  if (dimensions.includes('AREA')) q = q.leftJoin('admin_area as __ha', (j) => j.on(sql<SqlBool>`__ha.id = ${HOUSEHOLD_COMMUNITY}`)) as typeof q;
  if (dimensions.includes('GRID')) q = q.leftJoin('grid as __hg', '__hg.id', 'h.grid_id') as typeof q;
  const keys = dimensions.flatMap((d) => HOUSEHOLD_DIMENSIONS[d]);
  const empty = { ...Object.fromEntries(HOUSEHOLD_KEY_COLUMNS.map((c) => [c, null])), count: 0, members: 0 } as HouseholdStatsRow;
  return groupedRows<HouseholdStatsRow, HouseholdKeyColumn>(
    q,
    HOUSEHOLD_KEY_COLUMNS,
    keys,
    [sql<number>`count(*)::int`.as('count'), sql<number>`coalesce(sum(${HOUSEHOLD_MEMBERS}), 0)::int`.as('members')],
    empty,
  );
}

// ---------------------------------------------------------------------------------------------
// activities

export type ActivityStatsDimension = 'AREA' | 'TYPE' | TimeBucket;
export const ACTIVITY_PERIODS: readonly ActivityStatsDimension[] = ['DAY', 'WEEK', 'MONTH', 'QUARTER'];
const ACTIVITY_KEY_COLUMNS = ['area_code', 'area_name', 'type', 'period'] as const;
type ActivityKeyColumn = (typeof ACTIVITY_KEY_COLUMNS)[number];
export type ActivityStatsRow = Record<ActivityKeyColumn, string | null> & { count: number; participants: number; hours: number };

function activityKeys(d: ActivityStatsDimension): readonly GroupKey<ActivityKeyColumn>[] {
  if (d === 'AREA') return [[sql`__aa.code`, 'area_code'], [sql`__aa.name`, 'area_name']];
  if (d === 'TYPE') return [[sql`act.type`, 'type']];
  return [[bucketLabel(d, sql`act.start_at`) as RawBuilder<unknown>, 'period']];
}

/**
 * Activity figures grouped by `dimensions`, in ONE statement: activities, participations
 * (person × activity) and the hours recorded for them (the volunteer service records). AREA is the
 * area the activity was held in; a period is its start's, in China time (no start: null group).
 */
export function activityStats(db: Kysely<Database>, caller: Caller, filter: ActivityFilter | null, dimensions: readonly ActivityStatsDimension[]) {
  const apply = activityConditions(filter);
  let q = apply(scopedActivities(db, caller)).clearSelect().leftJoin('activity_participant as __ap', '__ap.activity_id', 'act.id');
  if (dimensions.includes('AREA')) q = q.leftJoin('admin_area as __aa', '__aa.id', 'act.area_id') as typeof q;
  const keys = dimensions.flatMap(activityKeys);
  const empty = { ...Object.fromEntries(ACTIVITY_KEY_COLUMNS.map((c) => [c, null])), count: 0, participants: 0, hours: 0 } as ActivityStatsRow;
  return groupedRows<ActivityStatsRow, ActivityKeyColumn>(
    q,
    ACTIVITY_KEY_COLUMNS,
    keys,
    [
      sql<number>`count(distinct act.id)::int`.as('count'),
      sql<number>`count(__ap.person_id)::int`.as('participants'),
      sql<number>`coalesce(sum(__ap.hours), 0)::float8`.as('hours'),
    ],
    empty,
  );
}
