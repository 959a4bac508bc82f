import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding } from '../../../../src/sdk/transports/files';
import { encodeGbk } from './gbk-encoder';

const TEXT = '姓名,公民身份号码\n张三,420102199003070010\n';
const utf8 = new TextEncoder().encode(TEXT);

describe('decodeText: BOM, then strict UTF-8, else GB18030', () => {
  it('reads UTF-8', () => {
    expect(decodeText(utf8)).toEqual({ text: TEXT, encoding: 'utf-8', lossy: false });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]);
    expect(detectEncoding(bytes)).toBe('utf-8-bom');
    expect(decodeText(bytes)).toEqual({ text: TEXT, encoding: 'utf-8-bom', lossy: false });
  });

  it('reads GB18030/GBK, which is not valid UTF-8', () => {
    const bytes = encodeGbk(TEXT);
    expect(detectEncoding(bytes)).toBe('gb18030');
    expect(decodeText(bytes)).toEqual({ text: TEXT, encoding: 'gb18030', lossy: false });
  });

  it('reads UTF-16 LE with a BOM (Excel "Unicode text")', () => {
    const body = Buffer.from(TEXT, 'utf16le');
    const bytes = Uint8Array.from([0xff, 0xfe, ...body]);
    expect(decodeText(bytes)).toMatchObject({ text: TEXT, encoding: 'utf-16le' });
  });

  it('honours a forced encoding, and marks undecodable bytes as lossy instead of throwing', () => {
    expect(decodeText(encodeGbk('张三'), 'gb18030').text).toBe('张三');
    const broken = decodeText(Uint8Array.from([0x41, 0xff, 0x42]), 'utf-8');
    expect(broken.lossy).toBe(true);
    expect(broken.text).toContain('\uFFFD');
  });

  it('treats pure ASCII as UTF-8', () => {
    expect(detectEncoding(new TextEncoder().encode('a,b\n1,2'))).toBe('utf-8');
  });
});
