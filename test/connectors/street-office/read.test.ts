import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue, ReadMessage } from '../../../src/sdk';
import type { StreetOfficeRecord } from '../../../connectors/street-office/index';
import { csv, FIXTURE_DIR, RESIDENTS_CSV, residentsExport } from './fixture-files';
import { context, fixtureConfig, readAll, stream, type LogLine } from './support';

const records = (messages: ReadMessage[]) => messages.filter((m) => m.type === 'record') as { type: 'record'; data: StreetOfficeRecord; position: { file: string; line: number } }[];
const lastCursor = (messages: ReadMessage[]) => (messages.filter((m) => m.type === 'checkpoint').at(-1) as { cursor: JsonValue }).cursor;

describe('read(): the fixtures', () => {
  it('grids: a UTF-8-with-BOM export, one record per non-blank row of the street, only known columns, then a checkpoint', async () => {
    const messages = await readAll('grids', fixtureConfig());
    // the grid of street 003 (line 6) is no record: skipped and counted
    expect(messages.map((m) => m.type)).toEqual(['record', 'record', 'record', 'record', 'record', 'skipped', 'checkpoint']);
    expect(messages.at(-2)).toEqual({ type: 'skipped', reason: 'OTHER_STREET', count: 1 });
    const [first] = records(messages);
    expect(first).toEqual({
      type: 'record',
      data: {
        table: 'grids',
        street: '420102002000',
        exportedAt: '2024-03-01T00:00:00+08:00',
        row: { 网格编码: '420102002001001', 网格名称: '永和社区第一网格', 社区代码: '420102002001', 社区名称: '永和社区', 网格员: '张伟', 网格员电话: '13912345678', 网格员公民身份号码: '420102199003070010' },
      },
      position: { file: '网格_20240301.csv', line: 2 },
    });
    // the extra 备注 column never travels; the blank trailing rows are no records
    expect(records(messages).every((r) => !('备注' in r.data.row))).toBe(true);
    expect(records(messages).map((r) => r.position.line)).toEqual([2, 3, 4, 5, 7]);
  });

  it('residents: the drifted export fails whole, the older one is superseded, the copy skipped, the newest (GB18030) read as a snapshot', async () => {
    const log: LogLine[] = [];
    const messages = await readAll('residents', fixtureConfig(), null, log);
    // the January export is superseded: its 2 rows counted as skipped, not read
    expect(messages.map((m) => m.type)).toEqual(['skipped', 'failed', 'checkpoint', 'snapshot-begin', ...Array(17).fill('record'), 'snapshot-end', 'checkpoint']);
    expect(messages.shift()).toEqual({ type: 'skipped', reason: 'SUPERSEDED_EXPORT', count: 2 });
    expect(messages[0]).toEqual({
      type: 'failed',
      reason: 'SCHEMA_DRIFT',
      message: '人口_20240215_旧模板.csv: the header lacks required column(s) 公民身份号码; the file is not read',
      raw: { file: '人口_20240215_旧模板.csv', header: ['姓名', '性别', '身份證明', '民族', '手机', '人口类别', '户号'], missing: ['公民身份号码'] },
      position: { file: '人口_20240215_旧模板.csv', line: 1 },
    });
    expect(messages[2]).toEqual({ type: 'snapshot-begin', scope: 'residents:420102002000:' });
    expect(messages.at(-2)).toEqual({ type: 'snapshot-end', scope: 'residents:420102002000:', asOf: '2024-03-01' });
    expect(log).toContainEqual(expect.objectContaining({ level: 'info', message: 'export superseded by a newer one: not read', fields: expect.objectContaining({ file: '人口_20240101.csv' }) }));
    const rs = records(messages);
    expect(new Set(rs.map((r) => r.position.file))).toEqual(new Set(['人口_20240301.csv']));
    // aliases resolved (身份证号码, 手机号, 所属网格), the extra 工作单位 column dropped, GB18030 decoded
    expect(rs[0]!.data.row).toEqual({
      姓名: '张伟',
      性别: '男',
      公民身份号码: '420102199003070010',
      民族: '汉族',
      联系电话: '13912345678',
      人口类别: '户籍人口',
      政治面貌: '中共党员',
      户号: "'4201020010001",
      与户主关系: '户主',
      小区: '幸福里',
      楼栋: '1栋',
      单元: '1单元',
      房号: '501',
      网格编码: '420102002001001',
      人员标签: '网格员',
    });
    expect(rs[5]!.data.row.姓名).toBe('劉德華');
    // a line number is the file's: the header is line 1, CRLF line ends
    expect(rs.map((r) => r.position.line)).toEqual(Array.from({ length: 17 }, (_, i) => i + 2));
  });

  it('dwellings: an XLSX export with a title row above the header', async () => {
    const rs = records(await readAll('dwellings', fixtureConfig()));
    expect(rs).toHaveLength(7);
    expect(rs[0]).toMatchObject({
      data: { row: { 小区: '幸福里', 楼栋: '1栋', 单元: '1单元', 楼层: '5', 房号: '501', 建筑面积: '89.5', 房屋用途: '住宅', 是否出租: '否', 网格编码: '420102002001001' } },
      position: { file: '房屋_20240301.xlsx', line: 3 },
    });
    // the owner's name (产权人) is not a known column: it never leaves the file
    expect(rs.every((r) => !('产权人' in r.data.row))).toBe(true);
  });

  it('grid-workers: the grid rows naming a worker by ID number, or by name + mobile', async () => {
    const rs = records(await readAll('grid-workers', fixtureConfig()));
    expect(rs.map((r) => r.position.line)).toEqual([2, 3, 4, 5]);
  });

  it('resumes after the last checkpoint with nothing to read, and from an earlier one with what followed it', async () => {
    const first = await readAll('residents', fixtureConfig());
    expect(await readAll('residents', fixtureConfig(), lastCursor(first))).toEqual([]);
    const afterDrift = (first[2] as { cursor: JsonValue }).cursor;
    const again = await readAll('residents', fixtureConfig(), afterDrift);
    // the superseded January export was recorded as done by that checkpoint: not counted again
    expect(again.map((m) => m.type)).toEqual(['snapshot-begin', ...Array(17).fill('record'), 'snapshot-end', 'checkpoint']);
    expect(lastCursor(again)).toEqual(lastCursor(first));
  });

  it('checkpoints only grow: applied exports (read or superseded), and files set aside (other tables, drifted)', async () => {
    const cursors = (await readAll('residents', fixtureConfig())).filter((m) => m.type === 'checkpoint').map((m) => (m as unknown as { cursor: { files: string[]; skipped: string[] } }).cursor);
    // the superseded January export and the drifted one, then the March export
    expect(cursors.map((c) => [c.files.length, c.skipped.length])).toEqual([
      [1, 4],
      [2, 4],
    ]);
    expect(cursors[1]!.files).toEqual(expect.arrayContaining(cursors[0]!.files));
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const out: ReadMessage[] = [];
    for await (const m of stream('residents').read(context(fixtureConfig(), controller.signal), null)) out.push(m);
    expect(out).toEqual([]);
  });
});

