import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../context';
import { OrganizationType } from '../organization/organization.type';
import { PartyOrgType } from './party-org.type';
import { hostsPartyOrg, partyOrgsOfHost } from './party.loaders';

/**
 * The party side of an organisation (两新组织党建覆盖, 红色物业): its party organisations. Both
 * fields are of the `party` read class — `partyOrgs` by the type it returns, `hasPartyOrganization`
 * by its coordinate (`FIELD_READ_CLASSES`): that a small organisation has a branch says that at
 * least three of its people are party members.
 */
@Resolver(() => OrganizationType)
export class OrganizationPartyResolver {
  @FieldResolver(() => [PartyOrgType], { description: 'Party organisations set up in this organisation (its own branch; a 红色物业 firm\'s branches), in the caller\'s area, by code. Party read class.' })
  partyOrgs(@Root() org: OrganizationType, @Ctx() ctx: HubContext) {
    return partyOrgsOfHost(ctx, org.rowId);
  }

  @FieldResolver(() => Boolean, {
    description: 'Whether the organisation hosts a party organisation anywhere (党组织覆盖; for a property company: 红色物业). Party read class, like the party organisations themselves.',
  })
  hasPartyOrganization(@Root() org: OrganizationType, @Ctx() ctx: HubContext) {
    return hostsPartyOrg(ctx, org.rowId);
  }
}
