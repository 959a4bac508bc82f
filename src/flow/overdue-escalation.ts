import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { CaseStatus } from '../domain/case-state';
import type { HuijuConfig } from '../config';
import type { Logger } from '../logger';
import { writesChangeEvents } from '../ingest/outbox.repository';
import { type CaseActor, type CaseRecordRow, appendEvent, applyCaseMove } from './case-commands';
import { workCalendarOf } from './work-calendar';

/**
 * 超期督办: the one place that decides an open case overdue by `cases.escalation.afterWorkingDays`
 * working days becomes SUPERVISED. `huiju start` runs it on a timer; it is idempotent and safe
 * with several replicas running it at once (each case is escalated in its own transaction that
 * locks the row and re-checks `supervised = false`, so a second replica finds nothing to do).
 */

/** Who escalates: the hub itself, not a unit (`case_command.subject`, no organisation on the event). */
export const ESCALATION_ACTOR: CaseActor = Object.freeze({ subject: 'hub:escalation', orgId: null, actsForAnyUnit: true });

/** Statuses of a case that is no longer handled; such cases are never escalated. */
export const FINISHED_STATUSES: readonly CaseStatus[] = ['CLOSED', 'REJECTED', 'ARCHIVED'];

/** What the escalation needs of a hub. */
export interface EscalationDeps {
  readonly db: Kysely<Database>;
  /** `calendar` (working days), `outbox`/`kafka` (whether a change event is written). */
  readonly config: Pick<HuijuConfig, 'calendar' | 'outbox' | 'kafka'>;
}

/** One run's settings. */
export interface EscalationOptions {
  /** The time of the run. Default: now. */
  now?: Date;
  /** Working days past `due_at` after which a case is supervised (`cases.escalation.afterWorkingDays`); 0 does nothing. */
  afterWorkingDays: number;
}

/** What one run did. */
export interface EscalationReport {
  /** Cases that passed the SQL pre-filter (open, due, not supervised, due long enough ago). */
  candidates: number;
  /** `case_record.id` of the cases this run set SUPERVISED. */
  escalated: string[];
}

const DAY_MS = 86_400_000;

/** The reason on the escalation's CaseEvent. */
export function escalationReason(workingDays: number): string {
  return `超期督办: overdue by ${workingDays} working days`;
}

/**
 * Sets SUPERVISED (督办) on every open case (not CLOSED, REJECTED or ARCHIVED) whose due time lies
 * at least `afterWorkingDays` working days before `now` on the work calendar, and records it as a
 * `supervise` move of {@link ESCALATION_ACTOR} (lineage `hub`, change event when change events are
 * on) plus a CaseEvent from and to its current status with the reason
 * {@link escalationReason}. One transaction per case: the row is locked with `supervised = false`
 * re-checked, so concurrent runs escalate each case once and a run after a run does nothing.
 * A case whose due time was extended in the meantime is re-checked against its new due time.
 */
export async function escalateOverdueCases(deps: EscalationDeps, options: EscalationOptions): Promise<EscalationReport> {
  const now = options.now ?? new Date();
  const n = options.afterWorkingDays;
  if (!Number.isInteger(n) || n <= 0) return { candidates: 0, escalated: [] };
  const calendar = workCalendarOf(deps.config);
  const changeEvents = writesChangeEvents(deps.config);
  // N working days after the due day start at least (N - 1) days and 1 ms after the due time (due
  // late in its China day), so this cheap bound never drops a case the calendar would escalate.
  const dueBefore = new Date(now.getTime() - (n - 1) * DAY_MS);
  const candidates = await deps.db
    .selectFrom('case_record')
    .select(['id', 'due_at'])
    .where('supervised', '=', false)
    .where('due_at', 'is not', null)
    .where('due_at', '<', dueBefore)
    .where('status', 'not in', [...FINISHED_STATUSES])
    .orderBy('due_at')
    .execute();

  const escalated: string[] = [];
  for (const candidate of candidates) {
    if (candidate.due_at === null || calendar.workingDaysBetween(candidate.due_at, now) < n) continue;
    const done = await deps.db.transaction().execute(async (trx) => {
      // the lock makes a concurrent run wait, then see supervised = true and skip the case
      const row: CaseRecordRow | undefined = await trx
        .selectFrom('case_record')
        .selectAll()
        .where('id', '=', candidate.id)
        .where('supervised', '=', false)
        .where('status', 'not in', [...FINISHED_STATUSES])
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.due_at === null) return false;
      const overdueBy = calendar.workingDaysBetween(row.due_at, now);
      if (overdueBy < n) return false;
      const result = await applyCaseMove(
        trx,
        async (_trx, id) => (id === row.id ? row : undefined),
        ESCALATION_ACTOR,
        { move: 'supervise', caseId: row.id, version: row.version, idempotencyKey: null, reason: null, supervised: true },
        { changeEvents, now },
      );
      const status = result.row.status as CaseStatus;
      await appendEvent(trx, row.id, status, status, null, now, escalationReason(overdueBy));
      return true;
    });
    if (done) escalated.push(candidate.id);
  }
  return { candidates: candidates.length, escalated };
}

/** A running escalation timer (`huiju start`). */
export interface EscalationTimer {
  /** Stops the timer and waits for a run in progress to end. */
  stop(): Promise<void>;
}

/** What the timer needs of a hub. */
export interface EscalationTimerDeps extends EscalationDeps {
  readonly config: Pick<HuijuConfig, 'calendar' | 'outbox' | 'kafka' | 'cases'>;
  readonly logger: Logger;
}

/**
 * Runs {@link escalateOverdueCases} `initialDelayMs` after start (default 5,000) and then every
 * `cases.escalation.intervalMinutes`, a run starting only after the previous one ended. A failing
 * run is logged (no case text, no personal information) and the next one tries again; it never
 * stops the hub. With `afterWorkingDays` 0 nothing is started.
 */
export function startOverdueEscalation(deps: EscalationTimerDeps, options: { initialDelayMs?: number } = {}): EscalationTimer {
  const { afterWorkingDays, intervalMinutes } = deps.config.cases.escalation;
  if (afterWorkingDays <= 0) return { stop: async () => {} };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = escalateOverdueCases(deps, { afterWorkingDays })
        .then((r) => {
          if (r.escalated.length > 0) deps.logger.info({ escalated: r.escalated.length, afterWorkingDays }, 'overdue cases supervised (超期督办)');
        })
        .catch((err: unknown) => deps.logger.warn({ err: { message: (err as Error).message, code: (err as { code?: unknown }).code } }, 'overdue escalation failed; retried at the next interval'))
        .finally(() => {
          running = undefined;
          schedule(intervalMinutes * 60_000);
        });
    }, delay);
    timer.unref();
  };
  schedule(options.initialDelayMs ?? 5_000);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
