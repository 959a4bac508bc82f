import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformance } from '../../../connectors/street-office/conformance';
import { syncSource } from '../../../src/ingest/sync/run-sync';
import { RESIDENTS_CSV, residentsExport } from './fixture-files';
import { useStreetOfficeFixture } from './fixture-source';

/** The street-office connector run by the hub's sync runner over its fixtures (PGlite). */
describe('street-office through the sync runner', () => {
  const fx = useStreetOfficeFixture('huiju-s1-');


  it('yields the conformance counts on a fresh store', async () => {
    const reports = await syncSource(fx.hub, fx.source());
    // the resident of a grid no export holds waits (parked) for it; once ingest.parkedFor has
    // passed it is the UNRESOLVED_REFERENCE dead letter the conformance counts name
    const reasons = (r: (typeof reports)[number]) => (r.waiting ? { ...r.reasons, UNRESOLVED_REFERENCE: (r.reasons.UNRESOLVED_REFERENCE ?? 0) + r.waiting } : r.reasons);
    expect(Object.fromEntries(reports.map((r) => [r.stream, { read: r.read, applied: r.applied, deadLetters: reasons(r) }]))).toEqual(conformance.expected);
    expect(reports.every((r) => r.status === 'SUCCEEDED')).toBe(true);
  });

  it('wrote the canonical rows the fixtures describe', async () => {
    const areas = await fx.hub.db.selectFrom('admin_area').select(['code', 'name', 'level']).orderBy('code').execute();
    expect(areas).toEqual([
      { code: '420000000000', name: '湖北省', level: 'province' },
      { code: '420100000000', name: '武汉市', level: 'city' },
      { code: '420102000000', name: '江岸区', level: 'district' },
      { code: '420102002000', name: '大智街道', level: 'street' },
      { code: '420102002001', name: '永和社区', level: 'community' },
      { code: '420102002002', name: '长青社区', level: 'community' },
    ]);
    expect((await fx.hub.db.selectFrom('grid').select('code').orderBy('code').execute()).map((g) => g.code)).toEqual([
      '420102002001001',
      '420102002001002',
      '420102002002001',
      '420102002002002',
    ]);
    // 幸福里 1栋 and 一栋 are one building; 长青苑 3号楼 (dwellings) and 3號樓 (residents) too; 长青苑 5栋 comes from a resident row
    expect((await fx.hub.db.selectFrom('building').select('building_no').orderBy('building_no').execute()).map((b) => b.building_no)).toEqual(['幸福里1', '长青苑3', '长青苑5']);
    expect(await fx.hub.db.selectFrom('dwelling').select('id').execute()).toHaveLength(5);
    const people = await fx.hub.db.selectFrom('person').select(['name', 'name_norm', 'political_status', 'tags']).orderBy('name').execute();
    // names as the export wrote them (劉德華 in Traditional characters), matched by their normalised form
    expect(people.map((p) => p.name).sort()).toEqual(['劉德華', '周杰', '张伟', '李娟', '王秀兰', '赵敏', '赵磊', '陈建国', '韩梅'].sort());
    expect(people.map((p) => p.name_norm).sort()).toEqual(['刘德华', '周杰', '张伟', '李娟', '王秀兰', '赵敏', '赵磊', '陈建国', '韩梅'].sort());
    expect(people.find((p) => p.name === '张伟')).toMatchObject({ political_status: 'CPC_MEMBER', tags: ['网格员'] });
    const residencies = await fx.hub.db.selectFrom('residency').select(['category', 'valid_to']).execute();
    expect(residencies).toHaveLength(8);
    expect(residencies.every((r) => r.valid_to === null)).toBe(true);
    expect(await fx.hub.db.selectFrom('staff_role').select('role').execute()).toEqual([{ role: 'GRID_WORKER' }, { role: 'GRID_WORKER' }]);
    expect(await fx.hub.db.selectFrom('duty_item').select('code').orderBy('code').execute()).toHaveLength(6);
    // lineage never holds an ID number
    const ids = (await fx.hub.db.selectFrom('source_record').select('external_id').execute()).map((r) => r.external_id);
    expect(ids.some((id) => /\d{15,18}/.test(id.replace(/^(grids|grid-workers):\d{15}/, '')))).toBe(false);
  });

  it('ends the residencies of people missing from a newer resident export, deleting nothing', async () => {
    // 2024-04: 王秀兰 (household 4201020010001) is no longer listed; everyone else is
    const april = RESIDENTS_CSV.filter((r) => r[0] !== '王秀兰');
    await writeFile(join(fx.folder, '人口_20240401.csv'), residentsExport(april));
    const [residents] = await syncSource(fx.hub, fx.source(), { streams: ['residents'] });
    // the 9 bad rows of March are still bad: each export that carries them reports them again (the
    // one whose grid no export holds still waits for it)
    expect(residents).toMatchObject({ status: 'SUCCEEDED', read: 16, applied: 7, deadLetters: 8, parked: 1, waiting: 1, residenciesEnded: 1 });
    const ended = await fx.hub.db
      .selectFrom('residency')
      .innerJoin('person', 'person.id', 'residency.person_id')
      .where('residency.valid_to', 'is not', null)
      .select(['person.name', 'residency.valid_to'])
      .execute();
    expect(ended).toEqual([{ name: '王秀兰', valid_to: '2024-04-01' }]);
    expect(await fx.hub.db.selectFrom('person').select('id').where('name', '=', '王秀兰').execute()).toHaveLength(1);
  });

  it('reopens the residency when the person is back in a later export, and skips an older export dropped in late', async () => {
    await writeFile(join(fx.folder, '人口_20240501.csv'), residentsExport(RESIDENTS_CSV));
    // an export older than the newest applied: superseded, never read
    await writeFile(join(fx.folder, '人口_20240201.csv'), residentsExport(RESIDENTS_CSV.slice(0, 2)));
    const [residents] = await syncSource(fx.hub, fx.source(), { streams: ['residents'] });
    expect(residents).toMatchObject({ status: 'SUCCEEDED', residenciesEnded: 0 });
    expect(await fx.hub.db.selectFrom('residency').select('id').where('valid_to', 'is not', null).execute()).toHaveLength(0);
    const [again] = await syncSource(fx.hub, fx.source(), { streams: ['residents'] });
    expect(again).toMatchObject({ read: 0, checkpoints: 0 });
  });
});
