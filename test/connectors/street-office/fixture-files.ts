/**
 * The street-office fixtures (connectors/street-office/fixtures/), as code: each file's rows and
 * the messy detail it carries. `npx tsx test/connectors/street-office/fixture-files.ts` writes
 * them; fixtures.test.ts checks the committed files still match. Every ID number and mobile
 * here is synthetic (check digits computed).
 */
import * as XLSX from '@e965/xlsx';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeGbk } from '../../unit/sdk/files/gbk-encoder';

export const FIXTURE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../connectors/street-office/fixtures');

/** A CSV line from cells, quoting where RFC 4180 needs it. */
function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

export function csv(rows: readonly (readonly string[])[], eol = '\n'): string {
  return rows.map(csvLine).join(eol) + eol;
}

const BOM = [0xef, 0xbb, 0xbf];
const utf8 = (text: string) => new TextEncoder().encode(text);

/** 网格 — UTF-8 with BOM; an extra column; apostrophes, full-width digits, Traditional names; a lower-case-x and a bad worker ID; a worker by name + mobile only (李娜); a grid of another street (skipped, counted); a grid whose community is another street's (OUT_OF_SCOPE); blank trailing rows. */
export const GRIDS_CSV: string[][] = [
  ['网格编码', '网格名称', '社区代码', '社区名称', '网格员', '网格员电话', '网格员身份证号', '备注'],
  ['420102002001001', '永和社区第一网格', '420102002001', '永和社区', '张伟', '13912345678', '420102199003070010', ''],
  ['420102002001002', '永和社区第二网格', '', '永和社区', '李娜', '13900009999', '', '网格员证件待补'],
  ["'420102002002001", '長青社區第一網格', "'420102002002", '長青社區', '王芳', '+86 186-2700-0000', '420102200102030041', ''],
  ['４２０１０２００２００２００２', '长青社区第二网格', '４２０１０２００２００２', '长青社区', '赵磊', '13800138000', '42010219860606108x', ''],
  ['420102003001001', '越界网格', '420102003001', '其他社区', '', '', '', '一元街道的网格'],
  ['420102002001003', '错配社区的网格', '420102003003', '其他社区', '', '', '', '社区代码属一元街道'],
  ['', '', '', '', '', '', '', ''],
  ['', '', '', '', '', '', '', ''],
];

/** 房屋 — XLSX: a title row, numbers as numbers and as text (`'88`, `102.3㎡`), `一栋` for `1栋`, an extra PI column; a bad area, a missing 楼栋, a 14-digit grid code. */
export const DWELLINGS_XLSX: (string | number)[][] = [
  ['大智街道房屋信息表（测试数据）'],
  ['小区', '楼栋', '单元', '楼层', '房号', '建筑面积', '房屋用途', '是否出租', '所属网格', '产权人'],
  ['幸福里', '1栋', '1单元', 5, 501, 89.5, '住宅', '否', '420102002001001', '张某'],
  ['幸福里', '1栋', '1单元', 6, 601, '102.3㎡', '住宅', '是', '420102002001001', '王某'],
  ['幸福里', '一栋', '2单元', 3, 302, 75, '住宅', '否', '420102002001002', ''],
  ['长青苑', '3号楼', '', 2, 201, "'88", '商住', '出租', '420102002002001', ''],
  ['长青苑', '3号楼', '', 4, 401, '约九十', '住宅', '否', '420102002002001', ''],
  ['长青苑', '', '1单元', 1, 101, 60, '住宅', '否', '420102002002001', ''],
  ['长青苑', '5栋', '1单元', 1, 101, 60, '住宅', '否', '42010200200200', ''],
  ['', '', '', '', '', '', '', '', '', ''],
];

const RESIDENT_HEADER = ['姓名', '性别', '身份证号码', '民族', '手机号', '人口类别', '政治面貌', '户号', '与户主关系', '小区', '楼栋', '单元', '房号', '所属网格', '人员标签', '工作单位'];
const WRONG = new TextDecoder('gbk').decode(utf8('朋友'));

