import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database';
import { createPrivateDataDir, holdsEmbeddedStore, tightenDataDir } from './embedded-data-dir';
import { PGliteDialect } from './pglite-dialect';
import { tracedDialect } from '../telemetry/traced-dialect';
import { cacheStatements } from './statement-cache';
import { copyRowsOn } from './copy-rows';
import { keepResultColumnsOn } from './result-columns';
import { TYPE_PARSERS } from './type-parsers';
import { HuijuError } from '../errors';
import { isProcessAlive } from '../process-alive';

/** Which engine holds the canonical store. */
export type StoreKind = 'postgres' | 'pglite';

/** An open canonical store. */
export interface Store {
  /** The Kysely instance every repository takes as its first argument. */
  readonly db: Kysely<Database>;
  /**
   * The Kysely instance of the GraphQL API's requests: on PostgreSQL a pool of its own whose
   * statements run with `statement_timeout` = `apiStatementTimeoutMs` (so a runaway API query is
   * cancelled by the server, while ingestion on `db` is never limited); otherwise `db` itself.
   */
  readonly apiDb: Kysely<Database>;
  /**
   * The Kysely instance of the GraphQL API's reads when a read replica is configured
   * (`database.readUrl`, env `DATABASE_READ_URL`): a pool of its own on the replica, with the API's
   * `statement_timeout`. Absent without one: reads use {@link apiDb}.
   */
  readonly readDb?: Kysely<Database>;
  readonly kind: StoreKind;
  /** A description safe to log (no password). */
  readonly description: string;
  /** Closes the pool or the embedded database. Idempotent. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite store in `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded store. Ignored with `databaseUrl`. `null` keeps PGlite in memory (tests). */
  dataDir?: string | null;
  /** A read replica of `databaseUrl` for the API's reads ({@link Store.readDb}). Default: none. */
  readDatabaseUrl?: string | undefined;
  /** Named prepared `select` statements kept per PostgreSQL connection (src/db/statement-cache.ts); 0: none. Default 100. */
  statementCacheSize?: number;
  /** Pool size for PostgreSQL (and for the replica's pool). Default 10. */
  poolSize?: number;
  /** Called after every statement (used to count statements per request and in tests). */
  onQuery?: (event: LogEvent) => void;
  /**
   * Told when an existing embedded store's folder or files were readable by others and were
   * made private (0700 / 0600). Default: nobody is told.
   */
  logger?: { warn(fields: Record<string, unknown>, message: string): void };
  /**
   * PostgreSQL only: `statement_timeout` in ms of {@link Store.apiDb}'s own pool (same size as
   * the main one; its connections are opened on demand). Default: unset or `0` — `apiDb` is `db`.
   */
  apiStatementTimeoutMs?: number;
}

/**
 * The connection string with the server settings every hub connection starts with added to its
 * `options` parameter (PostgreSQL's startup options, after any the URL gives itself): `jit=off`.
 * The hub's statements are many short ones; on a large store PostgreSQL's cost estimate for a
 * dashboard statement crosses `jit_above_cost` and it spends ~0.5 s compiling a statement that
 * then runs in a fraction of that (the dashboards bench: street dashboard p50 1.6 s with JIT,
 * 0.9 s without, on the `perf` profile). A string that is not a URL is left as it is.
 */
export function withHubSettings(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return connectionString;
  }
  url.searchParams.set('options', [url.searchParams.get('options'), '-c jit=off'].filter(Boolean).join(' '));
  return url.toString();
}

/**
 * Opens the canonical store: PostgreSQL when a URL is given, PGlite otherwise. With tracing on,
 * every statement is a span (src/telemetry/traced-dialect.ts).
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const log = options.onQuery;
  if (options.databaseUrl) {
    const openPool = (statementTimeoutMs?: number, connectionString = options.databaseUrl) => {
      const pool = new pg.Pool({
        connectionString: connectionString && withHubSettings(connectionString),
        max: options.poolSize ?? 10,
        ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
        types: { getTypeParser: ((oid: number, format?: string) => TYPE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser },
      });
      // An idle client losing its server (restart, failover) must not crash the process.
      pool.on('error', () => {});
      // Nor a client in use: its query in flight fails (and is retried by the caller); the event must not go unheard.
      pool.on('connect', (client) => client.on('error', () => {}));
      // first: COPY statements reach the driver unwrapped (copy-rows.ts); the wrappers below pass them by
      copyRowsOn(pool);
      cacheStatements(pool, options.statementCacheSize ?? 100);
      // after the statement cache: this wraps the (text, values) call Kysely makes, whatever runs it
      keepResultColumnsOn(pool);
      return new Kysely<Database>({ dialect: tracedDialect(new PostgresDialect({ pool })), log });
    };
    const db = openPool();
    const apiDb = options.apiStatementTimeoutMs ? openPool(options.apiStatementTimeoutMs) : db;
    const readDb = options.readDatabaseUrl ? openPool(options.apiStatementTimeoutMs, options.readDatabaseUrl) : undefined;
    let closed = false;
    return {
      db,
      apiDb,
      ...(readDb ? { readDb } : {}),
      kind: 'postgres',
      description: redactUrl(options.databaseUrl),
      async close() {
        if (closed) return;
        closed = true;
        await db.destroy();
        if (apiDb !== db) await apiDb.destroy();
        await readDb?.destroy();
      },
    };
  }
  const dataDir = options.dataDir ?? null;
  if (dataDir) {
    // private before PGlite writes anything (its new files are 0666 whatever the umask)
    const existed = holdsEmbeddedStore(dataDir);
    createPrivateDataDir(dataDir);
    const tightened = tightenDataDir(dataDir);
    if (existed && tightened > 0) {
      options.logger?.warn({ dataDir, entries: tightened }, 'the embedded store was readable by other users: permissions tightened (folders 0700, files 0600)');
    }
  }
  const releaseLock = dataDir ? lockDataDir(dataDir) : () => {};
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    parsers: Object.fromEntries(Object.entries(TYPE_PARSERS).map(([oid, parse]) => [oid, (v: string) => parse(v)])),
  });
  try {
    await pglite.waitReady;
    if (dataDir) tightenDataDir(dataDir);
  } catch (err) {
    releaseLock();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: tracedDialect(new PGliteDialect(pglite)), log });
  let closed = false;
  return {
    db,
    apiDb: db,
    kind: 'pglite',
    description: dataDir ? `embedded PGlite in ${dataDir}` : 'embedded PGlite in memory',
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite.close();
      if (dataDir) tightenDataDir(dataDir);
      releaseLock();
    },
  };
}

/**
 * The embedded store is one process's: a second `huiju` on the same data dir (a `huiju demo` while
 * `npm start` runs) would corrupt it. A lock file holds the owner's pid; a lock whose process is
 * gone is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'huiju.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) {
        throw new HuijuError(
          'STORE_LOCKED',
          `The embedded store in ${dataDir} is open in another huiju process (pid ${pid}). Stop it first, or run the hub on PostgreSQL (DATABASE_URL) to use several processes.`,
          { dataDir, pid },
        );
      }
      unlinkSync(file); // left behind by a process that is gone
    }
  }
  throw new HuijuError('STORE_LOCKED', `Could not lock the embedded store in ${dataDir}`, { dataDir });
}


/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
