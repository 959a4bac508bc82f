import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Caller } from '../../auth/caller';
import type { Database } from '../../db/database';
import type { FusionIndicatorDeclaration, FusionSqlPeriod } from '../../governance/fusion-index/fusion-index.config';
import type { FusionPeriod } from '../../governance/fusion-index/fusion-period';
import { CHINA_TODAY, HUB_TIME_ZONE } from '../stats/time-buckets';
import { CASE_AREA } from '../case/case.repository';
import { orTrue, scopeCondition } from '../common/area-scope';

/** Σ numerator, Σ denominator and the row count of one indicator over one area's subtree. */
export interface FusionFigureRow {
  target_id: string;
  indicator: string;
  num: number;
  den: number;
  rows: number;
}

/** One counted row of an indicator, as listed. */
export interface FusionListedRow {
  /** Position of the key asked for (1-based) in the keys passed. */
  key_no: number;
  target_id: string;
  indicator: string;
  row_id: string;
  entity: string;
  node_id: string;
  label: string;
  area_code: string;
  num: number;
  den: number;
}

/** A page of rows asked for: whose (area, indicator) and after which position (`area code`, `row id`). */
export interface FusionRowsKey {
  targetId: string;
  indicator: string;
  after: { v: string | null; id: string } | null;
}

/**
 * The period as SQL: China-time bounds (src/graphql/stats/time-buckets.ts), the as-of day, the
 * freshness instant, and the caller's areas: `within` and `cases` read the `__in` set of areas
 * and the `__pc` cases of the statement ({@link fusionFigures}, {@link fusionRowPages}).
 */
export function fusionSqlPeriod(caller: Caller, period: FusionPeriod, freshWithinHours: number): FusionSqlPeriod {
  const tz = sql.lit(HUB_TIME_ZONE);
  const start = sql`(cast(${period.startDay} as timestamp) at time zone ${tz})`;
  const end = sql`(cast(${period.endDay} as timestamp) at time zone ${tz})`;
  return {
    start,
    end,
    asOf: sql`least(cast(${period.endDay} as date) - 1, ${CHINA_TODAY})`,
    at: sql`least(${end}, now())`,
    months: period.months,
    freshWithinHours,
    within: (area) => sql`(${area} in (select __in.id from __in) and ${orTrue(scopeCondition(caller, area as never))})`,
    cases: sql`__pc`,
  };
}


/** `__pc`: the period's cases inside the areas asked for and the caller's scope, selected once. */
function periodCases(p: FusionSqlPeriod): RawBuilder<unknown> {
  return sql`__pc as materialized (select c.*, ${CASE_AREA} as case_area from case_record c
    where c.reported_at >= ${p.start} and c.reported_at < ${p.end} and ${p.within(CASE_AREA)})`;
}

/** The rows of the indicators, one `union all` with fixed column types (each indicator keeps to `p.within`). */
function rowsOf(indicators: readonly FusionIndicatorDeclaration[], p: FusionSqlPeriod): RawBuilder<unknown> {
  const branches = indicators.map(
    (ind) => sql`select cast(${ind.id} as text) as indicator, cast(x.row_id as uuid) as row_id, cast(x.entity as text) as entity,
      cast(x.node_id as uuid) as node_id, cast(x.label as text) as label, cast(x.area_id as uuid) as area_id,
      cast(x.num as int) as num, cast(x.den as int) as den
    from (${ind.rows(p)}) x`,
  );
  return sql.join(branches, sql` union all `);
}

/**
 * `__map`: every (area, target) pair where the area lies inside the target's subtree (a few
 * hundred rows: areas, not data); `__in`: the areas inside any target, with their codes.
 */
function targetsAndSubtrees(targetIds: readonly string[]): RawBuilder<unknown> {
  return sql`__map as materialized (select __a.id as area_id, __ta.id as target_id, __a.code from admin_area __a
      join admin_area __ta on __a.path like __ta.path || '%' where __ta.id = any(${[...targetIds]}::uuid[])),
    __in as materialized (select distinct area_id as id, code from __map)`;
}

/**
 * Runs `statement` in a transaction with PostgreSQL's JIT off. The index's statements are wide (a
 * hundred expressions over every household and case of a district), so their cost estimate
 * passes `jit_optimize_above_cost` and compiling them costs seconds, more than running them
 * (district of the perf demo: 2.3 s without JIT, 12 s and more with it).
 */
async function withoutJit<T>(db: Kysely<Database>, statement: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return statement(trx);
  });
}

/**
 * Σ numerator and Σ denominator of every indicator for every target area (its subtree), in ONE
 * statement whatever the number of areas: the indicators' rows are selected once for the union
 * of the subtrees and summed per target. Only rows inside the caller's scope count (`p`, made
 * for the caller by {@link fusionSqlPeriod}).
 */
export async function fusionFigures(
  db: Kysely<Database>,
  targetIds: readonly string[],
  indicators: readonly FusionIndicatorDeclaration[],
  p: FusionSqlPeriod,
): Promise<FusionFigureRow[]> {
  const result = await withoutJit(db, (trx) => sql<FusionFigureRow>`with ${targetsAndSubtrees(targetIds)}, ${periodCases(p)},
    __r as materialized (${rowsOf(indicators, p)}),
    __ra as materialized (select __r.indicator, __r.area_id, sum(__r.num) as num, sum(__r.den) as den, count(*) as n from __r group by __r.indicator, __r.area_id)
    select __map.target_id, __ra.indicator, cast(sum(__ra.num) as int) as num, cast(sum(__ra.den) as int) as den, cast(sum(__ra.n) as int) as rows
    from __ra join __map on __map.area_id = __ra.area_id
    group by __map.target_id, __ra.indicator`.execute(trx));
  return result.rows;
}

/**
 * Pages of counted rows for many (area, indicator) pairs in ONE statement: the rows in order of
 * (area code, row id), each key cut at `first + 1` after its own cursor (`key_no` says whose).
 */
export async function fusionRowPages(
  db: Kysely<Database>,
  keys: readonly FusionRowsKey[],
  indicators: readonly FusionIndicatorDeclaration[],
  p: FusionSqlPeriod,
  first: number,
): Promise<FusionListedRow[]> {
  const targetIds = [...new Set(keys.map((k) => k.targetId))];
  const result = await withoutJit(db, (trx) => sql<FusionListedRow>`with ${targetsAndSubtrees(targetIds)},
    __k as (select * from unnest(${keys.map((k) => k.targetId)}::uuid[], ${keys.map((k) => k.indicator)}::text[],
      ${keys.map((k) => k.after?.v ?? null)}::text[], ${keys.map((k) => k.after?.id ?? null)}::uuid[]) with ordinality as __k(target_id, indicator, after_v, after_id, key_no)),
    ${periodCases(p)},
    __r as materialized (${rowsOf(indicators, p)}),
    __p as (
      select __k.key_no, __k.target_id, __r.indicator, __r.row_id, __r.entity, __r.node_id, __r.label, __map.code as area_code, __r.num, __r.den,
        row_number() over (partition by __k.key_no order by __map.code, __r.row_id) as __rn
      from __k join __map on __map.target_id = __k.target_id
        join __r on __r.area_id = __map.area_id and __r.indicator = __k.indicator
      where __k.after_id is null or (__map.code, __r.row_id) > (__k.after_v, __k.after_id))
    select cast(key_no as int) as key_no, target_id, indicator, row_id, entity, node_id, label, area_code, num, den from __p
    where __rn <= ${first + 1}
    order by key_no, __rn`.execute(trx));
  return result.rows;
}
