import { ConnectorError } from '../../connector-error';

/** One message as the reader needs it: where it is and its value bytes. */
export interface LogMessage {
  offset: number;
  value: Uint8Array | null;
}

/** What one fetch brought for one partition. */
export interface PartitionDelivery {
  partition: number;
  /** In offset order; may be empty when the fetch held only control records or compacted gaps. */
  messages: LogMessage[];
  /** Offset of the last record the fetch covered, control records included: the partition is read up to here. */
  lastOffset: number;
}

interface Pending extends PartitionDelivery {
  done: () => void;
}

/**
 * Hands fetched batches from kafkajs (which pushes: `eachBatch`) to the reader's async generator
 * (which pulls), one batch at a time: {@link put} resolves only once the reader has taken every
 * message of the batch, so kafkajs never fetches further ahead than the hub writes. While it
 * waits, `put` keeps the consumer's group session alive with heartbeats.
 */
export class BatchHandoff {
  private readonly queue: Pending[] = [];
  private wake: (() => void) | null = null;
  private failed: unknown = null;
  private closed = false;
  private readonly releases = new Set<() => void>();

  /**
   * Queues a batch and waits until the reader is done with it, or the handoff is closed.
   * `heartbeat` is called every `heartbeatMs` while waiting; its failures are ignored (kafkajs
   * sees a rebalance again on its own next heartbeat).
   */
  async put(delivery: PartitionDelivery, heartbeat?: () => Promise<void>, heartbeatMs = 1_000): Promise<void> {
    if (this.closed) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      const release = () => {
        this.releases.delete(release);
        resolve();
      };
      this.releases.add(release);
      this.queue.push({ ...delivery, done: release });
      this.notify();
      if (heartbeat) {
        timer = setInterval(() => void heartbeat().catch(() => {}), heartbeatMs);
        timer.unref();
      }
    });
    clearInterval(timer);
  }

  /** Queues a batch without waiting (batches that carry no message, only progress). */
  offer(delivery: PartitionDelivery): void {
    if (this.closed) return;
    this.queue.push({ ...delivery, done: () => {} });
    this.notify();
  }

  /** The failure given to {@link fail}, or `null`. */
  get failure(): unknown {
    return this.failed;
  }

  /** Makes the reader's next {@link take} throw `err` (the consumer crashed). */
  fail(err: unknown): void {
    if (this.failed === null) this.failed = err;
    this.notify();
  }

  /** Releases every waiting {@link put} and ends {@link take}: the reader is stopping. */
  close(): void {
    this.closed = true;
    for (const release of [...this.releases]) release();
    this.queue.length = 0;
    this.notify();
  }

  /**
   * The next batch with its `done` callback (call it once every message is handed on), or `null`
   * when `signal` is aborted or the handoff closed. Throws the consumer's failure, or a
   * `transient` `KAFKA_READ_STALLED` when nothing arrives for `stallMs`.
   */
  async take(signal: AbortSignal, stallMs: number, behind: () => string): Promise<(PartitionDelivery & { done: () => void }) | null> {
    for (;;) {
      if (this.failed !== null) throw this.failed;
      if (signal.aborted || this.closed) return null;
      const next = this.queue.shift();
      if (next) return next;
      const woken = await new Promise<'woken' | 'stalled'>((resolve) => {
        const timer = setTimeout(() => finish('stalled'), stallMs);
        const onAbort = () => finish('woken');
        const finish = (why: 'woken' | 'stalled') => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          this.wake = null;
          resolve(why);
        };
        this.wake = () => finish('woken');
        signal.addEventListener('abort', onAbort, { once: true });
      });
      if (woken === 'stalled' && this.queue.length === 0 && this.failed === null && !signal.aborted && !this.closed) {
        throw new ConnectorError('transient', 'KAFKA_READ_STALLED', `no message arrived for ${Math.round(stallMs / 1000)} s although ${behind()} not read to the end offsets seen at the start`);
      }
    }
  }

  private notify(): void {
    this.wake?.();
  }
}
