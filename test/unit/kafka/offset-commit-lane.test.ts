import { describe, expect, it } from 'vitest';
import { OffsetCommitLane, type PartitionOffset } from '../../../src/kafka/offset-commit-lane';

/** A broker stand-in whose commits finish when the test says so. */
function broker() {
  const sent: PartitionOffset[][] = [];
  const waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const commit = (offsets: PartitionOffset[]) =>
    new Promise<void>((resolve, reject) => {
      sent.push(offsets);
      waiting.push({ resolve, reject });
    });
  const finish = async (err?: Error) => {
    const w = waiting.shift()!;
    if (err) w.reject(err);
    else w.resolve();
    await new Promise((r) => setImmediate(r));
  };
  return { sent, commit, finish, inFlight: () => waiting.length };
}

const at = (partition: number, offset: number): PartitionOffset => ({ topic: 't', partition, offset: String(offset) });

describe('offset commit lane', () => {
  it('sends one commit at a time, in order, coalescing what was noted meanwhile to the newest per partition', async () => {
    const b = broker();
    const lane = new OffsetCommitLane(b.commit, () => {});
    lane.note(at(0, 10));
    expect(b.sent).toEqual([[at(0, 10)]]);
    lane.note(at(0, 20));
    lane.note(at(1, 5));
    lane.note(at(0, 30));
    // the first is still in flight: nothing more is sent yet
    expect(b.sent).toHaveLength(1);
    await b.finish();
    expect(b.sent[1]).toEqual([at(0, 30), at(1, 5)]);
    expect(b.inFlight()).toBe(1);
    await b.finish();
    expect(b.sent).toHaveLength(2);
    expect(b.inFlight()).toBe(0);
  });

  it('flush waits for everything noted so far, and resolves at once when nothing is pending', async () => {
    const b = broker();
    const lane = new OffsetCommitLane(b.commit, () => {});
    await lane.flush();
    lane.note(at(0, 1));
    lane.note(at(0, 2));
    let flushed = false;
    const flushing = lane.flush().then(() => {
      flushed = true;
    });
    await b.finish();
    expect(flushed).toBe(false); // the second commit (offset 2) is still in flight
    await b.finish();
    await flushing;
    expect(flushed).toBe(true);
    expect(b.sent.map((o) => o[0]!.offset)).toEqual(['1', '2']);
  });

  it('reports a failed commit and goes on with the next one', async () => {
    const b = broker();
    const failed: PartitionOffset[][] = [];
    const lane = new OffsetCommitLane(b.commit, (_err, offsets) => failed.push(offsets));
    lane.note(at(0, 1));
    lane.note(at(0, 2));
    await b.finish(new Error('rebalance in progress'));
    expect(failed).toEqual([[at(0, 1)]]);
    await b.finish();
    await lane.flush();
    expect(b.sent.map((o) => o[0]!.offset)).toEqual(['1', '2']);
    // a later note starts a new commit
    lane.note(at(0, 3));
    expect(b.sent).toHaveLength(3);
  });
});
