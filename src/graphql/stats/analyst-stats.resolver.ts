import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { smallGroupSuppression } from '../../auth/small-group';
import { ActivityFilter } from '../activity/activity.filter';
import type { HubContext } from '../context';
import { badUserInput } from '../errors';
import { HouseholdFilter } from '../household/household.filter';
import type { HouseholdKind } from '../household/household.enums';
import type { PoliticalStatus, ResidencyCategory, Sex } from '../person/person.enums';
import { PersonFilter } from '../person/person.filter';
import { personFilterIsL4 } from '../person/person.repository';
import {
  ACTIVITY_PERIODS,
  type ActivityStatsRow,
  activityStats,
  type HouseholdStatsRow,
  householdStats,
  L4_PERSON_DIMENSIONS,
  type PersonStatsRow,
  personStats,
} from './analyst-stats.repository';
import {
  ActivityStatsDimension,
  ActivityStatsGroupType,
  ActivityStatsType,
  HouseholdStatsDimension,
  HouseholdStatsGroupType,
  HouseholdStatsType,
  PersonStatsDimension,
  PersonStatsGroupType,
  PersonStatsType,
} from './analyst-stats.types';
import { atMostOne, LIMIT_DESCRIPTION, orderGroups, StatsGroupOrder } from './grouping';
import { roundRate } from './round-rate';

function share(count: number, total: number): number | null {
  return total > 0 ? roundRate(count / total) : null;
}

function toPersonGroup(row: PersonStatsRow, total: number, suppress: boolean): PersonStatsGroupType {
  const g = new PersonStatsGroupType();
  g.areaCode = row.area_code;
  g.areaName = row.area_name;
  g.gridCode = row.grid_code;
  g.gridName = row.grid_name;
  g.sex = row.sex as Sex | null;
  g.ageBand = row.age_band;
  g.residencyCategory = row.residency_category as ResidencyCategory | null;
  g.tag = row.tag;
  g.politicalStatus = row.political_status as PoliticalStatus | null;
  g.suppressed = suppress;
  g.count = suppress ? null : row.count;
  g.share = suppress ? null : share(row.count, total);
  return g;
}

function toHouseholdGroup(row: HouseholdStatsRow, total: number): HouseholdStatsGroupType {
  const g = new HouseholdStatsGroupType();
  g.areaCode = row.area_code;
  g.areaName = row.area_name;
  g.gridCode = row.grid_code;
  g.gridName = row.grid_name;
  g.kind = row.kind as HouseholdKind | null;
  g.size = row.size;
  g.count = row.count;
  g.members = row.members;
  g.averageSize = row.count > 0 ? roundRate(row.members / row.count) : null;
  g.share = share(row.count, total);
  return g;
}

function toActivityGroup(row: ActivityStatsRow): ActivityStatsGroupType {
  const g = new ActivityStatsGroupType();
  g.areaCode = row.area_code;
  g.areaName = row.area_name;
  g.type = row.type;
  g.period = row.period;
  g.count = row.count;
  g.participants = row.participants;
  g.hours = row.hours;
  return g;
}

const ORDER_DESCRIPTION = 'Ordering of the groups (default: by the keys).';

@Resolver()
export class AnalystStatsResolver {
  @Query(() => PersonStatsType, {
    description:
      'Person figures (实有人口) grouped by AREA, GRID, SEX, AGE_BAND, RESIDENCY_CATEGORY, TAG, POLITICAL_STATUS, computed in SQL in one statement. L4 dimensions and filters (TAG, POLITICAL_STATUS, tag, politicalStatus, partyMember) follow the small-group rule for roles without L4 (src/auth/small-group.ts): groups of 1–4 withheld (+ the next smallest), the total withheld when the filter is L4 and it is 1–4.',
  })
  async personStats(
    @Arg('filter', () => PersonFilter, {
      nullable: true,
      description: 'Which persons; all conditions must hold. L4 conditions are allowed here (unlike in `persons`): the small-group rule applies instead. `name` is refused (BAD_USER_INPUT): it would pick one person.',
    })
    filter: PersonFilter | null,
    @Arg('groupBy', () => [PersonStatsDimension], { defaultValue: [], description: 'Dimensions to group by.' }) groupBy: PersonStatsDimension[],
    @Arg('orderBy', () => StatsGroupOrder, { nullable: true, description: `${ORDER_DESCRIPTION} COUNT or KEY.` }) orderBy: StatsGroupOrder | null,
    @Arg('limit', () => Int, { nullable: true, description: LIMIT_DESCRIPTION }) limit: number | null,
    @Ctx() ctx: HubContext,
  ): Promise<PersonStatsType> {
    // a name pins one person: every group would describe them (an aggregate-only role would read a row)
    if (filter?.name) throw badUserInput('filter.name', 'filter.name: a list filter; aggregates do not pick persons by name');
    const dimensions = [...new Set(groupBy)];
    const { total, groups } = await personStats(ctx.readDb, ctx.caller, filter, dimensions);
    const l4Dimension = dimensions.some((d) => L4_PERSON_DIMENSIONS.includes(d));
    const withheld = smallGroupSuppression(ctx.caller, {
      counts: groups.map((g) => g.count),
      sensitive: () => l4Dimension,
      filterIsL4: personFilterIsL4(filter),
      total: total.count,
    });
    const mapped = groups.map((g, i) => toPersonGroup(g, total.count, withheld.groups.has(i)));
    const stats = new PersonStatsType();
    stats.groupBy = dimensions;
    stats.total = toPersonGroup(total, total.count, withheld.total);
    stats.groups = orderGroups(mapped, withheld.groups, orderBy, limit, ['COUNT'], (g) => g.count);
    return stats;
  }

