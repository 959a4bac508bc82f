import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenIdCheckChar } from '../../src/domain/citizen-id';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import { CASE_LINK_METHOD, CASE_LINK_METHOD_NO_PLACE } from '../../src/ingest/write/identity/case-linking';
import { districtFrame, FRAME_COMMUNITY } from '../support/district-frame';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const COMMUNITY = FRAME_COMMUNITY;
const V1 = '2026-06-01T08:00:00+08:00';

function rec(source: string, stream: string, externalId: string, changes: CanonicalChange[]): MappedRecord {
  return { kind: 'mapped', source, stream, externalId, version: V1, payload: { externalId, changes, version: V1 }, changes };
}

const citizenId = (first17: string) => `${first17}${citizenIdCheckChar(first17)}`;
/** Residents: 李四 reports through every channel; 王五 only once. */
const ID = { li: citizenId('42010219850101001'), wang: citizenId('42010219700101001') };

const places: MappedRecord[] = [
  ...districtFrame(V1),
  rec('s1', 'buildings', 'b3', [change('building', { communityCode: COMMUNITY, buildingNo: '幸福里3栋', address: '武汉市江岸区解放大道100号幸福里3栋' })]),
  rec('s1', 'buildings', 'b4', [change('building', { communityCode: COMMUNITY, buildingNo: '幸福里4栋', address: '武汉市江岸区解放大道100号幸福里4栋' })]),
  rec('s1', 'residents', 'li', [change('person', { idNumber: ID.li, name: '李四', mobile: '13800000001' })]),
  rec('s1', 'residents', 'wang', [change('person', { idNumber: ID.wang, name: '王五', mobile: '13700000002' })]),
];

interface Spec {
  source: 'committee-api' | '12345';
  no: string;
  category: string;
  at: string;
  /** The reporter: by ID (`li`, `wang`) or, as 12345 knows callers, by name + phone. */
  reporter: 'li' | 'li-by-phone' | 'wang';
  address?: string;
  building?: string;
}

function kase(s: Spec): MappedRecord {
  const extra: CanonicalChange[] = [];
  const ref: Record<string, unknown> = {};
  if (s.reporter === 'li-by-phone') {
    extra.push(change('person', { name: '李四', mobile: '13800000001' }));
    ref.reporter = { name: '李四', mobile: '13800000001' };
  } else ref.reporterIdNumber = ID[s.reporter];
  if (s.address) ref.address = s.address;
  if (s.building) ref.building = { communityCode: COMMUNITY, buildingNo: s.building };
  return rec(s.source, 'cases', s.no, [
    ...extra,
    change('case', { sourceSystem: s.source, sourceNo: s.no, kind: s.source === '12345' ? 'HOTLINE' : 'APPEAL', status: 'REPORTED', category: s.category, reportedAt: s.at, communityCode: COMMUNITY, ...ref }),
  ]);
}

/**
 * True duplicates (appeal + its 12345 copy, same building, hours apart) and look-alikes (the same
 * reporter and category at another building, or at the same building days apart). `truth` lists
 * the pairs that are one matter.
 */
const BATCH_1: Spec[] = [
  // T1: appeal, then the 12345 copy 5 hours later with the address written another way and the caller known by phone only
  { source: 'committee-api', no: 'A-1', category: '环境卫生', at: '2026-06-01T09:00:00+08:00', reporter: 'li', address: '武汉市江岸区解放大道100号幸福里3栋2单元501' },
  { source: '12345', no: 'H-1', category: '环境卫生', at: '2026-06-01T14:00:00+08:00', reporter: 'li-by-phone', address: '江岸区幸福里小区3号楼' },
  // look-alike: the same reporter and category, 3 hours later, at the neighbouring building
  { source: '12345', no: 'H-2', category: '环境卫生', at: '2026-06-01T12:00:00+08:00', reporter: 'li', address: '幸福里4栋1单元101' },
  // look-alike: the same building and category, five days later — a recurrence
  { source: '12345', no: 'H-3', category: '环境卫生', at: '2026-06-06T10:00:00+08:00', reporter: 'li', address: '幸福里三栋' },
  // T2: the places given as building references only (no address text), 30 hours apart
  { source: 'committee-api', no: 'A-4', category: '噪声扰民', at: '2026-06-10T20:00:00+08:00', reporter: 'li', building: '幸福里3栋' },
  { source: '12345', no: 'H-4', category: '噪声扰民', at: '2026-06-12T02:00:00+08:00', reporter: 'li', building: '幸福里三栋' },
  // look-alike: a building reference against another building's address
  { source: '12345', no: 'H-5', category: '噪声扰民', at: '2026-06-11T08:00:00+08:00', reporter: 'li', address: '幸福里4栋' },
  // T3: no place on the 12345 side, 6 hours apart: linked, with the lower score
  { source: 'committee-api', no: 'A-6', category: '设施维修', at: '2026-06-20T08:00:00+08:00', reporter: 'wang', address: '幸福里4栋2单元302' },
  { source: '12345', no: 'H-6', category: '设施维修', at: '2026-06-20T14:00:00+08:00', reporter: 'wang' },
  // look-alike: no place, 30 hours apart: too far to link without a place
  { source: '12345', no: 'H-7', category: '设施维修', at: '2026-06-21T14:00:00+08:00', reporter: 'wang' },
];
/** A later sync: the 12345 copy of an appeal already stored. */
const BATCH_2: Spec[] = [
  { source: 'committee-api', no: 'A-8', category: '物业管理', at: '2026-07-01T09:00:00+08:00', reporter: 'li', address: '武汉市江岸区解放大道100号幸福里4栋' },
  { source: '12345', no: 'H-8', category: '物业管理', at: '2026-07-03T08:00:00+08:00', reporter: 'li-by-phone', address: '幸福里4栋' },
];
const TRUTH = new Set(['A-1|H-1', 'A-4|H-4', 'A-6|H-6', 'A-8|H-8']);

