import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../src/demo/generate';
import { loadDemo, type DemoResult } from '../../src/demo/load-demo';
import type { World } from '../../src/demo/world.types';
import { worldToRecords } from '../../src/demo/world-to-records';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { expireParkedRecords } from '../../src/ingest/park/expire-parked';
import { parkedTotal } from '../../src/ingest/park/parked-records.repository';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/** What the write path must do with each kind of planted value. */
const EXPECTED_REASON: Record<string, string | null> = {
  INVALID_ID_CHECKSUM: 'INVALID_ID_CHECKSUM',
  INVALID_ID_DATE: 'INVALID_ID_DATE',
  MOJIBAKE_NAME: 'MOJIBAKE',
  MOJIBAKE_TEXT: 'MOJIBAKE',
  INVALID_MOBILE: 'INVALID_MOBILE',
  USCC_INVALID_FORMAT: 'INVALID_USCC_FORMAT',
  // messy but usable: normalised and accepted
  LEGACY_15_DIGIT_ID: null,
  LOWERCASE_X: null,
  FULL_WIDTH_DIGITS: null,
  RETIRED_AREA_CODE: null,
  TRADITIONAL_NAME: null,
  DECORATED_MOBILE: null,
  USCC_CHECKSUM_PILOT: null,
};

function plantedRecord(records: MappedRecord[], p: World['planted'][number]): number {
  const index = records.findIndex((r) => {
    const payload = r.payload as Record<string, unknown>;
    if (p.collection === 'persons') return r.stream === 'persons' && payload.idNumber === p.key;
    if (p.collection === 'organizations') return r.stream === 'organizations' && payload.key === p.key;
    if (p.collection === 'cases') return r.stream === 'cases' && `${payload.sourceSystem}/${payload.sourceNo}` === p.key;
    return false;
  });
  if (index < 0) throw new Error(`no record for planted ${p.collection} ${p.defect}`);
  return index;
}

describe.each(availableStoreKinds())('demo data through the write path on %s', (kind) => {
  let hub: TestHub;
  let world: World;
  let records: MappedRecord[];
  let first: DemoResult;
  /** Records still waiting (parked) for a row when the load ended: those naming a rejected person. */
  let waiting: number;
  beforeAll(async () => {
    hub = await createTestHub(kind);
    world = generateWorld({ profile: 'tiny', seed: 'huiju' });
    records = worldToRecords(world);
    first = await loadDemo(hub, { profile: 'tiny', seed: 'huiju', batchSize: 300 });
    waiting = await parkedTotal(hub.db);
    expect(first.waiting).toBe(waiting);
    // the person they name never comes: after ingest.parkedFor (here: at once) they are dead letters
    await expireParkedRecords(hub.db, hub.vault, { parkedForMs: 0, all: true });
  });
  afterAll(async () => hub?.destroy());

  it('accounts for every record: applied + unchanged + stale + dead-lettered + parked = read, in its result and its sync run', async () => {
    expect(first.read).toBe(records.length);
    expect(waiting).toBeGreaterThan(0);
    expect(first.applied + first.unchanged + first.stale + first.deadLetters + first.parked).toBe(first.read);
    // a record parked and applied later in the load (its row in a later batch) waits no longer
    expect(first.parked - first.unparked).toBe(waiting);
    const letters = await hub.db.selectFrom('dead_letter').select(['reason_code']).execute();
    expect(letters).toHaveLength(first.deadLetters + waiting);
    const run = await hub.db.selectFrom('sync_run').select(['records_read', 'records_applied', 'records_skipped', 'dead_letters', 'records_parked', 'records_unparked']).executeTakeFirstOrThrow();
    expect(run).toEqual({
      records_read: first.read,
      records_applied: first.applied,
      records_skipped: first.unchanged + first.stale,
      dead_letters: first.deadLetters,
      records_parked: first.parked,
      records_unparked: first.unparked,
    });
  });

  it('dead-letters every unusable planted value with its reason, accepts every messy-but-usable one', async () => {
    const letters = await hub.db.selectFrom('dead_letter').select(['reason_code', 'position', 'stream']).execute();
    const byIndex = new Map(letters.map((l) => [Number((l.position as { index: number }).index), l.reason_code]));
    expect(world.planted.length).toBeGreaterThan(5);
    for (const p of world.planted) {
      const expected = EXPECTED_REASON[p.defect];
      expect(expected, `unknown planted defect ${p.defect}`).not.toBeUndefined();
      const got = byIndex.get(plantedRecord(records, p)) ?? null;
      expect({ defect: p.defect, reason: got }).toEqual({ defect: p.defect, reason: expected });
    }
  });

  it('dead-letters the records that point at a rejected person, and nothing else', async () => {
    const letters = await hub.db.selectFrom('dead_letter').select(['reason_code', 'position', 'message']).where('reason_code', '=', 'UNRESOLVED_REFERENCE').execute();
    const rejectedIds = new Set(world.planted.filter((p) => p.collection === 'persons' && EXPECTED_REASON[p.defect]).map((p) => p.key));
    expect(letters).toHaveLength(waiting);
    for (const l of letters) {
      const record = records[Number((l.position as { index: number }).index)]!;
      expect(l.message).toMatch(/^person \(by ID number\) not found: waited since /);
      const text = JSON.stringify(record.payload);
      expect([...rejectedIds].some((id) => text.includes(id)), `${record.stream} record refers to no rejected person`).toBe(true);
    }
  });

  it('stores no clear ID number or mobile anywhere in dead letters', async () => {
    const text = JSON.stringify(await hub.db.selectFrom('dead_letter').selectAll().execute());
    for (const p of world.persons.slice(0, 300)) {
      if (/^\d{17}[\dX]$/.test(p.idNumber)) expect(text).not.toContain(p.idNumber);
      if (p.mobile && /^1\d{10}$/.test(p.mobile)) expect(text).not.toContain(p.mobile);
    }
  });

  it('changes nothing when the same demo is loaded again', async () => {
    const before = await hub.db.selectFrom('person').select(['id', 'updated_at']).orderBy('id').execute();
    const again = await loadDemo(hub, { profile: 'tiny', seed: 'huiju' });
    expect(again).toMatchObject({ applied: 0, unchanged: first.applied, stale: 0, parked: waiting, waiting });
    expect(again.unchanged + again.deadLetters + again.parked).toBe(again.read);
    expect(await hub.db.selectFrom('person').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(before);
    const letters = await hub.db.selectFrom('dead_letter').select('id').execute();
    // no new dead letter: the records naming a rejected person wait again (the expired ones stay)
    expect(letters).toHaveLength(first.deadLetters + waiting);
    expect(await parkedTotal(hub.db)).toBe(waiting);
    const runs = await hub.db.selectFrom('sync_run').select(['status', 'records_read', 'records_applied']).orderBy('started_at').execute();
    expect(runs).toEqual([
      { status: 'SUCCEEDED', records_read: first.read, records_applied: first.applied },
      { status: 'SUCCEEDED', records_read: first.read, records_applied: 0 },
    ]);
  });
});
