/**
 * `huiju ingest`: a consumer-group worker that applies `huiju.raw.<source>` topics to the
 * canonical store. Any number of workers share the partitions of one group.
 *
 * Delivery (ARCHITECTURE.md, delivery rule), per chunk of a fetched batch (one partition):
 * 1. decode and map every message with the source's connector stream (decode-raw.ts);
 * 2. ONE PostgreSQL transaction (ingestBatch): canonical writes, lineage, dead letters, snapshot
 *    markers reached, and the partition's next offset + high watermark in `consumed_offset` — a
 *    compare-and-set against the offset read before, so a worker that lost the partition in a
 *    rebalance cannot apply it twice; dead letters are also produced to `huiju.dlq.<source>`
 *    inside that transaction, just before it commits (a crash can repeat a DLQ message, never lose one);
 * 3. only after the commit, the Kafka offset is committed (a courtesy: PostgreSQL is the truth).
 * When a partition is first seen after a (re)join, the worker reads its offset from PostgreSQL:
 * messages below it (applied, but their Kafka commit lost in a crash) are skipped; when Kafka is
 * behind it, the consumer seeks there.
 *
 * Failures: a transaction that fails (PostgreSQL restarting, connections terminated, a deadlock,
 * the DLQ produce failing on a broker hiccup) is retried with exponential back-off while the
 * worker runs, heartbeating meanwhile — no manual step. A chunk that fails for another reason
 * three times is split in halves until the one record that cannot be written is dead-lettered
 * (`INGEST_FAILED`), so one poison message never blocks a partition. Malformed messages are
 * dead letters, never crashes. A non-retriable broker answer (`MESSAGE_TOO_LARGE`, …) is not
 * transient: DLQ copies are bounded and a copy the broker refuses is left out (dlq-copy.ts), its
 * dead letter still committed. One partition's trouble never holds back another: kafkajs fetches
 * the next round only when every batch of the last one returned, so a chunk that failed
 * transiently {@link PAUSE_AFTER} times pauses its partition for the back-off and returns; the
 * other partitions go on, and the paused one resumes from its last applied offset.
 *
 * Out-of-order references: a source's streams land on different partitions, so a resident may be
 * applied before its grid. Such a record is parked (src/ingest/park/) and applied by whichever
 * batch — of any partition, any worker — commits after its row landed; a timer (`settleEveryMs`)
 * also settles the parking lot (a row committed by another worker while the record was being
 * parked) and expires records that waited longer than `ingest.parkedFor`, logging how many wait.
 */
