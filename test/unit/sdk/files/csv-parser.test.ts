import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv, type CsvItem } from '../../../../src/sdk/transports/files';

const rows = (text: string, delimiter?: ',' | '\t' | ';') => [...parseCsv(text, { delimiter })];

describe('parseCsv: RFC 4180', () => {
  it('splits records and fields, with the line each record starts on', () => {
    expect(rows('a,b,c\r\n1,2,3\r\n4,5,6')).toEqual<CsvItem[]>([
      { kind: 'row', line: 1, cells: ['a', 'b', 'c'] },
      { kind: 'row', line: 2, cells: ['1', '2', '3'] },
      { kind: 'row', line: 3, cells: ['4', '5', '6'] },
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, and counts physical lines', () => {
    const items = rows('名称,住所\n"甲,乙","说""好""的"\n"多\n行",x\r\ny,z\n');
    expect(items).toEqual([
      { kind: 'row', line: 1, cells: ['名称', '住所'] },
      { kind: 'row', line: 2, cells: ['甲,乙', '说"好"的'] },
      { kind: 'row', line: 3, cells: ['多\n行', 'x'] },
      { kind: 'row', line: 5, cells: ['y', 'z'] },
    ]);
  });

  it('handles LF, CRLF and lone CR, and no newline at the end', () => {
    expect(rows('a\rb\nc\r\nd').map((r) => (r.kind === 'row' ? [r.line, r.cells[0]] : null))).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(rows('a,,c,\n,,,')).toEqual([
      { kind: 'row', line: 1, cells: ['a', '', 'c', ''] },
      { kind: 'row', line: 2, cells: ['', '', '', ''] },
    ]);
  });

  it('is lenient with a quote inside an unquoted field and text after a closing quote', () => {
    expect(rows('5",a\n"a"b,c')).toEqual([
      { kind: 'row', line: 1, cells: ['5"', 'a'] },
      { kind: 'row', line: 2, cells: ['ab', 'c'] },
    ]);
  });

  it('reports a quoted field left open at the end of the file as an error item, after the good rows', () => {
    const items = rows('a,b\n1,2\n3,"unclosed\n4,5\n');
    expect(items.slice(0, 2).map((i) => i.kind)).toEqual(['row', 'row']);
    expect(items[2]).toMatchObject({ kind: 'error', line: 3, message: expect.stringContaining('not closed') });
    expect(items).toHaveLength(3);
  });

  it('detects tab and semicolon delimiters from the first line', () => {
    expect(detectDelimiter('a\tb\tc\n1,2\t3')).toBe('\t');
    expect(detectDelimiter('a;b;c\n')).toBe(';');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
    expect(detectDelimiter('abc')).toBe(',');
    expect(rows('a\tb\n1\t2')).toEqual([
      { kind: 'row', line: 1, cells: ['a', 'b'] },
      { kind: 'row', line: 2, cells: ['1', '2'] },
    ]);
  });
});
