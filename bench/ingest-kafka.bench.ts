/**
 * Distributed-ingestion benchmark (`npm run bench -- ingest-kafka [--records 50000] [--partitions 6] [--concurrency 1] [--max-batch 2000] [--warm on|off]`).
 *
 * In one run, on one PostgreSQL (DATABASE_URL, default the local server) and one broker
 * (KAFKA_BROKERS, default 127.0.0.1:19092):
 * 1. publishes N synthetic people (person + household + residency each) to a fresh
 *    `huiju.raw.<source>` topic through the real publisher;
 * 2. one `huiju ingest` worker applies the topic into an empty store: records/s from topic to
 *    canonical rows (the apply window, from the first fetched batch to the last commit; the
 *    group join before it is shown apart);
 * 3. baseline: COPY of the same rows the worker wrote (canonical rows and their lineage) into a
 *    second empty store with the same schema and indexes → ratio COPY time / ingest time (target ≥ 0.45: issue #16),
 *    and the CPU both sides used (this process and the PostgreSQL backends serving it, read from
 *    /proc, so only when the server runs on this host; the broker's is not counted), steadier than
 *    wall time on a shared machine; and a second baseline that COPYs the change events the worker
 *    wrote too (the outbox rows, one per canonical row inserted or changed), with its ratio; and
 *    where the apply's time goes: how long a statement of the store was in flight within the apply
 *    window (bench/support/statement-time.ts), the kinds that took most, and the rest (the worker
 *    alone: fetching, decoding, matching, building statements);
 * 4. replay: the group's offsets are reset and the whole topic applied again — nothing changes,
 *    the version guard skips every record → ratio replay records/s / first apply (target ≥ 1.5);
 * 5. (`--warm on`, the default) a warm worker: this process, its code compiled by now, applies
 *    another topic of N other people into another empty store, with its own COPY baseline.
 * Every timed phase (an apply, a COPY baseline) starts right after a CHECKPOINT (bench-db.ts), so
 * that a checkpoint the server requests falls into none of them by chance. Nothing asserts.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config';
import { openHub } from '../src/hub';
import { createKafka, parseBrokers } from '../src/kafka/client';
import { resetConsumedOffsets } from '../src/kafka/consumed-offset.repository';
import { createIngestWorker } from '../src/kafka/ingest-worker';
import { dlqTopic, rawTopic } from '../src/kafka/raw-topic';
import { createLogger } from '../src/logger';
import { publishSource, waitCaughtUp } from '../test/support/kafka-ingest';
import { syntheticSource } from '../test/support/synthetic-people';
import type { Hub } from '../src/hub';
import { describeHubAlone, describeStatements, type StatementSummary, StatementTime } from './support/statement-time';
import { backendCpu, checkpoint, type CopyBaseline, copyBaseline, describeCopyTables, cpuBetween, createDatabase, dropDatabase, option } from './support/bench-db';

const RECORDS = Number(option('records', '50000'));
const PARTITIONS = Number(option('partitions', '6'));
const CONCURRENCY = Number(option('concurrency', '1'));
/** Most messages per transaction (`--max-batch`); default: the worker's (2,000). */
const MAX_BATCH = option('max-batch', '') === '' ? undefined : Number(option('max-batch', ''));
/**
 * `--warm on` (default) also measures a warm worker: after the first apply and the replay, the same
 * process applies another topic (other people) into another empty store, as a `huiju ingest`
 * worker that has run a while does — V8 has compiled its code by then, which a fresh process
 * spends seconds of CPU on. `off` leaves it out.
 */
const WARM = option('warm', 'on') !== 'off';
const BROKERS = parseBrokers(process.env.KAFKA_BROKERS || '127.0.0.1:19092');
const suffix = randomBytes(4).toString('hex');
/** The store the worker writes. */
const DB_INGEST = `huiju_bench_kafka_${suffix}`;
/** Tables the worker writes, in an order that satisfies their foreign keys. */
const TABLES = ['household', 'person', 'residency', 'source_record', 'match', 'dead_letter'];
/** The store's statements, timed as the worker sends them (statement-time.ts). */
const timing = new StatementTime();

