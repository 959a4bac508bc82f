/**
 * File-ingestion benchmark
 * (`npm run bench -- ingest-files [--profile ci|tiny|perf] [--outbox on|off] [--batch-size 2000] [--concurrency 2] [--warm on|off] [--runs 3] [--cpu-prof <dir>]`).
 *
 * In one run on one PostgreSQL (DATABASE_URL, default the local server):
 * 1. renders the demo world's street-office (S1) exports — 网格, 房屋, 人口, 权责清单 CSVs per street,
 *    one source per street;
 * 2. syncs them through the real `street-office` connector and the one write path into an empty
 *    store (validation, normalisation, keyed hashing and encryption, matching, lineage, dead
 *    letters, cursors) and measures records/s — twice, each in a fresh process (as a command
 *    runs) into its own empty store: one source at a time, and `--concurrency` sources at a time
 *    (`syncSources`, as `huiju connectors sync --all` and the scheduler of `huiju start` run them);
 *    and (`--warm on`, the default) one source at a time once more, in a process that synced the
 *    same streets (another world's exports of them) into another store just before, as a running
 *    hub's scheduler syncs — its code compiled by V8 already, which a fresh process spends seconds
 *    of CPU on;
 * 3. baseline: right after each sync, COPY of the same rows it wrote (canonical rows and their
 *    lineage, exported from its store) into another empty store with the same schema and indexes.
 * Each pair is measured `--runs` times (default 3); prints the ratio COPY time / sync time of each
 * run and the median run, for both (target ≥ 0.3). Every sync and COPY starts right after a
 * CHECKPOINT (bench-db.ts). Nothing asserts. The hub is configured as
 * an embedded one (no Kafka), so it writes no change events; `--outbox on` writes them as a hub
 * with Kafka does (the outbox is not part of the COPY baseline either way).
 *
 * On a shared machine wall times swing with everybody else's load, so it also prints the CPU
 * both sides used — this process (its main thread, where the JavaScript runs, and its other
 * threads: V8's compilers and garbage-collector helpers) plus the PostgreSQL backends serving it
 * (read from /proc, so only when the server runs on this Linux host) — and their ratio; and where
 * the sync's time goes: how long a statement of the store was in flight (sent, not yet answered;
 * bench/support/statement-time.ts), the kinds of statement that took most, and the rest, when the
 * hub worked alone (reading, mapping, matching, building statements).
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { streetOfficeConnector } from '../connectors/street-office/index';
import { projectRoot } from '../src/project-root';
import { loadConfig } from '../src/config';
import { generateWorld } from '../src/demo/generate';
import { renderStreetOffice } from '../src/demo/render/street-office.render';
import { openHub } from '../src/hub';
import { openStore } from '../src/db/open-store';
import { createLogger } from '../src/logger';
import { syncSources } from '../src/ingest/sync/run-sync';
import type { ResolvedSource } from '../src/ingest/sync/resolve-source';
import { describeHubAlone, describeStatements, type StatementSummary, StatementTime } from './support/statement-time';
import { ADMIN_URL, backendCpu, checkpoint, type CopyBaseline, copyBaseline, describeCopyTables, cpuBetween, createDatabase, dropDatabase, option, threadCpuSeconds } from './support/bench-db';

const PROFILE = option('profile', 'ci') as 'tiny' | 'ci' | 'perf';
/** `--outbox on` also writes change events, as a hub with Kafka does; default: the embedded hub's (off). */
const OUTBOX = option('outbox', 'off') === 'on';
/** Records per committed batch (`--batch-size`). */
const BATCH_SIZE = Number(option('batch-size', '2000'));
/** Sources synced at a time in the second sync (`--concurrency`). */
const CONCURRENCY = Number(option('concurrency', '2'));
/** Times each sync (and its COPY) is measured (`--runs`); the table gives the median run. */
const RUNS = Math.max(1, Number(option('runs', '3')));
/**
 * `--warm on` (default) also measures the one-at-a-time sync in a process that has synced the same
 * streets before (another world's exports of them, into another database), as a running hub's
 * scheduler syncs: V8 has compiled the hub's code by then, and no text the hub remembers (names,
 * addresses) is one the measured sync reads. `off` leaves that row out.
 */
