/**
 * Date and time arithmetic for the synthetic world, all in China Standard Time (UTC+8, no
 * daylight saving). Times travel as epoch milliseconds and leave as ISO strings with
 * `+08:00`; dates are `YYYY-MM-DD`. Never reads the clock.
 */
import { civilFromDays } from '../domain/civil-days';

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;
/** Milliseconds in one hour. */
export const HOUR_MS = 3_600_000;
/** Milliseconds in one minute. */
export const MINUTE_MS = 60_000;
/** UTC+8 in milliseconds. */
const CST_OFFSET_MS = 8 * HOUR_MS;

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian; Howard Hinnant's
 * `days_from_civil`). Integer arithmetic only: this runs once or more per generated person.
 */
export function dayNumber(date: string): number {
  let y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Offset of day numbers in {@link DATE_CACHE}: day −80000 is in 1750, before anyone alive. */
const CACHE_OFFSET = 80_000;
/** Formatted dates by day number + offset; the world spans a bounded range of days, so this stays small. */
const DATE_CACHE: (string | undefined)[] = [];

/** The `YYYY-MM-DD` date of a day number (inverse of {@link dayNumber}; `civil_from_days`). */
export function dateOfDay(day: number): string {
  const slot = day + CACHE_OFFSET;
  const cached = slot >= 0 && slot < 160_000 ? DATE_CACHE[slot] : undefined;
  if (cached !== undefined) return cached;
  const { year: y, month: m, day: d } = civilFromDays(day);
  const text = `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
  if (slot >= 0 && slot < 160_000) DATE_CACHE[slot] = text;
  return text;
}

/** Epoch milliseconds of `date` (`YYYY-MM-DD`) at `hour:minute` Beijing time. */
export function cstMs(date: string, hour = 0, minute = 0): number {
  return dayNumber(date) * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS - CST_OFFSET_MS;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
/** `T09:15:00+08:00` suffixes by second of the day, filled on first use. */
const TIME_CACHE: (string | undefined)[] = [];

/** ISO-8601 with the `+08:00` offset, second precision: `2026-06-30T09:15:00+08:00`. */
export function formatCst(ms: number): string {
  const local = ms + CST_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  const secs = Math.floor((local - day * DAY_MS) / 1000);
  let time = TIME_CACHE[secs];
  if (time === undefined) {
    time = `T${two(Math.floor(secs / 3600))}:${two(Math.floor(secs / 60) % 60)}:${two(secs % 60)}+08:00`;
    TIME_CACHE[secs] = time;
  }
  return dateOfDay(day) + time;
}

/** The Beijing calendar date of an instant, `YYYY-MM-DD`. */
export function cstDate(ms: number): string {
  return dateOfDay(Math.floor((ms + CST_OFFSET_MS) / DAY_MS));
}

/** True when the instant falls on a Saturday or Sunday in Beijing. */
export function isWeekendCst(ms: number): boolean {
  // 1970-01-01 was a Thursday (day-of-week 4, Sunday = 0).
  const dow = (((Math.floor((ms + CST_OFFSET_MS) / DAY_MS) + 4) % 7) + 7) % 7;
  return dow === 0 || dow === 6;
}

/** Milliseconds since Beijing midnight of the instant's own day. */
function msIntoCstDay(ms: number): number {
  const local = ms + CST_OFFSET_MS;
  return ((local % DAY_MS) + DAY_MS) % DAY_MS;
}

/**
 * 办理时限: the deadline `n` working days after `ms`, weekends skipped (public holidays and
 * the swapped working weekends are not modelled). `n = 0` means the same day: 23:59:59 of
 * the instant's Beijing day.
 */
export function addWorkingDays(ms: number, n: number): number {
  if (n <= 0) return ms - msIntoCstDay(ms) + DAY_MS - 1000;
  let t = ms;
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    if (!isWeekendCst(t)) left--;
  }
  return t;
}

/** `date` plus `days` (may be negative), `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/**
 * `date` plus whole `years`, `YYYY-MM-DD`; 29 February lands on 28 February in a common
 * year (the age rule used for birthdays).
 */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`;
}

/** Whole days from `from` to `to` (`YYYY-MM-DD`), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Age in completed years on `on` of someone born on `birthDate` (both `YYYY-MM-DD`). */
export function ageOn(birthDate: string, on: string): number {
  let age = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (on.slice(5) < birthDate.slice(5)) age--;
  return age;
}

/** The later of two `YYYY-MM-DD` dates. */
export function maxDate(a: string, b: string): string {
  return a >= b ? a : b;
}

/** The earlier of two `YYYY-MM-DD` dates. */
export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}
