/**
 * Scale curve (`npm run bench -- scale [options]`), issue #16 item 5: how the cost of a read and
 * of ingestion grows with the size of the store and of the work.
 *
 * 1. Reads: for each store size — the demo `ci` and `perf` profiles, and `perf` × 2 (the
 *    generator's `scale` option: twice the dwellings per grid, so about twice the people, households
 *    and cases) — a throw-away database on `DATABASE_URL` (default the local server) is created,
 *    migrated and loaded directly (`loadDemoRecords`, which analyzes what it loaded), then the
 *    3-level query (`THREE_LEVELS`: 4 communities → 5 grids → 10 households → 10 residents) and the
 *    street dashboard (`dashboardOperation`: areaStats, caseStats by month, the 融合 index of 2026-Q2)
 *    run in process through the hub's Apollo Server as an unscoped ADMIN, alternating, after
 *    `--warmup` runs, `--iterations` times each. Both read the same street (the first by code) and
 *    the same communities in every store. The 3-level query reads a page of fixed size, so only the
 *    tables around it grow; the street itself grows with the profile (more dwellings per grid), so
 *    the table also gives the street's own households and cases — the dashboard's work — and the
 *    dashboard's p50 ratio to the `ci` store's per street row. The table gives p50 / p99 per store
 *    and the p50's ratio to the `ci` store's, with the row counts of the main tables; the database
 *    is dropped before the next store is loaded.
 * 2. Ingestion: for each of `--ingest-sizes` (default 10000,100000; add 1000000 when there is
 *    time: ~10 min here), N synthetic people (person + household + residency each, the
 *    `synthetic-people` connector of the Kafka bench) are synced in process through the one write
 *    path (`syncSource`, batches of 2,000, as `huiju connectors sync` runs them) into an empty
 *    store: seconds, records/s and µs per record, with the ratio of records/s to the smallest size.
 *
 * Options: `--profiles ci,perf,perf2` (which stores; `perf2` = perf × 2), `--iterations N` (30),
 * `--warmup N` (3), `--ingest-sizes a,b,c` (`0` or empty: none), `--reads off` (ingestion only).
 * Prints tables with the machine's load average beside each row; nothing here asserts.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import type { Caller } from '../src/auth/caller';
import { loadConfig } from '../src/config';
import { migrateToLatest } from '../src/db/migrate';
import { openStore } from '../src/db/open-store';
import { generateWorld } from '../src/demo/generate';
import { loadDemoRecords } from '../src/demo/load-demo';
import { AS_OF } from '../src/demo/profiles';
import { worldToRecords } from '../src/demo/world-to-records';
import { createHubContext } from '../src/graphql/context';
import { createHubApolloServer } from '../src/graphql/server/apollo-server';
import type { Hub } from '../src/hub';
import { syncSource } from '../src/ingest/sync/run-sync';
import { createLogger } from '../src/logger';
import { createPiiVault } from '../src/pii/pii-vault';
import { syntheticSource } from '../test/support/synthetic-people';
import { createDatabase, dropDatabase, option } from './support/bench-db';
import { dashboardOperation, THREE_LEVELS } from './support/hub-queries';

/** A store size: a demo profile and the generator's scale. */
interface StoreSize {
  label: string;
  profile: 'ci' | 'perf';
  scale: number;
}
const SIZES: Record<string, StoreSize> = {
  ci: { label: 'ci', profile: 'ci', scale: 1 },
  perf: { label: 'perf', profile: 'perf', scale: 1 },
  perf2: { label: 'perf × 2', profile: 'perf', scale: 2 },
};
const PROFILES = option('profiles', 'ci,perf,perf2')
  .split(',')
  .map((p) => p.trim())
  .filter((p) => p !== '');
