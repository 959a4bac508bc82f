import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Extensions, Info } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import { nestedConnection, ConnectionArgs, rootConnection } from '../common/lists';
import type { GraphQLResolveInfo } from 'graphql';
import { joinable, type NestedList } from '../common/joined-pages';
import type { HubContext } from '../context';
import { gridById } from '../grid/grid.loaders';
import { GridType } from '../grid/grid.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { organizationById } from '../organization/organization.loaders';
import { OrganizationType } from '../organization/organization.type';
import { PartyMemberConnection } from './party-member.connection';
import { toPartyMemberType } from './party-member.type';
import { PartyOrgConnection } from './party-org.connection';
import { PartyOrgFilter } from './party-org.filter';
import { PartyOrgType, toPartyOrgType } from './party-org.type';
import { childrenOfPartyOrg, partyOrgById } from './party.loaders';
import { membersByPartyOrgSpec, PartyOrgOrder, partyOrgListSpec } from './party.repository';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const MEMBERS_OF_PARTY_ORG: NestedList = { name: 'membersByPartyOrg', spec: membersByPartyOrgSpec };

@Resolver(() => PartyOrgType)
export class PartyOrgResolver {
  @Query(() => PartyOrgConnection, { description: `Party organisations (党组织). ${PartyOrgOrder.describe}` })
  partyOrgs(
    @Arg('filter', () => PartyOrgFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: PartyOrgFilter | null,
    @Arg('orderBy', () => PartyOrgOrder.Input, { nullable: true, description: PartyOrgOrder.describe }) orderBy: InstanceType<typeof PartyOrgOrder.Input> | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: HubContext,
  ) {
    return rootConnection(ctx, PartyOrgConnection, partyOrgListSpec(filter, orderBy), page, toPartyOrgType, undefined, undefined, info);
  }

  @FieldResolver(() => PartyOrgType, { nullable: true, description: 'The organisation one level up.' })
  parent(@Root() org: PartyOrgType, @Ctx() ctx: HubContext) {
    return partyOrgById(ctx, org.parentId);
  }

  @FieldResolver(() => [PartyOrgType], { description: 'Organisations one level down, by code.' })
  children(@Root() org: PartyOrgType, @Ctx() ctx: HubContext) {
    return childrenOfPartyOrg(ctx, org.rowId);
  }

  @FieldResolver(() => PartyMemberConnection, { description: 'Members of this organisation (L4; persons masked).' })
  @Extensions(joinable(MEMBERS_OF_PARTY_ORG))
  members(@Root() org: PartyOrgType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, PartyMemberConnection, MEMBERS_OF_PARTY_ORG, org.rowId, page, info, toPartyMemberType);
  }

  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The street or community the organisation covers.' })
  area(@Root() org: PartyOrgType, @Ctx() ctx: HubContext) {
    return areaById(ctx, org.areaId);
  }

  @FieldResolver(() => GridType, { nullable: true, description: 'The grid of a grid branch (网格党支部).' })
  grid(@Root() org: PartyOrgType, @Ctx() ctx: HubContext) {
    return gridById(ctx, org.gridId);
  }

  @FieldResolver(() => OrganizationType, {
    nullable: true,
    description: 'The organisation the party organisation is set up in (两新组织党建: a social organisation\'s or company\'s own branch; 红色物业: a property firm\'s; a residents\' committee\'s 社区党委), when known.',
  })
  hostOrganization(@Root() org: PartyOrgType, @Ctx() ctx: HubContext) {
    return organizationById(ctx, org.hostOrganizationId);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() org: PartyOrgType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'partyOrg', org.rowId);
  }
}
