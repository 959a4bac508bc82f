import { randomUUID } from 'node:crypto';
import { CompiledQuery, type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { DeadLetterStage } from '../../db/tables/ingestion.table';
import type { CanonicalEntity } from '../../sdk/canonical-change';
import type { MappedRecord } from '../ingest-record';
import type { ChildRows, EntitySpec, PrepareContext, PreparedRow, RowRef } from './entity-spec';
import { deriveCaseFields } from './case-derivations';
import { type IdentityStats, resolveIdentities } from './identity/resolve-identities';
import { planRowWrites, type Contribution } from './reference-rows';
import { ENTITY_SPECS, SPEC_BY_ENTITY } from './specs/index';
import { type PreparedChange, StagedRecords } from './staged-records';
import { addToGroup, EQUAL_PRIORITY, expandedProvenance, provenanceExpansion, provenanceOf, type RecordOrigin, type RowGroup, type SurvivorshipPolicy, survivorshipUpdate } from './survivorship';
import { textArray, textTuples } from '../../db/json-params';
import { storedVersions } from './stored-versions';
import { copyLine, copyRows, copyValue } from '../../db/copy-rows';
import { type ColumnTypes, columnTypes, knownColumnTypes } from '../../db/column-types';
import { DeferredWrites, letWritesProceed, ROWS_BETWEEN_YIELDS } from './deferred-writes';
import { forEachRef } from './identity/rekey-rows';
import { changeEventCopies } from '../outbox.repository';

/** What happened to one record of a batch. */
export type RecordOutcome = 'applied' | 'unchanged' | 'stale' | 'rejected';

/** Why a record was not used. */
export interface RecordRejection {
  /** Index of the record in the batch. */
  index: number;
  stage: DeadLetterStage;
  reason: string;
  message: string;
  /** `UNRESOLVED_REFERENCE` only: the row that was not found (the caller parks the record until it lands). */
  missing?: RowRef;
}

export interface ApplyResult {
  /** One outcome per input record, in input order. */
  outcomes: RecordOutcome[];
  rejections: RecordRejection[];
  /** Canonical rows inserted or changed, by entity (rows a record left as they were are not counted). */
  rowsWritten: Partial<Record<CanonicalEntity, number>>;
  /** New cross-record matches recorded. */
  matches: number;
  /** What the identity step matched beyond natural keys and queued for review. */
  identity: IdentityStats;
  /** The canonical rows inserted or changed (not those left as they were), with the records (indexes) that said them. */
  written: WrittenRow[];
  /** Change events written to the outbox (0 unless asked for: `changeEvents`). */
  events: number;
}

/** One canonical row a batch inserted or changed. */
export interface WrittenRow {
  entity: CanonicalEntity;
  id: string;
  /** `true` when the batch created the row. */
  inserted: boolean;
  /** Indexes (in the batch) of the records that said this row. */
  records: number[];
}

const MAX_ROWS_PER_STATEMENT = 2_000;

/**
 * The one write path into the canonical store. Applies a batch of mapped records inside the
 * caller's transaction, set-based (a few statements per entity per batch, never one per record):
 *
 * 1. duplicates of one (source, stream, externalId) in the batch collapse to the newest version;
 * 2. the version guard: a record older than what the store has from the same source record is
 *    `stale`; the same version with the same payload hash is `unchanged` (nothing is written);
 * 3. each change is validated and keyed by its entity spec; a failure rejects the whole record;
 * 4. references must resolve to a row in the store or one written by the same batch, else the
 *    record is rejected (`UNRESOLVED_REFERENCE`, with the missing row in `missing`, so that
 *    `ingestBatch` can park it until the row lands: src/ingest/park/), repeated until no
 *    rejection removes a target;
 * 5. rows are upserted on their natural key in dependency order, each column under the
 *    survivorship rule (`survivorship.ts`: source priority, then the most recent version) with its
 *    origin kept in the row's `provenance`; dependent sets (case events, handlers, participants)
 *    are replaced; lineage (`source_record`) is written for every row a record describes and a
 *    `match` row for every record that landed on a row another record created. A row a record
 *    only refers to (`reference()`) gets its lineage only when the record creates or changes it,
 *    and is not written at all when it already holds what is said (reference-rows.ts); every
 *    applied record keeps at least one lineage row.
 *
 * Idempotent: applying the same batch twice changes nothing the second time.
 *
 * `trx` must be a transaction: writes whose reply nothing reads are sent without waiting for it
 * (deferred-writes.ts), and only one connection keeps them in order.
 */
export async function applyMappedRecords(
  trx: Kysely<Database>,
  input: readonly MappedRecord[] | StagedRecords,
  ctx: PrepareContext,
  policy: SurvivorshipPolicy = EQUAL_PRIORITY,
  options: { changeEvents?: boolean } = {},
): Promise<ApplyResult> {
  if (!trx.isTransaction) throw new Error('applyMappedRecords needs a transaction: its writes are sent in order on one connection');
  const writes = new DeferredWrites();
  try {
    const result = await applyInTransaction(trx, input, ctx, policy, writes, options.changeEvents === true);
    await writes.settle();
    return result;
  } catch (err) {
    throw await writes.failure(err);
  }
}

/** {@link applyMappedRecords}' work; the writes it sends without waiting go to `writes`. */
async function applyInTransaction(
  trx: Kysely<Database>,
  input: readonly MappedRecord[] | StagedRecords,
  ctx: PrepareContext,
  policy: SurvivorshipPolicy,
  writes: DeferredWrites,
  changeEvents: boolean,
): Promise<ApplyResult> {
  // biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
  const db = trx as unknown as Kysely<any>;
  const staged = input instanceof StagedRecords ? input : StagedRecords.of(input, ctx);
  const { records, hashes, versions, keys } = staged;
  const outcomes: RecordOutcome[] = new Array(records.length).fill('applied');
  const rejections: RecordRejection[] = [];
  const reject = (index: number, stage: DeadLetterStage, reason: string, message: string, missing?: RowRef) => {
    outcomes[index] = 'rejected';
    rejections.push({ index, stage, reason, message, ...(missing ? { missing } : {}) });
  };
  for (const i of records.keys()) {
    if (Number.isNaN(versions[i])) reject(i, 'VALIDATE', 'INVALID_VERSION', 'record version is not an ISO-8601 instant');
  }

  // 1. collapse repeats of one source record in the batch to its newest version
  const newestInBatch = new Map<string, number>();
  for (const i of records.keys()) {
    if (outcomes[i] !== 'applied') continue;
    const key = keys[i]!;
    const seen = newestInBatch.get(key);
    if (seen === undefined) {
      newestInBatch.set(key, i);
      continue;
    }
    const keepNew = versions[i]! >= versions[seen]!;
    const loser = keepNew ? seen : i;
    outcomes[loser] = versions[loser] === versions[keepNew ? i : seen] && hashes[loser] === hashes[keepNew ? i : seen] ? 'unchanged' : 'stale';
    if (keepNew) newestInBatch.set(key, i);
  }

  // 2. version guard against the store
  const live = [...newestInBatch.values()].filter((i) => outcomes[i] === 'applied');
  const stored = await storedVersions(db, live.map((i) => records[i]!));
  for (const i of live) {
    const s = stored.get(keys[i]!);
    if (!s) continue;
    if (versions[i]! < s.version) outcomes[i] = 'stale';
    else if (versions[i] === s.version && s.hashes.has(hashes[i]!)) outcomes[i] = 'unchanged';
  }

  // 3. validate and key every change (staged-records.ts; done already when staged eagerly)
  const prepared = new Map<number, PreparedChange[]>();
  for (const i of live) {
    if (outcomes[i] !== 'applied') continue;
    // a record that says nothing about the canonical model has nothing to apply, on any run
    if (records[i]!.changes.length === 0) {
      outcomes[i] = 'unchanged';
      continue;
    }
    const outcome = staged.prepared(i);
    if ('rows' in outcome) prepared.set(i, outcome.rows);
    else reject(i, outcome.rejection.stage, outcome.rejection.reason, outcome.rejection.message);
  }

  // 4. resolve identities beyond natural keys (no-ID people, old org codes, merged rows), then references
  // (fixpoint: a rejected record may have been another's target)
  const identity = await resolveIdentities(db, prepared);
  const ids = new Map<CanonicalEntity, Map<string, string>>();
  await loadExistingKeys(db, prepared, ids);
  for (;;) {
    const produced = new Map<CanonicalEntity, Set<string>>();
    for (const rows of prepared.values()) for (const { spec, row } of rows) setOf(produced, spec.entity).add(row.naturalKey);
    let rejected = false;
    for (const [i, rows] of prepared) {
      const missing = firstRef(rows, (ref) => !ids.get(ref.entity)?.has(ref.key) && !produced.get(ref.entity)?.has(ref.key));
      if (missing?.linkOnly) {
        // a person named by name + mobile only to be linked (a staff role): nothing to wait for
        reject(i, 'RESOLVE', 'UNLINKED_PERSON', `${missing.entity} ${describeKey(missing)}: no single known person has this name and mobile; not linked`);
        prepared.delete(i);
        rejected = true;
      } else if (missing) {
        reject(i, 'RESOLVE', 'UNRESOLVED_REFERENCE', `${missing.entity} ${describeKey(missing)} not found`, { entity: missing.entity, key: missing.key });
        prepared.delete(i);
        rejected = true;
      }
    }
    if (!rejected) break;
  }

  // 5. upsert in dependency order
  // the rows written, in write order; an upsert's are known once its reply is in (read after the loop)
  const writtenParts: (WrittenRow[] | Promise<WrittenRow[]>)[] = [];
  const lineage: LineageItem[] = [];
  const originAt = (i: number) => staged.origin(i);
  // each record's changes by entity, in batch order (after identity resolution re-keyed them)
  const bySpec = new Map<EntitySpec, { record: number; change: PreparedChange }[]>();
  for (const [i, rows] of prepared) {
    for (const change of rows) {
      const list = bySpec.get(change.spec);
      if (list) list.push({ record: i, change });
      else bySpec.set(change.spec, [{ record: i, change }]);
    }
  }
  for (const spec of ENTITY_SPECS) {
    const changes = bySpec.get(spec);
    if (!changes) continue;
    // within the batch, per column: the higher-ranked source, then the newer version, then the
    // greater origin key — the order survivorshipUpdate applies against the store
    const beats = (a: number, b: number) => {
      const ra = policy.rank(spec.entity, records[a]!.source);
      const rb = policy.rank(spec.entity, records[b]!.source);
      if (ra !== rb) return ra > rb;
      if (versions[a] !== versions[b]) return versions[a]! > versions[b]!;
      return originAt(a).key >= originAt(b).key;
    };
    const groups = new Map<string, RowGroup>();
    const parts = new Map<string, Contribution[]>();
    for (const { record: i, change: { row, reference } } of changes) {
      addToGroup(groups, spec, row, i, beats);
      const part = { record: i, row, reference };
      const list = parts.get(row.naturalKey);
      if (list) list.push(part);
      else parts.set(row.naturalKey, [part]);
    }
    const byRank = new Map<number, RowGroup[]>();
    for (const g of groups.values()) {
      const rank = g.row.rank ?? 0;
      if (!byRank.has(rank)) byRank.set(rank, []);
      byRank.get(rank)!.push(g);
    }
    for (const rank of [...byRank.keys()].sort((a, b) => a - b)) {
      const batch = byRank.get(rank)!;
      // rows only referred to and already holding what is said are neither written nor given lineage
      // (read, when there is something to compare, once the writes sent so far have landed: every
      // read of the store waits for them; a rank with nothing to read leaves them running)
      const plans = await planRowWrites(db, spec, batch.map((g) => ({ row: g.row, parts: parts.get(g.row.naturalKey)! })), (row) => saidValues(spec, row, ids), ids.get(spec.entity), () => writes.settle());
      const toWrite = batch.filter((_, n) => plans[n]!.write);
      // rows left as they were are not returned: their ids are the ones loaded before the upsert
      const { inserted, upserted } = await upsertRows(
        db,
        spec,
        toWrite.map((g) => saidColumns(spec, g, ids, originAt)),
        policy,
        ids.get(spec.entity),
        writes,
      );
      const entityIds = setMap(ids, spec.entity);
      for (const w of inserted) entityIds.set(w.natural_key, w.id);
      // an upserted row was in the store already (upsertRows checks it): only an inserted one was created here
      const insertedKeys = new Set(inserted.map((w) => w.natural_key));
      const asWritten = (rows: readonly WrittenKey[]): WrittenRow[] => rows.map((w) => ({ entity: spec.entity, id: w.id, inserted: w.inserted, records: groups.get(w.natural_key)?.contributors ?? [] }));
      const upsertedRows = upserted.then(asWritten);
      // read after the loop; a batch that throws before must not leave a failure unhandled
      upsertedRows.catch(() => {});
      writtenParts.push(asWritten(inserted), upsertedRows);
      batch.forEach((g, n) => {
        const entityId = entityIds.get(g.row.naturalKey)!;
        g.contributors.forEach((record, k) => {
          if (!plans[n]!.lineage.has(record)) return;
          lineage.push({ record, entity: spec.entity, entityId, createdByThisRecord: k === 0 && insertedKeys.has(g.row.naturalKey), method: spec.matchMethod });
        });
      });
      await replaceChildren(db, toWrite.map((g) => ({ parentId: entityIds.get(g.row.naturalKey)!, row: g.row })), ids, writes);
    }
  }
  // the version guard finds a record by its lineage: one that only referred to rows as they were keeps one
  const withLineage = new Set(lineage.map((l) => l.record));
  for (const [i, rows] of prepared) {
    if (withLineage.has(i) || rows.length === 0) continue;
    const { spec, row } = rows[0]!;
    lineage.push({ record: i, entity: spec.entity, entityId: ids.get(spec.entity)!.get(row.naturalKey)!, createdByThisRecord: false, method: spec.matchMethod });
  }

  // lineage and matches
  // sent now, counted at the end: built while the database writes the rows sent before
  const lineageMatches = await writeLineage(db, staged, lineage, (i) => !stored.has(keys[i]!), writes);
  // the upserts' replies (sent before the lineage, so in by the time it is written)
  const writtenRows = (await Promise.all(writtenParts)).flat();
  const rowsWritten: Partial<Record<CanonicalEntity, number>> = {};
  for (const w of writtenRows) rowsWritten[w.entity] = (rowsWritten[w.entity] ?? 0) + 1;
  // what a case's source left open and the store knows (its building's community, its category's
  // duty item); read once the writes sent so far have landed — a batch without cases or buildings
  // reads nothing here
  const derivedFor = { cases: writtenRows.filter((w) => w.entity === 'case').map((w) => w.id), buildings: writtenRows.filter((w) => w.entity === 'building').map((w) => w.id) };
  if (derivedFor.cases.length > 0 || derivedFor.buildings.length > 0) {
    await writes.settle();
    await deriveCaseFields(db, derivedFor, ctx.cases?.dutyItems);
  }
  // change events (outbox.repository.ts), built while the database writes what was sent before
  // (the event loop turns once first, so a statement just sent is on the wire)
  let events = 0;
  if (changeEvents && writtenRows.length > 0) {
    await letWritesProceed();
    const copies = changeEventCopies(writtenRows, records);
    for (const statement of copies.statements) writes.send(() => db.executeQuery(statement));
    events = copies.events;
  }
  const unchanged = records.filter((_, i) => outcomes[i] === 'unchanged');
  await writes.settle();
  const identityStats = await identity.record(db, records, ids);
  if (unchanged.length > 0) await touchLastSeen(db, unchanged);
  const matches = await lineageMatches.matches;
  return { outcomes, rejections, rowsWritten, matches, written: writtenRows, identity: identityStats, events };
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let s = map.get(key);
  if (!s) {
    s = new Set();
    map.set(key, s);
  }
  return s;
}

function setMap<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let m = map.get(key);
  if (!m) {
    m = new Map();
    map.set(key, m);
  }
  return m;
}

