/**
 * Topic administration shared by every part of the hub that writes to Kafka (raw and dead-letter
 * topics, the change-event topic of the outbox relay and the live feed, the demo feed): create what
 * is missing and wait until it is served, read how many partitions a topic has and the largest
 * record batch it takes. Several processes may start together (replicas, workers); each of them
 * may use a topic as soon as {@link ensureTopics} returns, whoever created it.
 */
import type { Admin, ConfigResourceTypes } from 'kafkajs';
import { HuijuError } from '../errors';
import { backoffMs, sleep } from '../retry/backoff';

/**
 * `ConfigResourceTypes.TOPIC` (2, Kafka's resource type for a topic). kafkajs is CommonJS and Node's
 * ESM loader does not see this enum as a named export, so the value is named here.
 */
const TOPIC_RESOURCE: ConfigResourceTypes = 2 satisfies ConfigResourceTypes.TOPIC;

/** Kafka's own default `max.message.bytes` (1 MiB + 12 bytes of batch overhead). */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/**
 * Creates the topics that do not exist yet, with `partitions` partitions (replication factor: the
 * broker's default) and, when given, an explicit `max.message.bytes` — the largest record batch the
 * topic takes (the hub's `kafka.maxMessageBytes`), so the limit is the hub's setting rather than
 * whatever the broker's `message.max.bytes` happens to be. Idempotent: existing topics are left as
 * they are (their partition count and limit too; {@link topicMaxMessageBytes} reads the latter).
 * Returns once every topic has a leader on each partition — also when another process created one
 * a moment before (two workers starting together): a topic the broker has just accepted from
 * someone else is not served yet ("This server does not host this topic-partition").
 * Resolves to the topics this call created (for a log line); `replicationFactor` defaults to the broker's.
 */
export async function ensureTopics(admin: Admin, topics: readonly string[], partitions: number, options: { maxMessageBytes?: number; replicationFactor?: number } = {}): Promise<string[]> {
  const configEntries = options.maxMessageBytes ? [{ name: 'max.message.bytes', value: String(options.maxMessageBytes) }] : undefined;
  const created: string[] = [];
  for (let attempt = 0; ; attempt++) {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    try {
      if (missing.length > 0) {
        const spec = (topic: string) => ({ topic, numPartitions: partitions, ...(options.replicationFactor ? { replicationFactor: options.replicationFactor } : {}), ...(configEntries ? { configEntries } : {}) });
        if (await admin.createTopics({ topics: missing.map(spec), waitForLeaders: true })) created.push(...missing);
      }
      if (await haveLeaders(admin, topics)) return created;
      if (attempt >= ENSURE_TOPICS_RETRIES) throw new HuijuError('KAFKA_UNAVAILABLE', `topics ${topics.join(', ')} have partitions without a leader`, { topics: [...topics] });
    } catch (err) {
      if (err instanceof HuijuError) throw err;
      const errors = (err as { errors?: { type?: string }[] }).errors;
      // another process created it in between: fine once its partitions have leaders (next round);
      // a busy broker answers the leader wait with a retriable error (UNKNOWN_TOPIC_OR_PARTITION while
      // the new topic's metadata spreads): look again rather than fail the run
      const alreadyExists = (err as { type?: string }).type === 'TOPIC_ALREADY_EXISTS' || (errors !== undefined && errors.length > 0 && errors.every((e) => e.type === 'TOPIC_ALREADY_EXISTS'));
      if (!(alreadyExists || (err as { retriable?: boolean }).retriable === true) || attempt >= ENSURE_TOPICS_RETRIES) {
        throw new HuijuError('KAFKA_UNAVAILABLE', `could not create topics ${missing.join(', ')}: ${(err as Error).message}`, { topics: missing }, { cause: err });
      }
    }
    await sleep(backoffMs(attempt, { initialMs: 250, maxMs: 4_000, jitter: 'equal' }));
  }
}

/** Whether every partition of every topic has a leader (false while the broker does not know a topic yet). */
async function haveLeaders(admin: Admin, topics: readonly string[]): Promise<boolean> {
  if (topics.length === 0) return true;
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [...topics] });
    return topics.every((t) => {
      const parts = meta.topics.find((m) => m.name === t)?.partitions ?? [];
      return parts.length > 0 && parts.every((p) => p.leader >= 0);
    });
  } catch (err) {
    if ((err as { retriable?: boolean }).retriable === true) return false;
    throw err;
  }
}

/** Retries of {@link ensureTopics} after a retriable broker answer (≈ 15 s in all). */
const ENSURE_TOPICS_RETRIES = 6;

/** How many partitions a topic has (after {@link ensureTopics}). */
export async function partitionCount(admin: Admin, topic: string): Promise<number> {
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  const n = meta.topics[0]?.partitions.length ?? 0;
  if (n === 0) throw new HuijuError('KAFKA_UNAVAILABLE', `topic ${topic} has no partitions`, { topic });
  return n;
}

/**
 * The `max.message.bytes` a topic takes (its own setting, or the broker default it inherits): what
 * a producer must stay under for one send to one partition. `fallback` when the broker does not say.
 */
export async function topicMaxMessageBytes(admin: Admin, topic: string, fallback = KAFKA_DEFAULT_MAX_MESSAGE_BYTES): Promise<number> {
  const described = await describeTopicConfig(admin, topic);
  const value = Number(described.resources[0]?.configEntries.find((e) => e.configName === 'max.message.bytes')?.configValue);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `describeConfigs` of one topic's `max.message.bytes`, retried while the broker answers with a retriable error. */
async function describeTopicConfig(admin: Admin, topic: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await admin.describeConfigs({ resources: [{ type: TOPIC_RESOURCE, name: topic, configNames: ['max.message.bytes'] }], includeSynonyms: false });
    } catch (err) {
      if ((err as { retriable?: boolean }).retriable !== true || attempt >= ENSURE_TOPICS_RETRIES) throw err;
      await sleep(backoffMs(attempt, { initialMs: 250, maxMs: 4_000, jitter: 'equal' }));
    }
  }
}
