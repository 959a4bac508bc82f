/**
 * In-process syncs overlap reading with committing across streams and sources
 * (src/ingest/sync/run-sync.ts): the next stream (or, in `syncSources`, the next source of a
 * worker) starts reading while the one before still commits its last batch, and commits only once
 * that one has ended; its batches are then full-sized from the first (the database is busy, so
 * they need not start small). The last commit is held up here by a lock on the cursor row it writes, taken
 * by another connection, so the overlap is seen without timing: the next stream's reading starts
 * while the lock is held, and nothing of it commits before the lock is let go.
 */
import pg from 'pg';
import { z } from 'zod';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { saveCursor } from '../../src/ingest/sync/cursor.repository';
import { type StreamSyncReport, syncSource, syncSources } from '../../src/ingest/sync/run-sync';
import { change, defineConnector, defineStream, type ReadMessage } from '../../src/sdk';
import { districtFrame, FRAME_COMMUNITY } from '../support/district-frame';
import { availableStoreKinds, type TestHub, testHubs } from '../support/test-hub';
import { waitFor } from '../support/wait-for';

const V1 = '2026-03-01T00:00:00Z';

interface GridRow {
  code: string;
  name: string;
}

/** What the test sees of the streams: when each began reading, and every progress report in order. */
interface Trace {
  started: string[];
  progress: string[];
}

/** A stream of `count` grids numbered from `first`, ending with a checkpoint (so its last commit writes its cursor). */
function gridStream(name: string, first: number, count: number, trace: Trace) {
  return defineStream<unknown, GridRow>({
    name,
    description: `grids ${first}–${first + count - 1}`,
    primaryKey: ['code'],
    personalFields: {},
    async *read(): AsyncIterable<ReadMessage> {
      trace.started.push(name);
      for (let n = first; n < first + count; n++) {
        yield { type: 'record', data: { code: `${FRAME_COMMUNITY}${String(n).padStart(3, '0')}`, name: `第${n}网格` }, position: { n } };
      }
      yield { type: 'checkpoint', cursor: { done: true } };
    },
    externalId: (r) => r.code,
    version: () => V1,
    map: (r) => [change('grid', { code: r.code, name: r.name, communityCode: FRAME_COMMUNITY })],
  });
}

function source(id: string, streams: ReturnType<typeof gridStream>[]): ResolvedSource {
  const connector = defineConnector<unknown>({
    id: `overlap-${id}`,
    version: '1.0.0',
    displayName: 'Overlap (tests)',
    description: 'grids in streams',
    config: z.object({}),
    async check() {
      return { ok: true };
    },
    streams,
  });
  return { id, connector, config: {}, displayConfig: {}, scheduleMs: null, baseDir: process.cwd() };
}

// the hold needs a second connection to the store: PostgreSQL only
describe.runIf(availableStoreKinds().includes('postgres'))('sync overlap on postgres', () => {
  const freshHub = testHubs('postgres', async (hub) => {
    expect((await ingestBatch(hub.db, districtFrame(V1), hubIngestOptions(hub))).deadLetters).toBe(0);
  });

  /**
   * Holds the cursor row of `sourceId`/`stream` (a lock another connection takes) while `run` goes
   * on, until `trace.started` names `next` or 20 s pass; returns whether `next` started while held
   * and what had committed of it then.
   */
  async function holdingCursor(hub: TestHub, sourceId: string, stream: string, next: string, trace: Trace, run: () => Promise<unknown>) {
    await saveCursor(hub.db, sourceId, stream, null);
    const holder = new pg.Client({ connectionString: hub.databaseUrl! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from connector_cursor where source_id = $1 and stream = $2 for update', [sourceId, stream]);
      const running = run();
      running.catch(() => {});
      const startedWhileHeld = await waitFor(() => (trace.started.includes(next) ? true : undefined), 20_000, `${next} to start reading`).catch(() => false);
      // give the next stream time to commit, were it not waiting
      await new Promise((r) => setTimeout(r, 300));
      const progressWhileHeld = [...trace.progress];
      await holder.query('rollback');
      await running;
      return { startedWhileHeld, progressWhileHeld };
    } finally {
      await holder.end();
    }
  }

  const gridCount = async (hub: TestHub) => Number((await sql<{ n: string }>`select count(*) as n from grid`.execute(hub.db)).rows[0]!.n);

  it("starts a source's next stream reading while the one before commits its last batch, and commits it only after", async () => {
    const hub = await freshHub();
    const trace: Trace = { started: [], progress: [] };
    const src = source('ov-streams', [gridStream('first', 100, 30, trace), gridStream('second', 200, 30, trace)]);
    let reports: StreamSyncReport[] = [];
    const { startedWhileHeld, progressWhileHeld } = await holdingCursor(hub, src.id, 'first', 'second', trace, async () => {
      reports = await syncSource(hub, src, { batchSize: 8, onProgress: (r) => trace.progress.push(r.stream) });
    });
    expect(startedWhileHeld).toBe(true);
    expect(progressWhileHeld).not.toContain('second');
    // every commit of the first stream came before any of the second
    expect(trace.progress.lastIndexOf('first')).toBeLessThan(trace.progress.indexOf('second'));
    // the first stream's batches start small and double (1, 2, 4, 8, 8, 7); the second, read while
    // the first still commits, has full-sized batches from the start (8, 8, 8, 6)
    expect(trace.progress.filter((s) => s === 'first')).toHaveLength(6);
    expect(trace.progress.filter((s) => s === 'second')).toHaveLength(4);
    expect(reports.map((r) => [r.stream, r.status, r.applied])).toEqual([
      ['first', 'SUCCEEDED', 30],
      ['second', 'SUCCEEDED', 30],
    ]);
    expect(await gridCount(hub)).toBe(60);
  });

  it("starts a worker's next source reading while the one before ends, and commits it only after", async () => {
    const hub = await freshHub();
    const trace: Trace = { started: [], progress: [] };
    const one = source('ov-one', [gridStream('one', 300, 20, trace)]);
    const two = source('ov-two', [gridStream('two', 400, 20, trace)]);
    let results = new Map<string, StreamSyncReport[]>();
    const { startedWhileHeld, progressWhileHeld } = await holdingCursor(hub, one.id, 'one', 'two', trace, async () => {
      results = await syncSources(hub, [one, two], { concurrency: 1, batchSize: 8, onProgress: (r) => trace.progress.push(r.stream) });
    });
    expect(startedWhileHeld).toBe(true);
    expect(progressWhileHeld).not.toContain('two');
    expect(trace.progress.lastIndexOf('one')).toBeLessThan(trace.progress.indexOf('two'));
    expect([...results].map(([id, r]) => [id, r.map((x) => [x.status, x.applied])])).toEqual([
      ['ov-one', [['SUCCEEDED', 20]]],
      ['ov-two', [['SUCCEEDED', 20]]],
    ]);
    expect(await gridCount(hub)).toBe(40);
  });
});
