import type { HubContext } from '../context';
import { loadById, loadListByParent } from '../common/lists';
import { type OrganizationType, toOrganizationType } from '../organization/organization.type';
import { type AllianceMemberType, toAllianceMemberType } from './alliance-member.type';
import { allianceMembersByIds, alliancesOfAreas, membershipsOfUnits } from './alliance.repository';

export async function allianceMemberById(ctx: HubContext, id: string | null): Promise<AllianceMemberType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'allianceMember', allianceMembersByIds, id);
  return row && toAllianceMemberType(row);
}

/** The alliance memberships of a unit. */
export async function membershipsOfUnit(ctx: HubContext, organizationId: string): Promise<AllianceMemberType[]> {
  return (await loadListByParent(ctx, 'membershipsOfUnit', membershipsOfUnits, organizationId)).map(toAllianceMemberType);
}

/** The alliances serving an area. */
export async function alliancesOfArea(ctx: HubContext, areaId: string): Promise<OrganizationType[]> {
  return (await loadListByParent(ctx, 'alliancesOfArea', alliancesOfAreas, areaId)).map(toOrganizationType);
}
