import { pathBetween, RecordError, type CaseEventInput, type CaseStatus, type OrganizationRef } from '../../src/sdk/index';

/** One step of the order the firm's system recorded: its status and when it was reached. */
export interface RepairStep {
  status: CaseStatus;
  /** The firm's label (`维修中`). */
  rawStatus: string;
  /** When the order reached it. */
  at: string;
}

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
  /** The firm, actor of the statuses it reports. */
  firm: OrganizationRef;
  /** Reason text of the reported step (`null` for none). */
  note: string | null;
  /**
   * The earlier steps the event carries (`data.history`, oldest first), each at its own time.
   * Default: none — only the current status is known.
   */
  earlier?: readonly RepairStep[];
  /** When the order was reported (`data.reported_at`), if the event says. */
  reportedAt?: string | null;
}

/**
 * A repair order's history on the case state machine (DOMAIN.md §5), from one event.
 *
 * The hub replaces a case's events with those of the newest version, so each version states the
 * whole way from REPORTED to its status. Every step the firm recorded (the event's `history` and
 * its current status) keeps its own time, with the firm as actor and its label; the steps between
 * them the firm skipped are the shortest legal path (`pathBetween`), `inferred` and timed at the
 * next recorded step (they happened by then). REPORTED is observed when the event gives the report
 * time or is the `.created` event itself.
 */
export function repairHistory(p: RepairProgress): CaseEventInput[] {
  const recorded: RepairStep[] = [...(p.earlier ?? []), { status: p.status, rawStatus: p.rawStatus, at: p.at }];
  const reportedAt = p.reportedAt ?? (p.created && recorded.length === 1 ? p.at : null);
  const events: CaseEventInput[] = [
    { seq: 1, from: null, to: 'REPORTED', at: reportedAt ?? recorded[0]!.at, actorOrg: null, reason: null, rawStatus: null, inferred: reportedAt === null },
  ];
  let current: CaseStatus = 'REPORTED';
  recorded.forEach((step, n) => {
    const last = n === recorded.length - 1;
    if (step.status === current && !last) return;
    const path = pathBetween(current, step.status);
    if (path === null) throw new RecordError('ILLEGAL_TRANSITION', `status ${step.status} cannot be reached from ${current}`);
    path.forEach((to, i) => {
      const observed = i === path.length - 1;
      events.push({
        seq: events.length + 1,
        from: events.at(-1)!.to,
        to,
        at: step.at,
        actorOrg: observed ? p.firm : null,
        reason: observed && last ? p.note : null,
        rawStatus: observed ? step.rawStatus : null,
        inferred: !observed,
      });
    });
    current = step.status;
  });
  return events;
}
