import type { HubContext } from '../context';
import { loadById } from '../common/lists';
import { type AdminAreaType, toAdminAreaType } from './admin-area.type';
import { areasByIds } from './area.repository';

/** An area by row id, batched per request; `null` when absent or out of scope. */
export async function areaById(ctx: HubContext, id: string | null): Promise<AdminAreaType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'area', areasByIds, id);
  return row && toAdminAreaType(row);
}
