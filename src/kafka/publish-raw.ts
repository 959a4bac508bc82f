/**
 * Distributed mode, the publishing side: a source's streams are read as in an in-process sync,
 * but their records go to `huiju.raw.<sourceId>` (see raw-topic.ts for the message contract) and
 * `huiju ingest` workers apply them.
 *
 * Delivery: at-least-once. Messages are sent with `acks: all` and the hub cursor of a stream is
 * saved only after the broker acknowledged everything read before the checkpoint, so a publisher
 * killed anywhere re-publishes at most what followed the last checkpoint; the workers' version
 * guard and idempotent upserts make those duplicates harmless.
 *
 * Personal information: the values at the stream's declared ID-number and mobile paths are
 * encrypted field by field with the hub's PII key (`{"$enc": …}`, sealed-fields.ts), and an
 * unparseable record's raw text is encrypted whole; the worker decrypts them before mapping.
 *
 * Unparseable records (`failed` read messages) are published too, marked with the
 * `huiju.failed` header, and dead-lettered by the worker: one place writes dead letters and the
 * `huiju.dlq.<source>` topic, and they commit with the consumed offsets.
 *
 * Sizes: messages go in sends that stay under the topic's `max.message.bytes` (sends-that-fit.ts:
 * the broker refuses a partition's whole batch when it is larger, small records included). A record
 * that alone is larger than the topic takes cannot be published at all: the publisher dead-letters
 * it in PostgreSQL itself (`MESSAGE_TOO_LARGE`, stage VALIDATE; a `failed` record keeps its own
 * reason) with its raw record encrypted whole, so `huiju dead-letters replay` applies it in-process
 * once it is wanted, counts it in the run's dead letters, and publishes the rest — the stream never
 * fails or stalls on it. Such dead letters have no `huiju.dlq.<source>` copy (no raw message).
 *
 * Snapshots: at `snapshot-begin` the database's now() is taken (`since`); at `snapshot-end`, once
 * the snapshot's records are acknowledged, a marker goes to every partition. Each partition's
 * marker follows that partition's records, so when every partition reached it, every record of the
 * snapshot is applied and the residencies not seen since `since` are the missing ones.
 */
