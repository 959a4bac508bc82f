/**
 * Kafka offset commits off the apply's critical path. PostgreSQL holds each partition's offset,
 * written in the chunk's own transaction (the delivery rule), and a worker resumes from there; the
 * commit to Kafka only tells the group where the worker is (lag tools, `kafka-consumer-groups`).
 * So the worker does not wait for a broker round trip between one chunk's commit and the next
 * chunk's transaction:
 * - `note(topic, partition, offset)` remembers the newest offset of the partition and sends it
 *   when no commit is in flight: one commit at a time, so they reach the broker in order, and
 *   offsets noted meanwhile go together in the next (only the newest of each partition);
 * - `flush()` resolves once everything noted so far has been sent (the worker flushes before it
 *   returns a fetched batch, so a batch's offsets are committed as it ends, as before);
 * - best effort: a failed commit goes to `onError` and is not retried (the next note carries a
 *   newer offset; a lost one only means PostgreSQL's offset is used on a restart).
 */
export interface PartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read (the last applied + 1), as kafkajs takes it. */
  offset: string;
}

export class OffsetCommitLane {
  private readonly pending = new Map<string, PartitionOffset>();
  private sending: Promise<void> | undefined;

  constructor(
    private readonly commit: (offsets: PartitionOffset[]) => Promise<void>,
    private readonly onError: (err: unknown, offsets: PartitionOffset[]) => void,
  ) {}

  /** Commits `offset` for the partition soon (see the module comment). */
  note(offset: PartitionOffset): void {
    this.pending.set(`${offset.topic}:${offset.partition}`, offset);
    this.sending ??= this.send();
  }

  /** Resolves once every offset noted so far was sent (committed or reported to `onError`). */
  flush(): Promise<void> {
    return this.sending ?? Promise.resolve();
  }

  private async send(): Promise<void> {
    while (this.pending.size > 0) {
      const offsets = [...this.pending.values()];
      this.pending.clear();
      try {
        await this.commit(offsets);
      } catch (err) {
        this.onError(err, offsets);
      }
    }
    this.sending = undefined;
  }
}
