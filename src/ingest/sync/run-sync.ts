import { analyzeChangedTables } from '../../db/analyze-changed';
import { sql } from 'kysely';
import { isTransientDbError } from '../../db/transient-error';
import { maskFreeText, maskJsonDeep } from '../../domain/masking';
import { isHuijuError } from '../../errors';
import { caseRulesOf } from '../../flow/case-rules';
import type { Hub } from '../../hub';
import { recordBatch } from '../../metrics/hub-metrics';
import type { ConnectorContext, ConnectorLogger, StreamDefinition } from '../../sdk/connector';
import { isConnectorError } from '../../sdk/connector-error';
import { assertSourcePaths } from '../../sdk/source-path';
import type { BatchResult } from '../ingest-batch';
import { addCounts, addSkipped, emptyCounts, type IngestCounts, type SkippedCounts } from '../ingest-counts';
import { countParked } from '../park/parked-records.repository';
import { ownDeadLetters } from '../park/own-dead-letters';
import { settleParked } from '../park/settle-parked';
import { finishSyncRun, startSyncRun } from '../sync-run.repository';
import { getCursor } from './cursor.repository';
import { PipelinedCommitter } from './pipelined-committer';
import { type Handoff, ReadAheadLane } from './read-ahead-lane';
import type { ResolvedSource } from './resolve-source';
import { withSyncLock } from './source-lock';
import type { StreamBatchTarget } from './stream-batch-commit';
import { DEFAULT_STREAM_RETRY, runWithRetries, type StreamRetry } from './stream-retry';
import { toIngestRecord } from './to-ingest-record';

/**
 * While a commit is in flight, reading yields to the event loop after this long, so the commit's
 * database replies wait at most about this long for the reader (the commit is the critical path).
 */
const YIELD_AFTER_MS = 0.25;

/**
 * Counts of one stream's run: the {@link IngestCounts} of the records it read — `deadLetters` of
 * those records only (read = applied + unchanged + stale + deadLetters + parked), `unparked`
 * parked records (of any source) its batches applied.
 */
export interface StreamSyncReport extends IngestCounts {
  stream: string;
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  read: number;
  /** The dead letters by reason code. */
  reasons: Record<string, number>;
  /** Records the connector left out on purpose (`skipped` messages), by reason code: not read, in no other count. */
  skipped: SkippedCounts;
  /** Parked records (of any source) this stream's batches tried and dead-lettered for another reason (not in `deadLetters`). */
  unparkedDeadLetters?: number;
  /** Records of this stream still waiting when the sync run ended (set by `syncSource`). */
  waiting?: number;
  matches: number;
  residenciesEnded: number;
  checkpoints: number;
  /** Distributed mode: messages the broker acknowledged on `huiju.raw.<source>` (nothing is applied in-process). */
  published?: number;
  seconds: number;
  /** Runs of the stream in this sync run: more than 1 when it failed transiently and was run again (stream-retry.ts). */
  attempts?: number;
  error?: { code: string; kind?: string; message: string };
}

export interface SyncOptions {
  /** Streams to run; default all of the connector's. */
  streams?: readonly string[];
  /** Records per transaction between checkpoints. Default 1,000. */
  batchSize?: number;
  /** Cancels the sync: reading stops, what was read is committed, the run is CANCELLED. */
  signal?: AbortSignal;
  /** Called after each committed batch with the stream's counts so far, and the source it belongs to. */
  onProgress?: (report: StreamSyncReport, source: ResolvedSource) => void;
  /**
   * Distributed mode: runs each stream through this instead of the in-process write path —
   * `src/kafka/publish-raw.ts` publishes the records to `huiju.raw.<source>` for `huiju ingest`
   * workers. Default: apply in-process.
   */
  runStream?: StreamRunner;
  /**
   * How a stream that fails for a transient reason is run again before its run fails
   * (`stream-retry.ts`). Default {@link DEFAULT_STREAM_RETRY}: 3 runs in all.
   */
  retry?: StreamRetry;
  /**
   * Analyze the tables the sync changed enough when it ends (src/db/analyze-changed.ts). Default
   * `true`; {@link syncSources} turns it off per source and analyzes once after the last one — a
   * table grown by every source would otherwise be sampled once per source.
   */
  analyzeAfter?: boolean;
}

/** Runs one stream of a source (while its sync lock is held) and reports its counts. */
export type StreamRunner = (hub: Hub, source: ResolvedSource, stream: StreamDefinition, options: SyncOptions) => Promise<StreamSyncReport>;

