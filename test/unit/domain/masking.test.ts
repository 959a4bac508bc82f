import { describe, expect, it } from 'vitest';
import {
  maskAddress,
  maskBirthDate,
  maskFreeText,
  maskIdNumber,
  maskJsonDeep,
  maskMobile,
  maskName,
} from '../../../src/domain/masking';

describe('maskName (DOMAIN.md §6)', () => {
  it.each([
    ['张三', '张*'],
    ['张伟华', '张**'],
    ['欧阳娜娜', '欧阳**'],
    ['司马光', '司马*'],
    ['诸葛亮', '诸葛*'],
    ['欧阳', '欧*'],
    ['买买提·艾力', '买**·**'],
    ['张', '*'],
    ['', ''],
    [' 李四 ', '李*'],
    ['John Smith', 'J*** *****'],
  ])('%j → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskIdNumber('420102199003070010')).toBe('420102***********0');
    expect(maskIdNumber('11010519491231002x')).toBe('110105***********X');
    expect(maskIdNumber('420102900307001')).toBe('420102********1');
  });

  it('stars anything that is not an ID shape entirely', () => {
    expect(maskIdNumber('42010219900307001')).toBe('*****************');
    expect(maskIdNumber('E12345678')).toBe('*********');
  });
});

describe('maskMobile', () => {
  it.each(['13912345678', '+8613912345678', '+86 139-1234-5678', '１３９１２３４５６７８'])('%j → 139****5678', (m) => {
    expect(maskMobile(m)).toBe('139****5678');
  });

  it('masks landlines in the middle and short values entirely', () => {
    expect(maskMobile('027-82345678')).toBe('027****5678');
    expect(maskMobile('12345')).toBe('*****');
  });
});

describe('maskAddress (cut to building)', () => {
  it.each([
    ['幸福小区3栋2单元501', '幸福小区3栋'],
    ['武汉市江岸区幸福路12号3号楼2单元501室', '武汉市江岸区幸福路12号3号楼'],
    ['百步亭花园B幢1单元202', '百步亭花园B幢'],
    ['幸福小区三栋二单元', '幸福小区三栋'],
    ['幸福小区5#楼301', '幸福小区5#楼'],
    ['幸福小区2单元501', '幸福小区'],
    ['幸福小区501室', '幸福小区'],
    ['幸福小区3-2-501', '幸福小区3'],
    ['江岸区大智路12号', '江岸区大智路12号'],
  ])('%s → %s', (address, masked) => {
    expect(maskAddress(address)).toBe(masked);
  });
});

describe('maskBirthDate', () => {
  it.each([
    ['1990-03-07', '1990'],
    ['19900307', '1990'],
    ['1990/3/7', '1990'],
    ['1990年3月7日', '1990'],
    ['07/03/1990', '****'],
  ])('%s → %s', (d, masked) => {
    expect(maskBirthDate(d)).toBe(masked);
  });
});

describe('maskFreeText', () => {
  it('masks IDs and mobiles inside case text, leaves the rest', () => {
    expect(
      maskFreeText('居民张三（身份证420102199003070010）来电13912345678反映楼上漏水，另一号码+86 186-2700-0000。'),
    ).toBe('居民张三（身份证420102***********0）来电139****5678反映楼上漏水，另一号码186****0000。');
  });

  it('masks 15-digit IDs, x check characters and full-width digits', () => {
    expect(maskFreeText('旧证420102900307001')).toBe('旧证420102********1');
    expect(maskFreeText('证号11010519491231002x。')).toBe('证号110105***********X。');
    expect(maskFreeText('电话１３９１２３４５６７８')).toBe('电话139****5678');
  });

  it('leaves numbers that are not IDs or mobiles', () => {
    const text = '工单号 20240301000123456789，面积 120 平方米，电话 027-82345678，编码 12345678901';
    expect(maskFreeText(text)).toBe(text);
  });

  it('masks a mobile with spaces between groups', () => {
    expect(maskFreeText('联系 139 1234 5678 谢谢')).toBe('联系 139****5678 谢谢');
  });
});

describe('maskJsonDeep', () => {
  const payload = {
    姓名: '欧阳娜娜',
    xm: '张三',
    reporter_name: '李四',
    sfzh: '4201021990030700', // malformed: masked because of the key
    phone: 13912345678,
    addr: '幸福小区3栋2单元501',
    birthDate: '1990-03-07',
    orgName: '江岸区大智街道办事处',
    note: '来电人身份证420102199003070010，手机+86 186-2700-0000',
    nested: [{ contactName: '王五', text: '13912345678' }],
    names: { 联系人: ['赵六', '孙七'] },
    '420102199003070010': 'keyed by ID',
    count: 3,
    ok: true,
    none: null,
  };

  it('masks names, IDs, mobiles, addresses and birth dates anywhere', () => {
    expect(maskJsonDeep(payload)).toEqual({
      姓名: '欧阳**',
      xm: '张*',
      reporter_name: '李*',
      sfzh: '****************',
      phone: '139****5678',
      addr: '幸福小区3栋',
      birthDate: '1990',
      orgName: '江岸区大智街道办事处',
      note: '来电人身份证420102***********0，手机186****0000',
      nested: [{ contactName: '王*', text: '139****5678' }],
      names: { 联系人: ['赵*', '孙*'] },
      '420102***********0': 'keyed by ID',
      count: 3,
      ok: true,
      none: null,
    });
  });

  it('does not change its input', () => {
    const copy = structuredClone(payload);
    maskJsonDeep(payload);
    expect(payload).toEqual(copy);
  });

  it('accepts extra name keys', () => {
    expect(maskJsonDeep({ huzhu: '张三' })).toEqual({ huzhu: '张三' });
    expect(maskJsonDeep({ huzhu: '张三' }, { nameKeys: ['huzhu'] })).toEqual({ huzhu: '张*' });
  });

  it('masks a bare string or number', () => {
    expect(maskJsonDeep('13912345678')).toBe('139****5678');
    expect(maskJsonDeep(13912345678)).toBe('139****5678');
    expect(maskJsonDeep(42)).toBe(42);
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: '张三' };
    a.self = a;
    expect(maskJsonDeep(a)).toEqual({ name: '张*', self: '[Circular]' });
  });
});

describe('free-text masking leaves long codes that cannot be ID numbers readable', () => {
  it('keeps a 15-digit grid code whose date part is no date, masks a 15-digit legacy ID', () => {
    expect(maskFreeText('网格 420102002003001')).toBe('网格 420102002003001');
    expect(maskFreeText('旧证 420102900307001')).not.toContain('420102900307001');
    expect(maskFreeText('新证 420102199003070010')).toContain('420102***********0');
  });
});

describe('masking mistyped identifiers', () => {
  it('masks an 18-digit ID number even when its date is impossible', () => {
    expect(maskFreeText('证号 420117196313029655')).not.toContain('420117196313029655');
  });
  it('masks values under the write path’s person-reference keys', () => {
    const masked = JSON.stringify(maskJsonDeep({ personIdNumber: '420102199003070010', memberPersonId: 'x1234567' }));
    expect(masked).not.toContain('420102199003070010');
    expect(masked).not.toContain('x1234567');
  });
});
