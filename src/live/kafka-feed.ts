import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from '../logger';
import { CHANGES_TOPIC } from '../kafka/outbox-relay';
import type { ChangeSource, LiveChange } from './change-feed';
import { ensureTopics } from '../kafka/topic-admin';

/** Options of {@link createKafkaChangeSource}. */
export interface KafkaChangeSourceOptions {
  /** The change-event topic. Default `huiju.changes` (`outbox.topic`). */
  topic?: string;
  /** Prefix of the consumer group id; the group is `<prefix>-<host>-<pid>-<random>`. Default `huiju-live`. */
  groupPrefix?: string;
  /** Partitions when this source creates the missing topic (as the relay would). Default 3. */
  partitions?: number;
  logger?: Logger;
}

/** The fields of a change CloudEvent this source reads (src/kafka/outbox-relay.ts `ChangeCloudEvent`). */
interface CloudEventFields {
  id?: unknown;
  type?: unknown;
  subject?: unknown;
  time?: unknown;
  data?: { entity?: unknown; id?: unknown; operation?: unknown } | null;
}

/** A change CloudEvent's JSON → a {@link LiveChange}; `null` for anything else (never throws). */
export function liveChangeOfCloudEvent(value: Buffer | string | null): LiveChange | null {
  if (value === null) return null;
  let e: CloudEventFields;
  try {
    e = JSON.parse(value.toString()) as CloudEventFields;
  } catch {
    return null;
  }
  const entity = e.data?.entity;
  const id = e.data?.id ?? e.subject;
  if (typeof e.id !== 'string' || typeof entity !== 'string' || typeof id !== 'string') return null;
  const operation = typeof e.data?.operation === 'string' ? e.data.operation : typeof e.type === 'string' ? e.type.slice(e.type.lastIndexOf('.') + 1) : 'updated';
  return { eventId: e.id, entity, id, operation, time: typeof e.time === 'string' ? e.time : new Date().toISOString() };
}

/**
 * The distributed-mode change source: a kafkajs consumer of `huiju.changes` (published by the
 * outbox relay, wherever it runs), so every API replica delivers every change to its own
 * subscribers. Each start joins a consumer group of its own (a unique id: replicas never share
 * partitions), commits nothing (no offsets are stored; the empty group expires on the broker), and
 * begins at the end of every partition as read when it starts: only changes from then on are
 * delivered. Redeliveries (the relay is at-least-once) are dropped by the feed on the event id.
 */
export function createKafkaChangeSource(kafka: Kafka, options: KafkaChangeSourceOptions = {}): ChangeSource {
  const topic = options.topic ?? CHANGES_TOPIC;
  const log = options.logger?.child({ component: 'live-kafka-feed', topic });
  let consumer: Consumer | null = null;

  return {
    async start(publish) {
      const admin = kafka.admin();
      await admin.connect();
      let ends: { partition: number; offset: string }[];
      try {
        await ensureTopics(admin, [topic], options.partitions ?? 3);
        ends = (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high }));
      } finally {
        await admin.disconnect();
      }
      const groupId = `${options.groupPrefix ?? 'huiju-live'}-${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
      const c = kafka.consumer({ groupId, maxWaitTimeInMs: 100, retry: { retries: 10 } });
      consumer = c;
      const joined = new Promise<void>((resolve) => {
        const off = c.on(c.events.GROUP_JOIN, () => {
          off();
          resolve();
        });
      });
      await c.connect();
      await c.subscribe({ topic, fromBeginning: false });
      await c.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const changes: LiveChange[] = [];
          for (const m of batch.messages) {
            const change = liveChangeOfCloudEvent(m.value);
            if (change) changes.push(change);
          }
          if (changes.length > 0) publish(changes);
        },
      });
      // from the ends read above, not the group's reset position: nothing committed after this start is skipped
      for (const e of ends) c.seek({ topic, partition: e.partition, offset: e.offset });
      await joined;
      log?.debug({ groupId }, 'kafka change feed started');
    },
    async stop() {
      const c = consumer;
      consumer = null;
      await c?.disconnect().catch(() => {});
      log?.debug('kafka change feed stopped');
    },
  };
}
