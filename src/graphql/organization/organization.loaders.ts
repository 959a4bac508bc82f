import type { HubContext } from '../context';
import { loadById, loadListByParent } from '../common/lists';
import { organizationsByIds, organizersOfActivities } from './organization.repository';
import { type OrganizationType, toOrganizationType } from './organization.type';

export async function organizationById(ctx: HubContext, id: string | null): Promise<OrganizationType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'organization', organizationsByIds, id);
  return row && toOrganizationType(row);
}

/** Organisers of an activity. */
export async function organizersOfActivity(ctx: HubContext, activityId: string): Promise<OrganizationType[]> {
  return (await loadListByParent(ctx, 'organizersOfActivity', organizersOfActivities, activityId)).map(toOrganizationType);
}
