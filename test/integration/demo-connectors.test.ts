import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/demo/calendar';
import { generateWorld } from '../../src/demo/generate';
import { DEMO_SOURCE_IDS, frameRecords, loadDemoViaConnectors, rosterRecords, type ConnectorDemoResult, type ConnectorDemoStep } from '../../src/demo/load-demo-via-connectors';
import { startCommitteePlatform, type CommitteeStream, type PlatformRecord } from '../../src/demo/render/committee-platform.server';
import { renderPropertyEvents } from '../../src/demo/render/property-events.render';
import { gridWorkersOf } from '../../src/demo/render/street-office.render';
import { worldToRecords } from '../../src/demo/world-to-records';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * The demo through the real connectors (`tiny`, seed `huiju`): every source reads exactly what
 * was rendered for it, every record is applied, skipped, dead-lettered or parked (waiting for a
 * row it refers to), the dead letters are the planted mess with its reason and nothing else,
 * what still waits names a person rejected on purpose, one person known to S1 and S2 is one Person,
 * and a second run changes no row.
 */
const world = generateWorld({ profile: 'tiny', seed: 'huiju' });
const records = worldToRecords(world);

/** Reason the write path gives a person's planted defect; `null`: messy but usable. */
const PERSON_DEFECT_REASON: Record<string, string | null> = {
  INVALID_ID_CHECKSUM: 'INVALID_ID_CHECKSUM',
  INVALID_ID_DATE: 'INVALID_ID_DATE',
  MOJIBAKE_NAME: 'MOJIBAKE',
  INVALID_MOBILE: 'INVALID_MOBILE',
  LEGACY_15_DIGIT_ID: null,
  LOWERCASE_X: null,
  FULL_WIDTH_DIGITS: null,
  RETIRED_AREA_CODE: null,
  TRADITIONAL_NAME: null,
  DECORATED_MOBILE: null,
};

/** Planted persons the hub must reject, by their (planted) ID number → reason. */
const rejected = new Map(
  world.planted.filter((p) => p.collection === 'persons' && PERSON_DEFECT_REASON[p.defect]).map((p) => [p.key, PERSON_DEFECT_REASON[p.defect]!]),
);
const current = world.residencies.filter((r) => r.validTo === null);
const households = new Map(world.households.map((h) => [h.householdNo, h]));
const streetOf = (gridCode: string) => `${gridCode.slice(0, 9)}000`;

/** Households no S1 row created: every current member was rejected. */
function lostHouseholds(): string[] {
  return world.households.filter((h) => current.filter((r) => r.householdNo === h.householdNo).every((r) => rejected.has(r.personId))).map((h) => h.householdNo);
}

function reasonsOf(persons: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of persons) {
    const reason = rejected.get(id);
    if (reason) out[reason] = (out[reason] ?? 0) + 1;
  }
  return out;
}

function step(result: ConnectorDemoResult, source: string, stream: string): ConnectorDemoStep {
  const s = result.steps.find((x) => x.source === source && x.stream === stream);
  if (!s) throw new Error(`no step ${source}/${stream}`);
  return s;
}

/** Every record read was applied, skipped as unchanged/older, dead-lettered, or parked to wait for a row it refers to. */
function accounted(s: ConnectorDemoStep): void {
  expect(s.status, `${s.source}/${s.stream}`).toBe('SUCCEEDED');
  expect(s.applied + s.unchanged + s.stale + s.deadLetters + s.parked, `${s.source}/${s.stream}`).toBe(s.read);
  expect(Object.values(s.reasons).reduce((a, b) => a + b, 0)).toBe(s.deadLetters);
  expect(s.waiting ?? 0, `${s.source}/${s.stream}: waits more than it parked`).toBeLessThanOrEqual(s.parked);
}

/** Every canonical row, as JSON, table by table: what "changes no row" compares. */
async function canonicalRows(hub: TestHub): Promise<Record<string, string>> {
  const tables = ['admin_area', 'grid', 'organization', 'property_project', 'building', 'dwelling', 'household', 'person', 'residency', 'staff_role', 'party_org', 'party_member', 'contact_assignment', 'duty_item', 'case_record', 'case_event', 'case_handler', 'activity', 'activity_participant', 'match'];
  const out: Record<string, string> = {};
  for (const t of tables) {
    const { rows } = await sql<{ rows: string | null }>`select string_agg(x.j, '|' order by x.j) as rows from (select to_jsonb(t)::text as j from ${sql.table(t)} t) x`.execute(hub.db);
    out[t] = rows[0]!.rows ?? '';
  }
  return out;
}