import type { Admin, Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import { isTransientDbError } from '../db/transient-error';
import { HuijuError, isHuijuError } from '../errors';
import type { Hub } from '../hub';
import { hubIngestOptions, ingestBatch, type BatchResult } from '../ingest/ingest-batch';
import { hubMetrics, recordBatch } from '../metrics/hub-metrics';
import type { IngestRecord } from '../ingest/ingest-record';
import type { ResolvedSource } from '../ingest/sync/resolve-source';
import { createKafka } from './client';
import { kafkaLogSink } from './kafka-log';
import { advanceConsumedOffset, loadConsumedOffset } from './consumed-offset.repository';
import { type DecodedRaw, decodeRawMessage } from './decode-raw';
import { deadLetterCopy, dlqValueMaxBytes, sendDeadLetterCopies } from './dlq-copy';
import { isTransientKafkaError } from './kafka-error';
import { dlqTopic, ensureTopics, HEADER, rawTopic, type SnapshotMarker, topicMaxMessageBytes } from './raw-topic';
import { reachSnapshotMarker } from './snapshot-progress.repository';
import { settleParked } from '../ingest/park/settle-parked';

/** Lag of one partition this worker holds: messages published and not yet applied. */
export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/** What one committed chunk did; passed to `onBatch` (metrics, progress lines). */
export interface IngestBatchEvent {
  source: string;
  topic: string;
  partition: number;
  /** Messages of the chunk (including those skipped as already applied). */
  records: number;
  applied: number;
  unchanged: number;
  stale: number;
  deadLetters: number;
  /** Records parked: they wait for a row another partition (or source) has not delivered yet. */
  parked: number;
  /** Parked records (of any partition) this chunk's transaction applied, their row having landed. */
  unparked: number;
  /** Messages found already applied (PostgreSQL ahead of Kafka after a crash). */
  skipped: number;
  /** DLQ copies the broker refused for good (their dead letters are in PostgreSQL; logged `DLQ_COPY_REJECTED`). */
  dlqCopiesRejected: number;
  /** Snapshot markers reached, and residencies ended by completing a snapshot. */
  markers: number;
  residenciesEnded: number;
  /** Transactions tried (1 = no retry). */
  attempts: number;
  seconds: number;
  /** Lag of every partition this worker holds, after the chunk. */
  lag: PartitionLag[];
}

/** Something went wrong and is being retried (for logs and metrics). */
export interface IngestRetryEvent {
  topic: string;
  partition: number;
  attempt: number;
  code: string;
  transient: boolean;
  waitMs: number;
}

export interface IngestWorkerOptions {
  /** Sources to ingest (their topics `huiju.raw.<id>`). Default: all the hub's configured sources. */
  sources?: readonly ResolvedSource[];
  /** Default: the hub's `kafka.brokers`. */
  brokers?: string[];
  /** Default: the hub's `kafka.groupId`. */
  groupId?: string;
  /** Most messages per transaction. Default 2,000. */
  maxBatchRecords?: number;
  /** Partitions applied at the same time (each in its own transaction). Default 1. */
  partitionsConsumedConcurrently?: number;
  /** Consumer session timeout, ms: how soon a dead worker's partitions move on. Default 30,000. */
  sessionTimeout?: number;
  /** Back-off of a failed transaction: first wait and cap, ms. Default 200 and 10,000. */
  retry?: { initialMs?: number; maxMs?: number };
  /** Called after every committed chunk. Must not throw. */
  onBatch?: (event: IngestBatchEvent) => void;
  onRetry?: (event: IngestRetryEvent) => void;
  /**
   * Interval of the parking-lot timer (apply what waits for rows other workers committed, expire
   * what waited longer than `ingest.parkedFor`, log how many wait), ms. Default 60,000.
   */
  settleEveryMs?: number;
  /** Called after every settling of the parking lot. Must not throw. */
  onSettle?: (report: { unparked: number; expired: number; waiting: number }) => void;
}

export interface IngestWorker {
  /** Connects, creates missing topics, joins the group and starts applying. */
  start(): Promise<void>;
  /** Finishes the chunk in flight (or abandons its retry), leaves the group, disconnects. Idempotent. */
  stop(): Promise<void>;
  /** Settles when the worker stopped: resolves after `stop()`, rejects when the consumer crashed for good. */
  readonly stopped: Promise<void>;
  /** Lag of the partitions this worker holds. */
  lag(): PartitionLag[];
  /** Totals since start. */
  totals(): { records: number; applied: number; deadLetters: number; chunks: number };
}

const DEFAULTS = { maxBatchRecords: 2_000, initialMs: 200, maxMs: 10_000, settleEveryMs: 60_000 };
/** Non-transient failures of one chunk before it is split (and of one poison record before its fallback). */
const SPLIT_AFTER = 3;
/** Transient failures of one chunk before its partition is paused for the back-off (others go on). */
const PAUSE_AFTER = 3;

/** Builds a worker over the hub's store; `start()` it. */
export function createIngestWorker(hub: Hub, options: IngestWorkerOptions = {}): IngestWorker {
  const brokers = options.brokers ?? hub.config.kafka.brokers;
  if (!brokers?.length) throw new HuijuError('CONFIG_INVALID', '`huiju ingest` needs Kafka: set KAFKA_BROKERS (kafka.brokers)', { field: 'kafka.brokers' });
  const sources = options.sources ?? hub.sources ?? [];
  if (sources.length === 0) throw new HuijuError('CONFIG_INVALID', '`huiju ingest` has no sources to ingest: configure "sources" in huiju.config', { field: 'sources' });
  const group = options.groupId ?? hub.config.kafka.groupId;
  const maxBatch = options.maxBatchRecords ?? DEFAULTS.maxBatchRecords;
  const backoff = { initialMs: options.retry?.initialMs ?? DEFAULTS.initialMs, maxMs: options.retry?.maxMs ?? DEFAULTS.maxMs };
  const log = hub.logger.child({ component: 'ingest', group });
  const byTopic = new Map(sources.map((s) => [rawTopic(s.id), s]));
  const kafka = createKafka({ brokers, clientId: `${hub.config.kafka.clientId}-ingest`, log: kafkaLogSink(log) });

  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  let admin: Admin | undefined;
  let stopping = false;
  let stopPromise: Promise<void> | undefined;
  let settle!: { resolve: () => void; reject: (err: unknown) => void };
  const stopped = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  stopped.catch(() => {}); // observed by whoever awaits it
  /** Next offset per `topic:partition`, as stored in PostgreSQL (null = nothing stored); cleared on every (re)join. */
  const positions = new Map<string, number | null>();
  /** Partitions whose first batch since the (re)join started at or before the stored offset. */
  const verified = new Set<string>();
  const lags = new Map<string, PartitionLag>();
  const totals = { records: 0, applied: 0, deadLetters: 0, chunks: 0 };
  let settleTimer: NodeJS.Timeout | undefined;
  let settling: Promise<void> | undefined;
  let lastWaiting = 0;
  /** `max.message.bytes` of each source's DLQ topic, read at start. */
  const dlqMaxBytes = new Map<string, number>();
  /** Timers resuming paused partitions (cleared on stop). */
  const resumeTimers = new Set<NodeJS.Timeout>();

  /** Pauses the batch's partition for `ms` (kafkajs's `pause()`), so other partitions' batches go on. */
  function pauseFor(pause: () => () => void, ms: number): void {
    const resume = pause();
    const timer = setTimeout(() => {
      resumeTimers.delete(timer);
      if (!stopping) resume();
    }, ms);
    resumeTimers.add(timer);
  }

  /** One settling of the parking lot (never two at once; failures are logged and left to the next tick). */
  function settleTick(): Promise<void> {
    settling ??= (async () => {
      try {
        const report = await settleParked(hub);
        if (report.waiting > 0 || report.unparked > 0 || report.expired > 0 || lastWaiting > 0) {
          log.info({ waiting: report.waiting, unparked: report.unparked, expired: report.expired, parkedFor: hub.config.ingest.parkedFor }, 'parked records: waiting for the rows they refer to');
        }
        lastWaiting = report.waiting;
        try {
          options.onSettle?.(report);
        } catch (err) {
          log.warn({ code: codeOf(err) }, 'onSettle hook threw');
        }
      } catch (err) {
        log.warn({ code: codeOf(err) }, 'settling the parked records failed; trying again on the next tick');
      } finally {
        settling = undefined;
      }
    })();
    return settling;
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const wait = (attempt: number) => Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt - 1, 16));

  /** Retries a read until it succeeds or the worker stops. */
  async function retrying<T>(what: () => Promise<T>, heartbeat: () => Promise<void>, topic: string, partition: number): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await what();
      } catch (err) {
        if (stopping) throw err;
        const ms = wait(attempt);
        options.onRetry?.({ topic, partition, attempt, code: codeOf(err), transient: true, waitMs: ms });
        log.warn({ topic, partition, attempt, code: codeOf(err), waitMs: ms }, 'reading the stored offset failed; retrying');
        await sleep(ms);
        await heartbeat();
      }
    }
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset, pause } = payload;
    if (batch.messages.length === 0 || !consumer) return;
    const { topic, partition } = batch;
    const source = byTopic.get(topic);
    if (!source) return;
    const tp = `${topic}:${partition}`;
    if (!positions.has(tp)) positions.set(tp, await retrying(() => loadConsumedOffset(hub.db, group, topic, partition), heartbeat, topic, partition));
    if (!verified.has(tp)) {
      // the first batch since the join must not start past the stored offset (Kafka's committed
      // offset ahead of PostgreSQL's, e.g. after a reset for a replay): seek back instead
      const stored = positions.get(tp) ?? null;
      const first = Number(batch.firstOffset());
      const target = stored ?? (await retrying(() => lowWatermark(topic, partition), heartbeat, topic, partition));
      if (target < first) {
        log.info({ topic, partition, from: first, to: target }, 'Kafka is ahead of the offset stored in PostgreSQL: seeking back');
        consumer.seek({ topic, partition, offset: String(target) });
        return;
      }
      verified.add(tp);
    }
    const highWatermark = Number(batch.highWatermark);
    for (let i = 0; i < batch.messages.length; i += maxBatch) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(i, i + maxBatch);
      const started = Date.now();
      const event = await applyChunk(source, topic, partition, chunk, highWatermark, heartbeat, isRunning, pause);
      if (!event) return; // stopping, or the partition paused
      const last = chunk[chunk.length - 1]!.offset;
      resolveOffset(last);
      lags.set(tp, { topic, partition, lag: Math.max(0, highWatermark - (Number(last) + 1)) });
      // PostgreSQL has it: now tell Kafka (best effort; a lost commit only means a skip after restart)
      await consumer.commitOffsets([{ topic, partition, offset: String(Number(last) + 1) }]).catch((err) => log.debug({ topic, partition, code: codeOf(err) }, 'Kafka offset commit failed (PostgreSQL holds the offset)'));
      totals.records += event.records;
      totals.applied += event.applied;
      totals.deadLetters += event.deadLetters;
      totals.chunks += 1;
      event.seconds = (Date.now() - started) / 1000;
      event.lag = [...lags.values()];
      // the chunk may hold several streams of the source: metrics count it under stream `*`
      recordBatch(hub, { source: source.id, stream: '*', result: event, seconds: event.seconds });
      hubMetrics(hub).setConsumerLag({ group, topic, partition, lag: lags.get(tp)!.lag });
      try {
        options.onBatch?.(event);
      } catch (err) {
        log.warn({ code: codeOf(err) }, 'onBatch hook threw');
      }
      await heartbeat().catch(() => {});
    }
  }

  /**
   * After a (re)join: every assigned partition resumes from the offset stored in PostgreSQL (or
   * the earliest retained one when none is stored), whatever Kafka's committed offset says. A
   * partition that `eachBatch` already saw since the join keeps its position.
   */
  async function seekToStored(assignment: Record<string, number[]>): Promise<void> {
    for (const [topic, partitions] of Object.entries(assignment)) {
      if (!byTopic.has(topic)) continue;
      for (const partition of partitions) {
        const tp = `${topic}:${partition}`;
        for (let attempt = 1; !stopping; attempt++) {
          try {
            const stored = await loadConsumedOffset(hub.db, group, topic, partition);
            const target = stored ?? (await lowWatermark(topic, partition));
            if (positions.has(tp) || stopping) break;
            positions.set(tp, stored);
            consumer!.seek({ topic, partition, offset: String(target) });
            break;
          } catch (err) {
            if (positions.has(tp)) break;
            log.warn({ topic, partition, attempt, code: codeOf(err) }, 'reading the stored offset failed; retrying');
            await sleep(wait(attempt));
          }
        }
      }
    }
  }

  async function lowWatermark(topic: string, partition: number): Promise<number> {
    const offsets = await admin!.fetchTopicOffsets(topic);
    return Number(offsets.find((o) => o.partition === partition)?.low ?? 0);
  }

  /**
   * Applies one chunk (retrying, splitting a chunk that keeps failing); returns its event, or
   * `null` when the worker is stopping or the partition was paused, the chunk left unapplied.
   */
  async function applyChunk(
    source: ResolvedSource,
    topic: string,
    partition: number,
    chunk: KafkaMessage[],
    highWatermark: number,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
    pause: () => () => void,
  ): Promise<IngestBatchEvent | null> {
    const tp = `${topic}:${partition}`;
    const event: IngestBatchEvent = { source: source.id, topic, partition, records: chunk.length, applied: 0, unchanged: 0, stale: 0, deadLetters: 0, parked: 0, unparked: 0, skipped: 0, dlqCopiesRejected: 0, markers: 0, residenciesEnded: 0, attempts: 0, seconds: 0, lag: [] };
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      if (!isRunning() || stopping) return null;
      const from = positions.get(tp) ?? null;
      const live = from === null ? chunk : chunk.filter((m) => Number(m.offset) >= from);
      event.skipped = chunk.length - live.length;
      if (live.length === 0) return event;
      event.attempts = attempt;
      try {
        const decoded = live.map((m) => ({ message: m, decoded: decodeRawMessage(source, topic, partition, m, hub.vault) }));
        const outcome = await commitChunk(source, topic, partition, decoded, from, highWatermark);
        positions.set(tp, Number(live[live.length - 1]!.offset) + 1);
        add(event, outcome.result);
        event.dlqCopiesRejected += outcome.dlqCopiesRejected;
        event.markers += outcome.markers;
        event.residenciesEnded += outcome.residenciesEnded;
        return event;
      } catch (err) {
        if (isHuijuError(err, 'OFFSET_FENCED')) {
          // another worker applied part of it: start again from what PostgreSQL says
          positions.set(tp, await retrying(() => loadConsumedOffset(hub.db, group, topic, partition), heartbeat, topic, partition));
          continue;
        }
        if (stopping || !isRunning()) return null;
        const transient = isTransientDbError(err) || isTransientKafkaError(err);
        if (!transient) failures += 1;
        if (!transient && failures >= SPLIT_AFTER) {
          log.error({ topic, partition, size: live.length, code: codeOf(err) }, 'a chunk keeps failing: splitting it to dead-letter the record that cannot be written');
          return splitChunk(source, topic, partition, live, highWatermark, heartbeat, isRunning, pause, event, err);
        }
        const ms = wait(attempt);
        options.onRetry?.({ topic, partition, attempt, code: codeOf(err), transient, waitMs: ms });
        if (transient && attempt - failures >= PAUSE_AFTER) {
          log.warn({ topic, partition, attempt, code: codeOf(err), waitMs: ms }, 'applying a chunk keeps failing transiently; pausing its partition so the others go on');
          pauseFor(pause, ms);
          return null;
        }
        log.warn({ topic, partition, attempt, code: codeOf(err), transient, waitMs: ms }, 'applying a chunk failed; retrying');
        await sleep(ms);
        await heartbeat().catch(() => {});
      }
    }
  }

  /**
   * Splits a chunk that keeps failing in halves, down to the one record the write path refuses,
   * which is dead-lettered (`INGEST_FAILED`) in place of being applied. That dead letter is retried
   * like a chunk (back-off on transient failures, pausing the partition after {@link PAUSE_AFTER});
   * when even it fails {@link SPLIT_AFTER} times for another reason, its payload is left out (a
   * `{"$truncated": true}` marker: the raw message stays on the raw topic) — and when that fails too,
   * the partition is paused for the longest back-off with an error log (`POISON_UNWRITABLE`): never
   * a silent endless loop, never a skipped offset, never another partition held back.
   */
  async function splitChunk(
    source: ResolvedSource,
    topic: string,
    partition: number,
    live: KafkaMessage[],
    highWatermark: number,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
    pause: () => () => void,
    event: IngestBatchEvent,
    err: unknown,
  ): Promise<IngestBatchEvent | null> {
    if (live.length === 1) {
      const m = live[0]!;
      // the dead letter keeps the record as decoded (sealed values opened, so it can be masked by
      // its stream's declaration and replayed), or the message text when it decodes to no record
      const decoded = decodeRawMessage(source, topic, partition, m, hub.vault);
      const record: IngestRecord = {
        kind: 'failed',
        source: source.id,
        stream: m.headers?.[HEADER.stream]?.toString() ?? '(unknown)',
        externalId: m.key?.toString() ?? '',
        position: { topic, partition, offset: Number(m.offset) },
        stage: 'UPSERT',
        reason: 'INGEST_FAILED',
        message: `the write path failed on this record (${codeOf(err)})`,
        payload: decoded.kind === 'record' ? decoded.record.payload : (m.value?.toString('utf8') ?? null),
        ...(decoded.kind === 'record' && decoded.record.personalFields ? { personalFields: decoded.record.personalFields } : {}),
      };
      const bare: IngestRecord = { ...record, payload: { $truncated: true, bytes: m.value?.length ?? 0, head: '' }, message: `${record.message}; its payload could not be stored either (see the raw topic at this offset)` };
      const tp = `${topic}:${partition}`;
      let failures = 0;
      for (let attempt = 1; ; attempt++) {
        if (stopping || !isRunning()) return null;
        const letter = failures < SPLIT_AFTER ? record : bare;
        try {
          const from = positions.get(tp) ?? null;
          const outcome = await commitChunk(source, topic, partition, [{ message: m, decoded: { kind: 'record', record: letter } }], from, highWatermark);
          positions.set(tp, Number(m.offset) + 1);
          add(event, outcome.result);
          event.dlqCopiesRejected += outcome.dlqCopiesRejected;
          return event;
        } catch (e) {
          if (isHuijuError(e, 'OFFSET_FENCED')) return event;
          const transient = isTransientDbError(e) || isTransientKafkaError(e);
          if (!transient) failures += 1;
          const ms = wait(attempt);
          options.onRetry?.({ topic, partition, attempt, code: codeOf(e), transient, waitMs: ms });
          if (!transient && failures >= 2 * SPLIT_AFTER) {
            log.error({ topic, partition, offset: m.offset, code: 'POISON_UNWRITABLE', cause: codeOf(e), waitMs: backoff.maxMs }, 'not even a dead letter of this record can be written: pausing its partition (the others go on)');
            pauseFor(pause, backoff.maxMs);
            return null;
          }
          if (transient && attempt - failures >= PAUSE_AFTER) {
            log.warn({ topic, partition, offset: m.offset, attempt, code: codeOf(e), waitMs: ms }, 'dead-lettering a poison record keeps failing transiently; pausing its partition so the others go on');
            pauseFor(pause, ms);
            return null;
          }
          log.warn({ topic, partition, offset: m.offset, attempt, code: codeOf(e), transient, payloadLeftOut: failures >= SPLIT_AFTER, waitMs: ms }, 'dead-lettering a poison record failed; retrying');
          await sleep(ms);
          await heartbeat().catch(() => {});
        }
      }
    }
    const half = Math.ceil(live.length / 2);
    for (const part of [live.slice(0, half), live.slice(half)]) {
      const sub = await applyChunk(source, topic, partition, part, highWatermark, heartbeat, isRunning, pause);
      if (!sub) return null;
      add(event, sub);
      event.dlqCopiesRejected += sub.dlqCopiesRejected;
      event.markers += sub.markers;
      event.residenciesEnded += sub.residenciesEnded;
    }
    return event;
  }

  /** The transaction of one chunk. */
  async function commitChunk(
    source: ResolvedSource,
    topic: string,
    partition: number,
    items: { message: KafkaMessage; decoded: DecodedRaw }[],
    from: number | null,
    highWatermark: number,
  ): Promise<{ result: BatchResult; markers: number; residenciesEnded: number; dlqCopiesRejected: number }> {
    const records: IngestRecord[] = [];
    const recordMessages: KafkaMessage[] = [];
    const markers: SnapshotMarker[] = [];
    for (const { message, decoded } of items) {
      if (decoded.kind === 'marker') markers.push(decoded.marker);
      else {
        records.push(decoded.record);
        recordMessages.push(message);
      }
    }
    const next = Number(items[items.length - 1]!.message.offset) + 1;
    let residenciesEnded = 0;
    let dlqCopiesRejected = 0;
    const result = await ingestBatch(hub.db, records, {
      ...hubIngestOptions(hub),
      alsoInTransaction: async (trx, r) => {
        for (const marker of markers) residenciesEnded += await reachSnapshotMarker(trx, { group, source: source.id, marker, partition });
        await advanceConsumedOffset(trx, { group, topic, partition, from, next, highWatermark });
        const letters = r.outcomes.flatMap((o, i) => (o.status === 'dead' ? [{ o, record: records[i]!, message: recordMessages[i]! }] : []));
        if (letters.length > 0) {
          const maxBytes = dlqMaxBytes.get(source.id) ?? hub.config.kafka.maxMessageBytes;
          const copies = letters.map(({ o, record, message }) =>
            deadLetterCopy({ record, outcome: o.status === 'dead' ? o : { stage: '', reason: '', message: '' }, message, topic, partition, sourceId: source.id, valueMaxBytes: dlqValueMaxBytes(maxBytes) }),
          );
          const rejected = await sendDeadLetterCopies(producer!, dlqTopic(source.id), copies, maxBytes);
          dlqCopiesRejected = rejected.length;
          for (const x of rejected) {
            log.error({ topic, partition, offset: x.offset, code: 'DLQ_COPY_REJECTED', brokerError: x.brokerError, dlq: dlqTopic(source.id) }, 'the broker refused a dead letter\'s DLQ copy for good: the dead letter is in PostgreSQL only');
          }
        }
      },
    });
    return { result, markers: markers.length, residenciesEnded, dlqCopiesRejected };
  }

  return {
    async start() {
      admin = kafka.admin();
      producer = kafka.producer({ allowAutoTopicCreation: true });
      consumer = kafka.consumer({
        groupId: group,
        sessionTimeout: options.sessionTimeout ?? 30_000,
        heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeout ?? 30_000) / 5)),
        maxWaitTimeInMs: 500,
      });
      await admin.connect();
      const topics = [...byTopic.keys()];
      const maxMessageBytes = hub.config.kafka.maxMessageBytes;
      await ensureTopics(admin, topics, hub.config.kafka.partitions, { maxMessageBytes });
      await ensureTopics(admin, sources.map((s) => dlqTopic(s.id)), hub.config.kafka.partitions, { maxMessageBytes });
      // an existing DLQ topic keeps its own limit: copies are sized by what it takes
      for (const s of sources) dlqMaxBytes.set(s.id, Math.min(maxMessageBytes, await topicMaxMessageBytes(admin, dlqTopic(s.id), maxMessageBytes)));
      await producer.connect();
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        positions.clear();
        verified.clear();
        lags.clear();
        log.info({ assignment: e.payload.memberAssignment }, 'joined the group');
        void seekToStored(e.payload.memberAssignment);
      });
      consumer.on(consumer.events.CRASH, (e) => {
        const err = e.payload.error;
        log.error({ code: codeOf(err), restart: e.payload.restart }, 'consumer crashed');
        if (!e.payload.restart && !stopping) settle.reject(new HuijuError('KAFKA_UNAVAILABLE', `the ingest consumer stopped: ${err.message}`, {}, { cause: err }));
      });
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch,
      });
      settleTimer = setInterval(() => void settleTick(), options.settleEveryMs ?? DEFAULTS.settleEveryMs);
      settleTimer.unref();
      log.info({ topics, group }, 'ingesting');
    },
    stop() {
      stopPromise ??= (async () => {
        stopping = true;
        if (settleTimer) clearInterval(settleTimer);
        for (const t of resumeTimers) clearTimeout(t);
        resumeTimers.clear();
        await settling;
        await consumer?.disconnect().catch((err) => log.warn({ code: codeOf(err) }, 'consumer disconnect failed'));
        await producer?.disconnect().catch(() => {});
        await admin?.disconnect().catch(() => {});
        settle.resolve();
      })();
      return stopPromise;
    },
    stopped,
    lag: () => [...lags.values()],
    totals: () => ({ ...totals }),
  };
}

function add(
  event: Pick<IngestBatchEvent, 'applied' | 'unchanged' | 'stale' | 'deadLetters' | 'parked' | 'unparked'>,
  r: Pick<BatchResult, 'applied' | 'unchanged' | 'stale' | 'deadLetters' | 'parked' | 'unparked'>,
): void {
  event.applied += r.applied;
  event.unchanged += r.unchanged;
  event.stale += r.stale;
  event.deadLetters += r.deadLetters;
  event.parked += r.parked;
  event.unparked += r.unparked;
}

function codeOf(err: unknown): string {
  if (isHuijuError(err)) return err.code;
  const e = err as { code?: unknown; type?: unknown; name?: unknown } | null;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.type === 'string') return e.type;
  return typeof e?.name === 'string' ? e.name : 'INTERNAL';
}
