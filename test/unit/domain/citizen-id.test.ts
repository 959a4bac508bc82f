import { describe, expect, it } from 'vitest';
import { citizenIdCheckChar, isCalendarDate, parseCitizenId } from '../../../src/domain/citizen-id';

const VALID = ['11010519491231002X', '440524188001010014', '360426199101010071', '420102199003070010'];

describe('citizenIdCheckChar', () => {
  it.each(VALID)('computes the check character of %s', (id) => {
    expect(citizenIdCheckChar(id.slice(0, 17))).toBe(id[17]);
  });

  it('maps Σ mod 11 = 2 to X (11010519491231002X)', () => {
    expect(citizenIdCheckChar('11010519491231002')).toBe('X');
  });

  it('refuses input that is not 17 digits', () => {
    expect(() => citizenIdCheckChar('1101051949123100')).toThrow();
    expect(() => citizenIdCheckChar('1101051949123100X')).toThrow();
  });
});

describe('parseCitizenId: DOMAIN.md §3 vectors', () => {
  it.each(VALID)('accepts %s', (id) => {
    const r = parseCitizenId(id);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.id18).toBe(id);
      expect(r.upgraded).toBe(false);
    }
  });

  it('rejects 36042619910102009X on the check character', () => {
    expect(parseCitizenId('36042619910102009X')).toMatchObject({ ok: false, reason: 'INVALID_ID_CHECKSUM' });
  });

  it('rejects 360426199113010079 on the birth date (month 13)', () => {
    expect(parseCitizenId('360426199113010079')).toMatchObject({ ok: false, reason: 'INVALID_ID_DATE' });
  });

  it('rejects 110105194912310021 on the check character', () => {
    expect(parseCitizenId('110105194912310021')).toMatchObject({ ok: false, reason: 'INVALID_ID_CHECKSUM' });
  });
});

describe('parseCitizenId: parts', () => {
  it('returns area code, birth date and sex', () => {
    expect(parseCitizenId('420102199003070010')).toEqual({
      ok: true,
      id18: '420102199003070010',
      areaCode: '420102',
      birthDate: '1990-03-07',
      sex: 'M',
      upgraded: false,
      warnings: [],
    });
  });

  it('reads an even sequence digit as female', () => {
    const r = parseCitizenId('11010519491231002X');
    expect(r.ok && r.sex).toBe('F');
    expect(r.ok && r.birthDate).toBe('1949-12-31');
  });

  it('accepts a birth year in the 1880s', () => {
    const r = parseCitizenId('440524188001010014');
    expect(r.ok && r.birthDate).toBe('1880-01-01');
  });
});

describe('parseCitizenId: normalisation', () => {
  it('accepts a lower-case x and upper-cases it', () => {
    const r = parseCitizenId('11010519491231002x');
    expect(r.ok && r.id18).toBe('11010519491231002X');
  });

  it('trims, strips spaces and the spreadsheet apostrophe, reads full-width digits', () => {
    expect(parseCitizenId("  '420102 19900307 0010 ")).toMatchObject({ ok: true, id18: '420102199003070010' });
    expect(parseCitizenId('４２０１０２１９９００３０７００１０')).toMatchObject({ ok: true, id18: '420102199003070010' });
    expect(parseCitizenId('１１０１０５１９４９１２３１００２ｘ')).toMatchObject({ ok: true, id18: '11010519491231002X' });
  });
});

describe('parseCitizenId: 15-digit legacy numbers', () => {
  it.each(VALID.filter((id) => id.slice(6, 8) === '19'))('upgrades the 15-digit form of %s back to it', (id18) => {
    const id15 = id18.slice(0, 6) + id18.slice(8, 17);
    expect(id15).toHaveLength(15);
    const r = parseCitizenId(id15);
    expect(r).toMatchObject({ ok: true, id18, upgraded: true });
  });

  it('upgrades 420102900307001 to 420102199003070010 (check computed, not copied)', () => {
    const r = parseCitizenId('420102900307001');
    expect(r.ok && r.id18).toBe('420102199003070010');
    expect(r.ok && r.birthDate).toBe('1990-03-07');
  });

  it('rejects a 15-digit number with an impossible date', () => {
    expect(parseCitizenId('420102900230001')).toMatchObject({ ok: false, reason: 'INVALID_ID_DATE' });
  });
});

