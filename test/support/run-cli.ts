import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll } from 'vitest';
import { main } from '../../src/cli';
import { CONFIG_ENV_VARS } from '../../src/config';
import { createTestHub, type TestHub, type TestStoreKind } from './test-hub';

/**
 * Runs the `huiju` command in this process with the given environment: none of the hub's own
 * variables leak in from the test process (the command reads `process.env`), and everything is
 * restored afterwards. Returns the exit code and what it wrote.
 */
export async function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const isolated = { ...Object.fromEntries(CONFIG_ENV_VARS.map((k) => [k, undefined])), ...env };
  const saved = Object.fromEntries(Object.keys(isolated).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(isolated)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const code = await main(['node', 'huiju', ...args], { out, err });
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/**
 * Registers, in the calling `describe`, a maker of test hubs for CLI runs — each a fresh store with
 * its own PII key, and the environment that points `huiju` at it (`extra` added) — and their
 * destruction after the suite.
 */
export function useCliTestHubs(kind: TestStoreKind): (extra?: Record<string, string | undefined>) => Promise<{ hub: TestHub; env: Record<string, string | undefined> }> {
  const hubs: TestHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.destroy().catch(() => {});
  });
  return async (extra = {}) => {
    const key = randomBytes(32);
    const hub = await createTestHub(kind, { piiKey: key });
    hubs.push(hub);
    return { hub, env: { DATABASE_URL: hub.databaseUrl ?? '', HUIJU_PII_KEY: key.toString('hex'), LOG_LEVEL: 'silent', ...extra } };
  };
}
