import { type Kysely, sql } from 'kysely';
import { buildingRelation, type BuildingRelation } from './case-address';

/**
 * 跨渠道重复诉求: two cases are one matter reported twice (an appeal and its 12345 copy) when
 * the same person (after identity matching) reports the same category, through another source
 * system, at the same building, hours apart. Such cases are *linked* (`case_link`, with the
 * score), never merged (DOMAIN.md §4): each keeps its own history and status.
 *
 * The score (README, "Case links"):
 *
 * | evidence | weight |
 * |---|---|
 * | same reporter (required) | 0.35 |
 * | same category (required) | 0.15 |
 * | same building (building id, or the address cut to the building: `case-address.ts`) | 0.30 |
 * | time: `1 − Δt / 72 h` (required: Δt ≤ 72 h) | 0.20 |
 *
 * Another building (both places known and different) vetoes the link whatever the rest says:
 * a look-alike — the same resident's same kind of complaint about another place — is another
 * matter. Linked when the score reaches {@link CASE_LINK_THRESHOLD} (0.65): at the same building
 * every pair within 72 h (score 0.80–1.00); with a place unknown on one side (no address, or one
 * not comparable with the other's) only pairs within 18 h (0.65–0.70).
 */

/** Method of a link whose cases lie at the same building. */
export const CASE_LINK_METHOD = 'reporter-category-building-hours';
/** Method of a link made without a comparable place on one side. */
export const CASE_LINK_METHOD_NO_PLACE = 'reporter-category-hours';

/**
 * Two reports of one matter lie at most this many hours apart. A 12345 copy follows an appeal the
 * resident saw no answer to, within the first working days of the committee's handling (a
 * weekend included: 3 days); a report of the same category at the same building later than that
 * is a recurrence (the pipe leaks again), a matter of its own.
 */
export const CASE_LINK_WINDOW_HOURS = 72;
/** Score from which two cases are linked. */
export const CASE_LINK_THRESHOLD = 0.65;

const WEIGHT = { reporter: 0.35, category: 0.15, building: 0.3, time: 0.2 } as const;

/** One candidate pair, as the database gives it. */
export interface CaseLinkCandidate {
  /** Hours between the two reports (absolute). */
  hours: number;
  a: { buildingId: string | null; address: string | null };
  b: { buildingId: string | null; address: string | null };
}

/**
 * The score of a pair that already has the same reporter and category, from another source
 * system: `null` when it must not be linked (another building, or outside the window), else the
 * score and the method. Pure: the rule the README documents, testable without a database.
 */
export function scoreCaseLink(c: CaseLinkCandidate): { score: number; method: string; place: BuildingRelation } | null {
  if (!(c.hours >= 0) || c.hours > CASE_LINK_WINDOW_HOURS) return null;
  const place = buildingRelation(c.a, c.b);
  if (place === 'different') return null;
  const time = 1 - c.hours / CASE_LINK_WINDOW_HOURS;
  const score = WEIGHT.reporter + WEIGHT.category + (place === 'same' ? WEIGHT.building : 0) + WEIGHT.time * time;
  const rounded = Math.round(score * 1000) / 1000;
  if (rounded < CASE_LINK_THRESHOLD) return null;
  return { score: rounded, method: place === 'same' ? CASE_LINK_METHOD : CASE_LINK_METHOD_NO_PLACE, place };
}

/**
 * Links the cases a batch wrote to the cases of another source system they duplicate. Two
 * statements per batch, none per case: one reads every candidate pair (same reporter, same known
 * category, another source system, within the window; with each side's address and building,
 * the building's own address standing in for a case without one), the other inserts the pairs
 * that score (a pair once, lower id first; a pair already linked is left as it is). Returns the
 * number of new links.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function linkCrossChannelCases(db: Kysely<any>, caseIds: readonly string[]): Promise<number> {
  if (caseIds.length === 0) return 0;
  const { rows } = await sql<{
    a_id: string;
    b_id: string;
    hours: number | string;
    a_building: string | null;
    b_building: string | null;
    a_address: string | null;
    b_address: string | null;
  }>`
    select a.id as a_id, b.id as b_id,
      abs(extract(epoch from (b.reported_at - a.reported_at))) / 3600.0 as hours,
      a.building_id as a_building, b.building_id as b_building,
      coalesce(a.address, ab.address) as a_address, coalesce(b.address, bb.address) as b_address
    from case_record a
    join case_record b on b.reporter_person_id = a.reporter_person_id and b.id <> a.id
      and b.source_system <> a.source_system and b.category = a.category
      and b.reported_at between a.reported_at - make_interval(hours => ${CASE_LINK_WINDOW_HOURS})
                            and a.reported_at + make_interval(hours => ${CASE_LINK_WINDOW_HOURS})
    left join building ab on ab.id = a.building_id
    left join building bb on bb.id = b.building_id
    where a.id = any(${[...caseIds]}::uuid[]) and a.reporter_person_id is not null and a.category is not null`.execute(db);

  const links = new Map<string, { caseId: string; linkedId: string; method: string; score: number }>();
  for (const r of rows) {
    const scored = scoreCaseLink({
      hours: Number(r.hours),
      a: { buildingId: r.a_building, address: r.a_address },
      b: { buildingId: r.b_building, address: r.b_address },
    });
    if (!scored) continue;
    const [caseId, linkedId] = r.a_id < r.b_id ? [r.a_id, r.b_id] : [r.b_id, r.a_id];
    links.set(`${caseId}|${linkedId}`, { caseId, linkedId, method: scored.method, score: scored.score });
  }
  if (links.size === 0) return 0;
  const pairs = [...links.values()];
  const inserted = await sql<{ id: string }>`
    insert into case_link (case_id, linked_case_id, method, confidence)
    select v.case_id, v.linked_case_id, v.method, v.confidence
    from unnest(${pairs.map((p) => p.caseId)}::uuid[], ${pairs.map((p) => p.linkedId)}::uuid[],
                ${pairs.map((p) => p.method)}::text[], ${pairs.map((p) => p.score)}::numeric[])
      as v(case_id, linked_case_id, method, confidence)
    on conflict (case_id, linked_case_id) do nothing
    returning id`.execute(db);
  return inserted.rows.length;
}
