import { PassThrough } from 'node:stream';
import { main } from '../../src/cli';
import { CONFIG_ENV_VARS } from '../../src/config';

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
