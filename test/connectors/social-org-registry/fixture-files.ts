/**
 * The social-org-registry fixtures (connectors/social-org-registry/fixtures/), as code.
 * `npx tsx test/connectors/social-org-registry/fixture-files.ts` writes them; fixtures.test.ts
 * checks the committed files still match. USCCs are synthetic, check characters computed (except
 * the pilot-style one, which fails its check on purpose).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csv } from '../street-office/fixture-files';

export const FIXTURE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../connectors/social-org-registry/fixtures');

const HEADER = ['统一社会信用代码', '社会组织名称', '社会组织类型', '登记状态', '登记管理机关', '业务主管单位', '法定代表人', '成立登记日期', '住所', '活动地域', '备案编号', '曾用名', '联系电话'];
const GARBLED = new TextDecoder('gbk').decode(new TextEncoder().encode('武汉市江岸区'));

/** The register (UTF-8 with BOM, CRLF): every type and status spelling, a former name, a pilot USCC, bad rows, blank trailing rows. */
export const REGISTER_CSV: string[][] = [
  HEADER,
  ['51420102MJ0001010Q', '江岸区志愿者协会', '社会团体', '正常', '江岸区民政局', '共青团武汉市江岸区委员会', '张三', '2015-06-01', '武汉市江岸区胜利街1号', '', '', '', '027-82771234'],
  ['52420102MJ00020211', '江岸区阳光养老服务中心', '民办非企业单位', '正常', '江岸区民政局', '江岸区民政局', '李四', '2018/3/5', '武汉市江岸区大智路2号', '', '', '江岸区阳光敬老院', ''],
  ['52420102MJ0003032C', '江岸区彩虹社工服务中心', '社会服务机构', '注销', '江岸区民政局', '无', '王五', '20160405', '武汉市江岸区黄浦大街3号', '', '', '', ''],
  ['53420102MJ0004043L', '武汉江岸慈善基金会', '基金会', '撤销', '武汉市民政局', '武汉市民政局', '赵六', '2012年8月8日', '武汉市江岸区沿江大道4号', '', '', '', ''],
  ['52420102MJ0001TGQX', '江岸区启明社会工作服务中心', '民非', '正常', '江岸区民政局', '江岸区民政局', '孙七', '2017-09-09', '武汉市江岸区台北路5号', '', '', '', ''],
  ['５１４２０１０２ＭＪ０００５０５４６', '江岸區書畫協會', '社會團體', '正常', '江岸區民政局', '江岸區文聯', '周八', '2016-01-01', '武漢市江岸區中山大道6號', '', '', '', ''],
  ['51420102MJ000O0000', '江岸区棋牌协会', '社会团体', '正常', '江岸区民政局', '江岸区体育局', '吴九', '2014-04-04', '武汉市江岸区7号', '', '', '', ''],
  ['52420102MJ0006065E', '', '社会服务机构', '正常', '江岸区民政局', '', '', '', '', '', '', '', ''],
  ['51420102MJ0007076W', '江岸区地方志研究会', '事业单位', '正常', '江岸区民政局', '江岸区档案馆', '', '', '', '', '', '', ''],
  ['52420102MJ00080875', '江岸区康乐服务中心', '民办非企业单位', '停业', '江岸区民政局', '江岸区民政局', '', '', '', '', '', '', ''],
  ['', '无代码的联谊会', '社会团体', '正常', '江岸区民政局', '', '', '', '', '', '', '', ''],
  ['51420102MJ0009098K', '江岸区摄影家协会', '社会团体', '正常', '江岸区民政局', '江岸区文联', '郑十', '2019-02-30', '武汉市江岸区8号', '', '', '', ''],
  ['53420102MJ0010101T', '江岸区助学基金会', '基金会', '正常', '江岸区民政局', '江岸区教育局', '冯一', '2020-10-10', GARBLED, '', '', '', ''],
  ['', '永和社区书画队', '社区社会组织', '正常', '大智街道办事处', '永和社区居民委员会', '陈二', '2023-05-01', '永和社区活动室', '420102002001', 'JA-DZ-BA-2023-001', '', ''],
  ['', '长青社区广场舞队', '社区社会组织', '正常', '大智街道办事处', '长青社区居民委员会', '褚三', '2023-06-01', '长青社区', '长青社区', 'JA-DZ-BA-2023-002', '', ''],
  ['', '', '', '', '', '', '', '', '', '', '', '', ''],
  ['', '', '', '', '', '', '', '', '', '', '', '', ''],
];

/** An export on an older template: the name column is called 机构 — schema drift. */
export const DRIFT_CSV: string[][] = [
  ['统一社会信用代码', '机构', '类型', '状态'],
  ['51420102MJ0001010Q', '江岸区志愿者协会', '社会团体', '正常'],
];

/** New registrations as JSON Lines: Chinese and English keys, a broken line, a line that is no object. */
export const UPDATES_JSONL: string[] = [
  JSON.stringify({ 统一社会信用代码: '51420102MJ0011112C', 社会组织名称: '江岸区青年创业促进会', 社会组织类型: '社会团体', 登记状态: '正常', 法定代表人: '卫四', 成立登记日期: '2024-05-20', 登记管理机关: '江岸区民政局' }),
  JSON.stringify({ uscc: '52420102MJ0012123L', name: '江岸区邻里互助服务中心', type: '社会服务机构', status: '正常', founded_on: '2024-05-21' }),
  '{"社会组织名称": "断行的组织", "登记状态": ',
  '[1, 2, 3]',
  JSON.stringify({ 备案编号: 'JA-DZ-BA-2024-001', 社会组织名称: '永和社区志愿服务队', 社会组织类型: '社区社会组织', 登记状态: '正常', 活动地域: null, 登记管理机关: '大智街道办事处' }),
  JSON.stringify({ 统一社会信用代码: '52420102MJ00131340', 社会组织名称: '江岸区乐龄服务中心', 社会组织类型: '民办非企业单位', 登记状态: '注销', 成立登记日期: '2021-03-03' }),
];

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Every fixture file: name and bytes. */
export function registryFixtureFiles(): { name: string; bytes: Uint8Array }[] {
  return [
    { name: '社会组织名录_20240101.csv', bytes: Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(csv(REGISTER_CSV, '\r\n'))]) },
    { name: '社会组织名录_20240301_旧模板.csv', bytes: utf8(csv(DRIFT_CSV)) },
    { name: '社会组织新登记_20240601.jsonl', bytes: utf8(`${UPDATES_JSONL.join('\n')}\n`) },
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const f of registryFixtureFiles()) writeFileSync(join(FIXTURE_DIR, f.name), f.bytes);
  console.log(`wrote ${registryFixtureFiles().length} files to ${FIXTURE_DIR}`);
}