/**
 * Runs a source's streams through the write path. Per stream: the hub-stored cursor is handed to
 * `read()`; records are mapped (a `RecordError` becomes a dead letter) and committed in batches;
 * each checkpoint's cursor commits in the same transaction as the records read before it, with
 * the sync run's counters — so a sync killed at any point resumes from the last checkpoint and a
 * re-run changes nothing. A stream that fails for a transient reason is run again from its last
 * checkpoint after a back-off (`options.retry`, default 3 runs); a failing stream fails its own
 * run; the other streams go on. In-process, the streams run in a {@link ReadAheadLane}; `handoff`
 * makes the source itself a run of one (`syncSources`).
 */
export async function syncSource(hub: Hub, source: ResolvedSource, options: SyncOptions = {}, handoff?: Handoff): Promise<StreamSyncReport[]> {
  const streams = options.streams
    ? options.streams.map((name) => {
        const s = source.connector.streams.find((x) => x.name === name);
        if (!s) throw Object.assign(new Error(`source ${source.id} has no stream "${name}" (streams: ${source.connector.streams.map((x) => x.name).join(', ')})`), { code: 'BAD_USER_INPUT' });
        return s;
      })
    : source.connector.streams;
  const ran: (StreamSyncReport | undefined)[] = [];
  // in-process, a stream starts reading while the one before commits its last batch; it commits
  // only once that one has ended (streams commit in order: a later one refers to an earlier one's rows)
  const overlap = !options.runStream;
  const runStream = options.runStream ?? syncStream;
  const lane = new ReadAheadLane(handoff?.after);
  for (const [i, stream] of streams.entries()) {
    if (options.signal?.aborted) break;
    // the next stream starts once this one has read everything (or ended); none after one that threw
    const started = await lane.start(async (streamHandoff) => {
      const once = () => withSyncLock(hub, source.id, stream.name, () => (overlap ? syncStream(hub, source, stream, options, streamHandoff) : runStream(hub, source, stream, options)));
      try {
        ran[i] = await runWithRetries(once, options.retry, options.signal, (failed, attempt, waitMs) =>
          hub.logger.warn({ source: source.id, stream: stream.name, attempt, code: failed.error?.code, waitMs }, 'stream failed for a transient reason; running it again from its last checkpoint'),
        );
      } catch (err) {
        if (!isHuijuError(err, 'SYNC_IN_PROGRESS')) throw err;
        hub.logger.warn({ source: source.id, stream: stream.name }, 'skipped: another process is syncing this stream');
        ran[i] = { ...emptyReport(stream.name), status: 'FAILED', error: { code: err.code, kind: 'transient', message: err.message } };
      }
    });
    if (!started) break;
  }
  // the next source (syncSources) may start reading
  handoff?.readDone();
  // a stream that failed beyond its report fails the sync, once every stream started has ended
  await lane.end();
  const reports = ran.filter((r): r is StreamSyncReport => r !== undefined);
  // in-process runs: apply what waits for rows another source committed meanwhile, expire what
  // waited longer than ingest.parkedFor, and say how many of this source's records still wait
  // (published runs leave that to the `huiju ingest` workers)
  if (!options.runStream) {
    await settleAfterRun(hub, source, reports);
    if (options.analyzeAfter !== false) await analyzeChangedTables(hub.db, hub.logger);
  }
  return reports;
}

/** The end of a sync run for the parking lot (src/ingest/park/): settle it and count what waits per stream. */
async function settleAfterRun(hub: Hub, source: ResolvedSource, reports: StreamSyncReport[]): Promise<void> {
  try {
    const settled = await settleParked(hub);
    const waiting = new Map<string, number>();
    for (const c of await countParked(hub.db, { source: source.id })) waiting.set(c.stream, (waiting.get(c.stream) ?? 0) + c.count);
    for (const r of reports) r.waiting = waiting.get(r.stream) ?? 0;
    const total = [...waiting.values()].reduce((a, b) => a + b, 0);
    if (settled.unparked > 0 || settled.expired > 0 || total > 0) {
      hub.logger.info({ source: source.id, waiting: total, unparked: settled.unparked, expired: settled.expired, parkedFor: hub.config.ingest.parkedFor }, 'parked records: waiting for the rows they refer to');
    }
  } catch (err) {
    hub.logger.warn({ source: source.id, code: (err as { code?: string }).code }, 'settling the parked records failed; the next run or `huiju parked expire` settles them');
  }
}

/**
 * Syncs several sources, at most `concurrency` at a time (default 2), each with
 * {@link syncSource}. Sources are independent writers; rows they share (areas, organisations) are
 * locked in the database, and a batch the server aborts over a lock conflict is run again.
 * Reports come back per source id, in the order given. Planner statistics are refreshed once,
 * after the last source (in-process runs; see {@link SyncOptions.analyzeAfter}).
 */
