/**
 * The compiled hub as it is installed (the Docker image's runtime stage): `bin/`, `dist/`,
 * `schema/` and `package.json`, no sources, and `node_modules` without tsx or any other dev
 * dependency. `huiju` runs from another folder, finds its schema file, serves the API and the
 * playground bundle — nothing reads `src/` or needs TypeScript tooling at run time.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);

describe('the compiled hub, installed without sources or dev dependencies', () => {
  const app = mkdtempSync(join(tmpdir(), 'huiju-installed-'));
  const cwd = mkdtempSync(join(tmpdir(), 'huiju-elsewhere-'));
  const bin = join(app, 'bin', 'huiju.mjs');
  const env = { ...process.env, DATABASE_URL: '', KAFKA_BROKERS: '', HUIJU_PII_KEY: '', HUIJU_RUN: '', HUIJU_DATA_DIR: join(cwd, 'data'), HUIJU_DEMO: 'off', LOG_LEVEL: 'warn' };
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    // dist/ of these sources (CI: built by `npm ci`, so nothing to do)
    await run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale']);
    for (const path of ['dist', 'schema', 'package.json', 'bin/huiju.mjs', 'bin/dist-status.mjs']) cpSync(join(ROOT, path), join(app, path), { recursive: true });
    // production dependencies only: every package of node_modules but the dev ones (and theirs)
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const dev = new Set(Object.keys(pkg.devDependencies));
    expect(dev).toContain('tsx');
    mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (dev.has(entry) || entry === '.bin' || entry === '@types') continue;
      if (entry.startsWith('@')) {
        mkdirSync(join(app, 'node_modules', entry), { recursive: true });
        for (const scoped of readdirSync(join(ROOT, 'node_modules', entry))) {
          if (!dev.has(`${entry}/${scoped}`)) symlinkSync(join(ROOT, 'node_modules', entry, scoped), join(app, 'node_modules', entry, scoped));
        }
      } else {
        symlinkSync(join(ROOT, 'node_modules', entry), join(app, 'node_modules', entry));
      }
    }
  }, 120_000);

  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(app, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  });

  it('has no tsx to fall back on', async () => {
    const probe = run(process.execPath, ['--input-type=module', '-e', "await import('tsx/esm/api')"], { cwd: app });
    await expect(probe).rejects.toThrow(/Cannot find (package|module) 'tsx'/);
  });

  it('prints and checks the GraphQL schema from another folder', async () => {
    const { stdout } = await run(process.execPath, [bin, 'schema'], { cwd, env });
    expect(stdout).toMatch(/^type Query \{/m); // built through the decorators, in the compiled classes
    const check = await run(process.execPath, [bin, 'schema', '--check'], { cwd, env });
    expect(check.stdout + check.stderr).toContain(`${join(app, 'schema', 'schema.graphql')} is up to date`);
  }, 60_000);

  it('starts, answers a query and serves the playground bundle', async () => {
    let output = '';
    child = spawn(process.execPath, [bin, 'start', '--port', '0', '--no-demo'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c) => (output += c));
    child.stderr!.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((r) => child!.once('exit', r));
    let url: string | undefined;
    for (const until = Date.now() + 120_000; !url && child.exitCode === null && Date.now() < until; ) {
      url = /Huiju is up on (http:\/\/\S+?)\s/.exec(output)?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 100));
    }
    expect(url, output).toBeDefined();
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ areas(first: 1) { totalCount } }' }) });
    expect(await res.json()).toEqual({ data: { areas: { totalCount: 0 } } });
    const page = await (await fetch(`${url}/`)).text();
    const script = /src="(\/playground\/playground\.js\?v=[0-9a-f]+)"/.exec(page)?.[1];
    expect(script, page).toBeDefined();
    const bundle = await fetch(`${url}${script}`);
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);
});
