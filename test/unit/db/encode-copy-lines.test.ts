import { describe, expect, it } from 'vitest';
import { copyLine, encodeCopyLines } from '../../../src/db/copy-rows';

describe('encodeCopyLines', () => {
  it.each([
    ['no rows', []],
    ['ASCII', [copyLine(['a', 1, null]), copyLine(['b', 2, true])]],
    ['Chinese, tabs and newlines escaped', [copyLine(['张三', '朝阳区\t望京街道\n3号楼']), copyLine(['李四', '海淀'])]],
    ['surrogate pairs (four UTF-8 bytes each) and an empty row', [copyLine(['𠮷野家 😀😀😀']), '\n', copyLine(['é ü ß'])]],
  ])('gives the bytes of the rows joined: %s', (_name, lines) => {
    const encoded = encodeCopyLines(lines);
    expect(encoded.equals(Buffer.from(lines.join(''), 'utf8'))).toBe(true);
    expect(encoded.length).toBe(Buffer.byteLength(lines.join('')));
  });

  it('encodes a large batch of rows exactly', () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => copyLine([`R${i}`, i % 3 === 0 ? '王小明' : 'plain', i % 7 === 0 ? '🏠' : null]));
    expect(encodeCopyLines(lines).toString('utf8')).toBe(lines.join(''));
  });
});
