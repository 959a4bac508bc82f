import { describe, expect, it } from 'vitest';
import { orgCodeCheckChar, parseUscc, usccCheckChar } from '../../../src/domain/uscc';

const VALID = ['91110000600037341L', '91350100M000100Y43', '91420684MA4927PJ7B'];

describe('usccCheckChar / orgCodeCheckChar', () => {
  it.each(VALID)('compute both check characters of %s', (code) => {
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
    expect(orgCodeCheckChar(code.slice(8, 16))).toBe(code[16]);
  });

  it('maps GB 11714 results 10 and 11 to X and 0, digits otherwise', () => {
    expect(orgCodeCheckChar('00000000')).toBe('0'); // Σ = 0 → 11 → '0'
    expect(orgCodeCheckChar('00000006')).toBe('X'); // Σ = 12 ≡ 1 → 10 → 'X'
    expect(orgCodeCheckChar('00000001')).toBe('9'); // Σ = 2 → 9
    expect(orgCodeCheckChar('00000005')).toBe('1'); // Σ = 10 → 1
    expect(orgCodeCheckChar('00000010')).toBe('7'); // Σ = 4 → 7
    expect(orgCodeCheckChar('A0000000')).toBe('3'); // A = 10: Σ = 30 ≡ 8 → 3
    expect(orgCodeCheckChar('Z0000000')).toBe('5'); // Z = 35 (letters continue past the USCC alphabet): Σ = 105 ≡ 6 → 5
  });

  it('refuses characters outside the alphabets', () => {
    expect(() => usccCheckChar('9111000060003734I')).toThrow();
    expect(() => usccCheckChar('911100006000373')).toThrow();
    expect(() => orgCodeCheckChar('6000373a')).toThrow();
  });
});

describe('parseUscc: DOMAIN.md §3 vectors', () => {
  it.each(VALID)('accepts %s with valid checks', (code) => {
    expect(parseUscc(code)).toMatchObject({ ok: true, code, checksumValid: true, flags: [] });
  });

  it('rejects 91350100M000100Y4Z: Z is not in the alphabet', () => {
    expect(parseUscc('91350100M000100Y4Z')).toMatchObject({ ok: false, reason: 'INVALID_USCC_FORMAT' });
  });

  it('accepts 91110000600037341N but flags the check character', () => {
    expect(parseUscc('91110000600037341N')).toMatchObject({ ok: true, checksumValid: false, flags: ['USCC_CHECKSUM'] });
  });

  it('rejects 9111000060003IOZSV: I O Z S V are not used', () => {
    expect(parseUscc('9111000060003IOZSV')).toMatchObject({ ok: false, reason: 'INVALID_USCC_FORMAT' });
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects a code containing %s', (ch) => {
    expect(parseUscc(`91110000600037341${ch}`)).toMatchObject({ ok: false, reason: 'INVALID_USCC_FORMAT' });
  });

  it('accepts the Fujian pilot code 91350100M0001TGQXM, flagged on the USCC check', () => {
    expect(parseUscc('91350100M0001TGQXM')).toMatchObject({
      ok: true,
      code: '91350100M0001TGQXM',
      orgCode: 'M0001TGQX',
      checksumValid: false,
      flags: ['USCC_CHECKSUM'],
    });
  });

  it('flags both checks when positions 17 and 18 are both wrong', () => {
    const r = parseUscc('91110000600037342N');
    expect(r.ok && [...r.flags].sort()).toEqual(['ORG_CODE_CHECKSUM', 'USCC_CHECKSUM']);
  });
});

describe('parseUscc: parts and normalisation', () => {
  it('splits 91420684MA4927PJ7B into its parts', () => {
    expect(parseUscc('91420684MA4927PJ7B')).toEqual({
      ok: true,
      code: '91420684MA4927PJ7B',
      registrationDept: '9',
      registrationDeptLabel: '市场监督管理',
      category: '91',
      categoryLabel: '企业',
      areaCode: '420684',
      orgCode: 'MA4927PJ7',
      checksumValid: true,
      flags: [],
    });
  });

  it('labels civil-affairs categories', () => {
    const first17 = '52420102MJ0000001';
    const code = first17 + usccCheckChar(first17);
    expect(parseUscc(code)).toMatchObject({ ok: true, category: '52', categoryLabel: '民办非企业单位' });
  });

  it('upper-cases, trims, and reads full-width characters', () => {
    expect(parseUscc(' 91420684ma4927pj7b ')).toMatchObject({ ok: true, code: '91420684MA4927PJ7B', checksumValid: true });
    expect(parseUscc('９１１１００００６０００３７３４１Ｌ')).toMatchObject({ ok: true, code: '91110000600037341L' });
  });

  it('flags only the org-code check when position 17 is wrong but 18 was computed over it', () => {
    const first17 = '91110000600037342';
    const r = parseUscc(first17 + usccCheckChar(first17));
    expect(r).toMatchObject({ ok: true, checksumValid: false, flags: ['ORG_CODE_CHECKSUM'] });
  });

  it.each(['', '91110000600037341', '91110000600037341LL', '91110000-60003734'])('rejects wrong length %j', (raw) => {
    expect(parseUscc(raw)).toMatchObject({ ok: false, reason: 'INVALID_USCC_FORMAT' });
  });
});
