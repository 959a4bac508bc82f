/**
 * GraphQL benchmark (`npm run bench -- graphql [--store pglite|postgres] [--seconds N] [--rounds N] [--concurrency N]`).
 *
 * On the demo `ci` profile, in one run, it measures against baselines from the same run:
 * 1. req/s of the 3-level query (communities → grids → households → residents) served by the hub
 *    vs the same query on a bare Apollo Server with hand-written resolvers issuing the hub's per-level SQL
 *    (same HTTP adapter, same DataLoader batching, one statement per level; the hub reads the nested
 *    levels inside the first one, src/graphql/common/joined-pages.ts): target ratio ≥ 0.9;
 * 2. time to serve a 1,000-row page (`cases(first: 1000)`) vs a plain endpoint that runs the same
 *    SELECT and JSON.stringify's the rows: target ≤ 3×;
 * 3. SQL statements per request of the 3-level query.
 * Prints a table. Nothing here asserts: timings vary by machine; tests never time anything.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import DataLoader from 'dataloader';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config';
import type { Database } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { openStore } from '../src/db/open-store';
import { loadDemo } from '../src/demo/load-demo';
import { maskFreeText, maskName } from '../src/domain/masking';
import type { Hub } from '../src/hub';
import { createLogger } from '../src/logger';
import { createPiiVault } from '../src/pii/pii-vault';
import { startHttpServer } from '../src/server/http-server';
import { hubRoutes } from '../src/server/routes';
import { option } from './support/bench-db';
import { PAGE_1000, THREE_LEVELS } from './support/hub-queries';

const STORE = option('store', process.env.DATABASE_URL ? 'postgres' : 'pglite');
const SECONDS = Number(option('seconds', '5'));
const CONCURRENCY = Number(option('concurrency', '8'));
const ROUNDS = Number(option('rounds', '3'));


// ── the hub on a fresh store with the ci profile ────────────────────────────────────────────

async function openBenchHub(onQuery: (sql: string) => void): Promise<{ hub: Hub; drop: () => Promise<void> }> {
  let url: string | undefined;
  let drop = async () => {};
  if (STORE === 'postgres') {
    const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `huiju_bench_${randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    };
  }
  const store = await openStore({ databaseUrl: url, dataDir: null, onQuery: (e) => onQuery(e.query.sql) });
  await migrateToLatest(store.db);
  const key = randomBytes(32);
  // the benchmark is one caller sending thousands of requests a second: no rate limit; auth `open`
  // (every caller ADMIN, as the graphql-peers bench's hub): with a database URL, `auto` would refuse
  // an anonymous caller
  const config = loadConfig({
    env: {},
    overrides: { logLevel: 'silent', pii: { key: key.toString('hex') }, server: { rateLimit: { perMinute: 0 } }, auth: { mode: 'open' }, ...(url ? { database: { url } } : {}) },
  });
  const hub: Hub = { config, store, db: store.db, vault: createPiiVault(key), logger: createLogger({ level: 'silent' }), close: () => store.close() };
  return { hub, drop };
}

// ── the baseline: bare Apollo Server, hand-written schema and resolvers, the same SQL ──────

const BARE_TYPE_DEFS = `#graphql
  enum AreaLevel { PROVINCE CITY DISTRICT STREET COMMUNITY }
  input AreaFilter { level: AreaLevel }
  type Query { areas(filter: AreaFilter, first: Int): AreaPage! cases(first: Int): CasePage! }
  type AreaPage { nodes: [Area!]! }
  type Area { code: String! name: String! grids(first: Int): GridPage! }
  type GridPage { nodes: [Grid!]! }
  type Grid { code: String! households(first: Int): HouseholdPage! }
  type HouseholdPage { nodes: [Household!]! }
  type Household { householdNo: String! residents(first: Int): ResidentPage! }
  type ResidentPage { edges: [ResidentEdge!]! }
  type ResidentEdge { relation: String node: Person! }
  type Person { name: String! birthYear: Int }
  type CasePage { nodes: [Case!]! }
  type Case { sourceNo: String! kind: String! channel: String category: String title: String status: String! urgent: Boolean! reportedAt: String! closedAt: String returnsCount: Int! }
`;

type Row = Record<string, any>;

/** Rows per parent with `row_number() over (partition by parent)`, as the hub does it. */
async function pagedByParent(db: Kysely<Database>, inner: ReturnType<typeof sql>, ids: readonly string[], first: number): Promise<Row[][]> {
  const rows = (await sql<Row>`select * from (${inner}) x where x.__rn <= ${first + 1} order by x.__parent, x.__rn`.execute(db)).rows;
  const map = new Map<string, Row[]>();
  for (const r of rows) {
    let l = map.get(r.__parent);
    if (!l) {
      l = [];
      map.set(r.__parent, l);
    }
    if (l.length < first) l.push(r);
  }
  return ids.map((id) => map.get(id) ?? []);
}

