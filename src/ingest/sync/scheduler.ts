import type { Hub } from '../../hub';
import type { ResolvedSource } from './resolve-source';
import { syncSource, type StreamRunner } from './run-sync';
import { pauseOf } from './source-control';

/** Runs the scheduled sources of a running hub. */
export interface SyncScheduler {
  /** Stops the timers, cancels running syncs and waits for them to commit what they read. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  /** Wait before the first runs, ms. Default 1,000. */
  initialDelayMs?: number;
  /**
   * How the streams of a run are run. Default: applied in-process through the write path. In
   * distributed mode `huiju start` passes one that publishes to `huiju.raw.<source>` for the
   * `huiju ingest` workers. Asked before every run; a rejection (broker down) fails that run only,
   * and the next run asks again.
   */
  streamRunner?: () => Promise<StreamRunner>;
}

/**
 * Syncs every source that has a `schedule`, first right after start and then every interval; a
 * source's next run starts only after its previous one ended (no overlap), and a failing source
 * never stops the others or the hub. A source paused in the store (`pauseSource`,
 * src/ingest/sync/source-control.ts) is skipped when its turn comes — asked at every turn, so a
 * resume takes effect at the next one.
 */
export function startScheduler(hub: Hub, sources: readonly ResolvedSource[], options: SchedulerOptions = {}): SyncScheduler {
  const controller = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  const schedule = (source: ResolvedSource, delay: number) => {
    if (controller.signal.aborted) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run = pauseOf(hub.db, source.id)
        .then(async (pause) => {
          if (pause) {
            hub.logger.info({ source: source.id, pausedBy: pause.pausedBy, pausedAt: pause.pausedAt }, 'scheduled sync skipped: the source is paused');
            return [];
          }
          const runStream = options.streamRunner ? await options.streamRunner() : undefined;
          return syncSource(hub, source, { signal: controller.signal, runStream });
        })
        .then((reports) => {
          for (const r of reports) {
            hub.logger.info({ source: source.id, stream: r.stream, status: r.status, read: r.read, applied: r.applied, deadLetters: r.deadLetters }, 'scheduled sync');
          }
        })
        .catch((err: unknown) => hub.logger.error({ source: source.id, message: (err as Error).message }, 'scheduled sync failed'))
        .finally(() => {
          running.delete(run);
          schedule(source, source.scheduleMs!);
        });
      running.add(run);
    }, delay);
    timer.unref();
    timers.add(timer);
  };
  for (const source of sources) if (source.scheduleMs) schedule(source, options.initialDelayMs ?? 1_000);
  return {
    async stop() {
      controller.abort();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all([...running]);
    },
  };
}
