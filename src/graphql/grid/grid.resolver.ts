import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import { CaseConnection } from '../case/case.connection';
import { CaseFilter } from '../case/case.filter';
import { casesByGridSpec } from '../case/case.repository';
import { type CaseRow, toCaseType } from '../case/case.type';
import { readGridCode } from '../common/area-scope';
import { childConnection, ConnectionArgs, rootConnection } from '../common/lists';
import type { HubContext } from '../context';
import { notFound } from '../errors';
import { HouseholdConnection } from '../household/household.connection';
import { householdsByGridSpec } from '../household/household.repository';
import { toHouseholdType } from '../household/household.type';
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
import { gridByCode, gridListSpec } from './grid.repository';
import { GridType, toGridType } from './grid.type';

@Resolver(() => GridType)
export class GridResolver {
  @Query(() => GridType, { description: 'The grid with this 15-digit code. NOT_FOUND when absent or outside the caller\'s scope.' })
  async grid(@Arg('code', () => String, { description: '15-digit grid code.' }) code: string, @Ctx() ctx: HubContext): Promise<GridType> {
    const row = await gridByCode(ctx.readDb, ctx.caller, readGridCode(code, 'code'));
    if (!row) throw notFound('Grid', 'code');
    return toGridType(row);
  }

  @Query(() => GridConnection, { description: 'Grids, ordered by code.' })
  grids(
    @Arg('filter', () => GridFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: GridFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: HubContext,
  ) {
    return rootConnection(ctx, GridConnection, gridListSpec(filter), page, toGridType);
  }

  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The community (社区) the grid belongs to.' })
  community(@Root() grid: GridType, @Ctx() ctx: HubContext) {
    return areaById(ctx, grid.communityId);
  }

  @FieldResolver(() => BuildingConnection, { description: 'Buildings in the grid, by building number.' })
  buildings(@Root() grid: GridType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childConnection(ctx, BuildingConnection, 'buildingsByGrid', buildingsByGridSpec, grid.rowId, page, toBuildingType);
  }

  @FieldResolver(() => HouseholdConnection, { description: 'Households in the grid, by household number.' })
  households(@Root() grid: GridType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childConnection(ctx, HouseholdConnection, 'householdsByGrid', householdsByGridSpec, grid.rowId, page, toHouseholdType);
  }

  @FieldResolver(() => StaffRoleConnection, { description: 'Grid workers, information officers, volunteers and building leaders of the grid.' })
  staff(@Root() grid: GridType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: HubContext) {
    return childConnection(ctx, StaffRoleConnection, 'staffByGrid', staffByGridSpec, grid.rowId, page, toStaffRoleType);
  }

  @FieldResolver(() => CaseConnection, { description: 'Cases located in the grid, newest first.' })
  cases(
    @Root() grid: GridType,
    @Arg('filter', () => CaseFilter, { nullable: true, description: 'Further conditions.' }) filter: CaseFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: HubContext,
  ) {
    return childConnection(ctx, CaseConnection, `casesByGrid|${JSON.stringify(filter ?? {})}`, casesByGridSpec(filter), grid.rowId, page, (row: CaseRow) =>
      toCaseType(row, ctx.caller),
    );
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() grid: GridType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'grid', grid.rowId);
  }
}
