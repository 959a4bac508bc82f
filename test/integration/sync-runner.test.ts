import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/** Calls of `analyzeChangedTables` (counted, then run as they are: the statistics are real). */
const analyzeCalls = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../src/db/analyze-changed', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/db/analyze-changed')>();
  return {
    ...actual,
    analyzeChangedTables: (...args: Parameters<typeof actual.analyzeChangedTables>) => {
      analyzeCalls.n += 1;
      return actual.analyzeChangedTables(...args);
    },
  };
});
import { z } from 'zod';
import { syncSource, syncSources } from '../../src/ingest/sync/run-sync';
import { startScheduler } from '../../src/ingest/sync/scheduler';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { getCursor } from '../../src/ingest/sync/cursor.repository';
import { change, ConnectorError, defineConnector, defineStream, RecordError, type ReadMessage } from '../../src/sdk';
import { syntheticIdNumber } from '../support/synthetic-people';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { parkRecords, parkedTotal } from '../../src/ingest/park/parked-records.repository';
import { districtFrame } from '../support/district-frame';
import { gridCode, gridResidentsSource } from '../support/grid-residents';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/** An in-memory "source": pages of resident rows; the cursor is the next page number. */
interface Row {
  id: string;
  idNumber: string;
  name: string;
  householdNo: string;
  updatedAt: string;
}

/** One run per stream: these tests look at a failed run itself (stream-retry.ts runs a transient failure again). */
const NO_RETRY = { tries: 1, baseDelayMs: 0, maxDelayMs: 0 };

const IDS = ['11010519491231002X', '440524188001010014', '360426199101010071', '420102199003070010'];

function pagesOf(rows: Row[], size: number): Row[][] {
  const pages: Row[][] = [];
  for (let i = 0; i < rows.length; i += size) pages.push(rows.slice(i, i + size));
  return pages;
}

function testConnector(state: { pages: Row[][]; failAtPage?: number; snapshot?: boolean; abortAfterPage?: { page: number; controller: AbortController } }) {
  const stream = defineStream<unknown, Row>({
    name: 'residents',
    description: 'resident rows',
    primaryKey: ['id'],
    async *read(ctx, cursor): AsyncIterable<ReadMessage> {
      const start = typeof cursor === 'number' ? cursor : 0;
      if (state.snapshot) yield { type: 'snapshot-begin', scope: 'street-1:' };
      for (let p = start; p < state.pages.length; p++) {
        if (state.failAtPage === p) throw new ConnectorError('transient', 'SOURCE_UNAVAILABLE', 'the platform answered 503 three times');
        for (const row of state.pages[p]!) yield { type: 'record', data: row, position: { page: p } };
        if (p === 1) yield { type: 'failed', reason: 'BAD_JSON', message: 'unreadable row', raw: '{"id": 9', position: { page: p } };
        yield { type: 'checkpoint', cursor: p + 1 };
        if (state.abortAfterPage?.page === p) state.abortAfterPage.controller.abort();
        if (ctx.signal.aborted) return;
      }
      if (state.snapshot) yield { type: 'snapshot-end', scope: 'street-1:', asOf: '2026-07-01' };
    },
    externalId: (r) => `street-1:${r.id}`,
    version: (r) => r.updatedAt,
    map(r) {
      if (!r.householdNo) throw new RecordError('MISSING_FIELD', '户号 is missing');
      return [
        change('household', { householdNo: r.householdNo, kind: 'REGISTERED' }),
        change('person', { idNumber: r.idNumber, name: r.name }),
        change('residency', { personIdNumber: r.idNumber, householdNo: r.householdNo, category: 'REGISTERED' }),
      ];
    },
  });
  return defineConnector({
    id: 'test-residents',
    version: '1.0.0',
    displayName: 'Test residents',
    description: 'in-memory pages',
    config: z.object({}),
    check: async () => ({ ok: true }),
    streams: [stream],
  });
}

function source(connector: ReturnType<typeof testConnector>, id = 'street-1'): ResolvedSource {
  return { id, connector, config: {}, displayConfig: {}, scheduleMs: null, baseDir: process.cwd() };
}

