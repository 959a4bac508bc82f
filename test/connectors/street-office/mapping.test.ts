import { beforeAll, describe, expect, it } from 'vitest';
import { change, RecordError, reference, type CanonicalChange } from '../../../src/sdk';
import type { StreetOfficeRecord } from '../../../connectors/street-office/index';
import { fixtureConfig, readAll, stream } from './support';

/** The fixture records of a stream by file line. */
async function recordsByLine(name: string): Promise<Map<number, StreetOfficeRecord>> {
  const out = new Map<number, StreetOfficeRecord>();
  for (const m of await readAll(name, fixtureConfig())) if (m.type === 'record') out.set((m.position as { line: number }).line, m.data as StreetOfficeRecord);
  return out;
}

const config = fixtureConfig();
const map = (name: string, r: StreetOfficeRecord): CanonicalChange[] => stream(name).map(r, { config, sourceId: 'dazhi' });
function reasonOf(name: string, r: StreetOfficeRecord): string {
  try {
    map(name, r);
  } catch (err) {
    if (err instanceof RecordError) return err.code;
    throw err;
  }
  return 'OK';
}
const record = (table: StreetOfficeRecord['table'], row: Record<string, string>): StreetOfficeRecord => ({ table, street: '420102002000', exportedAt: '2024-03-01T00:00:00+08:00', row });

const FRAME = [
  reference('adminArea', { code: '420000000000', name: '湖北省', level: 'province', parentCode: null, isTest: true }),
  reference('adminArea', { code: '420100000000', name: '武汉市', level: 'city', parentCode: '420000000000', isTest: true }),
  reference('adminArea', { code: '420102000000', name: '江岸区', level: 'district', parentCode: '420100000000', isTest: true }),
  reference('adminArea', { code: '420102002000', name: '大智街道', level: 'street', parentCode: '420102000000', isTest: true }),
];

describe('grids', () => {
  let rows: Map<number, StreetOfficeRecord>;
  beforeAll(async () => {
    rows = await recordsByLine('grids');
  });

  it('maps a grid, its community under the street, and the configured frame', () => {
    expect(map('grids', rows.get(2)!)).toEqual([
      change('grid', { code: '420102002001001', name: '永和社区第一网格', communityCode: '420102002001' }),
      change('adminArea', { code: '420102002001', name: '永和社区', level: 'community', parentCode: '420102002000', isTest: true }),
      ...FRAME,
    ]);
  });

  it('derives the community from the grid code when 社区代码 is empty', () => {
    expect(map('grids', rows.get(3)!)[0]).toEqual(change('grid', { code: '420102002001002', name: '永和社区第二网格', communityCode: '420102002001' }));
  });

  it('strips leading apostrophes and passes Traditional names on (the write path simplifies them)', () => {
    expect(map('grids', rows.get(4)!).slice(0, 2)).toEqual([
      change('grid', { code: '420102002002001', name: '長青社區第一網格', communityCode: '420102002002' }),
      change('adminArea', { code: '420102002002', name: '長青社區', level: 'community', parentCode: '420102002000', isTest: true }),
    ]);
  });

  it('passes a full-width grid code on as given, and derives a half-width community code from it', () => {
    expect(map('grids', rows.get(5)!)[0]).toEqual(change('grid', { code: '４２０１０２００２００２００２', name: '长青社区第二网格', communityCode: '420102002002' }));
  });

  it('refuses a grid whose community is another street’s (OUT_OF_SCOPE); a grid of another street is no record', () => {
    expect(reasonOf('grids', rows.get(7)!)).toBe('OUT_OF_SCOPE');
    expect(rows.has(6)).toBe(false);
  });

  it('writes no frame when the config names none', () => {
    const bare = fixtureConfig({ streetName: undefined, parentAreas: [] });
    expect(stream('grids').map(rows.get(2)!, { config: bare, sourceId: 'x' })).toHaveLength(2);
  });

  it('needs a grid code and a name', () => {
    expect(reasonOf('grids', record('grids', { 网格编码: '', 网格名称: 'x' }))).toBe('MISSING_FIELD');
    expect(reasonOf('grids', record('grids', { 网格编码: '420102002001003', 网格名称: ' ' }))).toBe('MISSING_FIELD');
  });

  it('keys grids by code, versions them by the export time', () => {
    expect(stream('grids').externalId(rows.get(5)!)).toBe('grids:420102002002002');
    expect(stream('grids').version(rows.get(5)!, '2030-01-01T00:00:00Z')).toBe('2024-03-01T00:00:00+08:00');
  });
});

