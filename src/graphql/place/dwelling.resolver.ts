import { Args, Ctx, FieldResolver, Resolver, Root, Info } from 'type-graphql';
import { childConnection, ConnectionArgs } from '../common/lists';
import type { HubContext } from '../context';
import { gridById } from '../grid/grid.loaders';
import { GridType } from '../grid/grid.type';
import { HouseholdConnection } from '../household/household.connection';
import { householdsByDwellingSpec } from '../household/household.repository';
import { toHouseholdType, HOUSEHOLD_COLUMNS } from '../household/household.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { BuildingType } from './building.type';
import { DwellingType } from './dwelling.type';
import { buildingById } from './place.loaders';
import { selectedColumns } from '../common/columns';
import type { GraphQLResolveInfo } from 'graphql';

@Resolver(() => DwellingType)
export class DwellingResolver {
  @FieldResolver(() => BuildingType, { nullable: true, description: 'The building.' })
  building(@Root() dwelling: DwellingType, @Ctx() ctx: HubContext) {
    return buildingById(ctx, dwelling.buildingId);
  }

  @FieldResolver(() => GridType, { nullable: true, description: 'The grid the dwelling lies in.' })
  grid(@Root() dwelling: DwellingType, @Ctx() ctx: HubContext) {
    return gridById(ctx, dwelling.gridId);
  }

  @FieldResolver(() => HouseholdConnection, { description: 'Households living in the dwelling.' })
  households(@Root() dwelling: DwellingType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return childConnection(ctx, HouseholdConnection, 'householdsByDwelling', householdsByDwellingSpec, dwelling.rowId, page, toHouseholdType, undefined, selectedColumns(HOUSEHOLD_COLUMNS, info, 'connection'));
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() dwelling: DwellingType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'dwelling', dwelling.rowId);
  }
}