export async function syncSources(
  hub: Hub,
  sources: readonly ResolvedSource[],
  options: SyncOptions & { concurrency?: number } = {},
): Promise<Map<string, StreamSyncReport[]>> {
  const results = new Map<string, StreamSyncReport[]>(sources.map((s) => [s.id, []]));
  const queue = [...sources];
  // like a source's streams, a worker's next source starts reading while the one before ends, and
  // commits once it has ended
  const worker = async () => {
    const lane = new ReadAheadLane();
    for (let s = queue.shift(); s; s = queue.shift()) {
      const source = s;
      const started = await lane.start(async (handoff) => {
        results.set(source.id, await syncSource(hub, source, { ...options, analyzeAfter: false }, handoff));
      });
      if (!started) break;
    }
    await lane.end();
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 2, sources.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (!options.runStream && options.analyzeAfter !== false) await analyzeChangedTables(hub.db, hub.logger);
  return results;
}

/**
 * Sets a stream's end status from the error that stopped it: CANCELLED when it was cancelled
 * (and the error is not one of ours), else FAILED with the error's code (`codeOf` names codes for
 * other libraries' errors, default INTERNAL) and its connector failure kind (`transient` too for a
 * database that went away, see `isTransientDbError`). Returns whether it FAILED.
 */
export function endWithError(report: StreamSyncReport, err: unknown, cancelled: boolean, codeOf: (err: unknown) => string | undefined = () => undefined): boolean {
  if (cancelled && !isHuijuError(err)) {
    report.status = 'CANCELLED';
    return false;
  }
  report.status = 'FAILED';
  report.error = {
    code: isHuijuError(err) ? err.code : (codeOf(err) ?? 'INTERNAL'),
    // a lost database connection passes like a connector's transient failure: the stream is run again
    kind: isConnectorError(err) ? err.kind : isTransientDbError(err) ? 'transient' : 'system',
    message: (err as Error).message,
  };
  return true;
}

/** A report with every count at zero. */
export function emptyReport(stream: string): StreamSyncReport {
  return { stream, status: 'SUCCEEDED', read: 0, ...emptyCounts(), reasons: {}, skipped: {}, matches: 0, residenciesEnded: 0, checkpoints: 0, seconds: 0 };
}

/**
 * Runs one stream in-process: reads it from the hub-stored cursor and commits what it reads
 * through a {@link PipelinedCommitter} (batches commit while the next is read), each checkpoint's
 * cursor with the records read before it. Batches start small and double up to
 * `options.batchSize`, so the first commit starts early. On a failure or a cancel, what was read
 * since the last checkpoint still commits, without moving the cursor. The run is recorded in
 * `sync_run` from start to finish.
 */
async function syncStream(hub: Hub, source: ResolvedSource, stream: StreamDefinition, options: SyncOptions, handoff?: Handoff): Promise<StreamSyncReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1_000;
  let runBeforeEnded = handoff === undefined;
  void handoff?.after.then(() => {
    runBeforeEnded = true;
  });
  const report = emptyReport(stream.name);
  const runId = await startSyncRun(hub.db, { sourceId: source.id, stream: stream.name, mode: stream.cursorField ? 'incremental' : 'full' });
  const log = hub.logger.child({ source: source.id, stream: stream.name, syncRun: runId });
  const abort = new AbortController();
  const onAbort = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const ctx: ConnectorContext<unknown> = {
    config: source.config,
    sourceId: source.id,
    signal: abort.signal,
    logger: connectorLogger(log),
    baseDir: source.baseDir,
    allowPathsOutside: source.allowPathsOutside ?? false,
  };

  const target: StreamBatchTarget = { hub, sourceId: source.id, stream: stream.name, runId, log, prepare: { vault: hub.vault, cases: caseRulesOf(hub.config) } };
  const committer = new PipelinedCommitter(
    target,
    (commits, seconds) => {
      for (const { result, ended } of commits) {
        report.residenciesEnded += ended;
        recordBatch(hub, { source: source.id, stream: stream.name, result, seconds: seconds / commits.length });
        add(report, result);
      }
      options.onProgress?.(report, source);
    },
    handoff?.after,
  );
  /** When each open snapshot scope began (database clock): its end ends residencies not seen since. */
  const snapshots = new Map<string, Promise<Date>>();

  try {
    // a missing folder or file fails the run naming its config key (a scheduled sync runs no check first)
    assertSourcePaths(ctx, source.connector.config, source.config as Record<string, unknown>);
    const cursor = await getCursor(hub.db, source.id, stream.name);
    const readAt = new Date().toISOString();
    let sinceYield = performance.now();
    // the first batches are small and double up to batchSize, so the first commit starts early and
    // from then on each batch is read while the one before it, half its size, commits — unless the
    // run before this one (the stream or source before, in a lane) is still committing: the
    // database is busy then, and this stream's batches are full-sized from the first
    let limit = runBeforeEnded ? Math.max(1, Math.ceil(batchSize / 8)) : batchSize;
    for await (const message of stream.read(ctx, cursor)) {
      switch (message.type) {
        case 'record':
          committer.push(toIngestRecord(source, stream, message.data, message.position, readAt));
          break;
        case 'failed':
          committer.push({
            kind: 'failed',
            source: source.id,
            stream: stream.name,
            externalId: '',
            position: message.position,
            stage: 'PARSE',
            reason: message.reason,
            message: message.message,
            payload: message.raw,
            personalFields: stream.personalFields,
          });
          break;
        case 'checkpoint':
          report.checkpoints += 1;
          await committer.commit(message.cursor);
          break;
        case 'snapshot-begin': {
          if (committer.length > 0) await committer.commit(undefined);
          // the database clock (`last_seen` is written with it) once every batch read before has
          // committed, and before any read after begins; reading goes on meanwhile
          const since = committer.after(async () => {
            const { rows } = await sql<{ now: Date }>`select now() as now`.execute(hub.db);
            return new Date(rows[0]!.now);
          });
          snapshots.set(message.scope, since);
          break;
        }
        case 'snapshot-end':
          await committer.commit(undefined, { scope: message.scope, asOf: message.asOf, since: snapshots.get(message.scope) });
          snapshots.delete(message.scope);
          break;
        case 'skipped':
          addSkipped(report.skipped, message.reason, message.count ?? 1);
          break;
      }
      if (committer.length >= limit) {
        await committer.commit(undefined);
        limit = Math.min(batchSize, limit * 2);
      }
      if (abort.signal.aborted) break;
      // a connector that yields without real I/O would starve the commit's database replies
      if (committer.committing && performance.now() - sinceYield >= YIELD_AFTER_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sinceYield = performance.now();
      }
    }
    if (committer.length > 0) await committer.commit(undefined);
    handoff?.readDone();
    await committer.settle();
    report.status = abort.signal.aborted ? 'CANCELLED' : 'SUCCEEDED';
  } catch (err) {
    if (endWithError(report, err, abort.signal.aborted)) {
      log.error({ code: report.error!.code, kind: report.error!.kind, internal: isConnectorError(err) ? err.internalMessage : undefined }, 'stream failed');
    }
    // a commit still running keeps its cursor; the records read since are still good: commit
    // them without moving the cursor
    await committer.settle().catch(() => {});
    if (committer.length > 0) {
      await committer.commit(undefined).catch(() => {});
      await committer.settle().catch(() => {});
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  report.seconds = (Date.now() - started) / 1000;
  await finishSyncRun(hub.db, runId, { status: report.status, error: report.error, skipped: report.skipped });
  log.info({ status: report.status, read: report.read, applied: report.applied, deadLetters: report.deadLetters, parked: report.parked, unparked: report.unparked, unparkedDeadLetters: report.unparkedDeadLetters, skipped: report.skipped, seconds: report.seconds }, 'stream synced');
  return report;
}

function add(report: StreamSyncReport, r: BatchResult): void {
  report.read += r.read;
  const own = ownDeadLetters(r);
  addCounts(report, { ...r, deadLetters: own.deadLetters });
  if (r.unparkedDeadLetters > 0) report.unparkedDeadLetters = (report.unparkedDeadLetters ?? 0) + r.unparkedDeadLetters;
  report.matches += r.matches;
  for (const [k, v] of Object.entries(own.reasons)) report.reasons[k] = (report.reasons[k] ?? 0) + v;
}

/**
 * The hub's logger narrowed to what a connector may use. A connector's log fields and message may
 * quote what it read (a cell, an error text): they are masked like a payload of no declared stream
 * (personal keys, ID-number and mobile patterns), so no log line carries them in clear.
 */
export function connectorLogger(log: Hub['logger']): ConnectorLogger {
  const masked = (fields: Record<string, unknown>) => maskJsonDeep(fields) as Record<string, unknown>;
  return {
    debug: (fields, message) => log.debug(masked(fields), maskFreeText(message)),
    info: (fields, message) => log.info(masked(fields), maskFreeText(message)),
    warn: (fields, message) => log.warn(masked(fields), maskFreeText(message)),
  };
}
