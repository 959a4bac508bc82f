/**
 * What the write path keeps, in a form two stores can be compared by: no generated ids (a
 * reference names the natural key of the row it points at), no times the database stamped
 * (`now()` defaults), no ciphertexts (random nonces; the keyed hashes beside them compare the
 * values). Two stores loaded from the same input by different paths (in-process sync, Kafka
 * workers) must hold equal {@link CanonicalContents.rows}: every canonical table's values and
 * references, the row each record is tied to (lineage, where both stores have it), dead letters
 * and what still waits. {@link CanonicalContents.history} is how the store got there and may
 * differ with the arrival order: which of two records that said the same value is named its
 * origin when one of them only referred to the row (a reference that finds the row holding its
 * values leaves no lineage and no origin), which record "created" a row and so has no match row,
 * the merges that tied rows created apart (a person known by name and mobile before the record
 * with the ID number gave the mobile).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/database';

/** Canonical tables: compared whole (their `provenance` goes to the history). */
const TABLES = [
  'admin_area', 'organization', 'grid', 'property_project', 'building', 'dwelling', 'household', 'person', 'residency',
  'party_org', 'party_member', 'contact_assignment', 'contact_assignment_household', 'alliance_member', 'staff_role', 'duty_item',
  'case_record', 'case_event', 'case_handler', 'case_link', 'activity', 'activity_organizer', 'activity_participant',
] as const;

/**
 * Columns that count how the store got there: a case's `version` is bumped by every rewrite, and
 * how many rewrites a case sees depends on how its source versions were batched.
 */
const HISTORY_COLUMNS = new Set(['case_record.version']);

/** Tables of how the store got there (see the file's doc). */
const HISTORY_TABLES = ['match', 'match_review', 'entity_merge', 'entity_key_alias'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One comparable row per stored row, as sorted JSON lines, by table. */
export type TableContents = Record<string, string[]>;

export interface CanonicalContents {
  /** Equal whatever the path. */
  rows: TableContents;
  /** May differ with the arrival order (reported, not compared). */
  history: TableContents;
  /** Lineage: `source/stream/external id/entity` → the natural keys of the rows it is tied to. */
  lineage: Map<string, string>;
}

/** Reads {@link CanonicalContents} from a store. */
export async function canonicalContents(db: Kysely<Database>): Promise<CanonicalContents> {
  const q = async <T>(text: RawText) => (await text.execute(db)).rows as T[];
  // columns the database stamps (created_at, updated_at, first_seen, …): not part of what was written
  const stamped = new Set(
    (await q<{ c: string }>(sql`select table_name || '.' || column_name as c from information_schema.columns where table_schema = current_schema() and column_default like 'now()%'`)).map((r) => r.c),
  );
  // every row id → what names it in any store: `<table>:<natural key>` (source records: their origin)
  const names = new Map<string, string>();
  const keyed = await q<{ table_name: string }>(sql`select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'natural_key'`);
  for (const { table_name } of keyed) {
    for (const r of await q<{ id: string; natural_key: string }>(sql`select id::text, natural_key from ${sql.table(table_name)}`)) names.set(r.id, `${table_name}:${r.natural_key}`);
  }
  for (const r of await q<{ id: string; o: string }>(sql`select id::text, concat_ws('/', source, stream, external_id, entity) as o from source_record`)) names.set(r.id, `source_record:${r.o}`);
  for (const r of await q<{ id: string; o: string }>(sql`select id::text, concat_ws('/', entity, source_row->>'natural_key') as o from entity_merge`)) names.set(r.id, `entity_merge:${r.o}`);

  const name = (v: unknown): unknown => {
    if (typeof v === 'string' && UUID.test(v)) return names.get(v) ?? `unknown:${v}`;
    if (Array.isArray(v)) return v.map(name);
    return v;
  };
  const normalised = (table: string, j: Record<string, unknown>) => {
    const row: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(j).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (column === 'id' || column.endsWith('_enc') || column === 'provenance' || column === 'source_row' || stamped.has(`${table}.${column}`)) continue;
      if (HISTORY_COLUMNS.has(`${table}.${column}`)) continue;
      row[column] = name(value);
    }
    // a link is stored once, lower id first: the ids are random, the pair is not
    if (table === 'case_link') [row.case_id, row.linked_case_id] = [row.case_id, row.linked_case_id].sort() as [unknown, unknown];
    return row;
  };
  const rows: TableContents = {};
  const history: TableContents = {};
  for (const table of TABLES) {
    const all = await q<{ j: Record<string, unknown> }>(sql`select to_jsonb(t) as j from ${sql.table(table)} t`);
    rows[table] = all.map(({ j }) => JSON.stringify(normalised(table, j))).sort();
    for (const column of HISTORY_COLUMNS) {
      const [t, c] = column.split('.') as [string, string];
      if (t === table) history[column] = all.map(({ j }) => JSON.stringify({ natural_key: j.natural_key, [c]: j[c] })).sort();
    }
    if (all.some(({ j }) => 'provenance' in j)) {
      history[`${table}.provenance`] = all.map(({ j }) => JSON.stringify({ natural_key: j.natural_key, provenance: provenanceOrigins(j.provenance) })).sort();
    }
  }
  for (const table of HISTORY_TABLES) {
    history[table] = (await q<{ j: Record<string, unknown> }>(sql`select to_jsonb(t) as j from ${sql.table(table)} t`)).map(({ j }) => JSON.stringify(normalised(table, j))).sort();
  }
  // a record may be tied to several rows of one entity (a case's handling organisations)
  const tied = new Map<string, string[]>();
  for (const r of await q<{ o: string; entity_id: string }>(sql`select concat_ws('/', source, stream, external_id, entity) as o, entity_id::text from source_record`)) {
    const list = tied.get(r.o);
    if (list) list.push(String(name(r.entity_id)));
    else tied.set(r.o, [String(name(r.entity_id))]);
  }
  const lineage = new Map([...tied].map(([record, rows]) => [record, rows.sort().join(' ')]));
  // a dead letter's payload and position depend on the transport (a Kafka offset, a sealed raw
  // message); what it says — which record, why — does not
  rows.dead_letter = (await q<Record<string, unknown>>(sql`select source, stream, stage, reason_code, external_id, status from dead_letter`)).map((r) => JSON.stringify(r)).sort();
  rows.parked_record = (
    await q<Record<string, unknown>>(sql`select source, stream, external_id, source_version, missing_entity, missing_key from parked_record`)
  ).map((r) => JSON.stringify(r)).sort();
  return { rows, history, lineage };
}