/** The first reference of `rows` (their own, then their children's) that `test` accepts. */
function firstRef(rows: readonly { row: PreparedRow }[], test: (ref: RowRef) => boolean): RowRef | undefined {
  for (const { row } of rows) {
    for (const column in row.refs) {
      const ref = row.refs[column];
      if (ref && test(ref)) return ref;
    }
    for (const child of row.children ?? []) {
      for (const c of child.rows) {
        for (const column in c.refs) {
          const ref = c.refs[column];
          if (ref && test(ref)) return ref;
        }
      }
    }
  }
  return undefined;
}

/** Keys are codes except a person's, which is a hash: say so without printing it. */
function describeKey(ref: RowRef): string {
  if (ref.key.startsWith('pid:')) return '(by ID number)';
  if (ref.key.startsWith('pev:')) return '(by name and mobile)';
  return ref.key.split('|').map((k) => (k.startsWith('pid:') ? '(person by ID number)' : k)).join(' / ');
}

/**
 * The columns a change said, with references resolved: `undefined` is never said, `null` only in
 * a `nullClears` column (elsewhere it means "unknown", which keeps the stored value); and their
 * origins as the row's `provenance`.
 */
function saidColumns(
  spec: EntitySpec,
  group: RowGroup,
  ids: Map<CanonicalEntity, Map<string, string>>,
  originAt: (record: number) => RecordOrigin,
): Record<string, unknown> {
  const out = saidValues(spec, group.row, ids);
  out.provenance = provenanceOf(out, group.origins, originAt);
  return out;
}

