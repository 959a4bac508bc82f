/**
 * vitest globalSetup: finds (or starts) the real services the integration tests use and hands
 * their addresses to test files through `inject('databaseUrl')` / `inject('kafkaBrokers')`
 * (see test/support/services.ts). A service that cannot be had is `null` and its tests are
 * skipped with a visible message, except under CI=true, where a missing service fails the run.
 *
 * PostgreSQL: DATABASE_URL when set, else postgres://postgres@127.0.0.1:5432/postgres. The URL
 * handed on is an admin connection: test files may CREATE DATABASE from it.
 *
 * Kafka: KAFKA_BROKERS when set (`none` skips Kafka), else a single-node broker started with
 * scripts/kafka.sh (Java 17 + Maven needed). Several test runs in this tree may share that
 * broker: each holds a lease in .huiju/kafka/leases/, and the last run out stops the broker if a
 * test run started it. A broker started by hand (`bash scripts/kafka.sh start`) is left running.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of a reachable PostgreSQL (CREATE DATABASE allowed), or null: skip. */
    databaseUrl: string | null;
    /** Comma-separated `host:port` list of a reachable Kafka, or null: skip. */
    kafkaBrokers: string | null;
  }
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const KAFKA_HOME = join(ROOT, '.huiju/kafka');
const LEASES = join(KAFKA_HOME, 'leases');
const CI = process.env.CI === 'true';
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const say = (msg: string) => console.log(`[services] ${msg}`);

