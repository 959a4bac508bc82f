import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapActivityRecord } from '../../../connectors/committee-api/activities.mapping';
import { buildCaseHistory, shortestLoop } from '../../../connectors/committee-api/case-history';
import { mapCaseRecord } from '../../../connectors/committee-api/cases.mapping';
import type { CommitteeCaseRecord } from '../../../connectors/committee-api/committee-api.records';
import { mapContactAssignmentRecord } from '../../../connectors/committee-api/contact-assignments.mapping';
import { committeeApiConnector } from '../../../connectors/committee-api/index';
import { organizationKindOf } from '../../../connectors/committee-api/organization-refs';
import { RecordError, type CanonicalChange, type CaseInput } from '../../../src/sdk/index';
import { startFakeCommitteePlatform, type FakeCommitteePlatform } from '../../support/fake-committee-platform';

const RC = '武汉市江岸区大智街道丹城社区居民委员会';
const URBAN = { name: '武汉市江岸区城市管理执法局', uscc: '11420102259890794H' };

/** A case as the platform sends it: an appeal dispatched to the urban-management bureau and closed. */
function sampleCase(overrides: Partial<CommitteeCaseRecord> = {}): CommitteeCaseRecord {
  return {
    ticket_no: 'SQ42010200200100007',
    channel: '微信',
    appeal_type: '投诉',
    category: '环境卫生',
    title: '保成路垃圾桶满溢',
    content: '居民通过微信反映：保成路136号2栋垃圾桶满溢。',
    reporter: { name: '王美凤', phone: '15285539857', id_number: '420702196601091363' },
    location: { community_code: '420102002001', grid_code: '420102002001002', address: '武汉市江岸区保成路136号2栋' },
    status: '已关闭',
    handling_units: [
      { ...URBAN, role: '主办' },
      { name: RC, role: '协办' },
    ],
    events: [
      { status: '待受理', at: '2026-03-01T09:00:00+08:00', org: null, note: null },
      { status: '已受理', at: '2026-03-01T09:30:00+08:00', org: RC, note: null },
      { status: '已派遣', at: '2026-03-01T10:00:00+08:00', org: RC, note: null },
      { status: '處理中', at: '2026-03-02T08:00:00+08:00', org: URBAN.name, note: null },
      { status: '已办结', at: '2026-03-03T17:00:00+08:00', org: URBAN.name, note: '已清运' },
      { status: '已关闭', at: '2026-03-04T10:00:00+08:00', org: RC, note: null },
    ],
    satisfaction: '基本满意',
    created_at: '2026-03-01T09:00:00+08:00',
    updated_at: '2026-06-01T03:00:00+08:00',
    ...overrides,
  };
}

const caseOf = (changes: CanonicalChange[]): CaseInput => changes.find((c) => c.entity === 'case')!.data as CaseInput;
const steps = (c: CaseInput) => c.events!.map((e) => `${e.to}${e.inferred ? '*' : ''}`);
const reasonOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RecordError);
    return (err as RecordError).code;
  }
  throw new Error('expected a RecordError');
};