/** Runs one worker until caught up; returns the apply window (first batch fetched → last commit) and the wall time. */
async function ingest(hub: Hub, source: ReturnType<typeof syntheticSource>, group: string, database = DB_INGEST): Promise<{ applySeconds: number; wallSeconds: number; records: number; applied: number; nodeCpu: number; serverCpu: number | null; store: StatementSummary }> {
  // CPU from the worker's start to caught up: this process (the worker, kafkajs) and the PostgreSQL
  // backends serving the store — steadier than wall time on a shared machine
  await checkpoint(hub.db);
  const backendsBefore = await backendCpu(hub.db, database);
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  let firstStart: number | null = null;
  let lastEnd = 0;
  let records = 0;
  let applied = 0;
  const worker = createIngestWorker(hub, {
    sources: [source],
    brokers: BROKERS,
    groupId: group,
    partitionsConsumedConcurrently: CONCURRENCY,
    ...(MAX_BATCH === undefined ? {} : { maxBatchRecords: MAX_BATCH }),
    onBatch: (e) => {
      const end = performance.now();
      firstStart = Math.min(firstStart ?? Infinity, end - e.seconds * 1000);
      lastEnd = end;
      records += e.records;
      applied += e.applied;
    },
  });
  await worker.start();
  await waitCaughtUp(hub.db, BROKERS, source.id, group, 600_000);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const serverCpu = cpuBetween(backendsBefore, await backendCpu(hub.db, database));
  await worker.stop();
  const from = firstStart ?? lastEnd;
  return { applySeconds: (lastEnd - from) / 1000, wallSeconds, records, applied, nodeCpu: (cpu.user + cpu.system) / 1e6, serverCpu, store: timing.summary(from, lastEnd) };
}

const dbCopy = `huiju_bench_kcopy_${suffix}`;
const dbCopyEvents = `huiju_bench_kcopye_${suffix}`;
const dbWarm = `huiju_bench_kwarm_${suffix}`;
const dbWarmCopy = `huiju_bench_kwcopy_${suffix}`;
const sourceId = `bench-${suffix}`;
const warmSourceId = `bench-${suffix}-warm`;
const work = mkdtempSync(join(tmpdir(), 'huiju-bench-kafka-'));
chmodSync(work, 0o777); // the database server (another OS user) writes and reads the exported rows here

