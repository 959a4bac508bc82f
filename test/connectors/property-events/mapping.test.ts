/**
 * property-events: config, CloudEvents envelope, keys and versions, and map() per event type.
 * Pure: no broker, no store.
 */
import { describe, expect, it } from 'vitest';
import { propertyEventsConnector } from '../../../connectors/property-events/index';
import { eventsStream } from '../../../connectors/property-events/events.stream';
import { eventLogOf, propertyEventsConfigSchema, type PropertyEventsConfig } from '../../../connectors/property-events/property-events.config';
import type { CaseInput, OrganizationInput } from '../../../src/sdk/canonical-change';
import { RecordError } from '../../../src/sdk/connector-error';

const FIRM = '91420102MA4K1P2Q31';
const config = propertyEventsConfigSchema.parse({ file: 'events.jsonl' });
const map = (record: unknown) => eventsStream.map(record, { config, sourceId: 'test' });

function event(type: string, data: unknown, extra: Record<string, unknown> = {}) {
  return { specversion: '1.0', id: 'evt-1', type, source: FIRM, time: '2026-06-05T15:00:00+08:00', data, ...extra };
}

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RecordError);
    return (err as RecordError).code;
  }
  throw new Error('expected a RecordError');
}

const project = {
  project_code: 'JA-XF-001',
  name: '幸福里小区',
  community_code: '420102002003',
  company: { uscc: FIRM, name: '武汉安居物业服务有限公司' },
  buildings: [
    { no: '1', units: 2, floors: 18 },
    { no: '3', units: '3', floors: '11' },
  ],
  contract: { from: '2024-01-01', to: '2026-12-31', fee_per_m2: '1.95' },
};

const repair = (over: Record<string, unknown> = {}) => ({
  order_no: 'WX-0001',
  project_code: 'JA-XF-001',
  building: '3',
  unit: '2',
  room: '501',
  category: '水电',
  content: '卫生间水管漏水。',
  reporter: { name: '刘某某', phone: '13900001234' },
  status: '维修中',
  at: '2026-06-05T15:00:00+08:00',
  escalated_to_committee: false,
  ...over,
});

