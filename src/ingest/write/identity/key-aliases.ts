import { type Kysely, sql } from 'kysely';
import type { CanonicalEntity } from '../../../sdk/canonical-change';
import type { MatchTarget } from './identity-decision';
import { textArray } from '../../../db/json-params';

/** Table of each entity the identity step resolves (aliases of merged rows point into it). */
export const ENTITY_TABLES: Partial<Record<CanonicalEntity, string>> = { person: 'person', organization: 'organization', building: 'building' };

/**
 * Natural keys of rows merged into other rows (`entity_key_alias`): a later record carrying
 * such a key lands on the row it was merged into. One statement for all keys.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function loadKeyAliases(db: Kysely<any>, entity: CanonicalEntity, keys: readonly string[]): Promise<Map<string, MatchTarget>> {
  const table = ENTITY_TABLES[entity];
  const out = new Map<string, MatchTarget>();
  if (!table || keys.length === 0) return out;
  const { rows } = await sql<{ alias_key: string; id: string; natural_key: string }>`
    select a.alias_key, t.id, t.natural_key
    from entity_key_alias a join ${sql.table(table)} t on t.id = a.entity_id
    where a.entity = ${entity} and a.alias_key = any(${textArray(keys)})`.execute(db);
  for (const r of rows) out.set(r.alias_key, { id: r.id, naturalKey: r.natural_key });
  return out;
}

/** Which of `keys` the entity's table holds, by natural key. */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function existingKeys(db: Kysely<any>, entity: CanonicalEntity, keys: readonly string[]): Promise<Set<string>> {
  const table = ENTITY_TABLES[entity];
  if (!table || keys.length === 0) return new Set();
  const { rows } = await sql<{ natural_key: string }>`
    select natural_key from ${sql.table(table)} where natural_key = any(${textArray(keys)})`.execute(db);
  return new Set(rows.map((r) => r.natural_key));
}
