import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import { type Caller, isUnscoped } from '../../auth/caller';
import { COMMITTEE_DUTY_CASE, DISPATCHER_ID, DUTY_SHIFTED } from '../../governance/duty-shift';
import { CASE_AREA, CASE_LEAD_ID, type CaseConditions, OVERDUE, scopedCaseQuery } from '../case/case.repository';
import { areaIdWithinOrAbove, scopeCondition } from '../common/area-scope';
import type { CaseStatsDimension } from './case-stats.types';
import { bucketLabel, type TimeBucket } from './time-buckets';

/** Raw figures of one group, as SQL returns them (rates unrounded: the mapper rounds them). */
export interface CaseStatsRow {
  status: string | null;
  category: string | null;
  channel: string | null;
  area_code: string | null;
  area_name: string | null;
  grid_code: string | null;
  grid_name: string | null;
  period: string | null;
  handling_unit_id: string | null;
  handling_unit_name: string | null;
  handling_unit_kind: string | null;
  dispatcher_id: string | null;
  dispatcher_name: string | null;
  dispatcher_kind: string | null;
  duty_item_id: string | null;
  duty_item_code: string | null;
  duty_item_name: string | null;
  duty_item_list_type: string | null;
  count: number;
  closed_count: number;
  /** Cases closed after their due time or open past it. */
  overdue_count: number;
  on_time_rate: number | null;
  avg_hours_to_close: number | null;
  satisfaction_rate: number | null;
  returns_per_case: number | null;
  /** Duty-shifted cases (src/governance/duty-shift.ts). */
  duty_shifted_count: number;
  /** Cases with a duty item and a residents' committee handling: the base of the duty-shift rate. */
  committee_duty_count: number;
}

const REPORTED_AT = sql`c.reported_at`;
const period = (bucket: TimeBucket): ReadonlyArray<readonly [RawBuilder<unknown>, keyof CaseStatsRow]> => [[bucketLabel(bucket, REPORTED_AT), 'period']];

/** Key columns per dimension: [select expression, output column], in sort order. */
const DIMENSIONS: Record<CaseStatsDimension, ReadonlyArray<readonly [RawBuilder<unknown>, keyof CaseStatsRow]>> = {
  STATUS: [[sql`c.status`, 'status']],
  CATEGORY: [[sql`c.category`, 'category']],
  CHANNEL: [[sql`c.channel`, 'channel']],
  AREA: [[sql`__ca.code`, 'area_code'], [sql`__ca.name`, 'area_name']],
  GRID: [[sql`__cg.code`, 'grid_code'], [sql`__cg.name`, 'grid_name']],
  DAY: period('DAY'),
  WEEK: period('WEEK'),
  MONTH: period('MONTH'),
  QUARTER: period('QUARTER'),
  HANDLING_UNIT: [[sql`__chu.name`, 'handling_unit_name'], [sql`__chu.id`, 'handling_unit_id'], [sql`__chu.kind`, 'handling_unit_kind']],
  DISPATCHER: [[sql`__cdo.name`, 'dispatcher_name'], [sql`__cdo.id`, 'dispatcher_id'], [sql`__cdo.kind`, 'dispatcher_kind']],
  DUTY_ITEM: [[sql`__cdi.code`, 'duty_item_code'], [sql`__cdi.id`, 'duty_item_id'], [sql`__cdi.name`, 'duty_item_name'], [sql`__cdi.list_type`, 'duty_item_list_type']],
};

const FIGURES = [
  sql<number>`count(*)::int`.as('count'),
  sql<number>`(count(*) filter (where c.closed_at is not null))::int`.as('closed_count'),
  sql<number>`(count(*) filter (where ${OVERDUE}))::int`.as('overdue_count'),
  sql<number | null>`((count(*) filter (where c.closed_at is not null and c.due_at is not null and c.closed_at <= c.due_at))::float8
    / nullif(count(*) filter (where c.closed_at is not null and c.due_at is not null), 0))`.as('on_time_rate'),
  sql<number | null>`(avg(extract(epoch from (c.closed_at - c.reported_at)) / 3600) filter (where c.closed_at is not null))::float8`.as('avg_hours_to_close'),
  sql<number | null>`((count(*) filter (where c.satisfaction in ('SATISFIED', 'BASICALLY_SATISFIED')))::float8
    / nullif(count(*) filter (where c.satisfaction is not null), 0))`.as('satisfaction_rate'),
  sql<number | null>`avg(c.returns_count)::float8`.as('returns_per_case'),
  sql<number>`(count(*) filter (where ${DUTY_SHIFTED}))::int`.as('duty_shifted_count'),
  sql<number>`(count(*) filter (where ${COMMITTEE_DUTY_CASE}))::int`.as('committee_duty_count'),
];

