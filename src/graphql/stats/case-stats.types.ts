import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CaseStatus } from '../case/case.enums';
import { DutyListType } from '../duty/duty-item.type';
import { OrganizationKind } from '../organization/organization.enums';

/** What case statistics can be grouped by. */
export const CaseStatsDimension = {
  STATUS: 'STATUS',
  CATEGORY: 'CATEGORY',
  AREA: 'AREA',
  GRID: 'GRID',
  DAY: 'DAY',
  WEEK: 'WEEK',
  MONTH: 'MONTH',
  QUARTER: 'QUARTER',
  CHANNEL: 'CHANNEL',
  HANDLING_UNIT: 'HANDLING_UNIT',
  DISPATCHER: 'DISPATCHER',
  DUTY_ITEM: 'DUTY_ITEM',
} as const;
export type CaseStatsDimension = (typeof CaseStatsDimension)[keyof typeof CaseStatsDimension];

registerEnumType(CaseStatsDimension, {
  name: 'CaseStatsDimension',
  description: 'A dimension to group case statistics by. DAY, WEEK, MONTH and QUARTER are calendar buckets of the report time in China time (Asia/Shanghai) and exclude each other.',
  valuesConfig: {
    STATUS: { description: 'Current status.' },
    CATEGORY: { description: 'Category (事项分类).' },
    AREA: { description: 'The community (社区) of the case.' },
    GRID: { description: 'The grid of the case.' },
    DAY: { description: 'Day reported, `YYYY-MM-DD`.' },
    WEEK: { description: 'ISO week reported, `YYYY-Www`.' },
    MONTH: { description: 'Month reported, `YYYY-MM`.' },
    QUARTER: { description: 'Quarter reported, `YYYY-Qn` (2026-03-31T17:00Z is 1 April in China: `2026-Q2`).' },
    CHANNEL: { description: 'Channel it came in through.' },
    HANDLING_UNIT: {
      description:
        'The lead unit (主办单位, handler role LEAD) the case is with now: keys `handlingUnitId`, `handlingUnitName`, `handlingUnitKind`. Assisting units (协办) are not counted here (each case in one group); cases without a lead (not yet or no longer dispatched) form the group with null keys.',
    },
    DISPATCHER: { description: 'The unit that dispatched the case last (派遣单位: the acting unit of the latest step into DISPATCHED): keys `dispatcherId`, `dispatcherName`, `dispatcherKind`; null keys when never dispatched or not recorded.' },
    DUTY_ITEM: { description: 'The duty item (权责清单事项) the case is linked to: keys `dutyItemId`, `dutyItemCode`, `dutyItemName`, `dutyItemListType`; null keys without one (or when its street\'s list is outside the caller\'s scope).' },
  },
});

/** One group of case statistics. Keys not grouped by are null. */
@ObjectType('CaseStatsGroup', {
  description:
    'Case figures for one group (or for all matching cases). A group whose category is L4-sensitive (social assistance, veterans, elderly care, disability, health …) and that holds fewer than 5 cases is suppressed: `suppressed` is true and every figure is null.',
})
export class CaseStatsGroupType {
  @Field(() => CaseStatus, { nullable: true, description: 'Status key (grouped by STATUS).' })
  status!: CaseStatus | null;

  @Field(() => String, { nullable: true, description: 'Category key (grouped by CATEGORY).' })
  category!: string | null;

  @Field(() => String, { nullable: true, description: 'Channel key (grouped by CHANNEL).' })
  channel!: string | null;

  @Field(() => String, { nullable: true, description: 'Community code (grouped by AREA).' })
  areaCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Community name (grouped by AREA).' })
  areaName!: string | null;

  @Field(() => String, { nullable: true, description: 'Grid code (grouped by GRID).' })
  gridCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Grid name (grouped by GRID).' })
  gridName!: string | null;

  @Field(() => String, { nullable: true, description: 'Day, ISO week, month or quarter reported, in China time (grouped by DAY, WEEK, MONTH or QUARTER).' })
  period!: string | null;

