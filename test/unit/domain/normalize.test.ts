import { describe, expect, it } from 'vitest';
import {
  normalizeAddress,
  normalizeName,
  normalizeText,
  normalizeWhitespace,
  splitTags,
  stripLeadingApostrophe,
  toHalfWidth,
  toSimplified,
} from '../../../src/domain/normalize';

describe('toHalfWidth', () => {
  it('converts full-width digits, letters and punctuation (DOMAIN.md §4)', () => {
    expect(toHalfWidth('１２３')).toBe('123');
    expect(toHalfWidth('（')).toBe('(');
    expect(toHalfWidth('（３栋）')).toBe('(3栋)');
    expect(toHalfWidth('ＡＢｃ－＋，：；！？')).toBe('ABc-+,:;!?');
  });

  it('turns the ideographic space into a space and leaves CJK punctuation alone', () => {
    expect(toHalfWidth('张\u3000三')).toBe('张 三');
    expect(toHalfWidth('一、二。“三”【四】')).toBe('一、二。“三”【四】');
  });

  it('converts full-width currency signs', () => {
    expect(toHalfWidth('￥100')).toBe('¥100');
  });
});

describe('toSimplified', () => {
  it.each([
    ['黃石市', '黄石市'],
    ['武漢市', '武汉市'],
    ['張瑜', '张瑜'],
    ['江岸區大智街道社區居民委員會', '江岸区大智街道社区居民委员会'],
    ['襄陽市 荊州市 隨州市', '襄阳市 荆州市 随州市'],
  ])('%s → %s', (t, s) => {
    expect(toSimplified(t)).toBe(s);
  });

  it('leaves Simplified text unchanged', () => {
    const s = '武汉市江岸区百步亭花园 欧阳娜娜 张伟';
    expect(toSimplified(s)).toBe(s);
  });

  it('does not rewrite phrases (names and places keep their characters)', () => {
    expect(toSimplified('軟體')).toBe('软体');
  });

  it('accepts the tw and t variants', () => {
    expect(toSimplified('黃石市', 'tw')).toBe('黄石市');
    expect(toSimplified('黃石市', 't')).toBe('黄石市');
  });
});

describe('normalizeWhitespace / normalizeText', () => {
  it('collapses whitespace, trims, drops zero-width characters', () => {
    expect(normalizeWhitespace('  a \t\n b\u3000\u00a0c\u200b ')).toBe('a b c');
  });

  it('combines half-width, Simplified, trim and collapse', () => {
    expect(normalizeText('  武漢市　江岸區（１２３） ')).toBe('武汉市 江岸区(123)');
  });

  it('maps empty to empty', () => {
    expect(normalizeText('')).toBe('');
  });
});

describe('normalizeName', () => {
  it('removes inner spaces in Chinese names', () => {
    expect(normalizeName(' 张  三 ')).toBe('张三');
    expect(normalizeName('張\u3000瑜')).toBe('张瑜');
  });

  it('unifies middle-dot variants to ·', () => {
    for (const dot of ['·', '•', '．', '.', '・']) {
      expect(normalizeName(`买买提${dot}艾力`)).toBe('买买提·艾力');
    }
    expect(normalizeName('买买提 · 艾力')).toBe('买买提·艾力');
  });

  it('keeps one space between Latin words', () => {
    expect(normalizeName(' John   Smith ')).toBe('John Smith');
  });
});

describe('normalizeAddress', () => {
  it('removes spaces around CJK, keeps them between digits, unifies dashes', () => {
    expect(normalizeAddress('武漢市 江岸區 幸福小區 3 栋 2 单元 501')).toBe('武汉市江岸区幸福小区3栋2单元501');
    expect(normalizeAddress('幸福小区３—２—５０１')).toBe('幸福小区3-2-501');
    expect(normalizeAddress('幸福小区 3 2 501')).toBe('幸福小区3 2 501');
  });
});

describe('splitTags', () => {
  it('splits on every separator sources use and drops empties', () => {
    expect(splitTags('独居老人、低保户,退役军人，党员;志愿者；网格员|楼栋长  ｜ 信息员')).toEqual([
      '独居老人',
      '低保户',
      '退役军人',
      '党员',
      '志愿者',
      '网格员',
      '楼栋长',
      '信息员',
    ]);
    expect(splitTags(' 、,;| ')).toEqual([]);
    expect(splitTags('')).toEqual([]);
  });
});

describe('stripLeadingApostrophe', () => {
  it('removes the spreadsheet text prefix', () => {
    expect(stripLeadingApostrophe("'420102199003070010")).toBe('420102199003070010');
    expect(stripLeadingApostrophe(" '13912345678")).toBe('13912345678');
    expect(stripLeadingApostrophe('＇13912345678')).toBe('13912345678');
  });

  it('leaves inner apostrophes', () => {
    expect(stripLeadingApostrophe("O'Brien")).toBe("O'Brien");
  });
});
