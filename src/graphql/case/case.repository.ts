import { type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { DISPATCHER_ID, DUTY_SHIFTED } from '../../governance/duty-shift';
import { placedWithin, placeInScope, placeOf, readAreaCode, readGridCode } from '../common/area-scope';
import { type ColumnSet, selectColumns } from '../common/columns';
import { fromGlobalIdOf } from '../common/global-id';
import type { ChildListSpec, ListSpec } from '../common/lists';
import { declareOrder, type OrderArg } from '../common/order';
import { badUserInput } from '../errors';
import type { CaseEventRow } from './case-event.type';
import type { CaseFilter } from './case.filter';
import type { CaseRow } from './case.type';

/** The community of a case: its own area, else its grid's. */
export const CASE_PLACE = placeOf('c');
/** The community of a case as an expression (for output, grouping and joins; filter with {@link CASE_PLACE}). */
export const CASE_AREA = CASE_PLACE.area;

/** Newest first. */
const NEWEST_FIRST = { by: sql`c.reported_at`, type: 'timestamptz', direction: 'desc', id: sql`c.id` } as const;

/** Orderings of the `cases` list (common/order.ts). */
export const CaseOrder = declareOrder(
  'Case',
  {
    REPORTED_AT: { by: sql`c.reported_at`, type: 'timestamptz', description: 'When it was reported (default DESC: newest first).' },
    DUE_AT: { by: sql`coalesce(c.due_at, 'infinity'::timestamptz)`, type: 'timestamptz', description: 'Due time (cases without one last ascending).' },
    CLOSED_AT: { by: sql`coalesce(c.closed_at, 'infinity'::timestamptz)`, type: 'timestamptz', description: 'When it was closed (open cases last ascending).' },
    UPDATED_AT: { by: sql`c.updated_at`, type: 'timestamptz', description: 'When the record last changed.' },
  },
  sql`c.id`,
  { field: 'REPORTED_AT', direction: 'DESC' },
);

// biome-ignore lint: the case query is extended by list, stats and nested specs
type CaseQuery = SelectQueryBuilder<any, any, any>;

function scopedCases(db: Kysely<Database>, caller: Caller) {
  const scope = placeInScope(caller, CASE_PLACE);
  let q = db.selectFrom('case_record as c');
  if (scope) q = q.where(scope);
  return q;
}

/** Cases in the caller's scope: `columns` of them (CASE_COLUMNS, case.type.ts), or every column. */
function cases(db: Kysely<Database>, caller: Caller, columns?: ColumnSet) {
  return selectColumns(scopedCases(db, caller), 'c', columns);
}

/** A validated case filter, ready to apply to any query over `case_record as c`. */
export interface CaseConditions {
  apply<Q extends CaseQuery>(q: Q): Q;
  /** The decoded `dutyItem`, `handlingUnit` and `dispatcher` filters (row ids; empty when not given), for rules that look at what a filter names (the small-group rule). */
  readonly named: { readonly dutyItem: string | null; readonly handlingUnits: readonly string[]; readonly dispatchers: readonly string[] };
}

/** Most organisation IDs one `handlingUnit` or `dispatcher` filter may name. */
export const MAX_FILTER_IDS = 100;

/** Organisation global IDs of a list filter as row ids; too many or a foreign ID is `BAD_USER_INPUT` naming `field`. */
function readOrganizationIds(ids: readonly string[] | null | undefined, field: string): string[] {
  if (!ids || ids.length === 0) return [];
  if (ids.length > MAX_FILTER_IDS) throw badUserInput(field, `${field}: at most ${MAX_FILTER_IDS} organisations`, { limit: MAX_FILTER_IDS });
  return [...new Set(ids.map((id) => fromGlobalIdOf('Organization', id, field)))];
}

/** The lead unit (主办) of a case: its one LEAD handler (a source naming several: the lowest id), or null. */
export const CASE_LEAD_ID = sql<string | null>`(select __cl.organization_id from case_handler __cl where __cl.case_id = c.id and __cl.role = 'LEAD' order by __cl.organization_id limit 1)`;

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
  const handlingUnits = readOrganizationIds(filter?.handlingUnit, `${prefix}.handlingUnit`);
  const dispatchers = readOrganizationIds(filter?.dispatcher, `${prefix}.dispatcher`);
  const unitKinds = filter?.handlingUnitKind ?? [];
  return {
    named: { dutyItem, handlingUnits, dispatchers },
    apply<Q extends CaseQuery>(q0: Q): Q {
      let q = q0 as CaseQuery;
      if (area) q = q.where(placedWithin(CASE_PLACE, [area]));
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
      if (typeof filter?.dutyShifted === 'boolean') q = q.where(filter.dutyShifted ? DUTY_SHIFTED : sql<SqlBool>`not ${DUTY_SHIFTED}`);
      if (handlingUnits.length > 0) {
        q = q.where(sql<SqlBool>`exists (select 1 from case_handler __fh where __fh.case_id = c.id and __fh.organization_id = any(${handlingUnits}::uuid[]))`);
      }
      if (unitKinds.length > 0) {
        q = q.where(sql<SqlBool>`exists (select 1 from case_handler __fk join organization __fko on __fko.id = __fk.organization_id
          where __fk.case_id = c.id and __fko.kind = any(${[...unitKinds]}::text[]))`);
      }
      if (dispatchers.length > 0) q = q.where(sql<SqlBool>`${DISPATCHER_ID} = any(${dispatchers}::uuid[])`);
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
export function caseListSpec(filter: CaseFilter | null | undefined, orderBy?: OrderArg<keyof typeof CaseOrder.Field> | null): ListSpec {
  const conditions = caseConditions(filter);
  return { order: CaseOrder.sortOrder(orderBy), base: (db, caller, columns) => conditions.apply(cases(db, caller, columns)) };
}

/** Cases of grids, newest first, with an optional filter. */
export function casesByGridSpec(filter: CaseFilter | null | undefined): ChildListSpec {
  const conditions = caseConditions(filter);
  return { order: NEWEST_FIRST, parent: sql`c.grid_id`, base: (db, caller, columns) => conditions.apply(cases(db, caller, columns)) };
}

/** Cases linked to duty items. */
export function casesByDutyItemSpec(filter: CaseFilter | null | undefined): ChildListSpec {
  const conditions = caseConditions(filter);
  return { order: NEWEST_FIRST, parent: sql`c.duty_item_id`, base: (db, caller, columns) => conditions.apply(cases(db, caller, columns)) };
}

/** Cases reported by persons. */
export const casesByReporterSpec: ChildListSpec = { order: NEWEST_FIRST, parent: sql`c.reporter_person_id`, base: cases };

/** A case event's case lies in the caller's scope (null: unscoped). */
function caseOfEventInScope(caller: Caller): RawBuilder<SqlBool> | null {
  const inScope = placeInScope(caller, CASE_PLACE);
  return inScope && sql<SqlBool>`exists (select 1 from case_record c where c.id = e.case_id and ${inScope})`;
}

/** Histories of cases (short lists, in order). Scoped through their case. */
export function eventsOfCases(db: Kysely<Database>, caller: Caller, caseIds: readonly string[]): Promise<(CaseEventRow & { __parent: string })[]> {
  const scope = caseOfEventInScope(caller);
  let q = db
    .selectFrom('case_event as e')
    .selectAll('e')
    .select('e.case_id as __parent')
    .where('e.case_id', '=', sql<string>`any(${[...caseIds]}::uuid[])`);
  if (scope) q = q.where(scope);
  return q.orderBy('e.case_id').orderBy('e.seq').execute();
}

export function caseEventsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<CaseEventRow[]> {
  const scope = caseOfEventInScope(caller);
  let q = db.selectFrom('case_event as e').selectAll('e').where('e.id', '=', sql<string>`any(${[...ids]}::uuid[])`);
  if (scope) q = q.where(scope);
  return q.execute();
}

/** Cases an organisation handles (主办 or 协办). */
export const casesByHandlerSpec: ChildListSpec = {
  order: NEWEST_FIRST,
  parent: sql`__ch.organization_id`,
  base: (db, caller, columns) => cases(db, caller, columns).innerJoin('case_handler as __ch', '__ch.case_id', 'c.id'),
};
