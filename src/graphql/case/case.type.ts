import type { Selectable } from 'kysely';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import type { CaseRecordTable } from '../../db/tables/case.table';
import { maskAddress, maskFreeText } from '../../domain/masking';
import type { Caller } from '../../auth/caller';
import type { ColumnPlan } from '../common/columns';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';
import { CaseKind, CaseStatus, Satisfaction } from './case.enums';

export type CaseRow = Selectable<CaseRecordTable>;

/**
 * 诉求 / 工单 / 事件 / 报修. Its text (title, content) is L3: ID-number and mobile patterns in
 * it are masked (again: the write path already masks them), and the address is cut to the building.
 */
@ObjectType('Case', { simpleResolvers: true, implements: Node, description: '诉求 / 工单 / 事件 / 报修 — a case: one resident request, hotline ticket, grid incident or repair, with its history.' })
export class CaseType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('Case', this.rowId);
  }

  @Field(() => String, { description: 'Source system, e.g. `12345`.' })
  sourceSystem!: string;

  @Field(() => String, { description: 'Number of the case in its source system (工单号).' })
  sourceNo!: string;

  @Field(() => CaseKind, { description: 'Kind of case.' })
  kind!: CaseKind;

  @Field(() => String, { nullable: true, description: 'Channel it came in through (电话, 网格巡查, 小程序 …).' })
  channel!: string | null;

  @Field(() => String, { nullable: true, description: 'Appeal type (诉求类型: 咨询, 求助, 投诉, 建议 …).' })
  appealType!: string | null;

  @Field(() => String, { nullable: true, description: 'Category (事项分类), e.g. 环境卫生.' })
  category!: string | null;

  @Field(() => String, { nullable: true, description: 'Title; ID-number and mobile patterns masked.' })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'Description; ID-number and mobile patterns masked (L3 free text).' })
  content!: string | null;

  @Field(() => String, { nullable: true, description: 'Address, cut to building level.' })
  address!: string | null;

  @Field(() => CaseStatus, { description: 'Current status.' })
  status!: CaseStatus;

  @Field(() => Boolean, { description: '紧急: same-day time limit.' })
  urgent!: boolean;

  @Field(() => Boolean, { description: '督办: supervised by a superior body.' })
  supervised!: boolean;

  @Field(() => Boolean, { description: '联办: handled by several units.' })
  joint!: boolean;

  @Field(() => Boolean, { description: '超期 (derived): closed after its due time, or still open past it (server clock).' })
  overdue!: boolean;

  @Field(() => Int, { description: 'Times the case was returned by a unit (退单次数).' })
  returnsCount!: number;

  @Field(() => Satisfaction, { nullable: true, description: 'Revisit result (回访满意度).' })
  satisfaction!: Satisfaction | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was reported.' })
  reportedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Time limit (办理时限).' })
  dueAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was closed.' })
  closedAt!: Date | null;

  @Field(() => Int, { description: 'Version for optimistic concurrency: a move states the version it saw (case-flow mutations); any change of its flow state (status, returns, flags, satisfaction, due or closing time), by a move or a source sync, adds 1.' })
  version!: number;

  rowId!: string;
  reporterId!: string | null;
  areaId!: string | null;
  gridId!: string | null;
  buildingId!: string | null;
  dutyItemId!: string | null;
}

/** The `case_record` columns each field reads (common/columns.ts); `stats`-like fields not listed read every column. */
export const CASE_COLUMNS: ColumnPlan = {
  always: ['id'],
  fields: {
    id: [],
    sourceSystem: ['source_system'],
    sourceNo: ['source_no'],
    kind: ['kind'],
    channel: ['channel'],
    appealType: ['appeal_type'],
    category: ['category'],
    title: ['title'],
    content: ['content'],
    address: ['address'],
    status: ['status'],
    urgent: ['urgent'],
    supervised: ['supervised'],
    joint: ['joint'],
    overdue: ['due_at', 'closed_at'],
    returnsCount: ['returns_count'],
    satisfaction: ['satisfaction'],
    reportedAt: ['reported_at'],
    dueAt: ['due_at'],
    closedAt: ['closed_at'],
    version: ['version'],
    events: [],
    handlers: [],
    reporter: ['reporter_person_id'],
    area: ['area_id'],
    grid: ['grid_id'],
    building: ['building_id'],
    dutyItem: ['duty_item_id'],
    dutyShifted: [],
    dutyShift: [],
    linkedCases: [],
    sources: [],
    provenance: [],
  },
};

/**
 * Maps a `case_record` row, masking its free text and address for every caller. A pruned row
 * (CASE_COLUMNS) lacks what no selected field reads; those fields stay unset.
 */
export function toCaseType(row: CaseRow, _caller: Caller, now: Date = new Date()): CaseType {
  const t = new CaseType();
  t.rowId = row.id;
  t.sourceSystem = row.source_system;
  t.sourceNo = row.source_no;
  t.kind = row.kind;
  t.channel = row.channel;
  t.appealType = row.appeal_type;
  t.category = row.category;
  t.title = row.title == null ? null : maskFreeText(row.title);
  t.content = row.content == null ? null : maskFreeText(row.content);
  t.address = row.address == null ? null : maskFreeText(maskAddress(row.address));
  t.status = row.status as CaseStatus;
  t.urgent = row.urgent;
  t.supervised = row.supervised;
  t.joint = row.joint;
  t.overdue = row.due_at != null && (row.closed_at ?? now) > row.due_at;
  t.returnsCount = row.returns_count;
  t.satisfaction = row.satisfaction;
  t.reportedAt = row.reported_at;
  t.dueAt = row.due_at;
  t.closedAt = row.closed_at;
  t.version = row.version;
  t.reporterId = row.reporter_person_id;
  t.areaId = row.area_id;
  t.gridId = row.grid_id;
  t.buildingId = row.building_id;
  t.dutyItemId = row.duty_item_id;
  return t;
}
