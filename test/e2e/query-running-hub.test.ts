/**
 * CLI commands on an embedded store held by a running `huiju start` (#14 item 7): PGlite is one
 * process's, so `huiju query` sends its operation through the running hub's API (with the local
 * credential of its `hub.json`, src/cli/running-hub.ts) and gets the answer it gets in process;
 * a command that needs the store itself says which hub holds it (url, pid) and how to go on. The
 * hub runs with tokens enforced, so the API really authenticates the CLI.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';
import { waitFor } from '../support/wait-for';

const BIN = resolve(__dirname, '../../bin/huiju.mjs');
const QUERY = '{ area(code: "420102") { name } }';


/** Runs `node bin/huiju.mjs …` to its end. */
function runProcess(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c) => (stdout += c));
    child.stderr!.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
  });
}

describe('CLI commands on an embedded store held by a running hub', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'huiju-held-')), 'data');
  const env = {
    DATABASE_URL: '',
    KAFKA_BROKERS: '',
    HOST: '',
    HUIJU_AUTH_MODE: '',
    HUIJU_METRICS_PORT: '',
    HUIJU_PII_KEY: randomBytes(32).toString('hex'),
    HUIJU_JWT_SECRET: randomBytes(32).toString('hex'),
    HUIJU_DATA_DIR: dataDir,
    HUIJU_DEMO: 'off',
    LOG_LEVEL: 'warn',
  };
  let hub: ChildProcess | undefined;
  afterAll(() => void hub?.kill('SIGKILL'));

  it('answers `huiju query` through the hub API as in process, and names the hub in the others’ STORE_LOCKED', async () => {
    // the store holds the demo frame; asked in process first (no hub running)
    expect((await runCli(['demo', '--direct', '--profile', 'tiny', '--json'], env)).code).toBe(0);
    const inProcess = await runCli(['query', QUERY, '--compact'], env);
    expect(inProcess.code, inProcess.stderr).toBe(0);
    expect(JSON.parse(inProcess.stdout)).toEqual({ data: { area: { name: expect.any(String) } } });
    expect(existsSync(join(dataDir, 'hub.json'))).toBe(false);

    let output = '';
    hub = spawn(process.execPath, [BIN, 'start', '--port', '0', '--no-demo'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    hub.stdout!.on('data', (c) => (output += c));
    hub.stderr!.on('data', (c) => (output += c));
    const url = await waitFor(() => /Huiju is up on (http:\/\/\S+?)\s/.exec(output)?.[1], 120_000, `the hub to start:\n${output}`);

    // the card: the hub's URL and pid, private to its user
    const card = JSON.parse(readFileSync(join(dataDir, 'hub.json'), 'utf8')) as { url: string; pid: number; credential: string };
    expect(card).toMatchObject({ url, pid: hub.pid });
    expect(statSync(join(dataDir, 'hub.json')).mode & 0o777).toBe(0o600);
    // the API enforces tokens: without the credential (or with a wrong one) nothing runs
    const post = (authorization?: string) =>
      fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify({ query: QUERY }) });
    expect((await post()).status).toBe(401);
    expect((await post(`Bearer ${card.credential.slice(0, -2)}xx`)).status).toBe(401);

    // a real `huiju query` process on the same store: answered by the hub, the same result
    const viaHub = await runProcess(['query', QUERY, '--compact'], env);
    expect(viaHub.code, viaHub.stderr).toBe(0);
    expect(JSON.parse(viaHub.stdout)).toEqual(JSON.parse(inProcess.stdout));
    // a GraphQL error still fails the command, with the hub's error code
    const bad = await runProcess(['query', '{ noSuchField }'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('GRAPHQL_ERRORS');

    // a command that needs the store itself: STORE_LOCKED naming the hub and the way on
    const locked = await runCli(['dead-letters', 'list'], env);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('error STORE_LOCKED');
    expect(locked.stderr).toContain(`in use by the running hub at ${url} (pid ${hub.pid})`);
    expect(locked.stderr).toContain('huiju query');
    expect(locked.stderr).toContain(`kill ${hub.pid}`);

    // stopped, the hub takes its card away; the store is the CLI's again
    const exited = new Promise<number | null>((r) => hub!.once('exit', r));
    hub.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, 'hub.json'))).toBe(false);
    const after = await runCli(['query', QUERY, '--compact'], env);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(inProcess.stdout));
  }, 300_000);
});
