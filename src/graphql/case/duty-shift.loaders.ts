import type { HubContext } from '../context';
import { type DutyShiftRow, dutyShiftsOfCases } from './duty-shift.repository';

/** A case's duty-shift facts: every case of a request level shares one statement; null when out of scope. */
export function dutyShiftOfCase(ctx: HubContext, caseId: string): Promise<DutyShiftRow | null> {
  return ctx.loaders
    .get<string, DutyShiftRow | null>('dutyShiftOfCase', async (ids) => {
      const rows = await dutyShiftsOfCases(ctx.readDb, ctx.caller, ids);
      const byId = new Map(rows.map((r) => [r.case_id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    })
    .load(caseId);
}
