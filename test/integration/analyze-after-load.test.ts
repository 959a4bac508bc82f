import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeChangedTables } from '../../src/db/analyze-changed';
import { loadDemo } from '../../src/demo/load-demo';
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
