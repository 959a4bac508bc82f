import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Info, Extensions } from 'type-graphql';
import { readAreaCode } from '../common/area-scope';
import { nestedConnection, ConnectionArgs, rootConnection } from '../common/lists';
import { joinable, type NestedList } from '../common/joined-pages';
import type { HubContext } from '../context';
import { notFound } from '../errors';
import { GridConnection } from '../grid/grid.connection';
import { gridsInAreaSpec } from '../grid/grid.repository';
import { toGridType, GRID_COLUMNS } from '../grid/grid.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { AdminAreaConnection } from './admin-area.connection';
import { AdminAreaType, toAdminAreaType, AREA_COLUMNS } from './admin-area.type';
import { AreaFilter } from './area.filter';
import { areaById } from './area.loaders';
import { AreaOrder, areaByCode, areaChildrenSpec, areaListSpec } from './area.repository';
import { selectedColumns } from '../common/columns';
import type { GraphQLResolveInfo } from 'graphql';

/** The nested lists of this type's fields (common/joined-pages.ts). */
const CHILDREN_OF_AREA: NestedList = { name: 'areaChildren', spec: areaChildrenSpec, columns: AREA_COLUMNS };
const GRIDS_IN_AREA: NestedList = { name: 'gridsInArea', spec: gridsInAreaSpec, columns: GRID_COLUMNS };

@Resolver(() => AdminAreaType)
export class AdminAreaResolver {
  @Query(() => AdminAreaType, { description: 'The area with this code (6-digit GB/T 2260, 9-digit street or 12-digit NBS), newest vintage. Areas are public (L1). NOT_FOUND when absent.' })
  async area(@Arg('code', () => String, { description: 'Area code, e.g. `420102` (江岸区) or `420102002` (大智街道).' }) code: string, @Ctx() ctx: HubContext): Promise<AdminAreaType> {
    const row = await areaByCode(ctx.readDb, readAreaCode(code, 'code'));
    if (!row) throw notFound('Area', 'code');
    return toAdminAreaType(row);
  }

  @Query(() => AdminAreaConnection, { description: `Administrative areas. ${AreaOrder.describe}` })
  areas(
    @Arg('filter', () => AreaFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: AreaFilter | null,
    @Arg('orderBy', () => AreaOrder.Input, { nullable: true, description: AreaOrder.describe }) orderBy: InstanceType<typeof AreaOrder.Input> | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: HubContext,
  ) {
    return rootConnection(ctx, AdminAreaConnection, areaListSpec(filter, orderBy), page, toAdminAreaType, undefined, selectedColumns(AREA_COLUMNS, info, 'connection'), info);
  }

  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The area one level up (上级区划).' })
  parent(@Root() area: AdminAreaType, @Ctx() ctx: HubContext) {
    return areaById(ctx, area.parentId);
  }

  @FieldResolver(() => AdminAreaConnection, { description: 'Areas one level down (下级区划), ordered by code.' })
  @Extensions(joinable(CHILDREN_OF_AREA))
  children(@Root() area: AdminAreaType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, AdminAreaConnection, CHILDREN_OF_AREA, area.rowId, page, info, toAdminAreaType);
  }

  @FieldResolver(() => GridConnection, { description: 'Grids anywhere inside this area: a community\'s grids, or all grids of a street\'s communities.' })
  @Extensions(joinable(GRIDS_IN_AREA))
  grids(@Root() area: AdminAreaType, @Args(() => ConnectionArgs) page: ConnectionArgs, @Info() info: GraphQLResolveInfo, @Ctx() ctx: HubContext) {
    return nestedConnection(ctx, GridConnection, GRIDS_IN_AREA, area.rowId, page, info, toGridType);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() area: AdminAreaType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'adminArea', area.rowId);
  }
}
