import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILDING_CORE_METHOD } from '../../src/ingest/write/identity/building-matching';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, reference, type CanonicalChange } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * Small estates (one or two buildings) across the street office's 小区 naming and a firm's project
 * naming: a scored pair can never share the three numbers an automatic merge needs, so the rule
 * `estate-core-building-no` decides — one proper name (core) on each side of the community, no
 * other naming with it, sections that do not conflict, and the buildings agreeing. Everything a
 * second estate could be meant by stays apart.
 */
const V1 = '2026-06-01T08:00:00+08:00';
/** One community per case, so the cases do not see each other's namings. */
const COMMUNITIES = ['420102002011', '420102002012', '420102002013', '420102002014', '420102002015', '420102002016'] as const;

function rec(source: string, stream: string, externalId: string, changes: CanonicalChange[]): MappedRecord {
  return { kind: 'mapped', source, stream, externalId, version: V1, payload: { externalId, changes }, changes };
}
/** A street-office dwelling in 小区 `estate`, building `no`. */
function s1(community: string, estate: string, no: string): MappedRecord {
  const ref = { communityCode: community, buildingNo: `${estate}${no}` };
  return rec('s1', 'dwellings', `${community}|${estate}|${no}`, [reference('building', ref), change('dwelling', { building: ref, unit: '1', room: '101' })]);
}
/** A firm's project listing `buildings`. */
function project(code: string, name: string, community: string, buildings: string[]): MappedRecord {
  return rec('s4', 'projects', code, [
    change('propertyProject', { code, name, communityCode: community, company: null }),
    ...buildings.map((no) => change('building', { communityCode: community, projectCode: code, buildingNo: no })),
  ]);
}

describe.each(availableStoreKinds())('small estates across namings on %s', (kind) => {
  let hub: TestHub;
  const ingest = async (records: MappedRecord[]) => {
    const r = await ingestBatch(hub.db, records, { vault: hub.vault });
    expect(r).toMatchObject({ deadLetters: 0 });
  };
  /** Buildings of a community, and the methods of the match rows on them. */
  const stateOf = async (community: string) => {
    const rows = await sql<{ natural_key: string }>`
      select b.natural_key from building b join admin_area a on a.id = b.community_id where a.code = ${community} order by 1`.execute(hub.db);
    const methods = await sql<{ method: string }>`
      select distinct m.method from match m join building b on b.id = m.entity_id join admin_area a on a.id = b.community_id
      where m.entity = 'building' and a.code = ${community} and m.method <> 'building-address'`.execute(hub.db);
    return { keys: rows.rows.map((r) => r.natural_key), methods: methods.rows.map((m) => m.method) };
  };

  beforeAll(async () => {
    hub = await createTestHub(kind);
    const area = (code: string, name: string, level: string, parentCode: string | null) => change('adminArea', { code, name, level: level as never, parentCode });
    await ingest([
      rec('s1', 'areas', 'all', [
        area('420000', '湖北省', 'province', null),
        area('420100', '武汉市', 'city', '420000'),
        area('420102', '江岸区', 'district', '420100'),
        area('420102002', '大智街道', 'street', '420102'),
        ...COMMUNITIES.map((c, i) => area(c, `社区${i + 1}`, 'community', '420102002')),
      ]),
    ]);
  });
  afterAll(async () => hub?.destroy());

  it('two buildings, 小区 vs 一期, the street first: one row per building', async () => {
    const c = COMMUNITIES[0];
    await ingest([s1(c, '明德里37号院小区', '1号楼'), s1(c, '明德里37号院小区', '二栋')]);
    await ingest([project('SE-01', '明德里37号院一期', c, ['01栋', '2'])]);
    expect(await stateOf(c)).toEqual({ keys: [`c:${c}:明德里37号院小区1`, `c:${c}:明德里37号院小区2`], methods: [BUILDING_CORE_METHOD] });
  });

  it('one building, 花园 vs 花园小区, the firm first and both in one batch', async () => {
    const [c1, c2] = [COMMUNITIES[1], COMMUNITIES[2]];
    await ingest([project('SE-02', '和谐花园小区', c1, ['3幢'])]);
    await ingest([s1(c1, '和谐花园', '3栋')]);
    // one row: the street's dwelling is on the firm's building, which took the street office's key
    expect((await stateOf(c1)).keys).toEqual([`c:${c1}:和谐花园3`]);
    expect((await sql<{ n: number }>`select count(*)::int as n from dwelling d join building b on b.id = d.building_id where b.natural_key = ${`c:${c1}:和谐花园3`}`.execute(hub.db)).rows[0]!.n).toBe(1);
    await ingest([s1(c2, '融侨花园', '1栋'), project('SE-03', '融侨小区（一期）', c2, ['1'])]);
    expect(await stateOf(c2)).toEqual({ keys: [`c:${c2}:融侨花园1`], methods: [BUILDING_CORE_METHOD] });
  });

  it('keeps apart what another estate could be: a second naming with the core, other phases, other numbers, one building of four', async () => {
    const [a, b, d] = [COMMUNITIES[3], COMMUNITIES[4], COMMUNITIES[5]];
    // an old 幸福小区 beside a new 幸福花园: the firm's 幸福花园一期 could be either
    await ingest([s1(a, '幸福小区', '1栋'), s1(a, '幸福花园', '1栋'), project('SE-04', '幸福花园一期', a, ['1'])]);
    expect((await stateOf(a)).keys).toHaveLength(3);
    // phase one and phase two are two estates; the same name with other building numbers is not agreed
    await ingest([s1(b, '鹏程苑一期', '1栋'), project('SE-05', '鹏程苑(二期)', b, ['1']), s1(b, '盛世佳园', '1栋'), project('SE-06', '盛世佳园二期', b, ['2'])]);
    expect((await stateOf(b)).keys).toHaveLength(4);
    // one building of the 小区 against a project of four: review, not merged
    await ingest([s1(d, '和平小区', '1栋'), project('SE-07', '和平家园', d, ['1', '2', '3', '4'])]);
    expect((await stateOf(d)).keys).toHaveLength(5);
    const reviews = await sql<{ n: number }>`select count(*)::int as n from match_review where entity = 'building' and status = 'OPEN'`.execute(hub.db);
    expect(reviews.rows[0]!.n).toBeGreaterThanOrEqual(1);
    expect((await stateOf(a)).methods.concat((await stateOf(b)).methods, (await stateOf(d)).methods)).not.toContain(BUILDING_CORE_METHOD);
  });
});
