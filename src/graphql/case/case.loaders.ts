import type { HubContext } from '../context';
import { loadById, loadListByParent } from '../common/lists';
import { handlersOfCases } from '../organization/organization.repository';
import { toOrganizationType } from '../organization/organization.type';
import { type CaseEventType, toCaseEventType } from './case-event.type';
import { CaseHandlerType } from './case-handler.type';
import { caseEventsByIds, casesByIds, eventsOfCases } from './case.repository';
import { type CaseType, toCaseType } from './case.type';

export async function caseById(ctx: HubContext, id: string | null): Promise<CaseType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'case', casesByIds, id);
  return row && toCaseType(row, ctx.caller);
}

export async function caseEventById(ctx: HubContext, id: string | null): Promise<CaseEventType | null> {
  if (!id) return null;
  const row = await loadById(ctx, 'caseEvent', caseEventsByIds, id);
  return row && toCaseEventType(row);
}

/** A case's history in order. */
export async function eventsOfCase(ctx: HubContext, caseId: string): Promise<CaseEventType[]> {
  return (await loadListByParent(ctx, 'eventsOfCase', eventsOfCases, caseId)).map(toCaseEventType);
}

/** A case's handling units, lead first. */
export async function handlersOfCase(ctx: HubContext, caseId: string): Promise<CaseHandlerType[]> {
  const rows = await loadListByParent(ctx, 'handlersOfCase', handlersOfCases, caseId);
  return rows.map((row) => {
    const h = new CaseHandlerType();
    h.role = row.__role;
    h.organization = toOrganizationType(row);
    return h;
  });
}
