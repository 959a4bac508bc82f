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
import type { IHeaders } from 'kafkajs';
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
