import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { areaIdWithin, readAreaCode, scopeCondition } from '../common/area-scope';
import { type ColumnSet, selectColumns } from '../common/columns';
import type { ChildListSpec, ListSpec } from '../common/lists';
import { declareCodeNameOrder, type OrderArg } from '../common/order';
import { nameContains } from '../common/name-search';
import type { AdminAreaRow } from './admin-area.type';
import type { AreaFilter } from './area.filter';

/** Areas ordered by code (then id). */
const BY_CODE = { by: sql`a.code`, type: 'text', direction: 'asc', id: sql`a.id` } as const;

/** Orderings of the `areas` list. */
export const AreaOrder = declareCodeNameOrder('AdminArea', 'a', '12-digit code: a parent before its children');

/** Areas in the caller's scope: `columns` of them (AREA_COLUMNS, admin-area.type.ts), or every column. */
function areas(db: Kysely<Database>, caller: Caller, columns?: ColumnSet) {
  const scope = scopeCondition(caller, sql`a.id`);
  let q = selectColumns(db.selectFrom('admin_area as a'), 'a', columns);
  if (scope) q = q.where(scope);
  return q;
}

/**
 * Areas by row id. Areas are public (L1): reached by ID or through a relation they are shown to
 * every caller (a community's street and district); lists and figures stay scoped.
 */
export function areasByIds(db: Kysely<Database>, _caller: Caller, ids: readonly string[]): Promise<AdminAreaRow[]> {
  return db.selectFrom('admin_area as a').selectAll('a').where('a.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

/** The area with a 12-digit code (its newest vintage), public (L1); `undefined` when none. */
export function areaByCode(db: Kysely<Database>, code12: string): Promise<AdminAreaRow | undefined> {
  return db.selectFrom('admin_area as a').selectAll('a').where('a.code', '=', code12).orderBy('a.vintage', 'desc').limit(1).executeTakeFirst();
}

/** The area with a 12-digit code, only when it lies inside the caller's scope (for figures over it). */
export function scopedAreaByCode(db: Kysely<Database>, caller: Caller, code12: string): Promise<AdminAreaRow | undefined> {
  return areas(db, caller).where('a.code', '=', code12).orderBy('a.vintage', 'desc').limit(1).executeTakeFirst();
}

/** The `areas` list. */
export function areaListSpec(filter: AreaFilter | null | undefined, orderBy?: OrderArg<keyof typeof AreaOrder.Field> | null): ListSpec {
  const within = filter?.within ? readAreaCode(filter.within, 'filter.within') : null;
  return {
    order: AreaOrder.sortOrder(orderBy),
    base(db, caller, columns) {
      let q = areas(db, caller, columns);
      if (within) q = q.where(areaIdWithin(sql`a.id`, [within]));
      if (filter?.level) q = q.where('a.level', '=', filter.level.toLowerCase() as AdminAreaRow['level']);
      if (filter?.name) q = q.where(nameContains(sql`a.name_norm`, filter.name, 'filter.name'));
      return q;
    },
  };
}

/** Direct children of areas (a street's communities, a district's streets). */
export const areaChildrenSpec: ChildListSpec = {
  order: BY_CODE,
  parent: sql`a.parent_id`,
  base: (db, caller, columns) => areas(db, caller, columns),
};
