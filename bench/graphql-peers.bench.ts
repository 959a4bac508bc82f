/**
 * The hub against PostGraphile v5 (`npm run bench -- graphql-peers [--seconds N] [--rounds N] [--clients 8,32]`;
 * needs DATABASE_URL or the local PostgreSQL at 127.0.0.1:5432). Issue #16, item 1.
 *
 * What it does, in one run:
 * 1. Installs what it needs when missing, outside the hub's dependencies: Node 22 (the `node@22` npm
 *    package into `.huiju/node22`, as `.ci/run` does) and PostGraphile v5 with autocannon into
 *    `.huiju/peers/postgraphile` (`npm install --prefix … postgraphile@^5 autocannon@^8`).
 * 2. Creates a throw-away database, loads the demo `ci` profile into it (in this process, ~1 min),
 *    runs `ANALYZE`, and starts two servers on it, each in its own child process on Node 22:
 *    the hub (bench/peers/hub-server.ts, the same hub as `npm run bench -- graphql`, bundled with the
 *    hub's build settings and run as plain JavaScript as `npm start` runs dist/; `HUIJU_RUN=src` runs it
 *    through tsx, whose `keepNames` costs the hub about 1.7 times the CPU) and
 *    PostGraphile (bench/peers/postgraphile-server.mjs: Amber preset, library mode, grafserv on
 *    node:http, `PgIndexBehaviorsPlugin` off so the hub's orderings are available). Both pools hold
 *    up to 10 connections and run with `jit=off` (the hub's own setting); both processes run with the
 *    young generation `npm start` gives the hub (`--max-semi-space-size=64`).
 * 3. Checks that the two servers return the same rows in the same order, and aborts when not:
 *    - 3 levels (the `graphql` bench's THREE_LEVELS: 4 communities → 5 grids → 10 households → 10
 *      residents; the hub orders areas and grids by code, households by number, residents by person
 *      id; PostGraphile is asked for the same orderings on the raw tables admin_area, grid, household,
 *      residency → person). Compared: area code and name, grid code, household number, residency
 *      relation, the resident's masked name (the hub masks, `maskName` is applied to PostGraphile's
 *      raw name) and birth year (from PostGraphile's birthDate).
 *    - the 1,000-row case list (`cases(first: 1000)`, newest first; PostGraphile:
 *      `allCaseRecords(orderBy: [REPORTED_AT_DESC, PRIMARY_KEY_DESC], first: 1000)`). Compared: sourceNo,
 *      kind, channel, category, status (case-insensitive: the hub returns enum names), urgent,
 *      returnsCount, reportedAt/closedAt as instants, and the title masked with `maskFreeText`.
 *    Each server is still asked only for what its own query needs (PostGraphile returns raw values).
 * 4. Load with autocannon (in this process), 8 and 32 clients (`--clients`), alternating rounds hub /
 *    PostGraphile / hub … of `--seconds` (default 10) each, `--rounds` (default 2) per server, after a
 *    3 s warm-up of each. Per server: req/s (2xx responses over all its rounds / their seconds),
 *    p50 and p99 latency (mean over rounds), server CPU ms per request (from /proc/<pid>/stat of the
 *    child), PostgreSQL CPU ms per request: the sum, over the backends whose application_name is the
 *    server's (`huiju-bench-hub`, `huiju-bench-postgraphile`, read from pg_stat_activity at the start
 *    and end of the round), of their /proc CPU time over the round (a backend that appeared during the
 *    round counts whole; the servers' pools are full after the warm-up). Any non-2xx answer, socket
 *    error or timeout aborts the run. Also prints the machine's load average after each row.
 * Prints a table; nothing is asserted. The hub serves queries through its compiled execution (the
 * default); `HUIJU_COMPILED_EXECUTION=off npm run bench -- graphql-peers` measures it with graphql-js's
 * execution instead, `HUIJU_JOIN_NESTED_LISTS=off` with one statement per nested level (the hub child inherits both).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { migrateToLatest } from '../src/db/migrate';
import { openStore } from '../src/db/open-store';
import { loadDemo } from '../src/demo/load-demo';
import { maskFreeText, maskName } from '../src/domain/masking';
import type { Hub } from '../src/hub';
import { createLogger } from '../src/logger';
import { createPiiVault } from '../src/pii/pii-vault';
import { projectRoot } from '../src/project-root';
import { bundleHub } from '../scripts/hub-bundle.mjs';
import { createDatabase, dropDatabase, option, processCpuSeconds } from './support/bench-db';
import { PAGE_1000, THREE_LEVELS } from './support/hub-queries';

const SECONDS = Number(option('seconds', '10'));
const ROUNDS = Number(option('rounds', '2'));
const CLIENTS = option('clients', '8,32')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);

const ROOT = projectRoot(import.meta.url);
const NODE22_DIR = join(ROOT, '.huiju', 'node22');
const NODE22 = join(NODE22_DIR, 'node_modules', '.bin', 'node');
const PEERS_DIR = join(ROOT, '.huiju', 'peers', 'postgraphile');
const PEER_PACKAGES = ['postgraphile@^5', 'autocannon@^8'];
const HUB_APP = 'huiju-bench-hub';
const PGL_APP = 'huiju-bench-postgraphile';

const log = (s: string) => process.stderr.write(`${s}\n`);

/** The same rows from PostGraphile's raw tables, with the hub's default orderings. */
const PGL_THREE_LEVELS = `{
  allAdminAreas(condition: { level: "community" }, orderBy: [CODE_ASC, PRIMARY_KEY_ASC], first: 4) {
    nodes {
      code
      name
      gridsByCommunityId(orderBy: [CODE_ASC, PRIMARY_KEY_ASC], first: 5) {
        nodes {
          code
          householdsByGridId(orderBy: [HOUSEHOLD_NO_ASC, PRIMARY_KEY_ASC], first: 10) {
            nodes { householdNo residenciesByHouseholdId(orderBy: [PERSON_ID_ASC], first: 10) { nodes { relation personByPersonId { name birthDate } } } }
          }
        }
      }
    }
  }
}`;