describe('committee-api: cases → canonical changes', () => {
  it('maps a case with its organisations, its reporter and its history, inferring the skipped SIGNED step', () => {
    const rcRef = { name: RC, kind: 'RESIDENTS_COMMITTEE', areaCode: '420102002001' } as const;
    const urbanRef = { ...URBAN, kind: 'GOVERNMENT_DEPT' } as const;
    const at = (d: string) => `2026-03-0${d}+08:00`;
    expect(mapCaseRecord(sampleCase())).toEqual([
      { entity: 'organization', data: urbanRef },
      { entity: 'organization', data: rcRef },
      { entity: 'person', data: { idNumber: '420702196601091363', name: '王美凤', mobile: '15285539857' } },
      {
        entity: 'case',
        data: {
          sourceSystem: 'committee-api',
          sourceNo: 'SQ42010200200100007',
          kind: 'APPEAL',
          channel: '微信',
          appealType: '投诉',
          category: '环境卫生',
          title: '保成路垃圾桶满溢',
          content: '居民通过微信反映：保成路136号2栋垃圾桶满溢。',
          reporterIdNumber: '420702196601091363',
          communityCode: '420102002001',
          gridCode: '420102002001002',
          address: '武汉市江岸区保成路136号2栋',
          status: 'CLOSED',
          satisfaction: 'BASICALLY_SATISFIED',
          reportedAt: '2026-03-01T09:00:00+08:00',
          dueAt: null,
          closedAt: '2026-03-04T10:00:00+08:00',
          handlers: [
            { org: urbanRef, role: 'LEAD' },
            { org: rcRef, role: 'ASSIST' },
          ],
          events: [
            { seq: 1, from: null, to: 'REPORTED', at: at('1T09:00:00'), actorOrg: null, reason: null, rawStatus: '待受理', inferred: false },
            { seq: 2, from: 'REPORTED', to: 'ACCEPTED', at: at('1T09:30:00'), actorOrg: rcRef, reason: null, rawStatus: '已受理', inferred: false },
            { seq: 3, from: 'ACCEPTED', to: 'DISPATCHED', at: at('1T10:00:00'), actorOrg: rcRef, reason: null, rawStatus: '已派遣', inferred: false },
            { seq: 4, from: 'DISPATCHED', to: 'SIGNED', at: at('2T08:00:00'), actorOrg: null, reason: null, rawStatus: null, inferred: true },
            { seq: 5, from: 'SIGNED', to: 'IN_PROGRESS', at: at('2T08:00:00'), actorOrg: urbanRef, reason: null, rawStatus: '處理中', inferred: false },
            { seq: 6, from: 'IN_PROGRESS', to: 'HANDLED', at: at('3T17:00:00'), actorOrg: urbanRef, reason: '已清运', rawStatus: '已办结', inferred: false },
            { seq: 7, from: 'HANDLED', to: 'CLOSED', at: at('4T10:00:00'), actorOrg: rcRef, reason: null, rawStatus: '已关闭', inferred: false },
          ],
        },
      },
    ]);
  });

  it('infers every step a two-step history skipped (待受理 → 已办结)', () => {
    const c = caseOf(
      mapCaseRecord(
        sampleCase({
          status: '已办结',
          satisfaction: null,
          events: [
            { status: '待受理', at: '2026-03-01T09:00:00+08:00' },
            { status: '已办结', at: '2026-03-05T09:00:00+08:00' },
          ],
        }),
      ),
    );
    expect(steps(c)).toEqual(['REPORTED', 'ACCEPTED*', 'DISPATCHED*', 'SIGNED*', 'IN_PROGRESS*', 'HANDLED']);
    expect(c.events!.filter((e) => e.inferred).every((e) => e.at === '2026-03-05T09:00:00+08:00')).toBe(true);
    expect(c.closedAt).toBeNull();
  });

  it('infers an unlisted first report at created_at, and the way to a status ahead of the last step at updated_at', () => {
    const c = caseOf(mapCaseRecord(sampleCase({ status: '处理中', satisfaction: null, events: [{ status: '已受理', at: '2026-03-01T09:30:00+08:00' }] })));
    expect(steps(c)).toEqual(['REPORTED*', 'ACCEPTED', 'DISPATCHED*', 'SIGNED*', 'IN_PROGRESS*']);
    expect(c.events![0]!.at).toBe('2026-03-01T09:00:00+08:00');
    expect(c.events!.at(-1)!.at).toBe('2026-06-01T03:00:00+08:00');
    const none = caseOf(mapCaseRecord(sampleCase({ status: '待受理', satisfaction: null, events: [] })));
    expect(none.events).toEqual([{ seq: 1, from: null, to: 'REPORTED', at: '2026-03-01T09:00:00+08:00', actorOrg: null, reason: null, rawStatus: null, inferred: true }]);
  });

  it('reads 已退回 as REJECTED before acceptance and as a return (退单) after dispatch', () => {
    const rejected = caseOf(mapCaseRecord(sampleCase({ status: '已退回', satisfaction: null, handling_units: [], events: [{ status: '待受理', at: '2026-03-01T09:00:00+08:00' }, { status: '已退回', at: '2026-03-01T12:00:00+08:00', note: '不属于受理范围' }] })));
    expect(steps(rejected)).toEqual(['REPORTED', 'REJECTED']);
    expect(rejected).toMatchObject({ status: 'REJECTED', closedAt: '2026-03-01T12:00:00+08:00' });
    const returned = caseOf(
      mapCaseRecord(
        sampleCase({
          status: '处理中',
          satisfaction: null,
          events: [
            { status: '待受理', at: '2026-03-01T09:00:00+08:00' },
            { status: '已受理', at: '2026-03-01T09:10:00+08:00' },
            { status: '已派遣', at: '2026-03-01T09:20:00+08:00' },
            { status: '已退回', at: '2026-03-01T15:00:00+08:00', note: '非本单位职责' },
            { status: '已派遣', at: '2026-03-01T16:00:00+08:00' },
            { status: '处理中', at: '2026-03-02T09:00:00+08:00' },
          ],
        }),
      ),
    );
    expect(steps(returned)).toEqual(['REPORTED', 'ACCEPTED', 'DISPATCHED', 'SIGNED*', 'RETURNED', 'DISPATCHED', 'SIGNED*', 'IN_PROGRESS']);
    expect(returned.events!.find((e) => e.to === 'RETURNED')!.reason).toBe('非本单位职责');
  });

  it('reads a repeated status as a loop: re-dispatch after two returns goes through arbitration, 处理中 twice is an extension', () => {
    const t = (h: number) => `2026-03-0${1 + Math.floor(h / 24)}T${String(h % 24).padStart(2, '0')}:00:00+08:00`;
    const labels = ['待受理', '已受理', '已派遣', '已退回', '已派遣', '已退回', '已派遣', '已派遣', '处理中', '处理中', '已办结'];
    const c = caseOf(mapCaseRecord(sampleCase({ status: '已办结', satisfaction: null, events: labels.map((status, i) => ({ status, at: t(i + 1) })) })));
    expect(steps(c)).toEqual([
      'REPORTED', 'ACCEPTED', 'DISPATCHED', 'SIGNED*', 'RETURNED', 'DISPATCHED', 'SIGNED*', 'RETURNED', 'DISPATCHED',
      'SIGNED*', 'ARBITRATION*', 'DISPATCHED', 'SIGNED*', 'IN_PROGRESS', 'EXTENDED*', 'IN_PROGRESS', 'HANDLED',
    ]);
    expect(shortestLoop('REPORTED', 0)).toBeNull();
    expect(shortestLoop('CLOSED', 0)).toEqual(['REOPENED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'HANDLED', 'CLOSED']);
  });

  it('orders steps by time, drops exact repeats, and drops a repeat that has no way back (待受理 twice)', () => {
    const h = buildCaseHistory({
      createdAt: '2026-03-01T09:00:00+08:00',
      updatedAt: '2026-03-02T00:00:00+08:00',
      currentStatus: '已受理',
      actorOf: () => null,
      steps: [
        { status: '已受理', at: '2026-03-01T10:00:00+08:00', org: null, note: null },
        { status: '待受理', at: '2026-03-01T09:00:00+08:00', org: null, note: null },
        { status: '待受理', at: '2026-03-01T09:05:00+08:00', org: null, note: '补充材料' },
        { status: '已受理', at: '2026-03-01T10:00:00+08:00', org: null, note: null },
      ],
    });
    expect(h.events.map((e) => e.to)).toEqual(['REPORTED', 'ACCEPTED']);
  });

  it('hands a reporter with only a phone over by name and mobile, for the hub to match; no reporter without a phone', () => {
    const changes = mapCaseRecord(sampleCase({ reporter: { name: '王美凤', phone: '15285539857' } }));
    expect(changes.find((c) => c.entity === 'person')!.data).toEqual({ idNumber: null, name: '王美凤', mobile: '15285539857' });
    expect(caseOf(changes).reporterIdNumber).toBeNull();
    expect(caseOf(changes).reporter).toEqual({ name: '王美凤', mobile: '15285539857' });
    const nameOnly = mapCaseRecord(sampleCase({ reporter: { name: '王美凤' } }));
    expect(nameOnly.some((c) => c.entity === 'person')).toBe(false);
    expect(caseOf(nameOnly).reporter).toBeUndefined();
    expect(caseOf(mapCaseRecord(sampleCase({ reporter: null }))).reporterIdNumber).toBeNull();
  });

  it('passes identifiers through for the write path to validate (a bad check character is not map()’s business)', () => {
    const changes = mapCaseRecord(sampleCase({ reporter: { name: '王美凤', phone: '1528553', id_number: '420702196601091360' } }));
    expect(changes.find((c) => c.entity === 'person')!.data).toEqual({ idNumber: '420702196601091360', name: '王美凤', mobile: '1528553' });
  });

  it('tells the kind by channel: 12345 tickets are HOTLINE under the hotline’s numbering, grid reports are INCIDENT', () => {
    expect(caseOf(mapCaseRecord(sampleCase({ channel: '12345', ticket_no: '2509030020020005' })))).toMatchObject({ kind: 'HOTLINE', sourceSystem: '12345', sourceNo: '2509030020020005' });
    expect(caseOf(mapCaseRecord(sampleCase({ channel: '网格上报' })))).toMatchObject({ kind: 'INCIDENT', sourceSystem: 'committee-api' });
    expect(caseOf(mapCaseRecord(sampleCase({ channel: '来访' })))).toMatchObject({ kind: 'APPEAL' });
  });

  it('refers to an event organisation by the handling unit’s USCC when the names match, else by name in the community', () => {
    const c = caseOf(mapCaseRecord(sampleCase()));
    expect(c.events![4]!.actorOrg).toEqual({ ...URBAN, kind: 'GOVERNMENT_DEPT' });
    const other = caseOf(mapCaseRecord(sampleCase({ events: [{ status: '待受理', at: '2026-03-01T09:00:00+08:00', org: '江岸区某驻区单位' }] })));
    expect(other.events![0]!.actorOrg).toEqual({ name: '江岸区某驻区单位', kind: 'OTHER', areaCode: '420102002001' });
  });

  it('dead-letters what the write path cannot know: unknown or missing status, impossible histories, mojibake, unknown satisfaction', () => {
    expect(reasonOf(() => mapCaseRecord(sampleCase({ status: '待核实' })))).toBe('UNKNOWN_STATUS');
    expect(reasonOf(() => mapCaseRecord(sampleCase({ events: [{ status: '已挂起', at: '2026-03-01T09:00:00+08:00' }] })))).toBe('UNKNOWN_STATUS');
    expect(reasonOf(() => mapCaseRecord(sampleCase({ status: null })))).toBe('MISSING_FIELD');
    expect(reasonOf(() => mapCaseRecord(sampleCase({ ticket_no: ' ' })))).toBe('MISSING_FIELD');
    expect(reasonOf(() => mapCaseRecord(sampleCase({ events: [{ status: '已受理' }] })))).toBe('MISSING_FIELD');
    expect(reasonOf(() => mapCaseRecord(sampleCase({ status: '待受理' })))).toBe('ILLEGAL_TRANSITION');
    expect(reasonOf(() => mapCaseRecord(sampleCase({ events: [{ status: '待受理', at: '2026-03-01T09:00:00+08:00', note: '已电话联系锟斤拷' }] })))).toBe('MOJIBAKE');
    expect(reasonOf(() => mapCaseRecord(sampleCase({ category: 'çŽ¯å¢ƒå«ç”Ÿ' })))).toBe('MOJIBAKE');
    expect(reasonOf(() => mapCaseRecord(sampleCase({ satisfaction: '还行' })))).toBe('UNKNOWN_SATISFACTION');
  });

  it('guesses organisation kinds from names and USCC categories, OTHER when nothing fits', () => {
    expect(organizationKindOf(RC, null)).toBe('RESIDENTS_COMMITTEE');
    expect(organizationKindOf('武汉市江岸区人民政府大智街道办事处', '11420102670146340M')).toBe('STREET_OFFICE');
    expect(organizationKindOf('湖北同心物业管理有限公司', '91420106MA5XF98B3N')).toBe('PROPERTY_COMPANY');
    expect(organizationKindOf('武汉市12345市民服务热线中心', null)).toBe('GOVERNMENT_DEPT');
    expect(organizationKindOf('江岸区益家社区服务中心', '52420102MA41HXWNXW')).toBe('SOCIAL_ORG');
    expect(organizationKindOf('美林名邸業主委員會', null)).toBe('OWNERS_COMMITTEE');
    expect(organizationKindOf('武汉善邻医院', '12420102246075053T')).toBe('OTHER');
  });
});

describe('committee-api: activities and contact assignments → canonical changes', () => {
  it('maps an activity with its organiser and its participants: by ID number, else by name and phone', () => {
    expect(
      mapActivityRecord({
        id: 'ACT-420102002001-001',
        type: '志愿服务',
        title: '“双报到”党员志愿服务',
        organizer: { name: RC },
        community_code: '420102002001',
        start_at: '2026-04-15T09:00:00+08:00',
        end_at: '2026-04-15T11:30:00+08:00',
        participants: [
          { name: '邱依瑶', id_number: '420102200204101528', phone: '13428475466', hours: 2.5 },
          { name: '吴杰亮', phone: '15104551190', hours: 2 },
          { name: '付欢琼', id_number: '420111198905266129', phone: null, hours: '1' },
        ],
        updated_at: '2026-06-01T03:00:00+08:00',
      }),
    ).toEqual([
      { entity: 'organization', data: { name: RC, kind: 'RESIDENTS_COMMITTEE', areaCode: '420102002001' } },
      { entity: 'person', data: { idNumber: '420102200204101528', name: '邱依瑶', mobile: '13428475466' } },
      { entity: 'person', data: { idNumber: null, name: '吴杰亮', mobile: '15104551190' } },
      { entity: 'person', data: { idNumber: '420111198905266129', name: '付欢琼', mobile: null } },
      {
        entity: 'activity',
        data: {
          key: 'ACT-420102002001-001',
          type: '志愿服务',
          title: '“双报到”党员志愿服务',
          areaCode: '420102002001',
          startAt: '2026-04-15T09:00:00+08:00',
          endAt: '2026-04-15T11:30:00+08:00',
          organizers: [{ name: RC, kind: 'RESIDENTS_COMMITTEE', areaCode: '420102002001' }],
          participants: [
            { personIdNumber: '420102200204101528', hours: 2.5 },
            { person: { name: '吴杰亮', mobile: '15104551190' }, hours: 2 },
            { personIdNumber: '420111198905266129', hours: 1 },
          ],
        },
      },
    ]);
  });

  it('dead-letters an activity without a type or title, or with a garbled participant name', () => {
    expect(reasonOf(() => mapActivityRecord({ id: 'A1', title: 't' }))).toBe('MISSING_FIELD');
    expect(reasonOf(() => mapActivityRecord({ id: 'A1', type: '志愿服务' }))).toBe('MISSING_FIELD');
    expect(reasonOf(() => mapActivityRecord({ type: '志愿服务', title: 't' }))).toBe('MISSING_FIELD');
    expect(reasonOf(() => mapActivityRecord({ id: 'A1', type: '志愿服务', title: 't', participants: [{ name: 'é±æ¡ç', id_number: '42112419410304668X' }] }))).toBe('MOJIBAKE');
  });

  it('maps a contact assignment to the member’s households in the grid, without a party member change', () => {
    expect(
      mapContactAssignmentRecord({
        id: 'CA-420102002001001-01',
        member: { name: '邱依瑶', id_number: '420102200204101528' },
        party_org: '丹城社区第一网格党支部',
        grid_code: '420102002001001',
        households: ['100200100003', 100200100011],
        valid_from: '2023-07-20',
        valid_to: null,
        updated_at: '2026-06-01T03:00:00+08:00',
      }),
    ).toEqual([
      {
        entity: 'contactAssignment',
        data: { key: 'CA-420102002001001-01', memberIdNumber: '420102200204101528', gridCode: '420102002001001', householdNos: ['100200100003', '100200100011'], validFrom: '2023-07-20', validTo: null },
      },
    ]);
    expect(reasonOf(() => mapContactAssignmentRecord({ id: 'CA-1', member: { name: '邱依瑶' } }))).toBe('MISSING_FIELD');
  });

  it('keys records by ticket_no / id and versions them by updated_at (the read time when it is unreadable)', () => {
    const [cases, activities] = committeeApiConnector.streams;
    expect(cases!.externalId(sampleCase())).toBe('SQ42010200200100007');
    expect(cases!.version(sampleCase(), '2026-07-01T00:00:00Z')).toBe('2026-06-01T03:00:00+08:00');
    expect(cases!.version(sampleCase({ updated_at: 'yesterday' }), '2026-07-01T00:00:00Z')).toBe('2026-07-01T00:00:00Z');
    expect(activities!.externalId({ id: 42 })).toBe('42');
  });
});

describe('committee-api: every case the fake platform serves maps onto the World’s true history', () => {
  let platform: FakeCommitteePlatform;
  beforeAll(async () => {
    platform = await startFakeCommitteePlatform({ faults: false });
    platform.advanceTo(`${platform.world.meta.asOf}T23:59:59+08:00`);
  });
  afterAll(() => platform?.close());

  it('recovers every status the platform did not show, except a final ARCHIVED it cannot know about', () => {
    const truth = new Map(platform.world.cases.map((c) => [c.sourceNo, c]));
    let compared = 0;
    let inferred = 0;
    for (const record of platform.records('cases')) {
      let changes: CanonicalChange[];
      try {
        changes = mapCaseRecord(record as CommitteeCaseRecord);
      } catch (err) {
        expect(err, String(record.ticket_no)).toBeInstanceOf(RecordError);
        continue;
      }
      const c = caseOf(changes);
      const world = truth.get(String(record.ticket_no))!;
      const expected = world.events.map((e) => e.to);
      if (expected.at(-1) === 'ARCHIVED') expected.pop();
      expect({ ticket: record.ticket_no, statuses: c.events!.map((e) => e.to) }).toEqual({ ticket: record.ticket_no, statuses: expected });
      compared++;
      inferred += c.events!.filter((e) => e.inferred).length;
    }
    expect(compared).toBeGreaterThan(30);
    expect(inferred).toBeGreaterThan(compared);
  });
});
