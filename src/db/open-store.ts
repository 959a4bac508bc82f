import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database';
import { PGliteDialect } from './pglite-dialect';
import { TYPE_PARSERS } from './type-parsers';

/** Which engine holds the canonical store. */
export type StoreKind = 'postgres' | 'pglite';

/** An open canonical store. */
export interface Store {
  /** The Kysely instance every repository takes as its first argument. */
  readonly db: Kysely<Database>;
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
  /** Pool size for PostgreSQL. Default 10. */
  poolSize?: number;
  /** Called after every statement (used to count statements per request and in tests). */
  onQuery?: (event: LogEvent) => void;
}

/** Opens the canonical store: PostgreSQL when a URL is given, PGlite otherwise. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const log = options.onQuery;
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: { getTypeParser: ((oid: number, format?: string) => TYPE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser },
    });
    // An idle client losing its server (restart, failover) must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    let closed = false;
    return {
      db,
      kind: 'postgres',
      description: redactUrl(options.databaseUrl),
      async close() {
        if (closed) return;
        closed = true;
        await db.destroy();
      },
    };
  }
  const dataDir = options.dataDir ?? null;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite({
    ...(dataDir ? { dataDir } : {}),
    parsers: Object.fromEntries(Object.entries(TYPE_PARSERS).map(([oid, parse]) => [oid, (v: string) => parse(v)])),
  });
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), log });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    description: dataDir ? `embedded PGlite in ${dataDir}` : 'embedded PGlite in memory',
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite.close();
    },
  };
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
