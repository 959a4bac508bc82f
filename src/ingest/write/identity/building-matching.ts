import { type Kysely, sql } from 'kysely';
import type { IdentityDecision } from './identity-decision';
import { textArray } from '../../../db/json-params';
import { estateSimilarity, parseEstateName, type EstateName } from '../../../domain/estate-name';
import { parseBuildingNumber } from '../../../domain/building-number';
import { mergeRows } from '../../../identity/merge-entities';
import type { Database } from '../../../db/database';

/** One estate, the same building number (the deterministic rule): method and confidence. */
export const BUILDING_EXACT_METHOD = 'estate-building-no';
const EXACT_CONFIDENCE = 0.95;
/** A scored estate pair (similar names, same community, shared building numbers) above {@link AUTO_SCORE}. */
export const BUILDING_SCORED_METHOD = 'estate-name-score';
/**
 * One proper name (the same core) on both sides of a community, no other naming with it, the
 * buildings agreeing ({@link soleCorePartner}): method and confidence.
 */
export const BUILDING_CORE_METHOD = 'estate-core-building-no';
const CORE_CONFIDENCE = 0.85;
/** Share of all the building numbers of two namings that both must list for {@link BUILDING_CORE_METHOD}. */
const CORE_MIN_COVER = 0.5;
/** Score from which a scored estate pair unifies its buildings without review. */
export const AUTO_SCORE = 0.85;
/** Score from which a scored estate pair is queued for review (below: nothing). */
export const REVIEW_SCORE = 0.6;
/** Weight of the name similarity in the score (the rest is the overlap of building numbers). */
const NAME_WEIGHT = 0.5;
/** Shared building numbers from which the overlap counts in full (fewer: in proportion). */
const FULL_OVERLAP_AT = 3;
/** Building numbers the two sides must share before a scored pair merges without review. */
const MIN_SHARED_FOR_AUTO = 3;
/** How far a scored pair must lead every rival of either naming to merge without review. */
const AUTO_MARGIN = 0.1;
/** Who the write path's automatic merges are recorded as (`entity_merge.actor`). */
export const IDENTITY_ACTOR = 'hub:identity';

/** A project as the batch (or the store) describes it. */
export interface ProjectPlace {
  name: string;
  communityCode: string | null;
}

/**
 * Adds to `projects` the stored projects among `codes` it does not hold yet (name and community
 * code), one statement; codes the store does not hold either stay absent.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function loadProjectPlaces(db: Kysely<any>, codes: readonly string[], projects: Map<string, ProjectPlace>): Promise<void> {
  const unknown = [...new Set(codes)].filter((code) => !projects.has(code));
  if (unknown.length === 0) return;
  const { rows } = await sql<{ code: string; name: string; community: string | null }>`
    select pp.natural_key as code, pp.name, a.code as community
    from property_project pp left join admin_area a on a.id = pp.community_id
    where pp.natural_key = any(${textArray(unknown)})`.execute(db);
  for (const r of rows) projects.set(r.code, { name: r.name, communityCode: r.community });
}

/** The matching step's input: every building key of a batch and what the batch says about them. */
export interface BuildingMatchInput {
  /** Every building key the batch names (rows and references), after alias resolution. */
  keys: readonly string[];
  /** Keys of those the store holds. */
  existing: ReadonlySet<string>;
  /** Projects the batch writes: code → name and community. */
  batchProjects: ReadonlyMap<string, ProjectPlace>;
  /** Column values of the batch's building rows, by key (a new target keeps its own number). */
  batchColumns: ReadonlyMap<string, Record<string, unknown>>;
}

/** What the matching step decided. */
export interface BuildingMatches {
  /** Per key: attach (to a stored row, or to another new key of the batch: `target.id` `''`) or review. */
  decisions: Map<string, IdentityDecision>;
  /** The project of each p-form key's project code known in the batch or store (a repair's building has no community of its own). */
  projects: Map<string, ProjectPlace>;
  /** Stored rows merged into another stored row (two spellings both stored), by this batch. */
  merged: number;
}

/** One building key, as the matcher sees it. */
interface Entry {
  key: string;
  /** Stored row id, when the store holds the key. */
  id: string | null;
  /** The stored row's number and address, which an attached key must not overwrite. */
  stored?: { building_no: string; address_norm: string };
  form: 'c' | 'p';
  /** Normalised building number. */
  no: string;
}