const rows: Row[] = [
  { id: 'a', idNumber: IDS[0]!, name: '甲', householdNo: 'H1', updatedAt: '2026-06-01T00:00:00Z' },
  { id: 'b', idNumber: IDS[1]!, name: '乙', householdNo: 'H1', updatedAt: '2026-06-01T00:00:00Z' },
  { id: 'c', idNumber: IDS[2]!, name: '丙', householdNo: '', updatedAt: '2026-06-01T00:00:00Z' },
  { id: 'd', idNumber: IDS[3]!, name: '丁', householdNo: 'H2', updatedAt: '2026-06-01T00:00:00Z' },
  { id: 'e', idNumber: '36042619910102009X', name: '戊', householdNo: 'H2', updatedAt: '2026-06-01T00:00:00Z' },
];

describe.each(availableStoreKinds())('the sync runner on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
  });
  afterAll(async () => hub?.destroy());

  it('commits each checkpoint with its records, resumes from the stored cursor after a failure, and changes nothing on a re-run', async () => {
    const state: Parameters<typeof testConnector>[0] = { pages: pagesOf(rows, 2), failAtPage: 2 };
    const connector = testConnector(state);
    const [failed] = await syncSource(hub, source(connector), { batchSize: 1, retry: NO_RETRY });
    expect(failed).toMatchObject({ status: 'FAILED', error: { code: 'SOURCE_UNAVAILABLE', kind: 'transient' }, checkpoints: 2 });
    expect(await getCursor(hub.db, 'street-1', 'residents')).toBe(2);
    // pages 0 and 1: a, b applied; c MISSING_FIELD; d applied; one unparseable row
    expect(failed).toMatchObject({ read: 5, applied: 3, deadLetters: 2, reasons: { MISSING_FIELD: 1, BAD_JSON: 1 } });

    state.failAtPage = undefined;
    const [resumed] = await syncSource(hub, source(connector));
    expect(resumed).toMatchObject({ status: 'SUCCEEDED', read: 1, applied: 0, deadLetters: 1, reasons: { INVALID_ID_CHECKSUM: 1 } });
    expect(await getCursor(hub.db, 'street-1', 'residents')).toBe(3);

    const runs = await hub.db.selectFrom('sync_run').select(['status', 'records_read', 'records_applied', 'dead_letters', 'error_code']).orderBy('started_at').execute();
    expect(runs).toEqual([
      { status: 'FAILED', records_read: 5, records_applied: 3, dead_letters: 2, error_code: 'SOURCE_UNAVAILABLE' },
      { status: 'SUCCEEDED', records_read: 1, records_applied: 0, dead_letters: 1, error_code: null },
    ]);

    // a full re-read from the start changes no row
    const before = await hub.db.selectFrom('person').select(['id', 'updated_at']).orderBy('id').execute();
    await hub.db.deleteFrom('connector_cursor').execute();
    const [again] = await syncSource(hub, source(connector));
    expect(again).toMatchObject({ status: 'SUCCEEDED', applied: 0, unchanged: 3 });
    expect(await hub.db.selectFrom('person').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(before);
    expect(await hub.db.selectFrom('dead_letter').select('id').execute()).toHaveLength(3);
  });

  it('dead-letters the record of a commit the database refuses while the next page is read, and applies the rest', async () => {
    // the next batch is read while a commit is in flight: the refused record becomes a dead letter
    // of its own (INGEST_FAILED), the records read before and after it apply, the cursor reaches the end
    const { sql } = await import('kysely');
    await sql`create function refuse_test_person() returns trigger language plpgsql as $$ begin raise exception 'refused by a test trigger'; end $$`.execute(hub.db);
    await sql`create trigger refuse_test_person before insert on person for each row when (new.name = '故障') execute function refuse_test_person()`.execute(hub.db);
    const pageRows = [0, 1, 2, 3].map((i) => ({ id: `f${i}`, idNumber: syntheticIdNumber(900 + i), name: i === 2 ? '故障' : `丁${i}`, householdNo: 'HF', updatedAt: '2026-06-03T00:00:00Z' }));
    const connector = testConnector({ pages: pagesOf(pageRows, 1) });
    try {
      const [isolated] = await syncSource(hub, source(connector, 'refused'));
      expect(isolated).toMatchObject({ status: 'SUCCEEDED', read: 5, applied: 3, deadLetters: 2, reasons: { INGEST_FAILED: 1, BAD_JSON: 1 } });
      expect(await getCursor(hub.db, 'refused', 'residents')).toBe(4);
      const names = async () => (await hub.db.selectFrom('person').select('name').where('name', 'in', pageRows.map((r) => r.name)).orderBy('name').execute()).map((r) => r.name);
      expect(await names()).toEqual(['丁0', '丁1', '丁3']);
      const letters = await hub.db.selectFrom('dead_letter').select(['external_id', 'stage', 'reason_code', 'message']).where('source', '=', 'refused').where('reason_code', '=', 'INGEST_FAILED').execute();
      // the code of the refusal only: a database message can quote the value
      expect(letters).toEqual([{ external_id: 'street-1:f2', stage: 'UPSERT', reason_code: 'INGEST_FAILED', message: 'the write path failed on this record (P0001)' }]);
    } finally {
      await sql`drop trigger refuse_test_person on person`.execute(hub.db);
      await sql`drop function refuse_test_person()`.execute(hub.db);
    }
    const [again] = await syncSource(hub, source(connector, 'refused'));
    expect(again).toMatchObject({ status: 'SUCCEEDED', read: 0 });
  });

  it.each([
    { conflict: 'a deadlock', table: 'person', raise: `raise exception 'simulated deadlock' using errcode = '40P01'` },
    {
      conflict: 'a lineage row another transaction inserted first',
      table: 'source_record',
      raise: `raise exception 'simulated race' using errcode = 'unique_violation', constraint = 'source_record_source_stream_external_id_entity_entity_id_key'`,
    },
    {
      conflict: 'a canonical row another transaction inserted first',
      table: 'household',
      raise: `raise exception 'simulated race' using errcode = 'unique_violation', constraint = 'household_natural_key_key'`,
    },
  ])('runs a batch again when it fails over $conflict, counting it once', async ({ table, raise }) => {
    const { sql } = await import('kysely');
    const tag = table.slice(0, 1);
    // a sequence is not rolled back with the aborted transaction: the trigger fires once
    await sql.raw(`create sequence conflict_once`).execute(hub.db);
    await sql.raw(`create function conflict_once() returns trigger language plpgsql as $$ begin if nextval('conflict_once') = 1 then ${raise}; end if; return new; end $$`).execute(hub.db);
    await sql.raw(`create trigger conflict_once before insert on ${table} for each row execute function conflict_once()`).execute(hub.db);
    const id = `conflicted-${tag}`;
    try {
      const pageRows = [0, 1].map((i) => ({ id: `c${tag}${i}`, idNumber: syntheticIdNumber(950 + i + { p: 0, s: 2, h: 4 }[tag]!), name: `庚${tag}${i}`, householdNo: `HC${tag}`, updatedAt: '2026-06-04T00:00:00Z' }));
      const [r] = await syncSource(hub, source(testConnector({ pages: [pageRows] }), id));
      expect(r).toMatchObject({ status: 'SUCCEEDED', read: 2, applied: 2, deadLetters: 0 });
      const { rows } = await sql<{ n: number }>`select last_value::int as n from conflict_once`.execute(hub.db);
      expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
      const run = await hub.db.selectFrom('sync_run').select(['status', 'records_read', 'records_applied']).where('source_id', '=', id).executeTakeFirstOrThrow();
      expect(run).toEqual({ status: 'SUCCEEDED', records_read: 2, records_applied: 2 });
      expect(await hub.db.selectFrom('person').select('name').where('name', 'in', pageRows.map((p) => p.name)).execute()).toHaveLength(2);
      // every record has its lineage, once
      const lineage = await hub.db.selectFrom('source_record').select(['external_id', 'entity']).where('source', '=', id).execute();
      expect(lineage.filter((l) => l.entity === 'person').map((l) => l.external_id).sort()).toEqual([`street-1:c${tag}0`, `street-1:c${tag}1`]);
    } finally {
      await sql.raw(`drop trigger conflict_once on ${table}`).execute(hub.db);
      await sql`drop function conflict_once()`.execute(hub.db);
      await sql`drop sequence conflict_once`.execute(hub.db);
    }
  });

  it('syncs several sources at a time, each as on its own', async () => {
    const sources = [0, 1, 2].map((k) => {
      const pageRows = [0, 1].map((i) => ({ id: `m${k}-${i}`, idNumber: syntheticIdNumber(960 + k * 2 + i), name: `辛${k}${i}`, householdNo: `HM${k}`, updatedAt: '2026-06-05T00:00:00Z' }));
      return source(testConnector({ pages: pagesOf(pageRows, 1) }), `many-${k}`);
    });
    const results = await syncSources(hub, sources, { concurrency: 2 });
    expect([...results.keys()]).toEqual(['many-0', 'many-1', 'many-2']);
    for (const [id, reports] of results) {
      expect(reports, id).toHaveLength(1);
      // page 1 carries the connector's unparseable row
      expect(reports[0], id).toMatchObject({ status: 'SUCCEEDED', read: 3, applied: 2, deadLetters: 1, checkpoints: 2 });
      expect(await getCursor(hub.db, id, 'residents')).toBe(2);
    }
    expect(await hub.db.selectFrom('person').select('name').where('name', 'like', '辛%').execute()).toHaveLength(6);
  });

  it('refreshes planner statistics once, after the last of several sources, not once per source', async () => {
    const sources = [0, 1, 2].map((k) => {
      const pageRows = [0, 1].map((i) => ({ id: `an${k}-${i}`, idNumber: syntheticIdNumber(2_000 + k * 2 + i), name: `癸${k}${i}`, householdNo: `HA${k}`, updatedAt: '2026-06-06T00:00:00Z' }));
      return source(testConnector({ pages: [pageRows] }), `analyze-${k}`);
    });
    const before = analyzeCalls.n;
    const results = await syncSources(hub, sources, { concurrency: 1 });
    for (const [id, reports] of results) expect(reports[0], id).toMatchObject({ status: 'SUCCEEDED', applied: 2 });
    expect(analyzeCalls.n - before).toBe(1);
    // a source synced alone still refreshes them when it ends
    const alone = [0, 1].map((i) => ({ id: `an-alone-${i}`, idNumber: syntheticIdNumber(2_100 + i), name: `壬${i}`, householdNo: 'HAL', updatedAt: '2026-06-06T00:00:00Z' }));
    await syncSource(hub, source(testConnector({ pages: [alone] }), 'analyze-alone'));
    expect(analyzeCalls.n - before).toBe(2);
  });

  it('stops cleanly when cancelled, keeping what was read and the cursor of the last checkpoint', async () => {
    const controller = new AbortController();
    const more = rows.map((r, i) => ({ ...r, id: `x${i}`, updatedAt: '2026-06-02T00:00:00Z' }));
    const connector = testConnector({ pages: pagesOf(more, 1), abortAfterPage: { page: 1, controller } });
    const [r] = await syncSource(hub, source(connector, 'street-cancel'), { signal: controller.signal });
    // two pages of one record each, plus the unparseable row page 1 carries
    expect(r).toMatchObject({ status: 'CANCELLED', read: 3, checkpoints: 2 });
    expect(await getCursor(hub.db, 'street-cancel', 'residents')).toBe(2);
    const run = await hub.db.selectFrom('sync_run').select(['status']).where('source_id', '=', 'street-cancel').executeTakeFirstOrThrow();
    expect(run.status).toBe('CANCELLED');
  });

  it('ends the residency of a person missing from a newer full snapshot, deleting nothing', async () => {
    const snapRows = rows.filter((r) => r.householdNo && r.id !== 'e').map((r) => ({ ...r, id: `s-${r.id}`, householdNo: `S${r.householdNo}` }));
    const first = testConnector({ pages: [snapRows], snapshot: true });
    await syncSource(hub, source(first, 'snap'));
    const open = () =>
      hub.db.selectFrom('residency').innerJoin('source_record', 'source_record.entity_id', 'residency.id').where('source_record.source', '=', 'snap').select(['residency.valid_to', 'source_record.external_id']).orderBy('source_record.external_id').execute();
    expect((await open()).map((r) => r.valid_to)).toEqual([null, null, null]);
    // the next export no longer lists 乙 (row b)
    await hub.db.deleteFrom('connector_cursor').execute();
    const second = testConnector({ pages: [snapRows.filter((r) => r.id !== 's-b').map((r) => ({ ...r, updatedAt: '2026-07-01T00:00:00Z' }))], snapshot: true });
    const [r] = await syncSource(hub, source(second, 'snap'));
    expect(r!.residenciesEnded).toBe(1);
    expect(await open()).toEqual([
      { external_id: 'street-1:s-a', valid_to: null },
      { external_id: 'street-1:s-b', valid_to: '2026-07-01' },
      { external_id: 'street-1:s-d', valid_to: null },
    ]);
    // 乙 is still a person of the store; only the residency ended
    expect(await hub.db.selectFrom('person').select('name').where('name', '=', '乙').execute()).toEqual([{ name: '乙' }]);
  });

  it('never ends a residency because of a snapshot that was not read to its end', async () => {
    const rowsHere = [rows[0]!, rows[1]!].map((r) => ({ ...r, id: `p-${r.id}`, householdNo: 'H9' }));
    await syncSource(hub, source(testConnector({ pages: [rowsHere], snapshot: true }), 'partial'));
    await hub.db.deleteFrom('connector_cursor').execute();
    const broken = testConnector({ pages: [[rowsHere[0]!], [rowsHere[1]!]], snapshot: true, failAtPage: 1 });
    const [r] = await syncSource(hub, source(broken, 'partial'), { retry: NO_RETRY });
    expect(r).toMatchObject({ status: 'FAILED', residenciesEnded: 0 });
    const ended = await hub.db.selectFrom('residency').innerJoin('household', 'household.id', 'residency.household_id').where('household.household_no', '=', 'H9').where('residency.valid_to', 'is not', null).select('residency.id').execute();
    expect(ended).toHaveLength(0);
  });

  it('syncs scheduled sources again and again without overlap, until stopped', async () => {
    const connector = testConnector({ pages: pagesOf(rows.slice(0, 2).map((r) => ({ ...r, id: `sch-${r.id}` })), 1) });
    const scheduler = startScheduler(hub, [{ ...source(connector, 'scheduled'), scheduleMs: 150 }], { initialDelayMs: 0 });
    const runs = async () => hub.db.selectFrom('sync_run').select(['status', 'started_at', 'finished_at']).where('source_id', '=', 'scheduled').orderBy('started_at').execute();
    for (let i = 0; i < 100 && (await runs()).filter((r) => r.status === 'SUCCEEDED').length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    await scheduler.stop();
    const done = await runs();
    expect(done.filter((r) => r.status === 'SUCCEEDED').length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < done.length; i++) expect(done[i]!.started_at.getTime()).toBeGreaterThanOrEqual(done[i - 1]!.finished_at!.getTime());
    const count = done.length;
    await new Promise((r) => setTimeout(r, 400));
    expect((await runs()).length).toBe(count);
  });

  it.skipIf(kind !== 'postgres')('lets only one process sync a stream at a time', async () => {
    const { openStore } = await import('../../src/db/open-store');
    const other = await openStore({ databaseUrl: hub.databaseUrl! });
    try {
      await other.db.connection().execute(async (conn) => {
        const { sql } = await import('kysely');
        await sql`select pg_advisory_lock(hashtext('huiju:sync'), hashtext('locked-src/residents'))`.execute(conn);
        const [r] = await syncSource(hub, source(testConnector({ pages: [[rows[0]!]] }), 'locked-src'));
        expect(r).toMatchObject({ status: 'FAILED', read: 0, error: { code: 'SYNC_IN_PROGRESS' } });
        await sql`select pg_advisory_unlock(hashtext('huiju:sync'), hashtext('locked-src/residents'))`.execute(conn);
      });
      const [ok] = await syncSource(hub, source(testConnector({ pages: [[rows[0]!]] }), 'locked-src'));
      expect(ok).toMatchObject({ status: 'SUCCEEDED', read: 1 });
    } finally {
      await other.close();
    }
  });
});

