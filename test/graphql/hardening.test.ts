import { type IncomingMessage, request as httpRequest } from 'node:http';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, DEVELOPMENT_CALLER } from '../../src/auth/caller';
import type { HuijuConfig } from '../../src/config';
import { getOperationAST, parse, validate } from 'graphql/index.js';
import { depthLimitRule, operationCost } from '../../src/graphql/limits';
import { buildHubSchema } from '../../src/graphql/schema';
import type { Hub } from '../../src/hub';
import { createLogger } from '../../src/logger';
import { type RunningServer, startHttpServer } from '../../src/server/http-server';
import { PLAYGROUND_EXAMPLES } from '../../src/server/playground/examples';
import { createRateLimiter } from '../../src/server/rate-limit';
import { hubRoutes } from '../../src/server/routes';
import { availableStoreKinds, createTestHub } from '../support/test-hub';
import { type DemoHub, openDemoHub } from './support/harness';

/** The 330-byte query that took 41 s and 2 GB before the cost limit: pages of 1,000 four levels deep. */
const PAGES_OF_PAGES = `{ cases(first: 1000) { nodes { sourceNo area { grids(first: 1000) { nodes { code households(first: 1000) { nodes { householdNo residents(first: 1000) { nodes { name birthYear idNumberMasked } } } } } } } } } }`;

/** 26 fragments, each spreading the next twice under a field: exponential when expanded, 1 KB as text. */
function fragmentFanOut(levels = 26, nested = true): string {
  const fragments: string[] = [];
  for (let i = 0; i < levels; i++) {
    fragments.push(nested ? `fragment F${i} on AdminArea { parent { ...F${i + 1} ...F${i + 1} } }` : `fragment F${i} on AdminArea { ...F${i + 1} ...F${i + 1} }`);
  }
  fragments.push(`fragment F${levels} on AdminArea { code name }`);
  return `{ areas(first: 1) { nodes { ...F0 } } }\n${fragments.join('\n')}`;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request through node:http (so Host and Origin can be set), body written in chunks when `chunked`. */
function raw(url: string, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {}): Promise<RawResponse> {
  const target = new URL(options.path ?? '/graphql', url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { method: options.method ?? 'GET', host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      const body = Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
      if (options.chunked) {
        for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      } else {
        req.write(body);
      }
    }
    req.end();
  });
}

const json = (r: RawResponse) => JSON.parse(r.text);
const post = (url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  raw(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });

/** The hub with some `server` settings changed (the HTTP layer reads them from the config). */
function withServer(hub: Hub, server: Partial<HuijuConfig['server']>): Hub {
  return { ...hub, config: { ...hub.config, server: { ...hub.config.server, ...server } } };
}

function startServer(hub: Hub, resolveCaller: (req: IncomingMessage) => Caller = () => DEVELOPMENT_CALLER): Promise<RunningServer> {
  return startHttpServer(hub, { port: 0, host: '127.0.0.1', routes: hubRoutes(hub, { resolveCaller }) });
}

const mb = (n: number) => Math.round(n / 1024 / 1024);

describe('limits that run in linear time', () => {
  const schema = buildHubSchema();

  it('the playground examples and the benchmark queries cost less than the default limit; pages of pages cost billions', () => {
    const defaultMax = 250_000;
    for (const example of PLAYGROUND_EXAMPLES) {
      const doc = parse(example.query);
      expect(operationCost(schema, doc, getOperationAST(doc)!, example.variables), example.id).toBeLessThan(defaultMax);
    }
    const page = parse('{ cases(first: 1000) { nodes { sourceNo kind channel category title status urgent reportedAt closedAt returnsCount } } }');
    expect(operationCost(schema, page, getOperationAST(page)!, {})).toBe(11_001);
    const attack = parse(PAGES_OF_PAGES);
    expect(operationCost(schema, attack, getOperationAST(attack)!, {})).toBeGreaterThan(1e12);
    // a variable page size is read from the variables; a missing `first` counts 100
    const byVariable = parse('query($n: Int) { persons(first: $n) { nodes { name } } }');
    expect(operationCost(schema, byVariable, getOperationAST(byVariable)!, { n: 7 })).toBe(1 + 7 + 7);
    expect(operationCost(schema, byVariable, getOperationAST(byVariable)!, {})).toBe(1 + 100 + 100);
  });

  it('fragment fan-out (26 levels, each spreading the next twice) is measured without expanding it', () => {
    const doc = parse(fragmentFanOut());
    const t = performance.now();
    const errors = validate(schema, doc, [depthLimitRule()]);
    const depthMs = performance.now() - t;
    expect(errors[0]?.extensions?.code).toBe('QUERY_DEPTH_LIMIT_EXCEEDED');
    const flat = parse(fragmentFanOut(26, false));
    const t2 = performance.now();
    const cost = operationCost(schema, flat, getOperationAST(flat)!, {});
    const costMs = performance.now() - t2;
    expect(cost).toBeGreaterThan(2 ** 26);
    console.info(`fan-out: depth rule ${depthMs.toFixed(2)} ms, cost ${costMs.toFixed(2)} ms (before: 10–15 s of blocked event loop)`);
  });

  it('the rate limiter refills at its rate up to the burst, per key', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 2 }, () => now);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
    const refused = limiter.take('a');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true); // another caller has its own bucket
    now += 1000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    now += 60_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false); // never more than the burst
    const off = createRateLimiter({ perMinute: 0, burst: 1 });
    for (let i = 0; i < 1000; i++) expect(off.take('a').allowed).toBe(true);
  });
});

