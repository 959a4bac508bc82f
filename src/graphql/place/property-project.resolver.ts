import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import { childConnection, ConnectionArgs } from '../common/lists';
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
  buildings(@Root() project: PropertyProjectType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childConnection(ctx, BuildingConnection, 'buildingsByProject', buildingsByProjectSpec, project.rowId, page, toBuildingType);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() project: PropertyProjectType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'propertyProject', project.rowId);
  }
}
