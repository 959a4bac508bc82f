import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Info, Extensions } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import { nestedConnection, ConnectionArgs, rootConnection } from '../common/lists';
import { joinable, type NestedList } from '../common/joined-pages';
import type { HubContext } from '../context';
import { gridById } from '../grid/grid.loaders';
import { GridType } from '../grid/grid.type';
import { FieldProvenanceType, PROVENANCE_DESCRIPTION } from '../lineage/field-provenance.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { provenanceOf } from '../lineage/provenance.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { RESIDENT_COLUMNS, residentsByHouseholdSpec, type ResidentRow } from '../person/person.repository';
import { toPersonType } from '../person/person.type';
import { DwellingType } from '../place/dwelling.type';
import { dwellingById } from '../place/place.loaders';
import { HouseholdResidentConnection, type HouseholdResidentEdge } from './household-resident.connection';
import { HouseholdConnection } from './household.connection';
import { HouseholdFilter } from './household.filter';
import { HouseholdOrder, householdListSpec } from './household.repository';
import { HouseholdType, toHouseholdType, HOUSEHOLD_COLUMNS } from './household.type';
import { selectedColumns } from '../common/columns';
import type { GraphQLResolveInfo } from 'graphql';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const RESIDENTS_OF_HOUSEHOLD: NestedList = { name: 'residentsByHousehold', spec: residentsByHouseholdSpec, columns: RESIDENT_COLUMNS };

@Resolver(() => HouseholdType)
export class HouseholdResolver {
  @Query(() => HouseholdConnection, { description: `Households. ${HouseholdOrder.describe}` })
  households(
    @Arg('filter', () => HouseholdFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: HouseholdFilter | null,
    @Arg('orderBy', () => HouseholdOrder.Input, { nullable: true, description: HouseholdOrder.describe }) orderBy: InstanceType<typeof HouseholdOrder.Input> | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: HubContext,
  ) {
    return rootConnection(ctx, HouseholdConnection, householdListSpec(filter, orderBy), page, toHouseholdType, undefined, selectedColumns(HOUSEHOLD_COLUMNS, info, 'connection'), info);
  }

  @FieldResolver(() => HouseholdResidentConnection, { description: 'Members of the household (via residencies), masked, with relation and category on each edge.' })
  @Extensions(joinable(RESIDENTS_OF_HOUSEHOLD))
  residents(@Root() household: HouseholdType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection<ResidentRow, ReturnType<typeof toPersonType>, HouseholdResidentEdge>(
      ctx,
      HouseholdResidentConnection,
      RESIDENTS_OF_HOUSEHOLD,
      household.rowId,
      page,
      info,
      (row) => toPersonType(row, ctx.caller),
      (row, edge) => {
        edge.relation = row.__relation;
        edge.category = row.__category;
        edge.validFrom = row.__valid_from;
        edge.validTo = row.__valid_to;
      },
    );
  }

  @FieldResolver(() => DwellingType, { nullable: true, description: 'The dwelling the household lives in.' })
  dwelling(@Root() household: HouseholdType, @Ctx() ctx: HubContext) {
    return dwellingById(ctx, household.dwellingId);
  }

  @FieldResolver(() => GridType, { nullable: true, description: 'The grid of the household.' })
  grid(@Root() household: HouseholdType, @Ctx() ctx: HubContext) {
    return gridById(ctx, household.gridId);
  }

  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The community of the household.' })
  community(@Root() household: HouseholdType, @Ctx() ctx: HubContext) {
    return areaById(ctx, household.communityId);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() household: HouseholdType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'household', household.rowId);
  }

  @FieldResolver(() => [FieldProvenanceType], { description: PROVENANCE_DESCRIPTION })
  provenance(@Root() household: HouseholdType, @Ctx() ctx: HubContext) {
    return provenanceOf(ctx, 'household', household.rowId);
  }
}
