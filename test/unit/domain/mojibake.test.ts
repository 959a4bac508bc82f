import { describe, expect, it } from 'vitest';
import { detectMojibake } from '../../../src/domain/mojibake';

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
