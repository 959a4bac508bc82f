/**
 * Helpers for the distributed-ingestion tests: publish a source to its raw topic, run ingest
 * workers until they caught up with the topic, and read back everything the write path wrote
 * in a comparable form.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../src/db/database';
import type { Hub } from '../../src/hub';
import { syncSource, type StreamSyncReport } from '../../src/ingest/sync/run-sync';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { createKafka } from '../../src/kafka/client';
import { listConsumedOffsets } from '../../src/kafka/consumed-offset.repository';
import { createIngestWorker, type IngestBatchEvent, type IngestWorker, type IngestWorkerOptions } from '../../src/kafka/ingest-worker';
import { openRawPublisher } from '../../src/kafka/publish-raw';
import { rawTopic } from '../../src/kafka/raw-topic';

/** Publishes a source's streams to `huiju.raw.<id>` (distributed mode of `syncSource`). */
export async function publishSource(hub: Hub, source: ResolvedSource, brokers: string[], partitions = 4): Promise<StreamSyncReport[]> {
  const publisher = await openRawPublisher(hub, { brokers, partitions });
  try {
    return await syncSource(hub, source, { runStream: publisher.runStream, batchSize: 2_000 });
  } finally {
    await publisher.close();
  }
}

/** End offset of every partition of a topic. */
export async function endOffsets(brokers: string[], topic: string): Promise<Map<number, number>> {
  const admin = createKafka({ brokers }).admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** True when the group's offsets stored in PostgreSQL reached the end of every partition of the source's topic. */
export async function caughtUp(db: Kysely<Database>, brokers: string[], sourceId: string, group: string, topicPrefix?: string): Promise<boolean> {
  const topic = rawTopic(sourceId, topicPrefix);
  const ends = await endOffsets(brokers, topic);
  const stored = new Map((await listConsumedOffsets(db, { group, topics: [topic] })).map((o) => [o.partition, o.nextOffset]));
  return [...ends].every(([p, end]) => end === 0 || stored.get(p) === end);
}

/** Waits (polling) until {@link caughtUp}; throws after `timeoutMs`. */
export async function waitCaughtUp(db: Kysely<Database>, brokers: string[], sourceId: string, group: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  // a database that is being restarted under the test answers again soon: keep asking
  while (!(await caughtUp(db, brokers, sourceId, group).catch(() => false))) {
    if (Date.now() > until) throw new Error(`group ${group} did not catch up with ${rawTopic(sourceId)} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs one worker until the group caught up with the source's topic, then stops it. */
export async function ingestUntilCaughtUp(
  hub: Hub,
  source: ResolvedSource,
  brokers: string[],
  group: string,
  options: IngestWorkerOptions = {},
  timeoutMs = 60_000,
): Promise<{ events: IngestBatchEvent[]; worker: IngestWorker }> {
  const events: IngestBatchEvent[] = [];
  const worker = createIngestWorker(hub, { sources: [source], brokers, groupId: group, sessionTimeout: 10_000, ...options, onBatch: (e) => {
    events.push(e);
    options.onBatch?.(e);
  } });
  await worker.start();
  try {
    await waitCaughtUp(hub.db, brokers, source.id, group, timeoutMs);
  } finally {
    await worker.stop();
  }
  return { events, worker };
}

/** Everything the write path wrote for people, in a comparable form (no generated ids, no times). */
export async function peopleContents(db: Kysely<Database>) {
  const q = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows;
  return {
    persons: await q('select natural_key, name, birth_date from person order by natural_key'),
    households: await q('select natural_key from household order by natural_key'),
    residencies: await q('select natural_key, valid_to from residency order by natural_key'),
    lineage: await q('select s.source, s.stream, s.external_id, s.entity, s.payload_hash, s.source_version from source_record s order by 1, 2, 3, 4, 5, 6'),
    deadLetters: await q('select source, stream, stage, reason_code, payload_hash, status from dead_letter order by payload_hash, reason_code'),
  };
}

/** Row versions of the canonical and lineage tables (a replay that changes nothing leaves them as they are). */
export async function rowVersions(db: Kysely<Database>) {
  const q = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows;
  return {
    persons: await q('select natural_key, xmin::text as x, updated_at from person order by natural_key'),
    households: await q('select natural_key, xmin::text as x, updated_at from household order by natural_key'),
    residencies: await q('select natural_key, xmin::text as x, updated_at from residency order by natural_key'),
    deadLetters: await q('select id, xmin::text as x from dead_letter order by id'),
  };
}