for (const kind of availableStoreKinds()) {
  describe(`cross-channel case links (${kind})`, () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await createTestHub(kind);
      const r = await ingestBatch(hub.db, places, { vault: hub.vault });
      expect(await hub.db.selectFrom('dead_letter').select(['reason_code', 'message']).execute()).toEqual([]);
      expect(r.deadLetters).toBe(0);
    });
    afterAll(async () => {
      await hub?.destroy();
    });

    const links = async () =>
      (
        await sql<{ a: string; b: string; method: string; confidence: string }>`
          select a.source_no as a, b.source_no as b, l.method, l.confidence::text as confidence
          from case_link l join case_record a on a.id = l.case_id join case_record b on b.id = l.linked_case_id`.execute(hub.db)
      ).rows.map((r) => ({ pair: [r.a, r.b].sort().join('|'), method: r.method, score: Number(r.confidence) }));

    it('links true duplicates at the same building hours apart, keeps look-alikes apart, and stores the score', async () => {
      const r1 = await ingestBatch(hub.db, BATCH_1.map(kase), { vault: hub.vault });
      expect(await hub.db.selectFrom('dead_letter').select(['reason_code', 'message']).execute()).toEqual([]);
      expect(r1.deadLetters).toBe(0);
      const r2 = await ingestBatch(hub.db, BATCH_2.map(kase), { vault: hub.vault });
      expect(r2.deadLetters).toBe(0);
      const got = await links();
      const pairs = new Set(got.map((l) => l.pair));
      const tp = [...pairs].filter((p) => TRUTH.has(p)).length;
      // what the former rule (reporter + category + 7 days, no place) links on the same store
      const before = await sql<{ a: string; b: string }>`
        select distinct least(a.source_no, b.source_no) as a, greatest(a.source_no, b.source_no) as b
        from case_record a join case_record b on b.reporter_person_id = a.reporter_person_id and b.id <> a.id
          and b.source_system <> a.source_system and b.category = a.category
          and b.reported_at between a.reported_at - interval '7 days' and a.reported_at + interval '7 days'`.execute(hub.db);
      const beforeTp = before.rows.filter((p) => TRUTH.has(`${p.a}|${p.b}`)).length;
      console.log(
        `[case links, ${kind}] before (reporter+category+7 days): precision ${(beforeTp / before.rows.length).toFixed(2)}, recall ${(beforeTp / TRUTH.size).toFixed(2)}; ` +
          `after: precision ${(tp / pairs.size).toFixed(2)}, recall ${(tp / TRUTH.size).toFixed(2)}`,
      );
      expect([...pairs].sort()).toEqual([...TRUTH].sort());
      const by = new Map(got.map((l) => [l.pair, l]));
      // same building: method and a score of 0.8–1.0, higher the closer in time
      expect(by.get('A-1|H-1')).toMatchObject({ method: CASE_LINK_METHOD });
      expect(by.get('A-1|H-1')!.score).toBeCloseTo(0.35 + 0.15 + 0.3 + 0.2 * (1 - 5 / 72), 3);
      expect(by.get('A-4|H-4')).toMatchObject({ method: CASE_LINK_METHOD });
      expect(by.get('A-4|H-4')!.score).toBeLessThan(by.get('A-1|H-1')!.score);
      expect(by.get('A-8|H-8')!.score).toBeGreaterThanOrEqual(0.8);
      // no place on one side: the lower score
      expect(by.get('A-6|H-6')).toMatchObject({ method: CASE_LINK_METHOD_NO_PLACE });
      expect(by.get('A-6|H-6')!.score).toBeCloseTo(0.5 + 0.2 * (1 - 6 / 72), 3);
      // the former rule linked the look-alikes too
      expect(before.rows.length).toBeGreaterThan(TRUTH.size);
    });

    it('links nothing again when the same cases arrive again, and never merges them', async () => {
      const count = (await links()).length;
      await ingestBatch(hub.db, [...BATCH_1, ...BATCH_2].map(kase), { vault: hub.vault });
      expect((await links()).length).toBe(count);
      expect(await hub.db.selectFrom('case_record').select('id').execute()).toHaveLength(BATCH_1.length + BATCH_2.length);
    });
  });
}