/** The buildings one naming (a 小区 of a community as the street writes it, or a firm's project) lists. */
interface Estate {
  ref: string;
  form: 'c' | 'p';
  community: string;
  name: EstateName;
  buildings: Map<string, Entry[]>;
  /** Projects the estate's stored c-form rows were tied to earlier (`building.project_id`). */
  projects: Set<string>;
}

/** How two namings of one community were paired. */
interface Pairing {
  c: Estate;
  p: Estate;
  mode: 'attach' | 'review';
  method: string;
  confidence: number;
  reason: 'AMBIGUOUS' | 'WEAK_MATCH';
  evidence: Record<string, boolean>;
}

const P_KEY = /^p:(.+):([^:]*)$/;
const C_KEY = /^c:(\d{12}):(.*)$/;

/** The parts of a building key, or null for a key of another shape. */
function parseKey(key: string): { form: 'c'; community: string; estate: string; no: string } | { form: 'p'; code: string; no: string } | null {
  const p = P_KEY.exec(key);
  if (p) {
    const b = parseBuildingNumber(p[2]!);
    return { form: 'p', code: p[1]!, no: `${b.estate}${b.no}` };
  }
  const c = C_KEY.exec(key);
  if (c) {
    const b = parseBuildingNumber(c[2]!);
    return { form: 'c', community: c[1]!, estate: b.estate, no: b.no === '' ? b.estate : b.no };
  }
  return null;
}

