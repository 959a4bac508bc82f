import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_LIMITS, dueAtOf, isOverdue, timeLimitOf } from '../../../src/flow/time-limits';
import { createWorkCalendar } from '../../../src/flow/work-calendar';

const calendar = createWorkCalendar();
const at = (s: string) => new Date(s);

describe('time limits (办理时限)', () => {
  it('follows 12345 practice: urgent same day, 咨询/求助 3, 投诉 13, others 13, incidents 3', () => {
    expect(timeLimitOf({ kind: 'HOTLINE', appealType: '投诉', urgent: true })).toEqual({ workingDays: 0 });
    expect(timeLimitOf({ kind: 'APPEAL', appealType: '咨询' })).toEqual({ workingDays: 3 });
    expect(timeLimitOf({ kind: 'APPEAL', appealType: '求助' })).toEqual({ workingDays: 3 });
    expect(timeLimitOf({ kind: 'HOTLINE', appealType: '投诉' })).toEqual({ workingDays: 13 });
    expect(timeLimitOf({ kind: 'APPEAL', appealType: '建议' })).toEqual({ workingDays: 13 });
    expect(timeLimitOf({ kind: 'INCIDENT', appealType: null })).toEqual({ workingDays: 3 });
  });

  it('takes a repair limit per category, else the repair default', () => {
    const rules = { ...DEFAULT_TIME_LIMITS, repairCategories: { 水电: { hours: 24 } } };
    expect(timeLimitOf({ kind: 'REPAIR', category: '水电' }, rules)).toEqual({ hours: 24 });
    expect(timeLimitOf({ kind: 'REPAIR', category: '门窗' }, rules)).toEqual({ workingDays: 3 });
    expect(dueAtOf({ kind: 'REPAIR', category: '水电', reportedAt: at('2025-09-30T10:00:00+08:00') }, calendar, rules).toISOString()).toBe('2025-10-01T02:00:00.000Z');
  });

  it('counts working days across the 2025 National Day + Mid-Autumn break', () => {
    // reported Tue 30 Sep 2025: 1–8 Oct are off, Sat 11 Oct is a make-up working day
    const due = dueAtOf({ kind: 'APPEAL', appealType: '咨询', reportedAt: at('2025-09-30T10:00:00+08:00') }, calendar);
    expect(due.getTime()).toBe(calendar.addWorkingDays(at('2025-09-30T10:00:00+08:00'), 3).getTime());
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(due);
    expect(day).toBe('2025-10-11');
  });

  it('is overdue when closed after its due time or open past it, never without one', () => {
    const dueAt = at('2025-10-11T15:59:59Z');
    expect(isOverdue({ dueAt, closedAt: at('2025-10-12T01:00:00Z') }, at('2025-10-01T00:00:00Z'))).toBe(true);
    expect(isOverdue({ dueAt, closedAt: at('2025-10-10T01:00:00Z') }, at('2026-01-01T00:00:00Z'))).toBe(false);
    expect(isOverdue({ dueAt, closedAt: null }, at('2025-10-12T00:00:00Z'))).toBe(true);
    expect(isOverdue({ dueAt, closedAt: null }, at('2025-10-11T00:00:00Z'))).toBe(false);
    expect(isOverdue({ dueAt: null, closedAt: null }, at('2030-01-01T00:00:00Z'))).toBe(false);
  });
});
