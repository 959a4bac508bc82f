/**
 * The outbox relay: publishes the change events the write path put in the `outbox` table (in the
 * same transaction as the changes) to Kafka as CloudEvents, and marks them published.
 *
 * Delivery is **at least once**: an event is marked only after the broker acknowledged it, so a
 * relay that dies between the ack and the mark publishes it again, with the same `id`. Consumers
 * de-duplicate on the CloudEvent `id` (the outbox `event_id`). Nothing is lost: an unmarked event
 * stays in the outbox until a relay publishes it.
 *
 * Order: events are published in outbox order, keyed by the row's id, so one row's events land on
 * one partition in the order they were written. Several relays may run (PostgreSQL): each claims
 * a batch with `FOR UPDATE SKIP LOCKED` and publishes an event only when no earlier unpublished
 * event of the same row exists outside its batch (that one belongs to another relay, which must
 * publish first), so per-row order holds across relays too.
 */
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { backoffMs } from '../retry/backoff';
import { kafkaConnectError } from './client';
import { DEFAULT_TOPIC_PREFIX, hubTopic } from './topic-names';
import { ensureTopics } from './topic-admin';

/** Default topic of the change events. */
export const CHANGES_TOPIC = hubTopic(DEFAULT_TOPIC_PREFIX, 'changes');

/** A change event in CloudEvents 1.0 structured JSON form, as published. */
export interface ChangeCloudEvent {
  specversion: '1.0';
  /** The outbox `event_id`: the same on every redelivery; consumers de-duplicate on it. */
  id: string;
  /** `huiju/<entity>`, e.g. `huiju/person`. */
  source: string;
  /** `cn.huiju.<entity>.<created|updated>`. */
  type: string;
  /** The changed row's id (also the Kafka message key). */
  subject: string;
  /** When the change committed (the outbox row's `created_at`), ISO-8601. */
  time: string;
  datacontenttype: 'application/json';
  /** The event data (see `ChangeEventData` in src/ingest/outbox.repository.ts). */
  data: unknown;
}

/** Options of {@link createOutboxRelay}. */
export interface OutboxRelayOptions {
  /** Topic to publish to. Default {@link CHANGES_TOPIC}. */
  topic?: string;
  /** Events claimed and published per round. Default 500. */
  batchSize?: number;
  /** Wait between polls when the outbox has nothing more to publish, ms. Default 1,000. */
  pollIntervalMs?: number;
  /** Published events older than this many days are deleted (checked hourly). `0` keeps them. Default 7. */
  retentionDays?: number;
  /** Partitions of the topic when the relay creates it. Default 3. */
  partitions?: number;
  /**
   * Claim rows with `FOR UPDATE SKIP LOCKED` inside a transaction held until the mark, so several
   * relays can share one outbox. Default `true`. The embedded store (PGlite, one process, one
   * connection) sets `false`: a transaction held over a broker round trip would stall every other
   * query, and only one relay can run there anyway.
   */
  lockRows?: boolean;
  logger?: Logger;
  /** Called after each published and marked round with the number of events. */
  onPublished?: (count: number) => void;
  /**
   * Called after the broker acknowledged a round and before it is marked published. A throw
   * leaves the round unmarked (as a crash at that point would), so it is published again.
   */
  afterPublish?: (events: readonly ChangeCloudEvent[]) => void | Promise<void>;
}

/** A running or runnable relay. */
export interface OutboxRelay {
  /** Connects the producer and creates the topic when it is missing. Called by the others on first use. */
  connect(): Promise<void>;
  /** One round: claims up to `batchSize` events, publishes, marks. Returns how many were published. */
  relayOnce(): Promise<number>;
  /** Rounds until a round publishes fewer than `batchSize`. Returns how many were published. */
  drain(): Promise<number>;
  /** Deletes published events older than `retentionDays`. Returns how many were deleted. */
  prune(): Promise<number>;
  /** Starts polling in the background (errors are logged and retried with back-off). */
  start(): void;
  /** Stops polling after the current round and disconnects the producer. */
  stop(): Promise<void>;
}

