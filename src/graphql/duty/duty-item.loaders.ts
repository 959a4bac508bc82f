import type { HubContext } from '../context';
import { loadById } from '../common/lists';
import { dutyItemsByIds } from './duty-item.repository';
import { type DutyItemType, toDutyItemType } from './duty-item.type';

export async function dutyItemById(ctx: HubContext, id: string | null): Promise<DutyItemType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'dutyItem', dutyItemsByIds, id);
  return row && toDutyItemType(row);
}
