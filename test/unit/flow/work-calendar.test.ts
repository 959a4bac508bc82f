import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config';
import {
  createWorkCalendar,
  dayNumberOf,
  NOTIFIED_YEARS,
  PROVISIONAL_YEARS,
  PUBLIC_HOLIDAY_YEARS,
  workCalendarOf,
} from '../../../src/flow/work-calendar';
import { configError } from '../../support/config-error';

/** An instant written in China time. */
const cst = (local: string): Date => new Date(`${local}+08:00`);
/** The end of a China-time day, as the calendar returns it. */
const endOf = (day: string): string => cst(`${day}T23:59:59.999`).toISOString();

const calendar = createWorkCalendar();

describe('work calendar: shipped public holidays and 调休', () => {
  it('2025 National Day + Mid-Autumn: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked (国办发明电〔2024〕12号)', () => {
    for (let d = 1; d <= 8; d++) expect(calendar.isWorkingDay(`2025-10-0${d}`), `2025-10-0${d}`).toBe(false);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday, make-up
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday, make-up
    expect(calendar.isWorkingDay('2025-09-27')).toBe(false); // plain Saturday
    expect(calendar.isWorkingDay('2025-09-30')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false); // plain Sunday
  });

  it('2025 Spring Festival: Jan 28 (除夕) – Feb 4 off, Sun Jan 26 and Sat Feb 8 worked', () => {
    for (const day of ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04']) {
      expect(calendar.isWorkingDay(day), day).toBe(false);
    }
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-27')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-05')).toBe(true);
  });

  it('other breaks of 2024–2026 and plain weekdays/weekends', () => {
    expect(calendar.isWorkingDay('2024-02-04')).toBe(true); // Sunday make-up for 春节 2024
    expect(calendar.isWorkingDay('2024-02-16')).toBe(false);
    expect(calendar.isWorkingDay('2024-10-12')).toBe(true); // Saturday make-up for 国庆 2024
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false); // last day of the 9-day 春节 2026
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true); // Saturday make-up
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true); // Sunday make-up for 元旦 2026
    expect(calendar.isWorkingDay('2025-06-10')).toBe(true); // a plain Tuesday
    expect(calendar.isWorkingDay('2025-06-14')).toBe(false); // a plain Saturday
    // Outside the shipped years only weekends count.
    expect(calendar.isWorkingDay('2023-10-02')).toBe(true);
    expect(calendar.isWorkingDay('2028-01-01')).toBe(false); // a Saturday
  });

  it('a whole year has 365/366 days − weekends − statutory days: 251 working days in 2024 (11 statutory), 248 in 2025 and 2026 (13)', () => {
    expect(calendar.workingDaysBetween(cst('2025-12-31T12:00:00'), cst('2026-12-31T12:00:00'))).toBe(248);
    expect(calendar.workingDaysBetween(cst('2023-12-31T12:00:00'), cst('2024-12-31T12:00:00'))).toBe(251);
    expect(calendar.workingDaysBetween(cst('2024-12-31T12:00:00'), cst('2025-12-31T12:00:00'))).toBe(248);
  });

  it('the data file cites each year’s notice; a provisional year carries only fixed-date holidays and no 调休', () => {
    expect(PUBLIC_HOLIDAY_YEARS.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027]);
    expect(NOTIFIED_YEARS).toEqual([2024, 2025, 2026]);
    expect(PROVISIONAL_YEARS).toEqual([2027]);
    const byYear = new Map(PUBLIC_HOLIDAY_YEARS.map((y) => [y.year, y]));
    expect(byYear.get(2024)!.notice!.documentNumber).toBe('国办发明电〔2023〕7号');
    expect(byYear.get(2025)!.notice!.documentNumber).toBe('国办发明电〔2024〕12号');
    for (const year of PUBLIC_HOLIDAY_YEARS) {
      if (year.provisional) {
        expect(year.notice).toBeNull();
        expect(year.makeUpWorkingDays).toEqual([]);
      } else {
        expect(year.notice!.title).toBe(`国务院办公厅关于${year.year}年部分节假日安排的通知`);
        expect(year.notice!.documentNumber).toMatch(/^国办发明电〔\d{4}〕\d+号$/);
        expect(dayNumberOf(year.notice!.date)).not.toBeNull();
      }
      for (const h of year.holidays) {
        expect(dayNumberOf(h.from)! <= dayNumberOf(h.to)!, `${h.from}..${h.to}`).toBe(true);
        expect(h.from.startsWith(String(year.year)), h.from).toBe(true);
      }
      for (const m of year.makeUpWorkingDays) {
        // A make-up day is always a Saturday or Sunday (1970-01-01 was a Thursday).
        const weekday = (dayNumberOf(m.date)! + 4) % 7;
        expect([0, 6], m.date).toContain(weekday);
        expect(calendar.isWorkingDay(m.date), m.date).toBe(true);
      }
    }
  });
});

