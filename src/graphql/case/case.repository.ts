import { type Kysely, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { areaIdWithin, readAreaCode, readGridCode, scopeCondition } from '../common/area-scope';
import { fromGlobalIdOf } from '../common/global-id';
import type { ChildListSpec, ListSpec } from '../common/lists';
import { badUserInput } from '../errors';
import type { CaseEventRow } from './case-event.type';
import type { CaseFilter } from './case.filter';
import type { CaseRow } from './case.type';

/** The community of a case: its own area, else its grid's. */
export const CASE_AREA = sql`coalesce(c.area_id, (select __g.community_id from grid __g where __g.id = c.grid_id))`;

/** Newest first. */
const NEWEST_FIRST = { by: sql`c.reported_at`, type: 'timestamptz', direction: 'desc', id: sql`c.id` } as const;

// biome-ignore lint: the case query is extended by list, stats and nested specs
type CaseQuery = SelectQueryBuilder<any, any, any>;

function scopedCases(db: Kysely<Database>, caller: Caller) {
  const scope = scopeCondition(caller, CASE_AREA);
  let q = db.selectFrom('case_record as c');
  if (scope) q = q.where(scope);
  return q;
}

function cases(db: Kysely<Database>, caller: Caller) {
  return scopedCases(db, caller).selectAll('c');
}

/** A validated case filter, ready to apply to any query over `case_record as c`. */
export interface CaseConditions {
  apply<Q extends CaseQuery>(q: Q): Q;
}

/**
 * 超期: a case closed after its due time, or still open past it (the due time is the end of a
 * working day on the work calendar, so a plain comparison counts working days). Without a due
 * time a case is never overdue. Same rule as `isOverdue` in src/flow/time-limits.ts.
 */
export const OVERDUE = sql<SqlBool>`(c.due_at is not null and coalesce(c.closed_at, now()) > c.due_at)`;

/** Validates a {@link CaseFilter} once (coded errors name the field) and returns its SQL. */
export function caseConditions(filter: CaseFilter | null | undefined, prefix = 'filter'): CaseConditions {
  const area = filter?.area ? readAreaCode(filter.area, `${prefix}.area`) : null;
  const grid = filter?.grid ? readGridCode(filter.grid, `${prefix}.grid`) : null;
  const dutyItem = filter?.dutyItem ? fromGlobalIdOf('DutyItem', filter.dutyItem, `${prefix}.dutyItem`) : null;
  if (filter?.reportedFrom && filter.reportedTo && filter.reportedFrom >= filter.reportedTo) {
    throw badUserInput(`${prefix}.reportedTo`, `${prefix}.reportedTo: must be after reportedFrom`);
  }
  if (filter?.dueAfter && filter.dueBefore && filter.dueAfter >= filter.dueBefore) {
    throw badUserInput(`${prefix}.dueBefore`, `${prefix}.dueBefore: must be after dueAfter`);
  }
  return {
    apply<Q extends CaseQuery>(q0: Q): Q {
      let q = q0 as CaseQuery;
      if (area) q = q.where(areaIdWithin(CASE_AREA, [area]));
      if (grid) q = q.where(sql<SqlBool>`c.grid_id = (select __g2.id from grid __g2 where __g2.code = ${grid})`);
      if (filter?.status && filter.status.length > 0) q = q.where('c.status', 'in', filter.status);
      if (filter?.kind && filter.kind.length > 0) q = q.where('c.kind', 'in', filter.kind);
      if (filter?.category && filter.category.length > 0) q = q.where('c.category', 'in', filter.category);
      if (filter?.channel && filter.channel.length > 0) q = q.where('c.channel', 'in', filter.channel);
      if (filter?.reportedFrom) q = q.where('c.reported_at', '>=', filter.reportedFrom);
      if (filter?.reportedTo) q = q.where('c.reported_at', '<', filter.reportedTo);
      if (typeof filter?.urgent === 'boolean') q = q.where('c.urgent', '=', filter.urgent);
      if (dutyItem) q = q.where('c.duty_item_id', '=', dutyItem);
      if (typeof filter?.overdue === 'boolean') q = q.where(filter.overdue ? OVERDUE : sql<SqlBool>`not ${OVERDUE}`);
      if (filter?.dueBefore) q = q.where('c.due_at', '<', filter.dueBefore);
      if (filter?.dueAfter) q = q.where('c.due_at', '>=', filter.dueAfter);
      return q as Q;
    },
  };
}

/** Cases of the caller's scope (no columns selected): the base of aggregates. */
export function scopedCaseQuery(db: Kysely<Database>, caller: Caller) {
  return scopedCases(db, caller);
}

export function casesByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<CaseRow[]> {
  return cases(db, caller).where('c.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

/** The `cases` list, newest first. */
export function caseListSpec(filter: CaseFilter | null | undefined): ListSpec {
  const conditions = caseConditions(filter);
  return { order: NEWEST_FIRST, base: (db, caller) => conditions.apply(cases(db, caller)) };
}

/** Cases of grids, newest first, with an optional filter. */
export function casesByGridSpec(filter: CaseFilter | null | undefined): ChildListSpec {
  const conditions = caseConditions(filter);
  return { order: NEWEST_FIRST, parent: sql`c.grid_id`, base: (db, caller) => conditions.apply(cases(db, caller)) };
}

/** Cases linked to duty items. */
export function casesByDutyItemSpec(filter: CaseFilter | null | undefined): ChildListSpec {
  const conditions = caseConditions(filter);
  return { order: NEWEST_FIRST, parent: sql`c.duty_item_id`, base: (db, caller) => conditions.apply(cases(db, caller)) };
}

/** Cases reported by persons. */
export const casesByReporterSpec: ChildListSpec = { order: NEWEST_FIRST, parent: sql`c.reporter_person_id`, base: cases };

/** Histories of cases (short lists, in order). Scoped through their case. */
export function eventsOfCases(db: Kysely<Database>, caller: Caller, caseIds: readonly string[]): Promise<(CaseEventRow & { __parent: string })[]> {
  const scope = scopeCondition(caller, sql`(select ${CASE_AREA} from case_record c where c.id = e.case_id)`);
  let q = db
    .selectFrom('case_event as e')
    .selectAll('e')
    .select('e.case_id as __parent')
    .where('e.case_id', '=', sql<string>`any(${[...caseIds]}::uuid[])`);
  if (scope) q = q.where(scope);
  return q.orderBy('e.case_id').orderBy('e.seq').execute();
}

export function caseEventsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<CaseEventRow[]> {
  const scope = scopeCondition(caller, sql`(select ${CASE_AREA} from case_record c where c.id = e.case_id)`);
  let q = db.selectFrom('case_event as e').selectAll('e').where('e.id', '=', sql<string>`any(${[...ids]}::uuid[])`);
  if (scope) q = q.where(scope);
  return q.execute();
}

/** Cases an organisation handles (主办 or 协办). */
export const casesByHandlerSpec: ChildListSpec = {
  order: NEWEST_FIRST,
  parent: sql`__ch.organization_id`,
  base: (db, caller) => cases(db, caller).innerJoin('case_handler as __ch', '__ch.case_id', 'c.id'),
};