const ITERATIONS = Number(option('iterations', '30'));
const WARMUP = Number(option('warmup', '3'));
const INGEST_SIZES = option('ingest-sizes', '10000,100000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const READS = option('reads', 'on') !== 'off';
/** Main tables whose row counts are shown beside each store. */
const COUNTED = ['admin_area', 'grid', 'building', 'dwelling', 'household', 'person', 'residency', 'case_record', 'source_record'];
/** The quarter of the demo's as-of date: every profile has cases in it. */
const PERIOD = `${AS_OF.slice(0, 4)}-Q${Math.ceil(Number(AS_OF.slice(5, 7)) / 3)}`;
const ADMIN: Caller = { role: 'ADMIN', areaScope: [], subject: 'bench' };

const log = (s: string) => process.stderr.write(`${s}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** A hub on a new, migrated throw-away database; `drop` closes it and drops the database. */
async function throwAwayHub(tag: string): Promise<{ hub: Hub; drop: () => Promise<void> }> {
  const name = `huiju_bench_scale_${tag}_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(name);
  const store = await openStore({ databaseUrl: url, dataDir: null });
  await migrateToLatest(store.db);
  const key = randomBytes(32);
  const config = loadConfig({ env: {}, overrides: { logLevel: 'silent', pii: { key: key.toString('hex') }, server: { rateLimit: { perMinute: 0 } }, database: { url } } });
  const hub: Hub = { config, store, db: store.db, vault: createPiiVault(key), logger: createLogger({ level: 'silent' }), close: () => store.close() };
  return {
    hub,
    drop: async () => {
      await store.close().catch(() => {});
      await dropDatabase(name);
    },
  };
}

/** What one store measured. */
interface ReadResult {
  size: StoreSize;
  loadSeconds: number;
  counts: Record<string, number>;
  /** Milliseconds per run, by operation. */
  times: { threeLevels: number[]; dashboard: number[] };
  street: string;
  /** Rows of the street the dashboard reads: its households and its cases (the dashboard's own work). */
  streetRows: { households: number; cases: number };
}

async function measureReads(size: StoreSize): Promise<ReadResult> {
  const { hub, drop } = await throwAwayHub(size.label.replace(/\W+/g, ''));
  try {
    log(`scale bench: loading the demo ${size.label} store (direct) … load ${load()}`);
    const t0 = performance.now();
    const records = worldToRecords(generateWorld({ profile: size.profile, seed: 'huiju', scale: size.scale }));
    const loaded = await loadDemoRecords(hub, records, { mode: `demo:${size.profile}` });
    const loadSeconds = (performance.now() - t0) / 1000;
    log(`  loaded ${loaded.applied} records in ${loadSeconds.toFixed(0)} s`);
    const counts: Record<string, number> = {};
    for (const t of COUNTED) counts[t] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(hub.db)).rows[0]!.n;
    const street = (await sql<{ code: string }>`select code from admin_area where level = 'street' order by code limit 1`.execute(hub.db)).rows[0]!.code.slice(0, 9);
    // the street grows with the profile too (more dwellings per grid): its own rows are the dashboard's work
    const inStreet = (column: string) => sql`${sql.ref(column)} in (select id from admin_area where code like ${`${street}%`})`;
    const streetRows = {
      households: (await sql<{ n: number }>`select count(*)::int as n from household where ${inStreet('community_id')}`.execute(hub.db)).rows[0]!.n,
      cases: (await sql<{ n: number }>`select count(*)::int as n from case_record where ${inStreet('area_id')}`.execute(hub.db)).rows[0]!.n,
    };
    const server = createHubApolloServer(hub);
    await server.start();
    const dashboard = dashboardOperation(true);
    const run = async (query: string, variables: Record<string, unknown>): Promise<number> => {
      const t = performance.now();
      const r = await server.executeOperation({ query, variables }, { contextValue: createHubContext(hub, ADMIN) });
      const ms = performance.now() - t;
      if (r.body.kind !== 'single' || r.body.singleResult.errors) throw new Error(`operation failed: ${JSON.stringify(r.body.kind === 'single' ? r.body.singleResult.errors : r.body.kind)}`);
      return ms;
    };
    const times = { threeLevels: [] as number[], dashboard: [] as number[] };
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      // alternate which runs first, so neither always finds the other's pages in the cache
      const order = i % 2 === 0 ? (['threeLevels', 'dashboard'] as const) : (['dashboard', 'threeLevels'] as const);
      for (const op of order) {
        const ms = op === 'threeLevels' ? await run(THREE_LEVELS, {}) : await run(dashboard, { street, period: PERIOD });
        if (i >= WARMUP) times[op].push(ms);
      }
    }
    await server.stop();
    return { size, loadSeconds, counts, times, street, streetRows };
  } finally {
    await drop();
  }
}

/** What one ingestion size measured. */
interface IngestResult {
  records: number;
  seconds: number;
  applied: number;
  load: string;
}

