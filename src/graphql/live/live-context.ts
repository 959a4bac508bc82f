import type { Hub } from '../../hub';
import type { Caller } from '../../auth/caller';
import type { ChangeFeed } from '../../live/change-feed';
import { LoaderRegistry } from '../common/loader-registry';
import { createHubContext, type HubContext } from '../context';

/**
 * The context of one subscription: the caller (authenticated once per WebSocket connection), the
 * change feed it reads, and loaders renewed for every event it delivers — a subscription lives for
 * hours, and loaders kept across events would serve rows as they were at the first event (and
 * grow without bound). Scope and masking are those of queries: the same repositories and mappers
 * run with the same caller.
 */
export interface LiveContext extends HubContext {
  /** The in-process change feed (src/live): the only way the GraphQL layer hears of changes. */
  readonly live: ChangeFeed;
  /** Replaces the loaders; called before each event is resolved (events resolve one after another). */
  renewLoaders(): void;
}

/**
 * Builds the context of one subscription of `caller` over `feed`. Statements go to the API pool
 * (`Store.apiDb`) on the primary, reads too: an event is delivered once its change committed there,
 * and a read replica that has not caught up yet would load the row as it was before (or not at all).
 */
export function createLiveContext(hub: Hub, caller: Caller, feed: ChangeFeed): LiveContext {
  const base = createHubContext(hub, caller);
  const ctx = { ...base, db: hub.store.apiDb, readDb: hub.store.apiDb, live: feed } as LiveContext & { loaders: LoaderRegistry };
  ctx.renewLoaders = () => {
    ctx.loaders = new LoaderRegistry();
  };
  return ctx;
}

/** Whether a resolver runs in a subscription's context (`false`: the operation came over HTTP, which serves no subscriptions). */
export function isLiveContext(ctx: HubContext): ctx is LiveContext {
  return typeof (ctx as Partial<LiveContext>).renewLoaders === 'function' && (ctx as Partial<LiveContext>).live !== undefined;
}
