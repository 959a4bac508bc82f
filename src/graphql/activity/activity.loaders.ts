import type { HubContext } from '../context';
import { loadById } from '../common/lists';
import { activitiesByIds } from './activity.repository';
import { type ActivityType, toActivityType } from './activity.type';

export async function activityById(ctx: HubContext, id: string | null): Promise<ActivityType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'activity', activitiesByIds, id);
  return row && toActivityType(row);
}