const WARM = option('warm', 'on') !== 'off';
/** Tables the sync writes, in an order that satisfies their foreign keys. */
const TABLES = ['admin_area', 'grid', 'building', 'dwelling', 'household', 'person', 'residency', 'staff_role', 'duty_item', 'source_record', 'match', 'dead_letter'];

/** What one sync of all the streets measured. */
interface SyncRun {
  seconds: number;
  read: number;
  applied: number;
  deadLetters: number;
  events: number;
  nodeCpu: number;
  /** Of `nodeCpu`: the main thread's, and the other threads' (V8's compiler and GC helpers); null off Linux. */
  threads: { main: number; others: number } | null;
  serverCpu: number | null;
  /** The store's statements during the sync (statement-time.ts). */
  store: StatementSummary;
}

/** A sync and the COPY of the rows it wrote, measured one after the other. */
interface Pair {
  sync: SyncRun;
  copy: CopyBaseline;
  ratio: number;
}

/** What a child process needs to sync the rendered exports: the streets and their parent areas. */
interface SyncPlan {
  work: string;
  /** The same streets' exports of another world (another seed): what a warm-up syncs, so no text it remembers is one the measured sync reads. */
  warmUpWork: string;
  streets: { code: string; name: string }[];
  parents: { code: string; name: string }[];
}

/**
 * Child side (`--child <plan.json> --db <name> --concurrency <n> [--warm-up <db>]`): syncs every
 * street's source into the empty database, `concurrency` sources at a time, and prints what it
 * measured as JSON. Each sync runs in a fresh process, like a `huiju connectors sync` command:
 * neither inherits the other's compiled code or remembered texts. With `--warm-up`, the process
 * first syncs the same sources into that (empty) database, unmeasured, as a running hub
 * (`huiju start`, whose scheduler syncs its sources) has synced before: the measured sync then
 * runs on code V8 has already compiled.
 */
async function child(planFile: string, name: string, concurrency: number, warmUp: string): Promise<void> {
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as SyncPlan;
  const sourcesIn = (work: string): ResolvedSource[] =>
    plan.streets.map((street) => ({
      id: `s1-${street.code.slice(6, 9)}`,
      connector: streetOfficeConnector,
      config: streetOfficeConnector.config.parse({ path: join(work, street.code), streetCode: street.code, streetName: street.name, parentAreas: plan.parents, testData: true }),
      displayConfig: {},
      scheduleMs: null,
      baseDir: work,
    }));
  const sources = sourcesIn(plan.work);
  const configFor = (database: string) => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    return loadConfig({ env: {}, overrides: { database: { url: url.toString() }, pii: { key: randomBytes(32).toString('hex') }, logLevel: 'silent', outbox: { enabled: OUTBOX } } });
  };
  if (warmUp) {
    const earlier = await openHub(configFor(warmUp), { logger: createLogger({ level: 'silent' }) });
    try {
      await syncSources(earlier, sourcesIn(plan.warmUpWork), { batchSize: BATCH_SIZE, concurrency });
    } finally {
      await earlier.close();
    }
  }
  const config = configFor(name);
  const timing = new StatementTime();
  const hub = await openHub(config, { logger: createLogger({ level: 'silent' }), onQuery: timing.onQuery });
  try {
    await checkpoint(hub.db);
    const backendsBefore = await backendCpu(hub.db, name);
    const cpuBefore = process.cpuUsage();
    const threadsBefore = threadCpuSeconds();
    const started = performance.now();
    const results = await syncSources(hub, sources, { batchSize: BATCH_SIZE, concurrency });
    const ended = performance.now();
    const seconds = (ended - started) / 1000;
    const nodeCpu = process.cpuUsage(cpuBefore);
    const threadsAfter = threadCpuSeconds();
    const threads = threadsBefore && threadsAfter ? { main: threadsAfter.main - threadsBefore.main, others: threadsAfter.others - threadsBefore.others } : null;
    // a pooled connection closed during the run takes its CPU with it: a slight undercount
    const serverCpu = cpuBetween(backendsBefore, await backendCpu(hub.db, name));
    const run: SyncRun = { seconds, read: 0, applied: 0, deadLetters: 0, events: 0, nodeCpu: (nodeCpu.user + nodeCpu.system) / 1e6, threads, serverCpu, store: timing.summary(started, ended) };
    for (const [id, reports] of results) {
      for (const r of reports) {
        if (r.status !== 'SUCCEEDED') throw new Error(`${id}/${r.stream} ${r.status}: ${r.error?.message}`);
        run.read += r.read;
        run.applied += r.applied;
        run.deadLetters += r.deadLetters;
      }
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(hub.db);
    run.events = rows[0]!.n;
    process.stdout.write(`${JSON.stringify(run)}\n`);
  } finally {
    await hub.close();
  }
}

