import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskJsonDeep } from '../../../src/domain/masking';
import { isSealedValue, openSealedValues, sealRecordData } from '../../../src/kafka/sealed-fields';
import { createPiiVault } from '../../../src/pii/pii-vault';
import { defineConnector, defineStream } from '../../../src/sdk/connector';
import { checkPersonalFields, declaredValues, maskPersonalFields, replaceDeclaredValues, type PersonalFields } from '../../../src/sdk/personal-fields';

const GRID_ROW = {
  table: 'grids',
  street: '420102002000',
  row: {
    网格编码: '420102002003001',
    网格名称: '幸福里第一网格',
    社区名称: '幸福社区',
    网格员: '欧阳娜娜',
    网格员电话: '1391234567',
    网格员公民身份号码: '420102199003070010',
  },
};
/** How an ID number shows masked (its exact form is the masking policy's, not this file's). */
const ID = '420102199003070010';
const MASKED_ID = maskIdNumber(ID);
/** A valid all-digit USCC (both check characters hold) that is no valid ID number. */
const DIGIT_USCC = '524201021000000409';
const GRID_FIELDS: PersonalFields = { name: ['row.网格员'], mobile: ['row.网格员电话'], idNumber: ['row.网格员公民身份号码'] };

describe('maskPersonalFields', () => {
  it('masks each declared field by its kind and keeps the L1 fields readable', () => {
    expect(maskPersonalFields(GRID_ROW, GRID_FIELDS)).toEqual({
      ...GRID_ROW,
      row: { ...GRID_ROW.row, 网格员: '欧阳**', 网格员电话: '139****4567', 网格员公民身份号码: MASKED_ID },
    });
  });

  it('looks into arrays and nested objects, withholds L4 and below-building values, cuts addresses', () => {
    const fields: PersonalFields = {
      name: ['participants.name', 'organizer.contact'],
      mobile: ['participants.phone'],
      address: ['location.address'],
      l4: ['participants.is_party_member'],
      withheld: ['room'],
    };
    const masked = maskPersonalFields(
      {
        organizer: { name: '武汉市江岸区大智街道丹城社区居民委员会', uscc: DIGIT_USCC, contact: '李四' },
        participants: [
          { name: '张三', phone: 13912345678, is_party_member: true },
          { name: '买买提·艾力', phone: null, is_party_member: false },
        ],
        location: { address: '幸福小区3栋2单元501', grid_code: '420102002003001' },
        room: '501',
        note: '联系人身份证420102199003070010，电话13912345678',
      },
      fields,
    );
    expect(masked).toEqual({
      organizer: { name: '武汉市江岸区大智街道丹城社区居民委员会', uscc: DIGIT_USCC, contact: '李*' },
      participants: [
        { name: '张*', phone: '139****5678', is_party_member: '***' },
        { name: '买**·**', phone: null, is_party_member: '***' },
      ],
      location: { address: '幸福小区3栋', grid_code: '420102002003001' },
      room: '***',
      note: `联系人身份证${MASKED_ID}，电话139****5678`,
    });
  });

  it('keeps a valid all-digit USCC in an undeclared field, and still masks an ID number there', () => {
    const masked = maskPersonalFields({ code: DIGIT_USCC, other: ID, bad: '524201021000000408' }, {}) as Record<string, string>;
    expect(masked).toEqual({ code: DIGIT_USCC, other: MASKED_ID, bad: maskIdNumber('524201021000000408') });
  });

  it('supports `*` for any field name', () => {
    expect(maskPersonalFields({ contacts: { home: { phone: '13912345678' }, work: { phone: '13800001111' } } }, { mobile: ['contacts.*.phone'] })).toEqual({
      contacts: { home: { phone: '139****5678' }, work: { phone: '138****1111' } },
    });
  });

  it('masks the declared keys of an unparseable JSON line and name-like cells of a broken CSV row', () => {
    const line = '{"id": "p5", "id_number": "420102199003070010", "name": "孫七", "mobile": "139123';
    const masked = maskPersonalFields(line, { name: ['name'], idNumber: ['id_number'], mobile: ['mobile'] }) as string;
    expect(masked).not.toContain('孫七');
    expect(masked).not.toContain('420102199003070010');
    expect(masked).toContain('"name": "孫*"');
    const cells = maskPersonalFields(['张三', '420102199003070010', '13912345678', '420102002003001'], GRID_FIELDS);
    expect(cells).toEqual(['张*', MASKED_ID, '139****5678', '420102002003001']);
    expect(maskPersonalFields('张三,13912345678,幸福里', GRID_FIELDS)).toBe('张*,139****5678,幸**');
  });

  it('falls back to the key heuristics without a declaration, which keep organisation names readable', () => {
    const payload = { organizer: { name: '武汉市江岸区大智街道丹城社区居民委员会' }, participants: [{ name: '张三' }], 网格员: '李四', 网格员电话: '13912345678', 政治面貌: '中共党员' };
    expect(maskPersonalFields(payload, undefined)).toEqual(maskJsonDeep(payload));
    expect(maskJsonDeep(payload)).toEqual({ organizer: { name: '武汉市江岸区大智街道丹城社区居民委员会' }, participants: [{ name: '张*' }], 网格员: '李*', 网格员电话: '139****5678', 政治面貌: '***' });
  });

  it('does not change its input', () => {
    const input = structuredClone(GRID_ROW);
    maskPersonalFields(input, GRID_FIELDS);
    expect(input).toEqual(GRID_ROW);
  });
});

