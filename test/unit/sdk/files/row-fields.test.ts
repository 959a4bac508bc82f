import { describe, expect, it } from 'vitest';
import { RecordError } from '../../../../src/sdk';
import { assertReadableText, booleanCell, cell, enumCell, normalizeCode, numberCell, requiredCell } from '../../../../src/sdk/transports/files';

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof RecordError) return err.code;
    throw err;
  }
  return 'OK';
}

describe('row cells', () => {
  it('trims and drops the leading apostrophe; required cells must not be empty', () => {
    expect(cell({ a: " '0420 " }, 'a')).toBe('0420');
    expect(cell({}, 'a')).toBe('');
    expect(requiredCell({ a: ' x ' }, 'a')).toBe('x');
    expect(reason(() => requiredCell({ a: "  '" }, 'a'))).toBe('MISSING_FIELD');
  });

  it('normalises codes typed as text', () => {
    expect(normalizeCode("'４２０１０２ ００２")).toBe('420102002');
  });

  it('reads numbers stored as text, with units and separators; refuses others without quoting them', () => {
    expect(numberCell({ n: '89.5' }, 'n')).toBe(89.5);
    expect(numberCell({ n: '１０２.３㎡' }, 'n')).toBe(102.3);
    expect(numberCell({ n: "'1,234 平方米" }, 'n')).toBe(1234);
    expect(numberCell({ n: '5层' }, 'n', { integer: true })).toBe(5);
    expect(numberCell({ n: '' }, 'n')).toBeNull();
    expect(reason(() => numberCell({ n: '约九十' }, 'n'))).toBe('INVALID_VALUE');
    expect(reason(() => numberCell({ n: '5.5' }, 'n', { integer: true }))).toBe('INVALID_VALUE');
    try {
      numberCell({ n: '约九十' }, 'n');
    } catch (err) {
      expect((err as Error).message).not.toContain('约九十');
    }
  });

  it('reads yes/no words', () => {
    expect(['是', 'Y', 'TRUE', '1', '出租', '否', 'n', 'false', '0', '自住'].map((v) => booleanCell({ b: v }, 'b'))).toEqual([true, true, true, true, true, false, false, false, false, false]);
    expect(booleanCell({ b: '' }, 'b')).toBeNull();
    expect(reason(() => booleanCell({ b: '也许' }, 'b'))).toBe('INVALID_VALUE');
  });

  it('reads closed value sets after half-width and Simplified folding', () => {
    const values = { 户籍人口: 'R', 流动人口: 'F' } as const;
    expect(enumCell({ c: ' 流動人口 ' }, 'c', values)).toBe('F');
    expect(enumCell({ c: '' }, 'c', values)).toBeNull();
    expect(reason(() => enumCell({ c: '' }, 'c', values, { required: true }))).toBe('MISSING_FIELD');
    expect(reason(() => enumCell({ c: '常住人口' }, 'c', values))).toBe('INVALID_VALUE');
  });

  it('finds mis-decoded free text', () => {
    expect(reason(() => assertReadableText({ a: '武汉市江岸区', b: '锟斤拷' }, ['a', 'b']))).toBe('MOJIBAKE');
    expect(reason(() => assertReadableText({ a: '武汉市江岸区' }, ['a', 'missing']))).toBe('OK');
  });
});
