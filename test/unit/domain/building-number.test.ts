import { describe, expect, it } from 'vitest';
import { formatBuildingNumber, parseBuildingNumber } from '../../../src/domain/building-number';
import { normalizeAddress } from '../../../src/domain/normalize';
import { chineseNumber, normalizeBuildingNo, normalizeRoom, normalizeUnit } from '../../../src/ingest/write/natural-keys';

describe('normalizeBuildingNo', () => {
  it.each([
    ['3', '3'],
    ['03栋', '3'],
    ['3号楼', '3'],
    ['三幢', '3'],
    ['第三栋', '3'],
    ['3座', '3'],
    ['3号', '3'],
    ['０３栋', '3'],
    ['十二栋', '12'],
    ['二十一号楼', '21'],
    ['A座', 'A'],
    ['A栋', 'A'],
    ['a栋', 'A'],
    ['ａ座', 'A'],
    ['A03', 'A3'],
    ['12a', '12A'],
    ['幸福小区03栋', '幸福小区3'],
    ['幸福小区3栋', '幸福小区3'],
    ['幸福小区a栋', '幸福小区A'],
    ['幸福小区三栋', '幸福小区3'],
    ['SOHO3号楼', 'SOHO3'],
    ['soho3栋', 'soho3'],
    ['科技大楼', '科技大楼'],
  ])('%s → %s', (raw, key) => expect(normalizeBuildingNo(raw)).toBe(key));

  it('gives 03栋, 3号楼, 三幢, 3 one key and A座, A栋, a栋 another', () => {
    expect(new Set(['03栋', '3号楼', '三幢', '3', '第3栋'].map(normalizeBuildingNo))).toEqual(new Set(['3']));
    expect(new Set(['A座', 'A栋', 'a栋'].map(normalizeBuildingNo))).toEqual(new Set(['A']));
  });

  it('splits the 小区 a street office writes before the number', () => {
    expect(parseBuildingNumber(normalizeAddress('幸福花园（一期）03栋'))).toEqual({ estate: '幸福花园(一期)', no: '3' });
    expect(parseBuildingNumber('3')).toEqual({ estate: '', no: '3' });
    expect(parseBuildingNumber('科技大楼')).toEqual({ estate: '科技大楼', no: '' });
    expect(formatBuildingNumber({ estate: '幸福小区', no: '3' })).toBe('幸福小区3');
  });
});

describe('normalizeUnit and normalizeRoom', () => {
  it.each([
    ['2单元', '2'],
    ['二单元', '2'],
    ['02', '2'],
    ['第2单元', '2'],
    ['a单元', 'A'],
    ['', ''],
  ])('unit %s → %s', (raw, key) => expect(normalizeUnit(raw)).toBe(key));

  it.each([
    ['501室', '501'],
    ['501号', '501'],
    ['0501', '501'],
    ['501', '501'],
    ['501a', '501A'],
    ['５０１室', '501'],
  ])('room %s → %s', (raw, key) => expect(normalizeRoom(raw)).toBe(key));

  it('reads Chinese numerals up to 99', () => {
    expect(chineseNumber('九十九')).toBe('99');
    expect(chineseNumber('幸福')).toBe('幸福');
  });
});
