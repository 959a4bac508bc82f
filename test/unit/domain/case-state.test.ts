import { describe, expect, it } from 'vitest';
import { HuijuError } from '../../../src/errors';
import {
  CASE_FLAGS,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  MAX_RETURNS,
  SATISFACTION,
  TERMINAL_STATUSES,
  canTransition,
  mapCoarseStatus,
  mapSatisfaction,
  pathBetween,
  timeLimitWorkingDays,
  transitionCase,
  type CaseState,
  type CaseStatus,
} from '../../../src/domain/case-state';

/** Catch the error of `fn`, failing the test if it does not throw a HuijuError. */
function errorOf(fn: () => unknown): HuijuError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HuijuError);
    return err as HuijuError;
  }
  throw new Error('expected a HuijuError');
}

/** The returns count under which a listed move is legal. */
function returnsFor(from: CaseStatus, to: CaseStatus): number {
  return from === 'SIGNED' && to === 'ARBITRATION' ? MAX_RETURNS : 0;
}

const LEGAL: Array<[CaseStatus, CaseStatus]> = CASE_STATUSES.flatMap((from) =>
  CASE_TRANSITIONS[from].map((to): [CaseStatus, CaseStatus] => [from, to]),
);
const ILLEGAL: Array<[CaseStatus, CaseStatus]> = CASE_STATUSES.flatMap((from) =>
  CASE_STATUSES.filter((to) => !CASE_TRANSITIONS[from].includes(to)).map((to): [CaseStatus, CaseStatus] => [from, to]),
);

