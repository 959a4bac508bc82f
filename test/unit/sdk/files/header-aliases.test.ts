import { describe, expect, it } from 'vitest';
import { HeaderResolver, normalizeHeader, rowValues, type TableSchema } from '../../../../src/sdk/transports/files';

const residents: TableSchema = {
  name: 'residents',
  columns: [
    { name: '姓名', required: true },
    { name: '公民身份号码', aliases: ['身份证号', '身份证号码', '证件号码'], required: true },
    { name: '联系电话', aliases: ['手机', '手机号', '联系方式'] },
    { name: '人口类别', required: true },
    { name: '网格编码', aliases: ['所属网格'] },
  ],
};

describe('normalizeHeader', () => {
  it('compares half-width, Simplified, without spaces, markers or a trailing colon', () => {
    expect(normalizeHeader(' 公民身份號碼 ')).toBe('公民身份号码');
    expect(normalizeHeader('*姓　名')).toBe('姓名');
    expect(normalizeHeader('联系电话：')).toBe('联系电话');
    expect(normalizeHeader('人口类别（户籍人口/流动人口）')).toBe('人口类别(户籍人口/流动人口)');
    expect(normalizeHeader('\uFEFFUSCC')).toBe('uscc');
  });
});

describe('HeaderResolver', () => {
  it('maps aliases to canonical columns and ignores extra columns', () => {
    const match = new HeaderResolver(residents).resolve(['姓名', '身份证号码', '手机', '人口类别', '所属网格', '备注']);
    expect(Object.fromEntries(match.columns)).toEqual({ 姓名: [0], 公民身份号码: [1], 联系电话: [2], 人口类别: [3], 网格编码: [4] });
    expect(match.missing).toEqual([]);
    expect(match.ignored).toEqual(['备注']);
  });

  it('matches a header with a parenthetical hint, and Traditional spellings', () => {
    const match = new HeaderResolver(residents).resolve(['姓名', '證件號碼', '人口类别(户籍人口/流动人口)']);
    expect([...match.columns.keys()]).toEqual(['姓名', '公民身份号码', '人口类别']);
  });

  it('reports required columns the header lacks (schema drift)', () => {
    expect(new HeaderResolver(residents).resolve(['姓名', '手机', '人口类别']).missing).toEqual(['公民身份号码']);
  });

  it('checks one-of groups', () => {
    const schema: TableSchema = { name: 'orgs', columns: [{ name: '统一社会信用代码' }, { name: '备案编号' }, { name: '社会组织名称', required: true }], requireOneOf: [['统一社会信用代码', '备案编号']] };
    expect(new HeaderResolver(schema).resolve(['社会组织名称', '备案编号']).missing).toEqual([]);
    expect(new HeaderResolver(schema).resolve(['社会组织名称']).missing).toEqual(['统一社会信用代码 / 备案编号']);
  });

  it('takes extra aliases from config, over the built-in ones, and ignores aliases of unknown columns', () => {
    const resolver = new HeaderResolver(residents, { 公民身份号码: ['居民身份证'], 联系电话: ['证件号码'], 不存在: ['姓名'] });
    const match = resolver.resolve(['姓名', '居民身份证', '证件号码', '人口类别']);
    expect(Object.fromEntries(match.columns)).toEqual({ 姓名: [0], 公民身份号码: [1], 联系电话: [2], 人口类别: [3] });
  });

  it('scores how many columns of the table a header names', () => {
    const resolver = new HeaderResolver(residents);
    expect(resolver.score(['姓名', '身份证号', '身份证号码', 'x'])).toBe(2);
    expect(resolver.score(['网格名称'])).toBe(0);
  });
});

describe('rowValues', () => {
  it('keeps known columns only; a column carried twice takes the canonical cell, else the first non-empty one', () => {
    const match = new HeaderResolver(residents).resolve(['手机', '姓名', '联系电话', '备注', '身份证号']);
    expect(rowValues(match, ['13900000000', '张三', '', '私人备注', "'420102199003070010"])).toEqual({
      联系电话: '13900000000',
      姓名: '张三',
      公民身份号码: "'420102199003070010",
    });
    expect(rowValues(match, ['13900000000', '张三', '13911111111'])).toMatchObject({ 联系电话: '13911111111', 公民身份号码: '' });
  });
});
