/**
 * The raw topics of distributed mode: what `huiju connectors sync` publishes to
 * `huiju.raw.<sourceId>` and what `huiju ingest` workers read back. One contract, both sides.
 *
 * A message is one of three kinds (header `huiju.kind`):
 * - `record`: key = the record's external id (one object's versions stay in one partition, in
 *   order); value = JSON `{ data, position, readAt }` — `readAt` is when the connector read it, the
 *   version of records that carry none, so a worker computes the same version as an in-process sync;
 * - `failed`: a record the connector could not parse; value = JSON `{ raw, position, reason, message }`,
 *   header `huiju.failed` = the reason. The worker dead-letters it (one place writes dead letters);
 * - `snapshot-end`: a control message sent to EVERY partition after a full snapshot; value =
 *   {@link SnapshotMarker}. When all partitions reached it, residencies missing from the snapshot end.
 * Headers on all: `huiju.source`, `huiju.stream`, `huiju.schema-version` (the connector's version),
 * `content-type: application/json`. A message without `huiju.kind` is taken as a bare record (its
 * whole value is the record, its timestamp the read time), so other producers can feed a topic.
 */
import type { Admin, ConfigResourceTypes, IHeaders } from 'kafkajs';

/**
 * `ConfigResourceTypes.TOPIC` (2, Kafka's resource type for a topic). kafkajs is CommonJS and Node's
 * ESM loader does not see this enum as a named export, so the value is named here.
 */
const TOPIC_RESOURCE: ConfigResourceTypes = 2 satisfies ConfigResourceTypes.TOPIC;
import { HuijuError } from '../errors';
import { backoffMs, sleep } from '../retry/backoff';
import { DEFAULT_TOPIC_PREFIX, hubTopic } from './topic-names';

/** Topic prefix of raw records under the default hub prefix. */
export const RAW_TOPIC_PREFIX = hubTopic(DEFAULT_TOPIC_PREFIX, 'raw.');
/** Topic prefix of dead letters produced by the ingest workers, under the default hub prefix. */
export const DLQ_TOPIC_PREFIX = hubTopic(DEFAULT_TOPIC_PREFIX, 'dlq.');

export const HEADER = {
  kind: 'huiju.kind',
  source: 'huiju.source',
  stream: 'huiju.stream',
  schemaVersion: 'huiju.schema-version',
  contentType: 'content-type',
  failed: 'huiju.failed',
} as const;

export type RawMessageKind = 'record' | 'failed' | 'snapshot-end';

/** `<prefix>raw.<sourceId>`: `huiju.raw.<sourceId>` with the default `kafka.topicPrefix`. */
export function rawTopic(sourceId: string, prefix: string = DEFAULT_TOPIC_PREFIX): string {
  return hubTopic(prefix, `raw.${sourceId}`);
}

/** `<prefix>dlq.<sourceId>`: `huiju.dlq.<sourceId>` with the default `kafka.topicPrefix`. */
export function dlqTopic(sourceId: string, prefix: string = DEFAULT_TOPIC_PREFIX): string {
  return hubTopic(prefix, `dlq.${sourceId}`);
}

/** The source id of a raw topic under `prefix`, or `null` for another topic. */
export function sourceOfRawTopic(topic: string, prefix: string = DEFAULT_TOPIC_PREFIX): string | null {
  const start = rawTopic('', prefix);
  return topic.startsWith(start) && topic.length > start.length ? topic.slice(start.length) : null;
}

/** Value of a `record` message. */
export interface RawRecordValue {
  data: unknown;
  position?: Record<string, unknown>;
  /** ISO-8601 instant the connector read the record. */
  readAt: string;
}

/** Value of a `failed` message. */
export interface RawFailedValue {
  raw: unknown;
  position?: Record<string, unknown>;
  reason: string;
  message: string;
}

/** Value of a `snapshot-end` control message (the same on every partition). */
export interface SnapshotMarker {
  /** Unique per published snapshot. */
  snapshotId: string;
  stream: string;
  scope: string;
  /** `YYYY-MM-DD`: residencies missing from the snapshot end on this day. */
  asOf: string;
  /** The database's now() when the snapshot began, before any of its records was published. */
  since: string;
  /** Partitions the marker was sent to: the snapshot is complete when all of them reached it. */
  partitions: number;
}

/** Headers of a message published by the hub. */
export function rawHeaders(kind: RawMessageKind, h: { source: string; stream: string; schemaVersion: string; failedReason?: string }): IHeaders {
  const headers: IHeaders = {
    [HEADER.kind]: kind,
    [HEADER.source]: h.source,
    [HEADER.stream]: h.stream,
    [HEADER.schemaVersion]: h.schemaVersion,
    [HEADER.contentType]: 'application/json',
  };
  if (h.failedReason) headers[HEADER.failed] = h.failedReason;
  return headers;
}

/** A header's value as text (kafkajs gives Buffers, arrays or undefined). */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  if (v === undefined || v === null) return undefined;
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? undefined : Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
}

/** Kafka's own default `max.message.bytes` (1 MiB + 12 bytes of batch overhead). */
export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/**
 * Creates the topics that do not exist yet, with `partitions` partitions (replication factor: the
 * broker's default) and, when given, an explicit `max.message.bytes` — the largest record batch the
 * topic takes (the hub's `kafka.maxMessageBytes`), so the limit is the hub's setting rather than
 * whatever the broker's `message.max.bytes` happens to be. Idempotent: existing topics are left as
 * they are (their partition count and limit too; {@link topicMaxMessageBytes} reads the latter).
 */
export async function ensureTopics(admin: Admin, topics: readonly string[], partitions: number, options: { maxMessageBytes?: number } = {}): Promise<void> {
  const configEntries = options.maxMessageBytes ? [{ name: 'max.message.bytes', value: String(options.maxMessageBytes) }] : undefined;
  for (let attempt = 0; ; attempt++) {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: partitions, ...(configEntries ? { configEntries } : {}) })), waitForLeaders: true });
      return;
    } catch (err) {
      // another process created it in between: fine
      if ((err as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') return;
      const errors = (err as { errors?: { type?: string }[] }).errors;
      if (errors?.every((e) => e.type === 'TOPIC_ALREADY_EXISTS')) return;
      // a busy broker answers the leader wait with a retriable error (UNKNOWN_TOPIC_OR_PARTITION while
      // the new topic's metadata spreads): look again rather than fail the run
      if ((err as { retriable?: boolean }).retriable === true && attempt < ENSURE_TOPICS_RETRIES) {
        await sleep(backoffMs(attempt, { initialMs: 250, maxMs: 4_000, jitter: 'equal' }));
        continue;
      }
      throw new HuijuError('KAFKA_UNAVAILABLE', `could not create topics ${missing.join(', ')}: ${(err as Error).message}`, { topics: missing }, { cause: err });
    }
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
  const described = await admin.describeConfigs({ resources: [{ type: TOPIC_RESOURCE, name: topic, configNames: ['max.message.bytes'] }], includeSynonyms: false });
  const value = Number(described.resources[0]?.configEntries.find((e) => e.configName === 'max.message.bytes')?.configValue);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
