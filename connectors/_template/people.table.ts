import type { TableSchema } from '../../src/sdk/transports/files';

/** The export's columns under their canonical headers, with the other spellings exports use. */
export const PEOPLE_TABLE: TableSchema = {
  name: '人口 people',
  columns: [
    { name: '编号', aliases: ['序号', 'id'], required: true },
    { name: '姓名', aliases: ['name'], required: true },
    { name: '公民身份号码', aliases: ['身份证号', '身份证号码', '证件号码', 'id_number'], required: true },
    { name: '联系电话', aliases: ['手机', '手机号', '电话', 'mobile'] },
    { name: '户号', aliases: ['household_no'] },
    { name: '更新时间', aliases: ['updated_at'] },
  ],
};