/** 人口, the newest export — GB18030, CRLF; aliases; every identifier and value problem S1 has. */
export const RESIDENTS_CSV: string[][] = [
  RESIDENT_HEADER,
  ['张伟', '男', '420102199003070010', '汉族', '13912345678', '户籍人口', '中共党员', "'4201020010001", '户主', '幸福里', '1栋', '1单元', '501', '420102002001001', '网格员', '大智街道办'],
  ['王秀兰', '女', '420102195505120024', '汉', "'13700001111", '户籍人口', '群众', "'4201020010001", '母亲', '幸福里', '1栋', '1单元', '501', '420102002001001', '独居老人、低保户', ''],
  ['陈建国', '男', '420102750315123', '汉族', '13800001234', '户籍人口', '中共预备党员', '4201020010002', '户主', '幸福里', '一栋', '2单元', '302', '420102002001002', '退役军人,志愿者', ''],
  ['李娟', '女', '42010219900808100x', '汉族', '１３６００００５６７８', '户籍人口', '共青团员', '4201020010002', '妻子', '幸福里', '一栋', '2单元', '302', '420102002001002', '志愿者;党员中心户', ''],
  ['周杰', '男', '４２０１０２１９８８０８０８００１９', '回', '13900002222', '流动人口', '群众', 'Ｌ２０２４０００１', '户主', '长青苑', '3号楼', '', '201', '420102002002001', '出租户|外来务工', ''],
  ['劉德華', '男', '420102198206110030', '漢族', '13900003333', '流動人口', '群眾', 'L20240002', '戶主', '長青苑', '3號樓', '', '201', '420102002002001', '', ''],
  ['赵敏', '女', '420102200102030044', '汉族', '', '户籍人口', '', '4201020020001', '户主', '长青苑', '5栋', '1单元', '101', '420102002002002', '高龄老人 ; 空巢老人', ''],
  ['孙强', '男', '420102200102030041', '汉族', '13900004444', '户籍人口', '群众', '4201020020002', '户主', '', '', '', '', '420102002002002', '', ''],
  ['钱多', '男', '420102199013010018', '汉族', '13900004445', '户籍人口', '群众', '4201020020002', '之子', '', '', '', '', '420102002002002', '', ''],
  ['吴刚', '男', '42010219700101005', '汉族', '13900004446', '户籍人口', '群众', '4201020020002', '之子', '', '', '', '', '420102002002002', '', ''],
  ['郑红', '女', '420102196509090066', '汉族', '12345678901', '户籍人口', '群众', '4201020020003', '户主', '', '', '', '', '420102002002002', '', ''],
  ['冯磊', '男', '420102199304050072', '汉族', '13900004447', '户籍人口', '群众', '', '户主', '', '', '', '', '420102002002002', '', ''],
  ['褚云', '女', '420102197707070087', '汉族', '13900005555', '常住人口', '群众', '4201020020005', '户主', '', '', '', '', '420102002002002', '', ''],
  ['卫东', '男', '420102197001010058', '汉族', '13900006666', '户籍人口', '群众', '4201020020006', WRONG, '', '', '', '', '420102002002002', '', ''],
  ['锟斤拷', '男', '420102198505200095', '汉族', '13900006667', '户籍人口', '群众', '4201020020007', '户主', '', '', '', '', '420102002002002', '', ''],
  ['沈阳', '男', '420102198001010116', '汉族', '13900007777', '户籍人口', '群众', '4201020030001', '户主', '幸福里', '2栋', '1单元', '101', '420102002001009', '', ''],
  ['韩梅', '女', '420102196001010125', '汉族', '13900008888', '户籍人口', '无党派人士', '4201020030002', '户主', '', '', '', '', '420102002002002', '', ''],
  ['', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
  ['', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
];

/** 人口, an older export (UTF-8): superseded by the newest one, never read. 何军 has moved out since. */
export const RESIDENTS_OLD_CSV: string[][] = [
  ['姓名', '性别', '证件号码', '民族', '联系方式', '人口类别', '政治面貌', '户号', '与户主关系', '小区', '楼栋', '单元', '房号', '网格编码', '人员标签'],
  ['张伟', '男', '420102199003070010', '汉族', '13912345678', '户籍人口', '中共党员', '4201020010001', '户主', '幸福里', '1栋', '1单元', '501', '420102002001001', ''],
  ['何军', '男', '420102199001010137', '汉族', '13911112222', '流动人口', '群众', 'L20230009', '户主', '长青苑', '3号楼', '', '201', '420102002002001', ''],
];

/** 人口 on an old template (UTF-8 with BOM): the ID column is called 身份證明, which no alias knows — schema drift. */
export const RESIDENTS_DRIFT_CSV: string[][] = [
  ['姓名', '性别', '身份證明', '民族', '手机', '人口类别', '户号'],
  ['张伟', '男', '420102199003070010', '汉族', '13912345678', '户籍人口', '4201020010001'],
];

/** 权责清单 — UTF-8; extra columns; every list type spelling; a Traditional name; full-width and apostrophe codes; bad rows. */
export const DUTY_ITEMS_CSV: string[][] = [
  ['序号', '事项编码', '事项名称', '清单类型', '职权类别', '实施依据', '责任单位', '备注'],
  ['1', "'DZ-QL-001", '辖区内最低生活保障申请受理', '权力清单', '行政确认', '《社会救助暂行办法》第十一条', '大智街道社会事务办公室', ''],
  ['2', 'DZ-ZR-001', '网格化服务管理', '责任', '其他', '《湖北省社会治理条例》', '大智街道网格化管理中心', ''],
  ['3', 'DZ-JB-001', '社區養老服務', '基本履职事项', '公共服务', '', '大智街道社会事务办公室', ''],
  ['4', 'DZ-PH-001', '配合开展征兵工作', '配合履职', '其他', '《中华人民共和国兵役法》', '大智街道武装部', ''],
  ['5', 'DZ-SH-001', '户外广告设置审批', '上级部门收回事项', '行政许可', '', '江岸区城市管理执法局', '已收回'],
  ['6', 'ＤＺ－ＱＬ－００２', '门前三包责任制落实检查', '权力', '行政检查', '', '大智街道城管执法中队', ''],
  ['7', 'DZ-XX-001', '临时交办事项', '临时任务', '', '', '大智街道党政办', ''],
  ['8', '', '缺少编码的事项', '权力', '', '', '', ''],
  ['9', 'DZ-ZR-002', '安全生产检查', '责任清单', '行政检查', '锟斤拷锟斤拷', '大智街道安监站', ''],
  ['', '', '', '', '', '', '', ''],
];

function xlsx(rows: (string | number)[][]): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '房屋');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}