function bareResolvers(db: Kysely<Database>) {
  type Ctx = { loaders: Map<string, DataLoader<string, Row[]>> };
  const loader = (ctx: Ctx, name: string, batch: (ids: readonly string[]) => Promise<Row[][]>) => {
    let l = ctx.loaders.get(name);
    if (!l) {
      l = new DataLoader(batch);
      ctx.loaders.set(name, l);
    }
    return l;
  };
  return {
    Query: {
      areas: async (_: unknown, args: { filter?: { level?: string }; first?: number }) => {
        const first = args.first ?? 100;
        const rows = (
          await sql<Row>`select a.*, cast(a.code as text) as __sort from admin_area a
            where a.level = ${(args.filter?.level ?? 'COMMUNITY').toLowerCase()} order by a.code asc, a.id asc limit ${first + 1}`.execute(db)
        ).rows.slice(0, first);
        return { nodes: rows };
      },
      cases: async (_: unknown, args: { first?: number }) => {
        const first = args.first ?? 100;
        const rows = (await sql<Row>`select c.*, cast(c.reported_at as text) as __sort from case_record c order by c.reported_at desc, c.id desc limit ${first + 1}`.execute(db)).rows.slice(0, first);
        return { nodes: rows };
      },
    },
    Area: {
      grids: (a: Row, args: { first?: number }, ctx: Ctx) => {
        const first = args.first ?? 100;
        return loader(ctx, `grids${first}`, (ids) =>
          pagedByParent(
            db,
            sql`select g.*, __p.id as __parent, cast(g.code as text) as __sort, row_number() over (partition by __p.id order by g.code asc, g.id asc) as __rn
              from grid g join admin_area __c on __c.id = g.community_id join admin_area __p on __c.path like __p.path || '%'
              where __p.id = any(${[...ids]}::uuid[])`,
            ids,
            first,
          ),
        )
          .load(a.id)
          .then((nodes) => ({ nodes }));
      },
    },
    Grid: {
      households: (g: Row, args: { first?: number }, ctx: Ctx) => {
        const first = args.first ?? 100;
        return loader(ctx, `households${first}`, (ids) =>
          pagedByParent(
            db,
            sql`select h.*, h.grid_id as __parent, cast(h.household_no as text) as __sort, row_number() over (partition by h.grid_id order by h.household_no asc, h.id asc) as __rn
              from household h where h.grid_id = any(${[...ids]}::uuid[])`,
            ids,
            first,
          ),
        )
          .load(g.id)
          .then((nodes) => ({ nodes }));
      },
    },
    Household: {
      householdNo: (h: Row) => h.household_no,
      residents: (h: Row, args: { first?: number }, ctx: Ctx) => {
        const first = args.first ?? 100;
        return loader(ctx, `residents${first}`, (ids) =>
          pagedByParent(
            db,
            sql`select p.*, r.relation as __relation, r.household_id as __parent, null as __sort, row_number() over (partition by r.household_id order by p.id asc) as __rn
              from person p join residency r on r.person_id = p.id where r.household_id = any(${[...ids]}::uuid[])`,
            ids,
            first,
          ),
        )
          .load(h.id)
          .then((rows) => ({ edges: rows.map((p) => ({ relation: p.__relation, node: p })) }));
      },
    },
    Person: {
      name: (p: Row) => maskName(p.name),
      birthYear: (p: Row) => (p.birth_date ? Number(String(p.birth_date).slice(0, 4)) : null),
    },
    Case: {
      sourceNo: (c: Row) => c.source_no,
      title: (c: Row) => (c.title === null ? null : maskFreeText(c.title)),
      reportedAt: (c: Row) => (c.reported_at as Date).toISOString(),
      closedAt: (c: Row) => (c.closed_at ? (c.closed_at as Date).toISOString() : null),
      returnsCount: (c: Row) => c.returns_count,
    },
  };
}

