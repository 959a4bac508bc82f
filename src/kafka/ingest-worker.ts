/**
 * `huiju ingest`: a consumer-group worker that applies `huiju.raw.<source>` topics to the
 * canonical store. Any number of workers share the partitions of one group.
 *
 * Delivery (ARCHITECTURE.md, delivery rule), per chunk of a fetched batch (one partition):
 * 1. decode and map every message with the source's connector stream (decode-raw.ts) — done while
 *    the chunk before committed (chunk-read-ahead.ts): the next chunk of the batch, or the first
 *    chunk of a batch waiting for a transaction lane (transaction-lanes.ts);
 * 2. ONE PostgreSQL transaction (ingestBatch): canonical writes, lineage, dead letters, snapshot
 *    markers reached, and the partition's next offset + high watermark in `consumed_offset` — a
 *    compare-and-set against the offset read before, so a worker that lost the partition in a
 *    rebalance cannot apply it twice; dead letters are also produced to `huiju.dlq.<source>`
 *    inside that transaction, just before it commits (a crash can repeat a DLQ message, never lose one);
 * 3. only after the commit, the Kafka offset is committed (a courtesy: PostgreSQL is the truth),
 *    beside the next chunk rather than before it (offset-commit-lane.ts).
 * When a partition is first seen after a (re)join, the worker reads its offset from PostgreSQL:
 * messages below it (applied, but their Kafka commit lost in a crash) are skipped; when Kafka is
 * behind it, the consumer seeks there.
 *
 * Failures (chunk-applier.ts): a transaction that fails transiently is retried with back-off,
 * heartbeating meanwhile, and after three such failures the partition is paused so the others go
 * on; a chunk that fails three times for another reason is split down to the record the write path
 * refuses, which is dead-lettered (`INGEST_FAILED`). Malformed messages are dead letters, never
 * crashes; a non-retriable broker answer (`MESSAGE_TOO_LARGE`, …) is never taken for transient.
 *
 * Membership (group-member.ts): a stopped worker leaves the group; a worker restarted after a
 * crash removes its dead predecessor (same group and instance id) before joining, so it consumes
 * within seconds instead of after the old session's timeout.
 *
 * Out-of-order references: a source's streams land on different partitions, so a resident may be
 * applied before its grid. Such a record is parked (src/ingest/park/) and applied by whichever
 * batch — of any partition, any worker — commits after its row landed; a timer (`settleEveryMs`)
 * also settles the parking lot (a row committed by another worker while the record was being
 * parked) and expires records that waited longer than `ingest.parkedFor`, logging how many wait.
 */
import { analyzeChangedTables } from '../db/analyze-changed';
import { caseRulesOf } from '../flow/case-rules';
import type { Admin, Consumer, EachBatchPayload, Producer } from 'kafkajs';
import { HuijuError } from '../errors';
import type { Hub } from '../hub';
import type { IngestCounts } from '../ingest/ingest-counts';
import { settleParked } from '../ingest/park/settle-parked';
import type { ResolvedSource } from '../ingest/sync/resolve-source';
import { hubMetrics, recordBatch } from '../metrics/hub-metrics';
import type { Backoff } from '../retry/backoff';
import { createChunkApplier, type ChunkRetry } from './chunk-applier';
import { createChunkCommitter } from './chunk-committer';
import { ChunkReadAhead } from './chunk-read-ahead';
import { OffsetCommitLane } from './offset-commit-lane';
import { TransactionLanes } from './transaction-lanes';
import { createHubKafka, kafkaConnectError } from './client';
import { errorCode } from './error-code';
import { evictPredecessor, rememberMember, workerInstanceId } from './group-member';
import { kafkaLogSink } from './kafka-log';
import { createPartitionPositions } from './partition-positions';
import { dlqTopic, rawTopic } from './raw-topic';
import { ensureTopics, topicMaxMessageBytes } from './topic-admin';
import { consumeSpan } from '../telemetry/consume-span';

/** Lag of one partition this worker holds: messages published and not yet applied. */
export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/** What one committed chunk did; passed to `onBatch` (metrics, progress lines). The counts are {@link IngestCounts}. */
export interface IngestBatchEvent extends IngestCounts {
  source: string;
  topic: string;
  partition: number;
  /** Messages of the chunk (including those skipped as already applied). */
  records: number;
  /** Messages found already applied (PostgreSQL ahead of Kafka after a crash). */
  skipped: number;
  /** DLQ copies the broker refused for good (their dead letters are in PostgreSQL; logged `DLQ_COPY_REJECTED`). */
  dlqCopiesRejected: number;
  /** Snapshot markers reached, and residencies ended by completing a snapshot. */
  markers: number;
  residenciesEnded: number;
  /** Transactions tried (1 = no retry). */
  attempts: number;
  /** Messages applied as read ahead: decoded and staged while the chunk before committed (chunk-read-ahead.ts). */
  readAhead: number;
  seconds: number;
  /** Lag of every partition this worker holds, after the chunk. */
  lag: PartitionLag[];
}

