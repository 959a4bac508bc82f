import { pathBetween, RecordError, type CaseEventInput, type CaseStatus, type OrganizationRef } from '../../src/sdk/index';

/** What one repair event says about the order's progress. */
export interface RepairProgress {
  /** The status now, on the canonical machine. */
  status: CaseStatus;
  /** The firm's label for it (`维修中`). */
  rawStatus: string;
  /** When the order reached it (`data.at`). */
  at: string;
  /** `property.repair.created`: the event is the report itself. */
  created: boolean;
  /** The firm, actor of the status it reports. */
  firm: OrganizationRef;
  /** Reason text of the reported step (`null` for none). */
  note: string | null;
}

/**
 * A repair order's history on the case state machine (DOMAIN.md §5), from one event.
 *
 * A repair event carries only the order's current status, and the hub replaces a case's events
 * with those of the newest version. So each version states the whole way from REPORTED to its
 * status — the shortest legal path (`pathBetween`) — with only what this event saw as observed:
 * the current status (raw label, the firm as actor, `at`) and, on `.created`, the report. Every
 * other step is `inferred`, timed at `at` (it happened by then). A newer version therefore
 * supersedes the whole list; a step an earlier version observed becomes inferred in the newer
 * one, which is the most a single event can vouch for.
 */
export function repairHistory(p: RepairProgress): CaseEventInput[] {
  const path = pathBetween('REPORTED', p.status);
  if (path === null) throw new RecordError('ILLEGAL_TRANSITION', `status ${p.status} cannot be reached from REPORTED`);
  const steps: CaseStatus[] = ['REPORTED', ...path];
  return steps.map((to, i) => {
    const current = i === steps.length - 1;
    return {
      seq: i + 1,
      from: i === 0 ? null : steps[i - 1]!,
      to,
      at: p.at,
      actorOrg: current ? p.firm : null,
      reason: current ? p.note : null,
      rawStatus: current ? p.rawStatus : null,
      inferred: !(current || (i === 0 && p.created)),
    };
  });
}
