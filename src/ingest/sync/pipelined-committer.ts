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

/**
 * Collects a stream's records ({@link push}) and hands them to the database in batches
 * ({@link commit}), one commit in flight at a time. A failed commit is thrown by the next
 * {@link commit} or {@link settle}, and the batch read meanwhile stays collected for the caller
 * to commit (without a cursor) on its error path.
 */
export class PipelinedCommitter {
  private batch: StagedBatch;
  private inFlight: Promise<void> | null = null;

  /** `after`: the first commit waits for it (it must never reject), e.g. the stream before this one ending. */
  constructor(
    private readonly target: StreamBatchTarget,
    private readonly onCommitted: OnBatchCommitted,
    after?: Promise<void>,
  ) {
    this.batch = new StagedBatch(target.prepare);
    this.inFlight = after ?? null;
  }

  /** Adds a record read to the batch being collected (staged eagerly, while the previous batch commits). */
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
   * `snapshotEnd`, once the previous commit has finished; returns without waiting for this one.
   * Throws the previous commit's failure, before this batch leaves the committer.
   */
  async commit(cursor: JsonValue | undefined, snapshotEnd?: SnapshotEnd): Promise<void> {
    await this.settle();
    const records = this.batch;
    this.batch = new StagedBatch(this.target.prepare);
    const running = this.apply(records, cursor, snapshotEnd);
    // its failure is thrown by the next settle(); until then it must not count as unhandled
    running.catch(() => {});
    this.inFlight = running;
  }

  /** Waits for the commit in flight, if any, and throws its failure. */
  async settle(): Promise<void> {
    const running = this.inFlight;
    this.inFlight = null;
    if (running !== null) await running;
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
