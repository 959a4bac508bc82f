import type { HubContext } from '../context';
import { loadById } from '../common/lists';
import { gridsByIds } from './grid.repository';
import { type GridType, toGridType } from './grid.type';

/** A grid by row id, batched per request. */
export async function gridById(ctx: HubContext, id: string | null): Promise<GridType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'grid', gridsByIds, id);
  return row && toGridType(row);
}
