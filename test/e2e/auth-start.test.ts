/**
 * `huiju start` and authentication: it refuses a network interface without auth (AUTH_REQUIRED),
 * serves one with `auth.mode: open` (saying so loudly), and with a JWT secret and a metrics port
 * serves /metrics only on that port while /graphql wants a token.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for';

const BIN = resolve(__dirname, '../../bin/huiju.mjs');
const SECRET = 'start-secret-0123456789-abcdefghijklmn';

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const dataDir = join(mkdtempSync(join(tmpdir(), 'huiju-auth-start-')), 'data');
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: '', KAFKA_BROKERS: '', HUIJU_PII_KEY: '', HOST: '', HUIJU_AUTH_MODE: '', HUIJU_JWT_SECRET: '', HUIJU_METRICS_PORT: '', HUIJU_DATA_DIR: dataDir, HUIJU_DEMO: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => output, exited };
}


/** The loopback URL of a server that said it is up on `http://0.0.0.0:port`. */
const local = (url: string) => url.replace('0.0.0.0', '127.0.0.1');

describe('huiju start and authentication', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  it('refuses HOST=0.0.0.0 without authentication, with AUTH_REQUIRED and what to set', async () => {
    const hub = start({ HOST: '0.0.0.0' });
    children.push(hub.child);
    expect(await hub.exited).not.toBe(0);
    expect(hub.output()).toContain('AUTH_REQUIRED');
    expect(hub.output()).toContain('HUIJU_JWT_SECRET');
    expect(hub.output()).not.toContain('Huiju is up');
  }, 60_000);

  it('starts on 0.0.0.0 with auth.mode open, warning that every caller is ADMIN', async () => {
    const hub = start({ HOST: '0.0.0.0', HUIJU_AUTH_MODE: 'open' });
    children.push(hub.child);
    const url = local(await waitFor(() => /Huiju is up on (http:\/\/\S+?)\s/.exec(hub.output())?.[1], 120_000, `the hub to start:\n${hub.output()}`));
    expect(hub.output()).toMatch(/WARNING: auth\.mode is "open"/);
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ areas(first: 1) { totalCount } }' }) });
    expect(res.status).toBe(200);
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
  }, 150_000);

  it('with a JWT secret and a metrics port: /graphql wants a token, /metrics is only on its own port', async () => {
    const hub = start({ HUIJU_JWT_SECRET: SECRET, HUIJU_METRICS_PORT: '0' });
    children.push(hub.child);
    const url = await waitFor(() => /Huiju is up on (http:\/\/\S+?)\s/.exec(hub.output())?.[1], 120_000, `the hub to start:\n${hub.output()}`);
    const metricsUrl = await waitFor(() => /Metrics on (http:\/\/\S+?\/metrics)/.exec(hub.output())?.[1], 10_000, 'the metrics port');
    expect(hub.output()).toContain('Authentication required: HS256 bearer tokens (shared secret); API keys');
    expect(hub.output()).not.toContain('development mode');
    const anonymous = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ areas(first: 1) { totalCount } }' }) });
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    const scraped = await fetch(metricsUrl);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('huiju_');
    expect(new URL(metricsUrl).port).not.toBe(new URL(url).port);
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
  }, 150_000);

  it('in development mode says plainly that every caller is ADMIN', async () => {
    const hub = start({});
    children.push(hub.child);
    const url = await waitFor(() => /Huiju is up on (http:\/\/\S+?)\s/.exec(hub.output())?.[1], 120_000, `the hub to start:\n${hub.output()}`);
    expect(hub.output()).toContain('development mode: no authentication, every caller is ADMIN; bound to loopback only');
    const page = await (await fetch(`${url}/`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('data-auth-mode="development"');
    expect(page).toContain('every caller is ADMIN');
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
    hub.child.kill('SIGTERM');
    expect(await hub.exited).toBe(0);
  }, 150_000);
});
