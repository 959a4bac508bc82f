import { describe, expect, it } from 'vitest';
import { maskAddress } from '../../../src/domain/masking';
import { asWritten, asWrittenLines, normalizeName } from '../../../src/domain/normalize';
import { optionalLabel, optionalLines, optionalText, requiredLabel, requiredName, requiredText } from '../../../src/ingest/write/natural-keys';
import type { HuijuError } from '../../../src/errors';

/** What "as written" keeps and removes (issue #13: names kept as written; normalise only match keys). */
describe('asWritten', () => {
  it('keeps full-width forms, Traditional characters, middle dots, inner and ideographic spaces, case', () => {
    for (const s of ['武汉市江岸区幸福社区志愿者协会（测）', '幸福社區志願者協會', '买买提・艾力', '买买提·艾力', '张\u3000三', 'Anna 李·Smith', 'ＡＢＣ物业', 'a  b']) {
      expect(asWritten(s)).toBe(s);
    }
  });

  it('trims outer whitespace of any kind', () => {
    expect(asWritten('\u3000 幸福社区（测）\u00A0 ')).toBe('幸福社区（测）');
  });

  it('drops control characters (NUL, C1), a BOM and zero-width spaces; a line break or tab reads as one space', () => {
    expect(asWritten('\uFEFF幸福\u0000社区\u0085')).toBe('幸福社区');
    expect(asWritten('幸福\u200B社区\u2060')).toBe('幸福社区');
    expect(asWritten('幸福社区\r\n第一网格')).toBe('幸福社区 第一网格');
    expect(asWritten('幸福社区\t\t网格')).toBe('幸福社区 网格');
    expect(asWritten('\u0001\u001F\u007F\u009F')).toBe('');
    // ZWJ belongs to the text (emoji sequences, some scripts)
    expect(asWritten('a\u200Db')).toBe('a\u200Db');
  });

  it("strips Excel's leading apostrophe only when it is the only one", () => {
    expect(asWritten("'张三")).toBe('张三');
    expect(asWritten(" ' 张三")).toBe('张三');
    expect(asWritten("'老旧小区'改造")).toBe("'老旧小区'改造");
    expect(asWritten('‘老旧小区’改造')).toBe('‘老旧小区’改造');
  });

  it('keeps line breaks in multi-line text, each as \\n', () => {
    expect(asWrittenLines('\r\n 楼道堆物\r\n请尽快处理\r\n\r\n')).toBe('楼道堆物\n请尽快处理');
    expect(asWrittenLines('第一行\r第二行\t完\u0000')).toBe('第一行\n第二行 完');
    expect(asWrittenLines("'一行")).toBe('一行');
  });
});

describe('write-path text fields', () => {
  const reason = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as HuijuError).code;
    }
    return null;
  };

  it('requiredName stores the name as written and keys its normalised form', () => {
    expect(requiredName(' 幸福社區志願者協會（测） ', 'name')).toEqual({ name: '幸福社區志願者協會（测）', nameNorm: '幸福社区志愿者协会(测)' });
    expect(requiredName('买买提・艾力', 'name')).toEqual({ name: '买买提・艾力', nameNorm: '买买提·艾力' });
    // every spelling has one key
    const spellings = ['张三', '張三', '张 三', '张\u3000三', ' 张\u3000三 '];
    expect(new Set(spellings.map((s) => requiredName(s, 'name').nameNorm))).toEqual(new Set(['张三']));
    // and is stored as written (the last differs from the one before only in outer spaces)
    expect(new Set(spellings.map((s) => requiredName(s, 'name').name)).size).toBe(spellings.length - 1);
  });

  it('requiredName rejects blanks and mis-decoded names', () => {
    expect(reason(() => requiredName(' \u3000\uFEFF', 'name'))).toBe('MISSING_FIELD');
    expect(reason(() => requiredName('锟斤拷', 'name'))).toBe('MOJIBAKE');
  });

  it('display text is as written; vocabulary values are normalised', () => {
    expect(requiredText(' 学雷锋志願服務（第３期） ', 'title')).toBe('学雷锋志願服務（第３期）');
    expect(optionalText('  ', 'address')).toBeUndefined();
    expect(optionalLines('第一行\r\n第二行', 'content')).toBe('第一行\n第二行');
    expect(requiredLabel('物業　管理', 'category')).toBe('物业 管理');
    expect(optionalLabel('維吾爾族', 'ethnicity')).toBe('维吾尔族');
    expect(reason(() => requiredText('\u0000', 'title'))).toBe('MISSING_FIELD');
    expect(reason(() => requiredLabel('', 'category'))).toBe('MISSING_FIELD');
  });

  it('normalizeName is what keys compare: unchanged by this change', () => {
    expect(normalizeName('幸福社區（测）')).toBe('幸福社区(测)');
    expect(normalizeName('Anna 李 · Smith')).toBe('Anna李·Smith');
  });
});

describe('maskAddress on addresses as written', () => {
  it('cuts full-width and Traditional addresses at the building, keeping the written text', () => {
    expect(maskAddress('幸福花園３棟２單元５０１')).toBe('幸福花園３棟');
    expect(maskAddress('幸福花园12號樓2单元501')).toBe('幸福花园12號樓');
    expect(maskAddress('幸福花园２單元５０１室')).toBe('幸福花园');
    expect(maskAddress('幸福花园３－２－５０１')).toBe('幸福花园３');
    expect(maskAddress('幸福小区3栋2单元501')).toBe('幸福小区3栋');
  });
});
