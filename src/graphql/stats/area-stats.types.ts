import { Field, Float, Int, ObjectType } from 'type-graphql';
import { AdminAreaType } from '../area/admin-area.type';

/** Figures of one area for a dashboard. */
@ObjectType('AreaStats', {
  description:
    'Dashboard figures of an area and everything inside it, computed in SQL. `partyMembers` is L4 (political identity): a count from 1 to 4 is withheld (null) and named in `suppressed`.',
})
export class AreaStatsType {
  @Field(() => AdminAreaType, { description: 'The area.' })
  area!: AdminAreaType;

  @Field(() => Int, { description: 'Households (户数).' })
  households!: number;

  @Field(() => Int, { description: 'Residents: distinct persons with a current residency in those households (实有人口).' })
  residents!: number;

  @Field(() => Int, { nullable: true, description: 'Party members organised in the area\'s party organisations (党员数). Null when 1–4 (L4 small-group rule).' })
  partyMembers!: number | null;

  @Field(() => Int, { description: 'Households with a current 包片联户 contact assignment.' })
  householdsWithContact!: number;

  @Field(() => Float, { nullable: true, description: '包片联户 coverage: householdsWithContact / households. Null without households.' })
  partyMemberHouseholdCoverage!: number | null;

  @Field(() => Int, { description: 'Grid workers (网格员) with a current role in the area.' })
  gridWorkers!: number;

  @Field(() => Int, { description: 'Volunteers (志愿者) with a current role in the area.' })
  volunteers!: number;

  @Field(() => Float, { description: 'Hours given in volunteer-service activities (志愿服务时长) held in the area.' })
  volunteerHours!: number;

  @Field(() => Int, { description: 'Cases located in the area (all time).' })
  cases!: number;

  @Field(() => Int, { description: 'Cases in the area not yet closed, rejected or archived (在办).' })
  openCases!: number;

  @Field(() => [String], { description: 'Names of the fields withheld by the L4 small-group rule.' })
  suppressed!: string[];
}
