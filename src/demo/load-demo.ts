import { analyzeChangedTables } from '../db/analyze-changed';
import type { Hub } from '../hub';
import { hubIngestOptions, ingestBatch, type BatchResult } from '../ingest/ingest-batch';
import type { MappedRecord } from '../ingest/ingest-record';
import { ownDeadLetters } from '../ingest/park/own-dead-letters';
import { parkedTotal } from '../ingest/park/parked-records.repository';
import { finishSyncRun, startSyncRun } from '../ingest/sync-run.repository';
import { generateWorld } from './generate';
import { DEMO_SOURCE, worldToRecords } from './world-to-records';
import { addCounts, type IngestCounts } from '../ingest/ingest-counts';

/** Counts (`IngestCounts`) of the records read so far: read = applied + unchanged + stale + deadLetters + parked. */
export interface DemoProgress extends IngestCounts {
  read: number;
  total: number;
}

export interface DemoResult extends DemoProgress {
  profile: string;
  seed: string;
  matches: number;
  /** Dead letters of the records read, by reason code. */
  reasons: Record<string, number>;
  /**
   * Records of the source (`demo`) still parked when the load ended: they wait for a row no record
   * so far delivered (e.g. a person whose own record was dead-lettered), and are applied when it
   * lands or become `UNRESOLVED_REFERENCE` dead letters after `ingest.parkedFor`.
   */
  waiting: number;
  seconds: number;
}

export interface LoadDemoOptions {
  profile: 'tiny' | 'ci' | 'perf';
  /** Generator seed. Default `huiju`. */
  seed?: string;
  /** Records per transaction. Default 2,000. */
  batchSize?: number;
  onProgress?: (p: DemoProgress) => void;
}

/**
 * Generates the synthetic world and loads it **directly** through the one write path (source
 * `demo`), in committed batches, recording a sync run — no connector involved. Tests and
 * benchmarks use it for a quick, complete store; `huiju demo` and the first `npm start` load the
 * demo through the real connectors instead (`loadDemoViaConnectors`). Loading the same profile
 * and seed twice changes nothing.
 */
export async function loadDemo(hub: Hub, options: LoadDemoOptions): Promise<DemoResult> {
  const seed = options.seed ?? 'huiju';
  const records = worldToRecords(generateWorld({ profile: options.profile, seed }));
  const result = await loadDemoRecords(hub, records, { mode: `demo:${options.profile}`, batchSize: options.batchSize, onProgress: options.onProgress });
  hub.logger.info(
    { profile: options.profile, read: result.read, applied: result.applied, deadLetters: result.deadLetters, parked: result.parked, waiting: result.waiting, reasons: result.reasons, seconds: result.seconds },
    'demo data loaded',
  );
  return { profile: options.profile, seed, ...result };
}

/** Counts of {@link loadDemoRecords}. */
export type DemoRecordsResult = Omit<DemoResult, 'profile' | 'seed'>;

/**
 * Commits demo records (source `demo`) through the write path in batches of `batchSize`
 * (default 2,000), as one sync run of mode `mode`. Every record read is accounted for:
 * read = applied + unchanged + stale + deadLetters + parked (the run's `sync_run` row says the
 * same); `waiting` counts the source's records still parked at the end. Nothing waiting is expired
 * here: that is `ingest.parkedFor`'s (or `huiju parked expire`'s) business.
 */
export async function loadDemoRecords(
  hub: Hub,
  records: readonly MappedRecord[],
  options: { mode: string; batchSize?: number; onProgress?: (p: DemoRecordsResult) => void },
): Promise<DemoRecordsResult> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 2_000;
  const run = await startSyncRun(hub.db, { sourceId: DEMO_SOURCE, mode: options.mode });
  const total: DemoRecordsResult = { read: 0, total: records.length, applied: 0, unchanged: 0, stale: 0, deadLetters: 0, parked: 0, unparked: 0, waiting: 0, matches: 0, reasons: {}, seconds: 0 };
  const add = (r: BatchResult) => {
    const own = ownDeadLetters(r);
    total.read += r.read;
    addCounts(total, { ...r, deadLetters: own.deadLetters });
    total.matches += r.matches;
    for (const [k, v] of Object.entries(own.reasons)) total.reasons[k] = (total.reasons[k] ?? 0) + v;
  };
  try {
    for (let i = 0; i < records.length; i += batchSize) {
      add(await ingestBatch(hub.db, records.slice(i, i + batchSize), hubIngestOptions(hub)));
      options.onProgress?.(total);
    }
    total.waiting = await parkedTotal(hub.db, { source: DEMO_SOURCE });
    total.seconds = (Date.now() - started) / 1000;
    await finishSyncRun(hub.db, run, { status: 'SUCCEEDED', counts: total });
    await analyzeChangedTables(hub.db, hub.logger);
    return total;
  } catch (err) {
    await finishSyncRun(hub.db, run, { status: 'FAILED', counts: total, error: err as Error });
    throw err;
  }
}

/** True when the store holds no canonical data yet (no area at all). */
export async function isStoreEmpty(hub: Hub): Promise<boolean> {
  const row = await hub.db.selectFrom('admin_area').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
