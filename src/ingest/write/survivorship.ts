import { type RawBuilder, sql } from 'kysely';
import type { HuijuConfig } from '../../config';
import { type FieldOrigin, originKey } from '../../db/field-provenance';
import { HuijuError } from '../../errors';
import type { CanonicalEntity } from '../../sdk/canonical-change';
import type { MappedRecord } from '../ingest-record';
import type { EntitySpec, PreparedRow } from './entity-spec';
import { SPEC_BY_ENTITY } from './specs/index';

/**
 * Survivorship: which value a canonical field keeps when sources disagree.
 *
 * Per column, a said value replaces the stored one when its source ranks higher than the source
 * that supplied the stored value, or ranks the same and its record comes later in the order of
 * (record version, origin key): the more recent version wins, and of two records of one version
 * (a household told by each of its residents' rows of one export) the one with the greater origin
 * key — an arbitrary but fixed choice, so the result does not depend on the order records arrive
 * in (one worker or two, in-process or through Kafka partitions).
 * Ranks come from the `survivorship` config (a priority list per entity, highest first; sources
 * not listed rank 0); with no list every source ranks the same and the most recent version wins.
 *
 * Versions are the sources' own (`MappedRecord.version`): between two sources they compare only
 * as instants — an export time in one and an edit time in another are ordered by the clock, not
 * by meaning. The store keeps, per column, the origin of the current value in the row's
 * `provenance` (source record and its version; format in `db/field-provenance.ts`). The record
 * that supplied the stored value repeating it (a re-export) does not rewrite the row; another
 * record that comes later in that order takes the origin even with an equal value (the origin
 * is then the same whichever record came first); a newer version of the supplying record that
 * rewrites the row moves the version of every value that record supplied.
 *
 * Ranks are computed from the current config on both sides of every comparison (the stored
 * source's rank is not frozen at write time), so a changed priority list applies to values
 * already stored from the next write on.
 */
export interface SurvivorshipPolicy {
  /** Rank of a source for an entity's fields: higher wins; a source not listed ranks 0. */
  rank(entity: CanonicalEntity, source: string): number;
  /** The same rank in SQL for a source-id expression; `null` when every source ranks the same for the entity. */
  rankSql(entity: CanonicalEntity, source: RawBuilder<unknown>): RawBuilder<number> | null;
}

type SurvivorshipSettings = HuijuConfig['survivorship'];

/** Every source ranks the same: the most recent version wins (the default). */
export const EQUAL_PRIORITY: SurvivorshipPolicy = buildPolicy({ priority: [], perEntity: {} });

const POLICIES = new WeakMap<object, SurvivorshipPolicy>();

/**
 * The policy of a validated config (built once per config). Throws `CONFIG_INVALID` naming the
 * field when `survivorship.perEntity` names an entity the hub does not have.
 */
export function survivorshipOf(config: Pick<HuijuConfig, 'survivorship'>): SurvivorshipPolicy {
  const settings = config.survivorship;
  let policy = POLICIES.get(settings);
  if (!policy) {
    policy = buildPolicy(settings);
    POLICIES.set(settings, policy);
  }
  return policy;
}

function buildPolicy(settings: SurvivorshipSettings): SurvivorshipPolicy {
  const unknown = Object.keys(settings.perEntity).filter((e) => !SPEC_BY_ENTITY.has(e as CanonicalEntity));
  if (unknown.length > 0) {
    const known = [...SPEC_BY_ENTITY.keys()].join(', ');
    throw new HuijuError(
      'CONFIG_INVALID',
      `Invalid configuration:\n${unknown.map((e) => `  - survivorship.perEntity.${e}: not a canonical entity (one of ${known})`).join('\n')}`,
      { fields: unknown.map((e) => `survivorship.perEntity.${e}`) },
    );
  }
  const compiled = (list: readonly string[]) => list.map((pattern, i) => ({ pattern, rank: list.length - i, re: patternRegex(pattern) }));
  const byEntity = new Map(Object.entries(settings.perEntity).map(([e, list]) => [e, compiled(list)]));
  const fallback = compiled(settings.priority);
  const listOf = (entity: CanonicalEntity) => byEntity.get(entity) ?? fallback;
  const cache = new Map<CanonicalEntity, Map<string, number>>();
  return {
    rank(entity, source) {
      let ranks = cache.get(entity);
      if (!ranks) {
        ranks = new Map();
        cache.set(entity, ranks);
      }
      let r = ranks.get(source);
      if (r === undefined) {
        r = listOf(entity).find((p) => p.re.test(source))?.rank ?? 0;
        ranks.set(source, r);
      }
      return r;
    },
    rankSql(entity, source) {
      const list = listOf(entity);
      if (list.length === 0) return null;
      // patterns hold only a-z 0-9 - * (validated), so they are safe as literals and `*` is the only wildcard
      return sql<number>`(case ${sql.join(
        list.map((p) => sql`when ${source} like ${sql.lit(p.pattern.replaceAll('*', '%'))} then ${sql.lit(p.rank)}`),
        sql` `,
      )} else 0 end)`;
    },
  };
}

function patternRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/** A record as an origin in `provenance`: its key and entry (and the entry as JSON, built once per record). */
export interface RecordOrigin {
  key: string;
  origin: FieldOrigin;
  /** `"<key>":[<origin>]`, a member of the `@` object. */
  json: string;
  /** `["<key>",[<origin>]]`: the compact provenance of a row whose every said value came from this record. */
  compact: string;
}

/** The origin of a record's values. */
export function originOf(record: MappedRecord, versionMs: number): RecordOrigin {
  const key = originKey(record.source, record.stream, record.externalId);
  const origin: FieldOrigin = [record.source, record.stream, record.externalId, new Date(versionMs).toISOString()];
  const entry = JSON.stringify(origin);
  return { key, origin, json: `${JSON.stringify(key)}:${entry}`, compact: `[${JSON.stringify(key)},${entry}]` };
}

/** One canonical row of a batch: the merged said values and, per column, the record that said it. */
export interface RowGroup {
  row: PreparedRow;
  /** Records that said something about the row, in batch order. */
  contributors: number[];
  /** Column (value or reference) → index of the record whose value the merged row holds. */
  origins: Record<string, number>;
}

/**
 * Adds a record's row to the batch's group for its natural key. Per column the survivorship
 * rule picks between the records of the batch (`beats(a, b)`: record a's value wins over b's);
 * dependent sets (children) come from the later record when it has any.
 */
export function addToGroup(
  groups: Map<string, RowGroup>,
  spec: EntitySpec,
  row: PreparedRow,
  record: number,
  beats: (a: number, b: number) => boolean,
): void {
  const nullClears = spec.nullClears ?? [];
  const saidValue = (k: string, v: unknown) => v !== undefined && (v !== null || nullClears.includes(k));
  const group = groups.get(row.naturalKey);
  // values kept from the matched row (`PreparedRow.kept`) have no origin and fill only what nothing said
  const kept = row.kept ?? [];
  if (!group) {
    const origins: Record<string, number> = {};
    for (const k in row.columns) if (saidValue(k, row.columns[k]) && !kept.includes(k)) origins[k] = record;
    for (const k in row.refs) if (row.refs[k] !== null) origins[k] = record;
    groups.set(row.naturalKey, { row, contributors: [record], origins });
    return;
  }
  const a = group.row;
  const columns = { ...a.columns };
  const refs = { ...a.refs };
  for (const [k, v] of Object.entries(row.columns)) {
    if (!saidValue(k, v)) continue;
    if (kept.includes(k)) {
      if (columns[k] === undefined) columns[k] = v;
      continue;
    }
    const held = group.origins[k];
    if (held === undefined || beats(record, held)) {
      columns[k] = v;
      group.origins[k] = record;
    }
  }
  for (const [k, v] of Object.entries(row.refs)) {
    if (v === null) continue;
    const held = group.origins[k];
    if (held === undefined || beats(record, held)) {
      refs[k] = v;
      group.origins[k] = record;
    }
  }
  // a column kept by the first row and said by this one is said now
  const stillKept = (a.kept ?? []).filter((k) => group.origins[k] === undefined);
  group.row = { naturalKey: a.naturalKey, columns, refs, children: row.children ?? a.children, rank: a.rank, ...(stillKept.length ? { kept: stillKept } : {}) };
  if (!group.contributors.includes(record)) group.contributors.push(record);
}

/**
 * The `provenance` value of a row to upsert, as JSON text (`db/field-provenance.ts`): each said
 * column's origin key, and the origins. Built as text: it runs for every row written.
 *
 * When one record supplied every said column (almost always), the compact form
 * `["<key>",[<origin>]]` instead: the upsert statement expands it to the same value
 * ({@link provenanceExpansion}) — a fraction of the text to build, send and parse. `said` holds
 * the row's columns, `natural_key` included (it has no origin).
 */
