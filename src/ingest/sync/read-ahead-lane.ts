/**
 * Runs that follow one another in a lane — a source's streams, the sources of one
 * `syncSources` worker — overlapping only where it is safe: the next run starts reading as soon
 * as the one before has read everything (its last batch may still be committing), and commits only
 * once that one has ended. Commits stay in lane order (a later stream may refer to an earlier
 * one's rows), while the reader and the database work at the same time.
 */

/** What a run in a lane is given: when it may first commit, and how to say it has read everything. */
export interface Handoff {
  /** Settles when the run before has ended (never rejects); the run's first commit waits for it. */
  after: Promise<void>;
  /** Called once the run has read everything (or ends): the next run may start reading. */
  readDone: () => void;
}

export class ReadAheadLane {
  private previous: Promise<void>;
  private readonly runs: Promise<void>[] = [];

  /** `after`: when the lane's first run may first commit (default: at once). */
  constructor(after: Promise<void> = Promise.resolve()) {
    this.previous = after;
  }

  /**
   * Starts `run` with its {@link Handoff}; resolves once the next run may start — this one has
   * read everything, or ended. Resolves `false` when `run` threw: start no further runs.
   */
  async start(run: (handoff: Handoff) => Promise<void>): Promise<boolean> {
    let readDone = () => {};
    const reading = new Promise<void>((resolve) => {
      readDone = resolve;
    });
    const running = run({ after: this.previous, readDone }).finally(readDone);
    this.runs.push(running);
    let threw = false;
    this.previous = running.catch(() => {
      threw = true;
    });
    await Promise.race([reading, this.previous]);
    return !threw;
  }

  /** Waits for every run started; throws the failure of the first one that threw. */
  async end(): Promise<void> {
    const ended = await Promise.allSettled(this.runs);
    const failed = ended.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
