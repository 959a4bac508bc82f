import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { syncSource } from '../../../src/ingest/sync/run-sync';
import type { ResolvedSource } from '../../../src/ingest/sync/resolve-source';
import { change, reference, defineConnector, defineStream, groupParticipations, participationChanges, RecordError, type ParticipationGroup, type ParticipationSpec } from '../../../src/sdk';
import { createTestHub, type TestHub } from '../../support/test-hub';

/** A volunteer-hours sheet as a per-participation source writes it: one row per (activity, person). */
type HoursRow = Record<string, string>;

const ROWS: HoursRow[] = [
  { 活动编号: 'A1', 活动类型: '志愿服务', 活动名称: '社区清洁日', 开始时间: '2026-06-01T09:00:00+08:00', 姓名: '张三', 身份证号: '11010519491231002X', 手机: '', 服务时长: '2' },
  // a mistyped check character: this row alone is a dead letter
  { 活动编号: 'A1', 活动类型: '志愿服务', 活动名称: '社区清洁日', 开始时间: '2026-06-01T09:00:00+08:00', 姓名: '王五', 身份证号: '36042619910102009X', 手机: '', 服务时长: '3' },
  // no ID number: named by name + mobile
  { 活动编号: 'A1', 活动类型: '志愿服务', 活动名称: '社区清洁日', 开始时间: '2026-06-01T09:00:00+08:00', 姓名: '李四', 身份证号: '', 手机: '13912345678', 服务时长: '2.5' },
  { 活动编号: 'A2', 活动类型: '主题党日', 活动名称: '六月主题党日', 开始时间: '2026-06-05T14:00:00+08:00', 姓名: '张三', 身份证号: '11010519491231002X', 手机: '', 服务时长: '' },
  { 活动编号: 'A2', 活动类型: '主题党日', 活动名称: '六月主题党日', 开始时间: '2026-06-05T14:00:00+08:00', 姓名: '赵六', 身份证号: '440524188001010014', 手机: '', 服务时长: '两小时' },
];

const hoursOf = (cell: string | undefined): number | null => {
  const text = (cell ?? '').trim();
  if (text === '') return null;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new RecordError('INVALID_VALUE', 'hours: not a number');
  return n;
};

const SPEC: ParticipationSpec<HoursRow> = {
  activityKey: (r) => r.活动编号 ?? '',
  activity: (r) => ({ type: r.活动类型 ?? '', title: r.活动名称 ?? '', startAt: r.开始时间 || null }),
  participant: (r) => (r.身份证号 ? { personIdNumber: r.身份证号, person: { name: r.姓名 ?? null }, hours: hoursOf(r.服务时长) } : { person: { name: r.姓名 ?? null, mobile: r.手机 || null }, hours: hoursOf(r.服务时长) }),
  referPeople: true,
};

/** The sheet's export time: the version of every group read from it. */
const EXPORTED_AT = '2026-06-06T18:00:00+08:00';

const personalFields = { name: ['rows.姓名'], idNumber: ['rows.身份证号'], mobile: ['rows.手机'] };

/** A connector over ROWS: grouped with the helper, or (naive) one record per activity with every row's participant. */
function connectorOf(grouped: boolean) {
  const stream = defineStream<Record<string, never>, ParticipationGroup<HoursRow>>({
    name: 'hours',
    description: 'volunteer hours, one row per participation',
    primaryKey: ['活动编号', '身份证号'],
    personalFields,
    async *read() {
      const rows = ROWS.map((data, i) => ({ data, position: { line: i + 2 } }));
      if (grouped) yield* groupParticipations(rows, SPEC, { version: EXPORTED_AT });
      else {
        const byKey = new Map<string, HoursRow[]>();
        for (const r of ROWS) byKey.set(r.活动编号!, [...(byKey.get(r.活动编号!) ?? []), r]);
        for (const [activityKey, rs] of byKey) yield { type: 'record', data: { activityKey, rows: rs } };
      }
      yield { type: 'checkpoint', cursor: 'done' };
    },
    externalId: (g) => `activity:${g.activityKey}`,
    version: (g, readAt) => g.version ?? readAt,
    map: (g) =>
      grouped
        ? participationChanges(g, SPEC)
        : [change('activity', { ...SPEC.activity(g.rows[0]!), key: `naive-${g.activityKey}`, participants: g.rows.map((r) => ({ personIdNumber: r.身份证号 || null, person: { name: r.姓名 ?? null, mobile: r.手机 || null }, hours: Number(r.服务时长) || null })) }), ...g.rows.filter((r) => r.身份证号).map((r) => reference('person', { idNumber: r.身份证号!, name: r.姓名! }))],
  });
  return defineConnector({ id: grouped ? 'hours-grouped' : 'hours-naive', version: '0.0.0', displayName: 'hours', description: 'test', config: z.object({}), check: async () => ({ ok: true }), streams: [stream] });
}