export function provenanceOf(said: Record<string, unknown>, origins: Record<string, number>, originAt: (record: number) => RecordOrigin): string {
  let only: RecordOrigin | undefined;
  let single = true;
  let withOrigin = 0;
  let columns = 0;
  for (const column in said) {
    columns += 1;
    const record = origins[column];
    if (record === undefined) continue;
    withOrigin += 1;
    const o = originAt(record);
    if (only === undefined) only = o;
    else if (o !== only) single = false;
  }
  // every column but the natural key has its origin in that one record
  if (single && only && withOrigin === columns - 1 && withOrigin <= MAX_EXPANDED_COLUMNS) return only.compact;
  let text = '';
  const entries: RecordOrigin[] = [];
  for (const column in said) {
    const record = origins[column];
    if (record === undefined) continue;
    const o = originAt(record);
    // column names are identifiers and keys base64url: no escaping needed
    text += `"${column}":"${o.key}",`;
    if (!entries.includes(o)) entries.push(o);
  }
  return `{${text}"@":{${entries.map((o) => o.json).join(',')}}}`;
}

/** Most columns a compact provenance is expanded for (`jsonb_build_object` takes 100 arguments). */
const MAX_EXPANDED_COLUMNS = 49;

/**
 * The SQL that turns a row's incoming `provenance` (`value`, jsonb) into its stored form: a compact
 * `["<key>",[<origin>]]` ({@link provenanceOf}) becomes `{ "<column>": "<key>" … "@": { "<key>": [<origin>] } }`
 * for each of the statement's `said` columns; a full object stays as it is.
 */
export function provenanceExpansion(value: RawBuilder<unknown>, said: ReadonlySet<string>): RawBuilder<unknown> {
  const columns = [...said].filter((c) => c !== 'natural_key' && c !== 'provenance' && c !== 'id');
  if (columns.length === 0 || columns.length > MAX_EXPANDED_COLUMNS) return value;
  const pairs = columns.map((c) => sql`${sql.lit(c)}, ${value} ->> 0`);
  return sql`(case when jsonb_typeof(${value}) = 'array' then jsonb_build_object(${sql.join(pairs)}, '@', jsonb_build_object(${value} ->> 0, ${value} -> 1)) else ${value} end)`;
}

/**
 * {@link provenanceExpansion} done here, on the JSON text: a compact `["<key>",[<origin>]]`
 * becomes `{ "<column>": "<key>" … "@": { "<key>": [<origin>] } }` for each of the `said` columns
 * (for a write that sends the stored form, as a COPY does); a full object stays as it is. Keys are
 * base64url and column names identifiers: nothing to escape.
 */
export function expandedProvenance(text: string, said: ReadonlySet<string>): string {
  if (!text.startsWith('["')) return text;
  const columns = [...said].filter((c) => c !== 'natural_key' && c !== 'provenance' && c !== 'id');
  if (columns.length === 0 || columns.length > MAX_EXPANDED_COLUMNS) return text;
  const close = text.indexOf('"', 2);
  const key = text.slice(1, close + 1);
  const entry = text.slice(close + 2, text.length - 1);
  let out = '{';
  for (const c of columns) out += `"${c}":${key},`;
  return `${out}"@":{${key}:${entry}}}`;
}

/** Columns of a row the survivorship rule never applies to. */
const NOT_SURVIVED = new Set(['id', 'natural_key', 'created_at', 'updated_at', 'provenance']);

/** The SQL of one upsert's conflict branch under survivorship (see {@link survivorshipUpdate}). */
export interface SurvivorshipUpdate {
  /** SET expressions: every said column and `provenance`. */
  set: Record<string, RawBuilder<unknown>>;
  /** The row is rewritten only when some said column takes its incoming value. */
  where: RawBuilder<boolean>;
  /** Whether the incoming value of a said column is taken (for `extraUpdates`). */
  takes(column: string): RawBuilder<boolean>;
}

/**
 * Builds the conflict branch of an upsert in which `said` columns were said, set-based: per
 * column, `take` decides in SQL against the stored row's `provenance`:
 *
 * - the stored column has no origin (a row written before provenance existed), or
 * - the incoming source ranks higher than the stored value's source, or
 * - it ranks the same and comes later in the order of (version, origin key) — two records of one
 *   version are ordered by their origin keys, so the same record wins whichever arrives first
 *   (in-process syncs and Kafka partitions apply records in different orders) — unless it is the
 *   record that supplied the stored value saying it again (a re-export: the row is not
 *   rewritten); ciphertext columns (`*_enc`) are compared through their `*_hash` column.
 *
 * `keepFirst` columns take the incoming value only while the stored one is null. The taken
 * columns' origin keys are merged into `provenance`, with the incoming records' entries; columns
 * not said keep theirs.
 */