/**
 * Case figures grouped by `dimensions` in ONE statement (grouping sets: the total and the
 * groups together), scoped to the caller and filtered by `conditions`. At most `maxGroups + 1`
 * groups are returned so the caller can tell when there are too many.
 */
export async function caseStats(
  db: Kysely<Database>,
  caller: Caller,
  conditions: CaseConditions,
  dimensions: readonly CaseStatsDimension[],
  maxGroups: number,
): Promise<{ total: CaseStatsRow; groups: CaseStatsRow[] }> {
  const keys = dimensions.flatMap((d) => DIMENSIONS[d]);
  let q = conditions.apply(scopedCaseQuery(db, caller));
  if (dimensions.includes('AREA')) q = q.leftJoin('admin_area as __ca', (j) => j.on(sql<SqlBool>`__ca.id = ${CASE_AREA}`));
  // a case inside the scope may name a grid outside it (filed against another community's grid):
  // it is counted, under no grid, so the other grid's code and name stay hidden
  const gridScope = scopeCondition(caller, sql`__cg.community_id`);
  if (dimensions.includes('GRID')) q = q.leftJoin('grid as __cg', (j) => (gridScope ? j.onRef('__cg.id', '=', 'c.grid_id').on(gridScope) : j.onRef('__cg.id', '=', 'c.grid_id')));
  // organisations are public (L1): the lead unit and the dispatcher show whatever their area
  if (dimensions.includes('HANDLING_UNIT')) q = q.leftJoin('organization as __chu', (j) => j.on(sql<SqlBool>`__chu.id = ${CASE_LEAD_ID}`));
  if (dimensions.includes('DISPATCHER')) q = q.leftJoin('organization as __cdo', (j) => j.on(sql<SqlBool>`__cdo.id = ${DISPATCHER_ID}`));
  // a duty item shows where its street's list is visible to the caller (as `dutyItems`), else the case counts under no item
  if (dimensions.includes('DUTY_ITEM')) {
    const itemScope = isUnscoped(caller) ? null : caller.areaScope.length === 0 ? sql<SqlBool>`false` : areaIdWithinOrAbove(sql`__cdi.street_id`, caller.areaScope);
    q = q.leftJoin('duty_item as __cdi', (j) => (itemScope ? j.onRef('__cdi.id', '=', 'c.duty_item_id').on(itemScope) : j.onRef('__cdi.id', '=', 'c.duty_item_id')));
  }
  const selectKeys = (Object.keys(EMPTY_KEYS) as (keyof CaseStatsRow)[]).map((column) => {
    const key = keys.find(([, c]) => c === column);
    return (key ? sql`${key[0]}::text` : sql`null::text`).as(column);
  });
  const grouping = keys.length === 0 ? sql<number>`0` : sql<number>`grouping(${sql.join(keys.map(([e]) => e))})`;
  let query = q.select([...selectKeys, ...FIGURES, grouping.as('__total')]);
  if (keys.length > 0) {
    query = query.groupBy(sql`grouping sets ((), (${sql.join(keys.map(([e]) => e))}))` as never).orderBy(sql`${grouping} desc`);
    for (const [e] of keys) query = query.orderBy(sql`${e} asc nulls last`);
  }
  const rows = (await query.limit(maxGroups + 2).execute()) as (CaseStatsRow & { __total: number })[];
  const allKeys = keys.length === 0 ? 0 : 2 ** keys.length - 1;
  const total = rows.find((r) => keys.length === 0 || r.__total === allKeys) ?? { ...EMPTY_KEYS, ...EMPTY_FIGURES };
  const groups = keys.length === 0 ? [] : rows.filter((r) => r.__total !== allKeys);
  return { total, groups };
}

const EMPTY_KEYS = {
  status: null,
  category: null,
  channel: null,
  area_code: null,
  area_name: null,
  grid_code: null,
  grid_name: null,
  period: null,
  handling_unit_id: null,
  handling_unit_name: null,
  handling_unit_kind: null,
  dispatcher_id: null,
  dispatcher_name: null,
  dispatcher_kind: null,
  duty_item_id: null,
  duty_item_code: null,
  duty_item_name: null,
  duty_item_list_type: null,
};
const EMPTY_FIGURES = {
  count: 0,
  closed_count: 0,
  overdue_count: 0,
  on_time_rate: null,
  avg_hours_to_close: null,
  satisfaction_rate: null,
  returns_per_case: null,
  duty_shifted_count: 0,
  committee_duty_count: 0,
};
