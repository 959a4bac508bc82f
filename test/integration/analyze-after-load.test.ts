import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeChangedTables } from '../../src/db/analyze-changed';
import { loadDemo } from '../../src/demo/load-demo';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import { syncSource } from '../../src/ingest/sync/run-sync';
import { districtFrame } from '../support/district-frame';
import { gridResidentsSource } from '../support/grid-residents';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/** The planner's row estimate of a table (-1 when it was never analyzed). */
async function estimatedRows(hub: TestHub, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select reltuples::float8 as n from pg_class where oid = ${table}::regclass`.execute(hub.db);
  return Number(rows[0]!.n);
}

async function countRows(hub: TestHub, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(hub.db);
  return rows[0]!.n;
}

/**
 * Statistics after bulk loads (src/db/analyze-changed.ts): a demo load leaves the tables it
 * filled analyzed — the planner's row estimate equals the rows there — on PostgreSQL (whose test
 * server runs without autovacuum) and on PGlite; a second call with nothing changed does nothing,
 * and a table changed by more than the threshold is analyzed again.
 */
describe.each(availableStoreKinds())('planner statistics after a bulk load (%s)', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
    await loadDemo(hub, { profile: 'tiny' });
  }, 180_000);
  afterAll(async () => {
    await hub?.destroy();
  });

  it('the demo load analyzed the tables it filled', async () => {
    for (const table of ['person', 'household', 'residency', 'case_record', 'source_record']) {
      const rows = await countRows(hub, table);
      expect(rows, table).toBeGreaterThan(0);
      expect(await estimatedRows(hub, table), table).toBe(rows);
    }
  });

  it('analyzes again only what changed by more than the threshold', async () => {
    expect(await analyzeChangedTables(hub.db)).toEqual([]);
    // 60 more rows in a table of a few dozen: well over 50 + 10 %
    await sql`insert into hub_setting (name, value) select 'analyze-test-' || g, 'x' from generate_series(1, 60) g`.execute(hub.db);
    const analyzed = await analyzeChangedTables(hub.db);
    expect(analyzed.map((a) => a.table)).toEqual(['hub_setting']);
    expect(analyzed[0]!.changed).toBeGreaterThanOrEqual(60);
    expect(await estimatedRows(hub, 'hub_setting')).toBe(await countRows(hub, 'hub_setting'));
  });
});

/**
 * A short sync (a second or two, batches committed on several pooled connections) into a fresh
 * store: its tables are analyzed when it ends. PostgreSQL reports a connection's row counts to the
 * statistics views at most once a second (and then only 10 s after it went idle), so unless every
 * write transaction hands its counts over as it commits, the analyze rule at the end sees little
 * of what the sync wrote and leaves the tables without statistics.
 */
describe.each(availableStoreKinds())('planner statistics after a short sync (%s)', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
  }, 180_000);
  afterAll(async () => {
    await hub?.destroy();
  });

  it('the tables the sync filled are analyzed when it ends', async () => {
    const frame = await ingestBatch(hub.db, districtFrame('2026-05-01T00:00:00Z'), hubIngestOptions(hub));
    expect(frame.deadLetters).toBe(0);
    const [residents, grids] = await syncSource(hub, gridResidentsSource('short-sync', { grids: 9, residents: 600 }), { batchSize: 100 });
    expect(residents).toMatchObject({ status: 'SUCCEEDED', read: 600 });
    expect(grids).toMatchObject({ status: 'SUCCEEDED', read: 9 });
    for (const table of ['person', 'household', 'residency', 'source_record']) {
      const rows = await countRows(hub, table);
      expect(rows, table).toBeGreaterThanOrEqual(600);
      expect(await estimatedRows(hub, table), table).toBe(rows);
    }
  });
});
