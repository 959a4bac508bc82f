/**
 * A private, throw-away PostgreSQL cluster for one test (or one script run) that may be stopped
 * and restarted under a running worker — never the shared server other test runs use.
 *
 *   const why = privatePostgresUnavailable();          // null, or why there is none here
 *   const pgp = await startPrivatePostgres();
 *   ... pgp.url (admin URL, CREATE DATABASE allowed) ...
 *   await pgp.restart({ downMs: 2_000 });              // really down: connections are refused meanwhile
 *   await pgp.destroy();                                // stops it and deletes its files
 *
 * `initdb` / `pg_ctl` come from the newest /usr/lib/postgresql/<version>/bin (or PG_BIN). The
 * cluster lives in a temp dir (data, log, unix socket), trusts every local connection and listens
 * on a free TCP port of 127.0.0.1. PostgreSQL refuses to run as root: as root the binaries run as
 * the `postgres` OS user (`runuser -u postgres --`), who owns the temp dir. A cluster still
 * running when the process exits is stopped then (best effort).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  /** Admin connection string (user postgres, database postgres, trust auth). */
  readonly url: string;
  readonly port: number;
  /** Temp dir holding `data/`, `postgres.log` and the unix socket. */
  readonly dir: string;
  /**
   * Stops the server (`immediate`: like a crash, recovery on start; `fast`: clients are told the
   * server shuts down), keeps it down for `downMs`, starts it again and waits until it accepts
   * connections. Resolves with how long it was down and whether a connection attempt in that
   * time was refused (it should be).
   */
  restart(options?: { downMs?: number; mode?: 'immediate' | 'fast' }): Promise<{ downMs: number; refused: boolean }>;
  /** Stops the server (it can be started again). */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  start(): Promise<void>;
  /** Stops the server if it runs and deletes its files. Idempotent. */
  destroy(): Promise<void>;
}

interface Tools {
  bin: string;
  /** Prefix that runs a command as the cluster's OS user (empty when not root). */
  asUser: string[];
  owner: { uid: number; gid: number } | null;
}

/** Why no private cluster can be started here, or null when one can. */
export function privatePostgresUnavailable(): string | null {
  const t = findTools();
  return typeof t === 'string' ? t : null;
}

function findTools(): Tools | string {
  let bin = process.env.PG_BIN;
  if (!bin) {
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))) : [];
    versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
    if (versions.length === 0) return `no initdb under ${root}/<version>/bin (set PG_BIN to the folder of initdb and pg_ctl)`;
    bin = join(root, versions[0]!, 'bin');
  }
  for (const tool of ['initdb', 'pg_ctl']) if (!existsSync(join(bin, tool))) return `${tool} not found in ${bin}`;
  if (process.getuid?.() !== 0) return { bin, asUser: [], owner: null };
  // PostgreSQL will not run as root: run it as the postgres OS user
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) return 'running as root and there is no `postgres` OS user to run PostgreSQL as';
  if (spawnSync('runuser', ['--help'], { stdio: 'ignore' }).status !== 0) return 'running as root and `runuser` is not available';
  return { bin, asUser: ['runuser', '-u', 'postgres', '--'], owner: { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } };
}

function argvOf(tools: Tools, tool: string, args: string[]): string[] {
  return [...tools.asUser, join(tools.bin, tool), ...args];
}

function run(tools: Tools, tool: string, args: string[]): Promise<string> {
  const argv = argvOf(tools, tool, args);
  return new Promise((done, fail) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', fail);
    child.once('close', (code) => (code === 0 ? done(out) : fail(new Error(`${tool} ${args.join(' ')} failed (exit ${code}):\n${out}`))));
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    });
  });
}

/** True when a TCP connection to the port is refused (nothing listens). */
function refusedAt(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (refused: boolean) => {
      socket.destroy();
      done(refused);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.once('connect', () => finish(false));
    socket.once('error', (err: NodeJS.ErrnoException) => finish(err.code === 'ECONNREFUSED'));
  });
}

/** initdb + start. Throws (with the reason) when no cluster can be had; see {@link privatePostgresUnavailable}. */
export async function startPrivatePostgres(options: { port?: number } = {}): Promise<PrivatePostgres> {
  const tools = findTools();
  if (typeof tools === 'string') throw new Error(`cannot start a private PostgreSQL: ${tools}`);
  const dir = mkdtempSync(join(tmpdir(), 'huiju-pg-'));
  if (tools.owner) chownSync(dir, tools.owner.uid, tools.owner.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const port = options.port ?? (await freePort());
  // fsync off: a throw-away cluster; an immediate stop still loses nothing committed (the OS keeps the pages)
  const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off`;
  const withLog = async <T>(what: () => Promise<T>): Promise<T> => {
    try {
      return await what();
    } catch (err) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
      throw new Error(`${(err as Error).message}\n--- ${logFile} ---\n${tail}`, { cause: err });
    }
  };
  let running = false;
  const start = () =>
    withLog(async () => {
      await run(tools, 'pg_ctl', ['-D', data, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start']);
      running = true;
    });
  const stop = (mode: 'immediate' | 'fast' = 'fast') =>
    withLog(async () => {
      await run(tools, 'pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    });
  const stopAtExit = () => {
    if (running) {
      const argv = argvOf(tools, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore' });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(tools, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    await start();
  } catch (err) {
    stopAtExit();
    throw err;
  }
  process.once('exit', stopAtExit);
  let destroyed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    async restart({ downMs = 1_000, mode = 'immediate' } = {}) {
      const t0 = Date.now();
      await stop(mode);
      const refused = await refusedAt(port);
      const left = downMs - (Date.now() - t0);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
      await start();
      return { downMs: Date.now() - t0, refused };
    },
    stop,
    start,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      process.removeListener('exit', stopAtExit);
      if (running) await stop('immediate').catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