/** The values a row says (see {@link saidColumns}), without their provenance. */
function saidValues(spec: EntitySpec, row: PreparedRow, ids: Map<CanonicalEntity, Map<string, string>>): Record<string, unknown> {
  const nullClears = spec.nullClears ?? [];
  const out: Record<string, unknown> = { natural_key: row.naturalKey };
  for (const column in row.columns) {
    const value = row.columns[column];
    if (value !== undefined && (value !== null || nullClears.includes(column))) out[column] = value;
  }
  for (const column in row.refs) {
    const ref = row.refs[column];
    if (ref) out[column] = ids.get(ref.entity)?.get(ref.key);
  }
  return out;
}

async function loadExistingKeys(
  // biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
  db: Kysely<any>,
  prepared: Map<number, { spec: EntitySpec; row: PreparedRow }[]>,
  ids: Map<CanonicalEntity, Map<string, string>>,
): Promise<void> {
  const wanted = new Map<CanonicalEntity, Set<string>>();
  for (const rows of prepared.values()) {
    for (const { spec, row } of rows) {
      setOf(wanted, spec.entity).add(row.naturalKey);
      forEachRef(row, (ref) => setOf(wanted, ref.entity).add(ref.key));
    }
  }
  // every entity's keys in one statement (one round trip, not one per entity), in chunks of 10,000 keys
  const lists = [...wanted].map(([entity, keys]) => ({ entity, table: SPEC_BY_ENTITY.get(entity)!.table, keys: [...keys] }));
  // each entity asked about has its map, empty when the store holds none of its keys
  for (const l of lists) setMap(ids, l.entity);
  for (let from = 0; lists.some((l) => l.keys.length > from); from += 10_000) {
    const parts = lists.filter((l) => l.keys.length > from);
    const selects = parts.map(
      (l, n) => sql`select ${sql.lit(n)}::int as e, id, natural_key from ${sql.table(l.table)} where natural_key = any(${textArray(l.keys.slice(from, from + 10_000))})`,
    );
    const { rows } = await sql<{ e: number; id: string; natural_key: string }>`${sql.join(selects, sql` union all `)}`.execute(db);
    for (const r of rows) setMap(ids, parts[r.e]!.entity).set(r.natural_key, r.id);
  }
}