/**
 * Buildings across namings (DOMAIN.md §4): the street office keys a building by community + 小区 +
 * 楼栋 (`c:<community>:<小区><no>`), the property firm by project + number (`p:<project>:<no>`),
 * and the two spell the estate (幸福小区 / 幸福花园（一期）) and the number (03栋 / 3号楼 / 三幢)
 * their own way. Per batch, for the communities its building keys lie in (a few statements, none
 * per record):
 *
 * 1. every building of those communities (stored and in the batch) is grouped by naming: a c-form
 *    by its 小区's estate key (`src/domain/estate-name.ts`), a p-form by its project; numbers are
 *    compared normalised (`src/domain/building-number.ts`);
 * 2. namings are paired within a community, one to one: a 小区 whose stored buildings were tied to
 *    a project before stays paired with it; equal estate keys pair deterministically
 *    (`estate-building-no`, 0.95) when neither side has another naming with that key; a small
 *    estate (fewer than 3 shared numbers) pairs by its proper name alone when nothing else could be
 *    meant ({@link soleCorePartner}: `estate-core-building-no`, 0.85); the others are scored — 0.5 × name similarity (`estateSimilarity`) + 0.5 × building-number overlap
 *    (shared numbers / the smaller set, scaled down below 3 shared numbers) — best first: a pair
 *    at ≥ 0.85 that shares ≥ 3 numbers and leads every rival candidate (≥ 0.6) of either naming
 *    by ≥ 0.1 (in score or in name similarity) unifies (`estate-name-score`, the score as confidence) and takes both namings out
 *    of the other candidates (look-alikes stay apart, unqueued); a pair at ≥ 0.6 otherwise goes
 *    to review (`AMBIGUOUS` when a naming has rivals, else `WEAK_MATCH`); below 0.6 nothing;
 * 3. in a unified pair (and within one naming: `03` and `3` written by one source) the buildings
 *    with one number are one: the target is the stored c-form row, else a stored p-form row, else
 *    the batch's c-form key; a new key attaches to it (a new target is written under its key by
 *    the batch), a stored row is merged into it (`mergeRows`, an `entity_merge` an operator can
 *    undo, never redone once undone, nor for rows whose review was dismissed) — only in namings
 *    the batch names a building of;
 * 4. in a reviewed pair, a new key whose number the other naming has becomes a new row and a
 *    review entry listing that building.
 *
 * Not covered: buildings of a 小区 the street office writes without a name (`c:<community>:3`),
 * namings in different communities (a project filed under a neighbouring community), one project
 * covering several 小区 (or the reverse) except as stored pairings.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function matchBuildings(db: Kysely<any>, input: BuildingMatchInput): Promise<BuildingMatches> {
  const decisions = new Map<string, IdentityDecision>();
  const projects = new Map<string, ProjectPlace>(input.batchProjects);
  const parsed = new Map(input.keys.map((k) => [k, parseKey(k)] as const));
  await loadProjectPlaces(db, [...parsed.values()].flatMap((p) => (p?.form === 'p' ? [p.code] : [])), projects);
  const communities = new Set<string>();
  for (const p of parsed.values()) {
    if (p?.form === 'c') communities.add(p.community);
    else if (p?.form === 'p') {
      const community = projects.get(p.code)?.communityCode;
      if (community) communities.add(community);
    }
  }
  if (communities.size === 0) return { decisions, projects, merged: 0 };
  const communityList = textArray([...communities]);
  // every building and project of those communities
  const { rows: stored } = await sql<{ id: string; natural_key: string; community: string; project_code: string | null; building_no: string; address_norm: string }>`
    select b.id, b.natural_key, a.code as community, pp.natural_key as project_code, b.building_no, b.address_norm
    from building b join admin_area a on a.id = b.community_id left join property_project pp on pp.id = b.project_id
    where a.code = any(${communityList})`.execute(db);
  const { rows: storedProjects } = await sql<{ code: string; name: string; community: string }>`
    select pp.natural_key as code, pp.name, a.code as community
    from property_project pp join admin_area a on a.id = pp.community_id
    where a.code = any(${communityList})`.execute(db);
  for (const r of storedProjects) if (!projects.has(r.code)) projects.set(r.code, { name: r.name, communityCode: r.community });

  // 1. namings and their buildings
  const estates = new Map<string, Estate>();
  const estateOfKey = new Map<string, Estate>();
  const estateOf = (form: 'c' | 'p', ref: string, community: string, name: string) => {
    let e = estates.get(ref);
    if (!e) {
      e = { ref, form, community, name: parseEstateName(name), buildings: new Map(), projects: new Set() };
      estates.set(ref, e);
    }
    return e;
  };
  for (const [code, p] of projects) if (p.communityCode && communities.has(p.communityCode)) estateOf('p', `p|${code}`, p.communityCode, p.name);
  const place = (key: string, id: string | null, community: string | null, projectCode: string | null, values?: Entry['stored']) => {
    if (estateOfKey.has(key)) return;
    const k = parseKey(key);
    if (!k) return;
    let estate: Estate | undefined;
    if (k.form === 'p') {
      const p = projects.get(k.code);
      if (!p?.communityCode) return;
      estate = estateOf('p', `p|${k.code}`, p.communityCode, p.name);
    } else {
      if (community !== null && community !== k.community) return;
      const name = parseEstateName(k.estate);
      if (name.core === '') return;
      estate = estateOf('c', `c|${k.community}|${name.key}`, k.community, k.estate);
      if (projectCode) estate.projects.add(projectCode);
    }
    let list = estate.buildings.get(k.no);
    if (!list) {
      list = [];
      estate.buildings.set(k.no, list);
    }
    list.push({ key, id, form: k.form, no: k.no, ...(values ? { stored: values } : {}) });
    estateOfKey.set(key, estate);
  };
  for (const r of stored) place(r.natural_key, r.id, r.community, r.project_code, { building_no: r.building_no, address_norm: r.address_norm });
  for (const key of input.keys) if (!input.existing.has(key)) place(key, null, null, null);

  // 2. pair the namings of each community
  const pairings = pairEstates([...estates.values()]);

  // rows an operator split again, or kept apart in review, are never merged automatically
  const storedIds = stored.map((r) => r.id);
  const apart = new Set<string>();
  if (storedIds.length > 0) {
    const { rows } = await sql<{ a: string; b: string }>`
      select target_id::text as a, source_id::text as b from entity_merge
      where entity = 'building' and status = 'UNDONE' and source_id = any(${storedIds}::uuid[])
      union all
      select r.entity_id::text, c::text from match_review r, unnest(r.candidate_ids) as c
      where r.entity = 'building' and r.status = 'DISMISSED' and r.entity_id = any(${storedIds}::uuid[])`.execute(db);
    for (const r of rows) apart.add(`${r.a}|${r.b}`).add(`${r.b}|${r.a}`);
  }

  // 3./4. one building per number
  const inBatch = new Set(input.keys);
  const merges = new Map<string, { target: Entry; source: Entry; method: string; confidence: number }>();
  // namings the batch names a building of: their stored duplicates are unified too (a re-export of
  // an unchanged row never reaches this step, so waiting for the very key would wait forever)
  const touched = new Set<Estate>();
  for (const key of input.keys) {
    const e = estateOfKey.get(key);
    if (e) touched.add(e);
  }
  // stored rows that take another member's key (old key → new key, by row id)
  const rekeyed = new Map<string, { from: string; to: string }>();
  const unify = (members: Entry[], method: string, confidence: number) => {
    if (members.length < 2) return;
    // the surviving key does not depend on which spelling arrived first: a c-form key before a
    // p-form key, then the least key (code-unit order)
    const sorted = [...members].sort((a, b) => Number(a.form !== 'c') - Number(b.form !== 'c') || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let target = sorted[0]!;
    const storedBest = sorted.find((m) => m.id !== null);
    if (target.id === null && storedBest && !rekeyed.has(storedBest.id!)) {
      // the key is new, a stored spelling of the building exists: that row takes the key (as if
      // the key had arrived first), and the other spellings attach or merge into it
      rekeyed.set(storedBest.id!, { from: storedBest.key, to: target.key });
      const own = input.batchColumns.get(target.key);
      target = { ...storedBest, key: target.key, ...(own ? { stored: { building_no: String(own.building_no), address_norm: String(own.address_norm) } } : {}) };
      if (inBatch.has(storedBest.key)) decisions.set(storedBest.key, attachTo(target, method, confidence, input.batchColumns));
    }
    for (const m of sorted.slice(1)) {
      if (m.key === target.key || (m.id !== null && m.id === target.id)) continue;
      if (m.id === null) {
        decisions.set(m.key, attachTo(target, method, confidence, input.batchColumns));
      } else if (!apart.has(`${target.id}|${m.id}`)) {
        if (!merges.has(m.id)) merges.set(m.id, { target, source: m, method, confidence });
        if (inBatch.has(m.key)) decisions.set(m.key, attachTo(target, method, confidence, input.batchColumns));
      }
    }
  };
  const paired = new Set<Estate>();
  for (const pr of pairings) {
    paired.add(pr.c).add(pr.p);
    if (!touched.has(pr.c) && !touched.has(pr.p)) continue;
    for (const no of new Set([...pr.c.buildings.keys(), ...pr.p.buildings.keys()])) {
      const cs = pr.c.buildings.get(no) ?? [];
      const ps = pr.p.buildings.get(no) ?? [];
      if (pr.mode === 'attach') {
        unify([...cs, ...ps], pr.method, pr.confidence);
        continue;
      }
      unify(cs, BUILDING_EXACT_METHOD, EXACT_CONFIDENCE);
      unify(ps, BUILDING_EXACT_METHOD, EXACT_CONFIDENCE);
      for (const [mine, other] of [
        [cs, ps],
        [ps, cs],
      ] as const) {
        const best = [...other].sort((a, b) => Number(a.id === null) - Number(b.id === null))[0];
        if (!best) continue;
        for (const m of mine) {
          if (m.id !== null || !inBatch.has(m.key)) continue;
          const seen = decisions.get(m.key);
          if (seen?.kind === 'attach') continue;
          const candidates = [...(seen?.kind === 'review' ? seen.candidates : []), ...(best.id !== null ? [best.id] : [])];
          const candidateKeys = [...(seen?.kind === 'review' ? (seen.candidateKeys ?? []) : []), ...(best.id === null ? [best.key] : [])];
          // several reviewed namings offer this number: ambiguous
          decisions.set(m.key, { kind: 'review', reason: seen ? 'AMBIGUOUS' : pr.reason, candidates, candidateKeys, evidence: { ...pr.evidence, buildingNo: true } });
        }
      }
    }
  }
  // a naming on its own still has one building per number (03 and 3 written by one source)
  for (const e of estates.values()) {
    if (paired.has(e) || !touched.has(e)) continue;
    for (const list of e.buildings.values()) unify(list, BUILDING_EXACT_METHOD, EXACT_CONFIDENCE);
  }
  // a candidate new in the batch that turned out to be another key: listed under that one
  for (const d of decisions.values()) {
    if (d.kind !== 'review' || !d.candidateKeys?.length) continue;
    const keys = d.candidateKeys.map((k) => {
      const t = decisions.get(k);
      return t?.kind === 'attach' ? t.target : { id: '', naturalKey: k };
    });
    d.candidates = [...new Set([...d.candidates, ...keys.filter((t) => t.id !== '').map((t) => t.id)])];
    d.candidateKeys = keys.filter((t) => t.id === '').map((t) => t.naturalKey);
  }
  if (rekeyed.size > 0) await rekeyBuildings(db, rekeyed);
  for (const m of merges.values()) {
    await mergeRows(db as Kysely<Database>, 'building', m.target.id!, m.source.id!, IDENTITY_ACTOR, { method: m.method, confidence: m.confidence });
  }
  return { decisions, projects, merged: merges.size };
}

/**
 * Gives stored buildings the keys they were found to be (row id → old and new key), and their
 * dwellings too (a dwelling's key is its building's key + unit + room). A dwelling key already
 * taken stays as it is (never reached by the key forms the hub writes).
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
async function rekeyBuildings(db: Kysely<any>, rekeyed: ReadonlyMap<string, { from: string; to: string }>): Promise<void> {
  const ids = [...rekeyed.keys()];
  const from = ids.map((id) => rekeyed.get(id)!.from);
  const to = ids.map((id) => rekeyed.get(id)!.to);
  await sql`
    update building b set natural_key = v.to_key
    from unnest(${ids}::uuid[], ${to}::text[]) as v(id, to_key)
    where b.id = v.id`.execute(db);
  await sql`
    update dwelling d set natural_key = v.to_key || substr(d.natural_key, length(v.from_key) + 1)
    from unnest(${ids}::uuid[], ${from}::text[], ${to}::text[]) as v(id, from_key, to_key)
    where d.building_id = v.id and left(d.natural_key, length(v.from_key) + 1) = v.from_key || ':'
      and not exists (select 1 from dwelling x where x.natural_key = v.to_key || substr(d.natural_key, length(v.from_key) + 1))`.execute(db);
}

function attachTo(target: Entry, method: string, confidence: number, batchColumns: ReadonlyMap<string, Record<string, unknown>>): IdentityDecision {
  // the target keeps how it is numbered and addressed (NOT NULL columns: kept by value, not dropped)
  const own = target.stored ?? batchColumns.get(target.key);
  const keepValues = own ? { building_no: own.building_no, address_norm: own.address_norm } : undefined;
  return { kind: 'attach', target: { id: target.id ?? '', naturalKey: target.key }, method, confidence, ...(keepValues ? { keepValues } : {}) };
}

/** Building numbers two namings share, over the smaller set (0 when either lists none). */
function overlap(a: Estate, b: Estate): { shared: number; ratio: number } {
  let shared = 0;
  for (const no of a.buildings.keys()) if (b.buildings.has(no)) shared++;
  const smaller = Math.min(a.buildings.size, b.buildings.size);
  return { shared, ratio: smaller === 0 ? 0 : shared / smaller };
}

