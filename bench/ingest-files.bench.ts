/**
 * File-ingestion benchmark (`npm run bench -- ingest-files [--profile ci|tiny|perf] [--outbox on|off]`).
 *
 * In one run on one PostgreSQL (DATABASE_URL, default the local server):
 * 1. renders the demo world's street-office (S1) exports — 网格, 房屋, 人口, 权责清单 CSVs per street;
 * 2. syncs them through the real `street-office` connector and the one write path into an empty
 *    store (validation, normalisation, keyed hashing and encryption, matching, lineage, dead
 *    letters, cursors) and measures records/s;
 * 3. baseline: COPY of the same rows that sync wrote (canonical rows and their lineage, exported
 *    from that store) into a second empty store with the same schema and indexes.
 * Prints the ratio COPY time / sync time (target ≥ 0.3). Nothing asserts. The hub is configured as
 * an embedded one (no Kafka), so it writes no change events; `--outbox on` writes them as a hub
 * with Kafka does (the outbox is not part of the COPY baseline either way).
 *
 * On a shared machine wall times swing with everybody else's load, so it also prints the CPU
 * both sides used — this process plus the PostgreSQL backends serving it (read from
 * /proc/<pid>/stat, so only when the server runs on this Linux host) — and their ratio.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { streetOfficeConnector } from '../connectors/street-office/index';
import { loadConfig } from '../src/config';
import { generateWorld } from '../src/demo/generate';
import { renderStreetOffice } from '../src/demo/render/street-office.render';
import { openHub } from '../src/hub';
import { createLogger } from '../src/logger';
import { syncSource } from '../src/ingest/sync/run-sync';
import { copyBaseline, createDatabase, dropDatabase, option, processCpuSeconds } from './support/bench-db';

const PROFILE = option('profile', 'ci') as 'tiny' | 'ci' | 'perf';
/** `--outbox on` also writes change events, as a hub with Kafka does; default: the embedded hub's (off). */
const OUTBOX = option('outbox', 'off') === 'on';
/** Tables the sync writes, in an order that satisfies their foreign keys. */
const TABLES = ['admin_area', 'grid', 'building', 'dwelling', 'household', 'person', 'residency', 'staff_role', 'duty_item', 'source_record', 'match', 'dead_letter'];

/** CPU seconds per backend serving the named database now. */
async function backendCpu(db: Kysely<any>, database: string): Promise<Map<number, number | null>> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = ${database}`.execute(db);
  return new Map(rows.map((r) => [r.pid, processCpuSeconds(r.pid)]));
}

/** CPU the backends used between two readings; null when any could not be read. */
function cpuBetween(before: Map<number, number | null>, after: Map<number, number | null>): number | null {
  let total = 0;
  for (const [pid, end] of after) {
    const start = before.get(pid) ?? 0;
    if (end === null || start === null) return null;
    total += end - start;
  }
  return total;
}

const suffix = randomBytes(4).toString('hex');
const dbSync = `huiju_bench_sync_${suffix}`;
const dbCopy = `huiju_bench_copy_${suffix}`;
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

  const syncUrl = await createDatabase(dbSync);
  const copyUrl = await createDatabase(dbCopy);
  const config = loadConfig({ env: {}, overrides: { database: { url: syncUrl }, pii: { key: randomBytes(32).toString('hex') }, logLevel: 'silent', outbox: { enabled: OUTBOX } } });
  const hub = await openHub(config, { logger: createLogger({ level: 'silent' }) });
  const parents = ['420000000000', '420100000000', '420102000000'].map((code) => ({ code, name: areas.get(code)?.name ?? code }));

  let read = 0;
  let applied = 0;
  let deadLetters = 0;
  const backendsBefore = await backendCpu(hub.db, dbSync);
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (const street of streets) {
    const connectorConfig = streetOfficeConnector.config.parse({ path: join(work, street.code), streetCode: street.code, streetName: street.name, parentAreas: parents, testData: true });
    const reports = await syncSource(hub, { id: `s1-${street.code.slice(6, 9)}`, connector: streetOfficeConnector, config: connectorConfig, displayConfig: {}, scheduleMs: null, baseDir: work }, { batchSize: Number(process.env.BS ?? 2000) });
    for (const r of reports) {
      read += r.read;
      applied += r.applied;
      deadLetters += r.deadLetters;
    }
  }
  const syncSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const nodeCpu = process.cpuUsage(cpuBefore);
  const syncNodeCpu = (nodeCpu.user + nodeCpu.system) / 1e6;
  // a pooled connection closed during the run takes its CPU with it: a slight undercount
  const syncServerCpu = cpuBetween(backendsBefore, await backendCpu(hub.db, dbSync));

  const { rows: outbox } = await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(hub.db);
  // the same rows, exported from the synced store, COPYed into an empty one with the same schema
  const copy = await copyBaseline(hub.db, copyUrl, TABLES, work);
  await hub.close();
  const { seconds: copySeconds, rows, serverCpu: copyServerCpu } = copy;

  const ratio = copySeconds / syncSeconds;
  const table = [
    ['measure', 'value'],
    ['profile / streets / files', `${PROFILE} / ${streets.length} / ${files}`],
    ['records read (rows of the exports)', String(read)],
    ['records applied / dead letters', `${applied} / ${deadLetters}`],
    ['change events written (--outbox on|off)', `${outbox[0]!.n}${OUTBOX ? '' : ' (off: an embedded hub without Kafka writes none)'}`],
    ['sync through connector + write path', `${syncSeconds.toFixed(2)} s  (${Math.round(read / syncSeconds)} records/s)`],
    ['COPY of the same written rows', `${copySeconds.toFixed(2)} s  (${rows} rows in ${TABLES.length} tables)`],
    ['ratio COPY time / sync time (target ≥ 0.3)', ratio.toFixed(2)],
    ['CPU: sync (this process + its backends)', syncServerCpu === null ? `${syncNodeCpu.toFixed(2)} s + n/a` : `${syncNodeCpu.toFixed(2)} s + ${syncServerCpu.toFixed(2)} s`],
    ['CPU: COPY (its backend)', copyServerCpu === null ? 'n/a' : `${(copyServerCpu as number).toFixed(2)} s`],
    [
      'ratio by CPU, COPY / sync (load-independent)',
      syncServerCpu === null || copyServerCpu === null ? 'n/a' : ((copyServerCpu as number) / (syncNodeCpu + syncServerCpu)).toFixed(2),
    ],
    ['load average at the end', loadavg().map((l) => l.toFixed(2)).join(' ')],
  ];
  const width = Math.max(...table.map((r) => r[0]!.length));
  console.log(`\ningest-files benchmark (PostgreSQL, one run)\n${table.map((r) => `${r[0]!.padEnd(width)}  ${r[1]}`).join('\n')}\n`);
} finally {
  await dropDatabase(dbSync).catch(() => {});
  await dropDatabase(dbCopy).catch(() => {});
}
