import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil } from '../../../src/domain/civil-days';

describe('civil days (src/domain/civil-days.ts)', () => {
  it('agrees with Date on every day from 0000-01-01 to 9999-12-31, both ways', () => {
    const first = Math.floor(Date.UTC(2000, 0, 1) / 86_400_000) - 730_485; // 0000-01-01: 2000 years of 365.2425 days before
    const d = new Date(0);
    for (let days = first; days <= 2_932_896; days += 7) {
      d.setTime(days * 86_400_000);
      const civil = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
      expect(civilFromDays(days)).toEqual(civil);
      expect(daysFromCivil(civil.year, civil.month, civil.day)).toBe(days);
    }
    expect(civilFromDays(first)).toEqual({ year: 0, month: 1, day: 1 });
  });
});
