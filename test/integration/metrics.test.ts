/**
 * GET /metrics after real syncs and GraphQL requests: the text is valid Prometheus exposition
 * format and the counters moved by what the syncs reported and the requests made.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { syncSource, type StreamSyncReport } from '../../src/ingest/sync/run-sync';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { hubMetrics } from '../../src/metrics/hub-metrics';
import { change, defineConnector, defineStream, RecordError, type ReadMessage } from '../../src/sdk';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { hubRoutes } from '../../src/server/routes';
import { parseExposition, type Exposition } from '../support/prometheus-exposition';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

interface Row {
  code: string;
  name: string;
  updatedAt: string;
}

/** Four provinces, an older copy of the first (stale), and one without a name (a dead letter). */
const ROWS: Row[] = [
  { code: '110000', name: '北京市', updatedAt: '2026-06-02T00:00:00Z' },
  { code: '120000', name: '天津市', updatedAt: '2026-06-02T00:00:00Z' },
  { code: '130000', name: '河北省', updatedAt: '2026-06-02T00:00:00Z' },
  { code: '140000', name: '山西省', updatedAt: '2026-06-02T00:00:00Z' },
  { code: '110000', name: '北京', updatedAt: '2026-06-01T00:00:00Z' },
  { code: '150000', name: '', updatedAt: '2026-06-02T00:00:00Z' },
];

const connector = defineConnector({
  id: 'test-provinces',
  version: '1.0.0',
  displayName: 'Test provinces',
  description: 'in-memory rows',
  config: z.object({}),
  check: async () => ({ ok: true }),
  streams: [
    defineStream<unknown, Row>({
      name: 'provinces',
      description: 'province rows',
      primaryKey: ['code'],
      async *read(): AsyncIterable<ReadMessage> {
        for (const [i, row] of ROWS.entries()) yield { type: 'record', data: row, position: { line: i + 1 } };
      },
      externalId: (r) => r.code,
      version: (r) => r.updatedAt,
      map(r) {
        if (!r.name) throw new RecordError('MISSING_FIELD', 'name is missing');
        return [change('adminArea', { code: r.code, name: r.name, level: 'province', parentCode: null })];
      },
    }),
  ],
});
const source: ResolvedSource = { id: 'metrics-src', connector, config: {}, displayConfig: {}, scheduleMs: null, baseDir: process.cwd() };
const series = { source: 'metrics-src', stream: 'provinces' };

