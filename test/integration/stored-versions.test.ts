import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedVersions, storedVersionsStatement } from '../../src/ingest/write/stored-versions';
import { sourceRecordKey } from '../../src/domain/source-record-key';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/** Relations a JSON plan scans sequentially. */
function seqScans(plan: unknown): string[] {
  const out: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (node['Node Type'] === 'Seq Scan') out.push(String(node['Relation Name']));
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(plan as Record<string, unknown>);
  return out;
}

const ROWS = 20_000;
const external = (n: number) => `rec-${n}`;

/**
 * The version guard's read (src/ingest/write/stored-versions.ts) on a `source_record` table that
 * outgrew its statistics, as during a first load on a server without autovacuum: analyzed while
 * it held 10 rows, then loaded with 20,000 more. It still probes the index once per record (no
 * sequential scan of the table: the semi-join it replaced was planned as one here), and it reads
 * what it should: the newest version of each record with that version's payload hashes, nothing
 * for records the store does not hold.
 */
describe.each(availableStoreKinds())('the version guard read on a table past its statistics (%s)', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
    const insert = (from: number, to: number) => sql`
      insert into source_record (source, stream, external_id, entity, entity_id, source_version, payload_hash)
      select 'src', 'people', 'rec-' || g, 'person', gen_random_uuid(), timestamptz '2026-01-01T00:00:00Z' + g * interval '1 second', 'h' || g
      from generate_series(${from}::int, ${to}::int) g`.execute(hub.db);
    await insert(1, 10);
    await sql`analyze source_record`.execute(hub.db);
    await insert(11, ROWS);
    // record 5: an older version, and a second row (another entity) of the newest version with another hash
    await sql`
      insert into source_record (source, stream, external_id, entity, entity_id, source_version, payload_hash) values
        ('src', 'people', 'rec-5', 'household', gen_random_uuid(), '2025-01-01T00:00:00Z', 'old'),
        ('src', 'people', 'rec-5', 'residency', gen_random_uuid(), timestamptz '2026-01-01T00:00:00Z' + 5 * interval '1 second', 'h5-other')`.execute(hub.db);
  }, 120_000);
  afterAll(async () => {
    await hub?.destroy();
  });

  // 2,000 records as a batch brings them: half held by the store, half new
  const batch = Array.from({ length: 2_000 }, (_, i) => ({ source: 'src', stream: 'people', externalId: external(i % 2 === 0 ? ROWS - i : ROWS + 1 + i) }));

  it('probes the index: no sequential scan of source_record', async () => {
    const statement = storedVersionsStatement(batch).compile(hub.db);
    // EXPLAIN takes no bound parameters: the statement's list goes in as a literal
    const { rows } = await sql<{ 'QUERY PLAN': unknown }>`explain (format json) ${sql.raw(inline(statement.sql, statement.parameters))}`.execute(hub.db);
    const plan = rows[0]!['QUERY PLAN'];
    const root = (typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: unknown }[];
    expect(seqScans(root[0]!.Plan)).toEqual([]);
    expect(JSON.stringify(root)).toContain('source_record');
  });

  it('reads the newest version and its hashes of the records the store holds, nothing of the others', async () => {
    const probe = [...batch, { source: 'src', stream: 'people', externalId: 'rec-5' }, { source: 'src', stream: 'other', externalId: 'rec-6' }];
    const stored = await storedVersions(hub.db, probe);
    expect(stored.size).toBe(1_001);
    const five = stored.get(sourceRecordKey({ source: 'src', stream: 'people', externalId: 'rec-5' }))!;
    expect(new Date(five.version).toISOString()).toBe('2026-01-01T00:00:05.000Z');
    expect([...five.hashes].sort()).toEqual(['h5', 'h5-other']);
    const held = stored.get(sourceRecordKey({ source: 'src', stream: 'people', externalId: external(ROWS) }))!;
    expect(held.hashes).toEqual(new Set([`h${ROWS}`]));
    expect(stored.has(sourceRecordKey({ source: 'src', stream: 'people', externalId: external(ROWS + 2) }))).toBe(false);
    expect(stored.has(sourceRecordKey({ source: 'src', stream: 'other', externalId: 'rec-6' }))).toBe(false);
  });
});

/** `sql` with its `$n` parameters written in as literals (texts only), for EXPLAIN. */
function inline(text: string, parameters: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n) => `'${String(parameters[Number(n) - 1]).replace(/'/g, "''")}'`);
}
