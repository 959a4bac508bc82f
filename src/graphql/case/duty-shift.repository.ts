import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import type { DutyItemTable } from '../../db/tables/case.table';
import type { Caller } from '../../auth/caller';
import { DISPATCHED_AT, DISPATCHER_ID, DUTY_SHIFTED } from '../../governance/duty-shift';
import { placeInScope } from '../common/area-scope';
import { CASE_PLACE } from './case.repository';

/** The duty-shift facts of one case, as SQL returns them. */
export interface DutyShiftRow {
  case_id: string;
  /** `DUTY_SHIFTED` (src/governance/duty-shift.ts) for this case. */
  shifted: boolean;
  duty_item_id: string | null;
  list_type: DutyItemTable['list_type'] | null;
  dispatcher_id: string | null;
  dispatched_at: Date | null;
  /** The residents' committees among the handlers, lead first. */
  committees: { id: string; role: 'LEAD' | 'ASSIST' }[];
}

/**
 * The duty-shift facts of many cases in ONE statement (the cases of one request level), scoped
 * like the cases themselves: the flag, the item's list type, the committees handling, the latest
 * dispatch.
 */
export async function dutyShiftsOfCases(db: Kysely<Database>, caller: Caller, caseIds: readonly string[]): Promise<DutyShiftRow[]> {
  const scope = placeInScope(caller, CASE_PLACE) ?? sql`true`;
  const result = await sql<Omit<DutyShiftRow, 'committees'> & { committees: string | DutyShiftRow['committees'] }>`
    select c.id as case_id, ${DUTY_SHIFTED} as shifted, c.duty_item_id, __di.list_type,
      ${DISPATCHER_ID} as dispatcher_id, ${DISPATCHED_AT} as dispatched_at,
      (select coalesce(json_agg(json_build_object('id', __h.organization_id, 'role', __h.role) order by __h.role desc, __o.name_norm), '[]'::json)
        from case_handler __h join organization __o on __o.id = __h.organization_id
        where __h.case_id = c.id and __o.kind = 'RESIDENTS_COMMITTEE') as committees
    from case_record c left join duty_item __di on __di.id = c.duty_item_id
    where c.id = any(${[...caseIds]}::uuid[]) and ${scope}`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    dispatched_at: r.dispatched_at === null ? null : new Date(r.dispatched_at),
    committees: typeof r.committees === 'string' ? JSON.parse(r.committees) : r.committees,
  }));
}
