import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import { areaIdWithin, readAreaCode, scopeCondition } from '../common/area-scope';
import { type ColumnSet, selectColumns } from '../common/columns';
import type { ChildListSpec, ListSpec } from '../common/lists';
import { declareCodeNameOrder, type OrderArg } from '../common/order';
import { nameContains } from '../common/name-search';
import type { GridFilter } from './grid.filter';
import type { GridRow } from './grid.type';

const BY_CODE = { by: sql`g.code`, type: 'text', direction: 'asc', id: sql`g.id` } as const;

/** Orderings of the `grids` list. */
export const GridOrder = declareCodeNameOrder('Grid', 'g', 'Grid code');

/** Grids in the caller's scope: `columns` of them (GRID_COLUMNS, grid.type.ts), or every column. */
function grids(db: Kysely<Database>, caller: Caller, columns?: ColumnSet) {
  const scope = scopeCondition(caller, sql`g.community_id`);
  let q = selectColumns(db.selectFrom('grid as g'), 'g', columns);
  if (scope) q = q.where(scope);
  return q;
}

export function gridsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<GridRow[]> {
  return grids(db, caller).where('g.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

export function gridByCode(db: Kysely<Database>, caller: Caller, code: string): Promise<GridRow | undefined> {
  return grids(db, caller).where('g.code', '=', code).executeTakeFirst();
}

/** The `grids` list. */
/** The grid `g` has a current grid worker (a GRID_WORKER staff role of the grid without an end). */
export const HAS_GRID_WORKER = sql<SqlBool>`exists (select 1 from staff_role __gw where __gw.grid_id = g.id and __gw.role = 'GRID_WORKER' and __gw.valid_to is null)`;

export function gridListSpec(filter: GridFilter | null | undefined, orderBy?: OrderArg<keyof typeof GridOrder.Field> | null): ListSpec {
  const area = filter?.area ? readAreaCode(filter.area, 'filter.area') : null;
  return {
    order: GridOrder.sortOrder(orderBy),
    base(db, caller, columns) {
      let q = grids(db, caller, columns);
      if (area) q = q.where(areaIdWithin(sql`g.community_id`, [area]));
      if (filter?.name) q = q.where(nameContains(sql`g.name_norm`, filter.name, 'filter.name'));
      if (filter?.hasGridWorker != null) q = q.where(filter.hasGridWorker ? HAS_GRID_WORKER : sql<SqlBool>`not ${HAS_GRID_WORKER}`);
      return q;
    },
  };
}

/** Grids anywhere inside areas' subtrees (a community's grids; a street's grids across its communities). */
export const gridsInAreaSpec: ChildListSpec = {
  order: BY_CODE,
  parent: sql`__p.id`,
  base: (db, caller, columns) =>
    grids(db, caller, columns)
      .innerJoin('admin_area as __c', '__c.id', 'g.community_id')
      .innerJoin('admin_area as __p', (j) => j.on(sql<SqlBool>`__c.path like __p.path || '%'`)),
};