/**
 * Pairs the c-form namings (小区) with the p-form ones (projects) of each community, one to one:
 * stored pairings, then equal estate keys, then small estates by their core, then scores (see
 * {@link matchBuildings}).
 */
function pairEstates(estates: readonly Estate[]): Pairing[] {
  const out: Pairing[] = [];
  const byCommunity = new Map<string, Estate[]>();
  for (const e of estates) {
    let list = byCommunity.get(e.community);
    if (!list) {
      list = [];
      byCommunity.set(e.community, list);
    }
    list.push(e);
  }
  for (const list of byCommunity.values()) {
    let cs = list.filter((e) => e.form === 'c');
    let ps = list.filter((e) => e.form === 'p');
    const take = (c: Estate, p: Estate, pairing: Omit<Pairing, 'c' | 'p'>) => {
      out.push({ c, p, ...pairing });
      cs = cs.filter((x) => x !== c);
      ps = ps.filter((x) => x !== p);
    };
    const exact = { mode: 'attach' as const, method: BUILDING_EXACT_METHOD, confidence: EXACT_CONFIDENCE, reason: 'WEAK_MATCH' as const, evidence: { community: true, estateName: true } };
    // a 小区 whose buildings were tied to exactly one project before, that project tied to no other 小区
    for (const c of [...cs]) {
      if (c.projects.size !== 1) continue;
      const p = ps.find((x) => x.ref === `p|${[...c.projects][0]}`);
      if (p && !cs.some((o) => o !== c && o.projects.has(p.ref.slice(2)))) take(c, p, c.name.key === p.name.key ? exact : { ...exact, method: BUILDING_SCORED_METHOD, confidence: Math.max(REVIEW_SCORE, score(c, p).value) });
    }
    // equal estate keys, one on each side
    for (const c of [...cs]) {
      const same = ps.filter((p) => p.name.key === c.name.key);
      if (same.length === 1 && cs.filter((o) => o.name.key === c.name.key).length === 1) take(c, same[0]!, exact);
    }
    // one proper name on both sides: the same core (幸福 of 幸福小区 / 幸福花园一期), no other naming of
    // the community with that core, compatible sections, and the buildings agree
    for (const c of [...cs]) {
      const p = soleCorePartner(c, list);
      if (p && ps.includes(p)) take(c, p, { mode: 'attach', method: BUILDING_CORE_METHOD, confidence: CORE_CONFIDENCE, reason: 'WEAK_MATCH', evidence: { community: true, estateName: false, estateCore: true, buildingsOverlap: true } });
    }
    // scored candidates among the rest, best first
    const candidates = cs
      .flatMap((c) => ps.map((p) => ({ c, p, s: score(c, p) })))
      .filter((x) => x.s.value >= REVIEW_SCORE)
      .sort((a, b) => b.s.value - a.s.value || a.c.ref.localeCompare(b.c.ref) || a.p.ref.localeCompare(b.p.ref));
    const taken = new Set<Estate>();
    for (const x of candidates) {
      if (taken.has(x.c) || taken.has(x.p)) continue;
      const rivals = candidates.filter((y) => y !== x && (y.c === x.c || y.p === x.p) && !taken.has(y.c) && !taken.has(y.p));
      // the lead over a rival: in score, or in name similarity alone (幸福花园 beats 幸福小区 for 幸福花园一期)
      const lead = Math.min(...rivals.map((y) => Math.max(x.s.value - y.s.value, x.s.name - y.s.name)), Infinity);
      const auto = lead >= AUTO_MARGIN && x.s.value >= AUTO_SCORE && x.s.shared >= MIN_SHARED_FOR_AUTO;
      if (auto) taken.add(x.c).add(x.p);
      out.push({
        c: x.c,
        p: x.p,
        mode: auto ? 'attach' : 'review',
        method: BUILDING_SCORED_METHOD,
        confidence: x.s.value,
        reason: rivals.length > 0 ? 'AMBIGUOUS' : 'WEAK_MATCH',
        evidence: { community: true, estateName: x.c.name.key === x.p.name.key, estateNameSimilar: true, buildingsOverlap: x.s.ratio >= 0.5 },
      });
    }
  }
  return out;
}

