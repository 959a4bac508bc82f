import { describe, expect, it } from 'vitest';
import { instantOfText, parseTimestamp, parseTimestamptz } from '../../../src/db/timestamp-text';

/** A seeded generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** PostgreSQL-style texts (ISO DateStyle) of random instants, with 0–6 fraction digits and offsets of whole hours and of minutes. */
function texts(count: number, seed: number): string[] {
  const r = random(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = new Date(Date.UTC(1000 + Math.floor(r() * 9000), 0, 1) + Math.floor(r() * 366 * 86_400_000));
    const digits = Math.floor(r() * 7);
    const fraction = digits ? `.${String(Math.floor(r() * 10 ** digits)).padStart(digits, '0')}` : '';
    const minutes = [0, 0, 30, 45][Math.floor(r() * 4)]!;
    const hours = Math.floor(r() * 15);
    const sign = r() < 0.5 ? '-' : '+';
    const sep = r() < 0.8 ? ' ' : 'T'; // `T`: as to_json writes it, with `±HH:MM`
    const offset = `${sign}${pad(hours)}${minutes || sep === 'T' || r() < 0.3 ? `:${pad(minutes)}` : ''}`;
    out.push(`${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}${sep}${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fraction}${offset}`);
  }
  return out;
}

describe('timestamp text (src/db/timestamp-text.ts)', () => {
  it('reads 20,000 PostgreSQL-style timestamptz texts to the instant Date\'s parser reads', () => {
    for (const text of texts(20_000, 16)) {
      expect(instantOfText(text, true), text).not.toBeNaN(); // read here, not handed on
      expect(parseTimestamptz(text).getTime(), text).toBe(new Date(text).getTime());
    }
  });

  it('reads timestamp texts (no zone) as UTC, as Date reads them with a Z', () => {
    for (const zoned of texts(5_000, 17)) {
      const text = zoned.replace(/[+-]\d\d(:\d\d)?$/, '').replace('T', ' ');
      expect(instantOfText(text, false), text).not.toBeNaN();
      expect(parseTimestamp(text).getTime(), text).toBe(new Date(`${text}Z`).getTime());
    }
  });

  it('drops fraction digits beyond the millisecond, as Date does', () => {
    expect(parseTimestamptz('2026-03-01 08:12:33.9999999+08').toISOString()).toBe('2026-03-01T00:12:33.999Z');
    expect(parseTimestamptz('2026-03-01 08:12:33.1+00').toISOString()).toBe('2026-03-01T08:12:33.100Z');
    expect(parseTimestamptz('2026-03-01T08:12:33.123456+05:30').toISOString()).toBe('2026-03-01T02:42:33.123Z');
  });

  it('reads an offset with seconds (local mean time), which Date makes an invalid date', () => {
    expect(parseTimestamptz('1900-06-01 08:05:43+08:05:43').toISOString()).toBe('1900-06-01T00:00:00.000Z');
    expect(parseTimestamptz('1900-05-31 20:29:08.5-03:30:52').toISOString()).toBe('1900-06-01T00:00:00.500Z');
    expect(new Date('1900-06-01 08:05:43+08:05:43').getTime()).toBeNaN();
  });

  it('reads a year below 100 as that year (Date\'s parser makes 0099 into 1999)', () => {
    expect(parseTimestamptz('0099-03-01 08:12:33+00').toISOString()).toBe('0099-03-01T08:12:33.000Z');
    expect(parseTimestamptz('0000-01-01 00:00:00+00').toISOString()).toBe('0000-01-01T00:00:00.000Z');
    expect(parseTimestamp('0042-12-31 23:59:59.5').toISOString()).toBe('0042-12-31T23:59:59.500Z');
  });

  it('hands every other form to Date, which reads it as before', () => {
    const others = [
      'infinity',
      '-infinity',
      '2026-03-01 08:12:33+08 BC',
      '12026-03-01 08:12:33+08',
      '2026-03-01T08:12:33-04',
      '2026-02-30 08:12:33+08',
      '2026-13-01 08:12:33+08',
      '2026-03-01 24:00:00+08',
      '2026-03-01 08:12:33.+08',
      '2026-03-01 08:12:33',
      '2026-03-01',
      '',
    ];
    for (const text of others) {
      expect(instantOfText(text, true), text).toBeNaN();
      expect(parseTimestamptz(text).getTime(), text).toEqual(new Date(text).getTime());
    }
    expect(instantOfText('2026-03-01 08:12:33+08', false)).toBeNaN();
    expect(parseTimestamp('infinity').getTime()).toEqual(new Date('infinityZ').getTime());
  });

  it('checks the calendar: 29 February only in leap years', () => {
    expect(instantOfText('2024-02-29 00:00:00+00', true)).toBe(Date.UTC(2024, 1, 29));
    expect(instantOfText('2000-02-29 00:00:00+00', true)).toBe(Date.UTC(2000, 1, 29));
    expect(instantOfText('1900-02-29 00:00:00+00', true)).toBeNaN();
    expect(instantOfText('2026-02-29 00:00:00+00', true)).toBeNaN();
  });
});