/** Something went wrong and is being retried (for logs and metrics). */
export type IngestRetryEvent = ChunkRetry;

export interface IngestWorkerOptions {
  /** Sources to ingest (their topics `huiju.raw.<id>`). Default: all the hub's configured sources. */
  sources?: readonly ResolvedSource[];
  /** Default: the hub's `kafka.brokers`. */
  brokers?: string[];
  /** Default: the hub's `kafka.groupId`. */
  groupId?: string;
  /**
   * This worker's stable name in the group (emulated static membership, group-member.ts): on start
   * it removes the member the same (group, instance) left behind when it died, so it consumes
   * within seconds instead of after the old session's timeout. Two workers on one host need
   * distinct ids. Default: the hub's `kafka.instanceId`, else the host name.
   */
  instanceId?: string;
  /** Most messages per transaction. Default 2,000. A fetched batch that finds a transaction lane free starts with a chunk of an eighth of it, and each next chunk doubles up to it; one that waits for a lane starts full-sized. */
  maxBatchRecords?: number;
  /**
   * Most bytes fetched per partition at a time. A fetched batch is applied in chunks of
   * `maxBatchRecords`; the next chunk of a batch is decoded while one commits
   * (chunk-read-ahead.ts), so a batch should hold several. Default 4 MiB (kafkajs's own: 1 MiB);
   * a fetch of all partitions holds at most four times that.
   */
  fetchBytesPerPartition?: number;
  /**
   * Chunk transactions at a time, each of its own partition's batch (transaction-lanes.ts).
   * Default 1. The worker holds one fetched batch more than that: it reads its first chunk ahead
   * while it waits for a lane.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * Consumer session timeout, ms: how soon the partitions of a worker that died without leaving
   * (and was not restarted under its instance id) move on. Heartbeats every third of it, at most
   * every 3 s. Default: the hub's `kafka.sessionTimeoutMs`, else 10,000 (the broker's
   * `group.min.session.timeout.ms` is 6,000 by default).
   */
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

/** The size of a fetched batch's first chunk: an eighth of `maxBatch` (at least 1). */
function firstChunk(maxBatch: number): number {
  return Math.max(1, Math.ceil(maxBatch / 8));
}

const DEFAULTS = { fetchBytesPerPartition: 4 * 1024 * 1024, maxBatchRecords: 2_000, initialMs: 200, maxMs: 10_000, settleEveryMs: 60_000, sessionTimeout: 10_000 };

/**
 * Builds a worker over the hub's store; `start()` it. The parts: {@link createPartitionPositions}
 * (where each partition resumes), {@link createChunkCommitter} (one chunk's transaction),
 * {@link createChunkApplier} (retries, pauses, the poison split); this function wires them to the
 * consumer group, with the parking-lot timer and the emulated static membership (group-member.ts).
 */
export function createIngestWorker(hub: Hub, options: IngestWorkerOptions = {}): IngestWorker {
  const brokers = options.brokers ?? hub.config.kafka.brokers;
  if (!brokers?.length) throw new HuijuError('CONFIG_INVALID', '`huiju ingest` needs Kafka: set KAFKA_BROKERS (kafka.brokers)', { field: 'kafka.brokers' });
  const sources = options.sources ?? hub.sources ?? [];
  if (sources.length === 0) throw new HuijuError('CONFIG_INVALID', '`huiju ingest` has no sources to ingest: configure "sources" in huiju.config', { field: 'sources' });
  const group = options.groupId ?? hub.config.kafka.groupId;
  const instance = workerInstanceId(options.instanceId ?? hub.config.kafka.instanceId);
  const sessionTimeout = options.sessionTimeout ?? hub.config.kafka.sessionTimeoutMs ?? DEFAULTS.sessionTimeout;
  const maxBatch = options.maxBatchRecords ?? DEFAULTS.maxBatchRecords;
  const fetchBytes = options.fetchBytesPerPartition ?? DEFAULTS.fetchBytesPerPartition;
  const backoff: Backoff = { initialMs: options.retry?.initialMs ?? DEFAULTS.initialMs, maxMs: options.retry?.maxMs ?? DEFAULTS.maxMs };
  const log = hub.logger.child({ component: 'ingest', group, instance });
  const prefix = hub.config.kafka.topicPrefix;
  const byTopic = new Map(sources.map((s) => [rawTopic(s.id, prefix), s]));
  const kafka = createHubKafka(hub.config.kafka, 'ingest', { brokers, log: kafkaLogSink(log) });

  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  let admin: Admin | undefined;
  let stopping = false;
  let stopPromise: Promise<void> | undefined;
  let settle!: { resolve: () => void; reject: (err: unknown) => void };
  const stopped = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  stopped.catch(() => {}); // observed by whoever awaits it
  const lags = new Map<string, PartitionLag>();
  const totals = { records: 0, applied: 0, deadLetters: 0, chunks: 0 };
  let settleTimer: NodeJS.Timeout | undefined;
  let settling: Promise<void> | undefined;
  let lastWaiting = 0;
  /** `max.message.bytes` of each source's DLQ topic, read at start. */
  const dlqMaxBytes = new Map<string, number>();
  /** Timers resuming paused partitions (cleared on stop). */
  const resumeTimers = new Set<NodeJS.Timeout>();

  const isStopping = () => stopping;
  const onRetry = (e: IngestRetryEvent) => {
    try {
      options.onRetry?.(e);
    } catch (err) {
      log.warn({ code: errorCode(err) }, 'onRetry hook threw');
    }
  };
  const positions = createPartitionPositions({
    db: hub.db,
    group,
    topics: new Set(byTopic.keys()),
    consumer: () => consumer,
    admin: () => admin,
    log,
    isStopping,
    backoff,
    onRetry: (e) => onRetry({ ...e, transient: true }),
  });
  const lanes = new TransactionLanes(options.partitionsConsumedConcurrently ?? 1);
  const readAhead = new ChunkReadAhead({ vault: hub.vault, cases: caseRulesOf(hub.config) });
  const commits = new OffsetCommitLane(
    (offsets) => consumer!.commitOffsets(offsets),
    (err, offsets) => log.debug({ offsets, code: errorCode(err) }, 'Kafka offset commit failed (PostgreSQL holds the offset)'),
  );
  const applyChunk = createChunkApplier({
    hub,
    log,
    positions,
    readAhead,
    commit: createChunkCommitter({ hub, group, log, producer: () => producer!, dlqMaxBytes }),
    backoff,
    onRetry,
    pauseFor,
    isStopping,
  });

  /** Pauses the batch's partition for `ms` (kafkajs's `pause()`), so other partitions' batches go on. */
  function pauseFor(pause: () => () => void, ms: number): void {
    const resume = pause();
    const timer = setTimeout(() => {
      resumeTimers.delete(timer);
      if (!stopping) resume();
    }, ms);
    resumeTimers.add(timer);
  }

  let chunksAnalyzed = 0;

  /** One settling of the parking lot and, when chunks were written since, of planner statistics (never two at once; failures are logged and left to the next tick). */
  function settleTick(): Promise<void> {
    settling ??= (async () => {
      try {
        const report = await settleParked(hub);
        if (report.waiting > 0 || report.unparked > 0 || report.expired > 0 || lastWaiting > 0) {
          log.info({ waiting: report.waiting, unparked: report.unparked, expired: report.expired, parkedFor: hub.config.ingest.parkedFor }, 'parked records: waiting for the rows they refer to');
        }
        lastWaiting = report.waiting;
        // planner statistics for what this worker wrote since the last tick (src/db/analyze-changed.ts)
        if (totals.chunks > chunksAnalyzed) {
          chunksAnalyzed = totals.chunks;
          await analyzeChangedTables(hub.db, log);
        }
        try {
          options.onSettle?.(report);
        } catch (err) {
          log.warn({ code: errorCode(err) }, 'onSettle hook threw');
        }
      } catch (err) {
        log.warn({ code: errorCode(err) }, 'settling the parked records failed; trying again on the next tick');
      } finally {
        settling = undefined;
      }
    })();
    return settling;
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset, pause } = payload;
    if (batch.messages.length === 0 || !consumer) return;
    const { topic, partition } = batch;
    const source = byTopic.get(topic);
    if (!source) return;
    const tp = `${topic}:${partition}`;
    if (!(await positions.prepare(batch, heartbeat))) return;
    const highWatermark = Number(batch.highWatermark);
    const running = () => !stopping && isRunning() && !isStale();
    const origin = { source, topic, partition };
    // a batch that arrives while every lane commits reads its first chunk ahead, full-sized, while it
    // waits for a lane (transaction-lanes.ts); one that finds a lane free starts with a small chunk
    // and doubles up to maxBatch, since nothing commits beside its first chunk's decode and stage
    let size = firstChunk(maxBatch);
    let reading: Promise<void> | undefined;
    if (lanes.full()) {
      size = maxBatch;
      reading = readAhead.read(origin, batch.messages.slice(0, size), running);
    }
    const release = await lanes.acquire();
    try {
      await reading;
      // each chunk after the first is read ahead while the one before it commits (chunk-read-ahead.ts)
      for (let i = 0; i < batch.messages.length; i += size, size = Math.min(maxBatch, 2 * size)) {
        if (!isRunning() || isStale()) return;
        const chunk = batch.messages.slice(i, i + size);
        const started = Date.now();
        const next = batch.messages.slice(i + size, i + size + Math.min(maxBatch, 2 * size));
        reading = next.length > 0 ? readAhead.read(origin, next, running) : undefined;
        const done = await consumeSpan(topic, partition, () => applyChunk({ ...origin, highWatermark, heartbeat, isRunning, pause }, chunk), chunk.length);
        await reading;
        if (!done) return; // stopping, or the partition paused
        readAhead.noteApplied(topic, partition, done.applied, chunk.length);
        const last = chunk[chunk.length - 1]!.offset;
        resolveOffset(last);
        lags.set(tp, { topic, partition, lag: Math.max(0, highWatermark - (Number(last) + 1)) });
        // PostgreSQL has it: now tell Kafka, without waiting for the broker (offset-commit-lane.ts)
        commits.note({ topic, partition, offset: String(Number(last) + 1) });
        const event: IngestBatchEvent = { ...done, source: source.id, topic, partition, records: chunk.length, seconds: (Date.now() - started) / 1000, lag: [...lags.values()] };
        totals.records += event.records;
        totals.applied += event.applied;
        totals.deadLetters += event.deadLetters;
        totals.chunks += 1;
        // the chunk may hold several streams of the source: metrics count it under stream `*`
        recordBatch(hub, { source: source.id, stream: '*', result: event, seconds: event.seconds });
        hubMetrics(hub).setConsumerLag({ group, topic, partition, lag: lags.get(tp)!.lag });
        try {
          options.onBatch?.(event);
        } catch (err) {
          log.warn({ code: errorCode(err) }, 'onBatch hook threw');
        }
        await heartbeat().catch(() => {});
      }
    } finally {
      // the next batch may commit while this one's offsets go to the broker
      release();
      await reading;
      // the batch's offsets reach the broker before kafkajs takes the batch back
      await commits.flush();
    }
  }