/**
 * The lineage both stores have, as a table: each record tied to the same row in both, or not. A
 * record tied in one store only (it referred to a row the other store already held) is counted
 * apart, in `only`.
 */
export function lineageComparison(a: Map<string, string>, b: Map<string, string>): { shared: number; differing: string[]; only: { left: number; right: number } } {
  const differing: string[] = [];
  let shared = 0;
  for (const [record, row] of a) {
    const other = b.get(record);
    if (other === undefined) continue;
    shared += 1;
    if (other !== row) differing.push(`${record}: ${row} | ${other}`);
  }
  return { shared, differing, only: { left: [...a.keys()].filter((k) => !b.has(k)).length, right: [...b.keys()].filter((k) => !a.has(k)).length } };
}

type RawText = ReturnType<typeof sql>;

/**
 * Golden-record provenance (`{"@": {token: [source, stream, externalId, version]}, column: token}`)
 * as column → the record it came from. The version is left out: for a source without versions it
 * is the time the record was read, which differs between any two runs.
 */
function provenanceOrigins(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  const p = value as Record<string, unknown> & { '@'?: Record<string, unknown[]> };
  const origins = p['@'] ?? {};
  const out: Record<string, string> = {};
  for (const [column, token] of Object.entries(p).sort(([a], [b]) => a.localeCompare(b))) {
    if (column === '@' || column.endsWith('_enc')) continue;
    const o = typeof token === 'string' ? origins[token] : undefined;
    out[column] = o ? o.slice(0, 3).join('/') : String(token);
  }
  return out;
}

/**
 * Per table: rows of `a` missing from `b` (lost) and rows of `b` not in `a` (duplicated or
 * divergent), counted as multisets, and up to 3 examples of each. Rows that are not strings are
 * compared as JSON.
 */
export function canonicalDiff(
  a: Readonly<Record<string, readonly unknown[]>>,
  b: Readonly<Record<string, readonly unknown[]>>,
): Record<string, { rows: number; lost: number; extra: number; examples: string[] }> {
  const count = (rows: readonly unknown[]) =>
    rows.reduce<Map<string, number>>((m, r) => {
      const k = typeof r === 'string' ? r : JSON.stringify(r);
      return m.set(k, (m.get(k) ?? 0) + 1);
    }, new Map());
  const out: Record<string, { rows: number; lost: number; extra: number; examples: string[] }> = {};
  for (const table of Object.keys(a)) {
    const ca = count(a[table]!);
    const cb = count(b[table] ?? []);
    const lostRows = [...ca].filter(([k, n]) => n > (cb.get(k) ?? 0));
    const extraRows = [...cb].filter(([k, n]) => n > (ca.get(k) ?? 0));
    out[table] = {
      rows: a[table]!.length,
      lost: lostRows.reduce((s, [k, n]) => s + n - (cb.get(k) ?? 0), 0),
      extra: extraRows.reduce((s, [k, n]) => s + n - (ca.get(k) ?? 0), 0),
      examples: [...lostRows.slice(0, 3).map(([k]) => `- ${k}`), ...extraRows.slice(0, 3).map(([k]) => `+ ${k}`)],
    };
  }
  return out;
}