  @Field(() => ID, { nullable: true, description: 'Lead unit\'s global ID (grouped by HANDLING_UNIT).' })
  handlingUnitId!: string | null;

  @Field(() => String, { nullable: true, description: 'Lead unit\'s name (grouped by HANDLING_UNIT).' })
  handlingUnitName!: string | null;

  @Field(() => OrganizationKind, { nullable: true, description: 'Lead unit\'s kind (grouped by HANDLING_UNIT).' })
  handlingUnitKind!: OrganizationKind | null;

  @Field(() => ID, { nullable: true, description: 'Dispatching unit\'s global ID (grouped by DISPATCHER).' })
  dispatcherId!: string | null;

  @Field(() => String, { nullable: true, description: 'Dispatching unit\'s name (grouped by DISPATCHER).' })
  dispatcherName!: string | null;

  @Field(() => OrganizationKind, { nullable: true, description: 'Dispatching unit\'s kind (grouped by DISPATCHER).' })
  dispatcherKind!: OrganizationKind | null;

  @Field(() => ID, { nullable: true, description: 'Duty item\'s global ID (grouped by DUTY_ITEM).' })
  dutyItemId!: string | null;

  @Field(() => String, { nullable: true, description: 'Duty item\'s code (grouped by DUTY_ITEM).' })
  dutyItemCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Duty item\'s name (grouped by DUTY_ITEM).' })
  dutyItemName!: string | null;

  @Field(() => DutyListType, { nullable: true, description: 'Duty item\'s list (grouped by DUTY_ITEM).' })
  dutyItemListType!: DutyListType | null;

  @Field(() => Boolean, { description: 'True when the group\'s figures are withheld (L4 small-group rule).' })
  suppressed!: boolean;

  @Field(() => Int, { nullable: true, description: 'Cases (件数).' })
  count!: number | null;

  @Field(() => Int, { nullable: true, description: 'Cases closed (closed_at set): 办结数.' })
  closedCount!: number | null;

  @Field(() => Int, { nullable: true, description: 'Overdue cases (超期): closed after their due time, or still open past it.' })
  overdueCount!: number | null;

  @Field(() => Float, { nullable: true, description: '按时办结率: closed cases with closed_at ≤ due_at, over closed cases that have a due time, rounded to 4 decimals. Null when there are none.' })
  onTimeRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Average hours from report to close over closed cases (平均办理时长), rounded to 2 decimals (0.01 h = 36 s).' })
  avgHoursToClose!: number | null;

  @Field(() => Float, { nullable: true, description: '满意率: (满意 + 基本满意) over cases with a revisit result, rounded to 4 decimals.' })
  satisfactionRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Returns (退单) per case, rounded to 4 decimals.' })
  returnsPerCase!: number | null;

  @Field(() => Int, { nullable: true, description: 'Duty-shifted cases (转嫁责任, `Case.dutyShifted`): a residents\' committee handles them and their duty item is not on the community work list.' })
  dutyShiftedCount!: number | null;

  @Field(() => Int, { nullable: true, description: 'Cases a residents\' committee handles (主办 or 协办) that name a duty item, on the work list or not: the base of `dutyShiftRate`.' })
  committeeDutyCount!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      '转嫁率: dutyShiftedCount / committeeDutyCount — of the committees\' cases that some duty list assigns, the share whose item is not on the community work list; rounded to 4 decimals. Null when committeeDutyCount is 0.',
  })
  dutyShiftRate!: number | null;
}

/** Case statistics. */
@ObjectType('CaseStats', { simpleResolvers: true, description: 'Dashboard figures over cases, computed in SQL.' })
export class CaseStatsType {
  @Field(() => [CaseStatsDimension], { description: 'The dimensions grouped by.' })
  groupBy!: CaseStatsDimension[];

  @Field(() => CaseStatsGroupType, { description: 'Figures over all matching cases (suppressed only when the filter allows L4 categories alone and holds 1–4 cases, for roles without L4).' })
  total!: CaseStatsGroupType;

  @Field(() => [CaseStatsGroupType], { description: 'One entry per group, ordered by the keys.' })
  groups!: CaseStatsGroupType[];
}
