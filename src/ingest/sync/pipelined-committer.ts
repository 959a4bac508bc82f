/**
 * The sync runner's committer: batches commit one at a time, in read order, while reading goes
 * on — the next batch is read, mapped and staged (hashed, validated, keyed, encrypted) while the
 * current one is in the database, so the database and the reader overlap instead of waiting for
 * each other. Each commit still carries the cursor of what was read before it, so a crash leaves a
 * prefix of the stream committed, as without the overlap.
 *
 * A batch the store refuses as a whole for a reason that is not transient is split down to the
 * record it cannot hold (`applyIsolating`, src/ingest/isolate-refused.ts), which becomes a dead
 * letter (`INGEST_FAILED`) while the rest applies.
 */
import { isTransientDbError } from '../../db/transient-error';
import type { JsonValue } from '../../sdk/connector';
import { StagedBatch } from '../ingest-batch';
import type { IngestRecord } from '../ingest-record';
import { applyIsolating, refusalCode, refusedRecord } from '../isolate-refused';
import { commitStreamBatch, type SnapshotEnd, type StreamBatchCommit, type StreamBatchTarget } from './stream-batch-commit';

/**
 * Told after each batch committed, with its transactions (more than one when the batch was split)
 * in read order and the seconds the batch took. A throw fails the batch like a failed commit.
 */
export type OnBatchCommitted = (commits: readonly StreamBatchCommit[], seconds: number) => void;

/** A snapshot's end whose beginning (`since`) is read in the commit chain ({@link PipelinedCommitter.after}). */
export interface PendingSnapshotEnd extends Omit<SnapshotEnd, 'since'> {
  since: Promise<Date> | Date | undefined;
}

/**
 * Collects a stream's records ({@link push}) and hands them to the database in batches
 * ({@link commit}), one commit running at a time, in hand-over order. One batch may wait behind
 * the one running, so a reader that hands over a batch goes on reading at once — past the end of
 * its stream, into the next one (read-ahead-lane.ts) — rather than waiting for the commit before.
 * A failed commit is thrown by the next {@link commit} or {@link settle}; a batch that waited
 * behind it is not applied but goes back, with the records read meanwhile, to the batch being
 * collected, for the caller to commit (without a cursor or a snapshot's end) on its error path.
 */
export class PipelinedCommitter {
  private batch: StagedBatch;
  /** The last commit handed over (running, or waiting for the one before it); null once settled. */
  private inFlight: Promise<void> | null = null;
  /** What became of that commit, once known. */
  private last: { failed: boolean } | null = null;
  /** Settles once the last commit handed over has started, or found the one before it failed. */
  private started: Promise<void> = Promise.resolve();

  /** `after`: the first commit waits for it (it must never reject), e.g. the stream before this one ending. */
  constructor(
    private readonly target: StreamBatchTarget,
    private readonly onCommitted: OnBatchCommitted,
    after?: Promise<void>,
  ) {
    this.batch = new StagedBatch(target.prepare);
    this.inFlight = after ?? null;
  }

  /** Adds a record read to the batch being collected (staged eagerly, while the batches before commit). */
  push(record: IngestRecord): void {
    this.batch.push(record);
  }

  /** Records collected since the last {@link commit}. */
  get length(): number {
    return this.batch.length;
  }

  /** Whether a commit is running (the reader then yields to the event loop now and then, see run-sync.ts). */
  get committing(): boolean {
    return this.inFlight !== null;
  }