describe('groupParticipations', () => {
  it('groups good rows per activity and reports each bad row alone, in the record\'s shape', () => {
    const messages = groupParticipations(ROWS.map((data, i) => ({ data, position: { line: i + 2 } })), SPEC);
    const failed = messages.filter((m) => m.type === 'failed');
    expect(failed.map((m) => m.type === 'failed' && [m.reason, m.position])).toEqual([
      ['INVALID_ID_CHECKSUM', { line: 3 }],
      ['INVALID_VALUE', { line: 6 }],
    ]);
    expect(failed.every((m) => m.type === 'failed' && (m.raw as { rows: unknown[] }).rows.length === 1)).toBe(true);
    const records = messages.filter((m) => m.type === 'record').map((m) => m.type === 'record' && (m.data as ParticipationGroup<HoursRow>));
    expect(records.map((g) => g && [g.activityKey, g.rows.map((r) => r.姓名)])).toEqual([
      ['A1', ['张三', '李四']],
      ['A2', ['张三']],
    ]);
    const [a1] = participationChanges(records[0] as ParticipationGroup<HoursRow>, SPEC);
    expect(a1).toMatchObject({ entity: 'activity', data: { key: 'A1', type: '志愿服务', participants: [{ personIdNumber: '11010519491231002X', hours: 2 }, { person: { name: '李四', mobile: '13912345678' }, hours: 2.5 }] } });
  });

  it('rejects a participant named by a name alone', () => {
    expect(groupParticipations([{ data: { ...ROWS[2]!, 手机: '' } }], SPEC)).toMatchObject([{ type: 'failed', reason: 'MISSING_FIELD' }]);
  });
});

describe('per-participation rows through the write path', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub('pglite');
  });
  afterAll(async () => {
    await hub?.destroy();
  });
  const source = (grouped: boolean): ResolvedSource => ({ id: grouped ? 'hours-grouped' : 'hours-naive', connector: connectorOf(grouped), config: {}, displayConfig: {}, scheduleMs: null, baseDir: process.cwd() });

  it('grouped: one bad row is a dead letter alone, the activity applies with the others', async () => {
    const [report] = await syncSource(hub, source(true));
    expect(report).toMatchObject({ status: 'SUCCEEDED', read: 4, applied: 2, deadLetters: 2, reasons: { INVALID_ID_CHECKSUM: 1, INVALID_VALUE: 1 } });
    const rows = await hub.db
      .selectFrom('activity_participant as ap')
      .innerJoin('activity as a', 'a.id', 'ap.activity_id')
      .innerJoin('person as p', 'p.id', 'ap.person_id')
      .select(['a.title', 'p.name', 'ap.hours'])
      .orderBy('a.title')
      .orderBy('p.name')
      .execute();
    expect(rows.map((r) => [r.title, r.name, r.hours === null ? null : Number(r.hours)])).toEqual([
      ['六月主题党日', '张三', null],
      ['社区清洁日', '张三', 2],
      ['社区清洁日', '李四', 2.5],
    ]);
  });

  it('grouped: reading the same export again applies nothing', async () => {
    await hub.db.deleteFrom('connector_cursor').where('source_id', '=', 'hours-grouped').execute();
    const [again] = await syncSource(hub, source(true));
    expect(again).toMatchObject({ status: 'SUCCEEDED', read: 4, applied: 0 });
  });

  it('grouped by hand (the trap): the bad row dead-letters its whole activity', async () => {
    const [report] = await syncSource(hub, source(false));
    // A2 applies; A1, with its two good participants, is one dead letter
    expect(report).toMatchObject({ status: 'SUCCEEDED', read: 2, applied: 1, deadLetters: 1, reasons: { INVALID_ID_CHECKSUM: 1 } });
  });
});