describe('parseCitizenId: refusals', () => {
  it.each([
    ['empty', ''],
    ['17 digits', '42010219900307001'],
    ['16 digits', '4201021990030700'],
    ['19 digits', '4201021990030700100'],
    ['X inside', '42010219900307X010'],
    ['letters', 'ABCDEFGHIJKLMNOPQR'],
  ])('rejects %s as INVALID_ID_FORMAT', (_label, raw) => {
    expect(parseCitizenId(raw)).toMatchObject({ ok: false, reason: 'INVALID_ID_FORMAT' });
  });

  it('rejects 29 February in a non-leap year and accepts it in a leap year', () => {
    const feb29 = (y: string) => {
      const first17 = `420102${y}0229001`;
      return first17 + citizenIdCheckChar(first17);
    };
    expect(parseCitizenId(feb29('1900'))).toMatchObject({ ok: false, reason: 'INVALID_ID_DATE' });
    expect(parseCitizenId(feb29('1991'))).toMatchObject({ ok: false, reason: 'INVALID_ID_DATE' });
    expect(parseCitizenId(feb29('2000')).ok).toBe(true);
    expect(parseCitizenId(feb29('1992')).ok).toBe(true);
  });

  it('rejects a birth date after asOf, accepts one on it', () => {
    const first17 = '42010220240601001';
    const id = first17 + citizenIdCheckChar(first17);
    expect(parseCitizenId(id).ok).toBe(true);
    expect(parseCitizenId(id, { asOf: '2024-05-31' })).toMatchObject({ ok: false, reason: 'INVALID_ID_DATE' });
    expect(parseCitizenId(id, { asOf: '2024-06-01' }).ok).toBe(true);
    expect(parseCitizenId(id, { asOf: new Date('2024-05-01T00:00:00Z') })).toMatchObject({ ok: false, reason: 'INVALID_ID_DATE' });
  });

  it('never puts the number into the message', () => {
    for (const raw of ['36042619910102009X', '360426199113010079', '42010219900307001']) {
      const r = parseCitizenId(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).not.toContain(raw);
        expect(r.message).not.toMatch(/\d{6,}/);
      }
    }
  });
});

describe('parseCitizenId: area code is only a warning', () => {
  it('accepts an unknown province code with a warning', () => {
    const first17 = '99010219900307001';
    const r = parseCitizenId(first17 + citizenIdCheckChar(first17));
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings).toContain('ID_AREA_CODE_UNUSUAL');
  });

  it('gives no warning for a district-level code', () => {
    const r = parseCitizenId('11010519491231002X');
    expect(r.ok && r.warnings).toEqual([]);
  });
});

describe('isCalendarDate', () => {
  it('knows month lengths and leap years', () => {
    expect(isCalendarDate(2023, 4, 30)).toBe(true);
    expect(isCalendarDate(2023, 4, 31)).toBe(false);
    expect(isCalendarDate(2024, 2, 29)).toBe(true);
    expect(isCalendarDate(2100, 2, 29)).toBe(false);
    expect(isCalendarDate(2023, 0, 1)).toBe(false);
    expect(isCalendarDate(2023, 12, 0)).toBe(false);
  });
});

describe('parseCitizenId: numbers a spreadsheet rounded', () => {
  it.each(['4.20102E+17', '4.20102199003073E+17', '4.20102e17', '４.２０１０２Ｅ＋１７', "'4.20102E+17", ' 4.2E+17 '])(
    'rejects %s as EXCEL_PRECISION_LOST',
    (raw) => {
      expect(parseCitizenId(raw)).toMatchObject({ ok: false, reason: 'EXCEL_PRECISION_LOST' });
    },
  );

  it('checks the damage first: a scientific number whose digits would pass is still refused, a real ID is not', () => {
    // 420102199003073000 passes the check digit: the digits Excel keeps of 420102199003073123
    expect(parseCitizenId('420102199003073000').ok).toBe(true);
    expect(parseCitizenId('4.20102199003073E+17')).toMatchObject({ ok: false, reason: 'EXCEL_PRECISION_LOST' });
    expect(parseCitizenId('420102199003073123').ok).toBe(true);
    const r = parseCitizenId('4.20102199003073E+17');
    expect(!r.ok && r.message).not.toContain('420102');
  });
});
