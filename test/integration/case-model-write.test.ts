import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRulesOf } from '../../src/flow/case-rules';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, type CanonicalChange, type CaseInput } from '../../src/sdk/canonical-change';
import { districtFrame, s1Record } from '../support/district-frame';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * One case model whatever the source, in the write path: the area from the building, the due
 * time from the configured time limits on the work calendar, the duty item from the category
 * mapping — each only when the source says none.
 */
const V1 = '2026-06-01T08:00:00+08:00';
const rec = (stream: string, externalId: string, changes: CanonicalChange[]): MappedRecord => s1Record(stream, externalId, changes, V1);

const frame: MappedRecord[] = [
  ...districtFrame(V1),
  rec('grids', 'g1', [change('grid', { code: '420102002003001', name: '第一网格', communityCode: '420102002003' })]),
  rec('projects', 'p1', [change('propertyProject', { code: 'JA-XF-001', name: '幸福里小区', communityCode: '420102002003' })]),
  rec('buildings', 'b1', [change('building', { communityCode: '420102002003', projectCode: 'JA-XF-001', buildingNo: '3', gridCode: '420102002003001' })]),
  rec('duty', 'd1', [change('dutyItem', { code: '420102002-JC-003', streetCode: '420102002', name: '生活垃圾分类管理', listType: 'RESPONSIBILITY' })]),
  rec('duty', 'd2', [change('dutyItem', { code: '420102002-JC-004', streetCode: '420102002', name: '噪声污染防治', listType: 'RESPONSIBILITY' })]),
];

const appeal = (no: string, extra: Partial<CaseInput>): CaseInput => ({
  sourceSystem: 'test',
  sourceNo: no,
  kind: 'APPEAL',
  appealType: '投诉',
  communityCode: '420102002003',
  status: 'REPORTED',
  reportedAt: '2025-09-30T10:00:00+08:00',
  ...extra,
});

describe.each(availableStoreKinds())('the case model in the write path on %s', (kind) => {
  let hub: TestHub;
  const row = (no: string) =>
    hub.db
      .selectFrom('case_record as c')
      .leftJoin('admin_area as a', 'a.id', 'c.area_id')
      .leftJoin('grid as g', 'g.id', 'c.grid_id')
      .leftJoin('duty_item as d', 'd.id', 'c.duty_item_id')
      .select(['c.due_at', 'a.code as area', 'g.code as grid', 'd.code as duty'])
      .where('c.source_no', '=', no)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    hub = await createTestHub(kind, {
      config: {
        cases: {
          timeLimits: { repairCategories: { 水电: { hours: 24 } } },
          dutyItems: { 环境卫生: '生活垃圾分类管理', 噪音扰民: '420102002-JC-004', 停车管理: '没有这一项' },
        },
      },
    });
    const r = await ingestBatch(hub.db, frame, hubIngestOptions(hub));
    expect(r.outcomes.filter((o) => o.status === 'dead'), JSON.stringify(r.outcomes)).toEqual([]);
    const cases = [
      // a repair order knows only the project and building
      rec('cases', 'r1', [change('case', { sourceSystem: 'test', sourceNo: 'R1', kind: 'REPAIR', category: '水电', status: 'REPORTED', reportedAt: '2025-09-30T10:00:00+08:00', building: { communityCode: '', projectCode: 'JA-XF-001', buildingNo: '3' } })]),
      rec('cases', 'r2', [change('case', { sourceSystem: 'test', sourceNo: 'R2', kind: 'REPAIR', category: '门窗', status: 'REPORTED', reportedAt: '2025-09-30T10:00:00+08:00', building: { communityCode: '', projectCode: 'JA-XF-001', buildingNo: '3' } })]),
      rec('cases', 'a1', [change('case', appeal('A1', { category: '环境卫生' }))]),
      rec('cases', 'a2', [change('case', appeal('A2', { category: '噪音扰民', appealType: '咨询' }))]),
      rec('cases', 'a3', [change('case', appeal('A3', { category: '噪音扰民', dueAt: '2025-10-20T18:00:00+08:00', dutyItem: { streetCode: '420102002', code: '420102002-JC-003' } }))]),
      rec('cases', 'a4', [change('case', appeal('A4', { category: '停车管理', urgent: true }))]),
    ];
    const c = await ingestBatch(hub.db, cases, hubIngestOptions(hub));
    expect(c).toMatchObject({ applied: 6, deadLetters: 0 });
  });
  afterAll(async () => hub?.destroy());

  it('places a repair in its building\'s community and grid', async () => {
    expect(await row('R1')).toMatchObject({ area: '420102002003', grid: '420102002003001' });
  });

  it('computes due times from the configured limits on the work calendar, across the National Day break', async () => {
    const calendar = caseRulesOf(hub.config).calendar;
    const reported = new Date('2025-09-30T10:00:00+08:00');
    expect((await row('R1')).due_at!.toISOString()).toBe('2025-10-01T02:00:00.000Z');
    expect((await row('R2')).due_at!.getTime()).toBe(calendar.addWorkingDays(reported, 3).getTime());
    expect((await row('A1')).due_at!.getTime()).toBe(calendar.addWorkingDays(reported, 13).getTime());
    expect((await row('A2')).due_at!.getTime()).toBe(calendar.addWorkingDays(reported, 3).getTime());
    expect((await row('A4')).due_at!.getTime()).toBe(calendar.addWorkingDays(reported, 0).getTime());
    // 3 working days after 30 Sep 2025 end on Sat 11 Oct (1–8 Oct off, 11 Oct a make-up working day)
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format((await row('A2')).due_at!)).toBe('2025-10-11');
  });

  it('keeps what the source says: its due time and its duty item', async () => {
    const a3 = await row('A3');
    expect(a3.due_at!.toISOString()).toBe('2025-10-20T10:00:00.000Z');
    expect(a3.duty).toBe('420102002-JC-003');
  });

  it('links the duty item the category maps to, by name or code, within the case\'s street; an unknown one links nothing', async () => {
    expect((await row('A1')).duty).toBe('420102002-JC-003');
    expect((await row('A2')).duty).toBe('420102002-JC-004');
    expect((await row('A4')).duty).toBeNull();
    expect((await row('R1')).duty).toBeNull();
  });

  it('derives no due time without case rules in the ingest options', async () => {
    await ingestBatch(hub.db, [rec('cases', 'a5', [change('case', appeal('A5', {}))])], { vault: hub.vault });
    expect((await row('A5')).due_at).toBeNull();
  });
});
