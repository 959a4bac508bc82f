import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedOnDemoStore } from '../../../connectors/committee-api/conformance';
import { mapCaseRecord } from '../../../connectors/committee-api/cases.mapping';
import type { CommitteeCaseRecord } from '../../../connectors/committee-api/committee-api.records';
import { committeeApiConnector } from '../../../connectors/committee-api/index';
import { loadDemo } from '../../../src/demo/load-demo';
import { syncSource, type StreamSyncReport } from '../../../src/ingest/sync/run-sync';
import type { ResolvedSource } from '../../../src/ingest/sync/resolve-source';
import type { CaseInput } from '../../../src/sdk/index';
import { COMMITTEE_STREAMS, startFakeCommitteePlatform, type CommitteeStream, type FakeCommitteePlatform, type PlatformRecord } from '../../support/fake-committee-platform';
import { createTestHub, type TestHub } from '../../support/test-hub';

/**
 * The committee-api connector through the hub's real sync runner and write path, on a store
 * loaded with the demo World the fake platform renders (so references resolve): one full run,
 * re-runs, and an incremental run after the platform's clock moved on.
 */
describe('committee-api synced into a store loaded with the demo World', () => {
  let hub: TestHub;
  let platform: FakeCommitteePlatform;
  let source: ResolvedSource;
  let first: StreamSyncReport[];
  const idOf = (stream: CommitteeStream, r: PlatformRecord) => String(stream === 'cases' ? r.ticket_no : r.id);

  beforeAll(async () => {
    hub = await createTestHub('pglite');
    await loadDemo(hub, { profile: 'tiny', seed: 'huiju' });
    platform = await startFakeCommitteePlatform({ profile: 'tiny', seed: 'huiju' });
    const config = committeeApiConnector.config.parse({
      baseUrl: platform.baseUrl,
      token: platform.token,
      clientId: platform.clientId,
      clientSecret: platform.clientSecret,
      pageSize: 4,
      retryBaseDelayMs: 5,
    });
    source = { id: 'committee-dazhi', connector: committeeApiConnector, config, displayConfig: {}, scheduleMs: null, baseDir: process.cwd() };
    first = await syncSource(hub, source);
  });
  afterAll(async () => {
    await platform?.close();
    await hub?.destroy();
  });

  it('applies every record but the planted mess, which is dead-lettered with its reason', async () => {
    for (const r of first) {
      const expected = expectedOnDemoStore[r.stream]!;
      expect({ stream: r.stream, status: r.status, read: r.read, applied: r.applied, deadLetters: r.reasons }).toEqual({ stream: r.stream, status: 'SUCCEEDED', ...expected });
    }
    const letters = await hub.db.selectFrom('dead_letter').select(['stream', 'external_id', 'reason_code']).where('source', '=', source.id).execute();
    const reasonOf = new Map(letters.map((l) => [`${l.stream}/${l.external_id}`, l.reason_code]));
    for (const plant of platform.planted) {
      expect({ plant: plant.defect, reason: reasonOf.get(`${plant.stream}/${plant.id}`) ?? null }).toEqual({ plant: plant.defect, reason: plant.expectedReason });
    }
    expect(JSON.stringify(letters)).not.toMatch(/\d{17}[\dX]/);
  });

  it('links the case whose reporter gave only a phone to the person the store knows, by name and mobile', async () => {
    const plant = platform.planted.find((p) => p.defect === 'PHONE_ONLY_REPORTER')!;
    const lineage = await hub.db
      .selectFrom('source_record as s')
      .leftJoin('match as m', 'm.source_record_id', 's.id')
      .select(['s.entity', 's.entity_id', 'm.method'])
      .where('s.source', '=', source.id)
      .where('s.stream', '=', 'cases')
      .where('s.external_id', '=', plant.id)
      .execute();
    expect(lineage.map((l) => l.entity)).toContain('case');
    const person = lineage.find((l) => l.entity === 'person')!;
    expect(person.method).toBe('name-mobile');
    const kase = await hub.db.selectFrom('case_record').select('reporter_person_id').where('source_no', '=', plant.id).executeTakeFirstOrThrow();
    expect(kase.reporter_person_id).toBe(person.entity_id);
    // the person it landed on is one the demo World loaded with an ID number
    const stored = await hub.db.selectFrom('person').select(['id_hash']).where('id', '=', person.entity_id).executeTakeFirstOrThrow();
    expect(stored.id_hash).not.toBeNull();
  });

  it('stores the steps the platform skipped as inferred events, and links reporters by ID number', async () => {
    const plant = platform.planted.find((p) => p.defect === 'SKIPPED_STEPS')!;
    const kase = await hub.db.selectFrom('case_record').select(['id', 'reporter_person_id', 'status']).where('source_no', '=', plant.id).executeTakeFirstOrThrow();
    const events = await hub.db.selectFrom('case_event').select(['seq', 'to_status', 'inferred']).where('case_id', '=', kase.id).orderBy('seq').execute();
    expect(events.at(0)).toMatchObject({ to_status: 'REPORTED', inferred: false });
    expect(events.at(-1)).toMatchObject({ inferred: false });
    expect(events.slice(1, -1).length).toBeGreaterThanOrEqual(4);
    expect(events.slice(1, -1).every((e) => e.inferred)).toBe(true);
    expect(kase.reporter_person_id).not.toBeNull();
  });

  it('links an activity’s participants who have no ID number by name and phone to the residents the store knows', async () => {
    const plant = platform.planted.find((p) => p.defect === 'PARTICIPANT_WITHOUT_ID')!;
    const activity = await hub.db.selectFrom('activity').select(['id']).where('natural_key', '=', plant.id).executeTakeFirstOrThrow();
    const participants = await hub.db
      .selectFrom('activity_participant as ap')
      .innerJoin('person as p', 'p.id', 'ap.person_id')
      .select(['p.id_hash'])
      .where('ap.activity_id', '=', activity.id)
      .execute();
    const record = platform.records('activities').find((r) => String(r.id) === plant.id)!;
    const withPhone = (record.participants as { phone?: string | null }[]).filter((p) => p.phone);
    expect(participants.length).toBe(withPhone.length);
    // each is a resident the demo World loaded with an ID number, not a new person
    for (const p of participants) expect(p.id_hash).not.toBeNull();
  });

  it('reads nothing again from the stored cursors, and changes no row on a full re-run', async () => {
    const resumed = await syncSource(hub, source);
    for (const r of resumed) expect(r).toMatchObject({ status: 'SUCCEEDED', read: 0 });
    const rows = async () => Promise.all(['case_record', 'activity', 'contact_assignment', 'organization', 'person'].map((t) => hub.db.selectFrom(t as 'person').select(['id', 'updated_at']).orderBy('id').execute()));
    const before = await rows();
    const letters = (await hub.db.selectFrom('dead_letter').select('id').execute()).length;
    await hub.db.deleteFrom('connector_cursor').where('source_id', '=', source.id).execute();
    const again = await syncSource(hub, source);
    for (const r of again) expect(r).toMatchObject({ status: 'SUCCEEDED', applied: 0, read: expectedOnDemoStore[r.stream]!.read });
    expect(await rows()).toEqual(before);
    expect((await hub.db.selectFrom('dead_letter').select('id').execute()).length).toBe(letters);
  });

  it('reads and applies only what changed once the platform has moved on a week', async () => {
    const before = new Map(COMMITTEE_STREAMS.map((s) => [s, new Map(platform.records(s).map((r) => [idOf(s, r), JSON.stringify(r)]))]));
    platform.advanceTo(`${platform.world.meta.asOf}T23:59:59+08:00`);
    const changed = new Map(COMMITTEE_STREAMS.map((s) => [s, platform.records(s).filter((r) => before.get(s)!.get(idOf(s, r)) !== JSON.stringify(r))]));
    expect([...changed.values()].reduce((n, c) => n + c.length, 0)).toBeGreaterThan(3);
    const next = await syncSource(hub, source);
    for (const r of next) {
      expect(r.status).toBe('SUCCEEDED');
      expect(r.read, r.stream).toBe(changed.get(r.stream as CommitteeStream)!.length);
      expect(r.applied + r.deadLetters + r.unchanged, r.stream).toBe(r.read);
    }
    // the cases that moved on carry their new status
    const deadLettered = new Set(platform.planted.filter((p) => p.expectedReason !== null).map((p) => p.id));
    const moved = changed.get('cases')!.filter((c) => before.get('cases')!.has(idOf('cases', c)) && !deadLettered.has(idOf('cases', c)));
    expect(moved.length).toBeGreaterThan(0);
    for (const record of moved) {
      const mapped = mapCaseRecord(record as CommitteeCaseRecord).find((c) => c.entity === 'case')!.data as CaseInput;
      const row = await hub.db.selectFrom('case_record').select('status').where('source_no', '=', mapped.sourceNo).executeTakeFirstOrThrow();
      expect({ ticket: mapped.sourceNo, status: row.status }).toEqual({ ticket: mapped.sourceNo, status: mapped.status });
    }
  });
});
