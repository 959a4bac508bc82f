import { Args, Ctx, FieldResolver, Resolver, Root, Info, Extensions } from 'type-graphql';
import { nestedConnection, ConnectionArgs } from '../common/lists';
import { joinable, type NestedList } from '../common/joined-pages';
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
import type { GraphQLResolveInfo } from 'graphql';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const HOUSEHOLDS_OF_DWELLING: NestedList = { name: 'householdsByDwelling', spec: householdsByDwellingSpec, columns: HOUSEHOLD_COLUMNS };

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
  @Extensions(joinable(HOUSEHOLDS_OF_DWELLING))
  households(@Root() dwelling: DwellingType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, HouseholdConnection, HOUSEHOLDS_OF_DWELLING, dwelling.rowId, page, info, toHouseholdType);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() dwelling: DwellingType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'dwelling', dwelling.rowId);
  }
}