const PGL_PAGE_1000 = `{ allCaseRecords(orderBy: [REPORTED_AT_DESC, PRIMARY_KEY_DESC], first: 1000) { nodes { sourceNo kind channel category title status urgent reportedAt closedAt returnsCount } } }`;

type Json = any;

/** 3-level rows, one flat line per resident (and per empty household/grid/area), as comparable strings. */
function hubThreeLevelRows(d: Json): string[] {
  const out: string[] = [];
  for (const a of d.areas.nodes) {
    out.push(`area ${a.code} ${a.name}`);
    for (const g of a.grids.nodes) {
      out.push(`grid ${g.code}`);
      for (const h of g.households.nodes) {
        out.push(`household ${h.householdNo}`);
        for (const e of h.residents.edges) out.push(`resident ${e.relation} ${e.node.name} ${e.node.birthYear}`);
      }
    }
  }
  return out;
}

function pglThreeLevelRows(d: Json): string[] {
  const out: string[] = [];
  for (const a of d.allAdminAreas.nodes) {
    out.push(`area ${a.code} ${a.name}`);
    for (const g of a.gridsByCommunityId.nodes) {
      out.push(`grid ${g.code}`);
      for (const h of g.householdsByGridId.nodes) {
        out.push(`household ${h.householdNo}`);
        for (const r of h.residenciesByHouseholdId.nodes) {
          const p = r.personByPersonId;
          out.push(`resident ${r.relation} ${maskName(p.name)} ${p.birthDate ? Number(String(p.birthDate).slice(0, 4)) : null}`);
        }
      }
    }
  }
  return out;
}

function caseRows(nodes: Json[], maskTitle: boolean): string[] {
  const instant = (s: string | null) => (s === null ? null : new Date(s).toISOString());
  return nodes.map((c) =>
    JSON.stringify([
      c.sourceNo,
      String(c.kind).toLowerCase(),
      c.channel === null ? null : String(c.channel).toLowerCase(),
      c.category,
      c.title === null ? null : maskTitle ? maskFreeText(c.title) : c.title,
      String(c.status).toLowerCase(),
      c.urgent,
      instant(c.reportedAt),
      instant(c.closedAt),
      c.returnsCount,
    ]),
  );
}

