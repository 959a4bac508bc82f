import { describe, expect, it } from 'vitest';
import { estateKey, estateSimilarity, numeralValue, parseEstateName } from '../../../src/domain/estate-name';

describe('numeralValue', () => {
  it.each([
    ['3', '3'],
    ['03', '3'],
    ['0', '0'],
    ['三', '3'],
    ['十', '10'],
    ['十二', '12'],
    ['二十', '20'],
    ['九十九', '99'],
    ['两', '2'],
    ['一〇', '10'],
    ['12345678901234567890', '12345678901234567890'],
  ])('%s → %s', (raw, value) => expect(numeralValue(raw)).toBe(value));

  it.each(['', 'A', '三百', '十十', '幸福'])('%s is no numeral up to 99', (raw) => expect(numeralValue(raw)).toBeNull());
});

describe('parseEstateName', () => {
  it.each([
    ['幸福花园', { key: '幸福花园', core: '幸福', type: '花园', section: '' }],
    ['幸福花园一期', { key: '幸福花园1期', core: '幸福', type: '花园', section: '1期' }],
    ['幸福花园（一期）', { key: '幸福花园1期', core: '幸福', type: '花园', section: '1期' }],
    ['幸福花园(第一期)', { key: '幸福花园1期', core: '幸福', type: '花园', section: '1期' }],
    ['幸福花园 1期', { key: '幸福花园1期', core: '幸福', type: '花园', section: '1期' }],
    ['幸福花園二期', { key: '幸福花园2期', core: '幸福', type: '花园', section: '2期' }],
    ['幸福花园东区二期', { key: '幸福花园2期东区', core: '幸福', type: '花园', section: '2期东区' }],
    ['幸福花园二期东区', { key: '幸福花园2期东区', core: '幸福', type: '花园', section: '2期东区' }],
    ['ｓｏｈｏ现代城', { key: 'SOHO现代城', core: 'SOHO现代', type: '城', section: '' }],
    ['幸福花园小区', { key: '幸福花园小区', core: '幸福', type: '花园小区', section: '' }],
    ['花园', { key: '花园', core: '花园', type: '', section: '' }],
    ['', { key: '', core: '', type: '', section: '' }],
  ])('%s', (raw, parts) => expect(parseEstateName(raw)).toEqual(parts));

  it('gives one key to the spellings of one name and different keys to the generic-word variants', () => {
    const one = ['幸福花园一期', '幸福花园（一期）', '幸福花园(第一期)', '幸福花園 第1期', '【幸福花园】一期', '幸福·花园1期'];
    expect(new Set(one.map(estateKey))).toEqual(new Set(['幸福花园1期']));
    expect(estateKey('幸福小区')).not.toBe(estateKey('幸福花园'));
    expect(estateKey('幸福花园')).not.toBe(estateKey('幸福花园一期'));
    expect(estateKey('幸福花园一期')).not.toBe(estateKey('幸福花园二期'));
  });
});

describe('estateSimilarity', () => {
  const sim = (a: string, b: string) => estateSimilarity(parseEstateName(a), parseEstateName(b));
  it('ranks the kinds of difference (the generic word, a section on one side, other names)', () => {
    expect(sim('幸福花园（一期）', '幸福花园第一期')).toBe(1);
    expect(sim('幸福小区', '幸福花园')).toBe(0.9);
    expect(sim('幸福苑', '幸福家园')).toBe(0.9);
    expect(sim('幸福花园', '幸福花园一期')).toBe(0.8);
    expect(sim('幸福小区', '幸福花园一期')).toBe(0.7);
    expect(sim('幸福花园一期', '幸福花园二期')).toBe(0);
    expect(sim('幸福花园东区', '幸福花园西区')).toBe(0);
    expect(sim('幸福小区', '安康小区')).toBe(0);
    expect(sim('幸福里', '幸福新里')).toBeLessThan(0.6);
    expect(sim('', '幸福小区')).toBe(0);
  });

  it('is symmetric', () => {
    const names = ['幸福小区', '幸福花园一期', '幸福家园', '幸福新村', '安康苑', '幸福'];
    for (const a of names) for (const b of names) expect(sim(a, b)).toBe(sim(b, a));
  });
});
