import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { AdminAreaType, toAdminAreaType } from '../area/admin-area.type';
import { scopedAreaByCode } from '../area/area.repository';
import { CaseFilter } from '../case/case.filter';
import { type CaseConditions, caseConditions } from '../case/case.repository';
import { isL4Category, smallGroupRuleApplies } from '../../auth/small-group';
import { readAreaCode } from '../common/area-scope';
import type { HubContext } from '../context';
import { dutyItemById } from '../duty/duty-item.loaders';
import { badUserInput, notFound } from '../errors';
import { organizationById } from '../organization/organization.loaders';
import { areaStats, type AreaStatsRow } from './area-stats.repository';
import { AreaStatsType } from './area-stats.types';
import { caseStats } from './case-stats.repository';
import { CaseStatsDimension, CaseStatsType } from './case-stats.types';
import { LIMIT_DESCRIPTION, orderGroups, StatsGroupOrder } from './grouping';
import { caseStatsSuppression, toAreaStatsType, toCaseStatsGroupType } from './stats.mappers';

/** True when a filter list names only L4 matters (an empty list allows everything). */
function onlyL4(texts: readonly (string | null)[]): boolean {
  return texts.length > 0 && texts.every(isL4Category);
}

/**
 * True when the filter allows only L4 matters: its categories, its duty item, or the units it
 * names as handling units or dispatchers are all named for an L4 attribute (as for group keys,
 * stats.mappers.ts `l4KeyTexts`). The named item and units are read through the request's loaders.
 */
async function isL4Filter(ctx: HubContext, filter: CaseFilter | null, conditions: CaseConditions): Promise<boolean> {
  if (onlyL4(filter?.category ?? [])) return true;
  const { dutyItem, handlingUnits, dispatchers } = conditions.named;
  if (dutyItem && isL4Category((await dutyItemById(ctx, dutyItem))?.name ?? null)) return true;
  const names = (ids: readonly string[]) => Promise.all(ids.map(async (id) => (await organizationById(ctx, id))?.name ?? null));
  return onlyL4(await names(handlingUnits)) || onlyL4(await names(dispatchers));
}

/** Most groups one `caseStats` call may return. */
export const MAX_STATS_GROUPS = 5000;

/** Calendar buckets (time-buckets.ts): a group has at most one. */
const PERIODS: readonly CaseStatsDimension[] = ['DAY', 'WEEK', 'MONTH', 'QUARTER'];

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
  @Query(() => CaseStatsType, {
    description:
      'Dashboard figures over cases (counts, on-time rate, hours to close, satisfaction, returns, duty shifts 转嫁责任), grouped, computed in SQL in one statement (the total and the groups). Rates are rounded to 4 decimals, hours to 2.',
  })
  async caseStats(
    @Arg('filter', () => CaseFilter, { nullable: true, description: 'Which cases; all conditions must hold.' }) filter: CaseFilter | null,
    @Arg('groupBy', () => [CaseStatsDimension], { defaultValue: [], description: 'Dimensions to group by (at most one of DAY, WEEK, MONTH, QUARTER).' })
    groupBy: CaseStatsDimension[],
    @Arg('orderBy', () => StatsGroupOrder, {
      nullable: true,
      description: 'Ordering of the groups (default: by the keys): KEY, or COUNT — e.g. the top categories with `{ field: COUNT, direction: DESC }` and `limit`.',
    })
    orderBy: StatsGroupOrder | null,
    @Arg('limit', () => Int, { nullable: true, description: LIMIT_DESCRIPTION }) limit: number | null,
    @Ctx() ctx: HubContext,
  ): Promise<CaseStatsType> {
    const dimensions = [...new Set(groupBy)];
    if (dimensions.filter((d) => PERIODS.includes(d)).length > 1) throw badUserInput('groupBy', `groupBy: at most one of ${PERIODS.join(', ')}`);
    const conditions = caseConditions(filter);
    const { total, groups } = await caseStats(ctx.readDb, ctx.caller, conditions, dimensions, MAX_STATS_GROUPS);
    if (groups.length > MAX_STATS_GROUPS) {
      throw badUserInput('groupBy', `groupBy: more than ${MAX_STATS_GROUPS} groups; narrow the filter or group by fewer dimensions`, { limit: MAX_STATS_GROUPS });
    }
    const filterIsL4 = smallGroupRuleApplies(ctx.caller) && (await isL4Filter(ctx, filter, conditions));
    // the one small-group rule (src/auth/small-group.ts); a filter that allows only L4 matters makes the total an L4 group
    const withheld = caseStatsSuppression(ctx.caller, total, groups, filterIsL4);
    const stats = new CaseStatsType();
    stats.groupBy = dimensions;
    stats.total = toCaseStatsGroupType(total, withheld.total);
    const mapped = groups.map((g, i) => toCaseStatsGroupType(g, withheld.groups.has(i)));
    stats.groups = orderGroups(mapped, withheld.groups, orderBy, limit, ['COUNT'], (g) => g.count);
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
