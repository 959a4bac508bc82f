import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload } from 'kafkajs';
import type { JsonValue, ReadMessage } from '../../connector';
import { ConnectorError } from '../../connector-error';
import { BatchHandoff } from './batch-handoff';
import { decodeJsonMessage } from './json-message';
import { createKafkaClient, kafkaFailure, withinMs, type KafkaConnectionOptions } from './kafka-connection';
import { offsetsCursor, parseOffsetsCursor } from './offsets-cursor';

/** What {@link readTopicToEnd} reads and how. */
export interface ReadTopicOptions extends KafkaConnectionOptions {
  /** The topic. It must exist: a missing topic is a `config` failure (topics are never auto-created). */
  topic: string;
  /** The last committed cursor (`{ "<partition>": nextOffset }`), `null` on the first run. */
  cursor: JsonValue | null;
  /** Values larger than this many bytes become `OVERSIZE_MESSAGE` failures without being parsed. */
  maxMessageBytes: number;
  /** Stops the read: no further message is yielded, the consumer is closed. */
  signal: AbortSignal;
  /** Start of the throw-away consumer group id (a random suffix follows). Default `huiju-read`. */
  groupIdPrefix?: string;
  /**
   * Longest wait of one fetch on the broker for data, in ms; also bounds how long stopping the
   * consumer takes. Default `250`.
   */
  maxWaitTimeMs?: number;
  /**
   * The read fails as `transient` (`KAFKA_READ_STALLED`) when no batch arrives for this long while
   * a partition is still short of its end offset (an open transaction holding the last stable
   * offset back, a broker that stopped answering). Default `30000` ms.
   */
  stallTimeoutMs?: number;
}

/**
 * Reads a topic from the cursor's offsets (the earliest retained offset for partitions it does not
 * name) up to the high-water marks observed when the read starts, then stops: a bounded, resumable
 * read for a sync run, not a subscription. Messages produced after the start are left for the next
 * run.
 *
 * Yields per message a `record` (the value parsed as a JSON object, position `{ topic, partition,
 * offset }`) or a `failed` message (`OVERSIZE_MESSAGE`, `BAD_ENCODING`, `BAD_JSON`,
 * `EMPTY_MESSAGE`), and after each fetched batch a `checkpoint` whose cursor holds, for every
 * partition, the offset of the next message to read. Offsets only move forward; a cursor offset
 * below the earliest retained one (retention deleted messages before they were read) moves up to
 * it, with a warning.
 *
 * How: an admin client reads the end offsets; a consumer in a fresh, throw-away group (auto-commit
 * off: the hub, not Kafka, stores the position) seeks each partition to its start and pauses each
 * partition that reaches its end. Whatever way the read ends — finished, aborted, failed, or the
 * caller stopping the iteration — the consumer and the admin client are disconnected and the group
 * deleted, within bounded time.
 *
 * Failures: an unreachable cluster is `transient` (`KAFKA_UNREACHABLE`), a missing topic `config`
 * (`KAFKA_TOPIC_NOT_FOUND`), a consumer crash `transient`.
 */