/** A node:http server around Apollo's executeHTTPGraphQLRequest: the same adapter shape the hub uses. */
async function startBare(db: Kysely<Database>): Promise<{ url: string; close: () => Promise<void> }> {
  // Cache-control hints off, as on the hub, so both sides run the same Apollo plugins.
  const apollo = new ApolloServer<{ loaders: Map<string, DataLoader<string, Row[]>> }>({
    typeDefs: BARE_TYPE_DEFS,
    resolvers: bareResolvers(db) as never,
    plugins: [ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'POST', headers, search: '', body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') },
        context: async () => ({ loaders: new Map() }),
      });
      for (const [k, v] of response.headers) res.setHeader(k, v);
      res.statusCode = response.status ?? 200;
      res.end(response.body.kind === 'complete' ? response.body.string : '');
    });
  });
  return listen(server, async () => {
    await apollo.stop();
  });
}

/** A plain endpoint: the same SELECT as the 1,000-row page, rows JSON.stringify'd. */
async function startRaw(db: Kysely<Database>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(async (_req: IncomingMessage, res: ServerResponse) => {
    const rows = (await sql<Row>`select c.*, cast(c.reported_at as text) as __sort from case_record c order by c.reported_at desc, c.id desc limit 1001`.execute(db)).rows.slice(0, 1000);
    const body = JSON.stringify({ data: { cases: { nodes: rows } } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  return listen(server, async () => {});
}

function listen(server: Server, stop: () => Promise<void>): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: async () => {
          await new Promise<void>((r) => server.close(() => r()));
          server.closeAllConnections?.();
          await stop();
        },
      });
    });
  });
}

// ── load generation (loopback only, bounded in time) ────────────────────────────────────────

async function post(url: string, query: string): Promise<string> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors"')) throw new Error(`bench request failed (${res.status}): ${text.slice(0, 300)}`);
  return text;
}

/**
 * Requests per second with `CONCURRENCY` clients for `seconds`, and this process's CPU time per
 * request (servers and load generator share the process; the generator's share is the same for
 * both sides). CPU time is steadier than req/s when other work runs on the machine.
 */
async function throughput(url: string, query: string, seconds: number): Promise<{ rps: number; cpuMs: number }> {
  const until = performance.now() + seconds * 1000;
  const cpu0 = process.cpuUsage();
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        await post(url, query);
        done += 1;
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { rps: done / seconds, cpuMs: (cpu.user + cpu.system) / 1000 / Math.max(done, 1) };
}