/** A row an upsert or insert wrote: its id, its natural key, whether the statement created it. */
interface WrittenKey {
  id: string;
  natural_key: string;
  inserted: boolean;
}

/**
 * Writes rows on their natural key. A row whose key the store did not hold when the batch began
 * (`existing` has no id for it) is inserted plainly, with an id made here: no conflict check,
 * nothing returned, so the insert is sent through `writes` without waiting for it. Should another
 * transaction insert the same key first, the statement fails with a unique violation on the
 * natural key and the batch is run again as a lock conflict (`isLockConflict`), this time
 * upserting it. The other rows are upserted: rows that said the same columns go in one statement
 * whose update writes exactly those columns, each under the survivorship rule; a new row takes the
 * spec's defaults for the others.
 *
 * An upsert is sent through `writes` too: its ids are the ones `existing` holds, and what its
 * reply says — which rows took a change — is read later (`upserted`), so the next statements are
 * built and sent meanwhile. A row it returns under another id, or as inserted, was deleted by
 * another transaction after the batch read its key (a merge): `upserted` then rejects with a
 * serialization failure (SQLSTATE 40001), and the batch runs again as a lock conflict.
 */
async function upsertRows(
  // biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
  db: Kysely<any>,
  spec: EntitySpec,
  rows: Record<string, unknown>[],
  policy: SurvivorshipPolicy,
  existing: ReadonlyMap<string, string> | undefined,
  writes: DeferredWrites,
): Promise<{ inserted: WrittenKey[]; upserted: Promise<WrittenKey[]> }> {
  const defaults = spec.defaults ?? {};
  const valueAt = (r: Record<string, unknown>, c: string) => (c in r ? r[c] : (defaults[c] ?? null));
  const inserted: WrittenKey[] = [];
  const replies: Promise<{ rows: WrittenKey[] }>[] = [];
  const fresh = new Map<string, Record<string, unknown>[]>();
  const known = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const isNew = !existing?.has(r.natural_key as string);
    if (isNew) r.id = randomUUID();
    const signature = Object.keys(r).sort().join(',');
    const bySignature = isNew ? fresh : known;
    const list = bySignature.get(signature);
    if (list) list.push(r);
    else bySignature.set(signature, [r]);
  }
  const types = fresh.size > 0 ? await typesOf(db, spec.table, writes) : undefined;
  for (const [mode, bySignature] of [
    ['insert', fresh],
    ['upsert', known],
  ] as const) {
    for (const [signature, group] of bySignature) {
      const statement = rowsStatement(db, spec, signature, policy, mode);
      for (const chunk of chunks(group, MAX_ROWS_PER_STATEMENT)) {
        // a plain insert goes as COPY (src/db/copy-rows.ts) when its values can
        const copy = mode === 'insert' && types ? await copyData(statement.columns, types, chunk, valueAt, new Set(signature.split(','))) : null;
        let query: CompiledQuery;
        if (copy !== null) query = copyRows(spec.table, statement.columns, copy);
        else {
          const parameters = [...statement.parameters];
          parameters[statement.slot] = rowsJson(statement.columns, chunk, valueAt);
          query = CompiledQuery.raw(statement.sql, parameters);
        }
        if (mode === 'upsert') replies.push(writes.sendForReply(() => db.executeQuery<WrittenKey>(query)));
        else {
          writes.send(() => db.executeQuery(query));
          for (const r of chunk) inserted.push({ id: r.id as string, natural_key: r.natural_key as string, inserted: true });
        }
      }
    }
  }
  const upserted = Promise.all(replies).then((replied) => {
    const out = replied.flatMap((r) => r.rows);
    for (const w of out) {
      if (w.inserted || w.id !== existing?.get(w.natural_key)) {
        throw Object.assign(new Error(`${spec.table}: a row this batch found was deleted by another transaction before its upsert; the batch runs again`), { code: '40001' });
      }
    }
    return out;
  });
  // a failure is reported through `writes` (or read with the reply); a batch that throws before reading it must not leave it unhandled
  upserted.catch(() => {});
  return { inserted, upserted };
}

