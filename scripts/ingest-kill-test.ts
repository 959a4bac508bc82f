/**
 * The ingest kill test at full size (`node --import tsx scripts/ingest-kill-test.ts [--records 100000] [--kills 10]`):
 * publishes N synthetic people (1 % malformed) to a fresh `huiju.raw.<source>` topic, applies it
 * once cleanly (one worker) into one database, then into a second database with a worker process
 * SIGKILLed `--kills` times at random points, and a last worker run to the end. Prints lost,
 * duplicated and divergent rows against the clean run (all must be 0); exits 1 otherwise.
 * Needs PostgreSQL (DATABASE_URL, default the local server) and Kafka (KAFKA_BROKERS, default 127.0.0.1:19092).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { openHub, type Hub } from '../src/hub';
import { createKafka, parseBrokers } from '../src/kafka/client';
import { dlqTopic, rawTopic } from '../src/kafka/raw-topic';
import { createLogger } from '../src/logger';
import { runIngestChild } from '../test/support/ingest-child-runner';
import { caughtUp, ingestUntilCaughtUp, peopleContents, publishSource } from '../test/support/kafka-ingest';
import { syntheticSource } from '../test/support/synthetic-people';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const RECORDS = Number(option('records', '100000'));
const KILLS = Number(option('kills', '10'));
const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const BROKERS = parseBrokers(process.env.KAFKA_BROKERS || '127.0.0.1:19092');
const suffix = randomBytes(4).toString('hex');
const sourceId = `kill-${suffix}`;
const key = randomBytes(32).toString('hex');
const names = [`huiju_kill_clean_${suffix}`, `huiju_kill_crash_${suffix}`];

async function admin(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(query);
  await c.end();
}

function urlOf(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function hubOn(name: string): Promise<Hub> {
  await admin(`create database ${name}`);
  const config = loadConfig({ env: {}, overrides: { database: { url: urlOf(name) }, pii: { key }, logLevel: 'silent' } });
  return openHub(config, { logger: createLogger({ level: 'silent' }) });
}

/** Rows of `a` missing from `b`, rows of `b` not in `a`, by table. */
function diff(a: Record<string, unknown[]>, b: Record<string, unknown[]>) {
  const out: Record<string, { lost: number; extra: number }> = {};
  for (const table of Object.keys(a)) {
    const count = (rows: unknown[]) => rows.reduce<Map<string, number>>((m, r) => m.set(JSON.stringify(r), (m.get(JSON.stringify(r)) ?? 0) + 1), new Map());
    const ca = count(a[table]!);
    const cb = count(b[table]!);
    let lost = 0;
    let extra = 0;
    for (const [k, n] of ca) lost += Math.max(0, n - (cb.get(k) ?? 0));
    for (const [k, n] of cb) extra += Math.max(0, n - (ca.get(k) ?? 0));
    out[table] = { lost, extra };
  }
  return out;
}

let ok = false;
const started = Date.now();
try {
  const clean = await hubOn(names[0]!);
  const crashed = await hubOn(names[1]!);
  const source = syntheticSource(sourceId, { count: RECORDS, malformedEvery: 100, checkpointEvery: 10_000 });
  await publishSource(clean, source, BROKERS, 6);
  const t0 = Date.now();
  await ingestUntilCaughtUp(clean, source, BROKERS, `huiju-kill-${suffix}-clean`, {}, 1_800_000);
  console.log(`clean run: ${RECORDS} records in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const group = `huiju-kill-${suffix}-crash`;
  const args = [urlOf(names[1]!), key, BROKERS.join(','), sourceId, group, '500'];
  const done = () => caughtUp(crashed.db, BROKERS, sourceId, group);
  let kills = 0;
  let before = 0;
  for (let k = 0; k < KILLS; k++) {
    // a run that reaches the end before its kill point is stopped (and not counted as a kill)
    const r = await runIngestChild(args, { killAfter: 1 + Math.floor(Math.random() * 15), until: done });
    if (r.signal === 'SIGKILL') kills += 1;
    before += r.batches;
    console.log(`  run ${k + 1}: ${r.signal === 'SIGKILL' ? 'killed' : 'stopped at the end'} after ${r.batches} chunk(s)`);
  }
  const last = await runIngestChild(args, { until: done });
  const a = await peopleContents(clean.db);
  const b = await peopleContents(crashed.db);
  const d = diff(a as Record<string, unknown[]>, b as Record<string, unknown[]>);
  const lost = Object.values(d).reduce((s, x) => s + x.lost, 0);
  const extra = Object.values(d).reduce((s, x) => s + x.extra, 0);
  console.log(`\ningest kill test: ${RECORDS} records, ${kills} SIGKILLs (${before} chunks committed before them, ${last.batches} in the last run, exit ${last.code})`);
  for (const [table, x] of Object.entries(d)) console.log(`  ${table.padEnd(12)} rows ${String((a as Record<string, unknown[]>)[table]!.length).padStart(7)}  lost ${x.lost}  extra ${x.extra}`);
  console.log(`  lost ${lost}, duplicated/divergent ${extra}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  ok = lost === 0 && extra === 0 && kills === KILLS && last.code === 0;
  await clean.close();
  await crashed.close();
} finally {
  const kafkaAdmin = createKafka({ brokers: BROKERS }).admin();
  await kafkaAdmin.connect().catch(() => {});
  await kafkaAdmin.deleteTopics({ topics: [rawTopic(sourceId), dlqTopic(sourceId)] }).catch(() => {});
  await kafkaAdmin.disconnect().catch(() => {});
  for (const n of names) await admin(`drop database if exists ${n} with (force)`).catch(() => {});
}
process.exit(ok ? 0 : 1);
