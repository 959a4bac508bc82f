import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { holdsAll } from '../../src/ingest/write/reference-rows';
import { change, reference, type CanonicalChange } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * A change made with `reference()` (a row a record only refers to): created with lineage when
 * missing, given lineage when the record says something new about it, otherwise neither written
 * again nor given lineage or a match — and every applied record keeps one lineage row, so the
 * version guard still finds it.
 */
const V1 = '2026-06-01T08:00:00+08:00';
const V2 = '2026-06-02T08:00:00+08:00';
const COMMUNITY = '420102002003';
const GRID_1 = '420102002003001';
const GRID_2 = '420102002003002';

function rec(stream: string, externalId: string, changes: CanonicalChange[], version = V1): MappedRecord {
  return { kind: 'mapped', source: 's1', stream, externalId, version, payload: { externalId, changes, version }, changes };
}

const building = (no: string, gridCode = GRID_1) => ({ communityCode: COMMUNITY, buildingNo: no, gridCode });
const person = (idNumber: string, name: string) => change('person', { idNumber, name });
const ID_A = '420102199003070010';
const ID_B = '420102199003070029';
const ID_C = '420102199003070053';

describe.each(availableStoreKinds())('reference changes on %s', (kind) => {
  let hub: TestHub;
  const lineageOf = async (entity: string, externalId?: string) => {
    let q = hub.db.selectFrom('source_record').select(['external_id', 'entity_id']).where('entity', '=', entity);
    if (externalId) q = q.where('external_id', '=', externalId);
    return q.orderBy('external_id').execute();
  };
  const buildingRow = (no: string) => hub.db.selectFrom('building').select(['id', 'grid_id', 'updated_at']).where('building_no', '=', no.replace('栋', '')).executeTakeFirstOrThrow();

  beforeAll(async () => {
    hub = await createTestHub(kind);
    const frame = await ingestBatch(
      hub.db,
      [
        rec('areas', 'hb', [change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null })]),
        rec('areas', 'wh', [change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' })]),
        rec('areas', 'ja', [change('adminArea', { code: '420102', name: '江岸区', level: 'district', parentCode: '420100' })]),
        rec('areas', 'dz', [change('adminArea', { code: '420102002', name: '大智街道', level: 'street', parentCode: '420102' })]),
        rec('areas', 'xf', [change('adminArea', { code: COMMUNITY, name: '幸福社区', level: 'community', parentCode: '420102002' })]),
        rec('grids', 'g1', [change('grid', { code: GRID_1, name: '第一网格', communityCode: COMMUNITY })]),
        rec('grids', 'g2', [change('grid', { code: GRID_2, name: '第二网格', communityCode: COMMUNITY })]),
      ],
      { vault: hub.vault },
    );
    expect(frame).toMatchObject({ applied: 7, deadLetters: 0 });
  });
  afterAll(async () => hub?.destroy());

  it('creates a missing referenced row with lineage for the record that created it only', async () => {
    const r = await ingestBatch(
      hub.db,
      [
        rec('residents', 'a', [person(ID_A, '张三'), reference('building', building('1栋'))]),
        rec('residents', 'b', [person(ID_B, '李四'), reference('building', building('1栋'))]),
      ],
      { vault: hub.vault },
    );
    expect(r).toMatchObject({ applied: 2, deadLetters: 0, matches: 0 });
    expect((await lineageOf('building')).map((l) => l.external_id)).toEqual(['a']);
    expect((await lineageOf('person')).map((l) => l.external_id)).toEqual(['a', 'b']);
    expect(await hub.db.selectFrom('match').select('id').execute()).toEqual([]);
  });

  it('neither rewrites nor adds lineage to a referenced row that holds what is said', async () => {
    const before = await buildingRow('1栋');
    const r = await ingestBatch(hub.db, [rec('residents', 'c', [person(ID_C, '王五'), reference('building', building('1栋'))])], { vault: hub.vault });
    expect(r).toMatchObject({ applied: 1, deadLetters: 0, matches: 0 });
    expect(await buildingRow('1栋')).toEqual(before);
    expect((await lineageOf('building')).map((l) => l.external_id)).toEqual(['a']);
    expect((await lineageOf('person', 'c')).length).toBe(1);
  });

  it('writes a referenced row and gives lineage (and a match) to the record that says something new about it', async () => {
    const r = await ingestBatch(hub.db, [rec('residents', 'c', [person(ID_C, '王五'), reference('building', building('1栋', GRID_2))], V2)], { vault: hub.vault });
    expect(r).toMatchObject({ applied: 1, deadLetters: 0, matches: 1 });
    const grid2 = await hub.db.selectFrom('grid').select('id').where('code', '=', GRID_2).executeTakeFirstOrThrow();
    expect((await buildingRow('1栋')).grid_id).toBe(grid2.id);
    expect((await lineageOf('building')).map((l) => l.external_id)).toEqual(['a', 'c']);
  });

  it('still writes and gives lineage to a change the record describes, even when the row holds it', async () => {
    const r = await ingestBatch(hub.db, [rec('dwellings', 'd', [change('building', building('1栋', GRID_2))])], { vault: hub.vault });
    expect(r).toMatchObject({ applied: 1, deadLetters: 0, matches: 1 });
    expect((await lineageOf('building', 'd')).length).toBe(1);
  });

  it('keeps one lineage row for a record that only referred to rows as they were, so the version guard finds it', async () => {
    const first = await ingestBatch(hub.db, [rec('refs', 'only', [reference('building', building('1栋', GRID_2))])], { vault: hub.vault });
    expect(first).toMatchObject({ applied: 1, deadLetters: 0 });
    expect((await lineageOf('building', 'only')).length).toBe(1);
    const again = await ingestBatch(hub.db, [rec('refs', 'only', [reference('building', building('1栋', GRID_2))])], { vault: hub.vault });
    expect(again).toMatchObject({ applied: 0, unchanged: 1 });
    const older = await ingestBatch(
      hub.db,
      [rec('residents', 'c', [person(ID_C, '王五'), reference('building', building('1栋'))], '2026-05-01T08:00:00+08:00')],
      { vault: hub.vault },
    );
    expect(older).toMatchObject({ applied: 0, stale: 1 });
  });

  it('compares said values strictly: another type or shape counts as different', () => {
    const row = { grid_id: 'g', floors: 6, area_m2: 85.5, tags: ['a', 'b'], name: '1栋', id_enc: 'x', natural_key: 'k' };
    expect(holdsAll(row, { grid_id: 'g', floors: 6, area_m2: 85.5, tags: ['a', 'b'], natural_key: 'k' })).toBe(true);
    expect(holdsAll(row, { id_enc: 'another ciphertext of the same value' })).toBe(true);
    expect(holdsAll(row, { floors: '6' })).toBe(false);
    expect(holdsAll(row, { tags: ['b', 'a'] })).toBe(false);
    expect(holdsAll(row, { name: null })).toBe(false);
    expect(holdsAll(row, { address: 'somewhere' })).toBe(false);
    expect(holdsAll(row, { meta: { a: 1 } })).toBe(false);
    expect(holdsAll({ ...row, name: null }, { name: '2栋' }, new Set())).toBe(false);
    expect(holdsAll({ ...row, id_hash: 'h' }, { id_hash: 'other' }, new Set(['id_hash']))).toBe(true);
  });
});