/** Runs {@link child} in a fresh process of this benchmark and returns what it measured. */
function syncInChild(planFile: string, name: string, concurrency: number, warmUp = ''): SyncRun {
  const args = [join(projectRoot(import.meta.url), 'bin', 'bench.mjs'), 'ingest-files', '--child', planFile, '--db', name, '--concurrency', String(concurrency)];
  if (warmUp) args.push('--warm-up', warmUp);
  for (const o of ['profile', 'outbox', 'batch-size']) if (process.argv.includes(`--${o}`)) args.push(`--${o}`, option(o, ''));
  // `--cpu-prof <dir>`: each sync process writes a V8 CPU profile there (open it in Chrome DevTools)
  const profileDir = option('cpu-prof', '');
  // the sync process runs with this one's Node flags (`npm run bench` gives the hub's young generation)
  const node = [...process.execArgv, ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])];
  const out = execFileSync(process.execPath, [...node, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as SyncRun;
}

if (process.argv.includes('--child')) {
  await child(option('child', ''), option('db', ''), Number(option('concurrency', '1')), option('warm-up', ''));
} else {
  const suffix = randomBytes(4).toString('hex');
  const dbSync = `huiju_bench_sync_${suffix}`;
  const dbCopy = `huiju_bench_copy_${suffix}`;
  const dbWarmUp = `huiju_bench_warm_${suffix}`;
  const work = mkdtempSync(join(tmpdir(), 'huiju-bench-files-'));
  // the database server (another OS user) writes and reads the exported rows here
  chmodSync(work, 0o777);
  try {
    const world = generateWorld({ profile: PROFILE });
    const areas = new Map(world.areas.map((a) => [a.code, a]));
    const streets = world.areas.filter((a) => a.level === 'street');
    let files = 0;
    for (const street of streets) {
      const dir = join(work, street.code);
      mkdirSync(dir, { recursive: true });
      for (const f of renderStreetOffice(world, street.code)) {
        writeFileSync(join(dir, f.name), f.content);
        files += 1;
      }
    }
    // the warm-up's exports: the same streets in a world of another seed (other people, homes, names)
    const warmUpWork = join(work, 'warm-up');
    if (WARM) {
      const other = generateWorld({ profile: PROFILE, seed: 'huiju-warm-up' });
      for (const street of streets) {
        const dir = join(warmUpWork, street.code);
        mkdirSync(dir, { recursive: true });
        for (const f of renderStreetOffice(other, street.code)) writeFileSync(join(dir, f.name), f.content);
      }
    }
    const planFile = join(work, 'plan.json');
    const plan: SyncPlan = {
      work,
      warmUpWork,
      streets: streets.map((s) => ({ code: s.code, name: s.name })),
      parents: ['420000000000', '420100000000', '420102000000'].map((code) => ({ code, name: areas.get(code)?.name ?? code })),
    };
    writeFileSync(planFile, JSON.stringify(plan));

    /**
     * One sync in a fresh process (`warm`: after an unmeasured sync of the same sources in that
     * process), then the COPY of the rows it wrote (adjacent in time, so a machine that slows down
     * or speeds up between runs moves both).
     */
    const measure = async (concurrency: number, warm = false): Promise<Pair> => {
      await dropDatabase(dbSync).catch(() => {});
      await dropDatabase(dbCopy).catch(() => {});
      const syncUrl = await createDatabase(dbSync);
      if (warm) await createDatabase(dbWarmUp);
      let sync: SyncRun;
      try {
        sync = syncInChild(planFile, dbSync, concurrency, warm ? dbWarmUp : '');
      } finally {
        if (warm) await dropDatabase(dbWarmUp).catch(() => {});
      }
      // the same rows, exported from the synced store, COPYed into an empty one with the same schema
      const copyUrl = await createDatabase(dbCopy);
      const synced = await openStore({ databaseUrl: syncUrl });
      const copy = await copyBaseline(synced.db, copyUrl, TABLES, work).finally(() => synced.close());
      return { sync, copy, ratio: copy.seconds / sync.seconds };
    };
    const serial: Pair[] = [];
    const parallel: Pair[] = [];
    const warm: Pair[] = [];
    for (let run = 0; run < RUNS; run++) {
      serial.push(await measure(1));
      parallel.push(await measure(CONCURRENCY));
      if (WARM) warm.push(await measure(1, true));
      const warmRatio = WARM ? `, one at a time in a warm process ${warm.at(-1)!.ratio.toFixed(2)}` : '';
      process.stderr.write(`run ${run + 1}/${RUNS}: ratio one at a time ${serial.at(-1)!.ratio.toFixed(2)}, ${CONCURRENCY} at a time ${parallel.at(-1)!.ratio.toFixed(2)}${warmRatio}\n`);
    }
    const mid = (pairs: Pair[]) => [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(pairs.length / 2)]!;
    const each = (pairs: Pair[], f: (p: Pair) => number) => pairs.map((p) => f(p).toFixed(2)).join(' ');
    const last = parallel.at(-1)!.sync;
    const threads = (p: Pair) => (p.sync.threads === null ? '' : ` (main thread ${p.sync.threads.main.toFixed(2)} s, other threads ${p.sync.threads.others.toFixed(2)} s)`);
    const cpu = (p: Pair) => `${p.sync.nodeCpu.toFixed(2)} s${threads(p)} + ${p.sync.serverCpu === null ? 'n/a' : `${p.sync.serverCpu.toFixed(2)} s`}`;
    const cpuRatio = (p: Pair) => (p.sync.serverCpu === null || p.copy.serverCpu === null ? 'n/a' : (p.copy.serverCpu / (p.sync.nodeCpu + p.sync.serverCpu)).toFixed(2));
    const line = (label: string, pairs: Pair[], process = 'fresh process') => {
      const m = mid(pairs);
      return [
        [`sync, ${label} (${process}; median run)`, `${m.sync.seconds.toFixed(2)} s  (${Math.round(m.sync.read / m.sync.seconds)} records/s); COPY of its rows ${m.copy.seconds.toFixed(2)} s`],
        [`ratio COPY / sync, ${label} (target ≥ 0.3)`, `${m.ratio.toFixed(2)} median; runs: ${each(pairs, (p) => p.ratio)}`],
        [`  CPU, ${label}: sync (process + backends) / COPY`, `${cpu(m)} / ${m.copy.serverCpu === null ? 'n/a' : `${m.copy.serverCpu.toFixed(2)} s`}  (ratio ${cpuRatio(m)})`],
        [`  where the sync's time goes, ${label}`, `${describeStatements(m.sync.store)}; ${describeHubAlone(m.sync.store, m.sync.seconds)}`],
        [`  COPY per table, ${label}`, describeCopyTables(m.copy)],
      ];
    };
    const table = [
      ['measure', 'value'],
      ['profile / streets (sources) / files / batch size / runs', `${PROFILE} / ${streets.length} / ${files} / ${BATCH_SIZE} / ${RUNS}`],
      ['records read (rows of the exports)', String(last.read)],
      ['records applied / dead letters', `${last.applied} / ${last.deadLetters}`],
      ['change events written (--outbox on|off)', `${last.events}${OUTBOX ? '' : ' (off: an embedded hub without Kafka writes none)'}`],
      ['rows COPYed (12 tables)', String(parallel.at(-1)!.copy.rows)],
      ...line('one source at a time', serial),
      ...line(`${CONCURRENCY} sources at a time`, parallel),
      ...(WARM ? line('one source at a time, warm', warm, 'a process that synced them before') : []),
      ['load average at the end', loadavg().map((l) => l.toFixed(2)).join(' ')],
    ];
    const width = Math.max(...table.map((r) => r[0]!.length));
    console.log(`\ningest-files benchmark (PostgreSQL)\n${table.map((r) => `${r[0]!.padEnd(width)}  ${r[1]}`).join('\n')}\n`);
  } finally {
    await dropDatabase(dbSync).catch(() => {});
    await dropDatabase(dbCopy).catch(() => {});
    await dropDatabase(dbWarmUp).catch(() => {});
    // the rendered exports and the COPY files
    rmSync(work, { recursive: true, force: true });
  }
}
