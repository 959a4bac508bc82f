/**
 * 办理时限: when a case is due, from its kind, appeal type, category and urgency, counted on the
 * work calendar (DOMAIN.md §5). Pure: the calendar is passed in, nothing is read from a store.
 *
 * 12345 practice: an urgent case is due the same working day; an enquiry or a request for help
 * (咨询 / 求助) in 3 working days; a complaint (投诉) and every other appeal in 13; a grid
 * incident in 3; a repair by its category's limit (hours for urgent trades like 水电, working
 * days otherwise), else the repair default.
 */

/** The part of the work calendar the time limits need (see `src/flow/work-calendar.ts`). */
export interface WorkingDayCounter {
  /** End of the working day `days` working days after `from` (0: end of `from`'s working day, or the next one's), China time. */
  addWorkingDays(from: Date, days: number): Date;
}

/** A repair category's limit: either hours on the clock or working days on the calendar. */
export type RepairLimit = { hours: number } | { workingDays: number };

/** The configured time limits (config `cases.timeLimits`); every member has a default. */
export interface TimeLimitRules {
  /** Working days for an urgent case (0: the same working day). Default 0. */
  urgentWorkingDays: number;
  /** Working days by appeal type (咨询, 求助, 投诉 …). Default `{ 咨询: 3, 求助: 3, 投诉: 13 }`. */
  appealTypes: Readonly<Record<string, number>>;
  /** Working days for an appeal or hotline ticket whose type has no entry. Default 13. */
  defaultWorkingDays: number;
  /** Working days for a grid incident (网格上报). Default 3. */
  incidentWorkingDays: number;
  /** Repair limits by category (`{ 水电: { hours: 24 } }`). Default `{}`. */
  repairCategories: Readonly<Record<string, RepairLimit>>;
  /** Limit of a repair whose category has no entry. Default `{ workingDays: 3 }`. */
  repairDefault: RepairLimit;
}

/** The defaults of {@link TimeLimitRules}. */
export const DEFAULT_TIME_LIMITS: TimeLimitRules = Object.freeze({
  urgentWorkingDays: 0,
  appealTypes: Object.freeze({ 咨询: 3, 求助: 3, 投诉: 13 }),
  defaultWorkingDays: 13,
  incidentWorkingDays: 3,
  repairCategories: Object.freeze({}),
  repairDefault: Object.freeze({ workingDays: 3 }),
});

/** What a due time is computed from. */
export interface DueInput {
  kind: 'APPEAL' | 'INCIDENT' | 'REPAIR' | 'HOTLINE';
  appealType?: string | null;
  category?: string | null;
  urgent?: boolean | null;
  /** 受理 / report time. */
  reportedAt: Date;
}

const HOUR_MS = 3_600_000;

/** The limit that applies to a case: working days on the calendar, or hours on the clock (repairs only). */
export function timeLimitOf(c: Omit<DueInput, 'reportedAt'>, rules: TimeLimitRules = DEFAULT_TIME_LIMITS): RepairLimit {
  if (c.urgent) return { workingDays: rules.urgentWorkingDays };
  if (c.kind === 'REPAIR') return (c.category ? rules.repairCategories[c.category.trim()] : undefined) ?? rules.repairDefault;
  if (c.kind === 'INCIDENT') return { workingDays: rules.incidentWorkingDays };
  const type = c.appealType?.trim();
  return { workingDays: (type ? rules.appealTypes[type] : undefined) ?? rules.defaultWorkingDays };
}

/** When a case is due: its report time plus its {@link timeLimitOf limit} on the calendar. */
export function dueAtOf(c: DueInput, calendar: WorkingDayCounter, rules: TimeLimitRules = DEFAULT_TIME_LIMITS): Date {
  const limit = timeLimitOf(c, rules);
  if ('hours' in limit) return new Date(c.reportedAt.getTime() + limit.hours * HOUR_MS);
  return calendar.addWorkingDays(c.reportedAt, limit.workingDays);
}

/**
 * Whether a case is overdue at `now`: due, and either closed after its due time or still open
 * past it. A case without a due time is never overdue.
 */
export function isOverdue(c: { dueAt: Date | null; closedAt: Date | null }, now: Date): boolean {
  if (c.dueAt === null) return false;
  return c.closedAt === null ? now.getTime() > c.dueAt.getTime() : c.closedAt.getTime() > c.dueAt.getTime();
}