function sameRows(what: string, hub: string[], peer: string[]): void {
  const n = Math.max(hub.length, peer.length);
  for (let i = 0; i < n; i++) {
    if (hub[i] !== peer[i]) {
      throw new Error(
        `graphql-peers: the hub and PostGraphile disagree on ${what} (hub ${hub.length} rows, PostGraphile ${peer.length}); first difference at row ${i}:\n  hub:          ${hub[i]}\n  PostGraphile: ${peer[i]}`,
      );
    }
  }
}

// ── installing the peers (outside the hub's dependencies) ─────────────────────────────────────

function run(cmd: string, args: string[], cwd = ROOT): void {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`graphql-peers: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''})`);
}

function ensurePeers(): void {
  if (!existsSync(NODE22)) run('npm', ['install', '--prefix', NODE22_DIR, '--no-audit', '--no-fund', 'node@22']);
  const v = spawnSync(NODE22, ['--version'], { encoding: 'utf8' });
  if (!String(v.stdout).startsWith('v22.')) throw new Error(`graphql-peers: ${NODE22} is not Node 22 (${v.stdout || v.error?.message})`);
  const missing = ['postgraphile', 'autocannon'].some((p) => !existsSync(join(PEERS_DIR, 'node_modules', p, 'package.json')));
  if (missing) {
    mkdirSync(PEERS_DIR, { recursive: true });
    if (!existsSync(join(PEERS_DIR, 'package.json'))) writeFileSync(join(PEERS_DIR, 'package.json'), '{"name":"huiju-bench-peers","private":true}\n');
    run('npm', ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', ...PEER_PACKAGES]);
  }
}

// ── child servers ──────────────────────────────────────────────────────────────────────────────

interface Child {
  name: string;
  app: string;
  url: string;
  proc: ChildProcess;
  stop: () => Promise<void>;
}

function withAppName(dbUrl: string, app: string, jitOff: boolean): string {
  const u = new URL(dbUrl);
  u.searchParams.set('application_name', app);
  if (jitOff) u.searchParams.set('options', '-c jit=off');
  return u.toString();
}

/**
 * V8's young generation as `npm start` sizes it for the hub (README, Deploy: "Young generation"). Both
 * servers run with it, so the ratio compares their code, not their Node settings (PostGraphile gains
 * from it too: with Node's default for PostGraphile alone the hub's ratios came out 0.1–0.5 higher).
 */
const YOUNG_GENERATION = '--max-semi-space-size=64';

/** The bundle of the hub's child, built beside the bench's own (see {@link hubServerArgs}); removed at the end. */
const HUB_BUILD = join(ROOT, '.huiju', 'bench-build', `graphql-peers-hub-${process.pid}`);

/**
 * How the hub child is started: bench/peers/hub-server.ts bundled with the hub's build settings
 * (scripts/hub-bundle.mjs) and run as plain JavaScript with the young generation `npm start` gives
 * it, as `npm start` runs dist/; with HUIJU_RUN=src, the sources through tsx.
 */
async function hubServerArgs(): Promise<string[]> {
  const source = join(ROOT, 'bench', 'peers', 'hub-server.ts');
  if (process.env.HUIJU_RUN === 'src') return [YOUNG_GENERATION, '--import', 'tsx', source];
  rmSync(HUB_BUILD, { recursive: true, force: true });
  mkdirSync(HUB_BUILD, { recursive: true });
  await bundleHub({ root: ROOT, entryPoints: { 'hub-server': source }, outdir: HUB_BUILD });
  return [YOUNG_GENERATION, join(HUB_BUILD, 'hub-server.js')];
}

async function startChild(name: string, app: string, args: string[], env: Record<string, string>): Promise<Child> {
  const proc = spawn(NODE22, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (stderr.length > 20000) stderr = stderr.slice(-10000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`graphql-peers: ${name} did not start within 120 s:\n${stderr.slice(-3000)}`)), 120_000);
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (line) => {
      try {
        const u = JSON.parse(line).url;
        if (u) {
          clearTimeout(timer);
          resolve(u);
        }
      } catch {
        // other output
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`graphql-peers: ${name} exited (code ${code}) before listening:\n${stderr.slice(-3000)}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
    });
  return { name, app, url, proc, stop };
}

async function post(url: string, query: string): Promise<Json> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const text = await res.text();
  if (res.status !== 200 || text.includes('"errors"')) throw new Error(`graphql-peers: request to ${url} failed (${res.status}): ${text.slice(0, 600)}`);
  return JSON.parse(text).data;
}

// ── measuring ──────────────────────────────────────────────────────────────────────────────────

async function backendPids(admin: pg.Client, db: string, app: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and application_name = $2', [db, app]);
  return rows.map((r) => r.pid);
}

function cpuOf(pids: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const pid of pids) {
    const c = processCpuSeconds(pid);
    if (c !== null) m.set(pid, c);
  }
  return m;
}

interface Round {
  ok: number;
  seconds: number;
  p50: number;
  p99: number;
  serverCpu: number;
  pgCpu: number;
}

type Autocannon = (opts: Record<string, unknown>) => Promise<Json>;

async function round(autocannon: Autocannon, admin: pg.Client, db: string, child: Child, query: string, clients: number, seconds: number): Promise<Round> {
  const pids0 = await backendPids(admin, db, child.app);
  const pg0 = cpuOf(pids0);
  const cpu0 = processCpuSeconds(child.proc.pid!);
  const r = await autocannon({
    url: child.url,
    method: 'POST',
    connections: clients,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const cpu1 = processCpuSeconds(child.proc.pid!);
  const pids1 = await backendPids(admin, db, child.app);
  const pg1 = cpuOf(pids1);
  if (r.non2xx || r.errors || r.timeouts) throw new Error(`graphql-peers: ${child.name} answered ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts with ${clients} clients`);
  let pgCpu = 0;
  for (const [pid, c] of pg1) pgCpu += c - (pg0.get(pid) ?? 0);
  return { ok: r['2xx'], seconds, p50: r.latency.p50, p99: r.latency.p99, serverCpu: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : Number.NaN, pgCpu };
}

interface Summary {
  rps: number;
  p50: number;
  p99: number;
  serverMs: number;
  pgMs: number;
}

function summarize(rounds: Round[]): Summary {
  const ok = rounds.reduce((n, r) => n + r.ok, 0);
  const secs = rounds.reduce((n, r) => n + r.seconds, 0);
  const mean = (f: (r: Round) => number) => rounds.reduce((n, r) => n + f(r), 0) / rounds.length;
  return {
    rps: ok / secs,
    p50: mean((r) => r.p50),
    p99: mean((r) => r.p99),
    serverMs: (rounds.reduce((n, r) => n + r.serverCpu, 0) * 1000) / Math.max(ok, 1),
    pgMs: (rounds.reduce((n, r) => n + r.pgCpu, 0) * 1000) / Math.max(ok, 1),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  ensurePeers();
  const autocannon = createRequire(join(PEERS_DIR, 'package.json'))('autocannon') as Autocannon;
  const pglVersion = JSON.parse(readFileSync(join(PEERS_DIR, 'node_modules', 'postgraphile', 'package.json'), 'utf8')).version as string;
  const node22Version = spawnSync(NODE22, ['--version'], { encoding: 'utf8' }).stdout.trim();

  const dbName = `huiju_bench_peers_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(dbName);
  const children: Child[] = [];
  const admin = new pg.Client({ connectionString: url });
  try {
    // load the demo in this process, then close this store: only the two children serve
    const key = randomBytes(32);
    const store = await openStore({ databaseUrl: url, dataDir: null });
    await migrateToLatest(store.db);
    const config = loadConfig({ env: {}, overrides: { logLevel: 'silent', pii: { key: key.toString('hex') }, database: { url } } });
    const hub: Hub = { config, store, db: store.db, vault: createPiiVault(key), logger: createLogger({ level: 'silent' }), close: () => store.close() };
    log(`graphql-peers bench: database ${dbName}, loading the demo ci profile …`);
    const t0 = performance.now();
    const loaded = await loadDemo(hub, { profile: 'ci' });
    await sql`analyze`.execute(store.db);
    log(`loaded ${loaded.applied} records and analyzed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await hub.close();

    await admin.connect();
    children.push(
      await startChild('the hub', HUB_APP, await hubServerArgs(), {
        DATABASE_URL: withAppName(url, HUB_APP, false),
        HUIJU_PII_KEY: key.toString('hex'),
      }),
    );
    children.push(
      await startChild('PostGraphile', PGL_APP, [YOUNG_GENERATION, join(ROOT, 'bench', 'peers', 'postgraphile-server.mjs')], {
        DATABASE_URL: withAppName(url, PGL_APP, true),
        PEERS_DIR,
      }),
    );
    const [hubServer, pglServer] = children as [Child, Child];

    // same rows in the same order, or no measurement
    const three = hubThreeLevelRows(await post(hubServer.url, THREE_LEVELS));
    sameRows('the 3-level query', three, pglThreeLevelRows(await post(pglServer.url, PGL_THREE_LEVELS)));
    const cases = caseRows((await post(hubServer.url, PAGE_1000)).cases.nodes, false);
    sameRows('the 1,000-row case list', cases, caseRows((await post(pglServer.url, PGL_PAGE_1000)).allCaseRecords.nodes, true));
    if (cases.length !== 1000) throw new Error(`graphql-peers: the case list has ${cases.length} rows, not 1,000`);
    log(`same rows from both: 3 levels ${three.length} rows, case list ${cases.length} rows`);

    const scenarios = [
      { name: `3 levels (${three.length} rows)`, hub: THREE_LEVELS, pgl: PGL_THREE_LEVELS },
      { name: '1,000-row case list', hub: PAGE_1000, pgl: PGL_PAGE_1000 },
    ];
    const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '?');
    const out: string[][] = [
      ['scenario', 'clients', 'req/s hub / PG', 'ratio', 'p50 ms hub / PG', 'p99 ms hub / PG', 'server CPU ms/req hub / PG', 'PostgreSQL CPU ms/req hub / PG', 'loadavg 1m'],
    ];
    for (const s of scenarios) {
      for (const clients of CLIENTS) {
        log(`${s.name}, ${clients} clients: warm-up, then ${ROUNDS} alternating rounds of ${SECONDS} s per server …`);
        await round(autocannon, admin, dbName, hubServer, s.hub, clients, 3);
        await round(autocannon, admin, dbName, pglServer, s.pgl, clients, 3);
        const hubRounds: Round[] = [];
        const pglRounds: Round[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          hubRounds.push(await round(autocannon, admin, dbName, hubServer, s.hub, clients, SECONDS));
          pglRounds.push(await round(autocannon, admin, dbName, pglServer, s.pgl, clients, SECONDS));
        }
        const h = summarize(hubRounds);
        const p = summarize(pglRounds);
        const row = [
          s.name,
          String(clients),
          `${fmt(h.rps)} / ${fmt(p.rps)}`,
          fmt(h.rps / p.rps, 2),
          `${fmt(h.p50)} / ${fmt(p.p50)}`,
          `${fmt(h.p99)} / ${fmt(p.p99)}`,
          `${fmt(h.serverMs)} / ${fmt(p.serverMs)}`,
          `${fmt(h.pgMs)} / ${fmt(p.pgMs)}`,
          loadavg()[0]!.toFixed(2),
        ];
        log(row.join(' | '));
        out.push(row);
      }
    }
    process.stdout.write(
      `\nGraphQL peers bench — the hub vs PostGraphile ${pglVersion} (Amber, grafserv/node), both on ${node22Version} in child processes, one PostgreSQL database (demo ci profile, analyzed), autocannon, ${ROUNDS} alternating ${SECONDS} s rounds per server, 2 CPUs shared by servers, load generator and PostgreSQL\n\n${table(out)}\n\nratio = hub req/s ÷ PostGraphile req/s; CPU from /proc (server: its process; PostgreSQL: its backends by application_name)\n`,
    );
  } finally {
    for (const c of children) await c.stop();
    await admin.end().catch(() => {});
    await dropDatabase(dbName);
    rmSync(HUB_BUILD, { recursive: true, force: true });
  }
}

await main();