describe('read(): folders that go wrong', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'huiju-s1-read-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const config = () => fixtureConfig({ path: dir });
  const utf8 = (s: string) => new TextEncoder().encode(s);

  it('leaves a file of no known table to no stream, with a warning', async () => {
    await writeFile(join(dir, 'misc.csv'), utf8('甲,乙\n1,2\n'));
    const log: LogLine[] = [];
    for (const name of ['grids', 'grid-workers', 'dwellings', 'residents', 'duty-items']) {
      const messages = await readAll(name, config(), null, name === 'grids' ? log : []);
      // set aside in the cursor, so it is not parsed again on every run
      expect(messages.map((m) => m.type)).toEqual(['checkpoint']);
      expect(await readAll(name, config(), lastCursor(messages))).toEqual([]);
    }
    expect(log.filter((l) => l.level === 'warn')).toEqual([expect.objectContaining({ fields: { file: 'misc.csv' } })]);
  });

  it('tells a drifted file by its name when the header says too little; the grid-workers stream leaves the report to grids', async () => {
    await writeFile(join(dir, '网格_20240301.csv'), utf8('编号,名字\n1,2\n'));
    expect((await readAll('grids', config())).map((m) => m.type === 'failed' && m.reason)).toEqual(['SCHEMA_DRIFT', false]);
    expect((await readAll('grid-workers', config())).map((m) => m.type)).toEqual(['checkpoint']);
  });

  it('reads a drifted export again once an alias for its header is configured', async () => {
    await writeFile(join(dir, '网格_20240301.csv'), utf8('网格号,网格名称\n420102002001001,一网格\n'));
    const first = await readAll('grids', config());
    expect(first.map((m) => (m.type === 'failed' ? m.reason : m.type))).toEqual(['SCHEMA_DRIFT', 'checkpoint']);
    expect(await readAll('grids', config(), lastCursor(first))).toEqual([]);
    const fixed = await readAll('grids', fixtureConfig({ path: dir, headerAliases: { 网格编码: ['网格号'] } }), lastCursor(first));
    expect(records(fixed).map((r) => r.data.row)).toEqual([{ 网格编码: '420102002001001', 网格名称: '一网格' }]);
  });

  it('reports a workbook that cannot be read at all', async () => {
    await writeFile(join(dir, '房屋_20240301.xlsx'), Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]));
    const messages = await readAll('dwellings', config());
    expect(messages[0]).toMatchObject({ type: 'failed', reason: 'UNREADABLE_FILE', position: { file: '房屋_20240301.xlsx', line: 0 } });
    expect(messages.map((m) => m.type)).toEqual(['failed', 'checkpoint']);
  });

  it('supersedes an export older than the newest applied, without reading it', async () => {
    await writeFile(join(dir, '人口_20240301.csv'), residentsExport(RESIDENTS_CSV));
    const first = await readAll('residents', config());
    await writeFile(join(dir, '人口_20240201.csv'), residentsExport(RESIDENTS_CSV.slice(0, 3)));
    const late = await readAll('residents', config(), lastCursor(first));
    expect(late).toEqual([{ type: 'skipped', reason: 'SUPERSEDED_EXPORT', count: 2 }, expect.objectContaining({ type: 'checkpoint' })]);
    expect((lastCursor(late) as { latest: string }).latest).toBe('2024-03-01T00:00:00+08:00');
  });

  it('reads an export equal in content to an earlier one when its name says it is newer', async () => {
    await writeFile(join(dir, '人口_20240301.csv'), residentsExport(RESIDENTS_CSV));
    const first = await readAll('residents', config());
    await writeFile(join(dir, '人口_20240501.csv'), residentsExport(RESIDENTS_CSV));
    const may = await readAll('residents', config(), lastCursor(first));
    expect(records(may)).toHaveLength(17);
    expect(records(may)[0]!.data.exportedAt).toBe('2024-05-01T00:00:00+08:00');
  });

  it('takes header aliases from the config, and finds a header below a title row', async () => {
    const rows = [['大智街道实有人口表'], ['居民姓名', '居民证件', '类别', '户编号'], ['张伟', '420102199003070010', '户籍人口', 'H1']];
    await writeFile(join(dir, 'export.csv'), utf8(csv(rows)));
    expect(records(await readAll('residents', config()))).toEqual([]);
    const withAliases = fixtureConfig({ path: dir, headerAliases: { 公民身份号码: ['居民证件'], 人口类别: ['类别'] } });
    const rs = records(await readAll('residents', withAliases));
    expect(rs).toEqual([expect.objectContaining({ data: expect.objectContaining({ row: { 姓名: '张伟', 公民身份号码: '420102199003070010', 人口类别: '户籍人口', 户号: 'H1' } }), position: { file: 'export.csv', line: 3 } })]);
    // no date in the name: the modification time is the export time
    expect(rs[0]!.data.exportedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  });

  it('reads a GB18030 file as forced, and a whole fixture folder copy the same way', async () => {
    await cp(FIXTURE_DIR, dir, { recursive: true });
    const forced = records(await readAll('residents', fixtureConfig({ path: dir, encoding: 'gb18030' })));
    expect(forced[0]!.data.row.姓名).toBe('张伟');
  });
});
