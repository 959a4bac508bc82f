import type { TableSchema } from '../../src/sdk/transports/files';

/**
 * The registry's columns (SOURCES.md S3), with the spellings other exports and JSON keys use.
 * 法定代表人 is deliberately not a column: the hub has no duty that needs a legal representative's
 * name, so it is left in the file like any extra column.
 */
export const REGISTRY_TABLE: TableSchema = {
  name: '社会组织 social organisations',
  columns: [
    { name: '统一社会信用代码', aliases: ['信用代码', '社会信用代码', '统一代码', 'uscc', 'credit_code'] },
    { name: '社会组织名称', aliases: ['名称', '组织名称', '单位名称', '社会组织全称', 'name'], required: true },
    { name: '社会组织类型', aliases: ['组织类型', '类型', '社会组织类别', 'type'], required: true },
    { name: '登记状态', aliases: ['状态', '登记状况', '存续状态', 'status'], required: true },
    { name: '登记管理机关', aliases: ['登记机关', '登记管理机构', 'registration_authority'] },
    { name: '业务主管单位', aliases: ['主管单位', '业务主管部门', 'supervisor'] },
    { name: '成立登记日期', aliases: ['成立日期', '登记日期', '成立时间', 'founded_on'] },
    { name: '住所', aliases: ['地址', '住所地址', '注册地址', 'address'] },
    { name: '活动地域', aliases: ['活动区域', '活动地区', 'area_code'] },
    { name: '备案编号', aliases: ['备案号', '备案证号', 'filing_no'] },
    { name: '曾用名', aliases: ['原名称', '曾用名称', 'former_names'] },
  ],
  // a registered organisation has a USCC, a filed community organisation a 备案编号
  requireOneOf: [['统一社会信用代码', '备案编号']],
};
