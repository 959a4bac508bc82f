import { HuijuError } from '../errors';
import shipped from './cn-public-holidays.json';

/**
 * Working days in China (工作日): Monday to Friday, less the public holidays and 调休 days off of
 * the State Council's annual notice, plus its 调休 make-up working days (a Saturday or Sunday
 * worked), plus a street's own closures and extra working days from config. Time limits (时限)
 * of cases count in these days; every day is a China-time (UTC+8, no daylight saving) date.
 */
export interface WorkCalendar {
  /** True when `day` ('YYYY-MM-DD', China time) is a working day: Mon–Fri unless a public holiday or closure, or a 调休 make-up working day (a Saturday/Sunday worked). */
  isWorkingDay(day: string): boolean;
  /** The instant `days` working days after `from` (China time, UTC+8): the end of that working day (23:59:59.999 +08:00). days = 0: end of `from`'s day if it is a working day, else end of the next working day. */
  addWorkingDays(from: Date, days: number): Date;
  /** Working days strictly after `from`'s day up to and including `to`'s day (0 when to ≤ from's day). */
  workingDaysBetween(from: Date, to: Date): number;
}

/** One year of {@link shipped} data: the notice's breaks and make-up days, or a provisional stand-in. */
export interface PublicHolidayYear {
  /** Calendar year the entry covers. */
  readonly year: number;
  /** True when no State Council notice is in the data yet (statutory fixed-date holidays only, no 调休). */
  readonly provisional: boolean;
  /** The State Council General Office notice the dates come from; `null` for a provisional year. */
  readonly notice: { readonly title: string; readonly documentNumber: string; readonly date: string; readonly url?: string } | null;
  /** Breaks (放假), inclusive 'YYYY-MM-DD' spans. */
  readonly holidays: ReadonlyArray<{ readonly name: string; readonly from: string; readonly to: string }>;
  /** 调休上班: weekend days worked instead of a weekday inside a break. */
  readonly makeUpWorkingDays: ReadonlyArray<{ readonly for: string; readonly date: string }>;
}

/** The shipped holiday data (src/flow/cn-public-holidays.json), one entry per year, oldest first. */
export const PUBLIC_HOLIDAY_YEARS: readonly PublicHolidayYear[] = shipped.years as PublicHolidayYear[];

/**
 * The years the shipped data covers with a State Council notice. Outside them (and in
 * {@link PROVISIONAL_YEARS}) the calendar knows only weekends and config, so callers that care
 * (a start-up warning) can check a date's year against this.
 */
export const NOTIFIED_YEARS: readonly number[] = PUBLIC_HOLIDAY_YEARS.filter((y) => !y.provisional).map((y) => y.year);

/** Years with provisional data only (statutory fixed-date holidays, no notice yet). */
export const PROVISIONAL_YEARS: readonly number[] = PUBLIC_HOLIDAY_YEARS.filter((y) => y.provisional).map((y) => y.year);

const DAY_MS = 86_400_000;
/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The calendar of the shipped data, with a street's own closures (days off that would otherwise be
 * working days) and extra working days (make-up days the shipped data lacks). A day listed in both
 * is a `CONFIG_INVALID` error, and so is a string that is not a real 'YYYY-MM-DD' date. Config
 * wins over the shipped data: a closure on a shipped make-up Saturday makes it a day off.
 */
export function createWorkCalendar(options: { extraClosures?: readonly string[]; extraWorkingDays?: readonly string[] } = {}): WorkCalendar {
  return buildCalendar(options.extraClosures ?? [], options.extraWorkingDays ?? [], 'extraClosures', 'extraWorkingDays');
}

const calendarsByConfig = new WeakMap<object, WorkCalendar>();

/** The calendar built from the shipped data plus config (`calendar.closures`, `calendar.workingDays`). */
export function workCalendarOf(config: { calendar?: { closures?: readonly string[]; workingDays?: readonly string[] } }): WorkCalendar {
  // Config objects are frozen once loaded, so one calendar per config object is safe to reuse.
  const cached = calendarsByConfig.get(config);
  if (cached) return cached;
  const calendar = buildCalendar(config.calendar?.closures ?? [], config.calendar?.workingDays ?? [], 'calendar.closures', 'calendar.workingDays');
  calendarsByConfig.set(config, calendar);
  return calendar;
}

/**
 * The day number (days since 1970-01-01) of a 'YYYY-MM-DD' string, or `null` when it is not a real
 * date (`2025-02-30`). Exported for config validation.
 */
