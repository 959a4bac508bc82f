import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root, Info } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';
import { areaById } from '../area/area.loaders';
import { ConnectionArgs, rootConnection } from '../common/lists';
import type { HubContext } from '../context';
import { DutyItemType } from '../duty/duty-item.type';
import { dutyItemById } from '../duty/duty-item.loaders';
import { gridById } from '../grid/grid.loaders';
import { GridType } from '../grid/grid.type';
import { FieldProvenanceType, PROVENANCE_DESCRIPTION } from '../lineage/field-provenance.type';
import { sourcesOf } from '../lineage/lineage.loaders';
import { provenanceOf } from '../lineage/provenance.loaders';
import { SourceRecordType } from '../lineage/source-record.type';
import { SOURCES_DESCRIPTION } from '../lineage/sources.field';
import { personById } from '../person/person.loaders';
import { PersonType } from '../person/person.type';
import { BuildingType } from '../place/building.type';
import { buildingById } from '../place/place.loaders';
import { CaseEventType } from './case-event.type';
import { CaseHandlerType } from './case-handler.type';
import { CaseConnection } from './case.connection';
import { CaseFilter } from './case.filter';
import { eventsOfCase, handlersOfCase } from './case.loaders';
import { CaseOrder, caseListSpec } from './case.repository';
import { CaseType, type CaseRow, toCaseType, CASE_COLUMNS } from './case.type';
import { dutyShiftOfCase } from './duty-shift.loaders';
import { DutyShiftType, toDutyShiftType } from './duty-shift.type';
import { selectedColumns } from '../common/columns';
import type { GraphQLResolveInfo } from 'graphql';

@Resolver(() => CaseType)
export class CaseResolver {
  @Query(() => CaseConnection, { description: `Cases (诉求 / 工单 / 事件 / 报修), newest first unless orderBy says otherwise. ${CaseOrder.describe}` })
  cases(
    @Arg('filter', () => CaseFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: CaseFilter | null,
    @Arg('orderBy', () => CaseOrder.Input, { nullable: true, description: CaseOrder.describe }) orderBy: InstanceType<typeof CaseOrder.Input> | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: HubContext,
  ) {
    return rootConnection(ctx, CaseConnection, caseListSpec(filter, orderBy), page, (row: CaseRow) => toCaseType(row, ctx.caller), undefined, selectedColumns(CASE_COLUMNS, info, 'connection'), info);
  }

  @FieldResolver(() => [CaseEventType], { description: 'The history (流转记录), in order.' })
  events(@Root() c: CaseType, @Ctx() ctx: HubContext) {
    return eventsOfCase(ctx, c.rowId);
  }

  @FieldResolver(() => [CaseHandlerType], { description: 'Handling units (承办单位), lead first.' })
  handlers(@Root() c: CaseType, @Ctx() ctx: HubContext) {
    return handlersOfCase(ctx, c.rowId);
  }

  @FieldResolver(() => PersonType, { nullable: true, description: 'Who reported it (反映人), masked.' })
  reporter(@Root() c: CaseType, @Ctx() ctx: HubContext) {
    return personById(ctx, c.reporterId);
  }

  @FieldResolver(() => AdminAreaType, { nullable: true, description: 'The community it happened in.' })
  area(@Root() c: CaseType, @Ctx() ctx: HubContext) {
    return areaById(ctx, c.areaId);
  }

  @FieldResolver(() => GridType, { nullable: true, description: 'The grid it happened in.' })
  grid(@Root() c: CaseType, @Ctx() ctx: HubContext) {
    return gridById(ctx, c.gridId);
  }

  @FieldResolver(() => BuildingType, { nullable: true, description: 'The building concerned.' })
  building(@Root() c: CaseType, @Ctx() ctx: HubContext) {
    return buildingById(ctx, c.buildingId);
  }

  @FieldResolver(() => DutyItemType, { nullable: true, description: 'The duty-list item that obliges a unit to handle it (权责清单事项).' })
  dutyItem(@Root() c: CaseType, @Ctx() ctx: HubContext) {
    return dutyItemById(ctx, c.dutyItemId);
  }

  @FieldResolver(() => Boolean, {
    description:
      '转嫁责任 (derived, from the current rows): true when a residents\' committee handles the case (主办 or 协办) and its duty item is not on the community work list (the street\'s own 权力/责任清单, or a withdrawn item). False without a duty item. All cases of a request level share one statement.',
  })
  async dutyShifted(@Root() c: CaseType, @Ctx() ctx: HubContext): Promise<boolean> {
    return (await dutyShiftOfCase(ctx, c.rowId))?.shifted ?? false;
  }

  @FieldResolver(() => DutyShiftType, { nullable: true, description: 'Why the case is duty-shifted (转嫁责任): the item, its list, the committees handling it, the dispatcher. Null when `dutyShifted` is false.' })
  async dutyShift(@Root() c: CaseType, @Ctx() ctx: HubContext): Promise<DutyShiftType | null> {
    const row = await dutyShiftOfCase(ctx, c.rowId);
    return row && toDutyShiftType(row);
  }

  @FieldResolver(() => [SourceRecordType], { description: SOURCES_DESCRIPTION })
  sources(@Root() c: CaseType, @Ctx() ctx: HubContext) {
    return sourcesOf(ctx, 'case', c.rowId);
  }

  @FieldResolver(() => [FieldProvenanceType], { description: PROVENANCE_DESCRIPTION })
  provenance(@Root() c: CaseType, @Ctx() ctx: HubContext) {
    return provenanceOf(ctx, 'case', c.rowId);
  }
}
