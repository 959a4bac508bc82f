import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getCursor } from '../../src/ingest/sync/cursor.repository';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { syncSource } from '../../src/ingest/sync/run-sync';
import { change, ConnectorError, defineConnector, defineStream, type ReadMessage } from '../../src/sdk';
import { syntheticIdNumber } from '../support/synthetic-people';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * In-process syncs isolate what the store cannot take (#14): a value too long for its index is a
 * dead letter of its own (VALUE_TOO_LONG), a batch the store refuses for another reason is split
 * down to the refused record (INGEST_FAILED) — the rest of the stream applies either way — and a
 * transient failure runs the stream again from its last checkpoint, a bounded number of times.
 */
interface Row {
  id: string;
  idNumber: string;
  name: string;
  householdNo: string;
}

/** A residents stream of `rows`, one checkpoint per `pageSize` rows; `failures` transient failures before the given page. */
function residents(rows: Row[], pageSize: number, fail?: { page: number; times: number; kind?: 'transient' | 'source' }) {
  const calls = { reads: 0 };
  const stream = defineStream<unknown, Row>({
    name: 'residents',
    description: 'resident rows',
    primaryKey: ['id'],
    async *read(_ctx, cursor): AsyncIterable<ReadMessage> {
      calls.reads += 1;
      const start = typeof cursor === 'number' ? cursor : 0;
      for (let at = start; at < rows.length; at += pageSize) {
        if (fail && at / pageSize === fail.page && fail.times > 0) {
          fail.times -= 1;
          throw new ConnectorError(fail.kind ?? 'transient', 'SOURCE_UNAVAILABLE', 'the platform answered 503 past its retry budget');
        }
        for (const row of rows.slice(at, at + pageSize)) yield { type: 'record', data: row, position: { row: rows.indexOf(row) } };
        yield { type: 'checkpoint', cursor: Math.min(rows.length, at + pageSize) };
      }
    },
    externalId: (r) => r.id,
    version: () => '2026-06-01T00:00:00Z',
    map: (r) => [
      change('household', { householdNo: r.householdNo, kind: 'REGISTERED' }),
      change('person', { idNumber: r.idNumber, name: r.name }),
      change('residency', { personIdNumber: r.idNumber, householdNo: r.householdNo, category: 'REGISTERED' }),
    ],
  });
  const connector = defineConnector({ id: 'isolation-test', version: '1.0.0', displayName: 'Isolation test', description: 'in-memory rows', config: z.object({}), check: async () => ({ ok: true }), streams: [stream] });
  return { calls, connector };
}

function source(connector: ReturnType<typeof residents>['connector'], id: string): ResolvedSource {
  return { id, connector, config: {}, displayConfig: {}, scheduleMs: null, baseDir: process.cwd() };
}

function rowsOf(prefix: string, n: number, offset: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, idNumber: syntheticIdNumber(offset + i), name: `居民${prefix}${i}`, householdNo: `${prefix.toUpperCase()}-H${i % 3}` }));
}

/** Back-off short enough for a test; the count of runs is what is asserted. */
const QUICK_RETRY = { tries: 3, baseDelayMs: 5, maxDelayMs: 20 };

