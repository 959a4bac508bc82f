/**
 * Applying one chunk of a partition's batch, whatever goes wrong:
 *
 * - a transaction that fails transiently (PostgreSQL restarting, connections terminated, a
 *   deadlock, the DLQ send failing on a broker hiccup) is retried with back-off, heartbeating
 *   meanwhile; after {@link PAUSE_AFTER} transient failures in a row the partition is paused for the
 *   back-off and the chunk abandoned (kafkajs fetches the next round only when every batch of the
 *   last one returned: one stuck partition would hold back all the others), to resume from its
 *   last applied offset;
 * - `OFFSET_FENCED` (another worker applied part of it after a rebalance): the stored offset is
 *   read again and only what lies past it is applied;
 * - a chunk that fails {@link SPLIT_AFTER} times for another reason is a **poison split**: it is
 *   split in halves down to the one record the write path refuses (`applyIsolating`,
 *   src/ingest/isolate-refused.ts — the same mechanism as the in-process sync), logged at each
 *   split, and that record is dead-lettered (`INGEST_FAILED`, stage UPSERT). That dead letter is
 *   bounded too: after {@link SPLIT_AFTER} non-transient failures its payload is left out (a
 *   `$truncated` marker; the message stays on the raw topic), and after twice that the partition
 *   is paused for the longest back-off with `POISON_UNWRITABLE` — never an endless silent loop,
 *   never a skipped offset, never another partition held back.
 */
import type { KafkaMessage } from 'kafkajs';
import { isTransientDbError } from '../db/transient-error';
import { isHuijuError } from '../errors';
import type { Hub } from '../hub';
import { addCounts, emptyCounts, type IngestCounts } from '../ingest/ingest-counts';
import type { IngestRecord } from '../ingest/ingest-record';
import { applyIsolating, INGEST_FAILED, refusalCode, refusedRecord } from '../ingest/isolate-refused';
import type { ResolvedSource } from '../ingest/sync/resolve-source';
import type { Logger } from '../logger';
import { type Backoff, backoffMs, sleep } from '../retry/backoff';
import type { ChunkCommitter } from './chunk-committer';
import type { ChunkReadAhead } from './chunk-read-ahead';
import { decodeRawMessage } from './decode-raw';
import { errorCode } from './error-code';
import { isTransientKafkaError } from './kafka-error';
import type { PartitionPositions } from './partition-positions';
import { HEADER } from './raw-topic';

/** Non-transient failures of one chunk before it is split (and of one poison record before its payload is left out). */
export const SPLIT_AFTER = 3;
/** Transient failures of one chunk before its partition is paused for the back-off (others go on). */
export const PAUSE_AFTER = 3;

/** The batch a chunk belongs to, as kafkajs hands it to `eachBatch`. */
export interface ChunkBatch {
  source: ResolvedSource;
  topic: string;
  partition: number;
  highWatermark: number;
  heartbeat: () => Promise<void>;
  isRunning: () => boolean;
  /** Pauses the batch's partition; returns its resume. */
  pause: () => () => void;
}

/** What applying a chunk did (all its commits together). */
export interface AppliedChunk extends IngestCounts {
  /** Messages found already applied (PostgreSQL ahead of Kafka after a crash). */
  skipped: number;
  dlqCopiesRejected: number;
  markers: number;
  residenciesEnded: number;
  /** Transactions tried (1 = no retry). */
  attempts: number;
  /** Messages applied as read ahead: decoded and staged while the chunk before committed (chunk-read-ahead.ts). */
  readAhead: number;
}

/** Something failed and is being retried (for logs and metrics). */
export interface ChunkRetry {
  topic: string;
  partition: number;
  attempt: number;
  code: string;
  transient: boolean;
  waitMs: number;
}

export interface ChunkApplierDeps {
  hub: Hub;
  log: Logger;
  positions: PartitionPositions;
  commit: ChunkCommitter;
  backoff: Backoff;
  onRetry?: (event: ChunkRetry) => void;
  /** Messages decoded and staged ahead while the chunk before committed; the rest are decoded here. */
  readAhead: ChunkReadAhead;
  /** Pauses a partition for `ms` (resumed by a timer unless the worker stops). */
  pauseFor: (pause: () => () => void, ms: number) => void;
  isStopping: () => boolean;
}