export function dayNumberOf(day: string): number | null {
  const m = DATE_PATTERN.exec(day);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

/** True when `day` is a real calendar date written 'YYYY-MM-DD' (for config validation). */
export function isCalendarDate(day: string): boolean {
  return dayNumberOf(day) !== null;
}

/** The China-time day number of an instant. */
function chinaDayOf(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new HuijuError('BAD_USER_INPUT', 'Work calendar: the date is invalid');
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** 23:59:59.999 China time of a day number. */
function endOfChinaDay(dayNumber: number): Date {
  return new Date((dayNumber + 1) * DAY_MS - CHINA_OFFSET_MS - 1);
}

/** Saturday or Sunday (1970-01-01, day 0, was a Thursday). */
function isWeekend(dayNumber: number): boolean {
  const weekday = (((dayNumber + 4) % 7) + 7) % 7; // 0 = Sunday
  return weekday === 0 || weekday === 6;
}

/** Monday–Friday days in the day numbers (a, b]; 0 when b ≤ a. */
function weekdaysAfterUpTo(a: number, b: number): number {
  if (b <= a) return 0;
  // Weekdays in [0, n) counted from day 0 (a Thursday), then differenced.
  const upTo = (n: number): number => {
    const weeks = Math.floor(n / 7);
    const rest = n - weeks * 7;
    let count = weeks * 5;
    for (let i = 0; i < rest; i++) if (!isWeekend(weeks * 7 + i)) count++;
    return count;
  };
  return upTo(b + 1) - upTo(a + 1);
}

let shippedOverrides: ReadonlyMap<number, boolean> | undefined;

/** Day number → working (true) or not (false), for the shipped days that differ from Mon–Fri. */
function shippedDayOverrides(): ReadonlyMap<number, boolean> {
  if (shippedOverrides) return shippedOverrides;
  const map = new Map<number, boolean>();
  for (const year of PUBLIC_HOLIDAY_YEARS) {
    for (const span of year.holidays) {
      const from = dayNumberOf(span.from);
      const to = dayNumberOf(span.to);
      if (from === null || to === null || to < from) throw new HuijuError('CONFIG_INVALID', `cn-public-holidays.json: bad holiday span ${span.from}..${span.to} in ${year.year}`);
      for (let d = from; d <= to; d++) if (!isWeekend(d)) map.set(d, false);
    }
    for (const makeUp of year.makeUpWorkingDays) {
      const d = dayNumberOf(makeUp.date);
      if (d === null) throw new HuijuError('CONFIG_INVALID', `cn-public-holidays.json: bad make-up day ${makeUp.date} in ${year.year}`);
      if (isWeekend(d)) map.set(d, true);
    }
  }
  shippedOverrides = map;
  return map;
}

function parseDays(days: readonly string[], field: string): number[] {
  return days.map((day, i) => {
    const n = typeof day === 'string' ? dayNumberOf(day) : null;
    if (n === null) {
      throw new HuijuError('CONFIG_INVALID', `Invalid configuration:\n  - ${field}.${i}: must be a date written YYYY-MM-DD`, { fields: [`${field}.${i}`] });
    }
    return n;
  });
}

function buildCalendar(closures: readonly string[], workingDays: readonly string[], closuresField: string, workingDaysField: string): WorkCalendar {
  const closed = parseDays(closures, closuresField);
  const worked = parseDays(workingDays, workingDaysField);
  const closedSet = new Set(closed);
  const both = worked.findIndex((d) => closedSet.has(d));
  if (both >= 0) {
    throw new HuijuError(
      'CONFIG_INVALID',
      `Invalid configuration:\n  - ${workingDaysField}.${both}: the day is also listed in ${closuresField}`,
      { fields: [`${workingDaysField}.${both}`] },
    );
  }
  // Only the days whose status differs from plain Mon–Fri are kept, so counting over a long span
  // is weekday arithmetic plus one pass over these.
  const overrides = new Map(shippedDayOverrides());
  for (const d of closed) {
    if (isWeekend(d)) overrides.delete(d);
    else overrides.set(d, false);
  }
  for (const d of worked) {
    if (isWeekend(d)) overrides.set(d, true);
    else overrides.delete(d);
  }

  const isWorking = (d: number): boolean => overrides.get(d) ?? !isWeekend(d);

  return {
    isWorkingDay(day: string): boolean {
      const d = dayNumberOf(day);
      if (d === null) throw new HuijuError('BAD_USER_INPUT', 'Work calendar: the day must be a date written YYYY-MM-DD');
      return isWorking(d);
    },

    addWorkingDays(from: Date, days: number): Date {
      if (!Number.isInteger(days) || days < 0) throw new HuijuError('BAD_USER_INPUT', 'Work calendar: days must be a whole number ≥ 0');
      let d = chinaDayOf(from);
      if (days === 0) {
        while (!isWorking(d)) d++;
        return endOfChinaDay(d);
      }
      let left = days;
      while (left > 0) {
        d++;
        if (isWorking(d)) left--;
      }
      return endOfChinaDay(d);
    },

    workingDaysBetween(from: Date, to: Date): number {
      const a = chinaDayOf(from);
      const b = chinaDayOf(to);
      if (b <= a) return 0;
      let count = weekdaysAfterUpTo(a, b);
      for (const [d, working] of overrides) {
        if (d > a && d <= b) count += working ? 1 : -1;
      }
      return count;
    },
  };
}
