import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Info, Extensions } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import { CaseConnection } from '../case/case.connection';
import { CaseFilter } from '../case/case.filter';
import { casesByGridSpec } from '../case/case.repository';
import { type CaseRow, toCaseType, CASE_COLUMNS } from '../case/case.type';
import { readGridCode } from '../common/area-scope';
import { childConnection, nestedConnection, ConnectionArgs, rootConnection } from '../common/lists';
import { joinable, type NestedList } from '../common/joined-pages';
import type { HubContext } from '../context';
import { notFound } from '../errors';
import { HouseholdConnection } from '../household/household.connection';
import { householdsByGridSpec } from '../household/household.repository';
import { toHouseholdType, HOUSEHOLD_COLUMNS } from '../household/household.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { staffByGridSpec } from '../person/person.repository';
import { StaffRoleConnection } from '../person/staff-role.connection';
import { toStaffRoleType } from '../person/staff-role.type';
import { BuildingConnection } from '../place/building.connection';
import { toBuildingType } from '../place/building.type';
import { buildingsByGridSpec } from '../place/place.repository';
import { GridConnection } from './grid.connection';
import { GridFilter } from './grid.filter';
import { GridOrder, gridByCode, gridListSpec } from './grid.repository';
import { smallGroupRuleApplies } from '../../auth/small-group';
import { gridStats, type AreaStatsRow } from '../stats/area-stats.repository';
import { GridStatsType } from '../stats/area-stats.types';
import { toGridStatsType } from '../stats/stats.mappers';

/** Figures of one grid, batched: every grid `stats` of a request shares one statement. */
async function gridStatsOf(ctx: HubContext, grid: GridType): Promise<GridStatsType> {
  const loader = ctx.loaders.get<string, AreaStatsRow | null>('gridStats', async (ids) => {
    const rows = await gridStats(ctx.readDb, ctx.caller, ids);
    const byId = new Map(rows.map((r) => [r.area_id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  const row = await loader.load(grid.rowId);
  if (!row) throw notFound('Grid', 'code');
  return toGridStatsType(row, grid, smallGroupRuleApplies(ctx.caller));
}
import { GridType, toGridType, GRID_COLUMNS } from './grid.type';
import { selectedColumns } from '../common/columns';
import type { GraphQLResolveInfo } from 'graphql';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const BUILDINGS_OF_GRID: NestedList = { name: 'buildingsByGrid', spec: buildingsByGridSpec };
const HOUSEHOLDS_OF_GRID: NestedList = { name: 'householdsByGrid', spec: householdsByGridSpec, columns: HOUSEHOLD_COLUMNS };
const STAFF_OF_GRID: NestedList = { name: 'staffByGrid', spec: staffByGridSpec };

@Resolver(() => GridType)
export class GridResolver {
  @Query(() => GridType, { description: 'The grid with this 15-digit code. NOT_FOUND when absent or outside the caller\'s scope.' })
  async grid(@Arg('code', () => String, { description: '15-digit grid code.' }) code: string, @Ctx() ctx: HubContext): Promise<GridType> {
    const row = await gridByCode(ctx.readDb, ctx.caller, readGridCode(code, 'code'));
    if (!row) throw notFound('Grid', 'code');
    return toGridType(row);
  }

  @Query(() => GridStatsType, {
    description: 'Dashboard figures of a grid (everything areaStats gives, per grid; see GridStats for party members and hours). NOT_FOUND when absent or outside the caller\'s scope.',
  })
  async gridStats(@Arg('code', () => String, { description: '15-digit grid code.' }) code: string, @Ctx() ctx: HubContext): Promise<GridStatsType> {
    const row = await gridByCode(ctx.readDb, ctx.caller, readGridCode(code, 'code'));
    if (!row) throw notFound('Grid', 'code');
    return gridStatsOf(ctx, toGridType(row));
  }

  @FieldResolver(() => GridStatsType, { description: 'Dashboard figures of this grid (as `gridStats`); all grids of a request share one statement.' })
  stats(@Root() grid: GridType, @Ctx() ctx: HubContext): Promise<GridStatsType> {
    return gridStatsOf(ctx, grid);
  }

  @Query(() => GridConnection, { description: `Grids. ${GridOrder.describe}` })
  grids(
    @Arg('filter', () => GridFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: GridFilter | null,
    @Arg('orderBy', () => GridOrder.Input, { nullable: true, description: GridOrder.describe }) orderBy: InstanceType<typeof GridOrder.Input> | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: HubContext,
  ) {
    return rootConnection(ctx, GridConnection, gridListSpec(filter, orderBy), page, toGridType, undefined, selectedColumns(GRID_COLUMNS, info, 'connection'), info);
  }

  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The community (社区) the grid belongs to.' })
  community(@Root() grid: GridType, @Ctx() ctx: HubContext) {
    return areaById(ctx, grid.communityId);
  }

  @FieldResolver(() => BuildingConnection, { description: 'Buildings in the grid, by building number.' })
  @Extensions(joinable(BUILDINGS_OF_GRID))
  buildings(@Root() grid: GridType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, BuildingConnection, BUILDINGS_OF_GRID, grid.rowId, page, info, toBuildingType);
  }

  @FieldResolver(() => HouseholdConnection, { description: 'Households in the grid, by household number.' })
  @Extensions(joinable(HOUSEHOLDS_OF_GRID))
  households(@Root() grid: GridType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, HouseholdConnection, HOUSEHOLDS_OF_GRID, grid.rowId, page, info, toHouseholdType);
  }

  @FieldResolver(() => StaffRoleConnection, { description: 'Grid workers, information officers, volunteers and building leaders of the grid.' })
  @Extensions(joinable(STAFF_OF_GRID))
  staff(@Root() grid: GridType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, StaffRoleConnection, STAFF_OF_GRID, grid.rowId, page, info, toStaffRoleType);
  }

  @FieldResolver(() => CaseConnection, { description: 'Cases located in the grid, newest first.' })
  cases(
    @Root() grid: GridType,
    @Arg('filter', () => CaseFilter, { nullable: true, description: 'Further conditions.' }) filter: CaseFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: HubContext,
  ) {
    return childConnection(ctx, CaseConnection, `casesByGrid|${JSON.stringify(filter ?? {})}`, casesByGridSpec(filter), grid.rowId, page, (row: CaseRow) =>
      toCaseType(row, ctx.caller),
      undefined, selectedColumns(CASE_COLUMNS, info, 'connection'),
    );
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() grid: GridType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'grid', grid.rowId);
  }
}
