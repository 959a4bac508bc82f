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
    if (!list) byKey.set(r.key, (list = []));
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
