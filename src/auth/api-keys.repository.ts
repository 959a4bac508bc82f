import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/database';
import type { ApiKeyTable } from '../db/tables/access.table';

/** A stored API key row (the secret itself is never stored, only its SHA-256 hash). */
export type ApiKeyRow = Selectable<ApiKeyTable>;

/** What {@link insertApiKey} stores. */
export interface NewApiKeyRow {
  name: string;
  prefix: string;
  secretHash: string;
  role: string;
  areaScope: readonly string[];
  orgId: string | null;
  operations: readonly string[] | null;
  createdBy: string;
  expiresAt: Date | null;
}

/** Stores a new key; returns its row. */
export async function insertApiKey(db: Kysely<Database>, key: NewApiKeyRow): Promise<ApiKeyRow> {
  return db
    .insertInto('api_key')
    .values({
      name: key.name,
      prefix: key.prefix,
      secret_hash: key.secretHash,
      role: key.role,
      area_scope: [...key.areaScope],
      org_id: key.orgId,
      operations: key.operations ? [...key.operations] : null,
      created_by: key.createdBy,
      expires_at: key.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The key whose secret hashes to `secretHash` (unique), revoked or not; `undefined` if none. */
export async function findApiKeyByHash(db: Kysely<Database>, secretHash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_key').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
}

/** Every key, newest first. */
export async function listApiKeys(db: Kysely<Database>): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_key').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
}

/** Keys whose id is `idOrPrefix` or whose prefix starts with it (a listing shows both). */
export async function findApiKeysByIdOrPrefix(db: Kysely<Database>, idOrPrefix: string): Promise<ApiKeyRow[]> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrPrefix);
  return db
    .selectFrom('api_key')
    .selectAll()
    .where((eb) => (isUuid ? eb('id', '=', idOrPrefix) : eb('prefix', 'like', `${idOrPrefix.replace(/[\\%_]/g, '\\$&')}%`)))
    .execute();
}

/** Marks a key revoked (once: an already revoked key keeps its first time). Returns the row. */
export async function revokeApiKeyById(db: Kysely<Database>, id: string, at: Date): Promise<ApiKeyRow | undefined> {
  await db.updateTable('api_key').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  return db.selectFrom('api_key').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records that a key was used. */
export async function touchApiKey(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db.updateTable('api_key').set({ last_used_at: at }).where('id', '=', id).execute();
}
