/**
 * The write path sends writes whose reply it does not read without waiting for them
 * (src/ingest/write/deferred-writes.ts). When one of them fails, the statements after it fail only
 * because the transaction is aborted (25P02); what the batch reports must be the first failure
 * itself — here a unique violation on a natural key, which the sync runner runs again as a lock
 * conflict (`isLockConflict`), and must not mistake for a refused record.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { isLockConflict } from '../../src/db/transient-error';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import { DeferredWrites } from '../../src/ingest/write/deferred-writes';
import { applyMappedRecords } from '../../src/ingest/write/apply-changes';
import { change } from '../../src/sdk';
import { districtFrame, FRAME_COMMUNITY, s1Record } from '../support/district-frame';
import { availableStoreKinds, testHubs } from '../support/test-hub';

const V1 = '2026-03-01T00:00:00Z';
const GRID = `${FRAME_COMMUNITY}777`;

const gridRecord = (source: string) => ({ ...s1Record('grids', GRID, [change('grid', { code: GRID, name: '第777网格', communityCode: FRAME_COMMUNITY })], V1), source });

describe.each(availableStoreKinds())('deferred writes on %s', (kind) => {
  const freshHub = testHubs(kind);

  it('reports the first statement that failed, not the aborted ones after it, and settles in send order', async () => {
    const hub = await freshHub();
    await sql`create table deferred_probe (n int primary key)`.execute(hub.db);
    const err = await hub.db
      .transaction()
      .execute(async (trx) => {
        const writes = new DeferredWrites();
        writes.send(() => sql`insert into deferred_probe values (1)`.execute(trx));
        writes.send(() => sql`insert into deferred_probe values (1)`.execute(trx));
        writes.send(() => sql`insert into deferred_probe values (2)`.execute(trx));
        // a statement after them fails only because the transaction is aborted
        const thrown = await writes.sendForReply(() => sql`select count(*) from deferred_probe`.execute(trx)).then(
          () => null,
          (e: unknown) => e,
        );
        expect((thrown as { code?: string }).code).toBe('25P02');
        throw await writes.failure(thrown);
      })
      .catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('23505');

    // without a failure, the statements run in send order (each sees the one before), settle waits
    // for them, and failure() gives back the error it is handed
    await hub.db.transaction().execute(async (trx) => {
      const writes = new DeferredWrites();
      writes.send(() => sql`insert into deferred_probe values (10)`.execute(trx));
      const seen = writes.sendForReply(() => sql<{ n: number }>`insert into deferred_probe select max(n) + 1 from deferred_probe returning n`.execute(trx));
      writes.send(() => sql`insert into deferred_probe select max(n) + 1 from deferred_probe`.execute(trx));
      await writes.settle();
      expect((await seen).rows[0]!.n).toBe(11);
      const own = new Error('own');
      expect(await writes.failure(own)).toBe(own);
    });
    const { rows } = await sql<{ n: number }>`select n from deferred_probe order by n`.execute(hub.db);
    expect(rows.map((r) => r.n)).toEqual([10, 11, 12]);
  });

  it('settles only once every statement sent has finished, so nothing sent runs after the rollback', async () => {
    const hub = await freshHub();
    await sql`create table deferred_after (n int primary key)`.execute(hub.db);
    await sql`create table deferred_late (n int)`.execute(hub.db);
    await sql`insert into deferred_after values (1)`.execute(hub.db);
    const err = await hub.db
      .transaction()
      .execute(async (trx) => {
        const writes = new DeferredWrites();
        // fails (a duplicate), then writes that wait their turn behind it
        writes.send(() => sql`insert into deferred_after values (1)`.execute(trx));
        for (let n = 0; n < 5; n++) writes.send(() => sql`insert into deferred_late values (${n})`.execute(trx));
        // the caller of a failed settle rolls back (throws out of the transaction)
        await writes.settle();
      })
      .catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('23505');
    // none of the later writes ran outside the transaction after its rollback
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from deferred_late`.execute(hub.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('refuses to apply outside a transaction (its deferred writes would run on several connections)', async () => {
    const hub = await freshHub();
    await expect(applyMappedRecords(hub.db, [gridRecord('s1')], { vault: hub.vault })).rejects.toThrow(/needs a transaction/);
  });

  it.runIf(kind === 'postgres')('throws the unique violation of a row another transaction inserted first, as a lock conflict', async () => {
    const hub = await freshHub();
    expect((await ingestBatch(hub.db, districtFrame(V1), hubIngestOptions(hub))).deadLetters).toBe(0);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted = () => {};
    const insertedFirst = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    // another source's batch inserts the grid and keeps its transaction open
    const first = hub.db.transaction().execute(async (trx) => {
      await applyMappedRecords(trx, [gridRecord('s0')], { vault: hub.vault });
      inserted();
      await held;
    });
    await insertedFirst;
    // this batch does not see that row yet: its plain insert waits on the other transaction, then fails
    const second = ingestBatch(hub.db, [gridRecord('s1')], hubIngestOptions(hub)).then(
      () => null,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300));
    release();
    await first;
    const err = await second;
    expect(err).not.toBeNull();
    expect({ code: (err as { code?: string }).code, constraint: (err as { constraint?: string }).constraint, lockConflict: isLockConflict(err) }).toEqual({
      code: '23505',
      constraint: 'grid_natural_key_key',
      lockConflict: true,
    });
    // run again (as the sync runner does), the batch finds the row and applies
    const again = await ingestBatch(hub.db, [gridRecord('s1')], hubIngestOptions(hub));
    expect(again.applied).toBe(1);
    const { rows } = await sql<{ n: string }>`select count(*) as n from grid where code = ${GRID}`.execute(hub.db);
    expect(Number(rows[0]!.n)).toBe(1);
  });
});
