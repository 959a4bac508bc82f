import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdueCases, escalationReason, startOverdueEscalation } from '../../src/flow/overdue-escalation';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, type CanonicalChange, type CaseInput } from '../../src/sdk/canonical-change';
import { districtFrame, s1Record } from '../support/district-frame';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * 超期督办: open cases overdue by the configured working days become SUPERVISED, once, with an
 * event and a change event; working days follow the calendar (the 2025 National Day break,
 * 1–8 Oct, with 28 Sep and 11 Oct worked), so a case overdue over the break is not yet late.
 */
const rec = (stream: string, externalId: string, changes: CanonicalChange[]): MappedRecord => s1Record(stream, externalId, changes, '2025-09-01T08:00:00+08:00');

const frame: MappedRecord[] = districtFrame('2025-09-01T08:00:00+08:00');

const caseRecord = (no: string, extra: Partial<CaseInput>): MappedRecord =>
  rec('cases', no, [
    change('case', {
      sourceSystem: 'test',
      sourceNo: no,
      kind: 'APPEAL',
      appealType: '投诉',
      communityCode: '420102002003',
      status: 'DISPATCHED',
      reportedAt: '2025-09-01T10:00:00+08:00',
      ...extra,
    }),
  ]);

/** Thursday 9 Oct 2025, the first working day after the National Day break. */
const NOW = new Date('2025-10-09T10:00:00+08:00');
const AFTER = 3;

describe.each(availableStoreKinds())('overdue escalation on %s', (kind) => {
  let hub: TestHub;
  const idOf = async (no: string) => (await hub.db.selectFrom('case_record').select('id').where('source_no', '=', no).executeTakeFirstOrThrow()).id;
  const state = async (no: string) => {
    const id = await idOf(no);
    const row = await hub.db.selectFrom('case_record').select(['supervised', 'status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    const events = await hub.db.selectFrom('case_event').selectAll().where('case_id', '=', id).where('reason', 'like', '超期督办%').execute();
    const changes = await hub.db.selectFrom('outbox').select('type').where('entity_id', '=', id).where('type', 'like', '%updated%').execute();
    return { id, ...row, events, changes: changes.length };
  };
  const run = () => escalateOverdueCases(hub, { now: NOW, afterWorkingDays: AFTER });

  beforeAll(async () => {
    hub = await createTestHub(kind, { config: { outbox: { enabled: true } } });
    const areas = await ingestBatch(hub.db, frame, hubIngestOptions(hub));
    expect(areas.outcomes.filter((o) => o.status === 'dead'), JSON.stringify(areas.outcomes)).toEqual([]);
    const r = await ingestBatch(
      hub.db,
      [
        // Thu 25 Sep: 26 Sep, 28 Sep (make-up Sunday), 29, 30 Sep and 9 Oct are 5 working days
        caseRecord('LATE', { dueAt: '2025-09-25T18:00:00+08:00' }),
        // Tue 30 Sep: 9 calendar days, but only 9 Oct is a working day
        caseRecord('OVER-BREAK', { dueAt: '2025-09-30T18:00:00+08:00' }),
        caseRecord('CLOSED', { dueAt: '2025-09-10T18:00:00+08:00', status: 'CLOSED', closedAt: '2025-10-09T09:00:00+08:00' }),
        // reported on 9 Oct: due 13 working days later, by the time limits
        caseRecord('NOT-DUE', { status: 'ACCEPTED', reportedAt: '2025-10-09T09:00:00+08:00' }),
      ],
      hubIngestOptions(hub),
    );
    expect(r).toMatchObject({ applied: 4, deadLetters: 0 });
  });
  afterAll(async () => hub?.destroy());

  it('supervises a case overdue by at least the configured working days, with one event and a change event', async () => {
    const before = await state('LATE');
    expect(before.supervised).toBe(false);
    const report = await run();
    expect(report.escalated).toEqual([before.id]);
    const after = await state('LATE');
    expect(after.supervised).toBe(true);
    expect(after.status).toBe('DISPATCHED');
    expect(after.version).toBe(before.version + 1);
    expect(after.events).toHaveLength(1);
    expect(after.events[0]).toMatchObject({ from_status: 'DISPATCHED', to_status: 'DISPATCHED', actor_org_id: null, reason: escalationReason(5) });
    expect(after.events[0]!.at.getTime()).toBe(NOW.getTime());
    expect(after.changes).toBe(before.changes + 1);
    const lineage = await hub.db.selectFrom('source_record').select('source').where('entity', '=', 'case').where('entity_id', '=', after.id).where('source', '=', 'hub').execute();
    expect(lineage).toHaveLength(1);
  });

  it('leaves a case overdue by fewer working days (across the National Day break), a closed one and one not yet due', async () => {
    for (const no of ['OVER-BREAK', 'CLOSED', 'NOT-DUE']) {
      const s = await state(no);
      expect(s.supervised, no).toBe(false);
      expect(s.events, no).toHaveLength(0);
    }
    // one working day later (Fri 10 Oct, Sat 11 Oct worked) the break case is 3 working days late
    const later = await escalateOverdueCases(hub, { now: new Date('2025-10-11T10:00:00+08:00'), afterWorkingDays: AFTER });
    expect(later.escalated).toEqual([await idOf('OVER-BREAK')]);
    expect((await state('CLOSED')).supervised).toBe(false);
  });

  it('is idempotent: a second run escalates nothing more', async () => {
    const late = await state('LATE');
    const report = await run();
    expect(report.escalated).toEqual([]);
    const again = await state('LATE');
    expect(again.version).toBe(late.version);
    expect(again.events).toHaveLength(1);
    expect(again.changes).toBe(late.changes);
  });

  it('does nothing with afterWorkingDays 0', async () => {
    await ingestBatch(hub.db, [caseRecord('OFF', { dueAt: '2025-09-01T18:00:00+08:00' })], hubIngestOptions(hub));
    expect(await escalateOverdueCases(hub, { now: NOW, afterWorkingDays: 0 })).toEqual({ candidates: 0, escalated: [] });
    expect((await state('OFF')).supervised).toBe(false);
  });

  it('escalates each case once when two runs go at the same time (two replicas)', async () => {
    const nos = ['C1', 'C2', 'C3', 'C4', 'C5'];
    await ingestBatch(hub.db, nos.map((no) => caseRecord(no, { dueAt: '2025-09-22T18:00:00+08:00', status: 'IN_PROGRESS' })), hubIngestOptions(hub));
    const [a, b] = await Promise.all([run(), run()]);
    const all = [...a.escalated, ...b.escalated];
    const ids = await Promise.all(nos.map(idOf));
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual([...ids, await idOf('OFF')].sort());
    for (const no of nos) {
      const s = await state(no);
      expect(s.supervised, no).toBe(true);
      expect(s.events, no).toHaveLength(1);
      expect(s.changes, no).toBe(1);
    }
  });

  it('runs on a timer as in `huiju start` (config cases.escalation), and stops', async () => {
    await ingestBatch(hub.db, [caseRecord('TIMER', { dueAt: '2025-09-01T18:00:00+08:00' })], hubIngestOptions(hub));
    expect(hub.config.cases.escalation).toEqual({ afterWorkingDays: 3, intervalMinutes: 15 });
    const timer = startOverdueEscalation(hub, { initialDelayMs: 0 });
    try {
      await expect.poll(async () => (await state('TIMER')).supervised, { timeout: 20_000 }).toBe(true);
    } finally {
      await timer.stop();
    }
    expect((await state('TIMER')).events).toHaveLength(1);
  });
});