/** Under CI a missing service is an error; elsewhere its tests are skipped, loudly. */
function unavailable(service: 'PostgreSQL' | 'Kafka', reason: string): null {
  if (CI) throw new Error(`${service} is required under CI=true but is not available: ${reason}`);
  console.warn(`\n[services] ⚠  ${service} tests SKIPPED: ${reason}\n`);
  return null;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

async function pgReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

async function resolvePostgres(): Promise<string | null> {
  const explicit = process.env.DATABASE_URL;
  const url = explicit || DEFAULT_DATABASE_URL;
  const error = await pgReachable(url);
  if (error === null) return url;
  if (explicit) throw new Error(`DATABASE_URL (${redact(url)}) is set but not reachable: ${error}`);
  return unavailable(
    'PostgreSQL',
    `no DATABASE_URL and nothing at ${url} (${error}); run \`bash scripts/postgres.sh ensure\` or set DATABASE_URL`,
  );
}

function tcpReachable(hostPort: string, timeoutMs = 3_000): Promise<boolean> {
  const i = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, i).replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(hostPort.slice(i + 1));
  return new Promise((done) => {
    if (i < 0 || !Number.isInteger(port)) return done(false);
    const socket = connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function onPath(command: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

function javaAvailable(): boolean {
  const home = process.env.JAVA_HOME;
  return (home !== undefined && existsSync(join(home, 'bin/java'))) || onPath('java');
}

/** Runs scripts/kafka.sh; resolves with its combined output, rejects with it on failure. */
function kafkaSh(args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn('bash', [join(ROOT, 'scripts/kafka.sh'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', fail);
    child.once('close', (code) =>
      code === 0 ? done(out) : fail(new Error(`scripts/kafka.sh ${args.join(' ')} failed (exit ${code}):\n${out}`)),
    );
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function otherLiveLeases(): number[] {
  if (!existsSync(LEASES)) return [];
  const live: number[] = [];
  for (const name of readdirSync(LEASES)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (pidAlive(pid)) live.push(pid);
    else rmSync(join(LEASES, name), { force: true }); // a run that died without its teardown
  }
  return live;
}

async function resolveKafka(): Promise<{ brokers: string | null; teardown?: () => Promise<void> }> {
  const explicit = process.env.KAFKA_BROKERS?.trim();
  if (explicit && /^(none|off|skip)$/i.test(explicit)) {
    return { brokers: unavailable('Kafka', `KAFKA_BROKERS=${explicit}`) };
  }
  if (explicit) {
    const list = explicit.split(',').map((s) => s.trim()).filter(Boolean);
    const answers = await Promise.all(list.map((b) => tcpReachable(b)));
    if (!answers.some(Boolean)) throw new Error(`KAFKA_BROKERS (${explicit}) is set but no broker answers`);
    await exportSaslListeners();
    return { brokers: list.join(',') };
  }

  const fetched = existsSync(join(KAFKA_HOME, 'lib/.huiju-stamp'));
  if (!javaAvailable() || (!fetched && !onPath('mvn'))) {
    return {
      brokers: unavailable(
        'Kafka',
        'Java/Maven not found (no KAFKA_BROKERS; a local broker needs Java 17+ and, for its first start, Maven)',
      ),
    };
  }

  // Take a lease first, so a concurrent run that finishes meanwhile does not stop the broker.
  mkdirSync(LEASES, { recursive: true });
  const lease = join(LEASES, String(process.pid));
  writeFileSync(lease, `${new Date().toISOString()}\n`);
  const release = () => rmSync(lease, { force: true });

  const started = Date.now();
  let output: string;
  try {
    output = await kafkaSh(['start'], { KAFKA_STARTED_BY: `vitest:${process.pid}` });
  } catch (err) {
    release();
    throw err;
  }
  const summary = output.trim().split('\n').filter((l) => /broker started|ready on/.test(l)).pop();
  const took = ((Date.now() - started) / 1000).toFixed(1);
  say(`Kafka: ${summary?.replace(/^\[kafka\] /, '').replace(/, logs .*$/, '') ?? 'ready'} (setup took ${took}s)`);
  const port = process.env.KAFKA_PORT || '19092';
  await exportSaslListeners();

  const teardown = async () => {
    release();
    let startedBy = '';
    try {
      startedBy = readFileSync(join(KAFKA_HOME, 'started-by'), 'utf8').trim();
    } catch {
      return; // already stopped
    }
    if (!startedBy.startsWith('vitest:')) return; // started by hand: leave it running
    const others = otherLiveLeases();
    if (others.length > 0) {
      say(`Kafka: left running for ${others.length} other test run(s) in this tree`);
      return;
    }
    const out = await kafkaSh(['stop']);
    const line = out.trim().split('\n').pop();
    if (line) say(`Kafka: ${line.replace(/^\[kafka\] /, '')}`);
  };
  return { brokers: `127.0.0.1:${port}`, teardown };
}

/**
 * The local test broker's SASL listeners, as `scripts/kafka.sh env` names them
 * (KAFKA_SASL_BROKERS, KAFKA_SASL_SSL_BROKERS, KAFKA_TEST_CA_FILE, KAFKA_TEST_SASL_USER/PASSWORD),
 * put into this process's environment — which the test workers inherit — when the SASL port
 * answers (a broker started before it had one does not) and the variables are not set already.
 */
async function exportSaslListeners(): Promise<void> {
  if (process.env.KAFKA_SASL_BROKERS) return;
  const vars = new Map(
    [...(await kafkaSh(['env'])).matchAll(/^export (KAFKA_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const).filter(([k]) => k !== 'KAFKA_BROKERS'),
  );
  const sasl = vars.get('KAFKA_SASL_BROKERS');
  if (!sasl || !(await tcpReachable(sasl))) return;
  for (const [k, v] of vars) process.env[k] ??= v;
  say(`Kafka: SASL listener on ${sasl}${vars.has('KAFKA_SASL_SSL_BROKERS') ? `, SASL_SSL on ${vars.get('KAFKA_SASL_SSL_BROKERS')}` : ''}`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [pgResult, kafkaResult] = await Promise.allSettled([resolvePostgres(), resolveKafka()]);
  if (pgResult.status === 'rejected' || kafkaResult.status === 'rejected') {
    if (kafkaResult.status === 'fulfilled') await kafkaResult.value.teardown?.().catch(() => {});
    throw pgResult.status === 'rejected' ? pgResult.reason : (kafkaResult as PromiseRejectedResult).reason;
  }
  const databaseUrl = pgResult.value;
  const kafka = kafkaResult.value;
  project.provide('databaseUrl', databaseUrl);
  project.provide('kafkaBrokers', kafka.brokers);
  return async () => {
    await kafka.teardown?.();
  };
}