describe.each(availableStoreKinds())('GET /metrics on %s', (kind) => {
  let hub: TestHub;
  let server: RunningServer;
  const reports: StreamSyncReport[] = [];
  let commits = 0;

  const scrape = async (): Promise<Exposition> => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(await res.text());
  };
  const graphql = (query: string, operationName?: string) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, operationName }) });

  beforeAll(async () => {
    // an embedded hub writes change events only when told to (no Kafka here)
    // auth.mode open: on PostgreSQL the hub is not in development mode, and this test is about the metrics, not tokens
    hub = await createTestHub(kind, { config: { outbox: { enabled: true }, auth: { mode: 'open' } } });
    server = await startHttpServer(hub, { port: 0, host: '127.0.0.1', routes: hubRoutes(hub) });
    // twice: the second run finds everything unchanged (and the stale copy and the bad row again)
    for (let i = 0; i < 2; i++) reports.push(...(await syncSource(hub, source, { batchSize: 4, onProgress: () => (commits += 1) })));
  });
  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
  });

  it('counts the records of each sync by outcome, the dead letters by reason and the batches', async () => {
    const sum = (k: 'applied' | 'unchanged' | 'stale' | 'deadLetters') => reports.reduce((n, r) => n + r[k], 0);
    expect(reports.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect([sum('applied'), sum('unchanged'), sum('stale'), sum('deadLetters')]).toEqual([4, 4, 2, 2]);

    const m = await scrape();
    expect(m.types.get('huiju_ingest_records_total')).toBe('counter');
    expect(m.value('huiju_ingest_records_total', { ...series, outcome: 'applied' })).toBe(sum('applied'));
    expect(m.value('huiju_ingest_records_total', { ...series, outcome: 'unchanged' })).toBe(sum('unchanged'));
    expect(m.value('huiju_ingest_records_total', { ...series, outcome: 'stale' })).toBe(sum('stale'));
    expect(m.value('huiju_ingest_records_total', { ...series, outcome: 'dead_letter' })).toBe(sum('deadLetters'));
    expect(m.value('huiju_ingest_dead_letters_total', { ...series, reason: 'MISSING_FIELD' })).toBe(2);
    expect(commits).toBeGreaterThan(2);
    expect(m.value('huiju_ingest_batch_duration_seconds_count', series)).toBe(commits);
    expect(m.value('huiju_ingest_batch_duration_seconds_bucket', { ...series, le: '+Inf' })).toBe(commits);
  });

  it('reports the outbox backlog from the store at scrape', async () => {
    const unpublished = async () =>
      Number((await hub.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where('published_at', 'is', null).executeTakeFirstOrThrow()).n);
    expect(await unpublished()).toBe(4);
    expect((await scrape()).value('huiju_outbox_backlog_events')).toBe(4);
    await hub.db.updateTable('outbox').set({ published_at: new Date() }).where('entity', '=', 'adminArea').execute();
    const m = await scrape();
    expect(m.value('huiju_outbox_backlog_events')).toBe(0);
    expect(m.value('huiju_outbox_oldest_unpublished_age_seconds')).toBe(0);
  });

  it('times GraphQL operations by name and counts their errors by code', async () => {
    const before = await scrape();
    const ok = await graphql('query MetricsProbe { __typename }');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await graphql('query MetricsProbe { __typename }', 'MetricsProbe')).status).toBe(200);
    const bad = await graphql('query Broken { noSuchField }');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const m = await scrape();
    const delta = (name: string, labels: Record<string, string>) => (m.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0);
    expect(delta('huiju_graphql_operation_duration_seconds_count', { operation: 'MetricsProbe', type: 'query' })).toBe(2);
    expect(delta('huiju_graphql_operation_duration_seconds_count', { operation: 'Broken', type: 'unknown' })).toBe(1);
    expect(delta('huiju_graphql_errors_total', { operation: 'Broken', code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(m.value('huiju_graphql_errors_total', { operation: 'MetricsProbe', code: 'GRAPHQL_VALIDATION_FAILED' })).toBeUndefined();
    expect(delta('huiju_http_request_duration_seconds_count', { route: '/graphql', method: 'POST', status: '200' })).toBe(2);
    expect(delta('huiju_http_request_duration_seconds_count', { route: '/graphql', method: 'POST', status: '400' })).toBe(1);
    // the scrape before this one is counted once it has been answered
    expect(delta('huiju_http_request_duration_seconds_count', { route: '/metrics', method: 'GET', status: '200' })).toBe(1);
  });

  it('times requests to unknown paths under one route label', async () => {
    const before = await scrape();
    expect((await fetch(`${server.url}/no/such/${Date.now()}`)).status).toBe(404);
    const m = await scrape();
    const labels = { route: 'unmatched', method: 'GET', status: '404' };
    expect((m.value('huiju_http_request_duration_seconds_count', labels) ?? 0) - (before.value('huiju_http_request_duration_seconds_count', labels) ?? 0)).toBe(1);
    expect(m.samples.some((s) => s.labels.route?.startsWith('/no/'))).toBe(false);
  });

  it('reports consumer lag from consumed_offset.high_watermark, and lag a worker pushes', async () => {
    expect((await scrape()).samples.filter((s) => s.name === 'huiju_kafka_consumer_lag_messages')).toEqual([]);
    hubMetrics(hub).setConsumerLag({ group: 'pushed', topic: 'huiju.raw.x', partition: 2, lag: 7 });
    await sql`alter table consumed_offset add column if not exists high_watermark bigint`.execute(hub.db);
    await sql`insert into consumed_offset (consumer_group, topic, partition, next_offset, high_watermark) values ('workers', 'huiju.raw.s4', 0, 10, 25), ('workers', 'huiju.raw.s4', 1, 30, 30)`.execute(hub.db);
    const m = await scrape();
    expect(m.value('huiju_kafka_consumer_lag_messages', { group: 'workers', topic: 'huiju.raw.s4', partition: '0' })).toBe(15);
    expect(m.value('huiju_kafka_consumer_lag_messages', { group: 'workers', topic: 'huiju.raw.s4', partition: '1' })).toBe(0);
    expect(m.value('huiju_kafka_consumer_lag_messages', { group: 'pushed', topic: 'huiju.raw.x', partition: '2' })).toBe(7);
  });

  it('includes the process metrics', async () => {
    const m = await scrape();
    expect(m.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(m.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(m.types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
  });
});
