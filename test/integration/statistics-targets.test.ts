import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeChangedTables, isStatisticsFree } from '../../src/db/analyze-changed';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import { syncSource } from '../../src/ingest/sync/run-sync';
import { districtFrame } from '../support/district-frame';
import { gridResidentsSource } from '../support/grid-residents';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * Columns whose statistics guide no plan (`isStatisticsFree`: field provenance, ciphertexts,
 * payload hashes) have a statistics target of 0, so ANALYZE after a load skips them; every other
 * column keeps the default. A table added later with such a column must set it in its migration:
 * the first test names the column that lacks it.
 */
describe.each(availableStoreKinds())('statistics targets (%s)', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  const columns = async () =>
    (
      await sql<{ table: string; column: string; target: number | null }>`
        select c.relname as "table", a.attname as "column", a.attstattarget::int as target
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        order by 1, 2`.execute(hub.db)
    ).rows;

  it('gives every statistics-free column target 0, and no other column', async () => {
    const all = await columns();
    const free = all.filter((c) => isStatisticsFree(c.column));
    // the rule finds the columns it is meant for
    expect(free.map((c) => `${c.table}.${c.column}`)).toEqual(expect.arrayContaining(['person.provenance', 'person.id_enc', 'person.mobile_enc', 'source_record.payload_hash', 'residency.provenance']));
    expect(free.filter((c) => c.target !== 0).map((c) => `${c.table}.${c.column}`)).toEqual([]);
    expect(all.filter((c) => !isStatisticsFree(c.column) && c.target === 0).map((c) => `${c.table}.${c.column}`)).toEqual([]);
  });

  it('a load is analyzed without them: the columns queries filter on have statistics, the others none', async () => {
    expect((await ingestBatch(hub.db, districtFrame('2026-03-01T00:00:00Z'), hubIngestOptions(hub))).deadLetters).toBe(0);
    const [grids, residents] = await syncSource(hub, gridResidentsSource('stats', { grids: 5, residents: 200 }), { batchSize: 50 });
    expect([grids?.status, residents?.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    // as every bulk load does (the sync's own pass may have run before the statistics views had its rows)
    await analyzeChangedTables(hub.db);
    const { rows } = await sql<{ column: string }>`
      select attname as "column" from pg_stats where schemaname = current_schema() and tablename = 'person' order by 1`.execute(hub.db);
    const withStats = rows.map((r) => r.column);
    expect(withStats).toEqual(expect.arrayContaining(['natural_key', 'name_norm', 'id_hash']));
    expect(withStats.filter(isStatisticsFree)).toEqual([]);
  });
});
