import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from '../../migrations/index';
import { HuijuError } from '../errors';

/** Runs every pending migration; the same list on PostgreSQL and PGlite. */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on the store whatever its schema version (kysely's migration idiom)
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new HuijuError(
      'MIGRATION_FAILED',
      `Migration ${failed?.migrationName ?? '(unknown)'} failed: ${(result.error as Error).message ?? String(result.error)}`,
      { migration: failed?.migrationName },
      { cause: result.error },
    );
  }
  return result;
}

/** Names of the migrations the store has not run yet, in order (reads only). */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on the store whatever its schema version (kysely's migration idiom)
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