  /**
   * Hands the batch collected so far to the database, with `cursor` (saved when given) and
   * `snapshotEnd`, to commit once the commits handed over before it have; returns once the batch
   * handed over before this one has started (at once when none waits), without waiting for either
   * to finish. Throws the failure of a commit handed over before, before this batch leaves the
   * committer.
   */
  async commit(cursor: JsonValue | undefined, snapshotEnd?: SnapshotEnd | PendingSnapshotEnd): Promise<void> {
    await this.started;
    if (this.last?.failed) await this.settle();
    const records = this.batch;
    this.batch = new StagedBatch(this.target.prepare);
    // its failure is thrown by the next commit() or settle() (chain())
    void this.chain(async () => this.apply(records, cursor, snapshotEnd && { ...snapshotEnd, since: await snapshotEnd.since }), () => {
      // not applied: back to the front of the batch being collected, for the caller's error path
      this.batch = StagedBatch.of([...records.records, ...this.batch.records], this.target.prepare);
    });
  }

  /**
   * Runs `task` once every commit handed over so far has finished, before any handed over after
   * (e.g. reading the database clock where a snapshot begins); returns its result without waiting
   * now. Rejects, without running `task`, when a commit before it failed (that failure is thrown by
   * the next {@link commit} or {@link settle}).
   */
  after<T>(task: () => Promise<T>): Promise<T> {
    let value: T;
    const done = this.chain(
      async () => {
        value = await task();
      },
      () => {},
    ).then(() => value);
    // its failure is thrown by the next commit or settle; a caller that never reads it must not leave it unhandled
    done.catch(() => {});
    return done;
  }

  /** Waits for every commit handed over, and throws the first failure. */
  async settle(): Promise<void> {
    const running = this.inFlight;
    this.inFlight = null;
    this.last = null;
    this.started = Promise.resolve();
    if (running !== null) await running;
  }

  /**
   * Starts `work` once the commit handed over before has finished; when that one failed, calls
   * `notRun` instead and fails with the same error.
   */
  private chain(work: () => Promise<void>, notRun: () => void): Promise<void> {
    const previous = this.inFlight;
    const outcome = { failed: false };
    let markStarted = () => {};
    this.started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const running = (async () => {
      try {
        if (previous !== null) {
          try {
            await previous;
          } catch (err) {
            notRun();
            throw err;
          } finally {
            markStarted();
          }
        } else markStarted();
        await work();
      } catch (err) {
        outcome.failed = true;
        throw err;
      }
    })();
    // its failure is thrown by the next commit() or settle(); until then it must not count as unhandled
    running.catch(() => {});
    this.inFlight = running;
    this.last = outcome;
    return running;
  }

  /**
   * Commits a batch, isolating a record the store refuses. The cursor and the snapshot's end go
   * with the part that ends the batch, so they commit only once every record before them has.
   */
  private async apply(records: StagedBatch, cursor: JsonValue | undefined, snapshotEnd: SnapshotEnd | undefined): Promise<void> {
    const { target } = this;
    const batchStarted = performance.now();
    let staged: StagedBatch | null = records;
    const commits = await applyIsolating<IngestRecord, StreamBatchCommit>(records.records, {
      apply: (part, last) => {
        // the whole batch commits as staged while it was read; a part is staged again
        const batch = staged !== null && part === records.records ? staged : StagedBatch.of(part, target.prepare);
        staged = null;
        return commitStreamBatch(target, batch, last ? cursor : undefined, last ? snapshotEnd : undefined);
      },
      refuse: (record, err, last) => {
        const letter = refusedRecord(record, refusalCode(err));
        if (letter === null) throw err;
        target.log.error({ code: refusalCode(err), position: record.position }, 'the store refused a record: it is a dead letter (INGEST_FAILED), the rest of its batch applies');
        return commitStreamBatch(target, StagedBatch.of([letter], target.prepare), last ? cursor : undefined, last ? snapshotEnd : undefined);
      },
      splits: (err, part) => !isTransientDbError(err) && !(part.length === 1 && part[0]!.kind !== 'mapped'),
      onSplit: (size, err) => target.log.warn({ size, code: refusalCode(err) }, 'the store refused a batch as a whole: splitting it to find the record it cannot hold'),
    });
    this.onCommitted(commits, (performance.now() - batchStarted) / 1000);
  }
}