/** The column types of `table`; the first read waits for the writes sent before it (the transaction's connection is shared). */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
async function typesOf(db: Kysely<any>, table: string, writes: DeferredWrites): Promise<ColumnTypes> {
  const known = knownColumnTypes(table);
  if (known) return known;
  await writes.settle();
  return columnTypes(db, table);
}

/**
 * The COPY data of a plain insert of `rows` into `columns` (`copyValue` per column type, the
 * compact provenance expanded here as the statement would: `expandedProvenance`), or `null` when a
 * value cannot go that way: the insert statement takes the chunk then.
 */
async function copyData(columns: readonly string[], types: ColumnTypes, rows: readonly Record<string, unknown>[], valueAt: (row: Record<string, unknown>, column: string) => unknown, said: ReadonlySet<string>): Promise<string[] | null> {
  const kinds = columns.map((c) => types.get(c) ?? 'text');
  const values: unknown[] = new Array(columns.length);
  const data: string[] = [];
  for (const r of rows) {
    // the writes sent before go on while these rows are built (deferred-writes.ts)
    if (data.length > 0 && data.length % ROWS_BETWEEN_YIELDS === 0) await letWritesProceed();
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k]!;
      const v = valueAt(r, c);
      if (c === 'provenance' && typeof v === 'string') values[k] = expandedProvenance(v, said);
      else {
        const text = copyValue(kinds[k]!, v);
        if (text === undefined) return null;
        values[k] = text;
      }
    }
    data.push(copyLine(values));
  }
  return data;
}

/** A compiled write whose rows go in as the parameter at `slot`. */
interface RowsStatement {
  columns: string[];
  sql: string;
  parameters: readonly unknown[];
  slot: number;
}

