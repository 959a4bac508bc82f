import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { childConnection, ConnectionArgs } from '../common/lists';
import type { HubContext } from '../context';
import { OrganizationType } from '../organization/organization.type';
import { AllianceMemberConnection } from './alliance-member.connection';
import { AllianceMemberType, toAllianceMemberType } from './alliance-member.type';
import { membershipsOfUnit } from './alliance.loaders';
import { membersOfAllianceSpec } from './alliance.repository';

/** An organisation's side of the 区域化党建联盟: an alliance's members, a unit's memberships. */
@Resolver(() => OrganizationType)
export class OrganizationAllianceResolver {
  @FieldResolver(() => AllianceMemberConnection, {
    description: 'Member units of an alliance (kind ALLIANCE; empty for other kinds), past ones included (see `current`): the lead unit first, then by name.',
  })
  allianceMembers(@Root() org: OrganizationType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childConnection(ctx, AllianceMemberConnection, 'membersOfAlliance', membersOfAllianceSpec, org.rowId, page, toAllianceMemberType);
  }

  @FieldResolver(() => [AllianceMemberType], { description: 'The alliances this unit is or was a member of (区域化党建联盟), by joining date.' })
  alliances(@Root() org: OrganizationType, @Ctx() ctx: HubContext) {
    return membershipsOfUnit(ctx, org.rowId);
  }
}
