import { type Kysely, sql } from 'kysely';
import type { MappedRecord } from '../../ingest-record';
import type { CanonicalEntity } from '../../../sdk/canonical-change';
import { PERSON_EVIDENCE_PREFIX } from '../natural-keys';
import type { RowRef } from '../entity-spec';
import { type IdentityDecision, RESOLVED_ENTITIES } from './identity-decision';
import { IDENTITY_ACTOR, loadProjectPlaces, matchBuildings, type ProjectPlace } from './building-matching';
import { matchDwellings } from './dwelling-matching';
import { linkCrossChannelCases } from './case-linking';
import { existingKeys, loadKeyAliases } from './key-aliases';
import { HELD_KEY_MATCH, loadHeldKeys } from './held-keys';
import { matchOrganizations, type OrganizationEvidenceRow } from './organization-matching';
import { keyOrganizationRows } from './organization-match-keys';
import { absorbEvidencePeople, adoptEvidencePeople, matchPeopleByEvidence, type PersonEvidenceRow } from './person-matching';
import { mergeRows } from '../../../identity/merge-entities';
import type { Database } from '../../../db/database';
import { forEachRef, type PreparedByRecord, rekeyRows } from './rekey-rows';
import { lockIdentityDecisions } from './identity-locks';

/** Columns a row merged into another must not carry over (the target's identity stays). */
const MERGED_IDENTITY_COLUMNS: Partial<Record<CanonicalEntity, readonly string[]>> = {
  person: ['id_hash', 'id_enc'],
  organization: ['uscc', 'uscc_checksum_valid', 'org_code', 'filing_no', 'needs_review', 'match_name', 'match_scope'],
};

/** A record landing on a row by an earlier record's identical evidence: its method and confidence. */
const EVIDENCE_METHODS = { 'name-birthdate-mobile': 0.95, 'name-mobile': 0.9, 'name-birthdate': 0.7 } as const;

/** The evidence a prepared person row carries (normalised name, mobile hash, birth date). */
function evidenceOf(key: string, rowsByKey: ReadonlyMap<string, { columns: Record<string, unknown> }[]>): PersonEvidenceRow {
  const c = rowsByKey.get(key)![0]!.columns;
  return { key, nameNorm: String(c.name_norm), mobileHash: (c.mobile_hash as string | undefined) ?? null, birthDate: (c.birth_date as string | undefined) ?? null };
}

/** The evidence of the link-only person references (`RowRef.linkOnly`) among `keys`. */
function linkOnlyEvidence(prepared: PreparedByRecord, keys: readonly string[]): PersonEvidenceRow[] {
  const wanted = new Set(keys);
  const out = new Map<string, PersonEvidenceRow>();
  for (const rows of prepared.values()) {
    for (const { row } of rows) {
      forEachRef(row, (ref) => {
        if (ref.entity === 'person' && ref.linkOnly && wanted.has(ref.key) && !out.has(ref.key)) out.set(ref.key, { key: ref.key, ...ref.linkOnly });
      });
    }
  }
  return [...out.values()];
}

/** Names of the administrative areas this batch writes: 12-digit code → name (an organisation's area may arrive with it). */
function batchAreaNames(prepared: PreparedByRecord): Map<string, string> {
  const out = new Map<string, string>();
  for (const rows of prepared.values()) {
    for (const { spec, row } of rows) {
      if (spec.entity === 'adminArea' && typeof row.columns.name === 'string') out.set(row.naturalKey, row.columns.name);
    }
  }
  return out;
}

/** Property projects written by this batch: code → name and community code. */
function projectsOf(prepared: PreparedByRecord): Map<string, ProjectPlace> {
  const out = new Map<string, ProjectPlace>();
  for (const rows of prepared.values()) {
    for (const { spec, row } of rows) {
      const name = row.columns.name_norm ?? row.columns.name;
      if (spec.entity === 'propertyProject' && typeof name === 'string') out.set(row.naturalKey, { name, communityCode: row.refs.community_id?.key ?? null });
    }
  }
  return out;
}

