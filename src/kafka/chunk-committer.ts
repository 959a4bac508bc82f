/**
 * The transaction of one chunk of an ingest worker (one partition): ONE PostgreSQL transaction
 * (`ingestBatch`) holding the canonical writes, lineage, dead letters, the snapshot markers reached,
 * and the partition's next offset + high watermark in `consumed_offset` — a compare-and-set from the
 * offset read before (`OFFSET_FENCED` when another worker moved it). The chunk's dead letters are
 * also produced to `huiju.dlq.<source>` inside the transaction, just before it commits, so a crash
 * can repeat a DLQ copy but never lose one; a copy the broker refuses for good is left out and
 * logged `DLQ_COPY_REJECTED` (dlq-copy.ts), its dead letter still committed.
 */
import type { KafkaMessage, Producer } from 'kafkajs';
import type { Hub } from '../hub';
import { hubIngestOptions, ingestBatch, type BatchResult, type StagedBatch } from '../ingest/ingest-batch';
import type { IngestRecord } from '../ingest/ingest-record';
import type { ResolvedSource } from '../ingest/sync/resolve-source';
import type { Logger } from '../logger';
import { advanceConsumedOffset } from './consumed-offset.repository';
import type { DecodedRaw } from './decode-raw';
import { deadLetterCopy, dlqValueMaxBytes, sendDeadLetterCopies } from './dlq-copy';
import { dlqTopic, type SnapshotMarker } from './raw-topic';
import { reachSnapshotMarker } from './snapshot-progress.repository';

/** One chunk to commit: decoded messages of one partition, in offset order. */
export interface Chunk {
  source: ResolvedSource;
  topic: string;
  partition: number;
  items: readonly { message: KafkaMessage; decoded: DecodedRaw }[];
  /** The items' records (markers left out), staged ahead (chunk-read-ahead.ts); used when they are exactly those records. */
  staged?: StagedBatch;
  /** The partition's next offset read before (`null`: none stored): the compare-and-set's expected value. */
  from: number | null;
  /** The partition's end offset seen with the batch (stored for lag). */
  highWatermark: number;
}

/** What a committed chunk did. */
export interface ChunkCommit {
  result: BatchResult;
  /** Snapshot markers reached, and residencies ended by completing a snapshot. */
  markers: number;
  residenciesEnded: number;
  /** DLQ copies the broker refused for good. */
  dlqCopiesRejected: number;
}

/** Commits a chunk (throws when the transaction fails; nothing of it is then written). */
export type ChunkCommitter = (chunk: Chunk) => Promise<ChunkCommit>;

export interface ChunkCommitterDeps {
  hub: Hub;
  group: string;
  log: Logger;
  /** The worker's producer (connected before the first chunk). */
  producer: () => Producer;
  /** `max.message.bytes` of each source's DLQ topic, read at start. */
  dlqMaxBytes: ReadonlyMap<string, number>;
}

export function createChunkCommitter(deps: ChunkCommitterDeps): ChunkCommitter {
  const { hub, group, log } = deps;
  return async ({ source, topic, partition, items, staged, from, highWatermark }) => {
    const records: IngestRecord[] = [];
    const recordMessages: KafkaMessage[] = [];
    const markers: SnapshotMarker[] = [];
    for (const { message, decoded } of items) {
      if (decoded.kind === 'marker') markers.push(decoded.marker);
      else {
        records.push(decoded.record);
        recordMessages.push(message);
      }
    }
    const next = Number(items[items.length - 1]!.message.offset) + 1;
    let residenciesEnded = 0;
    let dlqCopiesRejected = 0;
    const result = await ingestBatch(hub.db, staged && sameRecords(staged.records, records) ? staged : records, {
      ...hubIngestOptions(hub),
      alsoInTransaction: async (trx, r) => {
        residenciesEnded = 0;
        for (const marker of markers) residenciesEnded += await reachSnapshotMarker(trx, { group, source: source.id, marker, partition });
        await advanceConsumedOffset(trx, { group, topic, partition, from, next, highWatermark });
        const letters = r.outcomes.flatMap((o, i) => (o.status === 'dead' ? [{ o, record: records[i]!, message: recordMessages[i]! }] : []));
        if (letters.length === 0) return;
        const maxBytes = deps.dlqMaxBytes.get(source.id) ?? hub.config.kafka.maxMessageBytes;
        const copies = letters.map(({ o, record, message }) => deadLetterCopy({ record, outcome: o.status === 'dead' ? o : { stage: '', reason: '', message: '' }, message, topic, partition, sourceId: source.id, valueMaxBytes: dlqValueMaxBytes(maxBytes) }));
        const rejected = await sendDeadLetterCopies(deps.producer(), dlqTopic(source.id, hub.config.kafka.topicPrefix), copies, maxBytes);
        dlqCopiesRejected = rejected.length;
        for (const x of rejected) {
          log.error({ topic, partition, offset: x.offset, code: 'DLQ_COPY_REJECTED', brokerError: x.brokerError, dlq: dlqTopic(source.id, hub.config.kafka.topicPrefix) }, "the broker refused a dead letter's DLQ copy for good: the dead letter is in PostgreSQL only");
        }
      },
    });
    return { result, markers: markers.length, residenciesEnded, dlqCopiesRejected };
  };
}

function sameRecords(a: readonly IngestRecord[], b: readonly IngestRecord[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
