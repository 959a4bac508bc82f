/**
 * Exports as street offices deliver them (issue #15, 4), on exports generated here: several
 * streets' exports in one shared folder, a district-wide grid file given to each street, grid
 * workers listed by name and mobile without an ID number — and what a stream skips counted in the
 * sync report and its `sync_run` row. Every ID number and mobile is synthetic.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_CONFIG } from '../../../connectors/street-office/conformance';
import { streetOfficeConnector, type StreetOfficeConfig } from '../../../connectors/street-office/index';
import { DEVELOPMENT_CALLER } from '../../../src/auth/caller';
import { citizenIdCheckChar } from '../../../src/domain/citizen-id';
import { createHubContext } from '../../../src/graphql/context';
import { createHubApolloServer } from '../../../src/graphql/server/apollo-server';
import type { ResolvedSource } from '../../../src/ingest/sync/resolve-source';
import { syncSource, type StreamSyncReport } from '../../../src/ingest/sync/run-sync';
import { createTestHub, type TestHub } from '../../support/test-hub';
import { csv, DUTY_ITEMS_CSV, FIXTURE_DIR, GRIDS_CSV, RESIDENTS_CSV, residentsExport } from './fixture-files';
import { context, readAll, type LogLine } from './support';

const utf8 = (s: string) => new TextEncoder().encode(s);
const RESIDENT_HEADER = RESIDENTS_CSV[0]!;

/** A synthetic 18-digit ID number of 江岸区 with its check character. */
function idNumber(birth: string, seq: number): string {
  const first17 = `420102${birth}${String(seq).padStart(3, '0')}`;
  return first17 + citizenIdCheckChar(first17);
}

/** A resident row (the fixture's header) of a household on a grid. */
function resident(name: string, id: string, mobile: string, householdNo: string, grid: string): string[] {
  return [name, '男', id, '汉族', mobile, '户籍人口', '群众', householdNo, '户主', '', '', '', '', grid, '', ''];
}

/** 一元街道 (420102003)'s resident export: 126 people on its own grids. */
function yiyuanResidents(n = 126): string[][] {
  return [RESIDENT_HEADER, ...Array.from({ length: n }, (_, i) => resident(`一元居民${i}`, idNumber('19800101', 200 + i), `139${String(10_000_000 + i)}`, `42010200300${String(i).padStart(2, '0')}`, '420102003001001'))];
}

const config = (path: string, extra: Partial<StreetOfficeConfig> = {}): StreetOfficeConfig => streetOfficeConnector.config.parse({ ...FIXTURE_CONFIG, path, ...extra });
const source = (id: string, cfg: StreetOfficeConfig): ResolvedSource => ({ id, connector: streetOfficeConnector, config: cfg, displayConfig: {}, scheduleMs: null, baseDir: cfg.path, allowPathsOutside: true });
const byStream = (reports: StreamSyncReport[]) => new Map(reports.map((r) => [r.stream, r]));