  return {
    async start() {
      admin = kafka.admin();
      producer = kafka.producer({ allowAutoTopicCreation: true });
      consumer = kafka.consumer({
        groupId: group,
        sessionTimeout,
        heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)),
        maxWaitTimeInMs: 500,
        maxBytesPerPartition: fetchBytes,
        maxBytes: 4 * fetchBytes,
      });
      try {
        await admin.connect();
      } catch (err) {
        throw kafkaConnectError(err, brokers, 'connecting the ingest worker');
      }
      const topics = [...byTopic.keys()];
      const maxMessageBytes = hub.config.kafka.maxMessageBytes;
      await ensureTopics(admin, topics, hub.config.kafka.partitions, { maxMessageBytes });
      await ensureTopics(admin, sources.map((s) => dlqTopic(s.id, prefix)), hub.config.kafka.partitions, { maxMessageBytes });
      // an existing DLQ topic keeps its own limit: copies are sized by what it takes
      for (const s of sources) dlqMaxBytes.set(s.id, Math.min(maxMessageBytes, await topicMaxMessageBytes(admin, dlqTopic(s.id, prefix), maxMessageBytes)));
      await producer.connect();
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        positions.clear();
        lags.clear();
        log.info({ assignment: e.payload.memberAssignment, memberId: e.payload.memberId }, 'joined the group');
        void rememberMember(hub.db, { group, instance, memberId: e.payload.memberId, log });
        void positions.seekToStored(e.payload.memberAssignment);
      });
      consumer.on(consumer.events.CRASH, (e) => {
        const err = e.payload.error;
        log.error({ code: errorCode(err), restart: e.payload.restart }, 'consumer crashed');
        if (!e.payload.restart && !stopping) settle.reject(new HuijuError('KAFKA_UNAVAILABLE', `the ingest consumer stopped: ${err.message}`, {}, { cause: err }));
      });
      // this instance's previous run, if it died without leaving, still holds partitions: remove it
      await evictPredecessor(kafka, hub.db, { group, instance, log });
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        // one batch more than lanes: it reads its first chunk ahead while it waits for one
        partitionsConsumedConcurrently: lanes.size + 1,
        eachBatch,
      });
      settleTimer = setInterval(() => void settleTick(), options.settleEveryMs ?? DEFAULTS.settleEveryMs);
      settleTimer.unref();
      log.info({ topics, group, instance, sessionTimeout }, 'ingesting');
    },
    stop() {
      stopPromise ??= (async () => {
        stopping = true;
        if (settleTimer) clearInterval(settleTimer);
        for (const t of resumeTimers) clearTimeout(t);
        resumeTimers.clear();
        await settling;
        // disconnect stops the consumer (waiting for the batch in flight) and sends LeaveGroup, so
        // its partitions move to the other workers at once
        await consumer?.disconnect().catch((err) => log.warn({ code: errorCode(err) }, 'consumer disconnect failed'));
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