describe('the data table', () => {
  it('has the 14 statuses and 4 flags of DOMAIN.md §5', () => {
    expect([...CASE_STATUSES].sort()).toEqual(
      [
        'REPORTED', 'REJECTED', 'ACCEPTED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'HANDLED',
        'CLOSED', 'ARCHIVED', 'RETURNED', 'ARBITRATION', 'EXTENDED', 'VERIFY_FAILED', 'REOPENED',
      ].sort(),
    );
    expect([...CASE_FLAGS]).toEqual(['URGENT', 'SUPERVISED', 'OVERDUE', 'JOINT']);
  });

  it('lists exactly the moves of the diagram', () => {
    expect(LEGAL.map(([f, t]) => `${f}>${t}`).sort()).toEqual(
      [
        'REPORTED>ACCEPTED', 'REPORTED>REJECTED', 'ACCEPTED>DISPATCHED', 'DISPATCHED>SIGNED',
        'SIGNED>IN_PROGRESS', 'SIGNED>RETURNED', 'SIGNED>ARBITRATION', 'IN_PROGRESS>HANDLED',
        'IN_PROGRESS>EXTENDED', 'EXTENDED>IN_PROGRESS', 'HANDLED>CLOSED', 'HANDLED>VERIFY_FAILED',
        'CLOSED>ARCHIVED', 'CLOSED>REOPENED', 'RETURNED>DISPATCHED', 'ARBITRATION>DISPATCHED',
        'VERIFY_FAILED>DISPATCHED', 'REOPENED>DISPATCHED',
      ].sort(),
    );
  });

  it('has terminal statuses with no way out, and every other status has one', () => {
    expect([...TERMINAL_STATUSES].sort()).toEqual(['ARCHIVED', 'REJECTED']);
    for (const s of CASE_STATUSES) {
      expect(CASE_TRANSITIONS[s].length === 0).toBe(TERMINAL_STATUSES.includes(s));
    }
  });

  it('reaches every status from REPORTED', () => {
    for (const s of CASE_STATUSES) {
      if (s !== 'REPORTED') expect(pathBetween('REPORTED', s), s).not.toBeNull();
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(CASE_TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(CASE_TRANSITIONS.SIGNED)).toBe(true);
  });
});

describe('transitionCase', () => {
  it.each(LEGAL)('accepts every listed move: %s → %s', (from, to) => {
    const returns = returnsFor(from, to);
    const next = transitionCase({ status: from, returns }, to);
    expect(next.status).toBe(to);
    expect(next.returns).toBe(to === 'RETURNED' ? returns + 1 : returns);
  });

  it.each(ILLEGAL)('rejects every unlisted move: %s → %s', (from, to) => {
    for (const returns of [0, MAX_RETURNS]) {
      const err = errorOf(() => transitionCase({ status: from, returns }, to));
      expect(err.code).toBe('ILLEGAL_TRANSITION');
      expect(err.details).toMatchObject({ from, to });
    }
  });

  it('rejects a few moves a coarse source might try, by name', () => {
    for (const [from, to] of [
      ['REPORTED', 'HANDLED'],
      ['ARCHIVED', 'REOPENED'],
      ['REJECTED', 'ACCEPTED'],
      ['HANDLED', 'IN_PROGRESS'],
      ['EXTENDED', 'HANDLED'],
      ['DISPATCHED', 'RETURNED'],
      ['CLOSED', 'CLOSED'],
    ] as Array<[CaseStatus, CaseStatus]>) {
      expect(errorOf(() => transitionCase({ status: from, returns: 0 }, to)).code).toBe('ILLEGAL_TRANSITION');
    }
  });

  it('rejects an unknown status at run time', () => {
    const err = errorOf(() => transitionCase({ status: 'PENDING' as CaseStatus, returns: 0 }, 'ACCEPTED'));
    expect(err.code).toBe('ILLEGAL_TRANSITION');
  });

  it('does not change the input state', () => {
    const state: CaseState = { status: 'SIGNED', returns: 0 };
    transitionCase(state, 'RETURNED');
    expect(state).toEqual({ status: 'SIGNED', returns: 0 });
  });
});

describe('the return / arbitration rule', () => {
  it('allows two returns, then only arbitration, then re-dispatch', () => {
    let s: CaseState = { status: 'DISPATCHED', returns: 0 };
    s = transitionCase(s, 'SIGNED');
    expect(canTransition(s, 'ARBITRATION')).toBe(false);
    s = transitionCase(s, 'RETURNED');
    expect(s).toEqual({ status: 'RETURNED', returns: 1 });
    s = transitionCase(transitionCase(s, 'DISPATCHED'), 'SIGNED');
    expect(errorOf(() => transitionCase(s, 'ARBITRATION')).code).toBe('ILLEGAL_TRANSITION');
    s = transitionCase(s, 'RETURNED');
    expect(s).toEqual({ status: 'RETURNED', returns: 2 });
    s = transitionCase(transitionCase(s, 'DISPATCHED'), 'SIGNED');

    const third = errorOf(() => transitionCase(s, 'RETURNED'));
    expect(third.code).toBe('ILLEGAL_TRANSITION');
    expect(third.details).toMatchObject({ from: 'SIGNED', to: 'RETURNED', returns: 2 });

    s = transitionCase(s, 'ARBITRATION');
    expect(s).toEqual({ status: 'ARBITRATION', returns: 2 });
    s = transitionCase(s, 'DISPATCHED');
    expect(s).toEqual({ status: 'DISPATCHED', returns: 2 });
    // returns never reset: the next refusal goes to arbitration again
    s = transitionCase(s, 'SIGNED');
    expect(canTransition(s, 'RETURNED')).toBe(false);
    expect(canTransition(s, 'ARBITRATION')).toBe(true);
    expect(canTransition(s, 'IN_PROGRESS')).toBe(true);
  });

  it('MAX_RETURNS is 2', () => {
    expect(MAX_RETURNS).toBe(2);
  });
});

describe('pathBetween', () => {
  it('fills in what a coarse 待处理 → 已办结 jump skipped', () => {
    expect(pathBetween('REPORTED', 'HANDLED')).toEqual(['ACCEPTED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'HANDLED']);
  });

  it('returns [] for the same status and null when unreachable', () => {
    expect(pathBetween('SIGNED', 'SIGNED')).toEqual([]);
    expect(pathBetween('ARCHIVED', 'REPORTED')).toBeNull();
    expect(pathBetween('REJECTED', 'ACCEPTED')).toBeNull();
    expect(pathBetween('HANDLED', 'REJECTED')).toBeNull();
  });

  it('goes through a return or arbitration according to the returns count', () => {
    expect(pathBetween('SIGNED', 'DISPATCHED')).toEqual(['RETURNED', 'DISPATCHED']);
    expect(pathBetween('SIGNED', 'DISPATCHED', 2)).toEqual(['ARBITRATION', 'DISPATCHED']);
    expect(pathBetween('SIGNED', 'RETURNED', 2)).toBeNull();
  });

  it('reopens a closed case to get it back in progress', () => {
    expect(pathBetween('CLOSED', 'IN_PROGRESS')).toEqual(['REOPENED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS']);
  });

  it('always yields a path transitionCase accepts', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        for (const returns of [0, 1, 2, 5]) {
          const path = pathBetween(from, to, returns);
          if (path === null) continue;
          let s: CaseState = { status: from, returns };
          for (const step of path) s = transitionCase(s, step);
          expect(s.status).toBe(to);
        }
      }
    }
  });
});