/**
 * Applies one chunk (see the module comment); resolves what it did, or `null` when the worker is
 * stopping or the partition was paused, the chunk (or its rest) left unapplied.
 */
export type ChunkApplier = (batch: ChunkBatch, chunk: readonly KafkaMessage[]) => Promise<AppliedChunk | null>;

type FailedRecord = Extract<IngestRecord, { kind: 'failed' }>;

/** Thrown inside a chunk to abandon it: the worker is stopping or the partition was paused. Never split. */
class Abandoned extends Error {}

export function createChunkApplier(deps: ChunkApplierDeps): ChunkApplier {
  const { hub, log, positions, commit, backoff } = deps;
  const transientFailure = (err: unknown) => isTransientDbError(err) || isTransientKafkaError(err);
  const gone = (b: ChunkBatch) => deps.isStopping() || !b.isRunning();

  /** Commits `part` (messages below the stored offset skipped), retrying; throws the failure to split on, or {@link Abandoned}. */
  async function commitWithRetries(b: ChunkBatch, part: readonly KafkaMessage[]): Promise<AppliedChunk> {
    const { source, topic, partition } = b;
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      if (gone(b)) throw new Abandoned();
      const from = positions.get(topic, partition);
      const live = from === null ? part : part.filter((m) => Number(m.offset) >= from);
      if (live.length === 0) return { ...emptyApplied(), skipped: part.length, attempts: attempt - 1 };
      try {
        // decoded and staged while the chunk before committed, when it was read ahead (chunk-read-ahead.ts)
        const staged = deps.readAhead.takeStaged(live);
        const items = live.map((message) => ({ message, decoded: deps.readAhead.decode(b, message) }));
        const done = await commit({ source, topic, partition, items, staged, from, highWatermark: b.highWatermark });
        positions.set(topic, partition, Number(live[live.length - 1]!.offset) + 1);
        return { ...applied(done), skipped: part.length - live.length, attempts: attempt, readAhead: staged ? live.length : 0 };
      } catch (err) {
        if (isHuijuError(err, 'OFFSET_FENCED')) {
          // another worker applied part of it: go on from what PostgreSQL says
          await positions.reload(topic, partition, b.heartbeat);
          continue;
        }
        if (gone(b)) throw new Abandoned();
        const transient = transientFailure(err);
        if (!transient && ++failures >= SPLIT_AFTER) throw err;
        await backOff(b, { attempt, failures, err, transient, what: 'applying a chunk' });
      }
    }
  }

  /** Dead-letters the one record of a chunk the write path refuses (bounded, see the module comment). */
  async function deadLetterPoison(b: ChunkBatch, m: KafkaMessage, refusal: unknown): Promise<AppliedChunk> {
    const { source, topic, partition } = b;
    const letter = poisonLetter(b, m, refusalCode(refusal));
    const bare: FailedRecord = { ...letter, payload: { $truncated: true, bytes: m.value?.length ?? 0, head: '' }, message: `${letter.message}; its payload could not be stored either (see the raw topic at this offset)` };
    log.error({ topic, partition, offset: m.offset, code: refusalCode(refusal) }, 'the write path refuses this record: dead-lettering it (INGEST_FAILED), the rest of its chunk applies');
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      if (gone(b)) throw new Abandoned();
      const from = positions.get(topic, partition);
      if (from !== null && Number(m.offset) < from) return { ...emptyApplied(), skipped: 1, attempts: attempt - 1 };
      try {
        const done = await commit({ source, topic, partition, items: [{ message: m, decoded: { kind: 'record', record: failures < SPLIT_AFTER ? letter : bare } }], from, highWatermark: b.highWatermark });
        positions.set(topic, partition, Number(m.offset) + 1);
        return { ...applied(done), skipped: 0, attempts: attempt };
      } catch (err) {
        if (isHuijuError(err, 'OFFSET_FENCED')) {
          await positions.reload(topic, partition, b.heartbeat);
          continue;
        }
        if (gone(b)) throw new Abandoned();
        const transient = transientFailure(err);
        if (!transient && ++failures >= 2 * SPLIT_AFTER) {
          deps.onRetry?.({ topic, partition, attempt, code: errorCode(err), transient, waitMs: backoff.maxMs });
          log.error({ topic, partition, offset: m.offset, code: 'POISON_UNWRITABLE', cause: errorCode(err), waitMs: backoff.maxMs }, 'not even a dead letter of this record can be written: pausing its partition (the others go on)');
          deps.pauseFor(b.pause, backoff.maxMs);
          throw new Abandoned();
        }
        await backOff(b, { attempt, failures, err, transient, what: 'dead-lettering a poison record', offset: m.offset, payloadLeftOut: failures >= SPLIT_AFTER });
      }
    }
  }

  /** The wait after a failed attempt: sleeps and heartbeats, or pauses the partition and abandons after {@link PAUSE_AFTER} transient failures. */
  async function backOff(b: ChunkBatch, f: { attempt: number; failures: number; err: unknown; transient: boolean; what: string; offset?: string; payloadLeftOut?: boolean }): Promise<void> {
    const { topic, partition } = b;
    const waitMs = backoffMs(f.attempt - 1, backoff);
    const code = errorCode(f.err);
    deps.onRetry?.({ topic, partition, attempt: f.attempt, code, transient: f.transient, waitMs });
    if (f.transient && f.attempt - f.failures >= PAUSE_AFTER) {
      log.warn({ topic, partition, offset: f.offset, attempt: f.attempt, code, waitMs }, `${f.what} keeps failing transiently; pausing its partition so the others go on`);
      deps.pauseFor(b.pause, waitMs);
      throw new Abandoned();
    }
    log.warn({ topic, partition, offset: f.offset, attempt: f.attempt, code, transient: f.transient, payloadLeftOut: f.payloadLeftOut, waitMs }, `${f.what} failed; retrying`);
    await sleep(waitMs);
    await b.heartbeat().catch(() => {});
  }

  /**
   * The dead letter of a refused message: the record as decoded (sealed values opened, so it is
   * masked by its stream's declaration and replayable), or the message text when it decodes to no
   * mapped record.
   */
  function poisonLetter(b: ChunkBatch, m: KafkaMessage, code: string): FailedRecord {
    const decoded = decodeRawMessage(b.source, b.topic, b.partition, m, hub.vault);
    const refused = decoded.kind === 'record' ? refusedRecord(decoded.record, code) : null;
    if (refused?.kind === 'failed') return refused;
    return {
      kind: 'failed',
      source: b.source.id,
      stream: m.headers?.[HEADER.stream]?.toString() ?? '(unknown)',
      externalId: m.key?.toString() ?? '',
      position: { topic: b.topic, partition: b.partition, offset: Number(m.offset) },
      stage: 'UPSERT',
      reason: INGEST_FAILED,
      message: `the write path failed on this record (${code})`,
      payload: decoded.kind === 'record' ? decoded.record.payload : (m.value?.toString('utf8') ?? null),
      ...(decoded.kind === 'record' && decoded.record.personalFields ? { personalFields: decoded.record.personalFields } : {}),
    };
  }

  return async (b, chunk) => {
    try {
      const parts = await applyIsolating<KafkaMessage, AppliedChunk>(chunk, {
        apply: (part) => commitWithRetries(b, part),
        refuse: (m, err) => deadLetterPoison(b, m, err),
        splits: (err) => !(err instanceof Abandoned),
        onSplit: (size, err) => log.error({ topic: b.topic, partition: b.partition, size, code: errorCode(err) }, 'a chunk keeps failing: splitting it to dead-letter the record that cannot be written'),
      });
      return parts.reduce(addApplied, emptyApplied());
    } catch (err) {
      if (err instanceof Abandoned) return null;
      throw err;
    }
  };
}

function emptyApplied(): AppliedChunk {
  return { ...emptyCounts(), skipped: 0, dlqCopiesRejected: 0, markers: 0, residenciesEnded: 0, attempts: 0, readAhead: 0 };
}

function applied(done: Awaited<ReturnType<ChunkCommitter>>): AppliedChunk {
  return { ...addCounts(emptyCounts(), done.result), skipped: 0, dlqCopiesRejected: done.dlqCopiesRejected, markers: done.markers, residenciesEnded: done.residenciesEnded, attempts: 1, readAhead: 0 };
}

function addApplied(into: AppliedChunk, more: AppliedChunk): AppliedChunk {
  addCounts(into, more);
  into.skipped += more.skipped;
  into.dlqCopiesRejected += more.dlqCopiesRejected;
  into.markers += more.markers;
  into.residenciesEnded += more.residenciesEnded;
  into.attempts += more.attempts;
  into.readAhead += more.readAhead;
  return into;
}
