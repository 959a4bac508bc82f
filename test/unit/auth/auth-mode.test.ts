import { describe, expect, it } from 'vitest';
import { assertServable, authModeOf, isLoopbackHost } from '../../../src/auth/auth-mode';
import { credentialsOf } from '../../../src/auth/authenticate';
import { loadConfig } from '../../../src/config';
import { isHuijuError } from '../../../src/errors';

const config = (env: Record<string, string>) => loadConfig({ env, cwd: '/nonexistent-huiju-dir' });
const SECRET = 'x'.repeat(32);

describe('auth mode', () => {
  it('is development only on loopback without DATABASE_URL and without auth configured', () => {
    expect(authModeOf(config({}))).toBe('development');
    expect(authModeOf(config({ HOST: '::1' }))).toBe('development');
    expect(authModeOf(config({ HOST: 'localhost' }))).toBe('development');
    expect(authModeOf(config({ HOST: '0.0.0.0' }))).toBe('refused');
    expect(authModeOf(config({ HOST: '192.168.1.5' }))).toBe('refused');
    expect(authModeOf(config({ DATABASE_URL: 'postgres://h/db' }))).toBe('refused');
    expect(authModeOf(config({}), '0.0.0.0')).toBe('refused'); // the interface actually bound (--host) decides
  });

  it('is enforced once a secret, a JWKS URL or mode required is set, and open on purpose', () => {
    expect(authModeOf(config({ HUIJU_JWT_SECRET: SECRET }))).toBe('enforced');
    expect(authModeOf(config({ HUIJU_JWKS_URL: 'https://idp.example/jwks.json', HOST: '0.0.0.0' }))).toBe('enforced');
    expect(authModeOf(config({ HUIJU_AUTH_MODE: 'required' }))).toBe('enforced');
    expect(authModeOf(config({ HUIJU_AUTH_MODE: 'open', HOST: '0.0.0.0', HUIJU_JWT_SECRET: SECRET }))).toBe('open');
  });

  it('refuses to serve unauthenticated on a network interface or with DATABASE_URL, saying what to set', () => {
    for (const env of [{ HOST: '0.0.0.0' }, { DATABASE_URL: 'postgres://h/db' }] as Record<string, string>[]) {
      try {
        assertServable(config(env));
        expect.fail('expected AUTH_REQUIRED');
      } catch (err) {
        expect(isHuijuError(err, 'AUTH_REQUIRED')).toBe(true);
        expect((err as Error).message).toContain('HUIJU_JWT_SECRET');
        expect((err as Error).message).toContain('auth.mode: open');
      }
    }
    expect(assertServable(config({}))).toBe('development');
  });

  it('rejects a short JWT secret and a bad mode, naming the variable', () => {
    expect(() => config({ HUIJU_JWT_SECRET: 'short' })).toThrow(/auth\.jwtSecret \(env HUIJU_JWT_SECRET\): must be at least 32 bytes/);
    expect(() => config({ HUIJU_AUTH_MODE: 'off' })).toThrow(/auth\.mode/);
    expect(config({ HUIJU_PLAYGROUND: 'off', HUIJU_METRICS_PORT: '9464' }).server).toMatchObject({ playground: false, metricsPort: 9464 });
    expect(config({}).auth).toEqual({ mode: 'auto', issuer: 'huiju', audience: 'huiju-api', clockToleranceSeconds: 30 });
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.org', '128.0.0.1'].some(isLoopbackHost)).toBe(false);
  });
});

describe('credentialsOf', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as never;
  it('reads bearer tokens, API keys in either header, and refuses other schemes', () => {
    expect(credentialsOf(req({ authorization: 'Bearer abc.def.ghi' }))).toEqual({ kind: 'bearer', token: 'abc.def.ghi' });
    expect(credentialsOf(req({ authorization: 'bearer hj_secret' }))).toEqual({ kind: 'apiKey', secret: 'hj_secret' });
    expect(credentialsOf(req({ authorization: 'ApiKey hj_secret' }))).toEqual({ kind: 'apiKey', secret: 'hj_secret' });
    expect(credentialsOf(req({ 'x-api-key': 'hj_secret' }))).toEqual({ kind: 'apiKey', secret: 'hj_secret' });
    expect(credentialsOf(req({ authorization: 'Basic dXNlcjpwYXNz' }))).toEqual({ kind: 'unsupported' });
    expect(credentialsOf(req({}))).toEqual({ kind: 'none' });
  });
});