async function measureIngest(records: number): Promise<IngestResult> {
  const { hub, drop } = await throwAwayHub(`ingest${records}`);
  try {
    log(`scale bench: syncing ${records} synthetic people in process … load ${load()}`);
    const source = syntheticSource(`scale-${records}`, { count: records, checkpointEvery: 10_000 });
    const started = performance.now();
    const reports = await syncSource(hub, source, { batchSize: 2_000 });
    const seconds = (performance.now() - started) / 1000;
    let applied = 0;
    for (const r of reports) {
      if (r.status !== 'SUCCEEDED') throw new Error(`${source.id}/${r.stream} ${r.status}: ${r.error?.message}`);
      applied += r.applied;
    }
    return { records, seconds, applied, load: load() };
  } finally {
    await drop();
  }
}

const reads: { result: ReadResult; load: string }[] = [];
if (READS) {
  for (const p of PROFILES) {
    const size = SIZES[p];
    if (!size) throw new Error(`--profiles: unknown store ${p} (known: ${Object.keys(SIZES).join(', ')})`);
    const result = await measureReads(size);
    reads.push({ result, load: load() });
    // as it goes (a long run stopped early still says what it measured)
    log(`  ${size.label}: 3 levels p50 ${percentile(result.times.threeLevels, 50).toFixed(1)} ms, p99 ${percentile(result.times.threeLevels, 99).toFixed(1)} ms; dashboard p50 ${percentile(result.times.dashboard, 50).toFixed(1)} ms, p99 ${percentile(result.times.dashboard, 99).toFixed(1)} ms; rows ${JSON.stringify(result.counts)}`);
  }
}
const ingests: IngestResult[] = [];
for (const n of INGEST_SIZES) {
  const r = await measureIngest(n);
  ingests.push(r);
  log(`  ${n} records: ${r.seconds.toFixed(1)} s, ${Math.round(n / r.seconds)} records/s`);
}

const f = (n: number) => n.toFixed(1);
if (reads.length > 0) {
  const ci = reads.find((r) => r.result.size.label === 'ci')?.result ?? reads[0]!.result;
  const streetWork = (r: ReadResult) => r.streetRows.households + r.streetRows.cases;
  const rows: string[][] = [['store', 'persons', 'households', 'cases', 'source_record', 'op', 'street households / cases', 'p50 ms', 'p99 ms', 'p50 / ci', 'p50 / ci per street row', 'load avg after its runs']];
  for (const { result: r, load: l } of reads) {
    for (const op of ['threeLevels', 'dashboard'] as const) {
      const p50 = percentile(r.times[op], 50);
      rows.push([
        r.size.label,
        String(r.counts.person),
        String(r.counts.household),
        String(r.counts.case_record),
        String(r.counts.source_record),
        op === 'threeLevels' ? '3 levels' : `street dashboard (${r.street}, ${PERIOD})`,
        op === 'threeLevels' ? '–' : `${r.streetRows.households} / ${r.streetRows.cases}`,
        f(p50),
        f(percentile(r.times[op], 99)),
        (p50 / percentile(ci.times[op], 50)).toFixed(2),
        // the 3-level query reads a fixed page; the dashboard, the street's rows (households + cases)
        op === 'threeLevels' ? '–' : (p50 / percentile(ci.times[op], 50) / (streetWork(r) / streetWork(ci))).toFixed(2),
        l,
      ]);
    }
  }
  console.log(`\nscale benchmark: reads (${ITERATIONS} runs each after ${WARMUP} warm-up, in process, ADMIN)\n${table(rows)}\n`);
  const countRows: string[][] = [['table', ...reads.map((r) => r.result.size.label)]];
  for (const t of COUNTED) countRows.push([t, ...reads.map((r) => String(r.result.counts[t]))]);
  countRows.push(['(load seconds)', ...reads.map((r) => r.result.loadSeconds.toFixed(0))]);
  console.log(`row counts of the main tables\n${table(countRows)}\n`);
}
if (ingests.length > 0) {
  const base = ingests[0]!;
  const rate = (r: IngestResult) => r.records / r.seconds;
  const rows: string[][] = [['records', 'seconds', 'records/s', 'µs / record', 'records/s vs smallest', 'applied', 'load avg at the end']];
  for (const r of ingests) rows.push([String(r.records), f(r.seconds), String(Math.round(rate(r))), String(Math.round((r.seconds * 1e6) / r.records)), (rate(r) / rate(base)).toFixed(2), String(r.applied), r.load]);
  console.log(`scale benchmark: ingestion (in-process sync of synthetic people, batches of 2,000, one fresh store per size)\n${table(rows)}\n`);
}
