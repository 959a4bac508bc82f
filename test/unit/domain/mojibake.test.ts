import { describe, expect, it } from 'vitest';
import * as N from '../../../src/demo/names';
import { detectMojibake } from '../../../src/domain/mojibake';
import { encodeGbk } from '../sdk/files/gbk-encoder';

/** What a UTF-8 string looks like when a GBK reader opens it (the commonest mojibake in our sources). */
function utf8ReadAsGbk(s: string): string {
  return new TextDecoder('gbk').decode(new TextEncoder().encode(s));
}

describe('detectMojibake: positives', () => {
  it.each([
    ['U+FFFD', '张\uFFFD\uFFFD', 'U+FFFD'],
    ['锟斤拷', '锟斤拷锟斤拷', '锟斤拷'],
    ['烫烫烫', '地址：烫烫烫烫', '烫烫烫'],
    ['屯屯屯', '屯屯屯屯屯', '屯屯屯'],
    ['GBK read as Latin-1 (张三)', 'ÕÅÈý', 'GBK_AS_LATIN1'],
    ['UTF-8 read as Windows-1252 (张三)', 'å¼\u00a0ä¸‰', 'UTF8_AS_LATIN1'],
    ['UTF-8 read as Windows-1252, NBSP lost (张三)', 'å¼ ä¸‰', 'UTF8_AS_LATIN1'],
    ['UTF-8 read as Windows-1252 (测试)', 'æµ‹è¯•', 'UTF8_AS_LATIN1'],
    ['UTF-8 read as GBK (北京)', '鍖椾含', 'UTF8_AS_GBK'],
    ['UTF-8 read as GBK (测试)', '娴嬭瘯', 'UTF8_AS_GBK'],
    ['question marks for a name', '张??', 'QUESTION_MARKS'],
    ['question marks inside a place', '武汉市??区', 'QUESTION_MARKS'],
    ['garbled sentence from the seed article', '新要求和新向往??茖W定位各級治理平臺', 'QUESTION_MARKS'],
  ])('flags %s', (_label, text, pattern) => {
    expect(detectMojibake(text)).toEqual({ reason: 'MOJIBAKE', pattern });
  });

  it.each([
    '北京',
    '测试',
    '张伟',
    '李娜',
    '张三',
    '欧阳娜娜',
    '满意',
    '投诉',
    '网格员',
    '百步亭花园',
    '武汉市江岸区大智街道',
    '小区电梯坏了',
    '幸福小区3栋2单元501',
    '“红色物业”',
  ])('flags %s read with the wrong charset', (clean) => {
    const garbled = utf8ReadAsGbk(clean);
    expect(garbled).not.toBe(clean);
    expect(detectMojibake(garbled)?.reason).toBe('MOJIBAKE');
  });

  it('flags two distinct marker characters even without the structural check', () => {
    expect(detectMojibake('鍙鏄')).toMatchObject({ reason: 'MOJIBAKE' });
  });
});

describe('detectMojibake: negatives', () => {
  it.each([
    '',
    '武汉市江岸区大智街道',
    '张伟',
    '欧阳娜娜',
    '百步亭花园',
    '张瑜:以融合式党建答好基层治理“必答题”',
    '湖北省武汉市江岸区一元街道幸福社区居民委员会',
    '幸福小区3栋2单元501室',
    '买买提·艾力',
    '李娴',
    '李娴娴',
    '王涓涓',
    '宇宸',
    '黄冈市浠水县',
    '河南省濮阳市',
    '璇玑',
    '琛',
    '为什么还没修好??',
    '电梯又坏了??',
    '怎么办??',
    '请问几点开门??谢谢',
    'José García',
    'Hôtel Élysée',
    '温度25°C，湿度60%',
    '3×4=12',
    '等等……还有——',
    'Price: 5€',
    'What??',
    '…………',
    '————',
    '“”“”',
    '黃石市 武漢市 鄂州市 荊門市',
  ])('does not flag %j', (text) => {
    expect(detectMojibake(text)).toBeNull();
  });

  it('does not put the text into the finding', () => {
    const finding = detectMojibake('张三?? 13912345678');
    expect(finding).not.toBeNull();
    expect(JSON.stringify(finding)).not.toContain('13912345678');
    expect(JSON.stringify(finding)).not.toContain('张三');
  });
});

/**
 * Round-trip families, made by really encoding and mis-decoding text: the platform's own
 * decoders (gbk, windows-1252, utf-8) and the GBK encoder of the file tests.
 */
