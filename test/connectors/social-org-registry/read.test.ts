import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue, ReadMessage } from '../../../src/sdk';
import type { SocialOrgRecord } from '../../../connectors/social-org-registry/index';
import { readAll, registryConfig } from './support';

type RecordMessage = { type: 'record'; data: SocialOrgRecord; position: { file: string; line: number } };
const records = (messages: ReadMessage[]) => messages.filter((m) => m.type === 'record') as RecordMessage[];
const lastCursor = (messages: ReadMessage[]) => (messages.filter((m) => m.type === 'checkpoint').at(-1) as { cursor: JsonValue }).cursor;

describe('read(): the fixtures', () => {
  it('reads the register, reports the drifted file once, reads the JSON Lines on past bad lines, a checkpoint after each file', async () => {
    const messages = await readAll(registryConfig());
    expect(messages.map((m) => (m.type === 'failed' ? m.reason : m.type))).toEqual([
      ...Array(15).fill('record'),
      'checkpoint',
      'SCHEMA_DRIFT',
      'checkpoint',
      'record',
      'record',
      'BAD_JSON',
      'BAD_JSON',
      'record',
      'record',
      'checkpoint',
    ]);
    expect(messages[16]).toMatchObject({ message: expect.stringContaining('社会组织名称'), position: { file: '社会组织名录_20240301_旧模板.csv', line: 1 } });
    expect(messages.filter((m) => m.type === 'failed' && m.reason === 'BAD_JSON').map((m) => (m as unknown as { position: { line: number } }).position.line)).toEqual([3, 4]);
  });

  it('keeps only the known columns: the legal representative and the phone never leave the file', async () => {
    const rs = records(await readAll(registryConfig()));
    expect(rs[0]).toEqual({
      type: 'record',
      data: {
        exportedAt: '2024-01-01T00:00:00+08:00',
        row: {
          统一社会信用代码: '51420102MJ0001010Q',
          社会组织名称: '江岸区志愿者协会',
          社会组织类型: '社会团体',
          登记状态: '正常',
          登记管理机关: '江岸区民政局',
          业务主管单位: '共青团武汉市江岸区委员会',
          成立登记日期: '2015-06-01',
          住所: '武汉市江岸区胜利街1号',
          活动地域: '',
          备案编号: '',
          曾用名: '',
        },
      },
      position: { file: '社会组织名录_20240101.csv', line: 2 },
    });
    for (const r of rs) expect(Object.keys(r.data.row)).not.toContain('法定代表人');
    expect(JSON.stringify(rs)).not.toContain('张三');
  });

  it('reads English JSON keys through the built-in aliases', async () => {
    const rs = records(await readAll(registryConfig()));
    expect(rs.find((r) => r.position.file.endsWith('.jsonl') && r.position.line === 2)!.data.row).toMatchObject({
      统一社会信用代码: '52420102MJ0012123L',
      社会组织名称: '江岸区邻里互助服务中心',
      社会组织类型: '社会服务机构',
      登记状态: '正常',
      成立登记日期: '2024-05-21',
    });
  });

  it('keeps the names of the run out of the cursor, and resumes with nothing to read', async () => {
    const first = await readAll(registryConfig());
    const cursor = lastCursor(first) as { files: string[]; skipped: string[] };
    // the drifted file is set aside (read again if an alias for its header is configured)
    expect([cursor.files.length, cursor.skipped.length]).toEqual([2, 1]);
    expect(Object.keys(cursor).sort()).toEqual(['files', 'latest', 'skipped']);
    expect(await readAll(registryConfig(), lastCursor(first))).toEqual([]);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await readAll(registryConfig(), null, controller.signal)).toEqual([]);
  });
});

describe('read(): renamed organisations', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'huiju-s3-read-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const header = '统一社会信用代码,社会组织名称,社会组织类型,登记状态\n';

  it('gives a record the names its USCC had earlier in the run: older files, earlier rows, 曾用名', async () => {
    await writeFile(join(dir, 'a_20240101.csv'), `${header.trim()},曾用名\n51420102MJ0001010Q,江岸区志愿者协会,社会团体,正常,江岸区义工协会\n`);
    await writeFile(join(dir, 'b_20240601.csv'), `${header}51420102MJ0001010Q,江岸区志愿服务联合会,社会团体,正常\n51420102MJ0001010Q,江岸区志愿服务总会,社会团体,正常\n`);
    const run = records(await readAll(registryConfig({ path: dir })));
    expect(run.map((r) => r.data.knownNames)).toEqual([undefined, ['江岸区义工协会', '江岸区志愿者协会'], ['江岸区义工协会', '江岸区志愿者协会', '江岸区志愿服务联合会']]);
    // a later run starts afresh: the write path keeps the stored name as a former name itself
    const first = await readAll(registryConfig({ path: dir }));
    await writeFile(join(dir, 'c_20240901.csv'), `${header}51420102MJ0001010Q,江岸区志愿服务中心,社会团体,正常\n`);
    expect(records(await readAll(registryConfig({ path: dir }), lastCursor(first))).map((r) => r.data.knownNames)).toEqual([undefined]);
  });

  it('does not call a name in other characters (Traditional, full-width) a former name', async () => {
    await writeFile(join(dir, 'a_20240101.csv'), `${header}51420102MJ0001010Q,江岸區志願者協會,社会团体,正常\n51420102MJ0001010Q,江岸区志愿者协会,社会团体,正常\n`);
    expect(records(await readAll(registryConfig({ path: dir }))).map((r) => r.data.knownNames)).toEqual([undefined, undefined]);
  });
});
