import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { HuijuError, isHuijuError } from '../errors';
import type { Logger } from '../logger';
import {
  type ApiKeyRow,
  findApiKeyByHash,
  findApiKeysByIdOrPrefix,
  insertApiKey,
  listApiKeys as listApiKeyRows,
  revokeApiKeyById,
  touchApiKey,
} from './api-keys.repository';
import type { Caller } from './caller';
import { callerOfGrant, type Grant, normaliseGrant } from './grant';

/** Every API key secret starts with this, so a leaked one is recognisable (secret scanners). */
export const API_KEY_SECRET_PREFIX = 'hj_';
/** Characters of the secret kept in clear (`prefix`) to tell keys apart in listings. */
export const API_KEY_PREFIX_LENGTH = 10;
/** `last_used_at` is written at most this often per key (not on every request). */
export const API_KEY_TOUCH_INTERVAL_MS = 60_000;

/** A key as listings show it: never the secret or its hash. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The secret's first 10 characters. */
  prefix: string;
  role: string;
  areaScope: string[];
  orgId: string | null;
  operations: string[] | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** `active`, `expired` or `revoked`, at the time of the listing. */
  status: 'active' | 'expired' | 'revoked';
}

/** SHA-256 of the secret, hex: what `api_key.secret_hash` holds. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new secret: `hj_` + 32 random bytes in base64url (256 bits; a fast hash is enough). */
export function generateApiKeySecret(): string {
  return `${API_KEY_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function statusOf(row: ApiKeyRow, now: Date): ApiKeyInfo['status'] {
  if (row.revoked_at) return 'revoked';
  if (row.expires_at && new Date(row.expires_at) <= now) return 'expired';
  return 'active';
}

/** The listing view of a row. */
export function apiKeyInfo(row: ApiKeyRow, now = new Date()): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    areaScope: row.area_scope,
    orgId: row.org_id,
    operations: row.operations,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
    status: statusOf(row, now),
  };
}

/** What {@link createApiKey} needs. */
export interface NewApiKey {
  /** What the key is for (`dashboard-jiangan`); shown in listings. */
  name: string;
  grant: Grant;
  /** When it stops working; `null`: never (revoke it instead). */
  expiresAt: Date | null;
  /** Who created it (`cli`, or a caller's subject). */
  createdBy: string;
}

/** Creates a key. The returned `secret` is the only time it exists in clear: show it once. */
export async function createApiKey(db: Kysely<Database>, input: NewApiKey): Promise<{ key: ApiKeyInfo; secret: string }> {
  if (!input.name.trim()) throw new HuijuError('BAD_USER_INPUT', 'an API key needs a name (--name)', { field: 'name' });
  const secret = generateApiKeySecret();
  const row = await insertApiKey(db, {
    name: input.name.trim(),
    prefix: secret.slice(0, API_KEY_PREFIX_LENGTH),
    secretHash: hashApiKeySecret(secret),
    role: input.grant.role,
    areaScope: input.grant.areaScope,
    orgId: input.grant.orgId,
    operations: input.grant.operations,
    createdBy: input.createdBy,
    expiresAt: input.expiresAt,
  });
  return { key: apiKeyInfo(row), secret };
}

/** Every key, newest first, without secrets. */
export async function listApiKeys(db: Kysely<Database>): Promise<ApiKeyInfo[]> {
  const now = new Date();
  return (await listApiKeyRows(db)).map((r) => apiKeyInfo(r, now));
}

/**
 * Revokes the key with this id, or the one key whose prefix starts with `idOrPrefix`. `NOT_FOUND`
 * when none matches, `AMBIGUOUS` when a prefix matches several. Revoking twice is harmless.
 */
export async function revokeApiKey(db: Kysely<Database>, idOrPrefix: string): Promise<ApiKeyInfo> {
  const text = idOrPrefix.trim();
  if (text.length < 4) throw new HuijuError('BAD_USER_INPUT', 'give a key id or at least 4 characters of its prefix', { field: 'key' });
  const matches = await findApiKeysByIdOrPrefix(db, text);
  if (matches.length === 0) throw new HuijuError('NOT_FOUND', 'no API key has this id or prefix');
  if (matches.length > 1) throw new HuijuError('AMBIGUOUS', `${matches.length} API keys match this prefix: give the id`, { ids: matches.map((m) => m.id) });
  const row = await revokeApiKeyById(db, matches[0]!.id, new Date());
  return apiKeyInfo(row!);
}

/** Checks presented API key secrets. */
export interface ApiKeyVerifier {
  /** The key's caller (`subject` `api-key:<id>`); `UNAUTHENTICATED` when unknown, expired or revoked. */
  verify(secret: string): Promise<Caller>;
}

/**
 * A verifier reading `api_key` by the secret's hash on each request (one indexed lookup, so a
 * revocation takes effect at once). `last_used_at` is written at most once a minute per key per
 * process, after the answer, and a failure to write it is only logged.
 */
export function createApiKeyVerifier(db: Kysely<Database>, logger: Logger): ApiKeyVerifier {
  const touched = new Map<string, number>();
  const refuse = (reason: string, message: string) => new HuijuError('UNAUTHENTICATED', message, { reason });
  return {
    async verify(secret) {
      if (!secret.startsWith(API_KEY_SECRET_PREFIX) || secret.length > 200) throw refuse('API_KEY_INVALID', 'API key is not valid');
      const row = await findApiKeyByHash(db, hashApiKeySecret(secret));
      if (!row) throw refuse('API_KEY_INVALID', 'API key is not valid');
      const now = new Date();
      const status = statusOf(row, now);
      if (status === 'revoked') throw refuse('API_KEY_REVOKED', 'API key has been revoked');
      if (status === 'expired') throw refuse('API_KEY_EXPIRED', 'API key has expired');
      let caller: Caller;
      try {
        caller = callerOfGrant(normaliseGrant({ role: row.role, areas: row.area_scope, org: row.org_id, ops: row.operations }), `api-key:${row.id}`);
      } catch (err) {
        if (isHuijuError(err, 'INVALID_GRANT')) throw refuse('API_KEY_GRANT_INVALID', `API key's grant is no longer valid: ${err.message}`);
        throw err;
      }
      const last = touched.get(row.id) ?? 0;
      if (now.getTime() - last >= API_KEY_TOUCH_INTERVAL_MS) {
        touched.set(row.id, now.getTime());
        touchApiKey(db, row.id, now).catch((err: unknown) => logger.warn({ err: { message: (err as Error).message }, key: row.id }, 'could not record an API key\'s last use'));
      }
      return caller;
    },
  };
}
