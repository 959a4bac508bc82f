import { Arg, Resolver, Root, Subscription } from 'type-graphql';
import type { SubscribeResolverData } from 'type-graphql';
import { smallGroupRuleApplies } from '../../auth/small-group';
import { changeBatches } from '../../live/change-feed';
import { toAdminAreaType } from '../area/admin-area.type';
import { scopedAreaByCode } from '../area/area.repository';
import { readAreaCode } from '../common/area-scope';
import { CaseFilter } from '../case/case.filter';
import { caseById } from '../case/case.loaders';
import { caseConditions, type CaseConditions } from '../case/case.repository';
import { CaseType } from '../case/case.type';
import type { HubContext } from '../context';
import { codedError, notFound } from '../errors';
import { areaStats } from '../stats/area-stats.repository';
import { AreaStatsType } from '../stats/area-stats.types';
import { toAreaStatsType } from '../stats/stats.mappers';
import { isLiveContext, type LiveContext } from './live-context';
import { cancellable, delay } from './live-iterators';
import { changesWithinArea, countsInAreaStats, visibleChangedCases } from './live.repository';

/** Least time between two `areaStatsChanged` results of one subscription, ms: changes in between are coalesced. */
export const AREA_STATS_INTERVAL_MS = 500;

/** The subscription's live context; over HTTP (no change feed) a coded `BAD_REQUEST`. */
function liveContextOf(context: unknown): LiveContext {
  const ctx = context as HubContext;
  if (!isLiveContext(ctx)) throw codedError('BAD_REQUEST', 'Subscriptions are served over WebSocket at /graphql (protocol graphql-transport-ws)');
  return ctx;
}

/** Changed cases the caller sees and the filter keeps, loaded fresh (scoped and masked like `cases`), one at a time. */
function caseChanges(ctx: LiveContext, conditions: CaseConditions): AsyncIterableIterator<CaseType> {
  const batches = changeBatches(ctx.live);
  async function* run(): AsyncGenerator<CaseType, void, undefined> {
    for await (const batch of batches) {
      const ids = [...new Set(batch.filter((c) => c.entity === 'case').map((c) => c.id))];
      if (ids.length === 0) continue;
      const visible = await visibleChangedCases(ctx.readDb, ctx.caller, conditions, ids);
      for (const id of ids) {
        if (!visible.has(id)) continue;
        ctx.renewLoaders();
        const c = await caseById(ctx, id);
        if (c) yield c;
      }
    }
  }
  return cancellable(run(), () => batches.return?.());
}

/** An area's figures after changes inside its subtree (and the caller's scope), at most once per {@link AREA_STATS_INTERVAL_MS}. */
function areaStatsChanges(ctx: LiveContext, area: { id: string; path: string; row: Parameters<typeof toAdminAreaType>[0] }): AsyncIterableIterator<AreaStatsType> {
  const batches = changeBatches(ctx.live);
  async function* run(): AsyncGenerator<AreaStatsType, void, undefined> {
    let lastSent = 0;
    for await (const batch of batches) {
      const byEntity = new Map<string, string[]>();
      for (const c of batch) {
        if (!countsInAreaStats(c.entity)) continue;
        const list = byEntity.get(c.entity) ?? [];
        list.push(c.id);
        byEntity.set(c.entity, list);
      }
      if (byEntity.size === 0) continue;
      if (!(await changesWithinArea(ctx.readDb, ctx.caller, area.path, byEntity))) continue;
      // changes arriving meanwhile wait in the stream and are checked together after this result
      await delay(lastSent + AREA_STATS_INTERVAL_MS - Date.now());
      ctx.renewLoaders();
      const [row] = await areaStats(ctx.readDb, ctx.caller, [area.id]);
      if (!row) continue;
      lastSent = Date.now();
      yield toAreaStatsType(row, toAdminAreaType(area.row), smallGroupRuleApplies(ctx.caller));
    }
  }
  return cancellable(run(), () => batches.return?.());
}

/**
 * Live updates (GraphQL subscriptions over WebSocket, src/graphql/server/graphql-ws.ts), fed by
 * the change events of src/live. A subscription runs as its caller, like a query: the operation
 * passes the same read-class check, and every result is loaded fresh through the scoped
 * repositories, so what a subscriber receives is what the same query would show now.
 */
@Resolver()
export class LiveResolver {
  @Subscription(() => CaseType, {
    description:
      'A case each time it changes (a connector sync, a move of the case flow), as it is now. Only cases the caller sees (area scope) and the filter keeps are delivered; text is masked as in `cases`.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { filter?: CaseFilter | null }, HubContext>) => {
      const ctx = liveContextOf(context);
      const conditions = caseConditions(args.filter ?? null);
      return caseChanges(ctx, conditions);
    },
  })
  caseChanged(
    @Root() changed: CaseType,
    @Arg('filter', () => CaseFilter, { nullable: true, description: 'Which cases; all conditions must hold (as in `cases`).' }) _filter: CaseFilter | null,
  ): CaseType {
    return changed;
  }

  @Subscription(() => AreaStatsType, {
    description: `The figures of an area (as \`areaStats\`) after a change inside it (cases, households, residents, party members, 包片联户, staff, activities); at most one result per ${AREA_STATS_INTERVAL_MS} ms, changes in between coalesced. NOT_FOUND when the area is absent or outside the caller's scope.`,
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { code: string }, HubContext>) => {
      const ctx = liveContextOf(context);
      const row = await scopedAreaByCode(ctx.readDb, ctx.caller, readAreaCode(args.code, 'code'));
      if (!row) throw notFound('Area', 'code');
      return areaStatsChanges(ctx, { id: row.id, path: row.path, row });
    },
  })
  areaStatsChanged(@Root() stats: AreaStatsType, @Arg('code', () => String, { description: 'Area code (6, 9 or 12 digits).' }) _code: string): AreaStatsType {
    return stats;
  }
}