/**
 * The p-form naming that is `c`'s only possible partner by its proper name, or `null`: exactly one
 * naming on each side of the community has `c`'s core (so no second 小区 and no second project —
 * an old 幸福小区 beside a new 幸福花园, two phases run by two firms — could be meant), their
 * sections do not differ (`一期` on one side only is fine, `一期` / `二期` is not), every building
 * number of the naming that lists fewer is listed by the other (at least one), and the shared
 * numbers are at least {@link CORE_MIN_COVER} of all the numbers either lists (one building of a
 * 小区 against a project of four is as likely another, older estate as a partial listing: review).
 * Only for pairs sharing fewer than {@link MIN_SHARED_FOR_AUTO} numbers (a small estate: one or
 * two buildings offer no more evidence than this, and a scored pair could never merge); from there
 * on the score decides.
 */
function soleCorePartner(c: Estate, community: readonly Estate[]): Estate | null {
  if (c.name.core === '') return null;
  const same = community.filter((e) => e !== c && e.name.core === c.name.core);
  if (same.length !== 1 || same[0]!.form !== 'p') return null;
  const p = same[0]!;
  if (estateSimilarity(c.name, p.name) === 0) return null;
  const o = overlap(c, p);
  const union = c.buildings.size + p.buildings.size - o.shared;
  // from MIN_SHARED_FOR_AUTO shared numbers on, the score decides (with its own method and confidence)
  return o.shared >= 1 && o.shared < MIN_SHARED_FOR_AUTO && o.ratio === 1 && o.shared / union >= CORE_MIN_COVER ? p : null;
}

/** The score of a candidate pair of namings (see {@link matchBuildings}), rounded to 3 places. */
function score(c: Estate, p: Estate): { value: number; name: number; shared: number; ratio: number } {
  const o = overlap(c, p);
  const evidence = o.ratio * Math.min(1, o.shared / FULL_OVERLAP_AT);
  const name = estateSimilarity(c.name, p.name);
  const value = Math.round((NAME_WEIGHT * name + (1 - NAME_WEIGHT) * evidence) * 1000) / 1000;
  return { value, name, shared: o.shared, ratio: o.ratio };
}
