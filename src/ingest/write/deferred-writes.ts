/**
 * Writes of one transaction sent without waiting for their replies, so the write path builds its
 * next statement while the database runs the one before: the store's CPU and the hub's overlap
 * within a batch instead of taking turns. Only statements whose reply nothing reads go this way —
 * plain inserts of rows whose ids the hub made, child rows, lineage whose count is read at the end.
 *
 * Order is kept here, not left to the driver: each statement sent starts when the one sent before
 * it has finished (Kysely hands a transaction's connection to whichever waiting caller resumes
 * first, which need not be the one that asked first). So the contract for a caller is:
 *
 * - send a write with {@link DeferredWrites.send} (a function that starts it);
 * - before any other statement of the transaction, `await writes.settle()` — a read then sees
 *   every write sent before it, as if each had been awaited;
 * - when anything in the transaction throws, throw `await writes.failure(err)` instead: once one
 *   statement fails, the transaction is aborted and every statement after it fails too ("current
 *   transaction is aborted"); the failure to report is the first one, e.g. a unique violation
 *   (run again as a lock conflict) or a refused row (isolated, src/ingest/isolate-refused.ts).
 */
export class DeferredWrites {
  private pending: Promise<unknown>[] = [];
  /** The statement sent last, while one is pending. */
  private last: Promise<unknown> | null = null;

  /** Starts `statement` once the statements sent before it have finished (at once when none is pending). */
  send(statement: () => Promise<unknown>): void {
    // the reply is not read: a failure is kept (and reported) by sendForReply's own handling
    void this.sendForReply(statement);
  }

  /** {@link send}, for a caller that reads the reply once the writes are settled. */
  sendForReply<T>(statement: () => Promise<T>): Promise<T> {
    const previous = this.last;
    // after a failure the next still runs: it fails as aborted, and failure() reports the first
    const sent = previous === null ? statement() : previous.then(statement, statement);
    // its failure is reported by settle() or failure(); until then it must not count as unhandled
    sent.catch(() => {});
    this.pending.push(sent);
    this.last = sent;
    return sent;
  }

  /**
   * Waits for every statement sent; throws the first failure in send order — only once every
   * statement sent has finished. Throwing at the first failure would let the caller roll the
   * transaction back while later writes still wait their turn in the chain: sent after the
   * ROLLBACK, they would run outside any transaction and stay (lineage of a batch that failed).
   */
  async settle(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    this.last = null;
    let failure: { err: unknown } | null = null;
    for (const statement of pending) {
      try {
        await statement;
      } catch (err) {
        failure ??= { err };
      }
    }
    if (failure) throw failure.err;
  }

  /**
   * The error to report for `err`, thrown by the transaction: the first statement sent here that
   * failed for a reason of its own, when one did (it aborted the transaction, so `err` may only be
   * its consequence), else `err` itself. A statement that failed only because the transaction was
   * already aborted (SQLSTATE 25P02) is a consequence, never the cause. Waits for every statement sent.
   */
  async failure(err: unknown): Promise<unknown> {
    const pending = this.pending;
    this.pending = [];
    this.last = null;
    let cause: unknown;
    for (const statement of pending) {
      try {
        await statement;
      } catch (failed) {
        if (cause === undefined && !isAbortedTransaction(failed)) cause = failed;
      }
    }
    return cause ?? err;
  }
}

/** SQLSTATE 25P02: the statement was refused because an earlier one aborted the transaction. */
function isAbortedTransaction(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '25P02';
}

/** Rows a builder of a large statement handles between two {@link letWritesProceed} calls. */
export const ROWS_BETWEEN_YIELDS = 500;

/**
 * Lets the event loop turn once, from inside a long synchronous build (the rows of a COPY, a
 * batch's lineage): a write sent before that has finished meanwhile hands the connection to the
 * next one now, instead of leaving the server idle until the build is done. The driver sends a
 * statement only when the one before it has answered and the event loop is free to see it.
 */
export function letWritesProceed(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

