import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { loadConfig } from '../../src/config';
import { migrateToLatest } from '../../src/db/migrate';
import { openStore } from '../../src/db/open-store';
import type { Hub } from '../../src/hub';
import { createLogger } from '../../src/logger';
import { createPiiVault } from '../../src/pii/pii-vault';

export type TestStoreKind = 'postgres' | 'pglite';

/** Store kinds available in this run: PGlite always, PostgreSQL when the global setup found one. */
export function availableStoreKinds(): TestStoreKind[] {
  return inject('databaseUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

/** A hub on a fresh, migrated store: its own PostgreSQL database, or an in-memory PGlite. */
export interface TestHub extends Hub {
  /** Connection string of the test database (PostgreSQL only). */
  readonly databaseUrl: string | null;
  /** Closes the store and drops the database. */
  destroy(): Promise<void>;
}

/** Builds a {@link TestHub}. Each call gets an empty store, so test files can run in parallel. */
export async function createTestHub(
  kind: TestStoreKind,
  options: {
    onQuery?: (sql: string) => void;
    piiKey?: Buffer;
    /** Admin URL of another PostgreSQL server (default: the run's, `inject('databaseUrl')`). */
    adminUrl?: string;
    /** Further config settings (as in huiju.config.json), e.g. `{ outbox: { enabled: true } }`. */
    config?: Record<string, unknown>;
  } = {},
): Promise<TestHub> {
  const key = options.piiKey ?? randomBytes(32);
  const logger = createLogger({ level: 'silent' });
  let databaseUrl: string | null = null;
  let dropDatabase = async () => {};
  if (kind === 'postgres') {
    const admin = options.adminUrl ?? inject('databaseUrl');
    if (!admin) throw new Error('PostgreSQL is not available in this run');
    const name = `huiju_t_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const config = loadConfig({
    env: {},
    cwd: process.cwd(),
    overrides: {
      dataDir: './.huiju/test-unused',
      logLevel: 'silent',
      pii: { key: key.toString('hex') },
      ...(databaseUrl ? { database: { url: databaseUrl } } : {}),
      ...options.config,
    },
  });
  const store = await openStore({
    databaseUrl: databaseUrl ?? undefined,
    dataDir: null,
    onQuery: options.onQuery ? (e) => options.onQuery!(e.query.sql) : undefined,
    apiStatementTimeoutMs: config.server.requestTimeoutMs,
  });
  await migrateToLatest(store.db);
  const vault = createPiiVault(key);
  return {
    config,
    store,
    db: store.db,
    vault,
    logger,
    sources: [],
    databaseUrl,
    close: () => store.close(),
    async destroy() {
      await store.close();
      await dropDatabase();
    },
  };
}

/**
 * Inside a `describe`: makes fresh {@link TestHub}s of `kind` (each then readied by `ready`, e.g.
 * loading a frame), all destroyed when the describe's tests are done.
 */
export function testHubs(kind: TestStoreKind, ready?: (hub: TestHub) => Promise<void>): () => Promise<TestHub> {
  const hubs: TestHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.destroy().catch(() => {});
  });
  return async () => {
    const hub = await createTestHub(kind);
    hubs.push(hub);
    await ready?.(hub);
    return hub;
  };
}
