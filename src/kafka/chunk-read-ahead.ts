/**
 * Reading ahead within a partition's batch: while one chunk commits, the worker decodes the next
 * (JSON, sealed values opened, mapped by the connector stream: decode-raw.ts) and stages its
 * records for the write path (payload hashes; and validation, keying, hashing and encryption of
 * personal information unless the partition is being replayed: `StagedBatch`), so that CPU work
 * overlaps the database's instead of waiting for it — the same overlap an in-process sync gets
 * from reading the next batch while one commits (src/ingest/sync/pipelined-committer.ts).
 *
 * The contract:
 * - `read(origin, chunk)` works in slices, yielding to the event loop every {@link YIELD_AFTER_MS}
 *   so the commit in flight gets its replies at once (the commit is the critical path); it never
 *   rejects, and stops early when `isRunning()` turns false;
 * - `decode(origin, message)` hands a message decoded ahead over once and forgets it, else decodes
 *   it now; `takeStaged(messages)` hands the staged batch over once, and only for exactly the
 *   messages read (same objects, same order, every one decoded ahead). A chunk tried again (a
 *   retry, a split, a part past a fenced offset) decodes and stages afresh, so nothing a failed
 *   attempt may have touched is reused;
 * - decoding and staging are pure functions of the message, the source and the key: the write
 *   path sees the same records either way.
 * - Staging prepares the records' changes too (eager `StagedBatch`) unless the partition's last
 *   chunk applied fewer than half its records: a replay's records are found unchanged by the
 *   version guard, which a lazy batch lets skip that work.
 *
 * Read-ahead needs more than one chunk per fetched batch: the worker fetches up to
 * `fetchBytesPerPartition` per partition (ingest-worker.ts).
 */
import type { KafkaMessage } from 'kafkajs';
import { StagedBatch } from '../ingest/ingest-batch';
import type { ResolvedSource } from '../ingest/sync/resolve-source';
import type { PrepareContext } from '../ingest/write/entity-spec';
import { type DecodedRaw, decodeRawMessage } from './decode-raw';

/** Decoding yields to the event loop after this long, so a commit's replies wait at most about this long. */
export const YIELD_AFTER_MS = 0.25;

/** Where the messages of a chunk come from. */
export interface ChunkOrigin {
  source: ResolvedSource;
  topic: string;
  partition: number;
}

/** A chunk read ahead: its messages and their records, staged. */
interface ReadChunk {
  messages: readonly KafkaMessage[];
  staged: StagedBatch;
}

export class ChunkReadAhead {
  private readonly decoded = new WeakMap<KafkaMessage, DecodedRaw>();
  /** Read chunks by their first message. */
  private readonly chunks = new WeakMap<KafkaMessage, ReadChunk>();
  /** Partitions (`topic:partition`) whose last chunk applied fewer than half its records. */
  private readonly replaying = new Set<string>();

  constructor(private readonly ctx: PrepareContext) {}

  /** Reads `chunk` ahead (see the module comment); resolves when done or stopped, never rejects. */
  async read(origin: ChunkOrigin, chunk: readonly KafkaMessage[], isRunning: () => boolean): Promise<void> {
    if (chunk.length === 0) return;
    const staged = new StagedBatch(this.ctx, !this.replaying.has(`${origin.topic}:${origin.partition}`));
    let sliceStart = performance.now();
    try {
      for (const message of chunk) {
        if (!isRunning()) return;
        const decoded = decodeRawMessage(origin.source, origin.topic, origin.partition, message, this.ctx.vault);
        this.decoded.set(message, decoded);
        if (decoded.kind === 'record') staged.push(decoded.record);
        if (performance.now() - sliceStart >= YIELD_AFTER_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
      this.chunks.set(chunk[0]!, { messages: chunk, staged });
    } catch {
      // decoding and staging do not throw for bad input; should they throw anyway, the chunk is
      // decoded and staged when it is applied, which reports it
      for (const message of chunk) this.decoded.delete(message);
    }
  }

  /** The message decoded ahead (once, then forgotten), else decoded now. */
  decode(origin: ChunkOrigin, message: KafkaMessage): DecodedRaw {
    const ahead = this.decoded.get(message);
    if (ahead === undefined) return decodeRawMessage(origin.source, origin.topic, origin.partition, message, this.ctx.vault);
    this.decoded.delete(message);
    return ahead;
  }

  /**
   * The staged records of exactly `messages` when they were read ahead as one chunk (once, then
   * forgotten), else `undefined`. Call before {@link decode} of those messages.
   */
  takeStaged(messages: readonly KafkaMessage[]): StagedBatch | undefined {
    const first = messages[0];
    const read = first && this.chunks.get(first);
    if (!read) return undefined;
    this.chunks.delete(first);
    if (read.messages.length !== messages.length) return undefined;
    for (let i = 0; i < messages.length; i++) if (read.messages[i] !== messages[i] || !this.decoded.has(messages[i]!)) return undefined;
    return read.staged;
  }

  /** What the partition's last chunk did: staging ahead prepares records unless fewer than half applied. */
  noteApplied(topic: string, partition: number, applied: number, records: number): void {
    const key = `${topic}:${partition}`;
    if (applied * 2 < records) this.replaying.add(key);
    else this.replaying.delete(key);
  }
}
