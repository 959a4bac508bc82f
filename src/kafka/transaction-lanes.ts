/**
 * How many chunk transactions the ingest worker runs at a time (`partitionsConsumedConcurrently`,
 * `huiju ingest --concurrency`), apart from how many fetched batches it holds.
 *
 * kafkajs hands the worker one batch more than it has lanes (ingest-worker.ts). A batch that
 * arrives while every lane is committing reads its first chunk ahead — decoded and staged,
 * chunk-read-ahead.ts — and then waits here for a lane. So at a switch from one partition's batch
 * to the next, the database goes from one transaction to the next without waiting for the worker
 * to decode and stage, as it already does between the chunks of one batch.
 *
 * The contract:
 * - `acquire()` resolves with the lane's release once one is free; waiters get lanes in the order
 *   they asked (a released lane goes straight to the first waiter);
 * - a release is idempotent;
 * - `full()` is true while every lane is held: a batch starting then waits.
 */
export class TransactionLanes {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`transaction lanes: ${size} is not a positive whole number`);
  }

  /** Every lane is held: a batch starting now waits for one. */
  full(): boolean {
    return this.held >= this.size;
  }

  /** Resolves with the release of a lane once one is free (first come, first served). */
  async acquire(): Promise<() => void> {
    if (this.held < this.size && this.waiting.length === 0) this.held++;
    // the lane is handed over by its release, still counted as held
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.held--;
    };
  }
}
