import { CASE_STATUSES, mapCoarseStatus, pathBetween, type CaseStatus } from '../domain/case-state';
import type { CaseEventInput, OrganizationRef } from './canonical-change';
import { RecordError } from './connector-error';

/**
 * A platform's coarse case history (a status label per step, as 12345 and committee platforms
 * show it) mapped onto the canonical case state machine, with the statuses it skipped inferred.
 * Used by the committee-api connector and, as the `caseHistory` function, by manifest connectors.
 */

/** One step of the platform's history, already read from the record. */
export interface PlatformStep {
  /** The platform's label (`已派遣`, `處理中` …). */
  status: string;
  at: string;
  org: string | null;
  note: string | null;
}

/** What {@link buildCaseHistory} needs besides the steps. */
export interface CaseHistoryInput {
  /** The record's `created_at`: time of an inferred first REPORTED step. */
  createdAt: string;
  /** The record's `updated_at`: time of steps inferred after the last listed one. */
  updatedAt: string;
  /** The record's current status label. */
  currentStatus: string;
  steps: PlatformStep[];
  /** Reference of a step's organisation, by the name the platform gives. */
  actorOf(name: string | null): OrganizationRef | null;
}

/** The case's history on the canonical state machine. */
export interface CaseHistory {
  events: CaseEventInput[];
  status: CaseStatus;
  /** Time of the last CLOSED or REJECTED step when the case is now closed, archived or rejected. */
  closedAt: string | null;
}

/**
 * The platform's label for one step, on the canonical machine. 已退回 is ambiguous on this
 * platform: before the case was accepted it means 不予受理 (REJECTED), afterwards 退单 (RETURNED).
 * An unknown label dead-letters the record with `UNKNOWN_STATUS`.
 */
export function mapPlatformStatus(raw: string, previous: CaseStatus | null, field: string): CaseStatus {
  const status = mapCoarseStatus(raw);
  if (status === null) throw new RecordError('UNKNOWN_STATUS', `${field}: unknown status "${raw}"`);
  if (status === 'RETURNED' && (previous === null || previous === 'REPORTED' || previous === 'REJECTED')) return 'REJECTED';
  return status;
}

/**
 * The shortest legal way out of `from` and back (`DISPATCHED` → SIGNED, RETURNED, DISPATCHED;
 * after two returns SIGNED, ARBITRATION, DISPATCHED; `IN_PROGRESS` → EXTENDED, IN_PROGRESS), or
 * `null` when there is none (REPORTED).
 */
export function shortestLoop(from: CaseStatus, returns: number): CaseStatus[] | null {
  let best: CaseStatus[] | null = null;
  for (const next of CASE_STATUSES) {
    if (next === from || pathBetween(from, next, returns)?.length !== 1) continue;
    const back = pathBetween(next, from, returns + (next === 'RETURNED' ? 1 : 0));
    if (back === null) continue;
    if (best === null || back.length + 1 < best.length) best = [next, ...back];
  }
  return best;
}

/**
 * Maps the platform's coarse history onto the case state machine (DOMAIN.md §5):
 *
 * - steps are ordered by time (stable) and exact repeats dropped;
 * - a history that does not start with 待受理 gets an inferred REPORTED at `created_at`;
 * - between two listed steps, the statuses the platform skipped are inserted as `inferred`
 *   events (the shortest legal path, honouring the return limit), timed at the step that
 *   revealed them: 已派遣 → 处理中 infers SIGNED;
 * - a status listed twice in a row means the case left it and came back: the shortest legal
 *   loop is inferred (已派遣 → 已派遣 infers SIGNED, RETURNED — or ARBITRATION after two
 *   returns; 处理中 → 处理中 infers EXTENDED). Where no loop exists (待受理 twice) the repeat is
 *   a note, not a transition, and is dropped;
 * - when the record's current status is ahead of its last step, the way there is inferred,
 *   timed at `updated_at`;
 * - a step that cannot be reached at all dead-letters the record with `ILLEGAL_TRANSITION`.
 */
export function buildCaseHistory(input: CaseHistoryInput): CaseHistory {
  const steps = orderSteps(input.steps);
  const events: CaseEventInput[] = [];
  let current: CaseStatus | null = null;
  let returns = 0;
  const push = (to: CaseStatus, at: string, step: PlatformStep | null) => {
    events.push({
      seq: events.length + 1,
      from: current,
      to,
      at,
      actorOrg: step ? input.actorOf(step.org) : null,
      reason: step?.note ?? null,
      rawStatus: step?.status ?? null,
      inferred: step === null,
    });
    if (to === 'RETURNED') returns++;
    current = to;
  };
  /** Infers every status of `path` but the last as skipped, then records the last one. */
  const follow = (path: CaseStatus[], at: string, step: PlatformStep | null) => {
    for (const [i, s] of path.entries()) push(s, at, i === path.length - 1 ? step : null);
  };

  for (const [i, step] of steps.entries()) {
    const field = `events[${i}].status`;
    const to = mapPlatformStatus(step.status, current, field);
    if (current === null) {
      if (to === 'REPORTED') {
        push('REPORTED', step.at, step);
        continue;
      }
      push('REPORTED', input.createdAt, null);
    }
    const from: CaseStatus = current!;
    if (from === to) {
      const loop = shortestLoop(from, returns);
      if (loop !== null) follow(loop, step.at, step);
      continue;
    }
    const path = pathBetween(from, to, returns);
    if (path === null) throw new RecordError('ILLEGAL_TRANSITION', `${field}: the case cannot go from ${from} to ${to}`);
    follow(path, step.at, step);
  }

  if (current === null) push('REPORTED', input.createdAt, null);
  const status = mapPlatformStatus(input.currentStatus, current, 'status');
  if (status !== current) {
    const path = pathBetween(current!, status, returns);
    if (path === null) throw new RecordError('ILLEGAL_TRANSITION', `status: the case cannot go from ${current} to ${status}`);
    for (const s of path) push(s, input.updatedAt, null);
  }

  const closing = ['CLOSED', 'ARCHIVED', 'REJECTED'].includes(status) ? events.findLast((e) => e.to === 'CLOSED' || e.to === 'REJECTED') : undefined;
  return { events, status, closedAt: closing?.at ?? null };
}

/** Steps by time (ties keep the platform's order), exact repeats removed. */
function orderSteps(steps: PlatformStep[]): PlatformStep[] {
  const seen = new Set<string>();
  const unique = steps.filter((s) => {
    const key = JSON.stringify([s.status, s.at, s.org, s.note]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const times = unique.map((s) => Date.parse(s.at));
  // an unreadable time is left where the platform put it; the write path rejects it
  if (times.some((t) => Number.isNaN(t))) return unique;
  return unique.map((s, i) => ({ s, t: times[i]!, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.s);
}
