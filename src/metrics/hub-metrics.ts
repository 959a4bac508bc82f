/**
 * The hub's Prometheus metrics (served at `GET /metrics` in the text exposition format).
 *
 * Built on `prom-client` (the Prometheus client for Node.js): exact exposition format, scrape-time
 * gauges through async `collect()`, and the default process metrics (CPU, memory, heap, GC,
 * event-loop lag, handles; one registry per process) for free. One {@link Registry} per hub, made on first use by
 * {@link hubMetrics}: the HTTP server, the GraphQL server, the sync runner, the Kafka worker and
 * the outbox relay of one process record into the same registry, and two hubs in one process
 * (tests) never mix their counts.
 *
 * Label values are bounded: routes are the registered paths, sources and streams come from the
 * config, reason and error codes are the hub's codes, GraphQL operation names are capped at
 * {@link MAX_OPERATION_NAMES} distinct values. No label carries personal information.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { IngestCounts } from '../ingest/ingest-counts';

/** What a metrics registry needs from the hub. */
export interface MetricsHost {
  readonly db: Kysely<Database>;
  readonly logger?: Logger;
}

/** Distinct GraphQL operation names kept as label values; later new names count as `other`. */
export const MAX_OPERATION_NAMES = 200;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Counts of one committed ingest batch: the {@link IngestCounts} (a `BatchResult` or a worker's chunk event fits). */
export interface BatchCounts extends IngestCounts {
  /** Dead letters by reason code. */
  reasons?: Readonly<Record<string, number>>;
}

/** One partition's consumer lag, pushed by a worker that knows it (see {@link HubMetrics.setConsumerLag}). */
export interface ConsumerLag {
  group: string;
  topic: string;
  partition: number;
  /** Messages behind the partition's high watermark. */
  lag: number;
}

/** The metrics of one hub. */
export interface HubMetrics {
  readonly registry: Registry;
  /** `huiju_http_request_duration_seconds{route,method,status}`. */
  readonly httpRequestDuration: Histogram<'route' | 'method' | 'status'>;
  /** `huiju_graphql_operation_duration_seconds{operation,type}`. */
  readonly graphqlOperationDuration: Histogram<'operation' | 'type'>;
  /** `huiju_graphql_errors_total{operation,code}`. */
  readonly graphqlErrors: Counter<'operation' | 'code'>;
  /** `huiju_graphql_executions_total{path}`, path ∈ compiled, graphql_js (a query the compiled execution handed over), not_compiled. */
  readonly graphqlExecutions: Counter<'path'>;
  /** `huiju_ingest_records_total{source,stream,outcome}`, outcome ∈ applied, unchanged, stale, dead_letter, parked, unparked. */
  readonly ingestRecords: Counter<'source' | 'stream' | 'outcome'>;
  /** `huiju_ingest_dead_letters_total{source,stream,reason}`. */
  readonly ingestDeadLetters: Counter<'source' | 'stream' | 'reason'>;
  /** `huiju_ingest_batch_duration_seconds{source,stream}`: one committed batch, read to commit. */
  readonly ingestBatchDuration: Histogram<'source' | 'stream'>;
  /** `huiju_outbox_events_published_total`: change events the relay published and marked. */
  readonly outboxPublished: Counter;
  /** A GraphQL operation name as a bounded label value. */
  operationLabel(name: string | null | undefined): string;
  /**
   * Sets the lag of a consumed partition, for workers that know it from the broker. Lags
   * computed from `consumed_offset.high_watermark` at scrape take precedence.
   */
  setConsumerLag(lag: ConsumerLag): void;
  /** The exposition text of the hub's metrics and the process metrics (runs the scrape-time queries). */
  scrape(): Promise<string>;
  /** `Content-Type` of {@link scrape}'s text. */
  readonly contentType: string;
}

const byHost = new WeakMap<object, HubMetrics>();
let processRegistry: Registry | undefined;

/** The process metrics (prom-client's defaults), collected once per process whatever the number of hubs. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** The metrics of `hub`, made on first use. */
export function hubMetrics(hub: MetricsHost): HubMetrics {
  let m = byHost.get(hub);
  if (!m) {
    m = createHubMetrics(hub);
    byHost.set(hub, m);
  }
  return m;
}

/**
 * Counts one committed ingest batch: records by outcome, dead letters by reason, and the batch's
 * latency. Called by every caller of `ingestBatch` (the sync runner, the Kafka ingest worker)
 * after the commit, with the batch's source and stream.
 */
export function recordBatch(hub: MetricsHost, batch: { source: string; stream: string; result: BatchCounts; seconds: number }): void {
  const m = hubMetrics(hub);
  const { source, stream, result } = batch;
  const count = (outcome: string, n: number) => {
    // a zero increment still creates the series, so a rate over it reads 0 rather than nothing
    m.ingestRecords.inc({ source, stream, outcome }, n);
  };
  count('applied', result.applied);
  count('unchanged', result.unchanged);
  count('stale', result.stale);
  count('dead_letter', result.deadLetters);
  count('parked', result.parked);
  count('unparked', result.unparked);
  for (const [reason, n] of Object.entries(result.reasons ?? {})) m.ingestDeadLetters.inc({ source, stream, reason }, n);
  m.ingestBatchDuration.observe({ source, stream }, batch.seconds);
}

function createHubMetrics(host: MetricsHost): HubMetrics {
  const registry = new Registry();
  const registers = [registry];
  const log = host.logger?.child({ component: 'metrics' });
  const failed = (what: string) => (err: unknown) => {
    log?.warn({ err: { message: (err as Error).message, code: (err as { code?: string }).code } }, `metrics: ${what} not available`);
  };

  const httpRequestDuration = new Histogram({
    name: 'huiju_http_request_duration_seconds',
    help: 'HTTP requests by route (registered path, or "unmatched"), method and status, from request to response end.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const graphqlOperationDuration = new Histogram({
    name: 'huiju_graphql_operation_duration_seconds',
    help: 'GraphQL operations by operation name ("anonymous" when unnamed, "other" past the cap) and type (query, mutation, unknown when it did not parse or validate).',
    labelNames: ['operation', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const graphqlErrors = new Counter({
    name: 'huiju_graphql_errors_total',
    help: 'Errors in GraphQL responses by operation name and error code.',
    labelNames: ['operation', 'code'] as const,
    registers,
  });
  const graphqlExecutions = new Counter({
    name: 'huiju_graphql_executions_total',
    help: 'Queries by how they were executed: compiled, graphql_js (the compiled execution met an error, a null in a non-null field or bad variables and handed the query over), not_compiled (a query it does not cover, or the setting is off).',
    labelNames: ['path'] as const,
    registers,
  });
  const ingestRecords = new Counter({
    name: 'huiju_ingest_records_total',
    help: 'Records committed through the write path by source, stream and outcome (applied, unchanged, stale, dead_letter, parked: waiting for a row they refer to, unparked: applied once it landed).',
    labelNames: ['source', 'stream', 'outcome'] as const,
    registers,
  });
  const ingestDeadLetters = new Counter({
    name: 'huiju_ingest_dead_letters_total',
    help: 'Dead letters by source, stream and reason code.',
    labelNames: ['source', 'stream', 'reason'] as const,
    registers,
  });
  const ingestBatchDuration = new Histogram({
    name: 'huiju_ingest_batch_duration_seconds',
    help: 'Ingest batches by source and stream, from the start of the write to its commit.',
    labelNames: ['source', 'stream'] as const,
    buckets: BATCH_BUCKETS,
    registers,
  });
  const outboxPublished = new Counter({
    name: 'huiju_outbox_events_published_total',
    help: 'Change events the outbox relay of this process published to Kafka and marked published.',
    registers,
  });

  new Gauge({
    name: 'huiju_outbox_backlog_events',
    help: 'Change events in the outbox not yet published (computed at scrape).',
    registers,
    async collect() {
      try {
        const { rows } = await sql<{ n: string | number }>`select count(*) as n from outbox where published_at is null`.execute(host.db);
        this.set(Number(rows[0]?.n ?? 0));
      } catch (err) {
        this.reset();
        failed('outbox backlog')(err);
      }
    },
  });
  new Gauge({
    name: 'huiju_outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest unpublished change event, 0 when none (computed at scrape).',
    registers,
    async collect() {
      try {
        const { rows } = await sql<{ age: string | number | null }>`
          select extract(epoch from now() - min(created_at)) as age from outbox where published_at is null`.execute(host.db);
        this.set(Number(rows[0]?.age ?? 0));
      } catch (err) {
        this.reset();
        failed('outbox age')(err);
      }
    },
  });

  new Gauge({
    name: 'huiju_ingest_parked_records',
    help: 'Records waiting, parked, for a row they refer to (applied when it lands, dead letters after ingest.parkedFor), by source (computed at scrape).',
    labelNames: ['source'] as const,
    registers,
    async collect() {
      this.reset();
      try {
        const { rows } = await sql<{ source: string; n: string | number }>`select source, count(*) as n from parked_record group by source`.execute(host.db);
        for (const r of rows) this.set({ source: r.source }, Number(r.n));
      } catch (err) {
        failed('parked records')(err);
      }
    },
  });
  new Gauge({
    name: 'huiju_ingest_parked_oldest_age_seconds',
    help: 'How long the longest-waiting parked record has waited, 0 when none (computed at scrape).',
    registers,
    async collect() {
      try {
        const { rows } = await sql<{ age: string | number | null }>`select extract(epoch from now() - min(parked_at)) as age from parked_record`.execute(host.db);
        this.set(Number(rows[0]?.age ?? 0));
      } catch (err) {
        this.reset();
        failed('parked age')(err);
      }
    },
  });

  const pushedLag = new Map<string, ConsumerLag>();
  new Gauge({
    name: 'huiju_kafka_consumer_lag_messages',
    help: 'Messages behind the high watermark per consumer group, topic and partition (from consumed_offset.high_watermark at scrape, where stored).',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers,
    async collect() {
      this.reset();
      for (const l of pushedLag.values()) this.set({ group: l.group, topic: l.topic, partition: String(l.partition) }, l.lag);
      try {
        for (const l of await storedConsumerLag(host.db)) this.set({ group: l.group, topic: l.topic, partition: String(l.partition) }, l.lag);
      } catch (err) {
        failed('consumer lag')(err);
      }
    },
  });

  const operationNames = new Set<string>();
  return {
    registry,
    httpRequestDuration,
    graphqlOperationDuration,
    graphqlErrors,
    graphqlExecutions,
    ingestRecords,
    ingestDeadLetters,
    ingestBatchDuration,
    outboxPublished,
    contentType: registry.contentType,
    operationLabel(name) {
      if (!name || !/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) return 'anonymous';
      if (operationNames.has(name)) return name;
      if (operationNames.size >= MAX_OPERATION_NAMES) return 'other';
      operationNames.add(name);
      return name;
    },
    setConsumerLag(lag) {
      pushedLag.set(`${lag.group}\u0000${lag.topic}\u0000${lag.partition}`, lag);
    },
    scrape: async () => `${await registry.metrics()}\n${await processMetrics().metrics()}`,
  };
}

/**
 * Lag per consumed partition from `consumed_offset`, when the table stores the partition's high
 * watermark next to the next offset (column `high_watermark`); none when it does not.
 */
async function storedConsumerLag(db: Kysely<Database>): Promise<ConsumerLag[]> {
  const { rows: has } = await sql<{ present: boolean }>`
    select exists (
      select 1 from information_schema.columns
      where table_schema = current_schema() and table_name = 'consumed_offset' and column_name = 'high_watermark'
    ) as present`.execute(db);
  if (!has[0]?.present) return [];
  const { rows } = await sql<{ consumer_group: string; topic: string; partition: number; lag: string | number }>`
    select consumer_group, topic, partition, greatest(high_watermark - next_offset, 0) as lag
    from consumed_offset where high_watermark is not null`.execute(db);
  return rows.map((r) => ({ group: r.consumer_group, topic: r.topic, partition: Number(r.partition), lag: Number(r.lag) }));
}
