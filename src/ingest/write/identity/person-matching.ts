import { type Kysely, sql } from 'kysely';
import type { IdentityDecision } from './identity-decision';

/** The evidence of one incoming person without an ID number, as the person row stores it. */
export interface PersonEvidenceRow {
  /** The incoming `pev:` key. */
  key: string;
  nameNorm: string;
  mobileHash: string | null;
  birthDate: string | null;
}

/** Match methods and their confidence (an ID-number match is `citizen-id-hash`, 1). */
export const PERSON_MATCH_METHODS = {
  /** Same normalised name, same mobile, same birth date. */
  'name-birthdate-mobile': 0.95,
  /** Same normalised name and mobile; birth date unknown on one side. */
  'name-mobile': 0.9,
} as const;

/** At most this many candidates are listed on one review entry. */
const MAX_CANDIDATES = 20;

interface CandidateRow {
  key: string;
  id: string;
  natural_key: string;
  name_eq: boolean;
  mobile_eq: boolean;
  birth_eq: boolean | null;
}

/**
 * Matches people known without an ID number to the people the store holds, in one statement for
 * the batch. The rule (DOMAIN.md §4, "(name, birth date, mobile) hashes → review queue"):
 *
 * - a **strong** candidate has the same normalised name and the same mobile (hash), and no
 *   conflicting birth date (equal, or unknown on either side);
 * - exactly one strong candidate → `attach` (`name-birthdate-mobile` 0.95 when the birth date
 *   agreed too, else `name-mobile` 0.9);
 * - several strong candidates → a new person and a review entry (`AMBIGUOUS`);
 * - no strong candidate but **weak** ones — same mobile under another name (a family phone),
 *   same name and birth date without a mobile to confirm, or name and mobile with a different
 *   birth date → a new person and a review entry (`WEAK_MATCH`);
 * - nothing → a new person.
 *
 * A name alone never reaches here (the person spec rejects it), so common names do not flood
 * the queue.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function matchPeopleByEvidence(db: Kysely<any>, incoming: readonly PersonEvidenceRow[]): Promise<Map<string, IdentityDecision>> {
  const out = new Map<string, IdentityDecision>();
  if (incoming.length === 0) return out;
  const keys = incoming.map((e) => e.key);
  const names = incoming.map((e) => e.nameNorm);
  const mobiles = incoming.map((e) => e.mobileHash);
  const births = incoming.map((e) => e.birthDate);
  const { rows } = await sql<CandidateRow>`
    with e(key, name_norm, mobile_hash, birth_date) as (
      select k, n, m, b::date from unnest(${keys}::text[], ${names}::text[], ${mobiles}::text[], ${births}::text[]) as u(k, n, m, b)
    ), c as (
      select e.key, p.id from e join person p on p.mobile_hash = e.mobile_hash
      union
      select e.key, p.id from e join person p on p.name_norm = e.name_norm and p.birth_date = e.birth_date
    )
    select e.key, p.id, p.natural_key,
      p.name_norm = e.name_norm as name_eq,
      coalesce(p.mobile_hash = e.mobile_hash, false) as mobile_eq,
      case when p.birth_date is null or e.birth_date is null then null else p.birth_date = e.birth_date end as birth_eq
    from c join e on e.key = c.key join person p on p.id = c.id
    where p.natural_key <> e.key
    order by e.key, p.id`.execute(db);
  const byKey = new Map<string, CandidateRow[]>();
  for (const r of rows) {
    let list = byKey.get(r.key);
    if (!list) {
      list = [];
      byKey.set(r.key, list);
    }
    list.push(r);
  }
  for (const e of incoming) {
    const candidates = byKey.get(e.key) ?? [];
    const strong = candidates.filter((c) => c.name_eq && c.mobile_eq && c.birth_eq !== false);
    const evidence = {
      name: candidates.some((c) => c.name_eq),
      mobile: candidates.some((c) => c.mobile_eq),
      birthDate: candidates.some((c) => c.birth_eq === true),
    };
    if (strong.length === 1) {
      const c = strong[0]!;
      const method = c.birth_eq === true ? 'name-birthdate-mobile' : 'name-mobile';
      out.set(e.key, { kind: 'attach', target: { id: c.id, naturalKey: c.natural_key }, method, confidence: PERSON_MATCH_METHODS[method] });
    } else if (strong.length > 1) {
      out.set(e.key, { kind: 'review', reason: 'AMBIGUOUS', candidates: strong.slice(0, MAX_CANDIDATES).map((c) => c.id), evidence });
    } else if (candidates.length > 0) {
      out.set(e.key, { kind: 'review', reason: 'WEAK_MATCH', candidates: candidates.slice(0, MAX_CANDIDATES).map((c) => c.id), evidence });
    } else out.set(e.key, { kind: 'new' });
  }
  return out;
}

/**
 * A person arriving WITH an ID number whom the store knows only from evidence (a reporter created
 * earlier from name + phone, `id_hash` null): when exactly one such person has the same
 * normalised name and mobile (and no conflicting birth date), that row takes the ID number's key
 * — its natural key is rewritten here, so the upsert lands on it — whichever source came first.
 * Several such people → the ID record becomes a new person and a review (`AMBIGUOUS`).
 * Without a mobile nothing is tried (a name and a birth date are not enough to adopt a row).
 */