/** A resident export as the street system writes it: GB18030, CRLF. */
export function residentsExport(rows: readonly (readonly string[])[]): Uint8Array {
  return encodeGbk(csv(rows, '\r\n'));
}

/** Every fixture file: name and bytes. */
export function streetOfficeFixtureFiles(): { name: string; bytes: Uint8Array }[] {
  const residents = residentsExport(RESIDENTS_CSV);
  return [
    { name: '网格_20240301.csv', bytes: Uint8Array.from([...BOM, ...utf8(csv(GRIDS_CSV))]) },
    { name: '房屋_20240301.xlsx', bytes: xlsx(DWELLINGS_XLSX) },
    { name: '人口_20240101.csv', bytes: utf8(csv(RESIDENTS_OLD_CSV)) },
    { name: '人口_20240215_旧模板.csv', bytes: Uint8Array.from([...BOM, ...utf8(csv(RESIDENTS_DRIFT_CSV))]) },
    { name: '人口_20240301.csv', bytes: residents },
    // the same export saved twice: skipped by content hash
    { name: '人口_20240301_副本.csv', bytes: residents },
    { name: '权责清单_20240301.csv', bytes: utf8(csv(DUTY_ITEMS_CSV)) },
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const f of streetOfficeFixtureFiles()) writeFileSync(join(FIXTURE_DIR, f.name), f.bytes);
  console.log(`wrote ${streetOfficeFixtureFiles().length} files to ${FIXTURE_DIR}`);
}
