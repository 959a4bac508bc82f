import { type Kysely, sql } from 'kysely';
import type { HuijuConfig } from './config';
import type { Database } from './db/database';
import type { ResolvedSource } from './ingest/sync/resolve-source';
import { migrateToLatest, pendingMigrations } from './db/migrate';
import { type OpenStoreOptions, openStore, redactUrl, type Store } from './db/open-store';
import { HuijuError } from './errors';
import { createLogger, type Logger } from './logger';
import { resolvePiiKey } from './pii/pii-key';
import { createPiiVault, type PiiVault } from './pii/pii-vault';
import { survivorshipOf } from './ingest/write/survivorship';
import { startTracing } from './telemetry/tracing';

/** Everything a running hub holds: built once at start from the validated config. */
export interface Hub {
  readonly config: HuijuConfig;
  readonly store: Store;
  readonly db: Kysely<Database>;
  readonly vault: PiiVault;
  readonly logger: Logger;
  /** The configured sources with their connectors (empty when the caller did not resolve them). */
  readonly sources?: readonly ResolvedSource[];
  /** Closes the store, then flushes and stops tracing (src/telemetry/tracing.ts). Idempotent. */
  close(): Promise<void>;
}

export interface OpenHubOptions {
  /**
   * Run pending migrations. Default `true`. With `false` the PII key is not checked either (the
   * table it is checked against may not exist yet): call {@link checkPiiKey} after migrating.
   * With `'require'` nothing is migrated: a store with pending migrations fails with
   * `MIGRATIONS_PENDING` (run `huiju migrate`), else the PII key is checked (read-only commands).
   */
  migrate?: boolean | 'require';
  /** Logger to use; default one built from `config.logLevel`. */
  logger?: Logger;
  /** The configured sources, resolved against the installed connectors by the entry point. Default none. */
  sources?: readonly ResolvedSource[];
  /** Called after every statement of the store (Kysely's query log: the statement and its duration); benchmarks time the store with it. */
  onQuery?: OpenStoreOptions['onQuery'];
}

/**
 * Opens the store the config names (PostgreSQL or embedded PGlite), migrates it, and checks that
 * the PII key is the one the store was written with — a different key would silently break
 * matching and decryption, so it fails the start instead. Then starts tracing when
 * `telemetry` configures an OTLP endpoint (off by default).
 */
export async function openHub(config: HuijuConfig, options: OpenHubOptions = {}): Promise<Hub> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  survivorshipOf(config); // a priority list naming an unknown entity fails the start, not the first sync
  const { key, origin } = resolvePiiKey(config);
  if (origin === 'generated') logger.info({ file: `${config.dataDir}/pii.key` }, 'generated a PII key for the embedded store');
  const vault = createPiiVault(key);
  const store = await openStore({
    databaseUrl: config.database.url,
    dataDir: config.dataDir,
    poolSize: config.database.poolSize,
    statementCacheSize: config.database.statementCache,
    readDatabaseUrl: config.database.readUrl,
    logger,
    onQuery: options.onQuery,
    apiStatementTimeoutMs: config.server.requestTimeoutMs,
  });
  try {
    await checkReachable(store.db, store.description);
    if (store.readDb) await checkReachable(store.readDb, redactUrl(config.database.readUrl!), 'DATABASE_READ_URL / database.readUrl');
    const migrate = options.migrate ?? true;
    if (migrate === 'require') {
      const pending = await pendingMigrations(store.db);
      if (pending.length > 0) {
        throw new HuijuError('MIGRATIONS_PENDING', `the store (${store.description}) has ${pending.length} migration(s) to run (${pending.at(-1)}): run \`huiju migrate\` first`, { pending: pending.length });
      }
      await checkPiiKey({ db: store.db, vault });
    } else if (migrate) {
      const result = await migrateToLatest(store.db);
      const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
      if (applied.length > 0) logger.info({ applied }, 'migrations applied');
      await checkPiiKey({ db: store.db, vault });
    }
  } catch (err) {
    await store.close();
    throw err;
  }
  logger.debug({ store: store.description }, 'store open');
  const tracing = await startTracing(config.telemetry);
  if (tracing.enabled) logger.info({ serviceName: config.telemetry.serviceName }, 'tracing on: spans are exported over OTLP/HTTP');
  const close = async () => {
    await store.close();
    await tracing.shutdown();
  };
  return { config, store, db: store.db, vault, logger, sources: options.sources ?? [], close };
}

/** Fails with `DATABASE_UNREACHABLE` naming the store (no password) and its setting when it cannot be queried. */
async function checkReachable(db: Kysely<Database>, description: string, setting = 'DATABASE_URL / database.url'): Promise<void> {
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    throw new HuijuError('DATABASE_UNREACHABLE', `cannot use the database ${description} (${setting}): ${(err as Error).message}`, undefined, { cause: err });
  }
}

/**
 * Checks that the PII key is the one the (migrated) store was written with, recording it on first
 * use; throws `PII_KEY_MISMATCH` naming `pii.key` otherwise.
 */
export async function checkPiiKey({ db, vault }: { db: Kysely<Database>; vault: PiiVault }): Promise<void> {
  const row = await db.selectFrom('hub_setting').select('value').where('name', '=', 'pii_key_fingerprint').executeTakeFirst();
  if (!row) {
    await db.insertInto('hub_setting').values({ name: 'pii_key_fingerprint', value: vault.fingerprint }).onConflict((oc) => oc.column('name').doNothing()).execute();
    return;
  }
  if (row.value !== vault.fingerprint) {
    throw new HuijuError(
      'PII_KEY_MISMATCH',
      'HUIJU_PII_KEY (pii.key) is not the key this store was written with: hashed and encrypted ID numbers would not match. Use the original key.',
      { field: 'pii.key' },
    );
  }
}
