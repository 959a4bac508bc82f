import { describe, expect, it } from 'vitest';
import { addWorkingDays, cstMs, dateOfDay, dayNumber, formatCst } from '../../../src/demo/calendar';
import { cyrb128, subRng, WeightedTable } from '../../../src/demo/prng';

describe('prng', () => {
  it('is pinned: the same seed and path give these numbers on every platform', () => {
    // Changing these values changes every generated world; do it only on purpose.
    expect(cyrb128('huiju')).toEqual([1845539945, 1005312497, 1732213800, 301580678]);
    const r = subRng('huiju', 'streets/420102002');
    expect([r.uint32(), r.uint32(), r.uint32()]).toEqual([2878256633, 3489763753, 1150409664]);
  });

  it('subRng is a pure function of (seed, path)', () => {
    const a = subRng('s', 'persons/100200100001');
    const b = subRng('s', 'persons/100200100001');
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    const other = subRng('s', 'persons/100200100002');
    expect(Array.from({ length: 50 }, () => other.next())).not.toEqual(xs);
    const otherSeed = subRng('t', 'persons/100200100001');
    expect(Array.from({ length: 50 }, () => otherSeed.next())).not.toEqual(xs);
  });

  it('drawing from one branch does not move another', () => {
    const lone = subRng('s', 'cases/2');
    const expected = Array.from({ length: 10 }, () => lone.uint32());
    const busy = subRng('s', 'cases/1');
    for (let i = 0; i < 1000; i++) busy.uint32();
    const again = subRng('s', 'cases/2');
    expect(Array.from({ length: 10 }, () => again.uint32())).toEqual(expected);
  });

  it('helpers stay in range', () => {
    const r = subRng('s', 'helpers');
    for (let i = 0; i < 2000; i++) {
      const n = r.int(-3, 7);
      expect(Number.isInteger(n) && n >= -3 && n <= 7).toBe(true);
      const f = r.next();
      expect(f >= 0 && f < 1).toBe(true);
      const d = r.dateBetween('2024-02-27', '2024-03-02');
      expect(d >= '2024-02-27' && d <= '2024-03-02').toBe(true);
      expect(r.digits(11)).toMatch(/^\d{11}$/);
    }
    const picked = new Set(Array.from({ length: 500 }, () => r.int(1, 3)));
    expect([...picked].sort()).toEqual([1, 2, 3]);
    const sample = r.sample([1, 2, 3, 4, 5, 6, 7, 8], 5);
    expect(new Set(sample).size).toBe(5);
    expect(r.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
  });

  it('weighted picks follow the weights and skip zero weights', () => {
    const t = new WeightedTable([
      ['a', 9],
      ['b', 1],
      ['never', 0],
    ] as const);
    const r = subRng('s', 'weights');
    const counts: Record<string, number> = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) counts[t.pick(r)]!++;
    expect(counts.never).toBe(0);
    expect(counts.a! / 10_000).toBeGreaterThan(0.87);
    expect(counts.a! / 10_000).toBeLessThan(0.93);
    expect(r.weighted([['x', 0], ['y', 2]] as const)).toBe('y');
  });
});

describe('calendar', () => {
  it('day numbers round-trip and agree with Date', () => {
    for (let day = -40_000; day < 25_000; day += 13) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(dayNumber(iso)).toBe(day);
      expect(dateOfDay(day)).toBe(iso);
    }
  });

  it('formats Beijing time with +08:00', () => {
    expect(formatCst(Date.parse('2026-06-30T01:02:03Z'))).toBe('2026-06-30T09:02:03+08:00');
    expect(formatCst(cstMs('2026-01-01', 23, 59))).toBe('2026-01-01T23:59:00+08:00');
  });

  it('counts working days, weekends skipped; 0 means the same day', () => {
    const fri = cstMs('2026-06-26', 10); // a Friday
    expect(formatCst(addWorkingDays(fri, 1))).toBe('2026-06-29T10:00:00+08:00');
    expect(formatCst(addWorkingDays(fri, 3))).toBe('2026-07-01T10:00:00+08:00');
    expect(formatCst(addWorkingDays(fri, 0))).toBe('2026-06-26T23:59:59+08:00');
  });
});
