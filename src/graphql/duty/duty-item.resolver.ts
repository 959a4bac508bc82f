import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Info } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import { CaseConnection } from '../case/case.connection';
import { CaseFilter } from '../case/case.filter';
import { casesByDutyItemSpec } from '../case/case.repository';
import { type CaseRow, toCaseType, CASE_COLUMNS } from '../case/case.type';
import { childConnection, ConnectionArgs, rootConnection } from '../common/lists';
import type { HubContext } from '../context';
import { sourcesOf } from '../lineage/lineage.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { DutyItemConnection } from './duty-item.connection';
import { DutyItemFilter } from './duty-item.filter';
import { DutyItemOrder, dutyItemListSpec } from './duty-item.repository';
import { DutyItemType, toDutyItemType } from './duty-item.type';
import { selectedColumns } from '../common/columns';
import type { GraphQLResolveInfo } from 'graphql';

@Resolver(() => DutyItemType)
export class DutyItemResolver {
  @Query(() => DutyItemConnection, { description: `Items of the streets' lists of powers and responsibilities (权责清单). ${DutyItemOrder.describe}` })
  dutyItems(
    @Arg('filter', () => DutyItemFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: DutyItemFilter | null,
    @Arg('orderBy', () => DutyItemOrder.Input, { nullable: true, description: DutyItemOrder.describe }) orderBy: InstanceType<typeof DutyItemOrder.Input> | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: HubContext,
  ) {
    return rootConnection(ctx, DutyItemConnection, dutyItemListSpec(filter, orderBy), page, toDutyItemType);
  }

  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The street whose list this is.' })
  street(@Root() item: DutyItemType, @Ctx() ctx: HubContext) {
    return areaById(ctx, item.streetId);
  }

  @FieldResolver(() => CaseConnection, { description: 'Cases linked to this item, newest first.' })
  cases(
    @Root() item: DutyItemType,
    @Arg('filter', () => CaseFilter, { nullable: true, description: 'Further conditions.' }) filter: CaseFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: HubContext,
  ) {
    return childConnection(ctx, CaseConnection, `casesByDutyItem|${JSON.stringify(filter ?? {})}`, casesByDutyItemSpec(filter), item.rowId, page, (row: CaseRow) =>
      toCaseType(row, ctx.caller),
      undefined, selectedColumns(CASE_COLUMNS, info, 'connection'),
    );
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() item: DutyItemType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'dutyItem', item.rowId);
  }
}