describe.each(availableStoreKinds())('the demo through the connectors on %s', (kind) => {
  let hub: TestHub;
  let first: ConnectorDemoResult;
  const folder = mkdtempSync(join(tmpdir(), 'huiju-demo-connectors-'));
  beforeAll(async () => {
    hub = await createTestHub(kind);
    first = await loadDemoViaConnectors(hub, { profile: 'tiny', seed: 'huiju', folder });
  }, 300_000);
  afterAll(async () => {
    await hub?.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('runs every step, in dependency order, and accounts for every record read', () => {
    expect(first.failures).toEqual([]);
    expect(first.propertyEventsFrom).toBe('file');
    const streets = world.areas.filter((a) => a.level === 'street').map((a) => DEMO_SOURCE_IDS.streetOffice(a.code));
    expect([...new Set(first.steps.map((s) => s.source))]).toEqual(['demo', DEMO_SOURCE_IDS.socialOrgs, ...streets, DEMO_SOURCE_IDS.committeeApi, DEMO_SOURCE_IDS.propertyEvents]);
    for (const s of first.steps) accounted(s);
    expect(first.applied + first.unchanged + first.stale + first.deadLetters + first.parked).toBe(first.read);
  });

  it('records each step’s counts, parked ones included, in its sync run', async () => {
    const runs = await hub.db
      .selectFrom('sync_run')
      .select(['source_id', 'stream', 'mode', 'records_read', 'records_applied', 'records_skipped', 'dead_letters', 'records_parked', 'records_unparked'])
      .orderBy('started_at')
      .execute();
    expect(runs).toHaveLength(first.steps.length);
    for (const [i, s] of first.steps.entries()) {
      const run = runs[i]!;
      expect({ source: run.source_id, stream: run.stream ?? run.mode.split(':').pop() }).toEqual({ source: s.source, stream: s.stream });
      expect(run).toMatchObject({ records_read: s.read, records_applied: s.applied, records_skipped: s.unchanged + s.stale, dead_letters: s.deadLetters, records_parked: s.parked, records_unparked: s.unparked });
    }
    expect(runs.reduce((n, r) => n + r.records_parked, 0)).toBeGreaterThan(0);
  });

  it('says what still waits at the end, by source and stream, and leaves it parked: records naming a person (or household) rejected on purpose', async () => {
    const parked = await hub.db.selectFrom('parked_record').select(['source', 'stream', 'external_id', 'missing_entity']).execute();
    expect(first.waiting).toBe(parked.length);
    expect(first.waiting).toBeGreaterThan(0);
    expect(first.waitingFor.reduce((n, w) => n + w.count, 0)).toBe(first.waiting);
    for (const w of first.waitingFor) expect(parked.filter((p) => p.source === w.source && p.stream === w.stream && p.missing_entity === w.missingEntity)).toHaveLength(w.count);
    // a step's waiting records: its stream's (the frame and the rosters are several streams of source `demo`)
    const framed = new Set(frameRecords(world, records).map((r) => r.stream));
    const ofStep = (s: ConnectorDemoStep) =>
      parked.filter((p) => p.source === s.source && (s.source !== 'demo' ? p.stream === s.stream : s.stream === 'frame' ? framed.has(p.stream) : !framed.has(p.stream)));
    for (const s of first.steps) expect(s.waiting, `${s.source}/${s.stream}`).toBe(ofStep(s).length);
    // what waits is the rosters' records (no source system carries them) and the committee's naming
    // a person rejected on purpose, or a household S1 never listed because all its members were
    const platform = await startCommitteePlatform({ world, seed: 'huiju', faults: false, clock: `${addDays(world.meta.asOf, 1)}T00:00:00+08:00` });
    const served = (stream: CommitteeStream) => platform.records(stream);
    const roster = rosterRecords(world, records);
    const lost = lostHouseholds();
    try {
      for (const p of parked) {
        let payload: unknown;
        if (p.source === 'demo') payload = roster.find((r) => r.stream === p.stream && r.externalId === p.external_id)?.payload;
        else if (p.source === DEMO_SOURCE_IDS.committeeApi) payload = served(p.stream as CommitteeStream).find((r) => String(p.stream === 'cases' ? r.ticket_no : r.id) === p.external_id);
        expect(payload, `${p.source}/${p.stream} ${p.external_id} waits, and is no roster or committee record`).toBeDefined();
        const text = JSON.stringify(payload);
        const names = p.missing_entity === 'person' ? [...rejected.keys()] : p.missing_entity === 'household' ? lost : [];
        expect(names.some((key) => text.includes(key)), `${p.source}/${p.stream} ${p.external_id} waits for a ${p.missing_entity} rejected on purpose`).toBe(true);
      }
    } finally {
      await platform.close();
    }
  });

  it('loads the frame and the rosters (what no source publishes) directly, losing only records of rejected people', async () => {
    const frame = step(first, 'demo', 'frame');
    expect(frame.read).toBe(frameRecords(world, records).length);
    expect(frame.deadLetters).toBe(0);
    const roster = rosterRecords(world, records);
    const rosters = step(first, 'demo', 'rosters');
    expect(rosters.read).toBe(roster.length);
    const letters = await hub.db.selectFrom('dead_letter').select(['stream', 'external_id', 'reason_code']).where('source', '=', 'demo').execute();
    expect(letters).toHaveLength(rosters.deadLetters);
    for (const l of letters) {
      const record = roster.find((r) => r.stream === l.stream && r.externalId === l.external_id)!;
      const person = (record.payload as { personId?: string; idNumber?: string }).personId ?? (record.payload as { idNumber: string }).idNumber;
      expect(rejected.has(person), `${l.stream} ${l.external_id} names no rejected person`).toBe(true);
      expect(l.reason_code).toBe('UNRESOLVED_REFERENCE');
    }
  });

  it('S1: reads every row of each street’s exports and dead-letters exactly the rejected residents and workers', () => {
    for (const street of world.areas.filter((a) => a.level === 'street')) {
      const id = DEMO_SOURCE_IDS.streetOffice(street.code);
      const grids = world.grids.filter((g) => streetOf(g.code) === street.code);
      const workers = grids.map((g) => gridWorkersOf(world).get(g.code)).filter((p): p is string => p !== undefined);
      const residents = current.filter((r) => streetOf(households.get(r.householdNo)!.gridCode) === street.code);
      const dwellings = world.dwellings.filter((d) => streetOf(d.gridCode) === street.code);
      const duties = world.dutyItems.filter((d) => d.streetCode === street.code);
      expect(step(first, id, 'grids')).toMatchObject({ read: grids.length, applied: grids.length, deadLetters: 0 });
      expect(step(first, id, 'grid-workers')).toMatchObject({ read: workers.length });
      expect(step(first, id, 'grid-workers').reasons).toEqual(reasonsOf(workers));
      expect(step(first, id, 'dwellings')).toMatchObject({ read: dwellings.length, applied: dwellings.length, deadLetters: 0 });
      expect(step(first, id, 'residents').read).toBe(residents.length);
      expect(step(first, id, 'residents').reasons).toEqual(reasonsOf(residents.map((r) => r.personId)));
      expect(step(first, id, 'duty-items')).toMatchObject({ read: duties.length, applied: duties.length, deadLetters: 0 });
    }
    // every rejected resident was met by S1
    const residentIds = new Set(current.map((r) => r.personId));
    expect([...rejected.keys()].every((id) => residentIds.has(id))).toBe(true);
  });

  it('S3: reads every social organisation; only the planted malformed USCC is dead-lettered', () => {
    const social = world.organizations.filter((o) => o.kind === 'SOCIAL_ORG');
    const malformed = world.planted.filter((p) => p.defect === 'USCC_INVALID_FORMAT' && social.some((o) => o.key === p.key));
    expect(malformed.length).toBeGreaterThan(0);
    const s = step(first, DEMO_SOURCE_IDS.socialOrgs, 'organizations');
    expect(s).toMatchObject({ read: social.length, applied: social.length - malformed.length });
    expect(s.reasons).toEqual({ INVALID_USCC_FORMAT: malformed.length });
  });

  it('S2: reads every record the platform serves; each dead letter is a planted defect or names a rejected person', async () => {
    const platform = await startCommitteePlatform({ world, seed: 'huiju', faults: false, clock: `${addDays(world.meta.asOf, 1)}T00:00:00+08:00` });
    const served: Record<CommitteeStream, PlatformRecord[]> = {
      cases: platform.records('cases'),
      activities: platform.records('activities'),
      'contact-assignments': platform.records('contact-assignments'),
      'alliance-members': platform.records('alliance-members'),
    };
    const plants = platform.planted;
    await platform.close();
    const garbledCases = new Set(world.planted.filter((p) => p.collection === 'cases' && p.key.startsWith('committee-api/')).map((p) => p.key.split('/')[1]));
    const lost = lostHouseholds();
    const letters = await hub.db.selectFrom('dead_letter').select(['stream', 'external_id', 'reason_code']).where('source', '=', DEMO_SOURCE_IDS.committeeApi).execute();
    for (const stream of ['cases', 'activities', 'contact-assignments', 'alliance-members'] as const) {
      const s = step(first, DEMO_SOURCE_IDS.committeeApi, stream);
      expect(s.read, stream).toBe(served[stream].length);
      expect(letters.filter((l) => l.stream === stream)).toHaveLength(s.deadLetters);
    }
    for (const p of plants.filter((x) => x.expectedReason !== null)) {
      expect(letters.find((l) => l.stream === p.stream && l.external_id === p.id)?.reason_code, `${p.stream} ${p.id} (${p.defect})`).toBe(p.expectedReason);
    }
    for (const l of letters) {
      const id = (r: PlatformRecord) => String(l.stream === 'cases' ? r.ticket_no : r.id);
      const record = served[l.stream as CommitteeStream].find((r) => id(r) === l.external_id)!;
      const text = JSON.stringify(record);
      const explanations = [
        ...plants.filter((p) => p.stream === l.stream && p.id === l.external_id).map((p) => p.expectedReason),
        ...(l.stream === 'cases' && garbledCases.has(l.external_id!) ? ['MOJIBAKE'] : []),
        ...[...rejected].filter(([person]) => text.includes(person)).flatMap(([, reason]) => [reason, 'UNRESOLVED_REFERENCE']),
        ...(lost.some((h) => text.includes(h)) ? ['UNRESOLVED_REFERENCE'] : []),
        // an alliance member unit whose USCC the World planted malformed
        ...(world.planted.some((p) => p.defect === 'USCC_INVALID_FORMAT' && text.includes(world.organizations.find((o) => o.key === p.key)!.uscc!)) ? ['INVALID_USCC_FORMAT'] : []),
        // a participant or reporter whose name the World garbled, sent without an ID number the hub could reject first
        ...(world.planted.some((p) => p.defect === 'MOJIBAKE_NAME' && text.includes(world.persons.find((x) => x.idNumber === p.key)!.name)) ? ['MOJIBAKE'] : []),
      ];
      expect(explanations, `${l.stream} ${l.external_id}: ${l.reason_code} is no planted defect`).toContain(l.reason_code);
    }
  });

  it('S4: reads every event line; applies each project, committee and repair order once, dead-letters only the planted lines and the fee summaries', () => {
    const log = renderPropertyEvents(world);
    const s = step(first, DEMO_SOURCE_IDS.propertyEvents, 'events');
    const repairs = world.cases.filter((c) => c.sourceSystem === 'property-events');
    const committees = world.organizations.filter((o) => o.kind === 'OWNERS_COMMITTEE' && o.projectCode);
    const reasons: Record<string, number> = { EVENT_TYPE_NOT_MAPPED: world.propertyProjects.length };
    for (const p of log.planted) if (/^[A-Z_]+$/.test(p.expected)) reasons[p.expected] = (reasons[p.expected] ?? 0) + 1;
    expect(s).toMatchObject({ read: log.messages.length, applied: world.propertyProjects.length + committees.length + repairs.length });
    expect(s.reasons).toEqual(reasons);
    // the redelivered event changes nothing; every older version (in the log, and the one arriving late) is skipped
    expect(log.planted.map((p) => p.defect).sort()).toEqual(['BROKEN_JSON', 'DUPLICATE', 'NO_OFFSET_TIME', 'OLDER_VERSION_LATE', 'UNKNOWN_TYPE']);
    expect(s.unchanged).toBe(1);
  });

  it('resolves every repair order to the building S4 created and keeps it a REPAIR case of the firm', async () => {
    const cases = await hub.db
      .selectFrom('case_record')
      .select(['source_no', 'kind', 'building_id'])
      .where('source_system', '=', 'property-events')
      .execute();
    expect(cases).toHaveLength(world.cases.filter((c) => c.sourceSystem === 'property-events').length);
    for (const c of cases) {
      expect(c.kind).toBe('REPAIR');
      expect(c.building_id, c.source_no).not.toBeNull();
    }
  });

  it('makes a person of S1 and S2 one Person, with lineage from both and a match row', async () => {
    const { rows } = await sql<{ id: string; sources: string[]; matches: number }>`
      select p.id, array_agg(distinct s.source order by s.source) as sources,
             (select count(*)::int from match m where m.entity = 'person' and m.entity_id = p.id) as matches
      from person p join source_record s on s.entity = 'person' and s.entity_id = p.id
      group by p.id having bool_or(s.source like 'demo-street-office-%') and bool_or(s.source = 'demo-committee-api')`.execute(hub.db);
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(r.matches).toBeGreaterThanOrEqual(1);
    const { rows: dup } = await sql<{ n: number; d: number }>`select count(*)::int as n, count(distinct id_hash)::int as d from person`.execute(hub.db);
    expect(dup[0]!.n).toBe(dup[0]!.d);
    // the reporters of the committee's cases are the residents S1 listed
    const { rows: reporters } = await sql<{ n: number }>`
      select count(*)::int as n from case_record c
      where c.source_system in ('committee-api', '12345') and c.reporter_person_id is not null
        and exists (select 1 from source_record s where s.entity = 'person' and s.entity_id = c.reporter_person_id and s.source like 'demo-street-office-%')`.execute(hub.db);
    expect(reporters[0]!.n).toBeGreaterThan(10);
  });

  it('changes no row when run again', async () => {
    const before = await canonicalRows(hub);
    const letters = await hub.db.selectFrom('dead_letter').select('id').execute();
    const again = await loadDemoViaConnectors(hub, { profile: 'tiny', seed: 'huiju', folder });
    expect(again.failures).toEqual([]);
    expect(again.applied).toBe(0);
    // the connectors read nothing new; the frame and rosters are the same records again
    for (const s of again.steps.filter((x) => x.source !== 'demo')) expect(s.read, `${s.source}/${s.stream}`).toBe(0);
    expect(await canonicalRows(hub)).toEqual(before);
    expect(await hub.db.selectFrom('dead_letter').select('id').execute()).toHaveLength(letters.length);
  }, 120_000);
});

describeWithKafka('the demo’s property events through Kafka', () => {
  let hub: TestHub;
  const folder = mkdtempSync(join(tmpdir(), 'huiju-demo-kafka-'));
  afterAll(async () => {
    await hub?.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('publishes the event log to a topic once and reads the same outcome as from the file', async () => {
    hub = await createTestHub('pglite');
    const topic = `huiju.test.demo-property-events.${randomUUID().slice(0, 8)}`;
    const result = await loadDemoViaConnectors(hub, { profile: 'tiny', seed: 'huiju', folder, kafkaBrokers: kafkaBrokers(), propertyTopic: topic });
    expect(result.failures).toEqual([]);
    expect(result.propertyEventsFrom).toBe('kafka');
    const log = renderPropertyEvents(world);
    const s = step(result, DEMO_SOURCE_IDS.propertyEvents, 'events');
    accounted(s);
    expect(s.read).toBe(log.messages.length);
    expect(s.reasons).toEqual({ EVENT_TYPE_NOT_MAPPED: world.propertyProjects.length, UNKNOWN_EVENT_TYPE: 1, BAD_JSON: 1 });
    // a second run publishes nothing and reads nothing
    const again = await loadDemoViaConnectors(hub, { profile: 'tiny', seed: 'huiju', folder, kafkaBrokers: kafkaBrokers(), propertyTopic: topic });
    expect(step(again, DEMO_SOURCE_IDS.propertyEvents, 'events').read).toBe(0);
  }, 300_000);
});
