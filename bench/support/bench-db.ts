/**
 * What the benchmarks share: command-line options, throw-away PostgreSQL databases, and the COPY
 * baseline (the rows a run wrote, exported and COPYed into an empty store with the same schema).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../../src/db/migrate';
import { openStore } from '../../src/db/open-store';

/** `--name value` from the command line, or `fallback`. */
export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** The server the benchmarks create their databases on. */
export const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Creates database `name` on {@link ADMIN_URL}; returns its URL. */
export async function createDatabase(name: string): Promise<string> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.end();
}

/**
 * CPU seconds (user + system) in the text of a `/proc/<pid>/stat` or `/proc/<pid>/task/<tid>/stat`
 * file: the fields after the command name (which may hold spaces and parentheses) are state 3rd,
 * utime 14th and stime 15th, in clock ticks (100 a second on Linux).
 */
export function statCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds a server process used so far (user + system), or null when /proc cannot tell. */
export function processCpuSeconds(pid: number): number | null {
  try {
    return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * CPU seconds a process used so far on its main thread (the JavaScript the event loop runs) and on
 * its other threads together (in Node.js: V8's compiler and garbage-collector helpers, libuv's
 * pool), or null when /proc cannot tell. A thread that ended meanwhile takes its seconds with it.
 */
export function threadCpuSeconds(pid: number = process.pid): { main: number; others: number } | null {
  try {
    let main = 0;
    let others = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      let seconds: number;
      try {
        seconds = statCpuSeconds(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      } catch {
        continue; // the thread ended while the list was read
      }
      if (tid === String(pid)) main += seconds;
      else others += seconds;
    }
    return { main, others };
  } catch {
    return null;
  }
}

/** CPU seconds per backend serving the named database now. */
export async function backendCpu(db: Kysely<any>, database: string): Promise<Map<number, number | null>> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = ${database}`.execute(db);
  return new Map(rows.map((r) => [r.pid, processCpuSeconds(r.pid)]));
}

/** CPU the backends used between two readings; null when any could not be read. */
export function cpuBetween(before: Map<number, number | null>, after: Map<number, number | null>): number | null {
  let total = 0;
  for (const [pid, end] of after) {
    const start = before.get(pid) ?? 0;
    if (end === null || start === null) return null;
    total += end - start;
  }
  return total;
}

/** `person 1.02 (50000), residency 0.80 (50000), …`: a baseline's tables, most time first. */
export function describeCopyTables(b: CopyBaseline): string {
  return [...b.perTable].sort((x, y) => y.seconds - x.seconds).map((t) => `${t.table} ${t.seconds.toFixed(2)} (${t.rows})`).join(', ');
}

/**
 * A CHECKPOINT, run before every timed phase (an apply, a sync, a COPY baseline), so that each
 * starts with no dirty buffers and no WAL written towards the next checkpoint. The server requests
 * one every half `max_wal_size` or so (a Kafka run writes several GB of WAL), and one that falls
 * inside a phase — its buffer writes, then the full-page images of every page touched first after
 * it — slows that phase alone, whichever side of a ratio it is. Resolves false when the role may
 * not checkpoint (it needs superuser or `pg_checkpoint`); the phase then runs as it is.
 */
export async function checkpoint(db: Kysely<any>): Promise<boolean> {
  try {
    await sql`checkpoint`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** The baseline: how long COPY of the rows a run wrote takes, and how many rows that is. */
export interface CopyBaseline {
  seconds: number;
  rows: number;
  /** CPU seconds of the COPY's server backend, or null when /proc cannot tell. */
  serverCpu: number | null;
  /** Seconds per table, in the order COPYed. */
  perTable: { table: string; seconds: number; rows: number }[];
}

/**
 * Exports `tables` (in foreign-key order) from `from` to CSV files in `work` (a folder the server
 * can write), then COPYs them in one transaction into the empty database at `copyUrl`, migrated
 * to the same schema and indexes — timed, after a {@link checkpoint}.
 */
export async function copyBaseline(from: Kysely<any>, copyUrl: string, tables: readonly string[], work: string): Promise<CopyBaseline> {
  let rows = 0;
  const perTable: CopyBaseline['perTable'] = [];
  for (const table of tables) {
    const { rows: out } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(from);
    rows += out[0]!.n;
    perTable.push({ table, seconds: 0, rows: out[0]!.n });
    await sql.raw(`copy (select * from ${table}) to '${join(work, `${table}.csv`)}' with (format csv)`).execute(from);
  }
  const copyStore = await openStore({ databaseUrl: copyUrl });
  await migrateToLatest(copyStore.db);
  await checkpoint(copyStore.db);
  let serverCpu: number | null = null;
  const started = process.hrtime.bigint();
  await copyStore.db.transaction().execute(async (trx) => {
    const { rows: me } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
    const before = processCpuSeconds(me[0]!.pid);
    for (const t of perTable) {
      const tableStarted = process.hrtime.bigint();
      await sql.raw(`copy ${t.table} from '${join(work, `${t.table}.csv`)}' with (format csv)`).execute(trx);
      t.seconds = Number(process.hrtime.bigint() - tableStarted) / 1e9;
    }
    const after = processCpuSeconds(me[0]!.pid);
    if (before !== null && after !== null) serverCpu = after - before;
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await copyStore.close();
  return { seconds, rows, serverCpu, perTable };
}