export async function adoptEvidencePeople(
  // biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
  db: Kysely<any>,
  incoming: readonly PersonEvidenceRow[],
): Promise<{ decisions: Map<string, IdentityDecision>; renamed: Map<string, string> }> {
  const out = new Map<string, IdentityDecision>();
  const renamed = new Map<string, string>();
  const withMobile = incoming.filter((e) => e.mobileHash !== null);
  if (withMobile.length === 0) return { decisions: out, renamed };
  const { rows } = await sql<CandidateRow>`
    with e(key, name_norm, mobile_hash, birth_date) as (
      select k, n, m, b::date from unnest(${withMobile.map((e) => e.key)}::text[], ${withMobile.map((e) => e.nameNorm)}::text[],
        ${withMobile.map((e) => e.mobileHash)}::text[], ${withMobile.map((e) => e.birthDate)}::text[]) as u(k, n, m, b)
    )
    select e.key, p.id, p.natural_key, true as name_eq, true as mobile_eq,
      case when p.birth_date is null or e.birth_date is null then null else p.birth_date = e.birth_date end as birth_eq
    from e join person p on p.mobile_hash = e.mobile_hash and p.name_norm = e.name_norm
    where p.id_hash is null and (p.birth_date is null or e.birth_date is null or p.birth_date = e.birth_date)
    order by e.key, p.id`.execute(db);
  const byKey = new Map<string, CandidateRow[]>();
  for (const r of rows) {
    let list = byKey.get(r.key);
    if (!list) {
      list = [];
      byKey.set(r.key, list);
    }
    list.push(r);
  }
  const adopted = new Set<string>();
  const adopt: { id: string; key: string }[] = [];
  for (const [key, candidates] of byKey) {
    if (candidates.length > 1) {
      out.set(key, { kind: 'review', reason: 'AMBIGUOUS', candidates: candidates.slice(0, MAX_CANDIDATES).map((c) => c.id), evidence: { name: true, mobile: true, birthDate: candidates.some((c) => c.birth_eq === true) } });
      continue;
    }
    const c = candidates[0]!;
    // one evidence row adopted by two ID numbers in one batch: neither gets it
    if (adopted.has(c.id)) continue;
    adopted.add(c.id);
    adopt.push({ id: c.id, key });
    renamed.set(c.natural_key, key);
    const method = c.birth_eq === true ? 'name-birthdate-mobile' : 'name-mobile';
    out.set(key, { kind: 'attach', target: { id: c.id, naturalKey: key }, method, confidence: PERSON_MATCH_METHODS[method] });
  }
  if (adopt.length > 0) {
    await sql`
      update person p set natural_key = v.key
      from unnest(${adopt.map((a) => a.id)}::uuid[], ${adopt.map((a) => a.key)}::text[]) as v(id, key)
      where p.id = v.id`.execute(db);
  }
  return { decisions: out, renamed };
}

/**
 * People created from evidence (name + mobile, no ID number) whose person with an ID number only
 * became recognisable later: the row with the ID had no mobile yet (a party roster named the
 * member, the street office's export with the mobile came after), so the evidence could not be
 * matched when it arrived. Had the mobile been there first, the evidence record would have
 * attached to that person; for the result not to depend on the order, the evidence row is merged
 * into it now (`mergeRows`: references and lineage move, the evidence key becomes an alias,
 * undoable) — when the person is the only one with an ID number that the evidence names, the
 * birth dates do not conflict, and an operator has not kept the two apart.
 *
 * Runs after a batch wrote the people `personIds` (one statement to find pairs, a merge per pair).
 */
export async function absorbEvidencePeople(
  // biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
  db: Kysely<any>,
  personIds: readonly string[],
  merge: (targetId: string, sourceId: string, match: { method: string; confidence: number }) => Promise<unknown>,
): Promise<number> {
  if (personIds.length === 0) return 0;
  const { rows } = await sql<{ target: string; source: string; birth_eq: boolean | null }>`
    select t.id as target, e.id as source,
      case when t.birth_date is null or e.birth_date is null then null else t.birth_date = e.birth_date end as birth_eq
    from person t
    join person e on e.name_norm = t.name_norm and e.mobile_hash = t.mobile_hash and e.id_hash is null and e.id <> t.id
    where t.id = any(${personIds}::uuid[]) and t.id_hash is not null and t.mobile_hash is not null
      and (t.birth_date is null or e.birth_date is null or t.birth_date = e.birth_date)
      and (select count(*) from person o where o.name_norm = e.name_norm and o.mobile_hash = e.mobile_hash and o.id_hash is not null) = 1
      and not exists (select 1 from entity_merge m where m.entity = 'person' and m.status = 'UNDONE' and m.source_id = e.id)
      and not exists (select 1 from match_review r where r.entity = 'person' and r.status = 'DISMISSED' and r.entity_id = e.id and t.id = any(r.candidate_ids))
    order by e.id`.execute(db);
  for (const r of rows) {
    const method = r.birth_eq === true ? 'name-birthdate-mobile' : 'name-mobile';
    await merge(r.target, r.source, { method, confidence: PERSON_MATCH_METHODS[method] });
  }
  return rows.length;
}
