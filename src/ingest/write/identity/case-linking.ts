import { type Kysely, sql } from 'kysely';

/** Method of a cross-channel case link, and its confidence. */
export const CASE_LINK_METHOD = 'reporter-category-week';
const CONFIDENCE = 0.8;
/** Two reports of one matter lie at most this far apart. */
const WINDOW = '7 days';

/**
 * Links the cases a batch wrote to cases of another source system with the same reporter
 * (after identity matching: one person however each channel spelled them), the same (known) category,
 * reported within a week of each other — an appeal and its 12345 copy. Cases are linked, never
 * merged (DOMAIN.md §4): each keeps its own history and status. One statement per batch; a pair
 * is stored once. Returns the number of new links.
 */
export async function linkCrossChannelCases(db: Kysely<any>, caseIds: readonly string[]): Promise<number> {
  if (caseIds.length === 0) return 0;
  const { rows } = await sql<{ id: string }>`
    insert into case_link (case_id, linked_case_id, method, confidence)
    select distinct least(a.id, b.id), greatest(a.id, b.id), ${CASE_LINK_METHOD}, ${CONFIDENCE}::numeric
    from case_record a
    join case_record b on b.reporter_person_id = a.reporter_person_id and b.id <> a.id
      and b.source_system <> a.source_system and b.category = a.category
      and b.reported_at between a.reported_at - ${WINDOW}::interval and a.reported_at + ${WINDOW}::interval
    where a.id = any(${[...caseIds]}::uuid[]) and a.reporter_person_id is not null and a.category is not null
    on conflict (case_id, linked_case_id) do nothing
    returning id`.execute(db);
  return rows.length;
}
