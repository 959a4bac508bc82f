import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/open-store';
import { waitFor } from '../support/wait-for';

const BIN = resolve(__dirname, '../../bin/huiju.mjs');

/** Starts `huiju start` on an empty embedded data dir, the way `npm start` does on a fresh clone. */
function startHub(dataDir: string, env: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: '', KAFKA_BROKERS: '', HUIJU_PII_KEY: '', HUIJU_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  return { child, output: () => output };
}


function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((res) => {
    if (child.exitCode !== null) return res(child.exitCode);
    child.once('exit', (code) => res(code));
    child.kill('SIGTERM');
  });
}

describe('npm start on a fresh embedded data dir', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'huiju-start-')), 'data');
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  // its own waits (start: up to 120 s per run) bound it; a busy machine needs them
  it('comes up with demo data, answers health checks, and keeps its generated key', { timeout: 360_000 }, async () => {
    const started = Date.now();
    const hub = startHub(dataDir);
    children.push(hub.child);
    const url = await waitFor(() => /Huiju is up on (http:\/\/\S+?)\s/.exec(hub.output())?.[1], 120_000, `the hub to start:\n${hub.output()}`);
    const coldStartMs = Date.now() - started;
    console.info(`cold start of huiju start (embedded, demo tiny): ${(coldStartMs / 1000).toFixed(1)} s`);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ready', store: 'pglite' });
    expect((await fetch(`${url}/no-such-path`)).status).toBe(404);
    expect(await stop(hub.child)).toBe(0);

    const keyFile = join(dataDir, 'pii.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    // no personal identifier reached the log
    expect(hub.output()).not.toMatch(/\d{17}[\dX]/);

    const store = await openStore({ dataDir });
    try {
      const persons = await store.db.selectFrom('person').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const runs = await store.db.selectFrom('sync_run').select(['source_id', 'status']).execute();
      expect(Number(persons.n)).toBeGreaterThan(100);
      // the demo came in through the four connectors (plus the frame no source publishes)
      expect([...new Set(runs.map((r) => r.source_id))].sort()).toEqual([
        'demo',
        'demo-committee-api',
        'demo-property-events',
        'demo-social-orgs',
        'demo-street-office-002',
        'demo-street-office-003',
      ]);
      expect(runs.filter((r) => r.status !== 'SUCCEEDED')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses to start on that data with a different PII key', async () => {
    const key = readFileSync(join(dataDir, 'pii.key'), 'utf8').trim();
    writeFileSync(join(dataDir, 'pii.key'), `${key.replace(/^./, key[0] === 'a' ? 'b' : 'a')}\n`);
    const hub = startHub(dataDir);
    children.push(hub.child);
    const code = await new Promise<number | null>((res) => hub.child.once('exit', res));
    expect(code).toBe(1);
    expect(hub.output()).toContain('PII_KEY_MISMATCH');
    writeFileSync(join(dataDir, 'pii.key'), `${key}\n`);
  });
});