/** Compiled writes per policy, by mode, table and signature: the SQL depends on nothing else. */
const STATEMENTS = new WeakMap<SurvivorshipPolicy, Map<string, RowsStatement>>();
/** Stands for the rows while a statement is compiled. */
const ROWS_SLOT = Symbol('rows');

/**
 * The write of rows that said the columns of `signature`, built and compiled once per (policy,
 * mode, table, signature), then reused with each batch's rows. A new row takes the spec's defaults
 * for the columns it did not say. `insert`: a plain insert of rows new to the store (their `id`
 * among the columns; see {@link upsertRows}). `upsert`: on a natural-key conflict the update writes
 * exactly the said columns, each under the survivorship rule, and only when one of them takes its
 * incoming value (a row left as it was gets no new tuple and is not returned).
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
function rowsStatement(db: Kysely<any>, spec: EntitySpec, signature: string, policy: SurvivorshipPolicy, mode: 'insert' | 'upsert'): RowsStatement {
  let byKey = STATEMENTS.get(policy);
  if (!byKey) {
    byKey = new Map();
    STATEMENTS.set(policy, byKey);
  }
  const key = `${mode}\u0000${spec.table}\u0000${signature}`;
  let statement = byKey.get(key);
  if (!statement) {
    const said = new Set(signature.split(','));
    const columns = [...new Set([...said, ...Object.keys(spec.defaults ?? {})])];
    const insert = db
      .insertInto(spec.table)
      .columns(columns)
      .expression(rowsFromJson(spec.table, columns, ROWS_SLOT, (value) => provenanceExpansion(value, said)));
    let compiled: CompiledQuery;
    if (mode === 'insert') compiled = insert.compile();
    else {
      const survivorship = survivorshipUpdate(spec, said, policy);
      const update: Record<string, unknown> = { updated_at: sql`now()`, ...(spec.extraUpdates?.(said, spec.table, survivorship.takes) ?? {}), ...survivorship.set };
      compiled = insert
        .onConflict((oc) => oc.column('natural_key').doUpdateSet(update).where(survivorship.where))
        .returning(['id', 'natural_key', sql<boolean>`(xmax = 0)`.as('inserted')])
        .compile();
    }
    const slot = compiled.parameters.indexOf(ROWS_SLOT);
    if (slot < 0) throw new Error(`${mode} of ${spec.table}: the rows parameter is missing from the compiled statement`);
    statement = { columns, sql: compiled.sql, parameters: compiled.parameters, slot };
    byKey.set(key, statement);
  }
  return statement;
}

async function replaceChildren(
  // biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
  db: Kysely<any>,
  parents: { parentId: string; row: PreparedRow }[],
  ids: Map<CanonicalEntity, Map<string, string>>,
  writes: DeferredWrites,
): Promise<void> {
  const byTable = new Map<string, { parentColumn: string; parentIds: string[]; rows: Record<string, unknown>[]; owned?: ChildRows['owned']; sequence?: ChildRows['sequence'] }>();
  for (const { parentId, row } of parents) {
    for (const child of row.children ?? []) {
      let entry = byTable.get(child.table);
      if (!entry) {
        entry = { parentColumn: child.parentColumn, parentIds: [], rows: [], owned: child.owned, sequence: child.sequence };
        byTable.set(child.table, entry);
      }
      entry.parentIds.push(parentId);
      for (const c of child.rows) {
        const r: Record<string, unknown> = { [child.parentColumn]: parentId, ...c.columns };
        for (const [column, ref] of Object.entries(c.refs)) r[column] = ref === null ? null : ids.get(ref.entity)?.get(ref.key);
        entry.rows.push(r);
      }
    }
  }
  for (const [table, entry] of byTable) {
    const { owned, sequence } = entry;
    const parent = sql.ref(entry.parentColumn);
    // parents that keep rows the write path does not own, their sequence moved out of the way (negated)
    const keeping: string[] = [];
    for (const chunk of chunks(entry.parentIds, 10_000)) {
      if (!owned) {
        writes.send(() => sql`delete from ${sql.table(table)} where ${parent} = any(${chunk}::uuid[])`.execute(db));
        continue;
      }
      writes.send(() => sql`delete from ${sql.table(table)} where ${parent} = any(${chunk}::uuid[]) and ${sql.ref(owned.column)} = ${owned.value}`.execute(db));
      if (sequence) {
        await writes.settle();
        const { rows } = await sql<{ parent: string }>`
          update ${sql.table(table)} set ${sql.ref(sequence.column)} = -abs(${sql.ref(sequence.column)})
          where ${parent} = any(${chunk}::uuid[]) and ${sql.ref(owned.column)} <> ${owned.value}
          returning ${parent} as parent`.execute(db);
        keeping.push(...new Set(rows.map((r) => r.parent)));
      }
    }
    const columns = [...new Set(entry.rows.flatMap((r) => Object.keys(r)))];
    for (const chunk of chunks(entry.rows, MAX_ROWS_PER_STATEMENT)) {
      const insert = db
        .insertInto(table)
        .columns(columns)
        .expression(rowsFromJson(table, columns, rowsJson(columns, chunk, (r, c) => r[c])))
        .onConflict((oc) => oc.doNothing());
      writes.send(() => insert.execute());
    }
    if (sequence && owned && keeping.length > 0) {
      await writes.settle();
      await renumber(db, table, entry.parentColumn, sequence, owned, [...new Set(keeping)]);
    }
  }
}

/**
 * Numbers a sequence again 1…n per parent after a replacement kept rows (negated meanwhile):
 * in order of `orderBy`, owned rows before kept ones at the same time, then the old order. Two
 * steps through numbers no row holds, as the sequence is unique per parent.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
async function renumber(db: Kysely<any>, table: string, parentColumn: string, sequence: NonNullable<ChildRows['sequence']>, owned: NonNullable<ChildRows['owned']>, parentIds: string[]): Promise<void> {
  const seq = sql.ref(sequence.column);
  const parent = sql.ref(parentColumn);
  for (const chunk of chunks(parentIds, 10_000)) {
    await sql`
      update ${sql.table(table)} t set ${seq} = -1000000 - o.n
      from (select id, row_number() over (partition by ${parent} order by ${sql.ref(sequence.orderBy)}, (${sql.ref(owned.column)} <> ${owned.value}), abs(${seq})) as n
            from ${sql.table(table)} where ${parent} = any(${chunk}::uuid[])) o
      where t.id = o.id`.execute(db);
    await sql`update ${sql.table(table)} set ${seq} = -(${seq}) - 1000000 where ${parent} = any(${chunk}::uuid[])`.execute(db);
  }
}

/**
 * The rows of a multi-row insert as ONE parameter: a JSON array of objects turned into rows of
 * the table's own row type (`json_populate_recordset`), so each value gets its column's type
 * (uuid, date, numeric, text[] from a JSON array ...) without a catalog lookup. One parameter per
 * statement instead of one per value: far less to build, serialise, bind and plan. `provenance` is
 * already JSON text (`provenanceOf`) and goes in as it is; `provenance` expands its compact form.
 */