interface OutboxRow {
  seq: string;
  event_id: string;
  type: string;
  entity: string;
  entity_id: string;
  payload: unknown;
  created_at: Date | string;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Builds the structured-mode CloudEvent of an outbox row. */
export function toCloudEvent(row: Pick<OutboxRow, 'event_id' | 'type' | 'entity' | 'entity_id' | 'payload' | 'created_at'>): ChangeCloudEvent {
  return {
    specversion: '1.0',
    id: row.event_id,
    source: `huiju/${row.entity}`,
    type: row.type,
    subject: row.entity_id,
    time: new Date(row.created_at).toISOString(),
    datacontenttype: 'application/json',
    data: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
  };
}

/** Builds a relay from the outbox in `db` to `kafka`. Nothing connects until it is used. */
export function createOutboxRelay(db: Kysely<Database>, kafka: Kafka, options: OutboxRelayOptions = {}): OutboxRelay {
  const topic = options.topic ?? CHANGES_TOPIC;
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const retentionDays = options.retentionDays ?? 7;
  const lockRows = options.lockRows ?? true;
  const log = options.logger?.child({ component: 'outbox-relay', topic });
  let producer: Producer | null = null;
  let connecting: Promise<void> | null = null;
  let loop: Promise<void> | null = null;
  let stopping: AbortController | null = null;

  const connect = () =>
    (connecting ??= (async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const created = await ensureTopics(admin, [topic], options.partitions ?? 3);
        if (created.length > 0) log?.info({ partitions: options.partitions ?? 3 }, 'created the change-event topic');
      } finally {
        await admin.disconnect();
      }
      // one request in flight: a retried send cannot overtake an earlier one, so order per partition
      // is kept; a retry may write a message twice, which at-least-once consumers absorb (they
      // de-duplicate on the event id). kafkajs's idempotent mode would need unbounded retries.
      const p = kafka.producer({ maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await p.connect();
      producer = p;
    })().catch((err: unknown) => {
      connecting = null;
      throw kafkaConnectError(err, [], 'connecting the outbox relay');
    }));

  /** Claims, publishes and marks one round, on `q` (a transaction when rows are locked). */
  const round = async (q: Kysely<Database>): Promise<number> => {
    const { rows } = await sql<OutboxRow>`
      with batch as (
        select seq from outbox where published_at is null order by seq limit ${batchSize}
        ${lockRows ? sql`for update skip locked` : sql``}
      )
      select o.seq, o.event_id, o.type, o.entity, o.entity_id, o.payload, o.created_at
      from outbox o join batch b on b.seq = o.seq
      where not exists (
        select 1 from outbox p
        where p.entity_id = o.entity_id and p.published_at is null and p.seq < o.seq
          and p.seq not in (select seq from batch))
      order by o.seq`.execute(q);
    if (rows.length === 0) return 0;
    const events = rows.map(toCloudEvent);
    await producer!.send({
      topic,
      acks: -1,
      messages: events.map((e) => ({
        key: e.subject,
        value: JSON.stringify(e),
        headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
      })),
    });
    await options.afterPublish?.(events);
    const { rows: marked } = await sql<{ seq: string }>`
      update outbox set published_at = now()
      where seq = any(${rows.map((r) => String(r.seq))}::bigint[]) and published_at is null
      returning seq`.execute(q);
    return marked.length;
  };

  const relayOnce = async (): Promise<number> => {
    await connect();
    const n = lockRows ? await db.transaction().execute((trx) => round(trx)) : await round(db);
    if (n > 0) options.onPublished?.(n);
    return n;
  };

  const prune = async (): Promise<number> => {
    if (retentionDays <= 0) return 0;
    const result = await sql`delete from outbox where published_at < now() - make_interval(days => ${retentionDays})`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  };

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const n = await relayOnce();
      total += n;
      if (n < batchSize) return total;
    }
  };

  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });

  const run = async (signal: AbortSignal) => {
    let failures = 0;
    let lastPrune = 0;
    while (!signal.aborted) {
      try {
        if (Date.now() - lastPrune >= PRUNE_EVERY_MS) {
          const pruned = await prune();
          lastPrune = Date.now();
          if (pruned > 0) log?.info({ pruned, retentionDays }, 'pruned published change events');
        }
        const n = await drain();
        failures = 0;
        if (n > 0) log?.debug({ published: n }, 'published change events');
        await sleep(pollIntervalMs, signal);
      } catch (err) {
        failures += 1;
        // pollIntervalMs·2, ·4, … ·32, and never over 30 s
        const wait = backoffMs(failures, { initialMs: pollIntervalMs, maxMs: Math.min(30_000, pollIntervalMs * 32) });
        log?.warn({ err: { message: (err as Error).message, code: (err as { code?: string }).code }, retryInMs: wait }, 'outbox relay round failed');
        await sleep(wait, signal);
      }
    }
  };

  return {
    connect,
    relayOnce,
    drain,
    prune,
    start() {
      if (loop !== null) return;
      stopping = new AbortController();
      loop = run(stopping.signal);
    },
    async stop() {
      stopping?.abort();
      await loop;
      loop = null;
      await connecting?.catch(() => {});
      const p = producer;
      producer = null;
      connecting = null;
      await p?.disconnect().catch(() => {});
    },
  };
}
