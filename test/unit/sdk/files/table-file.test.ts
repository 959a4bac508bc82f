import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import {
  HeaderResolver,
  cellText,
  numberText,
  parseTable,
  readXlsxRows,
  tableFormatOf,
  tableMessages,
  unwrapExcelText,
  type TableSchema,
} from '../../../../src/sdk/transports/files';
import { encodeGbk } from './gbk-encoder';
import { parseCitizenId } from '../../../../src/domain/citizen-id';

const schema: TableSchema = {
  name: 'grids',
  columns: [
    { name: '网格编码', aliases: ['所属网格'], required: true },
    { name: '网格名称', required: true },
    { name: '社区名称' },
  ],
};
const resolver = new HeaderResolver(schema);
const looksLikeHeader = (cells: readonly string[]) => resolver.score(cells) >= 2;
const utf8 = (s: string) => new TextEncoder().encode(s);

function workbook(rows: unknown[][], setup?: (ws: XLSX.WorkSheet) => void): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  setup?.(ws);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

describe('parseTable: CSV', () => {
  it('skips a title row above the header and blank rows anywhere, keeping file line numbers', () => {
    const text = '大智街道网格信息表,,\n网格编码,网格名称,备注\n420102002001001,一网格,x\n,,\n420102002001002,二网格,\n,,\n\n';
    const table = parseTable('g.csv', utf8(text), 'csv', { isHeader: looksLikeHeader });
    expect(table.header).toEqual(['网格编码', '网格名称', '备注']);
    expect(table.headerLine).toBe(2);
    expect(table.lines).toEqual([
      { kind: 'row', line: 3, cells: ['420102002001001', '一网格', 'x'] },
      { kind: 'row', line: 5, cells: ['420102002001002', '二网格', ''] },
    ]);
  });

  it('decodes GB18030 and reports the encoding', () => {
    const table = parseTable('g.csv', encodeGbk('网格编码,网格名称\r\n420102002001001,一网格\r\n'), 'csv');
    expect(table.encoding).toBe('gb18030');
    expect(table.lines).toEqual([{ kind: 'row', line: 2, cells: ['420102002001001', '一网格'] }]);
  });

  it('unwraps ="…" digits-as-text cells', () => {
    expect(unwrapExcelText('="0420"')).toBe('0420');
    expect(unwrapExcelText("'0420")).toBe("'0420");
    const table = parseTable('g.csv', utf8('网格编码,网格名称\n="420102002001001",一网格\n'), 'csv');
    expect(table.lines[0]).toMatchObject({ cells: ['420102002001001', '一网格'] });
  });

  it('fails a row with more filled cells than the header (a shifted row) and an unclosed quote', () => {
    const table = parseTable('g.csv', utf8('网格编码,网格名称\n1,a,b\n2,b,\n3,"c\n'), 'csv');
    expect(table.lines).toEqual([
      { kind: 'failed', line: 2, reason: 'BAD_CSV', message: 'g.csv:2: the row has more cells than the header has columns', raw: ['1', 'a', 'b'] },
      { kind: 'row', line: 3, cells: ['2', 'b', ''] },
      { kind: 'failed', line: 4, reason: 'BAD_CSV', message: expect.stringContaining('not closed'), raw: '3,"c\n' },
    ]);
  });

  it('gives an empty file no header', () => {
    expect(parseTable('e.csv', utf8('\n\n'), 'csv')).toMatchObject({ header: [], headerLine: 0, lines: [] });
  });
});

