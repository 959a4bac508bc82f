#!/usr/bin/env node
// Re-runs issue 10's attack table against a running hub and prints one row per attack: what was
// sent, what came back, how long it took and what the server's memory did. Loopback only; every
// loop is bounded. Usage:
//   node scripts/attack-table.mjs --url http://127.0.0.1:4000 [--pid <server pid>] [--token <JWT for a scoped role>]
// --pid reads the server's resident memory from /proc; --token is used for the checks that need a
// signed-in caller without L4 access (partyMember filter), e.g. a GRID_WORKER token.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
if (args.includes('--help')) {
  console.log('usage: node scripts/attack-table.mjs --url http://127.0.0.1:4000 [--pid PID] [--token JWT] [--area 420102002001]');
  process.exit(0);
}
const base = new URL(opt('url', 'http://127.0.0.1:4000'));
if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) throw new Error('loopback targets only');
const pid = opt('pid');
const token = opt('token');
const area = opt('area', '420102002001');

const rssMb = () => {
  if (!pid) return null;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
};

/** One HTTP exchange; resolves with status, body bytes, first 300 chars and ms, or the socket error. */
function send({ method = 'POST', path = '/graphql', headers = {}, body = null, timeoutMs = 60_000 }) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = request({ host: base.hostname.replace(/^\[|\]$/g, ''), port: base.port, method, path, headers, timeout: timeoutMs }, (res) => {
      let bytes = 0;
      let head = '';
      res.on('data', (c) => {
        bytes += c.length;
        if (head.length < 300) head += c.toString('utf8').slice(0, 300 - head.length);
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes, head, ms: performance.now() - t0 }));
      res.on('error', (e) => resolve({ status: 'error', error: e.code ?? e.message, bytes, head, ms: performance.now() - t0 }));
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', (e) => resolve({ status: 'error', error: e.code ?? e.message, bytes: 0, head: '', ms: performance.now() - t0 }));
    if (body !== null) req.write(body);
    req.end();
  });
}

const gql = (query, variables = {}, extra = {}) =>
  send({ body: JSON.stringify({ query, variables }), headers: { 'content-type': 'application/json', ...(extra.auth ? { authorization: `Bearer ${extra.auth}` } : {}), ...(extra.headers ?? {}) }, ...extra });
const code = (r) => /"code":"([A-Z_]+)"/.exec(r.head)?.[1] ?? '';
const rows = [];
const row = (finding, r, note = '') => rows.push({ finding, status: r.status, code: r.error ?? code(r), ms: Math.round(r.ms), bytes: r.bytes, note });

// 1. anonymous operator and merge access
row('anonymous: deadLetters', await gql('{ deadLetters(first: 1) { totalCount } }'));
row('anonymous: mergeEntities (bad ids)', await gql('mutation { mergeEntities(targetId: "x", sourceId: "y") { id } }'));
row('anonymous: GET /metrics', await send({ method: 'GET', path: '/metrics' }));
// 2. Host / Origin / CORS
row('foreign Host header (DNS rebinding)', await gql('{ areas(first: 1) { totalCount } }', {}, { headers: { host: 'evil.example:4000' } }));
row('foreign Origin', await gql('{ areas(first: 1) { totalCount } }', {}, { headers: { origin: 'http://evil.example' } }));
row('CORS preflight, foreign origin', await send({ method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } }));
// 3. cost
const costQuery = '{ cases(first:1000){ nodes { area { grids(first:1000){ nodes { households(first:1000){ nodes { residents(first:1000){ nodes { name } } } } } } } } } }';
const before = rssMb();
const cost = await gql(costQuery, {}, { auth: token });
row(`330-byte nested query (${costQuery.length} B)`, cost, `RSS ${before ?? '?'} → ${rssMb() ?? '?'} MB`);
// 4. fragment fan-out
let doc = 'query { ...F0 }\n';
for (let i = 0; i < 26; i++) doc += `fragment F${i} on Query { ${i === 25 ? 'areas(first: 1) { totalCount }' : `...F${i + 1} ...F${i + 1}`} }\n`;
const health = [];
const healthLoop = (async () => {
  for (let i = 0; i < 20; i++) {
    const h = await send({ method: 'GET', path: '/healthz', timeoutMs: 20_000 });
    health.push(h.ms);
    if (h.ms > 1000 || i > 3) break;
  }
})();
const fan = await gql(doc, {}, { auth: token });
await healthLoop;
row(`fragment fan-out, 26 deep (${doc.length} B)`, fan, `slowest /healthz meanwhile ${Math.round(Math.max(...health))} ms`);
// 5. name oracle and masking
const oracle = await gql('{ persons(first: 5, filter: { name: "陈" }) { totalCount nodes { name idNumberMasked birthYear } } }', {}, { auth: token });
row('substring name oracle: persons(name: "陈")', oracle, /"totalCount":(\d+)/.exec(oracle.head)?.[1] ? `totalCount ${/"totalCount":(\d+)/.exec(oracle.head)[1]}` : '');
const masked = await gql(`{ persons(first: 1, filter: { area: "${area}" }) { nodes { idNumberMasked birthYear } } }`, {}, { auth: token });
row('masked ID beside birthYear', masked, /"idNumberMasked":"([^"]*)"/.exec(masked.head)?.[1] ?? '');
const party = await gql(`{ persons(first: 5, filter: { area: "${area}", partyMember: true }) { totalCount } }`, {}, { auth: token });
row('partyMember filter (role without L4)', party, /"totalCount":(\d+)/.exec(party.head)?.[1] ? `totalCount ${/"totalCount":(\d+)/.exec(party.head)[1]}` : '');
// 6. body size and NUL
const big = JSON.stringify({ query: `{ areas(first: 1) { totalCount } }`, variables: { pad: 'x'.repeat(2 * 1024 * 1024) } });
row('2 MB request body', await send({ body: big, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big), ...(token ? { authorization: `Bearer ${token}` } : {}) } }));
row('NUL byte in a string filter', await gql('query($n: String!) { organizations(first: 1, filter: { name: $n }) { totalCount } }', { n: 'a\u0000b' }, { auth: token }));

console.log('| finding | HTTP | code / error | ms | bytes | note |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.finding} | ${r.status} | ${r.code} | ${r.ms} | ${r.bytes} | ${r.note} |`);
