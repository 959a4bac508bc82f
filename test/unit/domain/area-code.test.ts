import { describe, expect, it } from 'vitest';
import { HuijuError } from '../../../src/errors';
import { areaAncestors, isUrbanRuralClass, parseAreaCode } from '../../../src/domain/area-code';

describe('parseAreaCode: levels', () => {
  it.each([
    ['420000', 'province', null],
    ['420100', 'city', '420000000000'],
    ['420102', 'district', '420100000000'],
    ['420102002', 'street', '420102000000'],
    ['420102002000', 'street', '420102000000'],
    ['420102002003', 'community', '420102002000'],
  ] as const)('%s is a %s with parent %s', (code, level, parentCode) => {
    const r = parseAreaCode(code);
    expect(r).toMatchObject({ ok: true, level, parentCode, warnings: [] });
  });

  it('pads to 12 digits and splits the segments', () => {
    expect(parseAreaCode('420102')).toMatchObject({
      ok: true,
      code: '420102',
      code12: '420102000000',
      segments: { province: '42', city: '01', district: '02', street: '000', community: '000' },
    });
  });

  it('classifies street and community segments by range', () => {
    expect(parseAreaCode('420102002003')).toMatchObject({ streetKind: 'street', communityKind: 'residents_committee' });
    expect(parseAreaCode('420102101201')).toMatchObject({ streetKind: 'town', communityKind: 'villagers_committee' });
    expect(parseAreaCode('420102201000')).toMatchObject({ streetKind: 'township', communityKind: null });
  });

  it('accepts 江岸区 420102400 (百步亭花园, a special-area code) without rejecting it', () => {
    expect(parseAreaCode('420102400')).toMatchObject({ ok: true, level: 'street', streetKind: 'special' });
    expect(parseAreaCode('420102400001')).toMatchObject({ ok: true, level: 'community' });
  });

  it('only warns when segments are out of the usual ranges', () => {
    expect(parseAreaCode('420102700000')).toMatchObject({
      ok: true,
      streetKind: 'unknown',
      warnings: ['AREA_STREET_SEGMENT_UNUSUAL'],
    });
    expect(parseAreaCode('420102002500')).toMatchObject({
      ok: true,
      communityKind: 'unknown',
      warnings: ['AREA_COMMUNITY_SEGMENT_UNUSUAL'],
    });
    expect(parseAreaCode('990102')).toMatchObject({ ok: true, warnings: ['AREA_PROVINCE_UNKNOWN'] });
  });

  it('accepts a city without districts (东莞) with streets directly under it', () => {
    const r = parseAreaCode('441900003000');
    expect(r).toMatchObject({ ok: true, level: 'street', parentCode: '441900000000', warnings: [] });
  });

  it('reads full-width digits and ignores spaces', () => {
    expect(parseAreaCode('４２０１０２ ００２ ００３')).toMatchObject({ ok: true, code12: '420102002003' });
  });
});

describe('parseAreaCode: refusals', () => {
  it.each([
    ['empty', ''],
    ['5 digits', '42010'],
    ['7 digits', '4201020'],
    ['13 digits', '4201020020031'],
    ['letters', '42010A'],
    ['province 00', '000102'],
    ['community without street', '420102000003'],
    ['street without city or district', '420000002000'],
  ])('rejects %s', (_label, raw) => {
    expect(parseAreaCode(raw)).toMatchObject({ ok: false, reason: 'INVALID_AREA_CODE' });
  });
});

describe('areaAncestors', () => {
  it('returns the NBS chain for a community', () => {
    expect(areaAncestors('420102002003')).toEqual([
      '420000000000',
      '420100000000',
      '420102000000',
      '420102002000',
      '420102002003',
    ]);
  });

  it('accepts 6-digit codes and stops at their level', () => {
    expect(areaAncestors('420102')).toEqual(['420000000000', '420100000000', '420102000000']);
    expect(areaAncestors('420000')).toEqual(['420000000000']);
  });

  it('skips an empty district level', () => {
    expect(areaAncestors('441900003001')).toEqual(['440000000000', '441900000000', '441900003000', '441900003001']);
  });

  it('throws INVALID_AREA_CODE on a malformed code', () => {
    expect(() => areaAncestors('4201')).toThrow(HuijuError);
    try {
      areaAncestors('4201');
    } catch (err) {
      expect((err as HuijuError).code).toBe('INVALID_AREA_CODE');
    }
  });
});

describe('isUrbanRuralClass', () => {
  it.each(['111', '112', '121', '122', '123', '210', '220'])('accepts %s', (c) => {
    expect(isUrbanRuralClass(c)).toBe(true);
  });

  it.each(['110', '113', '124', '200', '221', '', 'abc', 'constructor'])('rejects %j', (c) => {
    expect(isUrbanRuralClass(c)).toBe(false);
  });

  it('accepts a number', () => {
    expect(isUrbanRuralClass(111)).toBe(true);
  });
});
