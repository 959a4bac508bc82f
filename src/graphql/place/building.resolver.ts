import { Args, Ctx, FieldResolver, Resolver, Root, Extensions, Info } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import { nestedConnection, ConnectionArgs } from '../common/lists';
import type { GraphQLResolveInfo } from 'graphql';
import { joinable, type NestedList } from '../common/joined-pages';
import type { HubContext } from '../context';
import { gridById } from '../grid/grid.loaders';
import { GridType } from '../grid/grid.type';
import { FieldProvenanceType, PROVENANCE_DESCRIPTION } from '../lineage/field-provenance.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { provenanceOf } from '../lineage/provenance.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { BuildingType } from './building.type';
import { DwellingConnection } from './dwelling.connection';
import { toDwellingType } from './dwelling.type';
import { projectById } from './place.loaders';
import { dwellingsByBuildingSpec } from './place.repository';
import { PropertyProjectType } from './property-project.type';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const DWELLINGS_OF_BUILDING: NestedList = { name: 'dwellingsByBuilding', spec: dwellingsByBuildingSpec };

@Resolver(() => BuildingType)
export class BuildingResolver {
  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The community the building lies in.' })
  community(@Root() building: BuildingType, @Ctx() ctx: HubContext) {
    return areaById(ctx, building.communityId);
  }

  @FieldResolver(() => GridType, { nullable: true, description: 'The grid the building lies in.' })
  grid(@Root() building: BuildingType, @Ctx() ctx: HubContext) {
    return gridById(ctx, building.gridId);
  }

  @FieldResolver(() => PropertyProjectType, { nullable: true, description: 'The estate (小区) the building belongs to.' })
  project(@Root() building: BuildingType, @Ctx() ctx: HubContext) {
    return projectById(ctx, building.projectId);
  }

  @FieldResolver(() => DwellingConnection, { description: 'Dwellings in the building.' })
  @Extensions(joinable(DWELLINGS_OF_BUILDING))
  dwellings(@Root() building: BuildingType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, DwellingConnection, DWELLINGS_OF_BUILDING, building.rowId, page, info, toDwellingType);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() building: BuildingType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'building', building.rowId);
  }

  @FieldResolver(() => [FieldProvenanceType], { description: PROVENANCE_DESCRIPTION })
  provenance(@Root() building: BuildingType, @Ctx() ctx: HubContext) {
    return provenanceOf(ctx, 'building', building.rowId);
  }
}