export async function* readTopicToEnd(options: ReadTopicOptions): AsyncGenerator<ReadMessage> {
  const { topic, signal, maxMessageBytes } = options;
  if (signal.aborted) return;
  const stored = parseOffsetsCursor(options.cursor);
  const kafka = createKafkaClient(options);
  const admin = kafka.admin();
  const groupId = `${options.groupIdPrefix ?? 'huiju-read'}-${randomUUID()}`;
  let consumer: Consumer | null = null;
  const handoff = new BatchHandoff();
  try {
    const ends = await endOffsets(admin, topic, options.brokers);

    // where each partition starts and ends
    const next = new Map(stored);
    const end = new Map<number, number>();
    const behind = new Set<number>();
    let moved = false;
    for (const { partition, low, high } of ends) {
      const from = stored.get(partition);
      if (from !== undefined && from < low) {
        options.logger?.warn({ topic, partition, cursor: from, earliest: low }, 'messages were deleted by retention before this source read them');
      }
      if (from !== undefined && from > high) {
        // cursors never move back: a recreated topic is read again with a full sync (cursor cleared)
        options.logger?.warn({ topic, partition, cursor: from, end: high }, 'the cursor is past the end of the partition: was the topic recreated?');
      }
      const start = from === undefined ? low : Math.max(from, low);
      if (start !== from) moved = true;
      next.set(partition, start);
      end.set(partition, high);
      if (start < high) behind.add(partition);
    }
    if (moved && behind.size === 0) yield { type: 'checkpoint', cursor: offsetsCursor(next) };
    if (behind.size === 0 || signal.aborted) return;

    consumer = kafka.consumer({
      groupId,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 250,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { retries: options.retries ?? 5, restartOnFailure: async () => false },
    });
    const c = consumer;
    const seekBehind = () => {
      for (const p of behind) c.seek({ topic, partition: p, offset: String(next.get(p)!) });
    };
    // pausing a consumer that crashed meanwhile throws; the crash itself reaches the reader through the handoff
    const pause = (partitions: number[]) => {
      try {
        c.pause([{ topic, partitions }]);
      } catch {
        // crashed or stopping
      }
    };
    c.on(c.events.CRASH, (e) => handoff.fail(kafkaFailure(e.payload.error, `reading topic ${topic}`, options.brokers)));
    // a fetch of only control records or compacted gaps never reaches eachBatch, yet moves the partition on
    c.on(c.events.START_BATCH_PROCESS, (e) => {
      if (e.payload.batchSize === 0 && e.payload.topic === topic) handoff.offer({ partition: e.payload.partition, messages: [], lastOffset: Number(e.payload.lastOffset) });
    });
    // after a rebalance the group would restart from the earliest offset: put it back where the reader is
    let joins = 0;
    c.on(c.events.GROUP_JOIN, () => {
      if (++joins > 1) {
        try {
          seekBehind();
        } catch (err) {
          handoff.fail(kafkaFailure(err, `rejoining the group reading topic ${topic}`, options.brokers));
        }
      }
    });

    try {
      await c.connect();
      await c.subscribe({ topics: [topic], fromBeginning: true });
      await c.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, heartbeat, isStale, isRunning }: EachBatchPayload) => {
          if (!isRunning() || isStale()) return;
          const partition = batch.partition;
          const until = end.get(partition);
          if (until === undefined || !behind.has(partition)) {
            pause([partition]);
            return;
          }
          const from = next.get(partition)!;
          const messages = batch.messages
            .map((m) => ({ offset: Number(m.offset), value: m.value }))
            .filter((m) => m.offset >= from && m.offset < until);
          await handoff.put({ partition, messages, lastOffset: Number(batch.lastOffset()) }, heartbeat);
        },
      });
      seekBehind();
    } catch (err) {
      // a consumer that crashed while joining says why through the handoff; seek then only finds it gone
      throw handoff.failure ?? kafkaFailure(err, `starting to read topic ${topic}`, options.brokers);
    }
    const done = [...end.keys()].filter((p) => !behind.has(p));
    if (done.length > 0) pause(done);

    const describeBehind = () => `partition(s) ${[...behind].sort((a, b) => a - b).join(', ')} of ${topic} are`;
    while (behind.size > 0) {
      const delivery = await handoff.take(signal, options.stallTimeoutMs ?? 30_000, describeBehind);
      if (delivery === null) return;
      try {
        const p = delivery.partition;
        if (!behind.has(p)) continue;
        const until = end.get(p)!;
        const before = next.get(p)!;
        for (const m of delivery.messages) {
          if (m.offset < next.get(p)!) continue;
          if (signal.aborted) return;
          const position = { topic, partition: p, offset: m.offset };
          const decoded = decodeJsonMessage(m.value, maxMessageBytes, `${topic} partition ${p} offset ${m.offset}`);
          yield decoded.ok ? { type: 'record', data: decoded.value, position } : { type: 'failed', reason: decoded.reason, message: decoded.message, raw: decoded.raw, position };
          next.set(p, m.offset + 1);
        }
        next.set(p, Math.min(Math.max(next.get(p)!, delivery.lastOffset + 1), until));
        if (next.get(p)! >= until) {
          behind.delete(p);
          pause([p]);
        }
        if (next.get(p)! > before || moved) {
          moved = false;
          yield { type: 'checkpoint', cursor: offsetsCursor(next) };
        }
      } finally {
        delivery.done();
      }
    }
  } finally {
    handoff.close();
    if (consumer) await withinMs(10_000, () => consumer!.disconnect());
    await withinMs(5_000, async () => {
      if (consumer) await admin.deleteGroups([groupId]);
    });
    await withinMs(5_000, () => admin.disconnect());
  }
}

/** The topic's partitions with their earliest and end (high-water) offsets. */
async function endOffsets(admin: Admin, topic: string, brokers: readonly string[]): Promise<{ partition: number; low: number; high: number }[]> {
  try {
    await admin.connect();
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) throw new ConnectorError('config', 'KAFKA_TOPIC_NOT_FOUND', `Kafka topic "${topic}" does not exist on ${brokers.join(',')}`);
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) })).sort((a, b) => a.partition - b.partition);
  } catch (err) {
    throw kafkaFailure(err, `reading the offsets of topic ${topic}`, brokers);
  }
}