describe('grid-workers', () => {
  let rows: Map<number, StreetOfficeRecord>;
  beforeAll(async () => {
    rows = await recordsByLine('grid-workers');
  });

  it('maps the worker to a person and a GRID_WORKER role on the grid', () => {
    expect(map('grid-workers', rows.get(2)!)).toEqual([
      change('person', { idNumber: '420102199003070010', name: '张伟', mobile: '13912345678' }),
      change('staffRole', { personIdNumber: '420102199003070010', role: 'GRID_WORKER', scope: 'GRID', gridCode: '420102002001001' }),
    ]);
  });

  it('passes a lower-case x and a decorated mobile on as given (the write path normalises them)', () => {
    expect(map('grid-workers', rows.get(5)!)[0]).toEqual(change('person', { idNumber: '42010219860606108x', name: '赵磊', mobile: '13800138000' }));
    expect(map('grid-workers', rows.get(4)!)[0]).toEqual(change('person', { idNumber: '420102200102030041', name: '王芳', mobile: '+86 186-2700-0000' }));
  });

  it('keys a worker by grid and a digest of the ID number, never the number', () => {
    const id = stream('grid-workers').externalId(rows.get(2)!);
    expect(id).toMatch(/^grid-workers:420102002001001:[0-9a-f]{8}$/);
    expect(id).not.toContain('420102199003070010');
  });

  it('maps a worker without an ID number to a role whose person is named by name + mobile, keyed by a digest of them', () => {
    expect(map('grid-workers', rows.get(3)!)).toEqual([
      change('staffRole', { person: { name: '李娜', mobile: '13900009999' }, role: 'GRID_WORKER', scope: 'GRID', gridCode: '420102002001002' }),
    ]);
    const id = stream('grid-workers').externalId(rows.get(3)!);
    expect(id).toMatch(/^grid-workers:420102002001002:m[0-9a-f]{8}$/);
    expect(id).not.toContain('13900009999');
  });
});

describe('dwellings', () => {
  let rows: Map<number, StreetOfficeRecord>;
  beforeAll(async () => {
    rows = await recordsByLine('dwellings');
  });

  it('maps a building (小区 + 楼栋 in the grid’s community) and a dwelling, numbers read from the workbook', () => {
    const building = { communityCode: '420102002001', buildingNo: '幸福里1栋' };
    expect(map('dwellings', rows.get(3)!)).toEqual([
      reference('building', { ...building, gridCode: '420102002001001', address: '幸福里1栋' }),
      change('dwelling', { building, unit: '1单元', room: '501', gridCode: '420102002001001', floor: 5, areaM2: 89.5, usage: '住宅', rented: false }),
    ]);
  });

  it('reads numbers stored as text with units or an apostrophe, and yes/no words', () => {
    expect(map('dwellings', rows.get(4)!)[1]).toMatchObject({ data: { areaM2: 102.3, rented: true } });
    expect(map('dwellings', rows.get(6)!)[1]).toMatchObject({ data: { areaM2: 88, rented: true, unit: '' } });
  });

  it('puts 一栋 and 1栋, 3号楼 and 3號樓 in one building', () => {
    expect(map('dwellings', rows.get(5)!)[0]).toMatchObject({ data: { buildingNo: '幸福里1栋' } });
    expect(map('dwellings', rows.get(6)!)[0]).toMatchObject({ data: { buildingNo: '长青苑3栋' } });
  });

  it('dead-letters an unreadable area, a missing 楼栋, a grid code of 14 digits', () => {
    expect([7, 8, 9].map((l) => reasonOf('dwellings', rows.get(l)!))).toEqual(['INVALID_VALUE', 'MISSING_FIELD', 'INVALID_GRID_CODE']);
  });

  it('keys a dwelling by a digest of its address', () => {
    expect(stream('dwellings').externalId(rows.get(3)!)).toMatch(/^dwellings:420102002000:[0-9a-f]{16}$/);
  });
});