/**
 * A building a record names by project + number only (a repair order) lies in its project's
 * community: the batch's or the store's.
 *
 * - A project neither the batch nor the store holds (the repair arrived before its project's
 *   event): the community stays unset, so the record is rejected as an unresolved reference to
 *   the **project** (`propertyProject <code>`, the building's `project_id` reference) — a key that
 *   lands with the project's own event, so the parked record is applied then
 *   (`src/ingest/park/`), and the building placed in the community that event names.
 * - A project that is stored without a community: the building cannot be placed by anything
 *   that may still arrive; the record is rejected as an unresolved reference to
 *   `(community of project <code>)` and ends, after `ingest.parkedFor`, as a dead letter saying so.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
async function placeBuildingsByProject(db: Kysely<any>, prepared: PreparedByRecord, known: ReadonlyMap<string, ProjectPlace>): Promise<void> {
  const unplaced: { refs: Record<string, RowRef | null>; project: string }[] = [];
  for (const rows of prepared.values()) {
    for (const { spec, row } of rows) {
      const project = row.refs.project_id?.key;
      if (spec.entity === 'building' && !row.refs.community_id && project) unplaced.push({ refs: row.refs, project });
    }
  }
  if (unplaced.length === 0) return;
  // the matcher knows the batch's projects and the stored ones its keys name; a project code it
  // did not read (written another way in the key) is looked up here, so a stored project is never
  // mistaken for a missing one (the building would then lack its NOT NULL community)
  const projects = new Map(known);
  await loadProjectPlaces(db, unplaced.map((u) => u.project), projects);
  for (const { refs, project } of unplaced) {
    const place = projects.get(project);
    if (place !== undefined) refs.community_id = { entity: 'adminArea', key: place.communityCode ?? `(community of project ${project})` };
  }
}

/** What the identity step did to one record's row. */
interface RecordEffect {
  record: number;
  entity: CanonicalEntity;
  /** The row's key after resolution. */
  key: string;
  decision: IdentityDecision;
}

/** Counts of one batch's identity decisions (records, not rows). */
export interface IdentityStats {
  /** Records tied to an existing row beyond its natural key, by method. */
  matchedByMethod: Record<string, number>;
  /** Records that became a new row with a review entry. */
  queuedForReview: number;
  /** New links between cross-channel duplicates of one matter. */
  casesLinked: number;
  /** People created from evidence merged into the person with an ID number they turned out to be ({@link absorbEvidencePeople}). */
  evidenceMerged: number;
}

/** The identity step's result: call {@link IdentityResolution.record} once the rows and lineage are written. */
export interface IdentityResolution {
  /**
   * Records what was decided, in the batch's transaction: the method and confidence on the
   * `match` rows of attached records, the review entries (with the new rows' ids), and links
   * between the batch's cases and their cross-channel duplicates.
   */
  // biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
  record(db: Kysely<any>, records: readonly MappedRecord[], ids: ReadonlyMap<CanonicalEntity, ReadonlyMap<string, string>>): Promise<IdentityStats>;
}

