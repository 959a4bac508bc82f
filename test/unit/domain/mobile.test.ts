import { describe, expect, it } from 'vitest';
import { parseMobile } from '../../../src/domain/mobile';

describe('parseMobile: DOMAIN.md §3 vectors', () => {
  it.each([
    ['13912345678', '13912345678'],
    ['+86 186-2700-0000', '18627000000'],
    ['17400312345', '17400312345'],
  ])('accepts %j as %s', (raw, national) => {
    expect(parseMobile(raw)).toEqual({ ok: true, national, e164: `+86${national}` });
  });

  it.each(['12345678901', '1380013800'])('rejects %s', (raw) => {
    expect(parseMobile(raw)).toMatchObject({ ok: false, reason: 'INVALID_MOBILE' });
  });
});

describe('parseMobile: decorations and prefixes', () => {
  it.each([
    '0086 139 1234 5678',
    '8613912345678',
    '+86(139)1234-5678',
    '139 1234 5678',
    '１３９１２３４５６７８',
    '＋８６ １３９－１２３４－５６７８',
    "'13912345678",
    '139—1234—5678',
    '（139）12345678',
  ])('normalises %j', (raw) => {
    expect(parseMobile(raw)).toMatchObject({ ok: true, national: '13912345678', e164: '+8613912345678' });
  });

  it.each([
    ['empty', ''],
    ['12 digits', '139123456789'],
    ['second digit 2', '12912345678'],
    ['landline', '027-82345678'],
    ['86 prefix leaving 10 digits', '861391234567'],
    ['letters', '1391234567a'],
  ])('rejects %s', (_label, raw) => {
    expect(parseMobile(raw)).toMatchObject({ ok: false, reason: 'INVALID_MOBILE' });
  });

  it('does not strip a bare 86 from an 11-digit number', () => {
    // 86xxxxxxxxx is not a mobile; stripping 86 would leave 9 digits, so it must not be misread
    expect(parseMobile('86139123456')).toMatchObject({ ok: false });
  });

  it('never puts the number into the message', () => {
    const r = parseMobile('12345678901');
    expect(!r.ok && r.message).not.toContain('12345678901');
  });
});

describe('parseMobile: numbers a spreadsheet wrote in scientific notation', () => {
  it.each(['1.38001E+10', '1.38001e+10', '1.3800138E10', '１.３８００１Ｅ＋１０', "'1.38001E+10"])('rejects %s as EXCEL_PRECISION_LOST', (raw) => {
    expect(parseMobile(raw)).toMatchObject({ ok: false, reason: 'EXCEL_PRECISION_LOST' });
  });

  it('keeps decorated and plain numbers valid, and other garbage INVALID_MOBILE', () => {
    expect(parseMobile('138.0013.8000')).toMatchObject({ ok: true, national: '13800138000' });
    expect(parseMobile('13800138000')).toMatchObject({ ok: true });
    expect(parseMobile('E+10')).toMatchObject({ ok: false, reason: 'INVALID_MOBILE' });
    const r = parseMobile('1.38001E+10');
    expect(!r.ok && r.message).not.toContain('38001');
  });
});
