import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CaseStatus } from '../case/case.enums';

/** What case statistics can be grouped by. */
export const CaseStatsDimension = {
  STATUS: 'STATUS',
  CATEGORY: 'CATEGORY',
  AREA: 'AREA',
  GRID: 'GRID',
  DAY: 'DAY',
  WEEK: 'WEEK',
  MONTH: 'MONTH',
  CHANNEL: 'CHANNEL',
} as const;
export type CaseStatsDimension = (typeof CaseStatsDimension)[keyof typeof CaseStatsDimension];

registerEnumType(CaseStatsDimension, {
  name: 'CaseStatsDimension',
  description: 'A dimension to group case statistics by. DAY, WEEK and MONTH use China Standard Time and exclude each other.',
  valuesConfig: {
    STATUS: { description: 'Current status.' },
    CATEGORY: { description: 'Category (事项分类).' },
    AREA: { description: 'The community (社区) of the case.' },
    GRID: { description: 'The grid of the case.' },
    DAY: { description: 'Day reported, `YYYY-MM-DD`.' },
    WEEK: { description: 'ISO week reported, `YYYY-Www`.' },
    MONTH: { description: 'Month reported, `YYYY-MM`.' },
    CHANNEL: { description: 'Channel it came in through.' },
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

  @Field(() => String, { nullable: true, description: 'Day, ISO week or month reported (grouped by DAY, WEEK or MONTH).' })
  period!: string | null;

  @Field(() => Boolean, { description: 'True when the group\'s figures are withheld (L4 small-group rule).' })
  suppressed!: boolean;

  @Field(() => Int, { nullable: true, description: 'Cases (件数).' })
  count!: number | null;

  @Field(() => Int, { nullable: true, description: 'Cases closed (closed_at set): 办结数.' })
  closedCount!: number | null;

  @Field(() => Int, { nullable: true, description: 'Overdue cases (超期): closed after their due time, or still open past it.' })
  overdueCount!: number | null;

  @Field(() => Float, { nullable: true, description: '按时办结率: closed cases with closed_at ≤ due_at, over closed cases that have a due time. Null when there are none.' })
  onTimeRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Average hours from report to close over closed cases (平均办理时长).' })
  avgHoursToClose!: number | null;

  @Field(() => Float, { nullable: true, description: '满意率: (满意 + 基本满意) over cases with a revisit result.' })
  satisfactionRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Returns (退单) per case.' })
  returnsPerCase!: number | null;
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
