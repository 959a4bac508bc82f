import { Field, GraphQLISODateTime, ID, InputType } from 'type-graphql';
import { CaseKind } from './case.enums';

/** A case reported in the hub. */
@InputType('ReportCaseInput', { description: 'A case reported in the hub, for channels with no system of their own (来访 walk-in, 网格巡查 grid patrol). Give `area` or `grid`.' })
export class ReportCaseInput {
  @Field(() => CaseKind, { description: 'APPEAL for a resident\'s request, INCIDENT for what a grid worker found.' })
  kind!: CaseKind;

  @Field(() => String, { description: 'Channel, e.g. 来访 or 网格巡查.' })
  channel!: string;

  @Field(() => String, { nullable: true, description: 'Appeal type (咨询, 求助, 投诉, 建议 …).' })
  appealType?: string | null;

  @Field(() => String, { nullable: true, description: 'Category (事项分类), e.g. 环境卫生.' })
  category?: string | null;

  @Field(() => String, { description: 'Title; ID-number and mobile patterns are masked when stored.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Description; ID-number and mobile patterns are masked when stored.' })
  content?: string | null;

  @Field(() => String, { nullable: true, description: 'Community code (12-digit NBS, or shorter forms); must be inside the caller\'s scope.' })
  area?: string | null;

  @Field(() => String, { nullable: true, description: '15-digit grid code; its community is the case\'s area.' })
  grid?: string | null;

  @Field(() => String, { nullable: true, description: 'Address; shown cut to building level.' })
  address?: string | null;

  @Field(() => Boolean, { nullable: true, description: '紧急. Default false.' })
  urgent?: boolean | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Time limit (办理时限); default: computed from the time-limit rules on the work calendar (urgent same working day, 咨询/求助 3 working days, 投诉 13; see `cases.timeLimits`). May also be set at dispatch.' })
  dueAt?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the resident reported it. Default: now.' })
  reportedAt?: Date | null;

  @Field(() => ID, { nullable: true, description: 'Global ID of the reporting organisation when the caller\'s token names none.' })
  actorOrganizationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Makes a retry safe: the same key returns the case reported the first time.' })
  idempotencyKey?: string | null;
}