try {
  const ingestUrl = await createDatabase(DB_INGEST);
  const copyUrl = await createDatabase(dbCopy);
  // configured as a worker is (`huiju ingest` needs KAFKA_BROKERS): it writes change events
  const openWorkerHub = (url: string) =>
    openHub(loadConfig({ env: {}, overrides: { database: { url }, kafka: { brokers: BROKERS }, pii: { key: randomBytes(32).toString('hex') }, logLevel: 'silent' } }), {
      logger: createLogger({ level: 'silent' }),
      onQuery: timing.onQuery,
    });
  const hub = await openWorkerHub(ingestUrl);
  const source = syntheticSource(sourceId, { count: RECORDS, checkpointEvery: 10_000 });

  const publishStarted = process.hrtime.bigint();
  await publishSource(hub, source, BROKERS, PARTITIONS);
  const publishSeconds = Number(process.hrtime.bigint() - publishStarted) / 1e9;

  const group = `huiju-bench-${suffix}`;
  const first = await ingest(hub, source, group);

  const { rows: outbox } = await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(hub.db);
  // the same rows, exported from the ingested store, COPYed into an empty one with the same schema
  const baseline = await copyBaseline(hub.db, copyUrl, TABLES, work);
  const { seconds: copySeconds, rows, serverCpu: copyCpu } = baseline;
  // the worker also wrote a change event per row it inserted or changed (the outbox, in the same
  // transactions): the baseline above leaves them out; this one COPYs them too, into another empty store
  const withEvents = await copyBaseline(hub.db, await createDatabase(dbCopyEvents), [...TABLES, 'outbox'], work);

  await resetConsumedOffsets(hub.db, group, [rawTopic(sourceId)]);
  const replay = await ingest(hub, source, group);
  await hub.close();

  // a worker that has run a while: other people (another seed) on another topic, into another
  // empty store, applied by this process after the first apply and the replay
  let warm: { apply: Awaited<ReturnType<typeof ingest>>; copy: CopyBaseline } | null = null;
  if (WARM) {
    const warmHub = await openWorkerHub(await createDatabase(dbWarm));
    try {
      const warmSource = syntheticSource(warmSourceId, { count: RECORDS, checkpointEvery: 10_000, seed: 2 });
      await publishSource(warmHub, warmSource, BROKERS, PARTITIONS);
      const apply = await ingest(warmHub, warmSource, `${group}-warm`, dbWarm);
      warm = { apply, copy: await copyBaseline(warmHub.db, await createDatabase(dbWarmCopy), TABLES, work) };
    } finally {
      await warmHub.close();
    }
  }

  const rate = (n: number, s: number) => Math.round(n / Math.max(s, 1e-9));
  const table = [
    ['measure', 'value'],
    ['records / partitions / concurrency', `${RECORDS} / ${PARTITIONS} / ${CONCURRENCY}`],
    ['change events written by the first apply (outbox)', String(outbox[0]!.n)],
    ['publish to huiju.raw.<source> (acks all)', `${publishSeconds.toFixed(2)} s  (${rate(RECORDS, publishSeconds)} records/s)`],
    ['first apply: topic → canonical rows', `${first.applySeconds.toFixed(2)} s  (${rate(first.records, first.applySeconds)} records/s, ${first.applied} applied)`],
    ['  wall time incl. group join', `${first.wallSeconds.toFixed(2)} s`],
    ['COPY of the same written rows', `${copySeconds.toFixed(2)} s  (${rows} rows in ${TABLES.length} tables)`],
    ['ratio COPY time / ingest time (target ≥ 0.45, issue #16)', (copySeconds / first.applySeconds).toFixed(2)],
    ['  COPY per table', describeCopyTables(baseline)],
    ['COPY of the same rows and the change events', `${withEvents.seconds.toFixed(2)} s  (${withEvents.rows} rows in ${TABLES.length + 1} tables; outbox ${withEvents.perTable.at(-1)!.seconds.toFixed(2)} s)`],
    ['ratio of that COPY time / ingest time', (withEvents.seconds / first.applySeconds).toFixed(2)],
    [
      '  CPU: first apply (process + backends) / COPY',
      first.serverCpu === null || copyCpu === null
        ? `${first.nodeCpu.toFixed(2)} s + n/a`
        : `${first.nodeCpu.toFixed(2)} s + ${first.serverCpu.toFixed(2)} s / ${copyCpu.toFixed(2)} s  (ratio ${(copyCpu / (first.nodeCpu + first.serverCpu)).toFixed(2)})`,
    ],
    ["  where the first apply's time goes", `${describeStatements(first.store)}; ${describeHubAlone(first.store, first.applySeconds)}`],
    ['replay of the applied topic (offsets reset)', `${replay.applySeconds.toFixed(2)} s  (${rate(replay.records, replay.applySeconds)} records/s, ${replay.applied} applied)`],
    ['ratio replay rate / first-apply rate (target ≥ 1.5)', (first.applySeconds / replay.applySeconds).toFixed(2)],
    ["  where the replay's time goes", `${describeStatements(replay.store)}; ${describeHubAlone(replay.store, replay.applySeconds)}`],
    ...(warm === null
      ? []
      : [
          ['apply by a warm worker (--warm): other people, another topic and store', `${warm.apply.applySeconds.toFixed(2)} s  (${rate(warm.apply.records, warm.apply.applySeconds)} records/s, ${warm.apply.applied} applied); COPY of its rows ${warm.copy.seconds.toFixed(2)} s`],
          ['ratio COPY time / warm apply time (target ≥ 0.45)', (warm.copy.seconds / warm.apply.applySeconds).toFixed(2)],
          [
            '  CPU: warm apply (process + backends) / COPY',
            `${warm.apply.nodeCpu.toFixed(2)} s + ${warm.apply.serverCpu === null ? 'n/a' : `${warm.apply.serverCpu.toFixed(2)} s`} / ${warm.copy.serverCpu === null ? 'n/a' : `${warm.copy.serverCpu.toFixed(2)} s`}`,
          ],
          ["  where the warm apply's time goes", `${describeStatements(warm.apply.store)}; ${describeHubAlone(warm.apply.store, warm.apply.applySeconds)}`],
        ]),
    ['load average at the end', loadavg().map((l) => l.toFixed(2)).join(' ')],
  ];
  const width = Math.max(...table.map((r) => r[0]!.length));
  console.log(`\ningest-kafka benchmark (PostgreSQL + Kafka, one run)\n${table.map((r) => `${r[0]!.padEnd(width)}  ${r[1]}`).join('\n')}\n`);
} finally {
  const admin = createKafka({ brokers: BROKERS }).admin();
  await admin.connect().catch(() => {});
  await admin.deleteTopics({ topics: [rawTopic(sourceId), dlqTopic(sourceId), rawTopic(warmSourceId), dlqTopic(warmSourceId)] }).catch(() => {});
  await admin.disconnect().catch(() => {});
  await dropDatabase(DB_INGEST).catch(() => {});
  await dropDatabase(dbCopy).catch(() => {});
  await dropDatabase(dbCopyEvents).catch(() => {});
  await dropDatabase(dbWarm).catch(() => {});
  await dropDatabase(dbWarmCopy).catch(() => {});
  // the COPY files
  rmSync(work, { recursive: true, force: true });
}
