/**
 * Tracing overhead (`npm run bench -- tracing [--store pglite|postgres] [--requests N] [--concurrency N] [--rounds N]`).
 *
 * On the demo `tiny` profile, one hub serves the same GraphQL query over HTTP in alternating
 * rounds with tracing off (no provider: the @opentelemetry/api no-op path) and on (the production
 * path: a Node tracer provider, batched OTLP/HTTP export to a loopback sink that discards the
 * spans). It prints req/s and median latency per mode, the spans exported per request, and the
 * cost of one span helper call with tracing off against calling the work directly.
 * Nothing here asserts: timings vary by machine; tests never time anything.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEVELOPMENT_CALLER } from '../src/auth/caller';
import { loadConfig } from '../src/config';
import { migrateToLatest } from '../src/db/migrate';
import { openStore } from '../src/db/open-store';
import { loadDemo } from '../src/demo/load-demo';
import type { Hub } from '../src/hub';
import { createLogger } from '../src/logger';
import { createPiiVault } from '../src/pii/pii-vault';
import { startHttpServer } from '../src/server/http-server';
import { hubRoutes } from '../src/server/routes';
import { startTracing } from '../src/telemetry/tracing';
import { withSpan } from '../src/telemetry/with-span';
import { createDatabase, dropDatabase, option } from './support/bench-db';

const STORE = option('store', process.env.DATABASE_URL ? 'postgres' : 'pglite');
const REQUESTS = Number(option('requests', '400'));
const CONCURRENCY = Number(option('concurrency', '4'));
const ROUNDS = Number(option('rounds', '3'));

/** Two levels of lists: a handful of statements per request (DataLoader-batched). */
const QUERY = '{ households(first: 20) { totalCount nodes { householdNo residents(first: 5) { edges { relation node { name } } } } } }';

async function main(): Promise<void> {
  const dbName = `huiju_bench_tr_${randomBytes(4).toString('hex')}`;
  const url = STORE === 'postgres' ? await createDatabase(dbName) : undefined;
  const store = await openStore({ databaseUrl: url, dataDir: null });
  await migrateToLatest(store.db);
  const key = randomBytes(32);
  const config = loadConfig({ env: {}, overrides: { logLevel: 'silent', pii: { key: key.toString('hex') }, server: { rateLimit: { perMinute: 0 } }, ...(url ? { database: { url } } : {}) } });
  const hub: Hub = { config, store, db: store.db, vault: createPiiVault(key), logger: createLogger({ level: 'silent' }), close: () => store.close() };
  await loadDemo(hub, { profile: 'tiny' });
  const server = await startHttpServer(hub, { port: 0, host: '127.0.0.1', routes: hubRoutes(hub, { resolveCaller: () => DEVELOPMENT_CALLER }) });

  // the collector: counts the spans it is sent and discards them
  let exported = 0;
  const sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
      for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) exported += ss.spans.length;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

  const request = async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  /** REQUESTS requests, CONCURRENCY at a time: req/s and median latency. */
  const run = async () => {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next++ < REQUESTS) {
          const t = performance.now();
          await request();
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { rps: REQUESTS / seconds, p50: latencies[Math.floor(latencies.length / 2)]! };
  };

  for (let i = 0; i < 50; i++) await request(); // warm-up: JIT, pools, Apollo's caches
  const results: Record<'off' | 'on', { rps: number; p50: number }[]> = { off: [], on: [] };
  let spansPerRequest = 0;
  for (let round = 0; round < ROUNDS; round++) {
    results.off.push(await run());
    const tracing = await startTracing({ ...config.telemetry, otlpEndpoint: sinkUrl });
    exported = 0;
    results.on.push(await run());
    await tracing.shutdown(); // flushes what is still batched
    spansPerRequest = exported / REQUESTS;
  }

  // the off path of one span helper call, against calling the work directly
  const work = async () => 1;
  const calls = 2_000_000;
  const time = async (f: () => Promise<number>) => {
    const t = performance.now();
    for (let i = 0; i < calls; i++) await f();
    return ((performance.now() - t) * 1e6) / calls; // ns per call
  };
  await time(work);
  await time(() => withSpan('x', {}, work));
  const direct = await time(work);
  const helper = await time(() => withSpan('x', {}, work));

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const off = { rps: median(results.off.map((r) => r.rps)), p50: median(results.off.map((r) => r.p50)) };
  const on = { rps: median(results.on.map((r) => r.rps)), p50: median(results.on.map((r) => r.p50)) };
  console.log(`tracing overhead — store ${STORE}, ${REQUESTS} requests × ${ROUNDS} rounds, concurrency ${CONCURRENCY}`);
  console.log('mode | req/s (median of rounds) | p50 ms | per round req/s');
  console.log(`off  | ${off.rps.toFixed(0)} | ${off.p50.toFixed(2)} | ${results.off.map((r) => r.rps.toFixed(0)).join(', ')}`);
  console.log(`on   | ${on.rps.toFixed(0)} | ${on.p50.toFixed(2)} | ${results.on.map((r) => r.rps.toFixed(0)).join(', ')}`);
  console.log(`on/off throughput: ${(on.rps / off.rps).toFixed(3)}; spans exported per request with tracing on: ${spansPerRequest.toFixed(1)}`);
  console.log(`withSpan with tracing off: ${helper.toFixed(1)} ns per call vs ${direct.toFixed(1)} ns calling the work directly (+${(helper - direct).toFixed(1)} ns)`);

  await server.close();
  await new Promise((r) => sink.close(r));
  await store.close();
  if (url) await dropDatabase(dbName);
}

await main();
