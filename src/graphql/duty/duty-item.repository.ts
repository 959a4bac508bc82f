import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import { type Caller, isUnscoped } from '../../auth/caller';
import { onWorkList } from '../../governance/work-list';
import { areaIdWithinOrAbove, readAreaCode } from '../common/area-scope';
import type { ListSpec } from '../common/lists';
import { declareCodeNameOrder, type OrderArg } from '../common/order';
import { nameContains } from '../common/name-search';
import type { DutyItemFilter } from './duty-item.filter';
import type { DutyItemRow } from './duty-item.type';

/**
 * Duty items belong to a street; a caller scoped below the street (a community) still sees its
 * street's list: the items oblige the units working in the community.
 */
function dutyItems(db: Kysely<Database>, caller: Caller) {
  let q = db.selectFrom('duty_item as di').selectAll('di');
  if (!isUnscoped(caller)) q = q.where(caller.areaScope.length === 0 ? sql<SqlBool>`false` : areaIdWithinOrAbove(sql`di.street_id`, caller.areaScope));
  return q;
}

export function dutyItemsByIds(db: Kysely<Database>, caller: Caller, ids: readonly string[]): Promise<DutyItemRow[]> {
  return dutyItems(db, caller).where('di.id', '=', sql<string>`any(${[...ids]}::uuid[])`).execute();
}

/** Orderings of the `dutyItems` list (common/order.ts). */
export const DutyItemOrder = declareCodeNameOrder('DutyItem', 'di', 'Item code');

/** The `dutyItems` list, ordered by code. */
export function dutyItemListSpec(filter: DutyItemFilter | null | undefined, orderBy?: OrderArg<keyof typeof DutyItemOrder.Field> | null): ListSpec {
  const area = filter?.area ? readAreaCode(filter.area, 'filter.area') : null;
  return {
    order: DutyItemOrder.sortOrder(orderBy),
    base(db, caller) {
      let q = dutyItems(db, caller);
      if (area) q = q.where(areaIdWithinOrAbove(sql`di.street_id`, [area]));
      if (filter?.listType && filter.listType.length > 0) q = q.where('di.list_type', 'in', filter.listType);
      if (filter?.name) q = q.where(nameContains(sql`di.name_norm`, filter.name, 'filter.name'));
      if (typeof filter?.onWorkList === 'boolean') q = q.where(filter.onWorkList ? onWorkList(sql`di.list_type`) : sql<SqlBool>`not ${onWorkList(sql`di.list_type`)}`);
      return q;
    },
  };
}
