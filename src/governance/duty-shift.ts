import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DutyItemTable } from '../db/tables/case.table';
import { onWorkList, WORK_LIST_ROLE } from './work-list';

/**
 * 转嫁责任 — a duty pushed down to a residents' committee: a case is **duty-shifted** when
 * 1. it is linked to a duty item (`case_record.duty_item_id`) that is not on the community work
 *    list (work-list.ts: the street's own 权力/责任清单 items, or withdrawn items), and
 * 2. a residents' committee is one of its handling units (主办 or 协办).
 *
 * A case without a duty item is never counted (nothing says whose duty it is). The flag is
 * computed when read, from the current rows — the handlers (a hub move re-dispatches), the case's
 * duty item and the item's list type (a new 权责清单 version) — so it never goes stale.
 *
 * The dispatcher is the acting organisation of the case's latest step into `DISPATCHED`.
 * All expressions read a `case_record` aliased `c`.
 */

/** A residents' committee is one of the case's handling units (主办 or 协办). */
export const COMMITTEE_HANDLES: RawBuilder<SqlBool> = sql<SqlBool>`exists (select 1 from case_handler __dsh join organization __dso on __dso.id = __dsh.organization_id
    where __dsh.case_id = c.id and __dso.kind = 'RESIDENTS_COMMITTEE')`;

/**
 * The base of the duty-shift rate: a residents' committee handles the case and the case names a
 * duty item (on the work list or not) — the committee's work that some list says is somebody's.
 */
export const COMMITTEE_DUTY_CASE: RawBuilder<SqlBool> = sql<SqlBool>`(c.duty_item_id is not null and ${COMMITTEE_HANDLES})`;

/** The case is duty-shifted (see above). */
export const DUTY_SHIFTED: RawBuilder<SqlBool> = sql<SqlBool>`(c.duty_item_id is not null
  and exists (select 1 from duty_item __dsi where __dsi.id = c.duty_item_id and not ${onWorkList(sql`__dsi.list_type`)})
  and ${COMMITTEE_HANDLES})`;

/** The organisation that dispatched the case last (its latest step into DISPATCHED), or null. */
export const DISPATCHER_ID: RawBuilder<string | null> = sql<string | null>`(select __dse.actor_org_id from case_event __dse
  where __dse.case_id = c.id and __dse.to_status = 'DISPATCHED' order by __dse.seq desc limit 1)`;

/** When the case was dispatched last (the same step as {@link DISPATCHER_ID}), or null. */
export const DISPATCHED_AT: RawBuilder<Date | null> = sql<Date | null>`(select __dse.at from case_event __dse
  where __dse.case_id = c.id and __dse.to_status = 'DISPATCHED' order by __dse.seq desc limit 1)`;

/**
 * Why a duty-shifted case's item is not the committee's: `STREET_DUTY` — the item is on the
 * street's own 权力清单 or 责任清单; `WITHDRAWN_DUTY` — the item was withdrawn (收回事项) and
 * is nobody's to push down.
 */
export type DutyShiftReason = 'STREET_DUTY' | 'WITHDRAWN_DUTY';

/** The reason for an item of `listType` when a committee handles it; null when the item is on the work list. */
export function dutyShiftReasonOf(listType: DutyItemTable['list_type']): DutyShiftReason | null {
  if (WORK_LIST_ROLE[listType] !== null) return null;
  return listType === 'WITHDRAWN' ? 'WITHDRAWN_DUTY' : 'STREET_DUTY';
}
