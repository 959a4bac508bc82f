import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { AdminAreaType, toAdminAreaType } from '../area/admin-area.type';
import { scopedAreaByCode } from '../area/area.repository';
import { CaseFilter } from '../case/case.filter';
import { caseConditions } from '../case/case.repository';
import { isL4Category, isSmallGroup, smallGroupRuleApplies } from '../../auth/small-group';
import { readAreaCode } from '../common/area-scope';
import type { HubContext } from '../context';
import { badUserInput, notFound } from '../errors';
import { areaStats, type AreaStatsRow } from './area-stats.repository';
import { AreaStatsType } from './area-stats.types';
import { caseStats } from './case-stats.repository';
import { CaseStatsDimension, CaseStatsType } from './case-stats.types';
import { suppressedGroups, toAreaStatsType, toCaseStatsGroupType } from './stats.mappers';

/** True when a category filter allows only L4 categories. */
function isL4Filter(categories: readonly string[] | null): boolean {
  return categories !== null && categories.length > 0 && categories.every(isL4Category);
}

/** Most groups one `caseStats` call may return. */
export const MAX_STATS_GROUPS = 5000;

const PERIODS: readonly CaseStatsDimension[] = ['DAY', 'WEEK', 'MONTH'];

/** Area figures of one area, batched: every `stats` field of a request shares one statement. */
async function statsOf(ctx: HubContext, area: AdminAreaType): Promise<AreaStatsType> {
  const loader = ctx.loaders.get<string, AreaStatsRow | null>('areaStats', async (ids) => {
    const rows = await areaStats(ctx.readDb, ctx.caller, ids);
    const byId = new Map(rows.map((r) => [r.area_id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  const row = await loader.load(area.rowId);
  if (!row) throw notFound('Area', 'code');
  return toAreaStatsType(row, area, smallGroupRuleApplies(ctx.caller));
}

@Resolver(() => AdminAreaType)
export class StatsResolver {
  @Query(() => CaseStatsType, { description: 'Dashboard figures over cases (counts, on-time rate, hours to close, satisfaction, returns), grouped, computed in SQL.' })
  async caseStats(
    @Arg('filter', () => CaseFilter, { nullable: true, description: 'Which cases; all conditions must hold.' }) filter: CaseFilter | null,
    @Arg('groupBy', () => [CaseStatsDimension], { defaultValue: [], description: 'Dimensions to group by (at most one of DAY, WEEK, MONTH).' })
    groupBy: CaseStatsDimension[],
    @Ctx() ctx: HubContext,
  ): Promise<CaseStatsType> {
    const dimensions = [...new Set(groupBy)];
    if (dimensions.filter((d) => PERIODS.includes(d)).length > 1) throw badUserInput('groupBy', 'groupBy: at most one of DAY, WEEK, MONTH');
    const conditions = caseConditions(filter);
    const { total, groups } = await caseStats(ctx.readDb, ctx.caller, conditions, dimensions, MAX_STATS_GROUPS);
    if (groups.length > MAX_STATS_GROUPS) {
      throw badUserInput('groupBy', `groupBy: more than ${MAX_STATS_GROUPS} groups; narrow the filter or group by fewer dimensions`, { limit: MAX_STATS_GROUPS });
    }
    const rule = smallGroupRuleApplies(ctx.caller);
    const withheld = rule ? suppressedGroups(groups, filter?.category ?? null) : new Set<number>();
    // a filter that allows only L4 categories makes the total itself an L4 group
    const totalWithheld = rule && isL4Filter(filter?.category ?? null) && isSmallGroup(total.count);
    const stats = new CaseStatsType();
    stats.groupBy = dimensions;
    stats.total = toCaseStatsGroupType(total, totalWithheld);
    stats.groups = groups.map((g, i) => toCaseStatsGroupType(g, withheld.has(i)));
    return stats;
  }

  @Query(() => AreaStatsType, { description: 'Dashboard figures of an area (households, residents, party members, 包片联户 coverage, grid workers, volunteers\' hours). NOT_FOUND when absent or outside the caller\'s scope.' })
  async areaStats(@Arg('code', () => String, { description: 'Area code (6, 9 or 12 digits).' }) code: string, @Ctx() ctx: HubContext): Promise<AreaStatsType> {
    const row = await scopedAreaByCode(ctx.readDb, ctx.caller, readAreaCode(code, 'code'));
    if (!row) throw notFound('Area', 'code');
    const area = toAdminAreaType(row);
    return statsOf(ctx, area);
  }

  @FieldResolver(() => AreaStatsType, { description: 'Dashboard figures of this area (as `areaStats`); all areas of a request share one statement.' })
  async stats(@Root() area: AdminAreaType, @Ctx() ctx: HubContext): Promise<AreaStatsType> {
    return statsOf(ctx, area);
  }
}
