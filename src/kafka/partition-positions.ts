/**
 * Where each partition of an ingest worker resumes: the next offset stored in PostgreSQL
 * (`consumed_offset`), which is the truth — Kafka's committed offset is only a courtesy.
 *
 * After every (re)join, {@link PartitionPositions.seekToStored} seeks each assigned partition to
 * its stored offset (the earliest retained one when none is stored). Before a partition's first
 * batch since the join, {@link PartitionPositions.prepare} loads the stored offset when the seek
 * has not yet, and seeks back when the batch starts past it (Kafka's committed offset ahead of
 * PostgreSQL's, e.g. after `resetConsumedOffsets` for a replay); messages below it that still
 * arrive (applied, but their Kafka commit lost in a crash) are skipped by the chunk applier.
 * Reads are retried with back-off until they succeed or the worker stops.
 */
import type { Admin, Batch, Consumer } from 'kafkajs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { type Backoff, backoffMs, sleep } from '../retry/backoff';
import { loadConsumedOffset } from './consumed-offset.repository';
import { errorCode } from './error-code';

export interface PartitionPositions {
  /** Forgets every partition (on a (re)join: another worker may have moved them). */
  clear(): void;
  /** The next offset to apply of a partition (`null`: nothing stored), as known to this worker. */
  get(topic: string, partition: number): number | null;
  /** Records a partition's next offset after a chunk committed. */
  set(topic: string, partition: number, next: number): void;
  /** Reads a partition's stored offset again (after `OFFSET_FENCED`: another worker moved it). */
  reload(topic: string, partition: number, heartbeat: () => Promise<void>): Promise<void>;
  /**
   * Before applying a batch: makes sure its partition's stored offset is known and, for the first
   * batch since the join, that the batch does not start past it. Returns `false` when it sought
   * back instead (the batch is dropped; the consumer fetches again from the stored offset).
   */
  prepare(batch: Pick<Batch, 'topic' | 'partition' | 'firstOffset'>, heartbeat: () => Promise<void>): Promise<boolean>;
  /** After a join: seeks every assigned partition of `topics` to its stored offset. Never throws. */
  seekToStored(assignment: Record<string, number[]>): Promise<void>;
}

export interface PartitionPositionsDeps {
  db: Kysely<Database>;
  group: string;
  /** The worker's raw topics (other topics of an assignment are left alone). */
  topics: ReadonlySet<string>;
  consumer: () => Consumer | undefined;
  admin: () => Admin | undefined;
  log: Logger;
  isStopping: () => boolean;
  /** Waits between failed reads. */
  backoff: Backoff;
  /** Told of every failed read before its wait. */
  onRetry?: (event: { topic: string; partition: number; attempt: number; code: string; waitMs: number }) => void;
}

export function createPartitionPositions(deps: PartitionPositionsDeps): PartitionPositions {
  const { db, group, log } = deps;
  /** Next offset per `topic:partition`, as stored in PostgreSQL (null = nothing stored); cleared on every (re)join. */
  const positions = new Map<string, number | null>();
  /** Partitions whose first batch since the (re)join started at or before the stored offset. */
  const verified = new Set<string>();
  const key = (topic: string, partition: number) => `${topic}:${partition}`;

  /** Retries a read until it succeeds or the worker stops (then the last failure is thrown). */
  async function retrying<T>(what: () => Promise<T>, heartbeat: () => Promise<void>, topic: string, partition: number): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await what();
      } catch (err) {
        if (deps.isStopping()) throw err;
        const waitMs = backoffMs(attempt - 1, deps.backoff);
        deps.onRetry?.({ topic, partition, attempt, code: errorCode(err), waitMs });
        log.warn({ topic, partition, attempt, code: errorCode(err), waitMs }, 'reading the stored offset failed; retrying');
        await sleep(waitMs);
        await heartbeat();
      }
    }
  }

  async function lowWatermark(topic: string, partition: number): Promise<number> {
    const offsets = await deps.admin()!.fetchTopicOffsets(topic);
    return Number(offsets.find((o) => o.partition === partition)?.low ?? 0);
  }

  return {
    clear() {
      positions.clear();
      verified.clear();
    },
    get: (topic, partition) => positions.get(key(topic, partition)) ?? null,
    set: (topic, partition, next) => void positions.set(key(topic, partition), next),
    async reload(topic, partition, heartbeat) {
      positions.set(key(topic, partition), await retrying(() => loadConsumedOffset(db, group, topic, partition), heartbeat, topic, partition));
    },
    async prepare(batch, heartbeat) {
      const { topic, partition } = batch;
      const tp = key(topic, partition);
      if (!positions.has(tp)) positions.set(tp, await retrying(() => loadConsumedOffset(db, group, topic, partition), heartbeat, topic, partition));
      if (verified.has(tp)) return true;
      const stored = positions.get(tp) ?? null;
      const first = Number(batch.firstOffset());
      const target = stored ?? (await retrying(() => lowWatermark(topic, partition), heartbeat, topic, partition));
      if (target < first) {
        log.info({ topic, partition, from: first, to: target }, 'Kafka is ahead of the offset stored in PostgreSQL: seeking back');
        deps.consumer()?.seek({ topic, partition, offset: String(target) });
        return false;
      }
      verified.add(tp);
      return true;
    },
    async seekToStored(assignment) {
      for (const [topic, partitions] of Object.entries(assignment)) {
        if (!deps.topics.has(topic)) continue;
        for (const partition of partitions) {
          const tp = key(topic, partition);
          for (let attempt = 1; !deps.isStopping(); attempt++) {
            try {
              const stored = await loadConsumedOffset(db, group, topic, partition);
              const target = stored ?? (await lowWatermark(topic, partition));
              // a batch of this partition got there first: it holds the position now
              if (positions.has(tp) || deps.isStopping()) break;
              positions.set(tp, stored);
              deps.consumer()?.seek({ topic, partition, offset: String(target) });
              break;
            } catch (err) {
              if (positions.has(tp)) break;
              log.warn({ topic, partition, attempt, code: errorCode(err) }, 'reading the stored offset failed; retrying');
              await sleep(backoffMs(attempt - 1, deps.backoff));
            }
          }
        }
      }
    },
  };
}