describe('a shared folder: several streets’ exports', () => {
  let hub: TestHub;
  let dir: string;
  beforeAll(async () => {
    hub = await createTestHub('pglite');
    dir = await mkdtemp(join(tmpdir(), 'huiju-s1-shared-'));
    // 大智街道's fixtures, and 一元街道's exports beside them — its resident export newer than 大智's
    await cp(FIXTURE_DIR, dir, { recursive: true });
    await writeFile(join(dir, '人口_20240305.csv'), residentsExport(yiyuanResidents()));
    // a duty list names no code: its title row names the street
    await writeFile(join(dir, '权责清单_20240310.csv'), utf8(csv([['一元街道权责清单'], ...DUTY_ITEMS_CSV])));
    // and its grid export, by file name and rows
    await writeFile(join(dir, '一元街道_网格_20240310.csv'), utf8(csv([GRIDS_CSV[0]!, ['420102003001001', '一元第一网格', '420102003001', '一元社区', '', '', '', '']])));
    await writeFile(join(dir, '说明.csv'), utf8('甲,乙\n1,2\n'));
  });
  afterAll(async () => {
    await hub?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('check(): says which files it reads and which it ignores, and why', async () => {
    const result = await streetOfficeConnector.check(context(config(dir)));
    expect(result.ok).toBe(true);
    const lines = (result as { message: string }).message.split('\n');
    expect(lines[0]).toBe(`11 export file(s) (CSV/XLSX) in ${dir}: 4 to read (unless applied before), 7 ignored`);
    expect(lines.slice(1).sort()).toEqual(
      [
        '  ignore  一元街道_网格_20240310.csv: another street’s export (420102003, by its rows’ grid codes): 1 row(s) skipped',
        '  ignore  人口_20240101.csv: superseded by 人口_20240301.csv',
        '  ignore  人口_20240215_旧模板.csv: not read, one SCHEMA_DRIFT dead letter: the header lacks required column(s) 公民身份号码; the file is not read',
        '  read    人口_20240301.csv (residents): the newest residents export',
        '  ignore  人口_20240301_副本.csv: a copy of 人口_20240301.csv',
        '  ignore  人口_20240305.csv: another street’s export (420102003, by its rows’ grid codes): 126 row(s) skipped',
        '  read    房屋_20240301.xlsx (dwellings): the newest dwellings export',
        '  ignore  权责清单_20240310.csv: another street’s export (一元街道, by its title row): 9 row(s) skipped',
        '  read    权责清单_20240301.csv (duty-items): the newest duty-items export',
        '  ignore  说明.csv: not an export: its header and name match no known table',
        '  read    网格_20240301.csv (grids): the newest grids export; 1 row(s) of other streets skipped',
      ].sort(),
    );
  });

  it('a sync reads the street’s own exports only: the conformance counts, the other street’s rows counted as skipped', async () => {
    const reports = byStream(await syncSource(hub, source('dazhi', config(dir))));
    // before: the 126 rows of 一元's newer export were read (UNRESOLVED_REFERENCE) and 大智's own superseded
    expect(reports.get('residents')).toMatchObject({ status: 'SUCCEEDED', read: 18, applied: 8, skipped: { OTHER_STREET: 126, SUPERSEDED_EXPORT: 2 } });
    expect(reports.get('residents')!.reasons.UNRESOLVED_REFERENCE ?? 0).toBe(0);
    expect(reports.get('duty-items')).toMatchObject({ read: 9, applied: 6, skipped: { OTHER_STREET: 9 } });
    expect(reports.get('grids')).toMatchObject({ read: 5, applied: 4, reasons: { OUT_OF_SCOPE: 1 }, skipped: { OTHER_STREET: 2 } });
    const runs = await hub.db.selectFrom('sync_run').select(['stream', 'skipped_reasons', 'records_read']).where('source_id', '=', 'dazhi').execute();
    expect(Object.fromEntries(runs.map((r) => [r.stream, r.skipped_reasons]))).toMatchObject({
      residents: { OTHER_STREET: 126, SUPERSEDED_EXPORT: 2 },
      'duty-items': { OTHER_STREET: 9 },
      grids: { OTHER_STREET: 2 },
      dwellings: {},
    });
    // 大智's people only: none of 一元's
    expect(await hub.db.selectFrom('person').select('id').where('name', 'like', '一元居民%').execute()).toEqual([]);
    // operators read the same counts through GraphQL (SyncRun.skippedByConnector, largest first)
    const server = createHubApolloServer(hub);
    await server.start();
    try {
      const response = await server.executeOperation(
        { query: '{ syncRuns(filter: { source: "dazhi" }, first: 10) { nodes { stream skippedByConnector { reason count } } } }' },
        { contextValue: createHubContext(hub, DEVELOPMENT_CALLER) },
      );
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      const body = response.body.singleResult;
      expect(body.errors).toBeUndefined();
      const byRun = Object.fromEntries((body.data as any).syncRuns.nodes.map((n: any) => [n.stream, n.skippedByConnector]));
      expect(byRun.residents).toEqual([
        { reason: 'OTHER_STREET', count: 126 },
        { reason: 'SUPERSEDED_EXPORT', count: 2 },
      ]);
      expect(byRun.dwellings).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('a second run finds nothing new: the other street’s files were set aside, not counted again', async () => {
    const reports = byStream(await syncSource(hub, source('dazhi', config(dir))));
    for (const r of reports.values()) {
      expect(r.read).toBe(0);
      expect(r.skipped).toEqual({});
    }
  });
});

describe('a configured file-name pattern', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'huiju-s1-pattern-'));
    // duty lists that name no street anywhere; the newer one is another street's
    await writeFile(join(dir, 'dz_权责清单_20240301.csv'), utf8(csv(DUTY_ITEMS_CSV)));
    await writeFile(join(dir, 'yy_权责清单_20240302.csv'), utf8(csv(DUTY_ITEMS_CSV.slice(0, 3))));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('without one, the newest export is read (nothing tells the streets apart); with one, only matching files', async () => {
    const before = await readAll('duty-items', config(dir));
    expect(before.filter((m) => m.type === 'record')).toHaveLength(2);
    const log: LogLine[] = [];
    const after = await readAll('duty-items', config(dir, { filePattern: 'dz_*' }), null, log);
    expect(after.filter((m) => m.type === 'record')).toHaveLength(9);
    expect(after.filter((m) => m.type === 'skipped')).toEqual([]);
    const check = (await streetOfficeConnector.check(context(config(dir, { filePattern: 'dz_*' })))) as { message: string };
    expect(check.message).toContain('ignore  yy_权责清单_20240302.csv: not matching filePattern dz_*');
    expect(check.message).toContain('read    dz_权责清单_20240301.csv (duty-items)');
  });

  it('is a file-name glob: a folder in it is a config error', () => {
    expect(streetOfficeConnector.config.safeParse({ path: '.', streetCode: '420102002', filePattern: 'a/*.csv' }).success).toBe(false);
    expect(streetOfficeConnector.config.safeParse({ path: '.', streetCode: '420102002', filePattern: '' }).success).toBe(false);
  });
});

describe('a district-wide grid file given to each street', () => {
  let hub: TestHub;
  let dir: string;
  const district = [
    GRIDS_CSV[0]!,
    ['420102002001001', '永和社区第一网格', '420102002001', '永和社区', '', '', '', ''],
    ['420102002002001', '长青社区第一网格', '420102002002', '长青社区', '', '', '', ''],
    ...Array.from({ length: 7 }, (_, i) => [`4201020030010${String(i + 1).padStart(2, '0')}`, `一元第${i + 1}网格`, '420102003001', '一元社区', '', '', '', '']),
    ...Array.from({ length: 5 }, (_, i) => [`4201020040010${String(i + 1).padStart(2, '0')}`, `车站第${i + 1}网格`, '420102004001', '车站社区', '', '', '', '']),
  ];
  beforeAll(async () => {
    hub = await createTestHub('pglite');
    dir = await mkdtemp(join(tmpdir(), 'huiju-s1-district-'));
    await writeFile(join(dir, '江岸区网格_20240301.csv'), utf8(csv(district)));
  });
  afterAll(async () => {
    await hub?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads the street’s own grids; the other streets’ rows are skipped and counted, not dead letters', async () => {
    const [grids] = await syncSource(hub, source('dazhi', config(dir)), { streams: ['grids'] });
    // before: read 14, applied 2, OUT_OF_SCOPE 12
    expect(grids).toMatchObject({ status: 'SUCCEEDED', read: 2, applied: 2, deadLetters: 0, reasons: {}, skipped: { OTHER_STREET: 12 } });
    expect(await hub.db.selectFrom('dead_letter').select('id').execute()).toEqual([]);
    expect((await hub.db.selectFrom('grid').select('code').orderBy('code').execute()).map((g) => g.code)).toEqual(['420102002001001', '420102002002001']);
    const [run] = await hub.db.selectFrom('sync_run').select(['skipped_reasons', 'dead_letters']).where('stream', '=', 'grids').execute();
    expect(run).toEqual({ skipped_reasons: { OTHER_STREET: 12 }, dead_letters: 0 });
  });
});

describe('grid workers listed by name and mobile, without an ID number', () => {
  let hub: TestHub;
  let dir: string;
  const known = { name: '林晓', id: idNumber('19850505', 11), mobile: '13622220001' };
  const twins = [idNumber('19900101', 21), idNumber('19900101', 33)];
  beforeAll(async () => {
    hub = await createTestHub('pglite');
    dir = await mkdtemp(join(tmpdir(), 'huiju-s1-workers-'));
    const grid = '420102002001001';
    await writeFile(
      join(dir, '网格_20240301.csv'),
      utf8(
        csv([
          GRIDS_CSV[0]!,
          // by ID number
          [grid, '一网格', '420102002001', '永和社区', '张伟', '13912345678', '420102199003070010', ''],
          // by name + mobile: one resident has them (written Traditional, the mobile decorated)
          ['420102002001002', '二网格', '420102002001', '永和社区', '林曉', '+86 136-2222-0001', '', ''],
          // by name + mobile: two residents have them
          ['420102002001003', '三网格', '420102002001', '永和社区', '高洁', '13622220002', '', ''],
          // by name + mobile: nobody has them
          ['420102002001004', '四网格', '420102002001', '永和社区', '马超', '13622220003', '', ''],
          // by name alone
          ['420102002001005', '五网格', '420102002001', '永和社区', '胡兵', '', '', ''],
          // no worker at all
          ['420102002001006', '六网格', '420102002001', '永和社区', '', '', '', ''],
        ]),
      ),
    );
    await writeFile(
      join(dir, '人口_20240301.csv'),
      residentsExport([
        RESIDENT_HEADER,
        resident(known.name, known.id, known.mobile, '4201020010101', grid),
        resident('高洁', twins[0]!, '13622220002', '4201020010102', grid),
        resident('高洁', twins[1]!, '13622220002', '4201020010103', grid),
      ]),
    );
  });
  afterAll(async () => {
    await hub?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('links a worker to the one known person with that name and mobile; counts the others as unlinked or skipped, never silently', async () => {
    const reports = byStream(await syncSource(hub, source('dazhi', config(dir))));
    expect(reports.get('residents')).toMatchObject({ read: 3, applied: 3 });
    // before: read 1 (the worker with an ID), the 4 others skipped silently
    expect(reports.get('grid-workers')).toMatchObject({ status: 'SUCCEEDED', read: 4, applied: 2, deadLetters: 2, reasons: { UNLINKED_PERSON: 2 }, skipped: { WORKER_NAME_ONLY: 1 } });
    const roles = await hub.db
      .selectFrom('staff_role')
      .innerJoin('person', 'person.id', 'staff_role.person_id')
      .innerJoin('grid', 'grid.id', 'staff_role.grid_id')
      .select(['person.name', 'grid.code'])
      .orderBy('grid.code')
      .execute();
    expect(roles).toEqual([
      { name: '张伟', code: '420102002001001' },
      { name: '林晓', code: '420102002001002' },
    ]);
    // no person was made from a name and a mobile: the 3 residents and the worker with an ID
    expect(await hub.db.selectFrom('person').select('id').execute()).toHaveLength(4);
    // the dead letters name neither the worker nor the mobile
    const letters = await hub.db.selectFrom('dead_letter').select(['reason_code', 'message', 'payload']).where('stream', '=', 'grid-workers').execute();
    expect(letters.map((l) => l.reason_code)).toEqual(['UNLINKED_PERSON', 'UNLINKED_PERSON']);
    const text = JSON.stringify(letters);
    for (const needle of ['高洁', '马超', '13622220002', '13622220003']) expect(text).not.toContain(needle);
    const [run] = await hub.db.selectFrom('sync_run').select(['skipped_reasons', 'dead_letters', 'records_read']).where('stream', '=', 'grid-workers').execute();
    expect(run).toEqual({ skipped_reasons: { WORKER_NAME_ONLY: 1 }, dead_letters: 2, records_read: 4 });
  });

  it('a later grid export of the linked worker changes nothing', async () => {
    const [again] = await syncSource(hub, source('dazhi', config(dir)), { streams: ['grid-workers'] });
    expect(again).toMatchObject({ read: 0 });
    expect(await hub.db.selectFrom('staff_role').select('id').execute()).toHaveLength(2);
  });
});
