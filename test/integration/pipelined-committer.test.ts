import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { startSyncRun } from '../../src/ingest/sync-run.repository';
import { getCursor } from '../../src/ingest/sync/cursor.repository';
import { PipelinedCommitter } from '../../src/ingest/sync/pipelined-committer';
import type { StreamBatchTarget } from '../../src/ingest/sync/stream-batch-commit';
import { change } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/** A record of the test stream: a province (one canonical row, no personal information), numbered `n`. */
function province(n: number): MappedRecord {
  const code = `${10 + n}0000`;
  return { kind: 'mapped', source: 'pc', stream: 'areas', externalId: code, version: '2026-06-01T08:00:00+08:00', payload: { code }, changes: [change('adminArea', { code, name: `省${n}`, level: 'province', parentCode: null })] };
}

/** Whether `promise` has settled once the event loop has turned a few times. */
async function settledSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}

/**
 * The sync runner's committer (src/ingest/sync/pipelined-committer.ts): one commit runs at a time,
 * in hand-over order; one more batch may wait behind it, so the reader that handed it over goes on
 * at once; a batch that waited behind a commit that failed is not applied and goes back to the
 * reader, whose error path commits it without the cursor.
 */
describe.each(availableStoreKinds())('the pipelined committer (%s)', (kind) => {
  let hub: TestHub;
  let target: StreamBatchTarget;
  beforeAll(async () => {
    hub = await createTestHub(kind);
    target = { hub, sourceId: 'pc', stream: 'areas', runId: await startSyncRun(hub.db, { sourceId: 'pc', stream: 'areas' }), log: hub.logger, prepare: { vault: hub.vault } };
  });
  afterAll(async () => hub?.destroy());

  const written = async () => (await hub.db.selectFrom('admin_area').select('code').orderBy('code').execute()).map((r) => Number(r.code.slice(0, 2)) - 10);

  it('lets the reader hand over a batch while one runs, and holds it at the next until that one has started', async () => {
    const committed: number[] = [];
    const committer = new PipelinedCommitter(target, (commits) => committed.push(...commits.map((c) => c.result.read)));
    const running = gate();
    // stands for a commit that takes long: the chain runs it first
    const task = committer.after(() => running.wait.then(() => 'done'));
    for (const n of [1, 2]) committer.push(province(n));
    expect(await settledSoon(committer.commit({ page: 1 }))).toBe(true);
    for (const n of [3, 4, 5]) committer.push(province(n));
    const second = committer.commit({ page: 2 });
    expect(await settledSoon(second)).toBe(false);
    expect(committer.length).toBe(3);
    expect(await written()).toEqual([]);

    running.open();
    await second;
    expect(committer.length).toBe(0);
    await committer.settle();
    expect(await task).toBe('done');
    expect(committed).toEqual([2, 3]);
    expect(await written()).toEqual([1, 2, 3, 4, 5]);
    expect(await getCursor(hub.db, 'pc', 'areas')).toEqual({ page: 2 });
  });

  it('gives back a batch that waited behind a failed commit, which the next hand-over throws; committed again, it keeps the cursor', async () => {
    let calls = 0;
    const committer = new PipelinedCommitter(target, () => {
      calls += 1;
      if (calls === 1) throw new Error('the first commit fails after its transaction');
    });
    const running = gate();
    void committer.after(() => running.wait);
    committer.push(province(6));
    await committer.commit({ page: 3 });
    for (const n of [7, 8]) committer.push(province(n));
    const handing = committer.commit({ page: 4 });
    running.open();
    await handing;
    // the batch of 7 and 8 waits behind the one that fails; read on meanwhile
    committer.push(province(9));
    await expect(committer.commit({ page: 5 })).rejects.toThrow('the first commit fails');
    expect(committer.length).toBe(3);
    // the caller's error path: what was read since commits, without moving the cursor
    await committer.commit(undefined);
    await committer.settle();
    expect(await written()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await getCursor(hub.db, 'pc', 'areas')).toEqual({ page: 3 });
  });

  it('does not run a task chained after a failed commit', async () => {
    const committer = new PipelinedCommitter(target, () => {
      throw new Error('fails');
    });
    committer.push(province(10));
    await committer.commit(undefined);
    let ran = false;
    const task = committer.after(async () => {
      ran = true;
    });
    await expect(task).rejects.toThrow('fails');
    expect(ran).toBe(false);
    await expect(committer.settle()).rejects.toThrow('fails');
  });
});
