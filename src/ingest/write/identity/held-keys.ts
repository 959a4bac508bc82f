import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { CanonicalEntity } from '../../../sdk/canonical-change';
import { textArray } from '../../../db/json-params';
import type { MatchTarget } from './identity-decision';

/**
 * Natural keys a row can hold without being keyed by them. A USCC is an organisation's identity
 * wherever it is stored: when a registered record (`uscc:…`) lands on a row an earlier name-only
 * mention created, the row keeps its `name:…` natural key and holds the USCC in its `uscc` column
 * (organization-matching.ts). A record that only *refers* to that organisation by its USCC (a
 * repair order naming its firm by the CloudEvents `source`) brings no organisation row for the
 * identity step to match; without this lookup its reference would never resolve, and the record
 * would wait (parked) for a `uscc:…` natural key that never appears.
 *
 * Only unique identity columns are listed (the `uscc` column is unique): a held key names exactly
 * one row, so resolving it is never a guess.
 */
interface HeldKeyColumn {
  /** The natural key's prefix (`uscc:`); the rest of the key is the column's value. */
  prefix: string;
  table: string;
  /** A unique column of `table`. */
  column: string;
}

const HELD_KEY_COLUMNS: Partial<Record<CanonicalEntity, readonly HeldKeyColumn[]>> = {
  organization: [{ prefix: 'uscc:', table: 'organization', column: 'uscc' }],
};

/** Method and confidence of a reference resolved through a held key (the USCC: the natural identity). */
export const HELD_KEY_MATCH = { method: 'uscc-or-name', confidence: 1 } as const;

/**
 * The rows holding `keys` in an identity column rather than as their natural key (one statement
 * per listed column, none for an entity without any): key → the row.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function loadHeldKeys(db: Kysely<any>, entity: CanonicalEntity, keys: readonly string[]): Promise<Map<string, MatchTarget>> {
  const out = new Map<string, MatchTarget>();
  for (const { prefix, table, column } of HELD_KEY_COLUMNS[entity] ?? []) {
    const values = keys.filter((k) => k.startsWith(prefix) && k.length > prefix.length).map((k) => k.slice(prefix.length));
    if (values.length === 0) continue;
    const { rows } = await sql<{ value: string; id: string; natural_key: string }>`
      select ${sql.ref(`t.${column}`)} as value, t.id, t.natural_key from ${sql.table(table)} t
      where ${sql.ref(`t.${column}`)} = any(${textArray(values)}) and t.natural_key <> (${prefix}::text || ${sql.ref(`t.${column}`)})`.execute(db);
    for (const r of rows) out.set(`${prefix}${r.value}`, { id: r.id, naturalKey: r.natural_key });
  }
  return out;
}

/**
 * SQL condition: a row holds the key `key` of entity `entity` (both SQL expressions, e.g. a
 * parked record's `missing_entity` / `missing_key`) in an identity column. `false` when no entity
 * has such columns. Used where a missing key is looked up in SQL (the parking lot's claim).
 */
export function heldKeyExists(entity: RawBuilder<unknown>, key: RawBuilder<unknown>): RawBuilder<boolean> {
  const branches = Object.entries(HELD_KEY_COLUMNS).flatMap(([e, columns]) =>
    (columns ?? []).map(
      ({ prefix, table, column }) =>
        sql`(${entity} = ${e} and left(${key}, ${prefix.length}) = ${prefix} and exists (select 1 from ${sql.table(table)} h where ${sql.ref(`h.${column}`)} = substr(${key}, ${prefix.length + 1})))`,
    ),
  );
  return branches.length === 0 ? sql<boolean>`false` : sql<boolean>`(${sql.join(branches, sql` or `)})`;
}