describe.each(availableStoreKinds())('in-process isolation on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
  });
  afterAll(async () => hub?.destroy());

  const letters = (src: string) => hub.db.selectFrom('dead_letter').select(['external_id', 'stage', 'reason_code', 'message']).where('source', '=', src).orderBy('external_id').execute();
  const people = async (rows: Row[]) => (await hub.db.selectFrom('person').select('name').where('name', 'in', rows.map((r) => r.name)).execute()).length;

  it('dead-letters a 1 MB cell on its own (VALUE_TOO_LONG, naming the field) and applies the rest of its batch', async () => {
    const rows = rowsOf('big', 6, 7_000);
    rows[2] = { ...rows[2]!, name: '张'.repeat(1_000_000) };
    rows[4] = { ...rows[4]!, householdNo: 'H'.repeat(1_000_000) };
    const { connector } = residents(rows, 100);
    const [r] = await syncSource(hub, source(connector, 'big'));
    expect(r).toMatchObject({ status: 'SUCCEEDED', read: 6, applied: 4, deadLetters: 2, reasons: { VALUE_TOO_LONG: 2 } });
    expect(await people(rows)).toBe(4);
    expect(await letters('big')).toEqual([
      { external_id: 'big-2', stage: 'VALIDATE', reason_code: 'VALUE_TOO_LONG', message: 'name: 1000000 characters, longer than the limit of 200 for a name' },
      { external_id: 'big-4', stage: 'VALIDATE', reason_code: 'VALUE_TOO_LONG', message: 'householdNo: 1000000 characters, longer than the limit of 200 for a key' },
    ]);
    expect(await getCursor(hub.db, 'big', 'residents')).toBe(6);
  });

  it('dead-letters an external id too long for the lineage index', async () => {
    const rows = rowsOf('xid', 3, 7_100);
    rows[1] = { ...rows[1]!, id: 'x'.repeat(300_000) };
    const { connector } = residents(rows, 100);
    const [r] = await syncSource(hub, source(connector, 'xid'));
    expect(r).toMatchObject({ status: 'SUCCEEDED', read: 3, applied: 2, deadLetters: 1, reasons: { VALUE_TOO_LONG: 1 } });
    expect(await letters('xid')).toEqual([{ external_id: null, stage: 'MAP', reason_code: 'VALUE_TOO_LONG', message: 'externalId: 300000 characters, longer than the limit of 200 for a key' }]);
  });

  it('splits a batch the store refuses as a whole down to the refused record; the rest applies with its cursor', async () => {
    // a refusal no validation foresees (here a trigger; in the field a value an index or a
    // constraint cannot take): non-transient, so the same batch would fail again on every run
    await sql`create function isolation_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by a test trigger'; end $$`.execute(hub.db);
    await sql`create trigger isolation_refuse before insert on person for each row when (new.name = '拒收') execute function isolation_refuse()`.execute(hub.db);
    try {
      const rows = rowsOf('split', 11, 7_200);
      rows[6] = { ...rows[6]!, name: '拒收' };
      const { connector } = residents(rows, 11);
      const [r] = await syncSource(hub, source(connector, 'split'));
      expect(r).toMatchObject({ status: 'SUCCEEDED', read: 11, applied: 10, deadLetters: 1, reasons: { INGEST_FAILED: 1 } });
      expect(await people(rows)).toBe(10);
      expect(await letters('split')).toEqual([{ external_id: 'split-6', stage: 'UPSERT', reason_code: 'INGEST_FAILED', message: 'the write path failed on this record (P0001)' }]);
      expect(await getCursor(hub.db, 'split', 'residents')).toBe(11);
      const [run] = await hub.db.selectFrom('sync_run').select(['status', 'records_read', 'records_applied', 'dead_letters']).where('source_id', '=', 'split').execute();
      expect(run).toEqual({ status: 'SUCCEEDED', records_read: 11, records_applied: 10, dead_letters: 1 });
    } finally {
      await sql`drop trigger isolation_refuse on person`.execute(hub.db);
      await sql`drop function isolation_refuse()`.execute(hub.db);
    }
  });

  it('runs a stream that failed transiently again from its last checkpoint, and it succeeds', async () => {
    const rows = rowsOf('flaky', 6, 7_300);
    const { connector, calls } = residents(rows, 2, { page: 1, times: 2 });
    const [r] = await syncSource(hub, source(connector, 'flaky'), { retry: QUICK_RETRY });
    expect(r).toMatchObject({ status: 'SUCCEEDED', attempts: 3, read: 6, applied: 6, deadLetters: 0 });
    expect(r!.error).toBeUndefined();
    expect(calls.reads).toBe(3);
    expect(await people(rows)).toBe(6);
    // page 0 was committed once: the retries resumed after it
    const runs = await hub.db.selectFrom('sync_run').select(['status', 'records_read']).where('source_id', '=', 'flaky').orderBy('started_at').execute();
    expect(runs).toEqual([
      { status: 'FAILED', records_read: 2 },
      { status: 'FAILED', records_read: 0 },
      { status: 'SUCCEEDED', records_read: 4 },
    ]);
  });

  it('fails the run after the last try, and never retries a failure that is not transient', async () => {
    const stuck = residents(rowsOf('stuck', 4, 7_400), 2, { page: 0, times: 99 });
    const [r] = await syncSource(hub, source(stuck.connector, 'stuck'), { retry: QUICK_RETRY });
    expect(r).toMatchObject({ status: 'FAILED', attempts: 3, read: 0, error: { code: 'SOURCE_UNAVAILABLE', kind: 'transient' } });
    expect(stuck.calls.reads).toBe(3);

    const broken = residents(rowsOf('broken', 4, 7_500), 2, { page: 0, times: 99, kind: 'source' });
    const [b] = await syncSource(hub, source(broken.connector, 'broken'), { retry: QUICK_RETRY });
    expect(b).toMatchObject({ status: 'FAILED', attempts: 1, error: { kind: 'source' } });
    expect(broken.calls.reads).toBe(1);
  });
});
