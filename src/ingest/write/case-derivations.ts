import { type Kysely, sql } from 'kysely';
import { textArray } from '../../db/json-params';

/**
 * Fills what a case's source left open but the store knows, for the cases a batch wrote and the
 * cases in the buildings it wrote (in the batch's transaction, before its change events are
 * written), so the result does not depend on whether a repair or its building came first:
 *
 * - `area_id` / `grid_id`: the community and grid of the case's building (a repair order names
 *   only the project and building; its building knows its community), the community of its grid;
 * - `duty_item_id`: for a case the source links to no duty item, the item its category maps to in
 *   `dutyItems` (config `cases.dutyItems`: category → duty-item code or name), looked up among the
 *   duty items (权责清单) of the case's street; no match leaves it unlinked.
 *
 * A value the source said is never replaced; a later version that says nothing keeps the derived
 * value (a `null` there means "not said").
 */
export async function deriveCaseFields(
  // biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
  db: Kysely<any>,
  written: { cases: readonly string[]; buildings?: readonly string[] },
  dutyItems: Readonly<Record<string, string>> = {},
): Promise<void> {
  const caseIds = [...written.cases];
  if (written.buildings?.length) {
    // a building that learnt its grid or community after its repairs were stored (the firm's
    // project event before the street office's export): those repairs are placed now, as they
    // would have been had the building come first
    const { rows } = await sql<{ id: string }>`
      select c.id from case_record c
      where c.building_id = any(${textArray(written.buildings)}::uuid[]) and (c.area_id is null or c.grid_id is null)`.execute(db);
    for (const r of rows) caseIds.push(r.id);
  }
  if (caseIds.length === 0) return;
  const ids = textArray(caseIds);
  await sql`
    update case_record c
    set area_id = coalesce(c.area_id, x.area_id), grid_id = coalesce(c.grid_id, x.grid_id)
    from (
      select c0.id, coalesce(b.community_id, g.community_id) as area_id, b.grid_id
      from case_record c0
      left join building b on b.id = c0.building_id
      left join grid g on g.id = c0.grid_id
      where c0.id = any(${ids}::uuid[]) and (c0.area_id is null or c0.grid_id is null)
    ) x
    where c.id = x.id and ((c.area_id is null and x.area_id is not null) or (c.grid_id is null and x.grid_id is not null))`.execute(db);
  const mapping = Object.entries(dutyItems);
  if (mapping.length === 0) return;
  await sql`
    update case_record c
    set duty_item_id = (
      select d.id from duty_item d
      join admin_area street on street.id = d.street_id
      join json_each_text(${JSON.stringify(dutyItems)}::json) m on m.key = c.category
      where street.code = left(a.code, 9) || '000' and (d.code = m.value or d.name = m.value)
      order by (d.code = m.value) desc, d.code
      limit 1)
    from admin_area a
    where a.id = c.area_id and c.id = any(${ids}::uuid[]) and c.duty_item_id is null and c.category is not null
      and exists (select 1 from json_each_text(${JSON.stringify(dutyItems)}::json) m where m.key = c.category)`.execute(db);
}
