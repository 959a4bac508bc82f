import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Info, Extensions } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import { CaseConnection } from '../case/case.connection';
import { casesByHandlerSpec } from '../case/case.repository';
import { type CaseRow, toCaseType, CASE_COLUMNS } from '../case/case.type';
import { nestedConnection, ConnectionArgs, rootConnection } from '../common/lists';
import { joinable, type NestedList } from '../common/joined-pages';
import type { HubContext } from '../context';
import { FieldProvenanceType, PROVENANCE_DESCRIPTION } from '../lineage/field-provenance.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { provenanceOf } from '../lineage/provenance.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { OrganizationConnection } from './organization.connection';
import { OrganizationFilter } from './organization.filter';
import { OrganizationOrder, organizationListSpec } from './organization.repository';
import { OrganizationType, toOrganizationType } from './organization.type';
import type { GraphQLResolveInfo } from 'graphql';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const CASES_OF_HANDLER: NestedList = { name: 'casesByHandler', spec: casesByHandlerSpec, columns: CASE_COLUMNS };

@Resolver(() => OrganizationType)
export class OrganizationResolver {
  @Query(() => OrganizationConnection, { description: `Organisations of every kind. ${OrganizationOrder.describe}` })
  organizations(
    @Arg('filter', () => OrganizationFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: OrganizationFilter | null,
    @Arg('orderBy', () => OrganizationOrder.Input, { nullable: true, description: OrganizationOrder.describe }) orderBy: InstanceType<typeof OrganizationOrder.Input> | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: HubContext,
  ) {
    return rootConnection(ctx, OrganizationConnection, organizationListSpec(filter, orderBy), page, toOrganizationType, undefined, undefined, info);
  }

  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The area the organisation is registered to or serves.' })
  area(@Root() org: OrganizationType, @Ctx() ctx: HubContext) {
    return areaById(ctx, org.areaId);
  }

  @FieldResolver(() => CaseConnection, { description: 'Cases the organisation handles as lead (主办) or assisting (协办) unit, newest first.' })
  @Extensions(joinable(CASES_OF_HANDLER))
  handledCases(@Root() org: OrganizationType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, CaseConnection, CASES_OF_HANDLER, org.rowId, page, info, (row: CaseRow) => toCaseType(row, ctx.caller));
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() org: OrganizationType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'organization', org.rowId);
  }

  @FieldResolver(() => [FieldProvenanceType], { description: PROVENANCE_DESCRIPTION })
  provenance(@Root() org: OrganizationType, @Ctx() ctx: HubContext) {
    return provenanceOf(ctx, 'organization', org.rowId);
  }
}