describe('residents', () => {
  let rows: Map<number, StreetOfficeRecord>;
  beforeAll(async () => {
    rows = await recordsByLine('residents');
  });

  it('maps a resident to person, building, dwelling, household and a current residency', () => {
    const building = { communityCode: '420102002001', buildingNo: '幸福里1栋' };
    const dwelling = { building, unit: '1单元', room: '501' };
    expect(map('residents', rows.get(2)!)).toEqual([
      change('person', { idNumber: '420102199003070010', name: '张伟', sex: 'M', ethnicity: '汉族', mobile: '13912345678', politicalStatus: 'CPC_MEMBER', tags: ['网格员'] }),
      reference('building', { ...building, gridCode: '420102002001001' }),
      reference('dwelling', { ...dwelling, gridCode: '420102002001001' }),
      change('household', { householdNo: '4201020010001', kind: 'REGISTERED', dwelling, gridCode: '420102002001001', communityCode: '420102002001' }),
      change('residency', { personIdNumber: '420102199003070010', householdNo: '4201020010001', relation: '户主', category: 'REGISTERED', validTo: null }),
    ]);
  });

  it('strips apostrophes (户号, mobile), completes 汉 → 汉族, splits tags on 、', () => {
    expect(map('residents', rows.get(3)!)[0]).toEqual(
      change('person', { idNumber: '420102195505120024', name: '王秀兰', sex: 'F', ethnicity: '汉族', mobile: '13700001111', politicalStatus: 'MASSES', tags: ['独居老人', '低保户'] }),
    );
  });

  it('passes a 15-digit ID and a lower-case x on as given; tags split on , ; | and spaces', () => {
    expect(map('residents', rows.get(4)!)[0]).toMatchObject({ data: { idNumber: '420102750315123', politicalStatus: 'CPC_PROBATIONARY', tags: ['退役军人', '志愿者'] } });
    expect(map('residents', rows.get(5)!)[0]).toMatchObject({ data: { idNumber: '42010219900808100x', mobile: '１３６００００５６７８', politicalStatus: 'CYL_MEMBER', tags: ['志愿者', '党员中心户'] } });
    expect(map('residents', rows.get(6)!)[0]).toMatchObject({ data: { tags: ['出租户', '外来务工'] } });
    expect(map('residents', rows.get(8)!)[0]).toMatchObject({ data: { tags: ['高龄老人', '空巢老人'], mobile: null, politicalStatus: null } });
  });

  it('passes full-width digits in the ID and 户号 on as given; a floating resident lives in a 居住户', () => {
    const changes = map('residents', rows.get(6)!);
    expect(changes[0]).toMatchObject({ data: { idNumber: '４２０１０２１９８８０８０８００１９', ethnicity: '回族' } });
    expect(changes.find((c) => c.entity === 'household')).toMatchObject({ data: { householdNo: 'Ｌ２０２４０００１', kind: 'RESIDENT' } });
    expect(changes.find((c) => c.entity === 'residency')).toMatchObject({ data: { category: 'FLOATING' } });
  });

  it('reads Traditional values: 流動人口, 群眾, 漢族, 3號樓', () => {
    const changes = map('residents', rows.get(7)!);
    expect(changes[0]).toEqual(change('person', { idNumber: '420102198206110030', name: '劉德華', sex: 'M', ethnicity: '汉族', mobile: '13900003333', politicalStatus: 'MASSES', tags: [] }));
    expect(changes.find((c) => c.entity === 'building')).toMatchObject({ data: { buildingNo: '长青苑3栋' } });
    expect(changes.find((c) => c.entity === 'residency')).toMatchObject({ data: { category: 'FLOATING', relation: '戶主' } });
  });

  it('leaves identifier checks to the write path, and dead-letters what only the mapping can know', () => {
    // rows 9–12 carry a bad check digit, month 13, 17 digits, a bad mobile: mapped, refused by the write path
    for (const line of [9, 10, 11, 12]) expect(reasonOf('residents', rows.get(line)!)).toBe('OK');
    expect(reasonOf('residents', rows.get(13)!)).toBe('MISSING_FIELD');
    expect(reasonOf('residents', rows.get(14)!)).toBe('INVALID_VALUE');
    expect(reasonOf('residents', rows.get(15)!)).toBe('MOJIBAKE');
  });

  it('maps 无党派人士 to OTHER and a row without an address to a household without a dwelling', () => {
    const changes = map('residents', rows.get(18)!);
    expect(changes[0]).toMatchObject({ data: { politicalStatus: 'OTHER' } });
    expect(changes.map((c) => c.entity)).toEqual(['person', 'household', 'residency']);
    expect(changes[1]).toMatchObject({ data: { dwelling: null, communityCode: '420102002002' } });
  });

  it('reads the value sets: sex codes, political status, population category', () => {
    const base = { 姓名: '甲', 公民身份号码: '420102199003070010', 户号: 'H', 人口类别: '户籍' };
    expect(map('residents', record('residents', { ...base, 性别: '2', 政治面貌: '预备党员' }))[0]).toMatchObject({ data: { sex: 'F', politicalStatus: 'CPC_PROBATIONARY' } });
    expect(reasonOf('residents', record('residents', { ...base, 性别: '未知' }))).toBe('INVALID_VALUE');
    expect(reasonOf('residents', record('residents', { ...base, 政治面貌: '党外人士?' }))).toBe('INVALID_VALUE');
    expect(reasonOf('residents', record('residents', { ...base, 人口类别: '' }))).toBe('MISSING_FIELD');
    expect(reasonOf('residents', record('residents', { ...base, 网格编码: '4201020020010' }))).toBe('INVALID_GRID_CODE');
    // a message never quotes the value (political status is L4)
    try {
      map('residents', record('residents', { ...base, 政治面貌: '某某党派' }));
    } catch (err) {
      expect((err as Error).message).not.toContain('某某党派');
    }
  });

  it('keys a resident inside the street’s snapshot scope by 户号 and a digest of the ID: 15- and 18-digit forms alike', () => {
    const id = stream('residents').externalId(rows.get(4)!);
    expect(id).toMatch(/^residents:420102002000:4201020010002:[0-9a-f]{8}$/);
    const upgraded = record('residents', { ...rows.get(4)!.row, 公民身份号码: '42010219750315123X' });
    expect(stream('residents').externalId(upgraded)).toBe(id);
    const fullWidth = record('residents', { ...rows.get(2)!.row, 公民身份号码: '４２０１０２１９９００３０７００１０' });
    expect(stream('residents').externalId(fullWidth)).toBe(stream('residents').externalId(rows.get(2)!));
    for (const r of rows.values()) expect(stream('residents').externalId(r)).not.toMatch(/\d{15}/);
  });
});