/**
 * The write path's identity step (DOMAIN.md §4), run on a batch's prepared rows before their
 * keys are resolved. For people and organisations whose natural key the store does not hold:
 *
 * 1. a key of a row merged away by an operator (`entity_key_alias`) → the row it went into; a key
 *    the batch only refers to that a stored row holds in an identity column (a USCC a name-keyed
 *    organisation took, `held-keys.ts`) → that row;
 * 2. a person with an ID number the store knows only from evidence → {@link adoptEvidencePeople}
 *    (the evidence row takes the ID's key, so the order the sources arrive in does not matter);
 * 3. a person without an ID number (`pev:` key) → {@link matchPeopleByEvidence};
 * 4. an organisation → {@link matchOrganizations} (a USCC taken earlier, old org code, then the
 *    unit type + name within the area its type is unique in; every organisation row gets its match key);
 * 5. a building → {@link matchBuildings} (the street office's 小区 + 楼栋 vs the firm's project + number,
 *    spelled either way; stored duplicates are merged), then the batch's dwellings follow their
 *    buildings ({@link matchDwellings}).
 *
 * An `attach` rewrites the key in every row and reference of the batch, so the upsert lands on
 * the existing row. Set-based: a few statements per batch, none per record.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function resolveIdentities(db: Kysely<any>, prepared: PreparedByRecord): Promise<IdentityResolution> {
  const effects: RecordEffect[] = [];
  // concurrent batches (two workers, two partitions) decide one entity's identities one at a time
  const touched = new Set<CanonicalEntity>();
  for (const rows of prepared.values()) {
    for (const { spec, row } of rows) {
      if (RESOLVED_ENTITIES.includes(spec.entity)) touched.add(spec.entity);
      forEachRef(row, (ref) => {
        if (RESOLVED_ENTITIES.includes(ref.entity)) touched.add(ref.entity);
      });
    }
  }
  await lockIdentityDecisions(db, touched);
  for (const entity of RESOLVED_ENTITIES) {
    const keys = new Set<string>();
    const rowsByKey = new Map<string, { record: number; columns: Record<string, unknown>; areaKey: string | null }[]>();
    for (const [record, rows] of prepared) {
      for (const { spec, row } of rows) {
        if (spec.entity === entity) {
          keys.add(row.naturalKey);
          let list = rowsByKey.get(row.naturalKey);
          if (!list) {
            list = [];
            rowsByKey.set(row.naturalKey, list);
          }
          list.push({ record, columns: row.columns, areaKey: row.refs.area_id?.key ?? null });
        }
        forEachRef(row, (ref) => {
          if (ref.entity === entity) keys.add(ref.key);
        });
      }
    }
    if (keys.size === 0) continue;
    const existing = await existingKeys(db, entity, [...keys]);
    let missing = [...keys].filter((k) => !existing.has(k));
    const aliases = await loadKeyAliases(db, entity, missing);
    const decisions = new Map<string, IdentityDecision>();
    if (entity === 'person') {
      const adopted = await adoptEvidencePeople(db, missing.filter((k) => k.startsWith('pid:') && !aliases.has(k) && rowsByKey.has(k)).map((k) => evidenceOf(k, rowsByKey)));
      for (const [k, d] of adopted.decisions) decisions.set(k, d);
      // an adopted row now holds the ID's key; its evidence key is gone (records carrying it are matched below)
      for (const [from, to] of adopted.renamed) {
        existing.delete(from);
        existing.add(to);
      }
      missing = [...keys].filter((k) => !existing.has(k));
    }
    const sameEvidence = new Map<string, { method: string; confidence: number }>();
    for (const [key, target] of aliases) {
      decisions.set(key, { kind: 'attach', target, method: 'merged-alias', confidence: 1, dropColumns: MERGED_IDENTITY_COLUMNS[entity] ?? [] });
    }
    // a key only referred to (no row of the batch carries it) that a stored row holds in an
    // identity column (a USCC a name-keyed organisation took): the reference resolves to that row
    const held = await loadHeldKeys(db, entity, missing.filter((k) => !aliases.has(k) && !rowsByKey.has(k)));
    for (const [key, target] of held) decisions.set(key, { kind: 'attach', target, ...HELD_KEY_MATCH });
    const open = missing.filter((k) => !aliases.has(k) && rowsByKey.has(k));
    if (entity === 'person') {
      // a person only referred to by name + mobile, to be linked only (a staff role without an ID
      // number, `RowRef.linkOnly`): exactly one strong candidate links it; anything else leaves
      // the reference unresolved (the record is rejected UNLINKED_PERSON), never a new person
      const linkOnly = linkOnlyEvidence(prepared, missing.filter((k) => !aliases.has(k) && !rowsByKey.has(k)));
      for (const [k, d] of await matchPeopleByEvidence(db, linkOnly)) if (d.kind === 'attach') decisions.set(k, d);
      const evidence = open.filter((k) => k.startsWith(PERSON_EVIDENCE_PREFIX)).map((k) => evidenceOf(k, rowsByKey));
      for (const [k, d] of await matchPeopleByEvidence(db, evidence)) decisions.set(k, d);
      // a row created earlier (or by another record of this batch) from the same evidence: the
      // records that did not create it are tied to it by that evidence
      for (const key of rowsByKey.keys()) {
        if (!key.startsWith(PERSON_EVIDENCE_PREFIX)) continue;
        const c = rowsByKey.get(key)![0]!.columns;
        const method = c.mobile_hash && c.birth_date ? 'name-birthdate-mobile' : c.mobile_hash ? 'name-mobile' : 'name-birthdate';
        const same = { method, confidence: EVIDENCE_METHODS[method] };
        if (existing.has(key)) decisions.set(key, { kind: 'attach', target: { id: '', naturalKey: key }, ...same });
        else sameEvidence.set(key, same);
      }
    } else if (entity === 'organization') {
      // every row gets its match key (unit type + core, the area it is unique within); open keys are matched by it
      const matchKeys = await keyOrganizationRows(db, rowsByKey, batchAreaNames(prepared));
      const evidence: OrganizationEvidenceRow[] = open.map((key) => {
        const c = rowsByKey.get(key)![0]!.columns;
        const m = matchKeys.get(key)!;
        return {
          key,
          uscc: typeof c.uscc === 'string' ? c.uscc : null,
          orgCode: (c.org_code as string | undefined) ?? null,
          matchName: m.matchName,
          matchScope: m.matchScope,
          company: m.parsed.company,
          name: typeof c.name === 'string' ? c.name : null,
          nameNorm: typeof c.name_norm === 'string' ? c.name_norm : null,
        };
      });
      for (const [k, d] of await matchOrganizations(db, evidence)) decisions.set(k, d);
    } else if (entity === 'building') {
      // references count too: a repair order names its building by project + number only; stored
      // keys too: two stored spellings of one building the batch names are merged
      const batchColumns = new Map([...rowsByKey].map(([k, rows]) => [k, rows[0]!.columns]));
      const matched = await matchBuildings(db, { keys: [...keys].filter((k) => !aliases.has(k)), existing, batchProjects: projectsOf(prepared), batchColumns });
      for (const [k, d] of matched.decisions) decisions.set(k, d);
      await placeBuildingsByProject(db, prepared, matched.projects);
      // both spellings new in this batch: the records of the row the other attached to are tied by the same rule
      for (const d of matched.decisions.values()) {
        if (d.kind !== 'attach' || d.target.id !== '') continue;
        for (const { record } of rowsByKey.get(d.target.naturalKey) ?? []) effects.push({ record, entity, key: d.target.naturalKey, decision: d });
      }
    }
    const remap = new Map<string, string>();
    const drop = new Map<string, readonly string[]>();
    const keep = new Map<string, Readonly<Record<string, unknown>>>();
    for (const [key, d] of decisions) {
      if (d.kind !== 'attach' || d.target.naturalKey === key) continue;
      remap.set(key, d.target.naturalKey);
      // a kind guessed as OTHER from a mere mention says nothing about the row it turned out to be
      const guessed = entity === 'organization' && rowsByKey.get(key)?.every((r) => r.columns.kind === 'OTHER') ? ['kind'] : [];
      const columns = [...(d.dropColumns ?? []), ...guessed];
      if (columns.length) drop.set(key, columns);
      if (d.keepValues) keep.set(key, d.keepValues);
    }
    for (const [key, d] of decisions) {
      const finalKey = remap.get(key) ?? key;
      for (const { record } of rowsByKey.get(key) ?? []) {
        if (d.kind !== 'new') effects.push({ record, entity, key: finalKey, decision: d });
        // several records of the batch with one new evidence key: the first creates the row, the others match it
        const same = d.kind !== 'attach' ? sameEvidence.get(key) : undefined;
        if (same) effects.push({ record, entity, key: finalKey, decision: { kind: 'attach', target: { id: '', naturalKey: finalKey }, ...same } });
      }
    }
    rekeyRows(prepared, entity, remap, drop, keep);
    if (entity === 'building') {
      // dwellings follow their buildings
      const dwellings = await matchDwellings(db, prepared, remap, decisions);
      for (const [record, rows] of prepared) {
        for (const { spec, row } of rows) {
          const d = spec.entity === 'dwelling' ? dwellings.decisions.get(row.naturalKey) : undefined;
          if (d) effects.push({ record, entity: 'dwelling', key: dwellings.remap.get(row.naturalKey)!, decision: d });
        }
      }
      rekeyRows(prepared, 'dwelling', dwellings.remap, new Map());
    }
  }
  return {
    async record(trx, records, ids) {
      const stats: IdentityStats = { matchedByMethod: {}, queuedForReview: 0, casesLinked: 0, evidenceMerged: 0 };
      const live = effects.filter((e) => prepared.has(e.record) && ids.get(e.entity)?.get(e.key) !== undefined);
      const attached = live.filter((e) => e.decision.kind === 'attach');
      if (attached.length > 0) {
        const col = <T>(f: (e: RecordEffect, r: MappedRecord) => T) => attached.map((e) => f(e, records[e.record]!));
        const { rows } = await sql<{ method: string }>`
          update match m set method = v.method, confidence = v.confidence
          from source_record sr, unnest(${col((_, r) => r.source)}::text[], ${col((_, r) => r.stream)}::text[], ${col((_, r) => r.externalId)}::text[],
            ${col((e) => e.entity)}::text[], ${col((e) => ids.get(e.entity)!.get(e.key)!)}::uuid[],
            ${col((e) => (e.decision as { method: string }).method)}::text[], ${col((e) => (e.decision as { confidence: number }).confidence)}::numeric[])
            as v(source, stream, external_id, entity, entity_id, method, confidence)
          where m.source_record_id = sr.id and sr.source = v.source and sr.stream = v.stream and sr.external_id = v.external_id
            and sr.entity = v.entity and sr.entity_id = v.entity_id
            -- only the match rows this transaction wrote: a match says how a record was first tied
            and m.created_at = now()
          returning m.method`.execute(trx);
        for (const r of rows) stats.matchedByMethod[r.method] = (stats.matchedByMethod[r.method] ?? 0) + 1;
      }
      // people with an ID number written now may be the person an earlier evidence row meant
      const people = [...new Set([...prepared.values()].flatMap((rows) => rows.filter((r) => r.spec.entity === 'person' && !r.row.naturalKey.startsWith(PERSON_EVIDENCE_PREFIX)).map((r) => ids.get('person')?.get(r.row.naturalKey))))];
      stats.evidenceMerged = await absorbEvidencePeople(trx, people.filter((id): id is string => id !== undefined), (target, source, match) =>
        mergeRows(trx as Kysely<Database>, 'person', target, source, IDENTITY_ACTOR, match),
      );
      const reviews = live.filter((e) => e.decision.kind === 'review');
      if (reviews.length > 0) {
        const written = await trx
          .insertInto('match_review')
          .values(
            reviews.map((e) => {
              const d = e.decision as Extract<IdentityDecision, { kind: 'review' }>;
              const r = records[e.record]!;
              return {
                entity: e.entity,
                entity_id: ids.get(e.entity)!.get(e.key)!,
                // candidates new in this batch are known by key until now
                candidate_ids: [...d.candidates, ...(d.candidateKeys ?? []).flatMap((k) => ids.get(e.entity)?.get(k) ?? [])],
                source: r.source,
                stream: r.stream,
                external_id: r.externalId,
                reason: d.reason,
                evidence: JSON.stringify(d.evidence),
              };
            }),
          )
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .execute();
        stats.queuedForReview = written.length;
      }
      const caseIds = [...prepared.values()].flatMap((rows) => rows.filter((r) => r.spec.entity === 'case').map((r) => ids.get('case')?.get(r.row.naturalKey)));
      const linkable = [...new Set(caseIds.filter((id): id is string => id !== undefined))];
      // a duplicate committed by a concurrent batch is seen once its transaction ends
      if (linkable.length > 0) await lockIdentityDecisions(trx, ['case']);
      stats.casesLinked = await linkCrossChannelCases(trx, linkable);
      return stats;
    },
  };
}
