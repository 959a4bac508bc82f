/**
 * Authentication over HTTP with auth configured (a JWT secret, a JWKS served on loopback by the
 * test, a metrics token): no credentials, bad or stale ones → 401 UNAUTHENTICATED before anything
 * runs; a token's or an API key's role and scope reach the caller; /healthz and /readyz stay open;
 * /metrics wants the metrics token or `metrics.read`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../src/auth/api-keys';
import { normaliseGrant } from '../../src/auth/grant';
import { issueToken } from '../../src/auth/jwt';
import { loadDemo } from '../../src/demo/load-demo';
import type { Hub } from '../../src/hub';
import { type RunningServer, startHttpServer } from '../../src/server/http-server';
import { hubRoutes } from '../../src/server/routes';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
const METRICS_TOKEN = 'prometheus-scrape-token-0123';
const COMMUNITY = '420102002001';

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

async function post(url: string, query: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: res.status, body: (await res.json()) as Body };
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

/** A token signed with `key` (the shared secret unless given), claims as given, iss/aud/sub/exp defaulted. */
async function sign(claims: JWTPayload, options: { key?: Uint8Array | CryptoKey; alg?: string; kid?: string; iss?: string; aud?: string; exp?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: 'ADMIN', ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', ...(options.kid ? { kid: options.kid } : {}) })
    .setSubject('tester')
    .setIssuer(options.iss ?? 'huiju')
    .setAudience(options.aud ?? 'huiju-api')
    .setIssuedAt(now - 10)
    .setExpirationTime(options.exp ?? now + 600)
    .sign(options.key ?? new TextEncoder().encode(SECRET));
}

describe.each(availableStoreKinds())('authentication over HTTP on %s', (kind) => {
  let hub: TestHub;
  let server: RunningServer;
  let jwksServer: Server;
  let idpKey: CryptoKey;
  const opened: RunningServer[] = [];

  const householdsQuery = '{ households(first: 0) { totalCount } }';
  const filteredQuery = `{ households(filter: { area: "${COMMUNITY}" }, first: 0) { totalCount } }`;
  const serve = async (h: Hub) => {
    const s = await startHttpServer(h, { port: 0, host: '127.0.0.1', routes: hubRoutes(h) });
    opened.push(s);
    return s;
  };
  /** The same hub with other server settings (the routes read them from the config). */
  const withServer = (settings: Record<string, unknown>, auth: Record<string, unknown> = {}): Hub => ({
    ...hub,
    config: { ...hub.config, server: { ...hub.config.server, ...settings }, auth: { ...hub.config.auth, ...auth } },
  });

  beforeAll(async () => {
    // the identity provider: an ES256 key whose public half is served as a JWKS on loopback
    const pair = await generateKeyPair('ES256');
    idpKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    hub = await createTestHub(kind, { config: { auth: { jwtSecret: SECRET, jwksUrl, metricsToken: METRICS_TOKEN } } });
    await loadDemo(hub, { profile: 'tiny' });
    server = await serve(hub);
  }, 120_000);

  afterAll(async () => {
    for (const s of opened) await s.close();
    await new Promise((r) => jwksServer?.close(r));
    await hub?.destroy();
  });

  const expectRefused = (r: { status: number; body: Body }, token?: string) => {
    expect(r.status).toBe(401);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    if (token) expect(r.body.errors?.[0]?.message).not.toContain(token);
  };

  it('answers 401 UNAUTHENTICATED without credentials, before the operation is looked at', async () => {
    expectRefused(await post(server.url, householdsQuery));
    expectRefused(await post(server.url, '{ area(code: "x") { code } }')); // invalid arguments: auth comes first
    expectRefused(await post(server.url, '{ noSuchField }'));
    expectRefused(await post(server.url, 'mutation { undoMerge(mergeId: "00000000-0000-4000-8000-000000000000") { id } }'));
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"}' });
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expectRefused(await post(server.url, householdsQuery, { authorization: 'Basic dXNlcjpwYXNz' }));
  });

  it('refuses a bad signature, an expired token, a wrong issuer or audience, an unknown role, a missing scope, an unsigned token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string][] = [
      ['bad signature', await sign({}, { key: new TextEncoder().encode('another-secret-0123456789-abcdefghijkl') })],
      ['expired', await sign({}, { exp: now - 120 })],
      ['wrong issuer', await sign({}, { iss: 'someone-else' })],
      ['wrong audience', await sign({}, { aud: 'another-api' })],
      ['unknown role', await sign({ role: 'ROOT' })],
      ['no role', await sign({ role: undefined })],
      ['required scope missing', await sign({ role: 'COMMUNITY_STAFF' })],
      ['bad area', await sign({ role: 'COMMUNITY_STAFF', area: 'not-a-code' })],
      ['unsigned', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ role: 'ADMIN', sub: 'x', iss: 'huiju', aud: 'huiju-api', exp: now + 600 })).toString('base64url')}.`],
      ['garbage', 'not-a-jwt'],
    ];
    for (const [what, token] of cases) {
      const r = await post(server.url, householdsQuery, bearer(token));
      expect(r.status, what).toBe(401);
      expectRefused(r, token);
    }
    // within the clock tolerance (30 s) a just-expired token still passes
    expect((await post(server.url, householdsQuery, bearer(await sign({}, { exp: now - 5 })))).status).toBe(200);
  });

  it('answers /healthz and /readyz without a token', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ status: 'ready' });
  });

  it("carries a token's role and area scope into the caller", async () => {
    const admin = await issueToken(hub.config.auth, normaliseGrant({ role: 'ADMIN' }), { subject: 'admin', ttlSeconds: 600 });
    const staff = await issueToken(hub.config.auth, normaliseGrant({ role: 'COMMUNITY_STAFF', areas: [COMMUNITY] }), { subject: 'staff', ttlSeconds: 600 });
    const all = await post(server.url, householdsQuery, bearer(admin));
    const filtered = await post(server.url, filteredQuery, bearer(admin));
    const mine = await post(server.url, householdsQuery, bearer(staff));
    expect(all.status).toBe(200);
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data.households.totalCount).toBe(filtered.body.data.households.totalCount);
    expect(mine.body.data.households.totalCount).toBeGreaterThan(0);
    expect(mine.body.data.households.totalCount).toBeLessThan(all.body.data.households.totalCount);
    // a 9-digit street code in the token is the street's subtree
    const street = await sign({ role: 'STREET_STAFF', area: COMMUNITY.slice(0, 9) });
    const streetCount = (await post(server.url, householdsQuery, bearer(street))).body.data.households.totalCount;
    expect(streetCount).toBeGreaterThanOrEqual(mine.body.data.households.totalCount);
    expect(streetCount).toBeLessThanOrEqual(all.body.data.households.totalCount);
  });

  it('accepts an ES256 token from the JWKS and refuses one signed by a key the JWKS does not hold', async () => {
    const staff = await sign({ role: 'COMMUNITY_STAFF', area: [COMMUNITY] }, { key: idpKey, alg: 'ES256', kid: 'idp-1' });
    const admin = await issueToken(hub.config.auth, normaliseGrant({ role: 'ADMIN' }), { subject: 'admin', ttlSeconds: 600 });
    const viaJwks = await post(server.url, householdsQuery, bearer(staff));
    expect(viaJwks.status).toBe(200);
    expect(viaJwks.body.data.households.totalCount).toBe((await post(server.url, filteredQuery, bearer(admin))).body.data.households.totalCount);
    const stranger = (await generateKeyPair('ES256')).privateKey;
    expectRefused(await post(server.url, householdsQuery, bearer(await sign({}, { key: stranger, alg: 'ES256', kid: 'idp-1' }))));
    expectRefused(await post(server.url, householdsQuery, bearer(await sign({}, { key: stranger, alg: 'ES256', kid: 'idp-2' }))));
  });

  it('accepts an API key in either header with its grant, and refuses it once revoked or expired', async () => {
    const { key, secret } = await createApiKey(hub.db, { name: 'grid-app', grant: normaliseGrant({ role: 'COMMUNITY_STAFF', areas: [COMMUNITY] }), expiresAt: null, createdBy: 'test' });
    const admin = await issueToken(hub.config.auth, normaliseGrant({ role: 'ADMIN' }), { subject: 'admin', ttlSeconds: 600 });
    const expected = (await post(server.url, filteredQuery, bearer(admin))).body.data.households.totalCount;
    for (const headers of [{ 'x-api-key': secret }, { authorization: `ApiKey ${secret}` }, bearer(secret)]) {
      const r = await post(server.url, householdsQuery, headers);
      expect(r.status).toBe(200);
      expect(r.body.data.households.totalCount).toBe(expected);
    }
    // its last use is recorded (after the answer, at most once a minute)
    await expect.poll(async () => (await hub.db.selectFrom('api_key').select('last_used_at').where('id', '=', key.id).executeTakeFirstOrThrow()).last_used_at).not.toBeNull();
    expectRefused(await post(server.url, householdsQuery, { 'x-api-key': `${secret}x` }), secret);
    await revokeApiKey(hub.db, key.prefix);
    expectRefused(await post(server.url, householdsQuery, { 'x-api-key': secret }), secret);

    const stale = await createApiKey(hub.db, { name: 'stale', grant: normaliseGrant({ role: 'ADMIN' }), expiresAt: new Date(Date.now() + 60_000), createdBy: 'test' });
    expect((await post(server.url, householdsQuery, { 'x-api-key': stale.secret })).status).toBe(200);
    await hub.db.updateTable('api_key').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', stale.key.id).execute();
    expectRefused(await post(server.url, householdsQuery, { 'x-api-key': stale.secret }));
  });

  it('serves /metrics for the metrics token or a caller with metrics.read only', async () => {
    const metrics = (headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers });
    const none = await metrics();
    expect(none.status).toBe(401);
    expect(await none.text()).not.toContain('huiju_');
    expect((await metrics(bearer('wrong-token-wrong-token'))).status).toBe(401);
    const scraped = await metrics(bearer(METRICS_TOKEN));
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('huiju_');
    const operator = await issueToken(hub.config.auth, normaliseGrant({ role: 'OPERATOR' }), { subject: 'ops', ttlSeconds: 600 });
    expect((await metrics(bearer(operator))).status).toBe(200);
    const staff = await issueToken(hub.config.auth, normaliseGrant({ role: 'COMMUNITY_STAFF', areas: [COMMUNITY] }), { subject: 'staff', ttlSeconds: 600 });
    expect((await metrics(bearer(staff))).status).toBe(403);
    // with a metrics port, the API's port has no /metrics at all (huiju start serves it there)
    const separate = await serve(withServer({ metricsPort: 0 }));
    expect((await fetch(`${separate.url}/metrics`, { headers: bearer(METRICS_TOKEN) })).status).toBe(404);
  });

  it('tells the playground that a token is needed, and can turn the playground off', async () => {
    const page = await (await fetch(`${server.url}/`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('data-auth-mode="enforced"');
    expect(page).toContain('id="huiju-token"');
    expect(page).not.toContain('every caller is ADMIN');
    const off = await serve(withServer({ playground: false }));
    expect((await fetch(`${off.url}/`, { headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await fetch(`${off.url}/playground/playground.js`)).status).toBe(404);
    const browserGet = await fetch(`${off.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(browserGet.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(browserGet.status).toBe(401); // it is just GraphQL now, which wants a token
  });

  it('in open mode lets every caller in as ADMIN, and says so on the page', async () => {
    const open = await serve(withServer({}, { mode: 'open' }));
    const r = await post(open.url, householdsQuery);
    expect(r.status).toBe(200);
    expect(r.body.data.households.totalCount).toBeGreaterThan(0);
    expect((await fetch(`${open.url}/metrics`)).status).toBe(200);
    expect(await (await fetch(`${open.url}/`, { headers: { accept: 'text/html' } })).text()).toContain('data-auth-mode="open"');
  });
});
