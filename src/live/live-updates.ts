import { sql } from 'kysely';
import type { Hub } from '../hub';

/** How often a served hub without Kafka deletes change events past retention, ms. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * The hub as `huiju start` serves it with live updates: change events are written unless
 * `outbox.enabled` (`HUIJU_OUTBOX`) says `off` — subscriptions are fed by them, in embedded mode
 * straight from the outbox table. With Kafka the relay publishes and prunes them as before. Without
 * Kafka nothing publishes them, so this hub deletes events older than `outbox.retentionDays`
 * (default 7; `0` keeps them), published or not, at start and hourly; its `close()` stops that.
 * The returned hub is the one to use everywhere (its `config` differs from the original's).
 */
export function withLiveUpdates(hub: Hub): Hub {
  if (hub.config.outbox.enabled !== undefined) return hub;
  const config = Object.freeze({ ...hub.config, outbox: Object.freeze({ ...hub.config.outbox, enabled: true }) });
  const live: Hub = { ...hub, config };
  const kafka = hub.config.kafka.brokers !== undefined && hub.config.kafka.brokers.length > 0;
  const retentionDays = hub.config.outbox.retentionDays;
  if (kafka || retentionDays <= 0) return live;
  const prune = () =>
    pruneChangeEvents(hub, retentionDays)
      .then((n) => {
        if (n > 0) hub.logger.info({ pruned: n, retentionDays }, 'pruned change events past retention');
      })
      .catch((err: unknown) => hub.logger.warn({ err: { message: (err as Error).message } }, 'pruning change events failed'));
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  void prune();
  return {
    ...live,
    close: async () => {
      clearInterval(timer);
      await hub.close();
    },
  };
}

/** Deletes change events older than `retentionDays`, published or not. Returns how many. */
export async function pruneChangeEvents(hub: Pick<Hub, 'db'>, retentionDays: number): Promise<number> {
  const result = await sql`delete from outbox where created_at < now() - make_interval(days => ${retentionDays})`.execute(hub.db);
  return Number(result.numAffectedRows ?? 0);
}
