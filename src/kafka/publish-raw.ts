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
import { finishSyncRun, startSyncRun } from '../ingest/sync-run.repository';
import { saveCursor, getCursor } from '../ingest/sync/cursor.repository';
import type { ResolvedSource } from '../ingest/sync/resolve-source';
import { connectorLogger, emptyReport, endWithError, type StreamRunner, type StreamSyncReport, type SyncOptions } from '../ingest/sync/run-sync';
import type { ConnectorContext, JsonValue, StreamDefinition } from '../sdk/connector';
import { createKafka } from './client';
import { sealRecordData, sealValue } from './sealed-fields';
import { kafkaLogSink } from './kafka-log';
import { ensureTopics, partitionCount, rawHeaders, rawTopic, type RawFailedValue, type RawRecordValue, type SnapshotMarker } from './raw-topic';

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
  const kafka = createKafka({ brokers, clientId: `${hub.config.kafka.clientId}-publish`, log: kafkaLogSink(hub.logger) });
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
    throw new HuijuError('KAFKA_UNAVAILABLE', `cannot reach Kafka at ${brokers.join(',')}: ${(err as Error).message}`, { brokers }, { cause: err });
  }
}

async function publishStream(kafka: Kafka, producer: Producer, partitions: number, hub: Hub, source: ResolvedSource, stream: StreamDefinition, options: SyncOptions): Promise<StreamSyncReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1_000;
  const topic = rawTopic(source.id);
  const report: StreamSyncReport = { ...emptyReport(stream.name), published: 0 };
  const admin = kafka.admin();
  await admin.connect();
  let partitionsOfTopic: number;
  try {
    await ensureTopics(admin, [topic], partitions, { maxMessageBytes: hub.config.kafka.maxMessageBytes });
    partitionsOfTopic = await partitionCount(admin, topic);
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

  let pending: Message[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const messages = pending;
    pending = [];
    await producer.send({ topic, acks: -1, messages });
    report.published! += messages.length;
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
    const cursor = await getCursor(hub.db, source.id, stream.name);
    const readAt = new Date().toISOString();
    for await (const message of stream.read(ctx, cursor)) {
      switch (message.type) {
        case 'record': {
          report.read += 1;
          // the key comes from the clear record; declared ID numbers and mobiles go sealed
          const value: RawRecordValue = { data: sealRecordData(message.data, stream.personalFields, hub.vault), position: message.position, readAt };
          pending.push({ key: keyOf(stream, message.data), value: JSON.stringify(value), headers: rawHeaders('record', headerBase) });
          break;
        }
        case 'failed': {
          report.read += 1;
          report.deadLetters += 1;
          report.reasons[message.reason] = (report.reasons[message.reason] ?? 0) + 1;
          // an unparsed record has no fields to go by: it is sealed whole
          const value: RawFailedValue = { raw: message.raw === undefined ? undefined : sealValue(message.raw, hub.vault), position: message.position, reason: message.reason, message: message.message };
          pending.push({ key: null, value: JSON.stringify(value), headers: rawHeaders('failed', { ...headerBase, failedReason: message.reason }) });
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
  await finishSyncRun(hub.db, runId, { status: report.status, error: report.error });
  log.info({ status: report.status, read: report.read, published: report.published, seconds: report.seconds }, 'stream published');
  return report;
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