/**
 * A sync run accounts for every record it read, parked ones included (src/ingest/park/):
 * records_read = records_applied + records_skipped + dead_letters + records_parked, and the run
 * that lands the rows they wait for counts them as records_unparked.
 */
describe.each(availableStoreKinds())('the sync runs’ counters with parked records on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
    expect((await ingestBatch(hub.db, districtFrame('2026-03-01T00:00:00Z'), hubIngestOptions(hub))).deadLetters).toBe(0);
  });
  afterAll(async () => hub?.destroy());

  it('counts the records parked by one run and applied by a later one', async () => {
    const residents = 25;
    // resident 3 lives in a grid no stream delivers: parked, and still waiting at the end
    const source = gridResidentsSource('gr-runs', { grids: 2, residents, homeless: [3] });
    const [r] = await syncSource(hub, source, { streams: ['residents'], batchSize: 10 });
    expect(r).toMatchObject({ read: residents, applied: 0, deadLetters: 0, parked: residents, waiting: residents });
    const [g] = await syncSource(hub, source, { streams: ['grids'] });
    expect(g).toMatchObject({ read: 2, applied: 2, parked: 0, unparked: residents - 1, waiting: 0 });
    const runs = await hub.db
      .selectFrom('sync_run')
      .select(['stream', 'records_read', 'records_applied', 'records_skipped', 'dead_letters', 'records_parked', 'records_unparked'])
      .where('source_id', '=', 'gr-runs')
      .orderBy('started_at')
      .execute();
    expect(runs).toEqual([
      { stream: 'residents', records_read: residents, records_applied: 0, records_skipped: 0, dead_letters: 0, records_parked: residents, records_unparked: 0 },
      { stream: 'grids', records_read: 2, records_applied: 2, records_skipped: 0, dead_letters: 0, records_parked: 0, records_unparked: residents - 1 },
    ]);
    for (const run of runs) expect(run.records_applied + run.records_skipped + run.dead_letters + run.records_parked).toBe(run.records_read);
    expect(await parkedTotal(hub.db, { source: 'gr-runs' })).toBe(1);
  });

  it('does not count as its own dead letter a parked record of another source that fails for another reason when the run applies it', async () => {
    // waits for grid 0 (which exists by now), and its ID number fails the check digit when applied
    const bad: MappedRecord = {
      kind: 'mapped',
      source: 'other-src',
      stream: 'households',
      externalId: 'x1',
      version: '2026-03-05T00:00:00.000Z',
      payload: { household: 'PX-1' },
      changes: [change('household', { householdNo: 'PX-1', kind: 'RESIDENT', gridCode: gridCode(0) }), change('person', { idNumber: '110105194912310021', name: '某' })],
    };
    await parkRecords(hub.db, [{ record: bad, payloadHash: 'test', missing: { entity: 'grid', key: gridCode(0) }, message: `grid ${gridCode(0)} not found` }], hub.vault);
    await hub.db.deleteFrom('connector_cursor').execute();
    const [g] = await syncSource(hub, gridResidentsSource('gr-runs', { grids: 2, residents: 0 }), { streams: ['grids'] });
    expect(g).toMatchObject({ read: 2, applied: 0, unchanged: 2, deadLetters: 0, reasons: {}, unparked: 0, unparkedDeadLetters: 1 });
    const letter = await hub.db.selectFrom('dead_letter').select(['source', 'reason_code']).where('source', '=', 'other-src').execute();
    expect(letter).toEqual([{ source: 'other-src', reason_code: 'INVALID_ID_CHECKSUM' }]);
    const run = await hub.db.selectFrom('sync_run').select(['records_read', 'records_skipped', 'dead_letters']).where('source_id', '=', 'gr-runs').orderBy('started_at', 'desc').executeTakeFirstOrThrow();
    expect(run).toEqual({ records_read: 2, records_skipped: 2, dead_letters: 0 });
    expect(await parkedTotal(hub.db, { source: 'other-src' })).toBe(0);
  });
});