describe('mapCoarseStatus', () => {
  it.each([
    ['待受理', 'REPORTED'],
    ['待处理', 'REPORTED'],
    ['已受理', 'ACCEPTED'],
    ['不予受理', 'REJECTED'],
    ['已派遣', 'DISPATCHED'],
    ['已派工', 'DISPATCHED'],
    ['已签收', 'SIGNED'],
    ['处理中', 'IN_PROGRESS'],
    ['维修中', 'IN_PROGRESS'],
    ['已延期', 'EXTENDED'],
    ['已办结', 'HANDLED'],
    ['已完成', 'HANDLED'],
    ['待回访', 'HANDLED'],
    ['已关闭', 'CLOSED'],
    ['已回访', 'CLOSED'],
    ['已归档', 'ARCHIVED'],
    ['已退回', 'RETURNED'],
    ['仲裁中', 'ARBITRATION'],
    ['核查不通过', 'VERIFY_FAILED'],
    ['重新办理', 'REOPENED'],
  ] as const)('%s → %s', (raw, status) => {
    expect(mapCoarseStatus(raw)).toBe(status);
  });

  it('reads Traditional, spaced and full-width forms', () => {
    expect(mapCoarseStatus(' 已辦結 ')).toBe('HANDLED');
    expect(mapCoarseStatus('處理中')).toBe('IN_PROGRESS');
    expect(mapCoarseStatus('已 派 遣')).toBe('DISPATCHED');
  });

  it('passes canonical names through in any case', () => {
    expect(mapCoarseStatus('handled')).toBe('HANDLED');
    expect(mapCoarseStatus('IN_PROGRESS')).toBe('IN_PROGRESS');
  });

  it('returns null for unknown statuses', () => {
    expect(mapCoarseStatus('')).toBeNull();
    expect(mapCoarseStatus('神秘状态')).toBeNull();
    expect(mapCoarseStatus('constructor')).toBeNull();
  });
});

describe('timeLimitWorkingDays', () => {
  it('is same day (0) for urgent cases of any type', () => {
    for (const t of ['咨询', '求助', '投诉', '举报', '建议', '其他']) expect(timeLimitWorkingDays(t, true)).toBe(0);
  });

  it.each([
    ['咨询', 3],
    ['求助', 3],
    ['投诉', 13],
    ['举报', 13],
    ['建议', 13],
    ['投诉类', 13],
    ['諮詢', 3],
    ['未知类型', 13],
  ] as const)('%s → %i working days', (t, days) => {
    expect(timeLimitWorkingDays(t, false)).toBe(days);
  });
});

describe('satisfaction', () => {
  it('maps the three revisit answers', () => {
    expect(SATISFACTION).toEqual({ 满意: 'SATISFIED', 基本满意: 'BASICALLY_SATISFIED', 不满意: 'UNSATISFIED' });
    expect(mapSatisfaction('满意')).toBe('SATISFIED');
    expect(mapSatisfaction(' 基本滿意 ')).toBe('BASICALLY_SATISFIED');
    expect(mapSatisfaction('不满意')).toBe('UNSATISFIED');
    expect(mapSatisfaction('一般')).toBeNull();
  });
});
