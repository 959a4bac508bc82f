/**
 * `huiju api-keys create|list|revoke` against a real store: the secret is printed once and works
 * at once, listings never show it, and a revoked key is refused by the server from the next request.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { openHub } from '../../src/hub';
import { createLogger } from '../../src/logger';
import { startHttpServer } from '../../src/server/http-server';
import { hubRoutes } from '../../src/server/routes';
import { runCli } from '../support/run-cli';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

describe.each(availableStoreKinds())('huiju api-keys on %s', (kind) => {
  const piiKey = randomBytes(32);
  let pgHub: TestHub | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (kind === 'postgres') {
      pgHub = await createTestHub('postgres', { piiKey });
      env = { DATABASE_URL: pgHub.databaseUrl!, HUIJU_PII_KEY: piiKey.toString('hex'), LOG_LEVEL: 'silent' };
      await pgHub.close();
    } else {
      env = { HUIJU_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'huiju-keys-')), 'data'), LOG_LEVEL: 'silent' };
    }
  }, 60_000);
  afterAll(async () => {
    await pgHub?.destroy();
  });

  /** Opens the configured store with API keys required, asks /graphql with `headers`, closes it again (PGlite allows one opener). */
  async function ask(headers: Record<string, string>): Promise<{ status: number; body: any }> {
    const hub = await openHub(loadConfig({ env: { ...env, HUIJU_AUTH_MODE: 'required' }, cwd: '/nonexistent-huiju-dir' }), { logger: createLogger({ level: 'silent' }) });
    const server = await startHttpServer(hub, { port: 0, host: '127.0.0.1', routes: hubRoutes(hub) });
    try {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ areas(first: 1) { totalCount } }' }) });
      return { status: res.status, body: await res.json() };
    } finally {
      await server.close();
      await hub.close();
    }
  }

  it('creates a key (secret shown once), lists it without the secret, and revokes it by prefix', async () => {
    const created = await runCli(['api-keys', 'create', '--name', 'dashboard', '--role', 'GRID_WORKER', '--area', '420102002001', '--expires', '30d'], env);
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^hj_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown only now');

    const listed = await runCli(['api-keys', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(secret);
    const keys = JSON.parse(listed.stdout) as { id: string; prefix: string; name: string; role: string; areaScope: string[]; status: string; expiresAt: string }[];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ prefix: secret.slice(0, 10), name: 'dashboard', role: 'GRID_WORKER', areaScope: ['420102002001'], status: 'active' });
    expect(new Date(keys[0]!.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const ok = await ask({ 'x-api-key': secret });
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    expect((await ask({})).status).toBe(401);

    const revoked = await runCli(['api-keys', 'revoke', keys[0]!.prefix, '--json'], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: keys[0]!.id, status: 'revoked' });
    const refused = await ask({ authorization: `ApiKey ${secret}` });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(refused.body.data).toBeUndefined();
    expect((await runCli(['api-keys', 'list'], env)).stdout).toContain('revoked');
  }, 120_000);

  it('refuses a bad grant before touching the store, and an unknown key to revoke', async () => {
    const noArea = await runCli(['api-keys', 'create', '--name', 'x', '--role', 'COMMUNITY_STAFF'], env);
    expect(noArea.code).not.toBe(0);
    expect(noArea.stderr).toContain('INVALID_GRANT');
    const app = await runCli(['api-keys', 'create', '--name', 'x', '--role', 'APP', '--area', '420102'], env);
    expect(app.stderr).toContain('ops');
    const unknown = await runCli(['api-keys', 'revoke', 'hj_nosuchkey'], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('NOT_FOUND');
  }, 60_000);
});

describe('huiju token issue', () => {
  const SECRET = 'cli-secret-0123456789-abcdefghijklmnop';
  it('prints a token the server accepts, and refuses without a secret or with a bad grant', async () => {
    const issued = await runCli(['token', 'issue', '--role', 'COMMUNITY_STAFF', '--area', '420102002001', '--sub', 'wang', '--ttl', '1h', '--json'], { HUIJU_JWT_SECRET: SECRET });
    expect(issued.code, issued.stderr).toBe(0);
    const out = JSON.parse(issued.stdout) as { token: string; role: string; areaScope: string[]; expiresAt: string };
    expect(out).toMatchObject({ role: 'COMMUNITY_STAFF', areaScope: ['420102002001'] });
    const { createJwtVerifier } = await import('../../src/auth/jwt');
    const verifier = createJwtVerifier(loadConfig({ env: { HUIJU_JWT_SECRET: SECRET }, cwd: '/nonexistent-huiju-dir' }).auth)!;
    expect(await verifier.verify(out.token)).toMatchObject({ role: 'COMMUNITY_STAFF', areaScope: ['420102002001'], subject: 'wang' });
    await expect(createJwtVerifier(loadConfig({ env: { HUIJU_JWT_SECRET: `${SECRET}-other` }, cwd: '/nonexistent-huiju-dir' }).auth)!.verify(out.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    const plain = await runCli(['token', 'issue', '--role', 'ADMIN'], { HUIJU_JWT_SECRET: SECRET });
    expect(plain.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const noSecret = await runCli(['token', 'issue', '--role', 'ADMIN']);
    expect(noSecret.code).not.toBe(0);
    expect(noSecret.stderr).toContain('HUIJU_JWT_SECRET');
    const badArea = await runCli(['token', 'issue', '--role', 'GRID_WORKER', '--area', '12'], { HUIJU_JWT_SECRET: SECRET });
    expect(badArea.stderr).toContain('INVALID_GRANT');
    expect((await runCli(['token', 'issue', '--role', 'ADMIN', '--ttl', 'forever'], { HUIJU_JWT_SECRET: SECRET })).stderr).toContain('--ttl');
  });
});