describe('parseTable: XLSX', () => {
  it('reads cells as text: long digit strings, numbers, dates, booleans', () => {
    const bytes = workbook(
      [
        ['人口信息'],
        ['网格编码', '网格名称', '面积', '日期', '出租'],
        ['420102002001001', '一网格', 89.5, 45352, true],
        [],
        [420102002001002, '二网格', 120, null, false],
      ],
      (ws) => {
        ws.D3!.z = 'yyyy-mm-dd';
      },
    );
    const table = parseTable('g.xlsx', bytes, 'xlsx', { isHeader: looksLikeHeader });
    expect(table.encoding).toBeNull();
    expect(table.headerLine).toBe(2);
    expect(table.lines).toEqual([
      { kind: 'row', line: 3, cells: ['420102002001001', '一网格', '89.5', '2024-03-01', 'TRUE'] },
      { kind: 'row', line: 5, cells: ['420102002001002', '二网格', '120', '', 'FALSE'] },
    ]);
  });

  it('formats numbers of up to 15 digits without exponent, and longer ones as Excel shows them (their digits are lost)', () => {
    expect(numberText(13800138000)).toBe('13800138000');
    expect(numberText(420102750315123)).toBe('420102750315123');
    expect(numberText(999999999999999)).toBe('999999999999999');
    // more than 15 digits: what Excel kept (or the double nearest) is no value to pass on
    // biome-ignore lint/correctness/noPrecisionLoss: an 18-digit ID number that a double cannot hold is the case under test
    expect(numberText(420102199003070010)).toBe('4.20102E+17');
    expect(numberText(1234567890123456)).toBe('1.23457E+15');
    expect(numberText(-1e21)).toBe('-1E+21');
    expect(numberText(0.1)).toBe('0.1');
    expect(numberText(89.5)).toBe('89.5');
    expect(cellText({ t: 'n', v: 45352.5, z: 'yyyy-mm-dd hh:mm' })).toBe('2024-03-01 12:00:00');
    expect(cellText({ t: 'e', v: 42, w: '#N/A' })).toBe('#N/A');
    expect(cellText(undefined)).toBe('');
  });

  it('reads the first worksheet that holds cells', () => {
    const ws1 = XLSX.utils.aoa_to_sheet([]);
    const ws2 = XLSX.utils.aoa_to_sheet([['a'], ['b']]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws1, '空');
    XLSX.utils.book_append_sheet(wb, ws2, '数据');
    const table = readXlsxRows(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
    expect(table).toEqual({ sheet: '数据', rows: [{ line: 1, cells: ['a'] }, { line: 2, cells: ['b'] }] });
  });
});

describe('parseTable: JSON Lines', () => {
  it('uses the union of keys as the header, reads on past a bad line', () => {
    const text = '{"网格编码":"420102002001001","网格名称":"一网格"}\n\n{"网格编码": 9\n{"网格名称":"二网格","社区名称":null,"网格编码":420102002001002}\n[1,2]\n';
    const table = parseTable('g.jsonl', utf8(text), 'jsonl');
    expect(table.header).toEqual(['网格编码', '网格名称', '社区名称']);
    expect(table.lines).toEqual([
      { kind: 'row', line: 1, cells: ['420102002001001', '一网格', ''] },
      { kind: 'failed', line: 3, reason: 'BAD_JSON', message: 'g.jsonl:3: line 3 is not valid JSON', raw: '{"网格编码": 9' },
      { kind: 'row', line: 4, cells: ['420102002001002', '二网格', ''] },
      { kind: 'failed', line: 5, reason: 'BAD_JSON', message: 'g.jsonl:5: line 5 is JSON but not an object', raw: '[1,2]' },
    ]);
  });
});

describe('numbers that lost digits', () => {
  it('passes an 18-digit ID typed as a number on in scientific notation, whatever its format, so the ID parser rejects it', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['公民身份号码', '手机'],
      // 420102199003073123 rounded the way Excel stores it (15 digits): the rounded digits pass the check
      [420102199003073000, 13800138000],
      ['420102199003073123', 13900002222],
    ]);
    ws.A2!.z = '0';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'p');
    const table = parseTable('p.xlsx', new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer), 'xlsx');
    expect(table.lines).toEqual([
      { kind: 'row', line: 2, cells: ['4.20102E+17', '13800138000'] },
      { kind: 'row', line: 3, cells: ['420102199003073123', '13900002222'] },
    ]);
    expect(parseCitizenId('420102199003073000').ok).toBe(true); // the rounded digits: a person nobody is
    expect(parseCitizenId(table.lines[0]!.kind === 'row' ? table.lines[0]!.cells[0]! : '')).toMatchObject({ ok: false, reason: 'EXCEL_PRECISION_LOST' });
  });

  it('JSON Lines: an integer JSON.parse rounded becomes scientific notation, a safe one keeps its digits', () => {
    const table = parseTable('p.jsonl', utf8('{"id":420102199003070018,"grid":420102002001002}\n'), 'jsonl');
    expect(table.lines).toEqual([{ kind: 'row', line: 1, cells: ['4.20102E+17', '420102002001002'] }]);
  });
});

describe('tableMessages', () => {
  it('yields rows under canonical names with { file, line } and failures in file order', () => {
    const table = parseTable('g.csv', utf8('所属网格,网格名称,备注\n420102002001001,一网格,私\n1,"x\n'), 'csv');
    expect([...tableMessages(table, resolver)]).toEqual([
      { type: 'row', values: { 网格编码: '420102002001001', 网格名称: '一网格' }, position: { file: 'g.csv', line: 2 } },
      { type: 'failed', reason: 'BAD_CSV', message: expect.any(String), raw: '1,"x\n', position: { file: 'g.csv', line: 3 } },
    ]);
  });

  it('fails a file that lacks a required column as a whole: one SCHEMA_DRIFT message and no rows', () => {
    const table = parseTable('g.csv', utf8('标题\n网格号,网格名称,社区名称\n420102002001001,一网格,和平社区\n'), 'csv', { isHeader: looksLikeHeader });
    expect([...tableMessages(table, resolver)]).toEqual([
      {
        type: 'failed',
        reason: 'SCHEMA_DRIFT',
        message: 'g.csv: the header lacks required column(s) 网格编码; the file is not read',
        raw: { file: 'g.csv', header: ['网格号', '网格名称', '社区名称'], missing: ['网格编码'] },
        position: { file: 'g.csv', line: 2 },
      },
    ]);
  });
});

describe('tableFormatOf', () => {
  it('knows the table formats by extension', () => {
    expect(['a.csv', 'b.TSV', 'c.xlsx', 'd.xls', 'e.jsonl', 'f.ndjson', 'g.pdf'].map(tableFormatOf)).toEqual(['csv', 'csv', 'xlsx', 'xlsx', 'jsonl', 'jsonl', null]);
  });
});
