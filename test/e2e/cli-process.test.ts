import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const BIN = resolve(__dirname, '../../bin/huiju.mjs');
const run = promisify(execFile);

/** `huiju` as a process, the way people run it. */
describe('huiju as a command', () => {
  // the sources go through tsx with the project's own tsconfig (decorators), wherever the working directory is
  it('runs from any folder: loads the GraphQL schema (decorators) and prints it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'huiju-cwd-'));
    const { stdout } = await run(process.execPath, [BIN, 'schema'], { cwd, env: { ...process.env, DATABASE_URL: '', KAFKA_BROKERS: '', LOG_LEVEL: 'silent' } });
    expect(stdout).toMatch(/^type Query \{/m);
    expect(stdout).toContain('byHub: Boolean!');
  }, 120_000);

  it('--json prints only JSON on stdout; logs go to stderr', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'huiju-json-'));
    const { stdout, stderr } = await run(process.execPath, [BIN, 'migrate', '--json'], {
      cwd,
      env: { ...process.env, DATABASE_URL: '', KAFKA_BROKERS: '', HUIJU_PII_KEY: '', HUIJU_DATA_DIR: join(cwd, 'data'), LOG_LEVEL: 'info' },
    });
    // a first run generates the embedded store's PII key and says so in the log
    expect(stderr).toContain('generated a PII key');
    expect(JSON.parse(stdout).applied.length).toBeGreaterThan(5);
  }, 120_000);
});