/** Median latency in ms of `n` sequential requests. */
async function latency(url: string, query: string, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await post(url, query);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  let statements = 0;
  const { hub, drop } = await openBenchHub(() => (statements += 1));
  const log = (s: string) => process.stderr.write(`${s}\n`);
  try {
    log(`graphql bench: store ${hub.store.description}, loading the demo ci profile …`);
    const t0 = performance.now();
    const loaded = await loadDemo(hub, { profile: 'ci' });
    log(`loaded ${loaded.applied} records in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const hubServer = await startHttpServer(hub, { port: 0, host: '127.0.0.1', routes: hubRoutes(hub) });
    const bare = await startBare(hub.db);
    const raw = await startRaw(hub.db);
    const hubUrl = `${hubServer.url}/graphql`;
    try {
      // same answer from both servers (the bare one is a fair baseline only if it does the same work)
      const a = JSON.parse(await post(hubUrl, THREE_LEVELS));
      const b = JSON.parse(await post(bare.url, THREE_LEVELS));
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('hub and bare server disagree on the 3-level query');
      const rows = a.data.areas.nodes.reduce(
        (n: number, area: any) => n + 1 + area.grids.nodes.reduce((m: number, g: any) => m + 1 + g.households.nodes.reduce((k: number, h: any) => k + 1 + h.residents.edges.length, 0), 0),
        0,
      );

      statements = 0;
      await post(hubUrl, THREE_LEVELS);
      const perRequest = statements;

      // Alternating rounds, best of each: other load on the machine hits both sides alike.
      log(`warming up, then ${ROUNDS} alternating rounds of ${SECONDS} s per server (${CONCURRENCY} concurrent clients) …`);
      await throughput(hubUrl, THREE_LEVELS, 2);
      await throughput(bare.url, THREE_LEVELS, 2);
      let hubBest = 0;
      let bareBest = 0;
      let hubCpu = Number.POSITIVE_INFINITY;
      let bareCpu = Number.POSITIVE_INFINITY;
      for (let r = 0; r < ROUNDS; r++) {
        const hubRun = await throughput(hubUrl, THREE_LEVELS, SECONDS);
        const bareRun = await throughput(bare.url, THREE_LEVELS, SECONDS);
        hubBest = Math.max(hubBest, hubRun.rps);
        bareBest = Math.max(bareBest, bareRun.rps);
        hubCpu = Math.min(hubCpu, hubRun.cpuMs);
        bareCpu = Math.min(bareCpu, bareRun.cpuMs);
      }

      await latency(hubUrl, PAGE_1000, 5);
      await latency(raw.url, PAGE_1000, 5);
      let pageMs = Number.POSITIVE_INFINITY;
      let rawMs = Number.POSITIVE_INFINITY;
      for (let r = 0; r < ROUNDS; r++) {
        pageMs = Math.min(pageMs, await latency(hubUrl, PAGE_1000, 15));
        rawMs = Math.min(rawMs, await latency(raw.url, PAGE_1000, 15));
      }
      const rowsForStringify = (await sql<Row>`select c.* from case_record c order by c.reported_at desc, c.id desc limit 1000`.execute(hub.db)).rows;
      const t = performance.now();
      for (let i = 0; i < 50; i++) JSON.stringify(rowsForStringify);
      const stringifyMs = (performance.now() - t) / 50;

      const fmt = (n: number, d = 1) => n.toFixed(d);
      process.stdout.write(
        `\nGraphQL bench — ${hub.store.kind}, demo ci profile, ${CONCURRENCY} clients, best of ${ROUNDS} alternating ${SECONDS} s rounds, node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n\n${table([
          ['measure', 'hub', 'baseline', 'ratio', 'target'],
          [`3-level query req/s (${rows} rows)`, fmt(hubBest), `${fmt(bareBest)} (bare Apollo, per-level SQL)`, fmt(hubBest / bareBest, 2), '≥ 0.90'],
          ['3-level query, CPU ms per request (this process)', fmt(hubCpu), fmt(bareCpu), fmt(bareCpu / hubCpu, 2), '≥ 0.90'],
          ['1,000-row page, median ms (best round)', fmt(pageMs), `${fmt(rawMs)} (same SELECT + JSON.stringify over HTTP)`, fmt(pageMs / rawMs, 2), '≤ 3.00'],
          ['JSON.stringify of the 1,000 rows alone, ms', '', fmt(stringifyMs, 2), '', ''],
          ['SQL statements per 3-level request', String(perRequest), '4 (one per list level)', '', '≤ depth + 1'],
        ])}\n`,
      );
    } finally {
      await hubServer.close();
      await bare.close();
      await raw.close();
    }
  } finally {
    await hub.close();
    await drop();
  }
}

await main();