describe('detectMojibake: GBK ↔ UTF-8 round-trip families', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const latin1 = (b: Uint8Array) => Array.from(b, (x) => String.fromCharCode(x)).join('');
  const gbk = new TextDecoder('gbk');
  const cp1252 = new TextDecoder('windows-1252');
  const lostAsQ = (s: string) => s.replace(/\uFFFD/g, '?');
  const FAMILIES: Record<string, (s: string) => string> = {
    'UTF-8 read as GBK': (s) => gbk.decode(utf8(s)),
    'UTF-8 read as GBK, lost bytes saved as ?': (s) => lostAsQ(gbk.decode(utf8(s))),
    'GBK read as UTF-8': (s) => new TextDecoder('utf-8').decode(encodeGbk(s)),
    'GBK read as UTF-8, saved as ?': (s) => lostAsQ(new TextDecoder('utf-8').decode(encodeGbk(s))),
    'UTF-8 read as Latin-1': (s) => latin1(utf8(s)),
    'UTF-8 read as Windows-1252': (s) => cp1252.decode(utf8(s)),
    'UTF-8 read as Latin-1 twice': (s) => latin1(utf8(latin1(utf8(s)))),
    'GBK read as Latin-1': (s) => latin1(encodeGbk(s)),
    'GBK read as Windows-1252': (s) => cp1252.decode(encodeGbk(s)),
  };
  /** Real Chinese: names (common, compound surname, Traditional), addresses, a sentence with punctuation. */
  const CLEAN = ['张伟', '李娜', '王秀兰', '欧阳娜娜', '诸葛玲', '陈建国', '赵敏', '劉德華', '幸福里3栋2单元501', '武汉市江岸区大智街道永和社区', '长青苑3号楼', '他说：“楼道灯坏了。”', '（测）', '百步亭花园'];

  for (const [family, garble] of Object.entries(FAMILIES)) {
    it(`flags ${family}`, () => {
      const missed = CLEAN.map((c) => [c, garble(c)] as const).filter(([c, g]) => g !== c && detectMojibake(g) === null);
      expect(missed).toEqual([]);
    });
  }

  it('flags the punctuation variants of UTF-8 read as GBK, with U+FFFD and saved as ?', () => {
    for (const p of ['“', '”', '。', '，', '：', '（', '）', '、']) {
      const garbled = gbk.decode(utf8(`张三${p}`));
      expect(detectMojibake(garbled)).not.toBeNull();
      expect(detectMojibake(lostAsQ(garbled))).not.toBeNull();
    }
    for (const t of ['鈥?', '銆?', '锛?', '寮犱笁銆?', '鈥滅孩鑹茬墿涓氣€?']) expect(detectMojibake(t)).toMatchObject({ reason: 'MOJIBAKE' });
  });

  it('flags the Latin-1 double-decoded form and GBK bytes read as Latin-1 without accented letters', () => {
    expect(detectMojibake('Ã¤Â¸Â\u00ad')).not.toBeNull();
    expect(detectMojibake('½¯Ï«')).toMatchObject({ pattern: 'GBK_AS_LATIN1' });
    expect(detectMojibake('¬ǿ')).toMatchObject({ pattern: 'GBK_AS_UTF8' });
    expect(detectMojibake('????')).toMatchObject({ pattern: 'QUESTION_MARKS' });
  });

  it('does not flag real words of other scripts, symbols, or questions', () => {
    for (const t of ['Москва', 'Привет мир', 'Київ', 'αβγ', 'Αθήνα', 'Ελλάδα', 'Müßig', 'Straße', 'Zürich', 'Dvořák', 'Łódź', 'São Paulo', 'Ærø', 'Œuvre', 'İstanbul', '°C', '±5%', '½ 份', '«Ça»', '电梯坏了?', '几点开门?', '什么时候修好? 谢谢', '张三?', 'OK?', '¿Qué?']) {
      expect([t, detectMojibake(t)]).toEqual([t, null]);
    }
  });
});

/**
 * False positives on the demo's name lists (`src/demo/names.ts`): every surname with every
 * given-name character, and with every pair of one cohort's characters (every 7th, ~85 000),
 * Simplified and Traditional; estates, communities, streets and addresses. A false positive
 * dead-letters a resident, so the count must be 0.
 */
describe('detectMojibake: no false positive on the demo name lists', () => {
  it('flags none of the names, Traditional names and places', () => {
    const surnames = N.SURNAMES.map(([s]) => s);
    const lists = Object.values(N.GIVEN_NAME_CHARS).flatMap((c) => [c.M, c.F]) as readonly string[][];
    const names: string[] = [];
    for (const s of surnames) for (const g of new Set(lists.flat())) names.push(s + g);
    let k = 0;
    for (const s of surnames) for (const l of lists) for (const a of l) for (const b of l) if (k++ % 7 === 0) names.push(s + a + b);
    const traditional = names.map((n) => Array.from(n, (c) => N.TRADITIONAL_CHARS[c] ?? c).join(''));
    const places: string[] = [];
    for (const p of N.ESTATE_PREFIXES) for (const s of N.ESTATE_SUFFIXES) places.push(`武汉市江岸区解放大道100号${p}${s}3栋2单元501`, p + s);
    for (const a of N.COMMUNITY_NAME_FIRST) for (const b of N.COMMUNITY_NAME_SECOND) places.push(`${a}${b}社区`);
    for (const st of N.JIANGAN_STREETS) places.push(st.name, ...st.roads.map((r) => `${r}${st.seg}号`));
    const flagged = [...names, ...traditional, ...places].filter((t) => detectMojibake(t) !== null);
    expect(names.length).toBeGreaterThan(80_000);
    expect(flagged).toEqual([]);
  });
});
