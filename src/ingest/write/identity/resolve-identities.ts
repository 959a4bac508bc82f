import { type Kysely, sql } from 'kysely';
import type { MappedRecord } from '../../ingest-record';
import type { CanonicalEntity } from '../../../sdk/canonical-change';
import { PERSON_EVIDENCE_PREFIX } from '../natural-keys';
import { type IdentityDecision, RESOLVED_ENTITIES } from './identity-decision';
import { matchBuildings } from './building-matching';
import { linkCrossChannelCases } from './case-linking';
import { existingKeys, loadKeyAliases } from './key-aliases';
import { matchOrganizations, type OrganizationEvidenceRow } from './organization-matching';
import { adoptEvidencePeople, matchPeopleByEvidence, type PersonEvidenceRow } from './person-matching';
import { forEachRef, type PreparedByRecord, rekeyRows } from './rekey-rows';

/** Columns a row merged into another must not carry over (the target's identity stays). */
const MERGED_IDENTITY_COLUMNS: Partial<Record<CanonicalEntity, readonly string[]>> = {
  person: ['id_hash', 'id_enc'],
  organization: ['uscc', 'uscc_checksum_valid', 'org_code', 'filing_no', 'needs_review'],
};

/** A record landing on a row by an earlier record's identical evidence: its method and confidence. */
const EVIDENCE_METHODS = { 'name-birthdate-mobile': 0.95, 'name-mobile': 0.9, 'name-birthdate': 0.7 } as const;

/** The evidence a prepared person row carries (normalised name, mobile hash, birth date). */
function evidenceOf(key: string, rowsByKey: ReadonlyMap<string, { columns: Record<string, unknown> }[]>): PersonEvidenceRow {
  const c = rowsByKey.get(key)![0]!.columns;
  return { key, nameNorm: String(c.name_norm), mobileHash: (c.mobile_hash as string | undefined) ?? null, birthDate: (c.birth_date as string | undefined) ?? null };
}

/** Property projects written by this batch: code → normalised name and community code. */
function projectsOf(prepared: PreparedByRecord): Map<string, { nameNorm: string; communityCode: string }> {
  const out = new Map<string, { nameNorm: string; communityCode: string }>();
  for (const rows of prepared.values()) {
    for (const { spec, row } of rows) {
      const community = row.refs.community_id?.key;
      if (spec.entity === 'propertyProject' && community && typeof row.columns.name_norm === 'string') out.set(row.naturalKey, { nameNorm: row.columns.name_norm, communityCode: community });
    }
  }
  return out;
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
}

/** The identity step's result: call {@link IdentityResolution.record} once the rows and lineage are written. */
export interface IdentityResolution {
  /**
   * Records what was decided, in the batch's transaction: the method and confidence on the
   * `match` rows of attached records, the review entries (with the new rows' ids), and links
   * between the batch's cases and their cross-channel duplicates.
   */
  record(db: Kysely<any>, records: readonly MappedRecord[], ids: ReadonlyMap<CanonicalEntity, ReadonlyMap<string, string>>): Promise<IdentityStats>;
}

/**
 * The write path's identity step (DOMAIN.md §4), run on a batch's prepared rows before their
 * keys are resolved. For people and organisations whose natural key the store does not hold:
 *
 * 1. a key of a row merged away by an operator (`entity_key_alias`) → the row it went into;
 * 2. a person with an ID number the store knows only from evidence → {@link adoptEvidencePeople}
 *    (the evidence row takes the ID's key, so the order the sources arrive in does not matter);
 * 3. a person without an ID number (`pev:` key) → {@link matchPeopleByEvidence};
 * 4. an organisation → {@link matchOrganizations} (old org code, then name + area);
 * 5. a building → {@link matchBuildings} (the street office's 小区 + 楼栋 vs the firm's project + number).
 *
 * An `attach` rewrites the key in every row and reference of the batch, so the upsert lands on
 * the existing row. Set-based: a few statements per batch, none per record.
 */
export async function resolveIdentities(db: Kysely<any>, prepared: PreparedByRecord): Promise<IdentityResolution> {
  const effects: RecordEffect[] = [];
  for (const entity of RESOLVED_ENTITIES) {
    const keys = new Set<string>();
    const rowsByKey = new Map<string, { record: number; columns: Record<string, unknown>; areaKey: string | null }[]>();
    for (const [record, rows] of prepared) {
      for (const { spec, row } of rows) {
        if (spec.entity === entity) {
          keys.add(row.naturalKey);
          let list = rowsByKey.get(row.naturalKey);
          if (!list) rowsByKey.set(row.naturalKey, (list = []));
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
    const open = missing.filter((k) => !aliases.has(k) && rowsByKey.has(k));
    if (entity === 'person') {
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
      const evidence: OrganizationEvidenceRow[] = open.map((key) => {
        const first = rowsByKey.get(key)![0]!;
        const c = first.columns;
        const area = first.areaKey ?? (key.startsWith('name:') ? key.split(':')[1] || null : null);
        return { key, orgCode: (c.org_code as string | undefined) ?? null, hasUscc: typeof c.uscc === 'string', nameNorm: String(c.name_norm ?? ''), areaCode: area };
      });
      for (const [k, d] of await matchOrganizations(db, evidence)) decisions.set(k, d);
    } else if (entity === 'building') {
      // references count too: a repair order names its building by project + number only
      for (const [k, d] of await matchBuildings(db, missing.filter((k) => !aliases.has(k)), projectsOf(prepared))) decisions.set(k, d);
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
  }
  return {
    async record(trx, records, ids) {
      const stats: IdentityStats = { matchedByMethod: {}, queuedForReview: 0, casesLinked: 0 };
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
                candidate_ids: d.candidates,
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
      stats.casesLinked = await linkCrossChannelCases(trx, [...new Set(caseIds.filter((id): id is string => id !== undefined))]);
      return stats;
    },
  };
}