function rowsFromJson(table: string, columns: readonly string[], json: unknown, provenance?: (value: RawBuilder<unknown>) => RawBuilder<unknown>): RawBuilder<unknown> {
  const select = columns.map((c) => (c === 'provenance' && provenance ? sql`${provenance(sql.ref('x.provenance'))} as provenance` : sql.ref(`x.${c}`)));
  return sql`select ${sql.join(select)} from json_populate_recordset(null::${sql.table(table)}, ${json}::json) as x`;
}

/** The JSON text of rows for {@link rowsFromJson}: absent and null values are left out (null either way). */
function rowsJson(columns: readonly string[], rows: readonly Record<string, unknown>[], valueAt: (row: Record<string, unknown>, column: string) => unknown): string {
  const names = columns.map((c) => JSON.stringify(c));
  let json = '[';
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n]!;
    let o = '';
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k]!;
      const v = valueAt(r, c);
      // an absent key is null, as an explicit null was
      if (v === undefined || v === null) continue;
      const text = c === 'provenance' && typeof v === 'string' ? v : JSON.stringify(v);
      o += o === '' ? `${names[k]}:${text}` : `,${names[k]}:${text}`;
    }
    json += n === 0 ? `{${o}}` : `,{${o}}`;
  }
  return `${json}]`;
}

const LINEAGE_COLUMNS = ['id', 'source', 'stream', 'external_id', 'entity', 'entity_id', 'source_version', 'payload_hash'];
const MATCH_COLUMNS = ['id', 'entity', 'entity_id', 'source_record_id', 'method', 'confidence'];

/** A lineage row to write: record `record` described canonical row `entityId`. */
interface LineageItem {
  record: number;
  entity: CanonicalEntity;
  entityId: string;
  createdByThisRecord: boolean;
  method: string;
}

/**
 * Writes the lineage rows (`source_record`) of a batch and a `match` row for each one whose
 * record did not create the canonical row. `isNew(record)`: the store had no lineage at all for
 * that source record when the batch began (the version guard's read) — its rows are COPYed
 * with ids made here, then their match rows, nothing coming back; the others are upserted (a newer version of a record moves its version and hash). Should another
 * transaction insert a "new" record's lineage first, the batch fails with a unique violation on
 * `source_record` and is run again as a lock conflict (`isLockConflict`), then as a known record.
 *
 * Every statement is sent (through `writes`) before this resolves (it lets the writes sent before
 * go on while it builds: `letWritesProceed`); `matches` gives the count of match rows written once
 * they are done.
 */
