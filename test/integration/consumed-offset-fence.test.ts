import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHuijuError } from '../../src/errors';
import { advanceConsumedOffset, listConsumedOffsets, loadConsumedOffset } from '../../src/kafka/consumed-offset.repository';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * The consumed-offset compare-and-set (`advanceConsumedOffset`), directly: a worker moves a
 * partition's offset only from where it read it, and a worker whose view is stale gets
 * `OFFSET_FENCED` with its whole batch transaction rolled back — so each offset is applied once
 * per group even when a rebalance hands a partition over while the old owner is still busy.
 */
describe.each(availableStoreKinds())('consumed-offset compare-and-set (%s)', (kind) => {
  let hub: TestHub;
  const group = 'huiju-test-fence';
  const topic = 'huiju.test.fence';
  beforeAll(async () => {
    hub = await createTestHub(kind);
  });
  afterAll(() => hub?.destroy());

  /** The code a promise rejects with (`resolved` when it does not). */
  const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (err: unknown) => (isHuijuError(err) ? err.code : String(err)));

  it('creates the row from null, then moves it only from the stored offset', async () => {
    const partition = 0;
    expect(await loadConsumedOffset(hub.db, group, topic, partition)).toBeNull();
    await hub.db.transaction().execute((trx) => advanceConsumedOffset(trx, { group, topic, partition, from: null, next: 10, highWatermark: 12 }));
    expect(await loadConsumedOffset(hub.db, group, topic, partition)).toBe(10);
    await hub.db.transaction().execute((trx) => advanceConsumedOffset(trx, { group, topic, partition, from: 10, next: 12, highWatermark: 12 }));
    expect(await listConsumedOffsets(hub.db, { group, topics: [topic] })).toMatchObject([{ partition, nextOffset: 12, highWatermark: 12, lag: 0 }]);
  });

  it('fences a worker whose offset is stale, and rolls back the writes of its batch', async () => {
    const partition = 1;
    await hub.db.transaction().execute((trx) => advanceConsumedOffset(trx, { group, topic, partition, from: null, next: 5, highWatermark: 9 }));
    // another worker took the partition over and applied 5..6
    await hub.db.transaction().execute((trx) => advanceConsumedOffset(trx, { group, topic, partition, from: 5, next: 7, highWatermark: 9 }));
    // the old owner still thinks the partition stands at 5: its batch (here: a write to partition 2) must not survive
    const stale = hub.db.transaction().execute(async (trx) => {
      await advanceConsumedOffset(trx, { group, topic, partition: 2, from: null, next: 3, highWatermark: 3 });
      await advanceConsumedOffset(trx, { group, topic, partition, from: 5, next: 9, highWatermark: 9 });
    });
    expect(await codeOf(stale)).toBe('OFFSET_FENCED');
    expect(await loadConsumedOffset(hub.db, group, topic, partition)).toBe(7);
    expect(await loadConsumedOffset(hub.db, group, topic, 2)).toBeNull();
  });

  it('fences a worker that read no row when another worker has created one meanwhile', async () => {
    const partition = 3;
    await hub.db.transaction().execute((trx) => advanceConsumedOffset(trx, { group, topic, partition, from: null, next: 4, highWatermark: 4 }));
    expect(await codeOf(hub.db.transaction().execute((trx) => advanceConsumedOffset(trx, { group, topic, partition, from: null, next: 2, highWatermark: 4 })))).toBe('OFFSET_FENCED');
    expect(await loadConsumedOffset(hub.db, group, topic, partition)).toBe(4);
  });

  it('fences a worker whose offsets were reset (a replay from the start) while it was busy', async () => {
    const partition = 4;
    await hub.db.transaction().execute((trx) => advanceConsumedOffset(trx, { group, topic, partition, from: null, next: 6, highWatermark: 9 }));
    // an operator resets the group's offsets (resetConsumedOffsets deletes the rows): this partition's row is gone
    await hub.db.deleteFrom('consumed_offset').where('consumer_group', '=', group).where('topic', '=', topic).where('partition', '=', partition).execute();
    // the busy worker still moves from 6: it must not re-create the row past the replay
    expect(await codeOf(hub.db.transaction().execute((trx) => advanceConsumedOffset(trx, { group, topic, partition, from: 6, next: 9, highWatermark: 9 })))).toBe('OFFSET_FENCED');
    expect(await loadConsumedOffset(hub.db, group, topic, partition)).toBeNull();
  });

  it('keeps groups apart: the same partition in another group is its own row', async () => {
    const partition = 1;
    await hub.db.transaction().execute((trx) => advanceConsumedOffset(trx, { group: `${group}-other`, topic, partition, from: null, next: 1, highWatermark: 9 }));
    expect(await loadConsumedOffset(hub.db, group, topic, partition)).toBe(7);
    expect(await loadConsumedOffset(hub.db, `${group}-other`, topic, partition)).toBe(1);
  });

  // Two connections at once exist only on PostgreSQL (PGlite has one connection, so it serialises).
  it.runIf(kind === 'postgres')('of two workers racing from the same offset, the one that commits second is fenced', async () => {
    const partition = 4;
    await hub.db.transaction().execute((trx) => advanceConsumedOffset(trx, { group, topic, partition, from: null, next: 100, highWatermark: 200 }));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let firstAdvanced!: () => void;
    const advanced = new Promise<void>((r) => (firstAdvanced = r));
    const first = hub.db.transaction().execute(async (trx) => {
      await advanceConsumedOffset(trx, { group, topic, partition, from: 100, next: 150, highWatermark: 200 });
      firstAdvanced();
      await held; // the first worker's batch is still open: it holds the row
    });
    await advanced;
    const second = codeOf(hub.db.transaction().execute((trx) => advanceConsumedOffset(trx, { group, topic, partition, from: 100, next: 130, highWatermark: 200 })));
    // the second worker is waiting for the first one's row lock (a state, read from pg_stat_activity)
    await waitUntilBlocked(hub.databaseUrl!);
    release();
    await first;
    expect(await second).toBe('OFFSET_FENCED');
    expect(await loadConsumedOffset(hub.db, group, topic, partition)).toBe(150);
  });
});

/** Resolves once a session of the test database waits for a lock (polls; the test's timeout bounds it). */
async function waitUntilBlocked(databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    for (;;) {
      const { rows } = await c.query<{ n: string }>(`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      if (Number(rows[0]!.n) > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await c.end();
  }
}
