/**
 * The ingest kill test at full size
 * (`node --import tsx scripts/ingest-kill-test.ts [--records 100000] [--kills 10] [--restart-postgres 0]`):
 * publishes N synthetic people (1 % malformed) to a fresh `huiju.raw.<source>` topic, applies it
 * once cleanly (one worker) into one database, then into a second database with a worker process
 * SIGKILLed `--kills` times at random points, and a last worker run to the end. Prints lost,
 * duplicated and divergent rows against the clean run (all must be 0); exits 1 otherwise.
 * With `--restart-postgres <n>` the second database lives in a private throw-away PostgreSQL
 * cluster (test/support/private-postgres.ts) that is restarted n times (down 1–3 s each) while
 * the last worker run applies the topic; that run must go on by itself and exit cleanly.
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
import { caughtUp, contentsDiff, ingestUntilCaughtUp, peopleContents, publishSource } from '../test/support/kafka-ingest';
import { type PrivatePostgres, startPrivatePostgres } from '../test/support/private-postgres';
import { syntheticSource } from '../test/support/synthetic-people';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('Usage: node --import tsx scripts/ingest-kill-test.ts [--records 100000] [--kills 10] [--restart-postgres 0]');
  process.exit(0);
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const RECORDS = Number(option('records', '100000'));
const KILLS = Number(option('kills', '10'));
const RESTARTS = Number(option('restart-postgres', '0'));
const CHUNK = 500;
const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const BROKERS = parseBrokers(process.env.KAFKA_BROKERS || '127.0.0.1:19092');
const suffix = randomBytes(4).toString('hex');
const sourceId = `kill-${suffix}`;
const key = randomBytes(32).toString('hex');
const names = [`huiju_kill_clean_${suffix}`, `huiju_kill_crash_${suffix}`];

/** Admin URL of the server each database lives on (the second one on the private cluster with --restart-postgres). */
const servers = new Map<string, string>();
let privatePg: PrivatePostgres | undefined;

async function admin(query: string, adminUrl = ADMIN_URL): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(query);
  await c.end();
}

function urlOf(name: string): string {
  const url = new URL(servers.get(name) ?? ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function hubOn(name: string, adminUrl = ADMIN_URL): Promise<Hub> {
  servers.set(name, adminUrl);
  await admin(`create database ${name}`, adminUrl);
  const config = loadConfig({ env: {}, overrides: { database: { url: urlOf(name) }, pii: { key }, logLevel: 'silent' } });
  return openHub(config, { logger: createLogger({ level: 'silent' }) });
}

let ok = false;
const started = Date.now();
try {
  const clean = await hubOn(names[0]!);
  if (RESTARTS > 0) privatePg = await startPrivatePostgres();
  const crashed = await hubOn(names[1]!, privatePg?.url);
  const source = syntheticSource(sourceId, { count: RECORDS, malformedEvery: 100, checkpointEvery: 10_000 });
  await publishSource(clean, source, BROKERS, 6);
  const t0 = Date.now();
  await ingestUntilCaughtUp(clean, source, BROKERS, `huiju-kill-${suffix}-clean`, {}, 1_800_000);
  console.log(`clean run: ${RECORDS} records in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const group = `huiju-kill-${suffix}-crash`;
  const args = [urlOf(names[1]!), key, BROKERS.join(','), sourceId, group, String(CHUNK)];
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
  // restarts spread over the whole topic: one every `every` chunks of the last run
  const every = Math.max(2, Math.floor(RECORDS / CHUNK / (RESTARTS + 2)));
  let batches = 0;
  let exited = false;
  const lastRun = runIngestChild(args, {
    until: done,
    onBatch: (n) => {
      batches = n;
    },
  }).finally(() => {
    exited = true;
  });
  const restarts: { downMs: number; refused: boolean }[] = [];
  for (let k = 0; k < RESTARTS; k++) {
    const since = batches;
    while (!exited && batches < since + every) await new Promise((r) => setTimeout(r, 50));
    if (exited) break;
    const r = await privatePg!.restart({ downMs: 1_000 + Math.floor(Math.random() * 2_000), mode: k % 3 === 1 ? 'fast' : 'immediate' });
    restarts.push(r);
    console.log(`  PostgreSQL restart ${k + 1} at chunk ${batches} of the last run: down ${(r.downMs / 1000).toFixed(1)} s${r.refused ? ', connections refused' : ''}`);
  }
  const last = await lastRun;
  const a = await peopleContents(clean.db);
  const b = await peopleContents(crashed.db);
  const d = contentsDiff(a, b);
  const lost = Object.values(d).reduce((s, x) => s + x.lost, 0);
  const extra = Object.values(d).reduce((s, x) => s + x.extra, 0);
  console.log(`\ningest kill test: ${RECORDS} records, ${kills} SIGKILLs (${before} chunks committed before them, ${last.batches} in the last run, exit ${last.code})`);
  for (const [table, x] of Object.entries(d)) console.log(`  ${table.padEnd(12)} rows ${String(x.rows).padStart(7)}  lost ${x.lost}  extra ${x.extra}`);
  if (RESTARTS > 0) {
    const codes = [...new Set(last.retries.map((x) => x.code))].join(', ');
    const permanent = last.retries.filter((x) => !x.transient).length;
    if (restarts.length < RESTARTS) console.log(`  only ${restarts.length} of ${RESTARTS} restarts: the last run reached the end first (more --records, fewer --kills)`);
    console.log(`  ${restarts.length} PostgreSQL restarts in the last run (down ${restarts.map((r) => (r.downMs / 1000).toFixed(1)).join(', ')} s), ${last.retries.length} retries (${codes}), ${permanent} taken for permanent`);
  }
  console.log(`  lost ${lost}, duplicated/divergent ${extra}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  ok = lost === 0 && extra === 0 && kills === KILLS && last.code === 0 && restarts.length === RESTARTS && restarts.every((r) => r.refused);
  await clean.close();
  await crashed.close();
} finally {
  const kafkaAdmin = createKafka({ brokers: BROKERS }).admin();
  await kafkaAdmin.connect().catch(() => {});
  await kafkaAdmin.deleteTopics({ topics: [rawTopic(sourceId), dlqTopic(sourceId)] }).catch(() => {});
  await kafkaAdmin.disconnect().catch(() => {});
  for (const n of names) await admin(`drop database if exists ${n} with (force)`, servers.get(n)).catch(() => {});
  await privatePg?.destroy();
}
process.exit(ok ? 0 : 1);