describe.each(availableStoreKinds())('an API that cannot be knocked over (%s)', (kind) => {
  let h: DemoHub;
  let server: RunningServer;
  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny');
    server = await startServer(h.hub);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  it('pages of pages are refused with COST_LIMIT_EXCEEDED before any statement, alone and five at once, without heap growth', async () => {
    h.resetStatements();
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    const t = performance.now();
    const one = await post(server.url, PAGES_OF_PAGES);
    const oneMs = performance.now() - t;
    expect(one.status).toBe(400);
    const error = json(one).errors[0];
    expect(error.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', limit: 250_000 });
    expect(error.extensions.cost).toBeGreaterThan(1e12);
    expect(error.message).toContain(`costs ${error.extensions.cost.toLocaleString('en')}`);
    const t5 = performance.now();
    const five = await Promise.all(Array.from({ length: 5 }, () => post(server.url, PAGES_OF_PAGES)));
    const fiveMs = performance.now() - t5;
    for (const r of five) expect(json(r).errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    const heapAfter = process.memoryUsage().heapUsed;
    expect(h.statements()).toEqual([]); // nothing ran
    expect(heapAfter - heapBefore).toBeLessThan(40 * 1024 * 1024);
    console.info(`cost attack: refused in ${oneMs.toFixed(0)} ms, five at once in ${fiveMs.toFixed(0)} ms; heap ${mb(heapBefore)} → ${mb(heapAfter)} MB, RSS ${mb(rssBefore)} → ${mb(process.memoryUsage().rss)} MB (before: 41 s, 69.7 MB response, RSS 358 MB → 2.25 GB; five killed the process)`);
  });

  it('a variable page size counts: the same query passes or not by its variables', async () => {
    const small = withServer(h.hub, { maxCost: 50 });
    const s = await startServer(small);
    try {
      const q = 'query($n: Int) { persons(first: $n) { nodes { name birthYear } } }';
      const ok = await post(s.url, q, { n: 10 });
      expect(json(ok).errors).toBeUndefined();
      expect(json(ok).data.persons.nodes).toHaveLength(10);
      const refused = json(await post(s.url, q, { n: 30 }));
      expect(refused.errors[0].extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', cost: 91, limit: 50 });
    } finally {
      await s.close();
    }
  });

  it('fragment fan-out is refused by the depth rule while /healthz keeps answering', async () => {
    const query = fragmentFanOut();
    expect(query.length).toBeLessThan(2000);
    const t = performance.now();
    const attacks = Array.from({ length: 5 }, () => post(server.url, query));
    const health = await raw(server.url, { path: '/healthz' });
    expect(health.status).toBe(200);
    const results = await Promise.all(attacks);
    const ms = performance.now() - t;
    for (const r of results) expect(json(r).errors[0].extensions.code).toBe('QUERY_DEPTH_LIMIT_EXCEEDED');
    // without the nesting the fan-out is shallow, and the cost limit refuses its 2^26 expansion
    const flat = json(await post(server.url, fragmentFanOut(26, false)));
    expect(flat.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    console.info(`fan-out: five refused in ${ms.toFixed(0)} ms`);
  });

  it('a document of more tokens than allowed is refused by the parser', async () => {
    const many = `{ ${Array.from({ length: 12_000 }, () => '__typename').join(' ')} }`;
    const r = json(await post(server.url, many));
    expect(r.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.errors[0].message).toMatch(/tokens/);
  });

  it('a 2 MB body gets a JSON 413 PAYLOAD_TOO_LARGE, with Content-Length and streamed, and the server goes on', async () => {
    const big = JSON.stringify({ query: `{ __typename } #${'x'.repeat(2 * 1024 * 1024)}` });
    for (const chunked of [false, true]) {
      const r = await raw(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(Buffer.byteLength(big)) }) }, body: big, chunked });
      expect(r.status).toBe(413);
      expect(json(r).errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 1024 * 1024 });
    }
    const viaFetch = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(viaFetch.status).toBe(413);
    expect(((await viaFetch.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const after = json(await post(server.url, '{ areas(first: 1) { totalCount } }'));
    expect(after.data.areas.totalCount).toBeGreaterThan(0);
  });

  it('a NUL or a lone surrogate in a string argument is BAD_USER_INPUT naming the field, with nothing logged', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk) => lines.push(...String(chunk).split('\n').filter(Boolean)));
    const logged = { ...h.hub, logger: createLogger({ level: 'debug', destination: stream }) };
    const s = await startServer(logged);
    try {
      const inline = await post(s.url, '{ persons(filter: { name: "a\\u0000b" }) { totalCount } }');
      expect(inline.status).toBe(400);
      expect(json(inline).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.name' });
      expect(json(inline).errors[0].message).toContain('filter.name');
      const viaVariable = json(await post(s.url, 'query($f: PersonFilter) { persons(filter: $f) { totalCount } }', { f: { name: 'x\u0000' } }));
      expect(viaVariable.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.name' });
      const surrogate = json(await post(s.url, 'query($c: String!) { area(code: $c) { code } }', { c: '4201\ud800' }));
      expect(surrogate.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
      const inList = json(await post(s.url, '{ cases(filter: { category: ["ok", "b\\u0000d"] }) { totalCount } }'));
      expect(inList.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.category[1]' });
      // a well-formed astral character is fine
      const emoji = json(await post(s.url, '{ persons(filter: { name: "😀" }) { totalCount } }'));
      expect(emoji.errors).toBeUndefined();
    } finally {
      await s.close();
    }
    expect(lines.filter((l) => /graphql request failed|stack/.test(l))).toEqual([]);
  });

  it('a foreign Host is refused (DNS rebinding), health endpoints answer any Host', async () => {
    const port = new URL(server.url).port;
    const foreign = await post(server.url, '{ __typename }', {}, { host: `rebind.attacker.example:${port}` });
    expect(foreign.status).toBe(421);
    expect(json(foreign).errors[0].extensions.code).toBe('HOST_NOT_ALLOWED');
    const playground = await raw(server.url, { path: '/', headers: { host: 'rebind.attacker.example', accept: 'text/html' } });
    expect(playground.status).toBe(421);
    for (const path of ['/healthz', '/readyz']) expect((await raw(server.url, { path, headers: { host: '10.1.2.3:4000' } })).status).toBe(200);
    expect((await post(server.url, '{ __typename }', {}, { host: `localhost:${port}` })).status).toBe(200);
    const anyHost = await startServer(withServer(h.hub, { allowedHosts: ['*'] }));
    try {
      expect((await post(anyHost.url, '{ __typename }', {}, { host: 'api.example.org' })).status).toBe(200);
    } finally {
      await anyHost.close();
    }
    const named = await startServer(withServer(h.hub, { allowedHosts: ['api.example.org'] }));
    try {
      expect((await post(named.url, '{ __typename }', {}, { host: 'API.example.org:443' })).status).toBe(200);
      expect((await post(named.url, '{ __typename }', {}, { host: 'localhost' })).status).toBe(421);
    } finally {
      await named.close();
    }
  });

  it('a foreign Origin is refused; a configured CORS origin gets its preflight and Access-Control-Allow-Origin', async () => {
    const own = await post(server.url, '{ __typename }', {}, { origin: server.url });
    expect(own.status).toBe(200);
    const foreign = await post(server.url, '{ __typename }', {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(json(foreign).errors[0].extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    expect((await post(server.url, '{ __typename }', {}, { origin: 'null' })).status).toBe(403);
    const cors = await startServer(withServer(h.hub, { cors: { origins: ['https://app.example.org'] } }));
    try {
      const preflight = await raw(cors.url, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.org');
      expect(preflight.headers['access-control-allow-methods']).toBe('GET, POST, OPTIONS');
      expect(preflight.headers['access-control-allow-headers']).toBe('content-type, authorization, x-api-key, apollo-require-preflight');
      expect(preflight.headers.vary).toContain('Origin');
      const call = await post(cors.url, '{ areas(first: 1) { totalCount } }', {}, { origin: 'https://app.example.org' });
      expect(call.status).toBe(200);
      expect(call.headers['access-control-allow-origin']).toBe('https://app.example.org');
      expect(json(call).data.areas.totalCount).toBeGreaterThan(0);
      const other = await raw(cors.url, { method: 'OPTIONS', headers: { origin: 'https://other.example.org', 'access-control-request-method': 'POST' } });
      expect(other.status).toBe(403);
    } finally {
      await cors.close();
    }
  });

  it('a caller past its burst gets 429 RATE_LIMITED with Retry-After; other callers are not affected', async () => {
    const limited = withServer(h.hub, { rateLimit: { perMinute: 6, burst: 3 } });
    const s = await startServer(limited, (req) => ({ role: 'ADMIN', areaScope: [], subject: String(req.headers['x-test-subject'] ?? 'development') }));
    try {
      for (let i = 0; i < 3; i++) expect((await post(s.url, '{ __typename }', {}, { 'x-test-subject': 'app-1' })).status).toBe(200);
      const refused = await post(s.url, '{ __typename }', {}, { 'x-test-subject': 'app-1' });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(json(refused).errors[0].extensions.code).toBe('RATE_LIMITED');
      expect((await post(s.url, '{ __typename }', {}, { 'x-test-subject': 'app-2' })).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('introspection can be switched off', async () => {
    const closed = await startServer(withServer(h.hub, { introspection: false }));
    try {
      const r = json(await post(closed.url, '{ __schema { queryType { name } } }'));
      expect(r.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(json(await post(server.url, '{ __schema { queryType { name } } }')).data.__schema.queryType.name).toBe('Query');
    } finally {
      await closed.close();
    }
  });

  it('past the time budget the answer is REQUEST_TIMEOUT and the execution starts no further statement', async () => {
    // every statement of this hub's API takes 400 ms more; the budget is 100 ms
    const slowDb = h.hub.store.apiDb.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        await new Promise((r) => setTimeout(r, 400));
        return args.result;
      },
    });
    const slow = { ...withServer(h.hub, { requestTimeoutMs: 100 }), store: { ...h.hub.store, apiDb: slowDb } };
    const s = await startServer(slow);
    try {
      h.resetStatements();
      const r = await post(s.url, '{ grids(first: 3) { nodes { community { name } } } }'); // two statements, one after the other
      expect(r.status).toBe(503);
      expect(json(r).errors[0].extensions).toMatchObject({ code: 'REQUEST_TIMEOUT', limit: 100 });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(h.statements()).toHaveLength(1); // the second statement was never sent
      const health = await raw(s.url, { path: '/healthz' });
      expect(health.status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe.runIf(availableStoreKinds().includes('postgres'))('the API pool cancels slow statements on PostgreSQL', () => {
  it('statement_timeout applies to the API pool, not to ingestion', async () => {
    const hub = await createTestHub('postgres', { config: { server: { requestTimeoutMs: 200 } } });
    try {
      expect(hub.store.apiDb).not.toBe(hub.db);
      const t = performance.now();
      const cancelled = await sql`select pg_sleep(3)`.execute(hub.store.apiDb).then(
        () => null,
        (err: { code?: string; message?: string }) => err,
      );
      const ms = performance.now() - t;
      expect(cancelled?.code).toBe('57014'); // query_canceled: canceling statement due to statement timeout
      expect(cancelled?.message).toContain('statement timeout');
      await sql`select pg_sleep(0.5)`.execute(hub.db); // ingestion's pool has no timeout
      const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(hub.store.apiDb);
      expect(rows[0]!.statement_timeout).toBe('200ms');
      console.info(`statement_timeout: pg_sleep(3) cancelled after ${ms.toFixed(0)} ms`);
    } finally {
      await hub.destroy();
    }
  });
});