export function survivorshipUpdate(spec: EntitySpec, said: ReadonlySet<string>, policy: SurvivorshipPolicy): SurvivorshipUpdate {
  const table = spec.table;
  const stored = (c: string) => sql.ref(`${table}.${c}`);
  const incoming = (c: string) => sql`excluded.${sql.ref(c)}`;
  const storedProvenance = sql.ref(`${table}.provenance`);
  const storedOrigin = (c: string) => sql`(${storedProvenance} -> '@' -> (${storedProvenance} ->> ${sql.lit(c)}))`;
  const incomingOrigin = (c: string) => sql`(excluded.provenance -> '@' -> (excluded.provenance ->> ${sql.lit(c)}))`;
  const keepFirst = new Set(spec.keepFirst ?? []);
  const columns = [...said].filter((c) => !NOT_SURVIVED.has(c));

  const takeOf = new Map<string, RawBuilder<boolean>>();
  for (const c of columns) {
    if (keepFirst.has(c)) {
      takeOf.set(c, sql<boolean>`(${stored(c)} is null)`);
      continue;
    }
    const compared = c.endsWith('_enc') ? c.replace(/_enc$/, '_hash') : c;
    const differs = compared !== c && !said.has(compared) ? sql`false` : sql`${stored(compared)} is distinct from ${incoming(compared)}`;
    // (version, origin key) orders any two records: the same winner whatever order they arrive in
    const storedVersion = sql`(${storedOrigin(c)} ->> 3) collate "C"`;
    const incomingVersion = sql`(${incomingOrigin(c)} ->> 3)`;
    const storedKey = sql`(${storedProvenance} ->> ${sql.lit(c)}) collate "C"`;
    const incomingKey = sql`(excluded.provenance ->> ${sql.lit(c)})`;
    const later = sql`(${storedVersion} < ${incomingVersion} or (${storedVersion} = ${incomingVersion} and ${storedKey} < ${incomingKey}))`;
    // an equal value from the record that supplied it (a re-export) keeps the row as it is
    const newer = sql`(${later} and (${differs} or ${storedKey} is distinct from ${incomingKey}))`;
    const rankOld = policy.rankSql(spec.entity, sql`(${storedOrigin(c)} ->> 0)`);
    const rankNew = policy.rankSql(spec.entity, sql`(${incomingOrigin(c)} ->> 0)`);
    takeOf.set(
      c,
      rankOld && rankNew
        ? sql<boolean>`(${storedOrigin(c)} is null or ${rankOld} < ${rankNew} or (${rankOld} = ${rankNew} and ${newer}))`
        : sql<boolean>`(${storedOrigin(c)} is null or ${newer})`,
    );
  }

  const set: Record<string, RawBuilder<unknown>> = {};
  for (const c of columns) set[c] = sql`case when ${takeOf.get(c)!} then ${incoming(c)} else ${stored(c)} end`;
  // jsonb_build_object takes at most 100 arguments: 50 columns per object
  const objects: RawBuilder<unknown>[] = [];
  for (let i = 0; i < columns.length; i += 50) {
    const pairs = columns.slice(i, i + 50).map((c) => sql`${sql.lit(c)}, case when ${takeOf.get(c)!} then excluded.provenance -> ${sql.lit(c)} end`);
    objects.push(sql`jsonb_strip_nulls(jsonb_build_object(${sql.join(pairs)}))`);
  }
  // the incoming records' origins join the stored ones (a newer version of a record replaces its entry)
  const origins = sql`jsonb_build_object('@', coalesce(${storedProvenance} -> '@', '{}'::jsonb) || (excluded.provenance -> '@'))`;
  set.provenance = sql`${storedProvenance}${sql.join(objects.map((o) => sql` || ${o}`), sql``)} || ${origins}`;
  const where = columns.length ? sql<boolean>`(${sql.join([...takeOf.values()], sql` or `)})` : sql<boolean>`false`;
  return { set, where, takes: (c) => takeOf.get(c) ?? sql<boolean>`false` };
}
