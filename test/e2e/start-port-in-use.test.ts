import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(__dirname, '../../bin/huiju.mjs');

/** `huiju start` on a port another process holds: a coded error and exit 1, before the store opens or the demo loads. */
describe('huiju start on a port in use', () => {
  let holder: Server;
  afterAll(() => new Promise<void>((r) => (holder ? holder.close(() => r()) : r())));

  it('says PORT_IN_USE, exits 1 and leaves the data dir untouched', async () => {
    holder = createServer();
    const port = await new Promise<number>((r) => holder.listen(0, '127.0.0.1', () => r((holder.address() as { port: number }).port)));
    const dataDir = join(mkdtempSync(join(tmpdir(), 'huiju-port-')), 'data');
    let stderr = '';
    const child = spawn(process.execPath, [BIN, 'start', '--port', String(port)], {
      env: { ...process.env, DATABASE_URL: '', KAFKA_BROKERS: '', HUIJU_PII_KEY: '', HUIJU_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (c) => (stderr += c));
    const code = await new Promise<number | null>((r) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        r(c);
      });
    });
    expect(code, stderr).toBe(1);
    expect(stderr).toContain(`PORT_IN_USE: port ${port} on 127.0.0.1 is in use`);
    expect(stderr).not.toContain('demo profile');
    // nothing opened: no embedded store was created
    expect(() => readdirSync(dataDir)).toThrow();
  }, 90_000);
});
