import { type Kysely, sql } from 'kysely';
import type { EntitySpec, PreparedRow } from './entity-spec';
import { textArray } from '../../db/json-params';

/** One change of one record to a row of a batch, in batch order. */
export interface Contribution {
  /** Index of the record in the batch. */
  record: number;
  row: PreparedRow;
  /** Made with the SDK's `reference()`: the record only refers to the row. */
  reference: boolean;
}

/** What to do with one row of a batch. */
export interface RowPlan {
  /** Upsert the (merged) row; `false` only when it exists and holds everything said about it. */
  write: boolean;
  /** Records that get a lineage row for it. */
  lineage: Set<number>;
}

/** Columns never compared (the key is equal by construction; ids and creation time are the store's). */
const NOT_COMPARED = new Set(['id', 'natural_key', 'created_at', 'updated_at']);

/**
 * Plans the writes of one entity's rows in a batch. A change the record describes (`change()`)
 * is always written and always leaves lineage. A reference change (`reference()`) leaves lineage
 * only when it makes a difference: it creates the row, or it says a value the row — as stored,
 * with the batch's earlier changes to it applied — does not hold. A row that exists and that only
 * reference changes, none making a difference, said something about is not written at all: no
 * statement row, no lock, no lineage, no match (the same outcome the upsert's "said values all as
 * stored" guard would reach, decided before the statement).
 *
 * `said` gives the columns a change says, references resolved to ids; `existing` the ids of rows
 * that were in the store before the batch. Reads the stored rows it compares with (one statement
 * per call, only when some row needs it, and only the columns said or kept), after `beforeRead`
 * (the transaction's writes sent without waiting settle first: deferred-writes.ts). A batch with
 * nothing to compare reads nothing and waits for nothing, so the writes sent before go on while
 * the next ones are built.
 */
export async function planRowWrites(
  // biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
  db: Kysely<any>,
  spec: EntitySpec,
  groups: readonly { row: PreparedRow; parts: readonly Contribution[] }[],
  said: (row: PreparedRow) => Record<string, unknown>,
  existing: ReadonlyMap<string, string> | undefined,
  beforeRead: () => Promise<void>,
): Promise<RowPlan[]> {
  const all = (g: (typeof groups)[number]): RowPlan => ({ write: true, lineage: new Set(g.parts.map((p) => p.record)) });
  // dependent sets (case events …) are not compared: a row with any is written as before
  const plain = (g: (typeof groups)[number]) => g.parts.some((p) => p.reference) && !g.parts.some((p) => p.row.children?.length);
  const comparedGroups = groups.filter((g) => plain(g) && existing?.has(g.row.naturalKey));
  let stored = new Map<string, Record<string, unknown>>();
  if (comparedGroups.length > 0) {
    await beforeRead();
    stored = await storedRows(db, spec.table, comparedGroups.map((g) => g.row.naturalKey), comparedColumns(comparedGroups));
  }
  // a new row: its first change creates it, later references to it are compared with what that wrote
  return groups.map((g) => (plain(g) ? planFrom(spec, g.parts, stored.get(g.row.naturalKey), said) : all(g)));
}

function planFrom(spec: EntitySpec, parts: readonly Contribution[], stored: Record<string, unknown> | undefined, said: (row: PreparedRow) => Record<string, unknown>): RowPlan {
  const keepFirst = new Set(spec.keepFirst ?? []);
  // the row as the batch's changes so far leave it
  const state: Record<string, unknown> = { ...(stored ?? {}) };
  let exists = stored !== undefined;
  const lineage = new Set<number>();
  for (const p of parts) {
    const values = said(p.row);
    // a value the record did not say (`PreparedRow.kept`) counts only while the row has none
    for (const column of p.row.kept ?? []) if (exists && state[column] !== null && state[column] !== undefined) delete values[column];
    // a reference the row already holds leaves it as it is
    if (p.reference && exists && holdsAll(state, values, keepFirst)) continue;
    lineage.add(p.record);
    for (const [column, value] of Object.entries(values)) {
      if (keepFirst.has(column) && state[column] !== null && state[column] !== undefined) continue;
      state[column] = value;
    }
    exists = true;
  }
  return { write: !stored || lineage.size > 0, lineage };
}

/**
 * Whether a row holds every value said, compared strictly (a value of another type counts as
 * different, so a doubtful case is written and left to the upsert's own guard). Ciphertexts are
 * compared through the hashes said with them, as the upsert does; a stored identity column the
 * spec keeps (`keepFirst`) holds whatever is said.
 */
export function holdsAll(row: Readonly<Record<string, unknown>>, values: Readonly<Record<string, unknown>>, keepFirst: ReadonlySet<string> = new Set()): boolean {
  for (const [column, value] of Object.entries(values)) {
    if (!isCompared(column)) continue;
    const stored = row[column];
    if (keepFirst.has(column) && stored !== null && stored !== undefined) continue;
    if (!sameValue(value, stored)) return false;
  }
  return true;
}

/** Whether {@link holdsAll} compares a column's stored value (ciphertexts are compared through their hashes). */
function isCompared(column: string): boolean {
  return !NOT_COMPARED.has(column) && !column.endsWith('_enc');
}

function sameValue(said: unknown, stored: unknown): boolean {
  if (said === null || said === undefined) return stored === null || stored === undefined;
  if (stored === null || stored === undefined) return false;
  if (Array.isArray(said)) return Array.isArray(stored) && said.length === stored.length && said.every((v, i) => sameValue(v, stored[i]));
  if (said instanceof Date) return stored instanceof Date && said.getTime() === stored.getTime();
  if (typeof said === 'object') return false;
  return typeof said === typeof stored && said === stored;
}

/**
 * The columns a comparison can read: every compared column the groups' changes may say (values
 * and references, whatever `said` then leaves out) and those they keep. Only these are read back, not
 * the whole row (its provenance, ciphertexts …).
 */
function comparedColumns(groups: readonly { parts: readonly Contribution[] }[]): string[] {
  const columns = new Set<string>();
  for (const g of groups) {
    for (const { row } of g.parts) {
      for (const c in row.columns) if (isCompared(c)) columns.add(c);
      for (const c in row.refs) if (isCompared(c)) columns.add(c);
      for (const c of row.kept ?? []) if (c !== 'natural_key') columns.add(c);
    }
  }
  return [...columns];
}

/** The stored rows with these natural keys: `natural_key` and `columns` of each, by key. */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
async function storedRows(db: Kysely<any>, table: string, keys: string[], columns: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const select = sql.join([sql.ref('natural_key'), ...columns.map((c) => sql.ref(c))]);
  for (let i = 0; i < keys.length; i += 10_000) {
    const { rows } = await sql<Record<string, unknown>>`select ${select} from ${sql.table(table)} where natural_key = any(${textArray(keys.slice(i, i + 10_000))})`.execute(db);
    for (const r of rows) out.set(r.natural_key as string, r);
  }
  return out;
}
