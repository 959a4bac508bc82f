import { describe, expect, it } from 'vitest';
import { buildingAddressKey, buildingRelation } from '../../../src/ingest/write/identity/case-address';
import { CASE_LINK_METHOD, CASE_LINK_METHOD_NO_PLACE, CASE_LINK_THRESHOLD, CASE_LINK_WINDOW_HOURS, scoreCaseLink } from '../../../src/ingest/write/identity/case-linking';

describe('buildingAddressKey: an address cut to the building', () => {
  it.each([
    ['武汉市江岸区解放大道100号幸福里小区3号楼2单元501', 'estate', '幸福里#3'],
    ['江岸区幸福里3栋', 'estate', '幸福里#3'],
    ['幸福里 三栋', 'estate', '幸福里#3'],
    ['湖北省武汉市江岸区大智街道永和社区幸福里3幢501室', 'estate', '幸福里#3'],
    ['長青苑3號樓', 'estate', '长青苑#3'],
    ['长青苑3-2-501', 'estate', '长青苑#3'],
    ['幸福小区5#楼', 'estate', '幸福#5'],
    ['光明花园a座1203', 'estate', '光明花园#A'],
    ['武汉市江岸区解放大道100号3栋', 'road', '解放大道100号#3'],
    ['解放大道100号2单元301', 'street', '解放大道100号'],
    ['江汉区新华路88号', 'street', '新华路88号'],
  ])('%s → %s %s', (address, form, key) => {
    expect(buildingAddressKey(address)).toEqual({ form, key });
  });

  it('has no key for an address naming no comparable place', () => {
    for (const a of ['3栋2单元501', 'A座', '', '   ', '小区门口', null, undefined]) expect(buildingAddressKey(a)).toBeNull();
  });

  it('keeps estates apart that differ by more than 小区, and buildings by number', () => {
    expect(buildingAddressKey('长青苑3栋')!.key).not.toBe(buildingAddressKey('长青3栋')!.key);
    expect(buildingAddressKey('幸福里3栋')!.key).not.toBe(buildingAddressKey('幸福里13栋')!.key);
    expect(buildingAddressKey('幸福里3栋')!.key).not.toBe(buildingAddressKey('和平里3栋')!.key);
  });
});

describe('buildingRelation', () => {
  const at = (address: string | null, buildingId: string | null = null) => ({ address, buildingId });
  it('same by building id or by address key; another building when both are known and differ', () => {
    expect(buildingRelation(at(null, 'b1'), at(null, 'b1'))).toBe('same');
    expect(buildingRelation(at('幸福里3栋'), at('江岸区幸福里小区3号楼'))).toBe('same');
    expect(buildingRelation(at('幸福里3栋'), at('幸福里4栋'))).toBe('different');
    expect(buildingRelation(at(null, 'b1'), at(null, 'b2'))).toBe('different');
    expect(buildingRelation(at('幸福里3栋', 'b1'), at('幸福里3栋', 'b2'))).toBe('same');
  });
  it('unknown when a place is missing or the two are written in forms that cannot be compared', () => {
    expect(buildingRelation(at(null), at('幸福里3栋'))).toBe('unknown');
    expect(buildingRelation(at('解放大道100号'), at('幸福里3栋'))).toBe('unknown');
    expect(buildingRelation(at('3栋2单元501', 'b1'), at('幸福里3栋'))).toBe('unknown');
  });
});

describe('scoreCaseLink', () => {
  const same = { a: { buildingId: null, address: '幸福里3栋' }, b: { buildingId: null, address: '幸福里三栋2单元' } };
  const none = { a: { buildingId: null, address: '幸福里3栋' }, b: { buildingId: null, address: null } };
  const other = { a: { buildingId: null, address: '幸福里3栋' }, b: { buildingId: null, address: '幸福里4栋' } };

  it('links the same building anywhere in the window, scoring 1.0 down to 0.8', () => {
    expect(scoreCaseLink({ hours: 0, ...same })).toEqual({ score: 1, method: CASE_LINK_METHOD, place: 'same' });
    expect(scoreCaseLink({ hours: 36, ...same })!.score).toBe(0.9);
    expect(scoreCaseLink({ hours: CASE_LINK_WINDOW_HOURS, ...same })!.score).toBe(0.8);
    expect(scoreCaseLink({ hours: CASE_LINK_WINDOW_HOURS + 0.1, ...same })).toBeNull();
  });

  it('links without a place only within 18 hours, with the lower score', () => {
    expect(scoreCaseLink({ hours: 0, ...none })).toEqual({ score: 0.7, method: CASE_LINK_METHOD_NO_PLACE, place: 'unknown' });
    expect(scoreCaseLink({ hours: 18, ...none })!.score).toBe(CASE_LINK_THRESHOLD);
    expect(scoreCaseLink({ hours: 19, ...none })).toBeNull();
  });

  it('never links another building, however close in time', () => {
    expect(scoreCaseLink({ hours: 0, ...other })).toBeNull();
  });
});
