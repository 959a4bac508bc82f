/**
 * An encoding mismatch is named as such (#15): a GB18030 export declared `encoding: utf-8` is one
 * `ENCODING_MISMATCH` failure naming the declared encoding, the likely one and the setting — not
 * `SCHEMA_DRIFT` over a header of U+FFFD.
 */
import { describe, expect, it } from 'vitest';
import { decodeText, encodingMismatch, HeaderResolver, parseTable, schemaDriftMessage, tableMessages } from '../../../../src/sdk/transports/files';
import { encodeGbk } from './gbk-encoder';

const TEXT = '姓名,公民身份号码\n张三,420102199003070010\n';
const gbk = encodeGbk(TEXT);
const utf8 = new TextEncoder().encode(TEXT);
const resolver = new HeaderResolver({
  name: '人口 residents',
  columns: [
    { name: '姓名', required: true },
    { name: '公民身份号码', required: true },
  ],
});

describe('encodingMismatch', () => {
  it('GB18030 bytes declared UTF-8: likely GB18030', () => {
    expect(encodingMismatch(gbk, 'utf-8')).toEqual({ declared: 'utf-8', likely: 'gb18030' });
    expect(decodeText(gbk, 'utf-8')).toMatchObject({ lossy: true, mismatch: { declared: 'utf-8', likely: 'gb18030' } });
  });

  it('UTF-8 bytes declared GB18030: likely UTF-8 (read as GB18030 they are mojibake, not U+FFFD)', () => {
    expect(encodingMismatch(utf8, 'gb18030')).toEqual({ declared: 'gb18030', likely: 'utf-8' });
    expect(encodingMismatch(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]), 'gb18030')).toEqual({ declared: 'gb18030', likely: 'utf-8-bom' });
  });

  it('none when the declaration fits, for ASCII, with auto, and for bytes corrupt in every encoding', () => {
    expect(encodingMismatch(utf8, 'utf-8')).toBeNull();
    expect(encodingMismatch(gbk, 'gb18030')).toBeNull();
    expect(encodingMismatch(new TextEncoder().encode('name,id\nx,1\n'), 'gb18030')).toBeNull();
    expect(encodingMismatch(gbk, 'auto')).toBeNull();
    expect(decodeText(utf8, 'utf-8').mismatch).toBeUndefined();
    // 0x80 alone is neither UTF-8 nor a GB18030 lead byte followed by a trail
    expect(encodingMismatch(Uint8Array.from([0x61, 0xff, 0x80]), 'utf-8')).toBeNull();
  });
});

describe('a table file in another encoding than declared', () => {
  it('is one ENCODING_MISMATCH failure naming the declared and the likely encoding and the setting', () => {
    const table = parseTable('人口_20240301.csv', gbk, 'csv', { encoding: 'utf-8' });
    expect(table.encodingMismatch).toEqual({ declared: 'utf-8', likely: 'gb18030' });
    const messages = [...tableMessages(table, resolver)];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      type: 'failed',
      reason: 'ENCODING_MISMATCH',
      raw: { file: '人口_20240301.csv', declared: 'utf-8', likely: 'gb18030' },
      message: "人口_20240301.csv: not UTF-8 as declared (encoding: utf-8); it reads cleanly as GB18030 (GBK, GB2312) — set encoding: gb18030 (or auto) in the source's config",
    });
  });

  it("a connector's own drift report of such a file (schemaDriftMessage) names the encoding too", () => {
    const table = parseTable('人口_20240301.csv', gbk, 'csv', { encoding: 'utf-8' });
    const missing = resolver.resolve(table.header).missing;
    expect(missing.length).toBeGreaterThan(0);
    expect(schemaDriftMessage(table, missing)).toMatchObject({ reason: 'ENCODING_MISMATCH', message: expect.stringContaining('set encoding: gb18030') });
  });

  it('read as declared or detected, the same bytes give their rows', () => {
    for (const encoding of ['gb18030', 'auto'] as const) {
      const table = parseTable('人口.csv', gbk, 'csv', { encoding });
      expect(table.encodingMismatch).toBeUndefined();
      expect([...tableMessages(table, resolver)]).toEqual([{ type: 'row', values: { 姓名: '张三', 公民身份号码: '420102199003070010' }, position: { file: '人口.csv', line: 2 } }]);
    }
  });

  it('JSON Lines declared GB18030 but written in UTF-8', () => {
    const table = parseTable('orgs.jsonl', new TextEncoder().encode('{"名称":"大智社区"}\n'), 'jsonl', { encoding: 'gb18030' });
    expect(table.encodingMismatch).toEqual({ declared: 'gb18030', likely: 'utf-8' });
  });
});
