/**
 * Out-of-order references resolve themselves (src/ingest/park/): a record whose reference the
 * store does not hold yet is parked, applied when the row lands (in the same sync, a later one,
 * or by any later batch), and after `ingest.parkedFor` becomes an `UNRESOLVED_REFERENCE` dead letter.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestBatch, hubIngestOptions } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { expireParkedRecords } from '../../src/ingest/park/expire-parked';
import { parkedForMs } from '../../src/ingest/park/parked-for';
import { listParked, parkedTotal } from '../../src/ingest/park/parked-records.repository';
import { settleParked } from '../../src/ingest/park/settle-parked';
import { replayDeadLetters } from '../../src/ingest/replay-dead-letters';
import { syncSource } from '../../src/ingest/sync/run-sync';
import { hubMetrics } from '../../src/metrics/hub-metrics';
import { change, reference } from '../../src/sdk';
import { districtFrame, FRAME_COMMUNITY } from '../support/district-frame';
import { gridCode, gridResidentsSource, MISSING_GRID, residentIdNumber, residentName } from '../support/grid-residents';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const V1 = '2026-03-01T00:00:00Z';

function rec(source: string, stream: string, externalId: string, changes: MappedRecord['changes'], version = V1): MappedRecord {
  return { kind: 'mapped', source, stream, externalId, version, payload: { externalId, changes }, changes };
}

describe.each(availableStoreKinds())('parked records on %s', (kind) => {
  const hubs: TestHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.destroy().catch(() => {});
  });
  /** A hub holding the district frame (areas down to the community the grids lie in). */
  const freshHub = async (config?: Record<string, unknown>) => {
    const hub = await createTestHub(kind, config ? { config } : {});
    hubs.push(hub);
    const frame = await ingestBatch(hub.db, districtFrame(V1), hubIngestOptions(hub));
    expect(frame.deadLetters).toBe(0);
    return hub;
  };
  const count = async (hub: TestHub, table: 'person' | 'household' | 'residency' | 'dead_letter' | 'grid') => Number((await hub.db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  const householdsWithoutGrid = async (hub: TestHub) => Number((await sql<{ n: string }>`select count(*) as n from household where grid_id is null`.execute(hub.db)).rows[0]!.n);

  it('applies residents read before their grids in one sync: parked, then applied by the grids’ batches, no dead letter', async () => {
    const hub = await freshHub();
    const residents = 230;
    const reports = await syncSource(hub, gridResidentsSource('gr-one', { grids: 7, residents }), { batchSize: 40 });
    const [r, g] = reports;
    expect(reports.map((x) => [x.stream, x.status])).toEqual([
      ['residents', 'SUCCEEDED'],
      ['grids', 'SUCCEEDED'],
    ]);
    expect(r).toMatchObject({ read: residents, applied: 0, parked: residents, deadLetters: 0, waiting: 0 });
    expect(g).toMatchObject({ read: 7, applied: 7, deadLetters: 0, unparked: residents, waiting: 0 });
    expect(await count(hub, 'person')).toBe(residents);
    expect(await count(hub, 'residency')).toBe(residents);
    expect(await householdsWithoutGrid(hub)).toBe(0);
    expect(await count(hub, 'dead_letter')).toBe(0);
    expect(await parkedTotal(hub.db)).toBe(0);
    // the residents' lineage is theirs, as if they had arrived after their grids
    const lineage = await hub.db.selectFrom('source_record').select(sql<string>`count(distinct external_id)`.as('n')).where('source', '=', 'gr-one').where('stream', '=', 'residents').executeTakeFirstOrThrow();
    expect(Number(lineage.n)).toBe(residents);
    // a second run changes nothing and parks nothing
    await hub.db.deleteFrom('connector_cursor').execute();
    const again = await syncSource(hub, gridResidentsSource('gr-one', { grids: 7, residents }), { batchSize: 40 });
    expect(again.map((x) => ({ applied: x.applied, parked: x.parked, deadLetters: x.deadLetters }))).toEqual([
      { applied: 0, parked: 0, deadLetters: 0 },
      { applied: 0, parked: 0, deadLetters: 0 },
    ]);
  });

  it('applies residents of one sync when a later sync brings their grids; meanwhile they wait encrypted and are counted in /metrics', async () => {
    const hub = await freshHub();
    const residents = 60;
    const source = gridResidentsSource('gr-two', { grids: 3, residents });
    const [first] = await syncSource(hub, source, { streams: ['residents'] });
    expect(first).toMatchObject({ read: residents, parked: residents, applied: 0, deadLetters: 0, waiting: residents });
    expect(await count(hub, 'person')).toBe(0);
    expect(await count(hub, 'dead_letter')).toBe(0);
    // nothing personal in clear in the parking lot
    const text = JSON.stringify(await hub.db.selectFrom('parked_record').selectAll().execute());
    for (let i = 0; i < residents; i += 7) {
      expect(text).not.toContain(residentIdNumber(i));
      expect(text).not.toContain(residentName(i));
    }
    const waiting = await listParked(hub.db, { source: 'gr-two', limit: 500 });
    expect(waiting).toHaveLength(residents);
    expect(new Set(waiting.map((w) => w.message))).toEqual(new Set([0, 1, 2].map((n) => `grid ${gridCode(n)} not found`)));
    const scrape = await hubMetrics(hub).scrape();
    expect(scrape).toContain(`huiju_ingest_parked_records{source="gr-two"} ${residents}`);

    const [grids] = await syncSource(hub, source, { streams: ['grids'] });
    expect(grids).toMatchObject({ applied: 3, unparked: residents, deadLetters: 0, waiting: 0 });
    expect(await count(hub, 'person')).toBe(residents);
    expect(await householdsWithoutGrid(hub)).toBe(0);
    expect(await parkedTotal(hub.db)).toBe(0);
    expect(await hubMetrics(hub).scrape()).not.toContain('huiju_ingest_parked_records{source="gr-two"}');
  });

  it('keeps one parked version per source record: a newer one replaces it, an older one is stale, one that applies drops it', async () => {
    const hub = await freshHub();
    const household = (grid: string, v: string) => rec('s1', 'households', 'h1', [change('household', { householdNo: 'PH-1', kind: 'RESIDENT', gridCode: grid })], v);
    const opts = hubIngestOptions(hub);
    expect((await ingestBatch(hub.db, [household(gridCode(0), '2026-03-02T00:00:00Z')], opts)).outcomes).toEqual([{ status: 'parked', message: `grid ${gridCode(0)} not found` }]);
    expect((await ingestBatch(hub.db, [household(gridCode(1), '2026-03-03T00:00:00Z')], opts)).parked).toBe(1);
    let rows = await hub.db.selectFrom('parked_record').select(['missing_key', 'source_version', 'attempts']).execute();
    expect(rows.map((r) => [r.missing_key, new Date(r.source_version).toISOString(), r.attempts])).toEqual([[gridCode(1), '2026-03-03T00:00:00.000Z', 2]]);
    // an older version than the one waiting
    expect((await ingestBatch(hub.db, [household(gridCode(2), '2026-03-01T00:00:00Z')], opts)).outcomes).toEqual([{ status: 'stale' }]);
    rows = await hub.db.selectFrom('parked_record').select(['missing_key', 'source_version', 'attempts']).execute();
    expect(rows.map((r) => r.missing_key)).toEqual([gridCode(1)]);
    // a newer version that names no grid applies: nothing waits for the old one any more
    const applies = rec('s1', 'households', 'h1', [change('household', { householdNo: 'PH-1', kind: 'RESIDENT', communityCode: FRAME_COMMUNITY })], '2026-03-04T00:00:00Z');
    expect((await ingestBatch(hub.db, [applies], opts)).applied).toBe(1);
    expect(await parkedTotal(hub.db)).toBe(0);
    // so when the grid lands later, the older version is not applied over the newer one
    const grid = rec('s1', 'grids', gridCode(1), [change('grid', { code: gridCode(1), name: '网格', communityCode: FRAME_COMMUNITY })]);
    expect((await ingestBatch(hub.db, [grid], opts)).unparked).toBe(0);
    expect(await householdsWithoutGrid(hub)).toBe(1);
  });

  it('applies a repair order that arrives before its project, with the building it names', async () => {
    const hub = await freshHub();
    const opts = hubIngestOptions(hub);
    const building = { communityCode: FRAME_COMMUNITY, projectCode: 'PK-001', buildingNo: '3栋' };
    const repair = rec('s4', 'events', 'WX-1', [
      reference('building', building),
      change('case', { sourceSystem: 's4', sourceNo: 'WX-1', kind: 'REPAIR', category: '水电', status: 'REPORTED', reportedAt: '2026-03-01T09:00:00+08:00', building }),
    ]);
    const early = await ingestBatch(hub.db, [repair], opts);
    expect(early).toMatchObject({ parked: 1, deadLetters: 0, applied: 0 });
    expect((await listParked(hub.db))[0]!.message).toContain('PK-001');
    const project = rec('s4', 'events', 'PRJ-1', [change('propertyProject', { code: 'PK-001', name: '幸福家园', communityCode: FRAME_COMMUNITY })], '2026-03-02T00:00:00Z');
    const later = await ingestBatch(hub.db, [project], opts);
    expect(later).toMatchObject({ applied: 1, unparked: 1, deadLetters: 0 });
    const stored = await sql<{ source_no: string; building_no: string }>`
      select c.source_no, b.building_no from case_record c join building b on b.id = c.building_id`.execute(hub.db);
    expect(stored.rows.map((r) => r.source_no)).toEqual(['WX-1']);
    expect(await parkedTotal(hub.db)).toBe(0);
  });

  it('applies a chain of parked records in one batch (a residency waiting for a household waiting for a grid)', async () => {
    const hub = await freshHub();
    const opts = hubIngestOptions(hub);
    const id = residentIdNumber(9_999);
    await ingestBatch(hub.db, [rec('s1', 'people', 'p', [change('person', { idNumber: id, name: '链式' })])], opts);
    expect((await ingestBatch(hub.db, [rec('s1', 'residency', 'r', [change('residency', { personIdNumber: id, householdNo: 'CH-1', category: 'FLOATING' })])], opts)).parked).toBe(1);
    expect((await ingestBatch(hub.db, [rec('s1', 'households', 'h', [change('household', { householdNo: 'CH-1', kind: 'RESIDENT', gridCode: gridCode(4) })])], opts)).parked).toBe(1);
    const grid = await ingestBatch(hub.db, [rec('s1', 'grids', 'g', [change('grid', { code: gridCode(4), name: '网格', communityCode: FRAME_COMMUNITY })])], opts);
    expect(grid).toMatchObject({ applied: 1, unparked: 2 });
    expect(await count(hub, 'residency')).toBe(1);
  });

  it('turns a record whose reference never arrives into an UNRESOLVED_REFERENCE dead letter naming the key after ingest.parkedFor, and replays it once the row is there', async () => {
    const hub = await freshHub({ ingest: { parkedFor: '2h' } });
    expect(parkedForMs(hub.config)).toBe(7_200_000);
    const source = gridResidentsSource('gr-expire', { grids: 2, residents: 6, homeless: [4] });
    const reports = await syncSource(hub, source);
    expect(reports.map((r) => r.waiting)).toEqual([1, 0]);
    expect(await count(hub, 'person')).toBe(5);
    // not yet: it has waited less than 2 h
    expect(await expireParkedRecords(hub.db, hub.vault, { parkedForMs: parkedForMs(hub.config), now: new Date(Date.now() + 3_600_000) })).toBe(0);
    expect(await parkedTotal(hub.db)).toBe(1);
    expect(await expireParkedRecords(hub.db, hub.vault, { parkedForMs: parkedForMs(hub.config), now: new Date(Date.now() + 3 * 3_600_000) })).toBe(1);
    expect(await parkedTotal(hub.db)).toBe(0);
    const letters = await hub.db.selectFrom('dead_letter').selectAll().execute();
    expect(letters.map((l) => [l.source, l.stream, l.external_id, l.stage, l.reason_code])).toEqual([['gr-expire', 'residents', 'r4', 'RESOLVE', 'UNRESOLVED_REFERENCE']]);
    expect(letters[0]!.message).toContain(`grid ${MISSING_GRID} not found`);
    expect(letters[0]!.message).toContain('ingest.parkedFor 2h');
    expect(letters[0]!.position).toEqual({ index: 4 });
    // masked like every dead letter of the stream
    expect(JSON.stringify(letters)).not.toContain(residentIdNumber(4));
    expect(JSON.stringify(letters)).not.toContain(residentName(4));

    // the grid lands after all; the replay applies the resident
    await ingestBatch(hub.db, [rec('s1', 'grids', 'g999', [change('grid', { code: MISSING_GRID, name: '补录网格', communityCode: FRAME_COMMUNITY })])], hubIngestOptions(hub));
    const replay = await replayDeadLetters(hub, [source], { source: 'gr-expire' });
    expect(replay).toMatchObject({ considered: 1, replayed: 1, parked: 0, remaining: 0 });
    expect(await count(hub, 'person')).toBe(6);
  });

  it('expires everything on demand (`parked expire --now`) and dead-letters at once with parkedFor 0', async () => {
    const hub = await freshHub();
    await syncSource(hub, gridResidentsSource('gr-now', { grids: 1, residents: 3, homeless: [0, 2] }));
    expect(await parkedTotal(hub.db)).toBe(2);
    expect(await settleParked(hub, { all: true })).toEqual({ unparked: 0, expired: 2, waiting: 0 });
    expect((await hub.db.selectFrom('dead_letter').select('reason_code').execute()).map((l) => l.reason_code)).toEqual(['UNRESOLVED_REFERENCE', 'UNRESOLVED_REFERENCE']);

    const off = await freshHub({ ingest: { parkedFor: '0' } });
    const [r] = await syncSource(off, gridResidentsSource('gr-off', { grids: 1, residents: 3, homeless: [1] }), { streams: ['residents'] });
    expect(r).toMatchObject({ parked: 0, deadLetters: 3, reasons: { UNRESOLVED_REFERENCE: 3 } });
    expect(await parkedTotal(off.db)).toBe(0);
  });

  it('replays every matching dead letter unless --limit is given, and says how many are left', async () => {
    const hub = await freshHub({ ingest: { parkedFor: '0' } });
    const source = gridResidentsSource('gr-replay', { grids: 2, residents: 1_230 });
    const [r] = await syncSource(hub, source, { streams: ['residents'] });
    expect(r!.reasons).toEqual({ UNRESOLVED_REFERENCE: 1_230 });
    const limited = await replayDeadLetters(hub, [source], { source: 'gr-replay', limit: 50 });
    expect(limited).toMatchObject({ considered: 50, stillFailing: 50, remaining: 1_180 });
    await syncSource(hub, source, { streams: ['grids'] });
    // more than a page (500) and more than the old default of 50, no limit: all of them
    const all = await replayDeadLetters(hub, [source], { source: 'gr-replay' });
    expect(all).toMatchObject({ considered: 1_230, replayed: 1_230, stillFailing: 0, remaining: 0 });
    expect(await count(hub, 'person')).toBe(1_230);
  });
});