import { randomUUID } from 'node:crypto';
import { type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { sql } from 'kysely';
import { HuijuError } from '../errors';
import type { Hub } from '../hub';
import { insertDeadLetters, type NewDeadLetter } from '../ingest/dead-letter.repository';
import { addSkipped } from '../ingest/ingest-counts';
import { finishSyncRun, startSyncRun } from '../ingest/sync-run.repository';
import { saveCursor, getCursor } from '../ingest/sync/cursor.repository';
import type { ResolvedSource } from '../ingest/sync/resolve-source';
import { connectorLogger, emptyReport, endWithError, type StreamRunner, type StreamSyncReport, type SyncOptions } from '../ingest/sync/run-sync';
import type { ConnectorContext, JsonValue, StreamDefinition } from '../sdk/connector';
import { assertSourcePaths } from '../sdk/source-path';
import { createHubKafka, kafkaConnectError } from './client';
import { sealRecordData, sealValue } from './sealed-fields';
import { kafkaLogSink } from './kafka-log';
import { permanentKafkaErrorType } from './kafka-error';
import { ensureTopics, partitionCount, topicMaxMessageBytes } from './topic-admin';
import { rawHeaders, rawTopic, type RawFailedValue, type RawRecordValue, type SnapshotMarker } from './raw-topic';
import { inSends, messageBytes, sendBudget } from './sends-that-fit';

export interface RawPublisherOptions {
  /** Default: the hub's `kafka.brokers`. */
  brokers?: string[];
  /** Partitions of a raw topic the publisher creates. Default: the hub's `kafka.partitions`. */
  partitions?: number;
}

/** Publishes streams to raw topics; one producer for all of them. */
export interface RawPublisher {
  /** A {@link StreamRunner} for `syncSource(..., { runStream })`. */
  readonly runStream: StreamRunner;
  close(): Promise<void>;
}

/** Connects a producer (idempotent, keyed with Kafka's default partitioner). */
export async function openRawPublisher(hub: Hub, options: RawPublisherOptions = {}): Promise<RawPublisher> {
  const brokers = options.brokers ?? hub.config.kafka.brokers;
  if (!brokers?.length) throw new HuijuError('CONFIG_INVALID', 'publishing raw records needs Kafka: set KAFKA_BROKERS (kafka.brokers)', { field: 'kafka.brokers' });
  const kafka = createHubKafka(hub.config.kafka, 'publish', { brokers, log: kafkaLogSink(hub.logger) });
  const partitions = options.partitions ?? hub.config.kafka.partitions;
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await connectOrFail(producer, brokers);
  let closed = false;
  return {
    runStream: (h, source, stream, opts) => publishStream(kafka, producer, partitions, h, source, stream, opts),
    async close() {
      if (closed) return;
      closed = true;
      await producer.disconnect().catch(() => {});
    },
  };
}

async function connectOrFail(producer: Producer, brokers: string[]): Promise<void> {
  try {
    await producer.connect();
  } catch (err) {
    throw kafkaConnectError(err, brokers, 'connecting the raw publisher');
  }
}

async function publishStream(kafka: Kafka, producer: Producer, partitions: number, hub: Hub, source: ResolvedSource, stream: StreamDefinition, options: SyncOptions): Promise<StreamSyncReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1_000;
  const topic = rawTopic(source.id, hub.config.kafka.topicPrefix);
  const report: StreamSyncReport = { ...emptyReport(stream.name), published: 0 };
  const admin = kafka.admin();
  await admin.connect();
  let partitionsOfTopic: number;
  let topicMaxBytes: number;
  try {
    await ensureTopics(admin, [topic], partitions, { maxMessageBytes: hub.config.kafka.maxMessageBytes });
    partitionsOfTopic = await partitionCount(admin, topic);
    // an existing topic keeps its own limit: that one counts
    topicMaxBytes = await topicMaxMessageBytes(admin, topic, hub.config.kafka.maxMessageBytes);
  } finally {
    await admin.disconnect().catch(() => {});
  }
  const runId = await startSyncRun(hub.db, { sourceId: source.id, stream: stream.name, mode: 'publish' });
  const log = hub.logger.child({ source: source.id, stream: stream.name, syncRun: runId, topic });
  const abort = new AbortController();
  const onAbort = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const ctx: ConnectorContext<unknown> = { config: source.config, sourceId: source.id, signal: abort.signal, logger: connectorLogger(log), baseDir: source.baseDir, allowPathsOutside: source.allowPathsOutside ?? false };
  const headerBase = { source: source.id, stream: stream.name, schemaVersion: source.connector.version };

  const budget = sendBudget(topicMaxBytes);
  let pending: Pending[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const tooLarge = batch.filter((p) => messageBytes(p.message) > budget);
    const fitting = batch.filter((p) => messageBytes(p.message) <= budget);
    for (const group of inSends(fitting, budget, (p) => messageBytes(p.message))) tooLarge.push(...(await sendGroup(producer, topic, group)));
    report.published! += batch.length - tooLarge.length;
    if (tooLarge.length > 0) {
      await insertDeadLetters(hub.db, tooLarge.map((p) => tooLargeDeadLetter(p, source.id, stream, topic, topicMaxBytes)), hub.vault);
      for (const p of tooLarge) {
        if (p.failed) continue; // counted as a dead letter when it was read
        report.deadLetters += 1;
        report.reasons.MESSAGE_TOO_LARGE = (report.reasons.MESSAGE_TOO_LARGE ?? 0) + 1;
      }
      log.warn({ records: tooLarge.length, topicMaxBytes }, 'records larger than the topic takes: dead-lettered (MESSAGE_TOO_LARGE), the rest published');
    }
    options.onProgress?.(report, source);
  };
  const checkpoint = async (cursor: JsonValue) => {
    await flush();
    await hub.db.transaction().execute(async (trx) => {
      await saveCursor(trx, source.id, stream.name, cursor);
      await trx.updateTable('sync_run').set({ records_read: report.read, dead_letters: report.deadLetters }).where('id', '=', runId).execute();
    });
  };
  const snapshots = new Map<string, Date>();

  try {
    // a missing folder or file fails the run naming its config key (a scheduled sync runs no check first)
    assertSourcePaths(ctx, source.connector.config, source.config as Record<string, unknown>);
    const cursor = await getCursor(hub.db, source.id, stream.name);
    const readAt = new Date().toISOString();
    for await (const message of stream.read(ctx, cursor)) {
      switch (message.type) {
        case 'record': {
          report.read += 1;
          // the key comes from the clear record; declared ID numbers and mobiles go sealed
          const value: RawRecordValue = { data: sealRecordData(message.data, stream.personalFields, hub.vault), position: message.position, readAt };
          const key = keyOf(stream, message.data);
          pending.push({ message: { key, value: JSON.stringify(value), headers: rawHeaders('record', headerBase) }, raw: message.data, position: message.position, externalId: key, version: versionOf(stream, message.data, readAt) });
          break;
        }
        case 'failed': {
          report.read += 1;
          report.deadLetters += 1;
          report.reasons[message.reason] = (report.reasons[message.reason] ?? 0) + 1;
          // an unparsed record has no fields to go by: it is sealed whole
          const value: RawFailedValue = { raw: message.raw === undefined ? undefined : sealValue(message.raw, hub.vault), position: message.position, reason: message.reason, message: message.message };
          pending.push({
            message: { key: null, value: JSON.stringify(value), headers: rawHeaders('failed', { ...headerBase, failedReason: message.reason }) },
            raw: message.raw,
            position: message.position,
            externalId: null,
            failed: { reason: message.reason, message: message.message },
          });
          break;
        }
        case 'checkpoint':
          report.checkpoints += 1;
          await checkpoint(message.cursor);
          break;
        case 'snapshot-begin': {
          await flush();
          const { rows } = await sql<{ now: Date }>`select now() as now`.execute(hub.db);
          snapshots.set(message.scope, new Date(rows[0]!.now));
          break;
        }
        case 'skipped':
          addSkipped(report.skipped, message.reason, message.count ?? 1);
          break;
        case 'snapshot-end': {
          const since = snapshots.get(message.scope);
          snapshots.delete(message.scope);
          await flush();
          if (!since) break;
          const marker: SnapshotMarker = { snapshotId: randomUUID(), stream: stream.name, scope: message.scope, asOf: message.asOf, since: since.toISOString(), partitions: partitionsOfTopic };
          const value = JSON.stringify(marker);
          await producer.send({
            topic,
            acks: -1,
            messages: Array.from({ length: partitionsOfTopic }, (_, partition) => ({ partition, key: null, value, headers: rawHeaders('snapshot-end', headerBase) })),
          });
          break;
        }
      }
      if (pending.length >= batchSize) await flush();
      if (abort.signal.aborted) break;
    }
    await flush();
    report.status = abort.signal.aborted ? 'CANCELLED' : 'SUCCEEDED';
  } catch (err) {
    const kafkaCode = (e: unknown) => ((e as { name?: string }).name?.startsWith('KafkaJS') ? 'KAFKA_UNAVAILABLE' : undefined);
    if (endWithError(report, err, abort.signal.aborted, kafkaCode)) log.error({ code: report.error!.code, kind: report.error!.kind }, 'publishing failed');
    // what was read since the last checkpoint is still worth publishing (the cursor stays)
    await flush().catch(() => {});
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  report.seconds = (Date.now() - started) / 1000;
  await hub.db.updateTable('sync_run').set({ records_read: report.read, dead_letters: report.deadLetters }).where('id', '=', runId).execute();
  await finishSyncRun(hub.db, runId, { status: report.status, error: report.error, skipped: report.skipped });
  log.info({ status: report.status, read: report.read, published: report.published, seconds: report.seconds }, 'stream published');
  return report;
}

/** A message read but not yet sent, with what its dead letter needs should it not fit the topic. */
interface Pending {
  message: Message;
  /** The clear raw record (a `failed` one: its raw text). */
  raw: unknown;
  position?: Record<string, unknown>;
  externalId: string | null;
  version?: string | null;
  /** A `failed` read message: already a dead letter by its own reason. */
  failed?: { reason: string; message: string };
}

/** Broker answers that refuse a send for its size, never for what is in it. */
const SIZE_REFUSALS = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/**
 * Sends one group (its estimate under the budget). Should the broker still refuse it for its
 * size, each message is sent alone; returns those refused alone. Any other failure throws.
 */
async function sendGroup(producer: Producer, topic: string, group: Pending[]): Promise<Pending[]> {
  try {
    await producer.send({ topic, acks: -1, messages: group.map((p) => p.message) });
    return [];
  } catch (err) {
    const type = permanentKafkaErrorType(err);
    if (!type || !SIZE_REFUSALS.has(type)) throw err;
    if (group.length === 1) return group;
    const refused: Pending[] = [];
    for (const p of group) refused.push(...(await sendGroup(producer, topic, [p])));
    return refused;
  }
}

/** The dead letter of a message the topic cannot take. */
function tooLargeDeadLetter(p: Pending, sourceId: string, stream: StreamDefinition, topic: string, topicMaxBytes: number): NewDeadLetter {
  const size = `${messageBytes(p.message).toLocaleString('en-US')} bytes as a message, more than topic ${topic} takes (max.message.bytes ${topicMaxBytes})`;
  return {
    source: sourceId,
    stream: stream.name,
    externalId: p.externalId,
    version: p.version ?? null,
    position: p.position,
    stage: p.failed ? 'PARSE' : 'VALIDATE',
    reason: p.failed?.reason ?? 'MESSAGE_TOO_LARGE',
    message: p.failed
      ? `${p.failed.message} (not published: ${size})`
      : `the record is ${size}; kept here instead (replay applies it in-process), or raise the topic's max.message.bytes (kafka.maxMessageBytes for new topics) and sync it again`,
    payload: p.raw,
    personalFields: p.failed ? undefined : stream.personalFields,
  };
}

/** The record's version as an in-process sync computes it (kept for replay); null when the stream cannot tell. */
function versionOf(stream: StreamDefinition, data: unknown, readAt: string): string | null {
  try {
    return stream.version(data, readAt) ?? null;
  } catch {
    return null;
  }
}

/** The message key: the record's external id (null when the stream cannot tell it; the worker dead-letters such a record). */
function keyOf(stream: StreamDefinition, data: unknown): string | null {
  try {
    const id = stream.externalId(data);
    return id ? id : null;
  } catch {
    return null;
  }
}