  @Query(() => HouseholdStatsType, { description: 'Household figures grouped by AREA, GRID, KIND, SIZE (current residents), computed in SQL in one statement.' })
  async householdStats(
    @Arg('filter', () => HouseholdFilter, { nullable: true, description: 'Which households; all conditions must hold.' }) filter: HouseholdFilter | null,
    @Arg('groupBy', () => [HouseholdStatsDimension], { defaultValue: [], description: 'Dimensions to group by.' }) groupBy: HouseholdStatsDimension[],
    @Arg('orderBy', () => StatsGroupOrder, { nullable: true, description: `${ORDER_DESCRIPTION} COUNT, MEMBERS or KEY.` }) orderBy: StatsGroupOrder | null,
    @Arg('limit', () => Int, { nullable: true, description: LIMIT_DESCRIPTION }) limit: number | null,
    @Ctx() ctx: HubContext,
  ): Promise<HouseholdStatsType> {
    const dimensions = [...new Set(groupBy)];
    const { total, groups } = await householdStats(ctx.readDb, ctx.caller, filter, dimensions);
    const stats = new HouseholdStatsType();
    stats.groupBy = dimensions;
    stats.total = toHouseholdGroup(total, total.count);
    const mapped = groups.map((g) => toHouseholdGroup(g, total.count));
    stats.groups = orderGroups(mapped, new Set(), orderBy, limit, ['COUNT', 'MEMBERS'], (g, f) => (f === 'COUNT' ? g.count : g.members));
    return stats;
  }

  @Query(() => ActivityStatsType, {
    description:
      'Activity figures (activities, participations, volunteer service hours) grouped by AREA, TYPE and one of DAY, WEEK, MONTH, QUARTER (China time), computed in SQL in one statement.',
  })
  async activityStats(
    @Arg('filter', () => ActivityFilter, { nullable: true, description: 'Which activities; all conditions must hold.' }) filter: ActivityFilter | null,
    @Arg('groupBy', () => [ActivityStatsDimension], { defaultValue: [], description: 'Dimensions to group by (at most one of DAY, WEEK, MONTH, QUARTER).' })
    groupBy: ActivityStatsDimension[],
    @Arg('orderBy', () => StatsGroupOrder, { nullable: true, description: `${ORDER_DESCRIPTION} COUNT, PARTICIPANTS, HOURS or KEY.` }) orderBy: StatsGroupOrder | null,
    @Arg('limit', () => Int, { nullable: true, description: LIMIT_DESCRIPTION }) limit: number | null,
    @Ctx() ctx: HubContext,
  ): Promise<ActivityStatsType> {
    const dimensions = [...new Set(groupBy)];
    atMostOne(dimensions, ACTIVITY_PERIODS);
    const { total, groups } = await activityStats(ctx.readDb, ctx.caller, filter, dimensions);
    const stats = new ActivityStatsType();
    stats.groupBy = dimensions;
    stats.total = toActivityGroup(total);
    stats.groups = orderGroups(groups.map(toActivityGroup), new Set(), orderBy, limit, ['COUNT', 'PARTICIPANTS', 'HOURS'], (g, f) =>
      f === 'COUNT' ? g.count : f === 'PARTICIPANTS' ? g.participants : g.hours,
    );
    return stats;
  }
}
