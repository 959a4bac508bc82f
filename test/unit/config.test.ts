import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { writesChangeEvents } from '../../src/ingest/outbox.repository';
import { configError } from '../support/config-error';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'huiju-config-'));

describe('config', () => {
  it('has embedded defaults when nothing is set', () => {
    const cwd = emptyDir();
    const c = loadConfig({ env: {}, cwd });
    expect(c.database.url).toBeUndefined();
    expect(c.dataDir).toBe(join(cwd, '.huiju/data'));
    expect(c.server).toMatchObject({ port: 4000, host: '127.0.0.1' });
    expect(c.server).toMatchObject({
      cors: { origins: [] },
      maxBodyBytes: 1024 * 1024,
      maxCost: 250_000,
      requestTimeoutMs: 15_000,
      rateLimit: { perMinute: 600, burst: 100 },
      introspection: true,
    });
    expect(c.logLevel).toBe('info');
    expect(c.demo.profile).toBe('tiny');
    expect(Object.isFrozen(c.server)).toBe(true);
  });

  it('reads the environment variables of the README table', () => {
    const c = loadConfig({
      env: {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/huiju',
        KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19093',
        HUIJU_DATA_DIR: '/var/lib/huiju',
        PORT: '8080',
        LOG_LEVEL: 'debug',
        HUIJU_PII_KEY: 'a'.repeat(64),
        HUIJU_DEMO: 'false',
      },
      cwd: emptyDir(),
    });
    expect(c.database.url).toBe('postgres://postgres@127.0.0.1:5432/huiju');
    expect(c.kafka.brokers).toEqual(['127.0.0.1:19092', '127.0.0.1:19093']);
    expect(c.dataDir).toBe('/var/lib/huiju');
    expect(c.server.port).toBe(8080);
    expect(c.logLevel).toBe('debug');
    expect(c.demo.autoload).toBe(false);
  });

  it('reads the API hardening settings (hosts, CORS, body, cost, time budget, rate limit, introspection) from the environment', () => {
    const c = loadConfig({
      env: {
        HUIJU_ALLOWED_HOSTS: 'api.example.org, 10.0.0.5,[::1]',
        HUIJU_CORS_ORIGINS: 'https://app.example.org,http://localhost:5173',
        HUIJU_MAX_BODY_BYTES: '65536',
        HUIJU_MAX_COST: '1000',
        HUIJU_REQUEST_TIMEOUT_MS: '2500',
        HUIJU_RATE_LIMIT_PER_MINUTE: '0',
        HUIJU_RATE_LIMIT_BURST: '5',
        HUIJU_INTROSPECTION: 'off',
      },
      cwd: emptyDir(),
    });
    expect(c.server).toMatchObject({
      allowedHosts: ['api.example.org', '10.0.0.5', '[::1]'],
      cors: { origins: ['https://app.example.org', 'http://localhost:5173'] },
      maxBodyBytes: 65536,
      maxCost: 1000,
      requestTimeoutMs: 2500,
      rateLimit: { perMinute: 0, burst: 5 },
      introspection: false,
    });
    expect(configError(() => loadConfig({ env: { HUIJU_CORS_ORIGINS: 'https://app.example.org/path' }, cwd: emptyDir() })).message).toContain('server.cors.origins.0 (env HUIJU_CORS_ORIGINS)');
    expect(configError(() => loadConfig({ env: { HUIJU_MAX_COST: '0' }, cwd: emptyDir() })).message).toContain('server.maxCost (env HUIJU_MAX_COST)');
    expect(configError(() => loadConfig({ env: { HUIJU_ALLOWED_HOSTS: 'http://x' }, cwd: emptyDir() })).message).toContain('server.allowedHosts.0 (env HUIJU_ALLOWED_HOSTS)');
  });

  it('writes change events by default exactly when Kafka is configured, and HUIJU_OUTBOX decides when set', () => {
    const writes = (env: Record<string, string>) => writesChangeEvents(loadConfig({ env, cwd: emptyDir() }));
    expect(writes({})).toBe(false);
    expect(writes({ KAFKA_BROKERS: '127.0.0.1:9092' })).toBe(true);
    expect(writes({ HUIJU_OUTBOX: 'on' })).toBe(true);
    expect(writes({ KAFKA_BROKERS: '127.0.0.1:9092', HUIJU_OUTBOX: 'off' })).toBe(false);
    expect(configError(() => loadConfig({ env: { HUIJU_OUTBOX: 'maybe' }, cwd: emptyDir() })).message).toContain('outbox.enabled (env HUIJU_OUTBOX)');
  });

  it('fails with a message naming the field and the variable that set it', () => {
    const err = configError(() => loadConfig({ env: { PORT: 'eighty' }, cwd: emptyDir() }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('server.port (env PORT)');
    const err2 = configError(() => loadConfig({ env: { DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nohost', HUIJU_PII_KEY: 'short' }, cwd: emptyDir() }));
    expect(err2.message).toContain('database.url (env DATABASE_URL)');
    expect(err2.message).toContain('kafka.brokers.0 (env KAFKA_BROKERS)');
    expect(err2.message).toContain('pii.key (env HUIJU_PII_KEY)');
    expect(err2.message).not.toContain('short'); // a bad secret is not echoed
  });

  it('reads huiju.config.yaml, lets the environment override it, and rejects unknown keys', () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'huiju.config.yaml'), 'server:\n  port: 5000\n  host: 0.0.0.0\nlogLevel: warn\n');
    const c = loadConfig({ env: { PORT: '6000' }, cwd });
    expect(c.server).toMatchObject({ port: 6000, host: '0.0.0.0', maxCost: 250_000 });
    expect(c.logLevel).toBe('warn');
    writeFileSync(join(cwd, 'huiju.config.yaml'), 'servr:\n  port: 5000\n');
    expect(configError(() => loadConfig({ env: {}, cwd })).message).toMatch(/servr/);
  });

  it('reads huiju.config.json and reports a broken file by name', () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'huiju.config.json'), '{"demo": {"profile": "ci"}}');
    expect(loadConfig({ env: {}, cwd }).demo.profile).toBe('ci');
    writeFileSync(join(cwd, 'huiju.config.json'), '{"demo": ');
    expect(configError(() => loadConfig({ env: {}, cwd })).message).toContain('huiju.config.json');
    expect(configError(() => loadConfig({ env: { HUIJU_CONFIG: 'nope.yaml' }, cwd })).message).toContain('HUIJU_CONFIG');
  });
});
