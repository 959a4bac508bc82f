import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLockConflict } from '../../src/db/transient-error';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { applyMappedRecords } from '../../src/ingest/write/apply-changes';
import { change } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const area = (name: string, version: string): MappedRecord => ({
  kind: 'mapped',
  source: 's1',
  stream: 'areas',
  externalId: 'hn',
  version,
  payload: { name },
  changes: [change('adminArea', { code: '430000', name, level: 'province', parentCode: null })],
});

/**
 * The write path sends an upsert of a row the store held without waiting for its reply, taking the
 * row's id to be the one it read (src/ingest/write/apply-changes.ts, `upsertRows`). Should another
 * transaction delete that row in between (a merge), the upsert inserts it afresh under a new id:
 * the batch must not go on with the old id (its lineage and references would point at nothing), but
 * fail as a lock conflict, and run again, which then finds the key gone and creates the row.
 */
describe.each(availableStoreKinds().filter((k) => k === 'postgres'))('an upserted row deleted by another transaction meanwhile (%s)', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
    await hub.db.transaction().execute((trx) => applyMappedRecords(trx, [area('湖南省', '2026-06-01T08:00:00+08:00')], { vault: hub.vault }));
  });
  afterAll(async () => hub?.destroy());

  it('fails the batch as a lock conflict, and the batch run again creates the row under its new id', async () => {
    const before = await hub.db.selectFrom('admin_area').select('id').where('code', '=', '430000000000').executeTakeFirstOrThrow();
    const renamed = area('湖南', '2026-06-02T08:00:00+08:00');
    let applying: Promise<unknown> | undefined;
    await hub.db.transaction().execute(async (other) => {
      await sql`delete from source_record where entity_id = ${before.id}`.execute(other);
      await sql`delete from admin_area where id = ${before.id}`.execute(other);
      // the batch reads the row's key (the deletion is not committed yet), then waits at its upsert
      applying = hub.db.transaction().execute((trx) => applyMappedRecords(trx, [renamed], { vault: hub.vault }));
      applying.catch(() => {});
      await waitForLockWait(hub);
    });
    const failure = await applying!.then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).not.toBeNull();
    expect(isLockConflict(failure)).toBe(true);
    expect(await hub.db.selectFrom('admin_area').select('id').where('code', '=', '430000000000').execute()).toEqual([]);

    const again = await hub.db.transaction().execute((trx) => applyMappedRecords(trx, [renamed], { vault: hub.vault }));
    expect(again.outcomes).toEqual(['applied']);
    const row = await hub.db.selectFrom('admin_area').select(['id', 'name']).where('code', '=', '430000000000').executeTakeFirstOrThrow();
    expect(row.name).toBe('湖南');
    expect(row.id).not.toBe(before.id);
    const lineage = await hub.db.selectFrom('source_record').select('entity_id').where('external_id', '=', 'hn').execute();
    expect(lineage).toEqual([{ entity_id: row.id }]);
  });
});

/** Waits until a statement of the test database waits for a lock (the batch's upsert). */
async function waitForLockWait(hub: TestHub): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(hub.db);
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the batch never waited for the row lock');
}
