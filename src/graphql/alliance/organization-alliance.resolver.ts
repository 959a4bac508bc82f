import { Args, Ctx, FieldResolver, Resolver, Root, Extensions, Info } from 'type-graphql';
import { nestedConnection, ConnectionArgs } from '../common/lists';
import type { GraphQLResolveInfo } from 'graphql';
import { joinable, type NestedList } from '../common/joined-pages';
import type { HubContext } from '../context';
import { OrganizationType } from '../organization/organization.type';
import { AllianceMemberConnection } from './alliance-member.connection';
import { AllianceMemberType, toAllianceMemberType } from './alliance-member.type';
import { membershipsOfUnit } from './alliance.loaders';
import { membersOfAllianceSpec } from './alliance.repository';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const MEMBERS_OF_ALLIANCE: NestedList = { name: 'membersOfAlliance', spec: membersOfAllianceSpec };

/** An organisation's side of the 区域化党建联盟: an alliance's members, a unit's memberships. */
@Resolver(() => OrganizationType)
export class OrganizationAllianceResolver {
  @FieldResolver(() => AllianceMemberConnection, {
    description: 'Member units of an alliance (kind ALLIANCE; empty for other kinds), past ones included (see `current`): the lead unit first, then by name.',
  })
  @Extensions(joinable(MEMBERS_OF_ALLIANCE))
  allianceMembers(@Root() org: OrganizationType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, AllianceMemberConnection, MEMBERS_OF_ALLIANCE, org.rowId, page, info, toAllianceMemberType);
  }

  @FieldResolver(() => [AllianceMemberType], { description: 'The alliances this unit is or was a member of (区域化党建联盟), by joining date.' })
  alliances(@Root() org: OrganizationType, @Ctx() ctx: HubContext) {
    return membershipsOfUnit(ctx, org.rowId);
  }
}
