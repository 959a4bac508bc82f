import { describe, expect, it } from 'vitest';
import { mapCaseRecord } from '../../connectors/committee-api/cases.mapping';
import { eventsStream } from '../../connectors/property-events/events.stream';
import { propertyEventsConfigSchema } from '../../connectors/property-events/property-events.config';
import type { CanonicalChange, CaseInput } from '../../src/sdk/index';

/** The connectors' part of one case model: due times and duty items from S2, real step times from S4. */
const caseOf = (changes: readonly CanonicalChange[]): CaseInput => changes.find((c) => c.entity === 'case')!.data as CaseInput;

describe('committee-api cases: due time and duty item', () => {
  const record = {
    ticket_no: 'SQ1',
    channel: '微信',
    appeal_type: '投诉',
    category: '环境卫生',
    location: { community_code: '420102002001' },
    status: '待受理',
    events: [{ status: '待受理', at: '2026-03-01T09:00:00+08:00' }],
    created_at: '2026-03-01T09:00:00+08:00',
    updated_at: '2026-03-01T09:00:00+08:00',
  };

  it('passes the platform\'s due time and names the duty item within the case\'s street', () => {
    const c = caseOf(mapCaseRecord({ ...record, due_at: '2026-03-18T23:59:59+08:00', duty_item: { code: '420102002-JC-003', name: '生活垃圾分类' } }));
    expect(c.dueAt).toBe('2026-03-18T23:59:59+08:00');
    expect(c.dutyItem).toEqual({ streetCode: '420102002000', code: '420102002-JC-003' });
  });

  it('says nothing about a duty item the platform does not name', () => {
    const c = caseOf(mapCaseRecord(record));
    expect(c.dutyItem).toBeUndefined();
    expect(c.dueAt).toBeNull();
  });
});

describe('property-events repairs: each step at its own time', () => {
  const config = propertyEventsConfigSchema.parse({ file: 'events.jsonl' });
  const map = (data: unknown) => eventsStream.map({ specversion: '1.0', id: 'e', type: 'property.repair.updated', source: '91420102MA4K1P2Q31', time: '2026-06-05T15:00:00+08:00', data }, { config, sourceId: 'test' }) as CanonicalChange[];
  const base = { order_no: 'BX1', project_code: 'JA-XF-001', building: '3', category: '水电' };

  it('keeps the firm\'s recorded steps at their times and infers only the skipped ones', () => {
    const c = caseOf(
      map({
        ...base,
        status: '已回访',
        at: '2026-06-05T15:00:00+08:00',
        reported_at: '2026-06-01T08:00:00+08:00',
        history: [
          { status: '已受理', at: '2026-06-01T08:10:00+08:00' },
          { status: '已派工', at: '2026-06-01T09:00:00+08:00' },
          { status: '维修中', at: '2026-06-02T10:00:00+08:00' },
          { status: '已完成', at: '2026-06-03T16:00:00+08:00' },
        ],
      }),
    );
    expect(c.reportedAt).toBe('2026-06-01T00:00:00.000Z');
    expect(c.closedAt).toBe('2026-06-05T07:00:00.000Z');
    const steps = c.events!.map((e) => `${e.to}${e.inferred ? '*' : ''}@${e.at}`);
    expect(steps).toEqual([
      'REPORTED@2026-06-01T00:00:00.000Z',
      'ACCEPTED@2026-06-01T00:10:00.000Z',
      'DISPATCHED@2026-06-01T01:00:00.000Z',
      'SIGNED*@2026-06-02T02:00:00.000Z',
      'IN_PROGRESS@2026-06-02T02:00:00.000Z',
      'HANDLED@2026-06-03T08:00:00.000Z',
      'CLOSED@2026-06-05T07:00:00.000Z',
    ]);
    expect(c.events!.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('without a history, infers every earlier step at the event\'s time, as before', () => {
    const c = caseOf(map({ ...base, status: '维修中', at: '2026-06-05T15:00:00+08:00' }));
    expect(c.events!.map((e) => `${e.to}${e.inferred ? '*' : ''}`)).toEqual(['REPORTED*', 'ACCEPTED*', 'DISPATCHED*', 'SIGNED*', 'IN_PROGRESS']);
    expect(new Set(c.events!.map((e) => e.at)).size).toBe(1);
  });
});