describe('duty-items', () => {
  let rows: Map<number, StreetOfficeRecord>;
  beforeAll(async () => {
    rows = await recordsByLine('duty-items');
  });

  it('maps a duty item of the street', () => {
    expect(map('duty-items', rows.get(2)!)).toEqual([
      change('dutyItem', {
        code: 'DZ-QL-001',
        streetCode: '420102002000',
        name: '辖区内最低生活保障申请受理',
        listType: 'POWER',
        powerCategory: '行政确认',
        basis: '《社会救助暂行办法》第十一条',
        responsibleUnit: '大智街道社会事务办公室',
      }),
    ]);
  });

  it('reads every list type spelling', () => {
    expect([2, 3, 4, 5, 6, 7].map((l) => (map('duty-items', rows.get(l)!)[0]!.data as { listType: string }).listType)).toEqual([
      'POWER',
      'RESPONSIBILITY',
      'BASIC_DUTY',
      'ASSIST_DUTY',
      'WITHDRAWN',
      'POWER',
    ]);
  });

  it('dead-letters an unknown list type, a missing code, mojibake in the legal basis', () => {
    expect([8, 9, 10].map((l) => reasonOf('duty-items', rows.get(l)!))).toEqual(['INVALID_VALUE', 'MISSING_FIELD', 'MOJIBAKE']);
  });

  it('keys an item by street and normalised code (full-width folded)', () => {
    expect(stream('duty-items').externalId(rows.get(7)!)).toBe('duty-items:420102002000:DZ-QL-002');
  });
});
