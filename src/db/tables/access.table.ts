import type { ColumnType } from 'kysely';
import type { CreatedAt, Id, TextArray } from './common';

/** A service account's API key; the secret itself is never stored, only its SHA-256 hash. */
export interface ApiKeyTable {
  id: Id;
  name: string;
  /** The secret's first characters, to tell keys apart in listings. */
  prefix: string;
  secret_hash: string;
  role: string;
  /** 12-digit area codes whose subtrees the key may read. */
  area_scope: TextArray;
  org_id: string | null;
  /** APP keys: the GraphQL operation names the key may run; `null` for other roles. */
  operations: string[] | null;
  created_by: string;
  created_at: CreatedAt;
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** One audited act (a clear read of personal information); append-only. */
export interface AccessLogTable {
  id: Id;
  at: CreatedAt;
  /** Who: the token's subject, `api-key:<id>` or `development`. */
  actor: string;
  role: string;
  /** What, e.g. `REVEAL_PERSON`. */
  action: string;
  entity: string | null;
  entity_id: string | null;
  /** Which fields were shown in clear. */
  fields: TextArray;
  /** The reason the caller stated. */
  reason: string;
  request_id: string | null;
  /** What the act concerned when it is not a row with a uuid: `source:<id>`, `source:<id>/<stream>` (migration `20261207_030000_source_control`). */
  target: string | null;
}
