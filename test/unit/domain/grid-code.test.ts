import { describe, expect, it } from 'vitest';
import { formatGridCode, parseGridCode } from '../../../src/domain/grid-code';

describe('parseGridCode', () => {
  it('accepts 420102002003001 and splits it', () => {
    expect(parseGridCode('420102002003001')).toEqual({
      ok: true,
      code: '420102002003001',
      communityCode: '420102002003',
      seq: 1,
    });
  });

  it('accepts the highest sequence and full-width digits', () => {
    expect(parseGridCode('420102002003999')).toMatchObject({ ok: true, seq: 999 });
    expect(parseGridCode('４２０１０２００２００３０１２')).toMatchObject({ ok: true, seq: 12 });
  });

  it.each([
    ['sequence 000', '420102002003000'],
    ['14 digits', '42010200200300'],
    ['16 digits', '4201020020030011'],
    ['letters', '42010200200300A'],
    ['community segment 000 (a street, not a community)', '420102002000001'],
    ['street segment 000', '420102000003001'],
    ['empty', ''],
  ])('rejects %s', (_label, raw) => {
    expect(parseGridCode(raw)).toMatchObject({ ok: false, reason: 'INVALID_GRID_CODE' });
  });
});

describe('formatGridCode', () => {
  it('pads the sequence and round-trips through parseGridCode', () => {
    const code = formatGridCode('420102002003', 7);
    expect(code).toBe('420102002003007');
    expect(parseGridCode(code)).toMatchObject({ ok: true, communityCode: '420102002003', seq: 7 });
  });

  it.each([0, 1000, 1.5, -1])('throws on sequence %s', (seq) => {
    expect(() => formatGridCode('420102002003', seq)).toThrow(/sequence/);
  });

  it('throws when the community code is not community level', () => {
    expect(() => formatGridCode('420102002000', 1)).toThrow();
  });
});