describe('declarations', () => {
  it('are checked when the connector is defined', () => {
    const stream = (personalFields: unknown) =>
      defineStream({ name: 's', description: 'd', primaryKey: ['id'], personalFields: personalFields as PersonalFields, read: async function* () {}, externalId: () => '', version: (_r, at) => at, map: () => [] });
    const connector = (personalFields: unknown) => defineConnector({ id: 'x', version: '1', displayName: 'x', description: 'x', config: undefined as never, check: async () => ({ ok: true }), streams: [stream(personalFields)] });
    expect(() => connector({ name: ['a.b'], l4: [] })).not.toThrow();
    expect(() => connector({ names: ['a'] })).toThrow(/not a kind/);
    expect(() => connector({ name: ['a..b'] })).toThrow(/empty path/);
    expect(() => connector({ name: ['a'], mobile: ['a'] })).toThrow(/declared as name and mobile/);
    expect(() => checkPersonalFields([] as never, 'here')).toThrow(/must be an object/);
  });

  it('give their clear values, for the conformance suite', () => {
    expect(declaredValues(GRID_ROW, GRID_FIELDS).map((v) => v.value).sort()).toEqual(['欧阳娜娜', '420102199003070010', '1391234567'].sort());
  });

  it('replace only the values of the asked kinds, sharing what they did not change', () => {
    const { value, replaced } = replaceDeclaredValues(GRID_ROW, GRID_FIELDS, ['mobile'], () => 'X');
    expect(replaced).toBe(1);
    expect((value as typeof GRID_ROW).row.网格员电话).toBe('X');
    expect((value as typeof GRID_ROW).row.网格员).toBe('欧阳娜娜');
    expect(GRID_ROW.row.网格员电话).toBe('1391234567');
  });
});

describe('sealed raw-topic values', () => {
  const vault = createPiiVault(randomBytes(32));

  it('seal declared ID numbers and mobiles (types kept) and open back to the same record', () => {
    const record = { ...GRID_ROW, row: { ...GRID_ROW.row }, extra: { phone: 13912345678 } };
    const sealed = sealRecordData(record, { ...GRID_FIELDS, mobile: ['row.网格员电话', 'extra.phone'] }, vault) as typeof record;
    const text = JSON.stringify(sealed);
    expect(text).not.toContain('420102199003070010');
    expect(text).not.toContain('13912345678');
    expect(isSealedValue(sealed.row.网格员公民身份号码)).toBe(true);
    expect(sealed.row.网格员).toBe('欧阳娜娜');
    expect(openSealedValues(JSON.parse(text), vault)).toEqual(record);
  });

  it('leave clear records (the old format) as they are, and fail on another key', () => {
    expect(openSealedValues(GRID_ROW, vault)).toBe(GRID_ROW);
    const sealed = sealRecordData(GRID_ROW, GRID_FIELDS, vault);
    expect(() => openSealedValues(sealed, createPiiVault(randomBytes(32)))).toThrow(/could not be decrypted/);
  });
});
