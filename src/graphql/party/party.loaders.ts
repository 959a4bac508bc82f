import type { HubContext } from '../context';
import { loadById, loadListByParent } from '../common/lists';
import { type ContactAssignmentType, toContactAssignmentType } from './contact-assignment.type';
import { type PartyMemberType, toPartyMemberType } from './party-member.type';
import { type PartyOrgType, toPartyOrgType } from './party-org.type';
import {
  assignmentsByIds,
  assignmentsOfMembers,
  childrenOfPartyOrgs,
  partyMembersByIds,
  partyMembersOfPersons,
  partyOrgsByIds,
  hostsOfPartyOrgs,
  partyOrgsOfHosts,
} from './party.repository';

export async function partyOrgById(ctx: HubContext, id: string | null): Promise<PartyOrgType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'partyOrg', partyOrgsByIds, id);
  return row && toPartyOrgType(row);
}

export async function partyMemberById(ctx: HubContext, id: string | null): Promise<PartyMemberType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'partyMember', partyMembersByIds, id);
  return row && toPartyMemberType(row);
}

export async function assignmentById(ctx: HubContext, id: string | null): Promise<ContactAssignmentType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'contactAssignment', assignmentsByIds, id);
  return row && toContactAssignmentType(row);
}

/** A person's party membership (at most one). */
export async function partyMembershipOfPerson(ctx: HubContext, personId: string): Promise<PartyMemberType | null> {
  const rows = await loadListByParent(ctx, 'partyMemberOfPerson', partyMembersOfPersons, personId);
  return rows[0] ? toPartyMemberType(rows[0]) : null;
}

export async function childrenOfPartyOrg(ctx: HubContext, partyOrgId: string): Promise<PartyOrgType[]> {
  return (await loadListByParent(ctx, 'childrenOfPartyOrg', childrenOfPartyOrgs, partyOrgId)).map(toPartyOrgType);
}

export async function assignmentsOfMember(ctx: HubContext, memberId: string): Promise<ContactAssignmentType[]> {
  return (await loadListByParent(ctx, 'assignmentsOfMember', assignmentsOfMembers, memberId)).map(toContactAssignmentType);
}

/** Party organisations set up in an organisation (in the caller's scope). */
export async function partyOrgsOfHost(ctx: HubContext, organizationId: string): Promise<PartyOrgType[]> {
  return (await loadListByParent(ctx, 'partyOrgsOfHost', partyOrgsOfHosts, organizationId)).map(toPartyOrgType);
}

/** Whether an organisation hosts a party organisation; one statement per request level. */
export function hostsPartyOrg(ctx: HubContext, organizationId: string): Promise<boolean> {
  return ctx.loaders
    .get<string, boolean>('hostsPartyOrg', async (ids) => {
      const hosts = await hostsOfPartyOrgs(ctx.readDb, ctx.caller, ids);
      return ids.map((id) => hosts.has(id));
    })
    .load(organizationId);
}
