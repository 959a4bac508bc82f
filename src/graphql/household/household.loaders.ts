import type { HubContext } from '../context';
import { loadById, loadListByParent } from '../common/lists';
import { householdsByIds, householdsOfAssignments } from './household.repository';
import { type HouseholdType, toHouseholdType } from './household.type';

export async function householdById(ctx: HubContext, id: string | null): Promise<HouseholdType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'household', householdsByIds, id);
  return row && toHouseholdType(row);
}

/** Households of a 包片联户 assignment. */
export async function householdsOfAssignment(ctx: HubContext, assignmentId: string): Promise<HouseholdType[]> {
  const rows = await loadListByParent(ctx, 'householdsOfAssignment', householdsOfAssignments, assignmentId);
  return rows.map(toHouseholdType);
}