describe('addWorkingDays', () => {
  it('across the 2025 National Day break: Tue Sep 30 + 1 → end of Thu Oct 9', () => {
    expect(calendar.addWorkingDays(cst('2025-09-30T10:00:00'), 1).toISOString()).toBe(endOf('2025-10-09'));
    expect(calendar.addWorkingDays(cst('2025-09-26T10:00:00'), 1).toISOString()).toBe(endOf('2025-09-28')); // Fri + 1 → the make-up Sunday
    expect(calendar.addWorkingDays(cst('2025-09-26T10:00:00'), 4).toISOString()).toBe(endOf('2025-10-09'));
    expect(calendar.addWorkingDays(cst('2025-10-09T10:00:00'), 2).toISOString()).toBe(endOf('2025-10-11')); // the make-up Saturday
  });

  it('3 and 13 working days across weekends', () => {
    expect(calendar.addWorkingDays(cst('2025-06-09T09:00:00'), 3).toISOString()).toBe(endOf('2025-06-12')); // Mon → Thu
    expect(calendar.addWorkingDays(cst('2025-06-12T09:00:00'), 3).toISOString()).toBe(endOf('2025-06-17')); // Thu → Tue
    expect(calendar.addWorkingDays(cst('2025-06-09T09:00:00'), 13).toISOString()).toBe(endOf('2025-06-26'));
  });

  it('3 and 13 working days across the 2025 Spring Festival with its make-up days', () => {
    expect(calendar.addWorkingDays(cst('2025-01-24T09:00:00'), 3).toISOString()).toBe(endOf('2025-02-05')); // Fri → Sun 26 (make-up), Mon 27, Wed Feb 5
    expect(calendar.addWorkingDays(cst('2025-01-20T09:00:00'), 13).toISOString()).toBe(endOf('2025-02-12'));
  });

  it('0 days: the end of the same working day, or of the next working day', () => {
    expect(calendar.addWorkingDays(cst('2025-09-30T08:00:00'), 0).toISOString()).toBe(endOf('2025-09-30'));
    expect(calendar.addWorkingDays(cst('2025-10-01T08:00:00'), 0).toISOString()).toBe(endOf('2025-10-09'));
    expect(calendar.addWorkingDays(cst('2025-06-14T08:00:00'), 0).toISOString()).toBe(endOf('2025-06-16')); // Sat → Mon
    expect(calendar.addWorkingDays(cst('2025-09-28T08:00:00'), 0).toISOString()).toBe(endOf('2025-09-28')); // make-up Sunday
  });

  it('reads the day in China time: 23:30 on a Friday is still Friday, 00:30 on Saturday is not', () => {
    const fridayLate = cst('2025-06-13T23:30:00'); // 15:30 UTC
    expect(calendar.addWorkingDays(fridayLate, 0).toISOString()).toBe('2025-06-13T15:59:59.999Z');
    expect(calendar.addWorkingDays(fridayLate, 1).toISOString()).toBe(endOf('2025-06-16'));
    const saturdayEarly = cst('2025-06-14T00:30:00'); // still Friday in UTC
    expect(calendar.addWorkingDays(saturdayEarly, 0).toISOString()).toBe(endOf('2025-06-16'));
    // Counting starts the day after the start day (开始的当日不计入), so Saturday + 1 is Monday too.
    expect(calendar.addWorkingDays(saturdayEarly, 1).toISOString()).toBe(endOf('2025-06-16'));
    const fridayEarly = cst('2025-06-13T07:00:00'); // Thursday 23:00 in UTC
    expect(calendar.addWorkingDays(fridayEarly, 0).toISOString()).toBe(endOf('2025-06-13'));
    expect(calendar.workingDaysBetween(cst('2025-06-12T20:00:00'), fridayEarly)).toBe(1);
  });

  it('refuses a negative or fractional number of days and an invalid date', () => {
    expect(() => calendar.addWorkingDays(cst('2025-06-13T10:00:00'), -1)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => calendar.addWorkingDays(cst('2025-06-13T10:00:00'), 1.5)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => calendar.addWorkingDays(new Date(Number.NaN), 1)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => calendar.isWorkingDay('2025-02-30')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

describe('workingDaysBetween', () => {
  it('counts working days strictly after from’s day up to and including to’s day', () => {
    expect(calendar.workingDaysBetween(cst('2025-09-30T10:00:00'), cst('2025-10-09T08:00:00'))).toBe(1);
    // Sep 28 (Sun, make-up), 29, 30, Oct 9, 10, 11 (Sat, make-up)
    expect(calendar.workingDaysBetween(cst('2025-09-26T18:00:00'), cst('2025-10-12T18:00:00'))).toBe(6);
    expect(calendar.workingDaysBetween(cst('2025-10-01T10:00:00'), cst('2025-10-08T23:00:00'))).toBe(0);
    expect(calendar.workingDaysBetween(cst('2025-06-13T23:30:00'), cst('2025-06-16T00:10:00'))).toBe(1); // Fri night → Mon
  });

  it('is 0 on the same day and when to is before from', () => {
    expect(calendar.workingDaysBetween(cst('2025-06-10T08:00:00'), cst('2025-06-10T22:00:00'))).toBe(0);
    expect(calendar.workingDaysBetween(cst('2025-06-20T08:00:00'), cst('2025-06-10T08:00:00'))).toBe(0);
  });

  it('inverts addWorkingDays and agrees with a day-by-day count, every start day of 2024–2027', () => {
    const start = dayNumberOf('2023-12-25')!;
    const end = dayNumberOf('2028-01-05')!;
    const dayString = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
    for (let d = start; d <= end; d += 1) {
      const from = cst(`${dayString(d)}T14:00:00`);
      for (const n of [1, 3, 13]) {
        const due = calendar.addWorkingDays(from, n);
        expect(calendar.workingDaysBetween(from, due), `${dayString(d)} + ${n}`).toBe(n);
        expect(calendar.isWorkingDay(due.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }))).toBe(true);
      }
      if (d % 37 === 0) {
        const to = d + 40;
        let count = 0;
        for (let x = d + 1; x <= to; x++) if (calendar.isWorkingDay(dayString(x))) count++;
        expect(calendar.workingDaysBetween(from, cst(`${dayString(to)}T01:00:00`))).toBe(count);
      }
    }
  });
});

describe('config: a street’s closures and extra working days', () => {
  it('closures are days off (also on a shipped make-up day); extra working days are worked (also on a shipped holiday)', () => {
    const street = createWorkCalendar({ extraClosures: ['2025-06-13', '2025-09-28'], extraWorkingDays: ['2025-06-14', '2025-10-08'] });
    expect(street.isWorkingDay('2025-06-13')).toBe(false);
    expect(street.isWorkingDay('2025-09-28')).toBe(false);
    expect(street.isWorkingDay('2025-06-14')).toBe(true);
    expect(street.isWorkingDay('2025-10-08')).toBe(true);
    // Thu Jun 12 + 1: Fri 13 closed, Sat 14 worked.
    expect(street.addWorkingDays(cst('2025-06-12T10:00:00'), 1).toISOString()).toBe(endOf('2025-06-14'));
    expect(street.addWorkingDays(cst('2025-09-30T10:00:00'), 1).toISOString()).toBe(endOf('2025-10-08'));
    // Jun 9–15: Mon–Thu and Sat = 5 (the plain calendar: 5 weekdays).
    expect(street.workingDaysBetween(cst('2025-06-08T10:00:00'), cst('2025-06-15T10:00:00'))).toBe(5);
    // Sep 26 → Oct 12: the closure on Sep 28 removes one, the extra Oct 8 adds one.
    expect(street.workingDaysBetween(cst('2025-09-26T18:00:00'), cst('2025-10-12T18:00:00'))).toBe(6);
    expect(street.workingDaysBetween(cst('2025-09-26T18:00:00'), cst('2025-10-08T18:00:00'))).toBe(3);
    // The shipped calendar is unchanged.
    expect(calendar.isWorkingDay('2025-06-13')).toBe(true);
  });

  it('workCalendarOf reads calendar.closures and calendar.workingDays from the config file', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'huiju-calendar-'));
    writeFileSync(join(cwd, 'huiju.config.json'), JSON.stringify({ calendar: { closures: ['2025-06-13'], workingDays: ['2025-06-14'] } }));
    const config = loadConfig({ env: {}, cwd });
    expect(config.calendar).toEqual({ closures: ['2025-06-13'], workingDays: ['2025-06-14'] });
    const street = workCalendarOf(config);
    expect(street.isWorkingDay('2025-06-13')).toBe(false);
    expect(street.isWorkingDay('2025-06-14')).toBe(true);
    expect(workCalendarOf(config)).toBe(street);
  });

  it('defaults to no closures and no extra working days', () => {
    const config = loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'huiju-calendar-')) });
    expect(config.calendar).toEqual({ closures: [], workingDays: [] });
    expect(workCalendarOf(config).isWorkingDay('2025-06-13')).toBe(true);
    expect(workCalendarOf({}).isWorkingDay('2025-10-08')).toBe(false);
  });

  it('an invalid date is CONFIG_INVALID naming the field', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'huiju-calendar-'));
    writeFileSync(join(cwd, 'huiju.config.json'), JSON.stringify({ calendar: { closures: ['2025-06-13', '2025-02-30'] } }));
    const err = configError(() => loadConfig({ env: {}, cwd }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('calendar.closures.1');
    expect(err.details.fields).toEqual(['calendar.closures.1']);

    const bad = configError(() => loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'huiju-calendar-')), overrides: { calendar: { workingDays: ['2025/10/11'] } } }));
    expect(bad.code).toBe('CONFIG_INVALID');
    expect(bad.message).toContain('calendar.workingDays.0');

    const direct = configError(() => workCalendarOf({ calendar: { closures: ['13-06-2025'] } }));
    expect(direct.code).toBe('CONFIG_INVALID');
    expect(direct.message).toContain('calendar.closures.0');
    expect(configError(() => createWorkCalendar({ extraWorkingDays: ['2025-6-14'] })).message).toContain('extraWorkingDays.0');
  });

  it('a day both closed and worked is CONFIG_INVALID', () => {
    const err = configError(() =>
      loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'huiju-calendar-')), overrides: { calendar: { closures: ['2025-06-13'], workingDays: ['2025-06-13'] } } }),
    );
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('calendar.workingDays');
    expect(configError(() => createWorkCalendar({ extraClosures: ['2025-06-13'], extraWorkingDays: ['2025-06-13'] })).code).toBe('CONFIG_INVALID');
  });

  it('the calendar block is config-file only: unknown keys are refused', () => {
    const err = configError(() => loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'huiju-calendar-')), overrides: { calendar: { holidays: [] } } }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('calendar');
  });
});