describe('config', () => {
  it('takes exactly one of brokers (+ topic) or file, with defaults', () => {
    const kafka = propertyEventsConfigSchema.parse({ brokers: '127.0.0.1:19092, kafka-2:9092' });
    expect(kafka).toEqual({ brokers: ['127.0.0.1:19092', 'kafka-2:9092'], maxMessageBytes: 1_048_576 });
    expect(eventLogOf({ config: kafka, sourceId: 'pe', baseDir: '/etc/huiju' })).toEqual({ mode: 'kafka', brokers: ['127.0.0.1:19092', 'kafka-2:9092'], topic: 'property.events', security: { baseDir: '/etc/huiju' } });
    const file = propertyEventsConfigSchema.parse({ file: 'drop/events.jsonl' });
    expect(eventLogOf({ config: file, sourceId: 'pe', baseDir: '/etc/huiju' })).toEqual({ mode: 'file', path: '/etc/huiju/drop/events.jsonl' });
    // the file stays inside the config folder unless the source allows paths outside it
    const passwd = propertyEventsConfigSchema.parse({ file: '/etc/passwd' });
    expect(() => eventLogOf({ config: passwd, sourceId: 'pe', baseDir: '/etc/huiju' })).toThrow('sources[pe].config.file: resolves outside the config folder (/etc/passwd)');
    expect(eventLogOf({ config: passwd, sourceId: 'pe', baseDir: '/etc/huiju', allowPathsOutside: true })).toEqual({ mode: 'file', path: '/etc/passwd' });
    for (const bad of [{}, { brokers: ['a:1'], file: 'x' }, { file: 'x', topic: 't' }, { brokers: ['no-port'] }, { brokers: '' }, { brokers: ['a:1'], topic: 'bad topic' }, { file: 'x', extra: 1 }]) {
      expect(propertyEventsConfigSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('answers check() for a missing file as a config problem', async () => {
    const ctx = { config: propertyEventsConfigSchema.parse({ file: 'nope.jsonl' }) as PropertyEventsConfig, sourceId: 't', signal: new AbortController().signal, baseDir: '/nonexistent', logger: { debug() {}, info() {}, warn() {} } };
    expect(await propertyEventsConnector.check(ctx)).toMatchObject({ ok: false, kind: 'config' });
  });
});

describe('the CloudEvents envelope', () => {
  it('keys every version of one object alike, by family, and versions it by time', () => {
    expect(eventsStream.externalId(event('property.project.upserted', project))).toBe('project:JA-XF-001');
    expect(eventsStream.externalId(event('property.repair.updated', repair({ order_no: ' wx-0001 ' })))).toBe('repair:WX-0001');
    expect(eventsStream.externalId(event('property.repair.created', repair()))).toBe('repair:WX-0001');
    expect(eventsStream.externalId(event('property.owners_committee.filed', { filing_no: 'YWH-1' }))).toBe('owners-committee:YWH-1');
    expect(eventsStream.externalId(event('property.fee.summary', { project_code: 'P', period: '2026-05' }))).toBe('fee-summary:P:2026-05');
    expect(eventsStream.externalId(event('property.parking.assigned', {}))).toBe('event:evt-1');
    expect(eventsStream.externalId('not an object')).toBe('event:');
    expect(eventsStream.version(event('x', {}), 'READ')).toBe('2026-06-05T07:00:00.000Z');
    expect(eventsStream.version(event('x', {}, { time: '2026-06-07 16:30:00' }), 'READ')).toBe('2026-06-07T08:30:00.000Z');
    expect(eventsStream.version(event('x', {}, { time: 'yesterday' }), 'READ')).toBe('READ');
  });

  it('dead-letters what is not a usable CloudEvent, each with its reason', () => {
    expect(reason(() => map(event('property.parking.assigned', {})))).toBe('UNKNOWN_EVENT_TYPE');
    expect(reason(() => map(event('property.repair.created', repair(), { specversion: '0.3' })))).toBe('UNSUPPORTED_SPEC_VERSION');
    expect(reason(() => map({ ...event('property.repair.created', repair()), specversion: undefined }))).toBe('MISSING_FIELD');
    expect(reason(() => map(event('property.repair.created', repair(), { time: undefined })))).toBe('MISSING_FIELD');
    expect(reason(() => map(event('property.repair.created', repair(), { time: '2026-13-01T00:00:00Z' })))).toBe('INVALID_TIMESTAMP');
    expect(reason(() => map(event('property.repair.created', repair(), { source: ' ' })))).toBe('MISSING_FIELD');
    expect(reason(() => map(event('property.repair.created', null)))).toBe('MISSING_FIELD');
    expect(reason(() => map(event('property.repair.created', undefined, { data_base64: 'e30=' })))).toBe('MISSING_FIELD');
  });

  it('keeps fee summaries as dead letters for replay: the canonical model has no fee summary yet', () => {
    expect(reason(() => map(event('property.fee.summary', { project_code: 'JA-XF-001', period: '2026-05', billed: 1, collected: 1 })))).toBe('EVENT_TYPE_NOT_MAPPED');
  });
});

describe('property.project.upserted', () => {
  it('maps to the company, the project with its contract, and its buildings', () => {
    expect(map(event('property.project.upserted', project))).toEqual([
      { entity: 'organization', data: { uscc: FIRM, name: '武汉安居物业服务有限公司', kind: 'PROPERTY_COMPANY' } },
      {
        entity: 'propertyProject',
        data: {
          code: 'JA-XF-001',
          name: '幸福里小区',
          communityCode: '420102002003',
          company: { uscc: FIRM, name: '武汉安居物业服务有限公司', kind: 'PROPERTY_COMPANY' },
          contractFrom: '2024-01-01',
          contractTo: '2026-12-31',
          feePerM2: 1.95,
        },
      },
      { entity: 'building', data: { communityCode: '420102002003', projectCode: 'JA-XF-001', buildingNo: '1', units: 2, floors: 18 } },
      { entity: 'building', data: { communityCode: '420102002003', projectCode: 'JA-XF-001', buildingNo: '3', units: 3, floors: 11 } },
    ]);
  });

  it('needs a code, a name and a community; numbers must be numbers', () => {
    const without = (field: string) => Object.fromEntries(Object.entries(project).filter(([k]) => k !== field));
    for (const field of ['project_code', 'name', 'community_code']) expect(reason(() => map(event('property.project.upserted', without(field))))).toBe('MISSING_FIELD');
    expect(reason(() => map(event('property.project.upserted', { ...project, company: { uscc: FIRM } })))).toBe('MISSING_FIELD');
    expect(reason(() => map(event('property.project.upserted', { ...project, buildings: [{ units: 2 }] })))).toBe('MISSING_FIELD');
    expect(reason(() => map(event('property.project.upserted', { ...project, buildings: [{ no: '1', floors: '十八' }] })))).toBe('INVALID_NUMBER');
    expect(reason(() => map(event('property.project.upserted', { ...project, contract: { fee_per_m2: '1.8元' } })))).toBe('INVALID_NUMBER');
    const bare = map(event('property.project.upserted', { project_code: 'P2', name: '和平苑', community_code: '420102002003' }));
    expect(bare).toEqual([{ entity: 'propertyProject', data: { code: 'P2', name: '和平苑', communityCode: '420102002003', company: null, contractFrom: null, contractTo: null, feePerM2: null } }]);
  });
});

describe('property.repair.created / .updated', () => {
  const caseOf = (record: unknown) => {
    const changes = map(record);
    expect(changes.map((c) => c.entity).filter((e) => e !== 'person' && e !== 'building')).toEqual(['case']);
    return changes.find((c) => c.entity === 'case')!.data as CaseInput;
  };

  it('refers to its building as a reference row, so a building the project never listed is created, not a failure', () => {
    const changes = map(event('property.repair.updated', repair()));
    expect(changes.filter((c) => c.entity === 'building')).toEqual([{ entity: 'building', data: { communityCode: '', projectCode: 'JA-XF-001', buildingNo: '3' }, reference: true }]);
    expect((changes.find((c) => c.entity === 'case')!.data as CaseInput).building).toEqual({ communityCode: '', projectCode: 'JA-XF-001', buildingNo: '3' });
  });

  it('hands the reporter over by name and phone for the hub to match (no ID number in the event); none without a phone', () => {
    const changes = map(event('property.repair.updated', repair()));
    expect(changes[0]).toEqual({ entity: 'person', data: { name: '刘某某', mobile: '13900001234' } });
    expect(caseOf(event('property.repair.updated', repair())).reporter).toEqual({ name: '刘某某', mobile: '13900001234' });
    const withoutPhone = map(event('property.repair.updated', repair({ reporter: { name: '刘某某' } })));
    expect(withoutPhone.map((c) => c.entity)).toEqual(['building', 'case']);
    expect((withoutPhone[1]!.data as CaseInput).reporter ?? null).toBeNull();
    // a landline cannot identify a person: the order is mapped without its reporter, not refused
    const landline = map(event('property.repair.updated', repair({ reporter: { name: '刘某某', phone: '027-8888 1234' } })));
    expect(landline.map((c) => c.entity)).toEqual(['building', 'case']);
    expect((landline[1]!.data as CaseInput).reporter ?? null).toBeNull();
  });

  it('maps an order to a REPAIR case handled by the firm, on its building', () => {
    const c = caseOf(event('property.repair.updated', repair()));
    expect(c).toMatchObject({
      sourceSystem: 'property-events',
      sourceNo: 'WX-0001',
      kind: 'REPAIR',
      category: '水电',
      title: '水电报修',
      content: '卫生间水管漏水。',
      building: { projectCode: 'JA-XF-001', buildingNo: '3' },
      address: '3栋2单元501',
      status: 'IN_PROGRESS',
      reportedAt: '2026-06-05T07:00:00.000Z',
      closedAt: null,
      handlers: [{ org: { uscc: FIRM, kind: 'PROPERTY_COMPANY' }, role: 'LEAD' }],
    });
    expect(c.reporterIdNumber ?? null).toBeNull();
  });

  it('states the way from REPORTED to the current status, with only what the event saw as observed', () => {
    const updated = caseOf(event('property.repair.updated', repair()));
    expect(updated.events!.map((e) => [e.seq, e.from, e.to, e.inferred, e.rawStatus])).toEqual([
      [1, null, 'REPORTED', true, null],
      [2, 'REPORTED', 'ACCEPTED', true, null],
      [3, 'ACCEPTED', 'DISPATCHED', true, null],
      [4, 'DISPATCHED', 'SIGNED', true, null],
      [5, 'SIGNED', 'IN_PROGRESS', false, '维修中'],
    ]);
    expect(updated.events!.every((e) => e.at === '2026-06-05T07:00:00.000Z')).toBe(true);
    expect(updated.events!.at(-1)!.actorOrg).toMatchObject({ uscc: FIRM });

    const created = caseOf(event('property.repair.created', repair({ status: '已受理', at: '2026-06-05T09:00:00+08:00' })));
    expect(created.events!.map((e) => [e.to, e.inferred])).toEqual([
      ['REPORTED', false],
      ['ACCEPTED', false],
    ]);

    const closed = caseOf(event('property.repair.updated', repair({ status: '已回访', at: '2026-06-09T10:00:00+08:00' })));
    expect(closed).toMatchObject({ status: 'CLOSED', closedAt: '2026-06-09T02:00:00.000Z' });
    expect(closed.events!.map((e) => e.to)).toEqual(['REPORTED', 'ACCEPTED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'HANDLED', 'CLOSED']);
    expect(caseOf(event('property.repair.updated', repair({ status: '已完成' }))).status).toBe('HANDLED');
    expect(caseOf(event('property.repair.updated', repair({ status: '已派工' }))).status).toBe('DISPATCHED');
  });

  it('keeps an escalation to the residents’ committee as the reason of the current step', () => {
    const c = caseOf(event('property.repair.created', repair({ escalated_to_committee: true, status: '已受理' })));
    expect(c.events!.at(-1)!.reason).toBe('已提交居委会协同处理（业务协同流转）');
    expect(c.handlers).toHaveLength(1);
    expect(caseOf(event('property.repair.created', repair({ escalated_to_committee: '是' }))).events!.at(-1)!.reason).not.toBeNull();
  });

  it('reads the firm from a URI source, and places an order without a building by its project only', () => {
    const c = caseOf(event('property.repair.updated', repair({ building: null, unit: null, room: null }), { source: `urn:uscc:${FIRM}` }));
    expect(c.handlers![0]!.org.uscc).toBe(FIRM);
    expect(c).toMatchObject({ building: null, address: null });
  });

  it('dead-letters an order without its number, project, status or time, and an unknown status', () => {
    for (const field of ['order_no', 'project_code', 'status', 'at']) expect(reason(() => map(event('property.repair.updated', repair({ [field]: undefined }))))).toBe('MISSING_FIELD');
    expect(reason(() => map(event('property.repair.updated', repair({ status: '已挂起' }))))).toBe('UNKNOWN_STATUS');
    expect(reason(() => map(event('property.repair.updated', repair({ at: 'soon' }))))).toBe('INVALID_TIMESTAMP');
  });
});

describe('property.owners_committee.filed', () => {
  const filed = { project_code: 'JA-XF-001', term_from: '2026-06-01', term_to: '2031-05-31', members: [{ name: '陈某某', role: '主任', is_party_member: true }], filed_at: '2026-06-02', filing_no: 'YWH-JA-2026-001' };

  it('maps to an OWNERS_COMMITTEE organization by filing number, and stores nothing about its members', () => {
    const changes = map(event('property.owners_committee.filed', filed));
    expect(changes).toEqual([{ entity: 'organization', data: { kind: 'OWNERS_COMMITTEE', filingNo: 'YWH-JA-2026-001', name: 'JA-XF-001业主委员会' } }]);
    expect(JSON.stringify(changes)).not.toMatch(/陈某某|is_party_member|主任/);
    expect((changes[0]!.data as OrganizationInput).kind).toBe('OWNERS_COMMITTEE');
  });

  it('needs the filing number and the project', () => {
    expect(reason(() => map(event('property.owners_committee.filed', { ...filed, filing_no: '' })))).toBe('MISSING_FIELD');
    expect(reason(() => map(event('property.owners_committee.filed', { ...filed, project_code: null })))).toBe('MISSING_FIELD');
  });
});