async function writeLineage(
  // biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
  db: Kysely<any>,
  staged: StagedRecords,
  lineage: LineageItem[],
  isNew: (record: number) => boolean,
  writes: DeferredWrites,
): Promise<{ matches: Promise<number> }> {
  if (lineage.length === 0) return { matches: Promise.resolve(0) };
  // one lineage row per (record, canonical row), even when a record touched a row twice
  const unique = new Map<string, LineageItem>();
  for (const l of lineage) {
    const key = `${l.record}\u0000${l.entity}\u0000${l.entityId}`;
    const seen = unique.get(key);
    if (!seen || l.createdByThisRecord) unique.set(key, l);
  }
  const fresh: LineageItem[] = [];
  const known: LineageItem[] = [];
  for (const l of unique.values()) (isNew(l.record) ? fresh : known).push(l);
  const counts: Promise<number>[] = [];
  const send = (statement: RawBuilder<{ matches: number }>) => counts.push(writes.sendForReply(() => statement.execute(db)).then(({ rows }) => rows[0]!.matches));
  // new records' lineage: COPYed (src/db/copy-rows.ts), with ids made here, then their match rows
  const versions = new Map<number, string>();
  for (const chunk of chunks(fresh, 10_000)) {
    const lineageRows: string[] = [];
    const matchRows: string[] = [];
    let matches = 0;
    for (const l of chunk) {
      // the writes sent before go on while the lineage is built (deferred-writes.ts)
      if (lineageRows.length > 0 && lineageRows.length % ROWS_BETWEEN_YIELDS === 0) await letWritesProceed();
      const id = randomUUID();
      const r = staged.records[l.record]!;
      let version = versions.get(l.record);
      if (version === undefined) {
        version = new Date(staged.versions[l.record]!).toISOString();
        versions.set(l.record, version);
      }
      lineageRows.push(copyLine([id, r.source, r.stream, r.externalId, l.entity, l.entityId, version, staged.hashes[l.record]!]));
      if (!l.createdByThisRecord) {
        matchRows.push(copyLine([randomUUID(), l.entity, l.entityId, id, l.method, 1]));
        matches += 1;
      }
    }
    writes.send(() => db.executeQuery(copyRows('source_record', LINEAGE_COLUMNS, lineageRows)));
    if (matches > 0) counts.push(writes.sendForReply(() => db.executeQuery(copyRows('match', MATCH_COLUMNS, matchRows))).then(() => matches));
  }
  for (const chunk of chunks(known, 10_000)) {
    send(sql<{ matches: number }>`
      with ${lineageInputs(chunk, staged)}, written as (
        insert into source_record (source, stream, external_id, entity, entity_id, source_version, payload_hash)
        select r.source, r.stream, r.external_id, l.entity, l.entity_id, r.source_version, r.payload_hash
        from l join r using (n)
        on conflict (source, stream, external_id, entity, entity_id) do update set
          source_version = greatest(excluded.source_version, source_record.source_version),
          payload_hash = excluded.payload_hash,
          last_seen = now()
        returning id, source, stream, external_id, entity, entity_id, (xmax = 0) as inserted
      ), matched as (
        insert into match (entity, entity_id, source_record_id, method, confidence)
        select w.entity, w.entity_id, w.id, m.method, 1
        from written w
        join (select r.source, r.stream, r.external_id, l.entity, l.entity_id, l.method from l join r using (n) where l.matched) m
          using (source, stream, external_id, entity, entity_id)
        where w.inserted
        on conflict (source_record_id) do nothing
        returning 1
      )
      select count(*)::int as matches from matched`);
  }
  const total = Promise.all(counts).then((n) => n.reduce((a, b) => a + b, 0));
  // a failure is reported through `writes`; a caller that throws before reading the count must not leave it unhandled
  total.catch(() => {});
  return { matches: total };
}

/**
 * The inputs of a lineage upsert as two CTEs from two JSON parameters: `r`, each record once
 * (origin, version, hash), and `l`, each lineage row by the record's number `n`. Every value is escaped by `JSON.stringify` (a record's members by
 * `StagedRecords.lineageFields`), and the texts go to PostgreSQL as bound parameters.
 */
function lineageInputs(chunk: readonly LineageItem[], staged: StagedRecords): RawBuilder<unknown> {
  const numbers = new Map<number, number>();
  const recordRows: string[] = [];
  // short member names, `x` only when matched: the lineage rows are most of the bytes a batch sends
  let lineageRows = '';
  for (const l of chunk) {
    let n = numbers.get(l.record);
    if (n === undefined) {
      n = numbers.size;
      numbers.set(l.record, n);
      recordRows.push(`{"n":${n},${staged.lineageFields(l.record)}}`);
    }
    const row = `{"n":${n},"e":${JSON.stringify(l.entity)},"d":${JSON.stringify(l.entityId)},"m":${JSON.stringify(l.method)}${l.createdByThisRecord ? '' : ',"x":true'}}`;
    lineageRows += lineageRows === '' ? row : `,${row}`;
  }
  return sql`r as (
      select t.n, t.s as source, t.t as stream, t.x as external_id, t.v as source_version, t.h as payload_hash
      from json_to_recordset(${`[${recordRows.join(',')}]`}::json) as t(n int, s text, t text, x text, v timestamptz, h text)
    ), l as (
      select t.n, t.e as entity, t.d as entity_id, t.m as method, coalesce(t.x, false) as matched
      from json_to_recordset(${`[${lineageRows}]`}::json) as t(n int, e text, d uuid, m text, x boolean)
    )`;
}

// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
async function touchLastSeen(db: Kysely<any>, records: MappedRecord[]): Promise<void> {
  for (const chunk of chunks(records, 5_000)) {
    await sql`
      update source_record set last_seen = now()
      where (source, stream, external_id) in (${textTuples(chunk.map((r) => [r.source, r.stream, r.externalId]), 3)})`.execute(db);
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
