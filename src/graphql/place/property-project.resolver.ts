import { Args, Ctx, FieldResolver, Resolver, Root, Extensions, Info } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import { nestedConnection, ConnectionArgs } from '../common/lists';
import type { GraphQLResolveInfo } from 'graphql';
import { joinable, type NestedList } from '../common/joined-pages';
import type { HubContext } from '../context';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { organizationById } from '../organization/organization.loaders';
import { OrganizationType } from '../organization/organization.type';
import { BuildingConnection } from './building.connection';
import { toBuildingType } from './building.type';
import { buildingsByProjectSpec } from './place.repository';
import { PropertyProjectType } from './property-project.type';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const BUILDINGS_OF_PROJECT: NestedList = { name: 'buildingsByProject', spec: buildingsByProjectSpec };

@Resolver(() => PropertyProjectType)
export class PropertyProjectResolver {
  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The community the estate lies in.' })
  community(@Root() project: PropertyProjectType, @Ctx() ctx: HubContext) {
    return areaById(ctx, project.communityId);
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: 'The property company currently serving the estate (物业服务企业).' })
  company(@Root() project: PropertyProjectType, @Ctx() ctx: HubContext) {
    return organizationById(ctx, project.companyId);
  }

  @FieldResolver(() => BuildingConnection, { description: 'Buildings of the estate, by building number.' })
  @Extensions(joinable(BUILDINGS_OF_PROJECT))
  buildings(@Root() project: PropertyProjectType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, BuildingConnection, BUILDINGS_OF_PROJECT, project.rowId, page, info, toBuildingType);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() project: PropertyProjectType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'propertyProject', project.rowId);
  }
}
