/**
 * OpenTelemetry traces (src/telemetry): off by default with no provider registered; on, one
 * GraphQL request over HTTP is an HTTP server span (continuing the caller's `traceparent`) → a
 * GraphQL operation span → SQL spans, an ingest batch an `ingest.apply` span with its counts and
 * its SQL as children, and a hub whose config names an OTLP endpoint exports there and flushes
 * on close. No span carries an ID number, a mobile or a name from the variables or the payload.
 */
import { randomBytes } from 'node:crypto';
import { INVALID_SPAN_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseGrant } from '../../src/auth/grant';
import { issueToken } from '../../src/auth/jwt';
import { loadConfig } from '../../src/config';
import { openHub } from '../../src/hub';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import type { IngestRecord } from '../../src/ingest/ingest-record';
import { createLogger } from '../../src/logger';
import { change } from '../../src/sdk';
import { type RunningServer, startHttpServer } from '../../src/server/http-server';
import { hubRoutes } from '../../src/server/routes';
import { consumeSpan } from '../../src/telemetry/consume-span';
import { otlpTracesUrl, startTracing, type Tracing, tracingEnabled } from '../../src/telemetry/tracing';
import { withSpan } from '../../src/telemetry/with-span';
import { districtFrame, s1Record } from '../support/district-frame';
import { MISSING_GRID, residentIdNumber } from '../support/grid-residents';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';
import { type OtlpExport, startOtlpCollector } from '../support/otlp-collector';

const SECRET = 'tracing-test-secret-0123456789-abcdef';
const V1 = '2026-03-01T00:00:00Z';

/** The personal values of the test: none may appear in any span. */
const PERSON = { idNumber: residentIdNumber(9001), name: '欧阳明珠', mobile: '13912345678' };
const PARKED = { idNumber: residentIdNumber(9002), name: '司马青云', mobile: '13812345679' };
const FAILED = { idNumber: residentIdNumber(9003), name: '诸葛晓晴', mobile: '13712345670' };
const SECRETS = [PERSON, PARKED, FAILED].flatMap((p) => [p.idNumber, p.name, p.mobile]);

/** One batch: a person applied, one parked (their household's grid is not in the store), one failed before the write path. */
const batch: IngestRecord[] = [
  s1Record('residents', 'r-1', [change('person', PERSON)], V1),
  s1Record(
    'residents',
    'r-2',
    [
      change('person', PARKED),
      change('household', { householdNo: 'H-TRACE-2', kind: 'RESIDENT', gridCode: MISSING_GRID }),
      change('residency', { personIdNumber: PARKED.idNumber, householdNo: 'H-TRACE-2', category: 'FLOATING' }),
    ],
    V1,
  ),
  { kind: 'failed', source: 's1', stream: 'residents', externalId: 'r-3', stage: 'MAP', reason: 'MISSING_FIELD', message: 'no household number', payload: { 身份证号: FAILED.idNumber, 姓名: FAILED.name, 手机: FAILED.mobile } },
];

const FIND = 'query FindResident($name: String!) { persons(filter: { name: $name }, first: 5) { totalCount nodes { id mobileMasked } } }';
const REVEAL = 'mutation Reveal($id: ID!, $reason: String!) { revealPerson(id: $id, reason: $reason) { id idNumber } }';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** Everything a span could leak through: name, attributes, status, events, links. */
const spanText = (spans: readonly ReadableSpan[]) => JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, status: s.status, events: s.events, links: s.links })));

/** Whether `span` descends from `ancestor` within `spans`. */
function descendsFrom(span: ReadableSpan, ancestor: ReadableSpan, spans: readonly ReadableSpan[]): boolean {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  let parent = span.parentSpanContext?.spanId;
  while (parent) {
    if (parent === ancestor.spanContext().spanId) return true;
    parent = byId.get(parent)?.parentSpanContext?.spanId;
  }
  return false;
}

describe.each(availableStoreKinds())('tracing on %s', (kind) => {
  let hub: TestHub;
  let server: RunningServer;
  let token: string;

  const post = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
  };

  beforeAll(async () => {
    hub = await createTestHub(kind, { config: { auth: { jwtSecret: SECRET } } });
    expect((await ingestBatch(hub.db, districtFrame(V1), hubIngestOptions(hub))).deadLetters).toBe(0);
    token = await issueToken(hub.config.auth, normaliseGrant({ role: 'ADMIN' }), { subject: 'tracing-admin', ttlSeconds: 600 });
    server = await startHttpServer(hub, { port: 0, host: '127.0.0.1', routes: hubRoutes(hub) });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
  });

  it('is off by default: no provider registered, spans do not record, the traced paths work as before', async () => {
    expect(hub.config.telemetry).toMatchObject({ serviceName: 'huiju' });
    expect(hub.config.telemetry.otlpEndpoint).toBeUndefined();
    const tracing = await startTracing(hub.config.telemetry);
    expect(tracing.enabled).toBe(false);
    expect(tracingEnabled()).toBe(false);
    const probe = trace.getTracer('probe').startSpan('probe');
    expect(probe.isRecording()).toBe(false);
    expect(probe.spanContext().traceId).toBe(INVALID_SPAN_CONTEXT.traceId);
    probe.end();
    // the helpers hand out the non-recording span and just run the work
    const seen = await withSpan('x', { a: 1 }, async (span) => span.isRecording());
    expect(seen).toBe(false);
    expect(await consumeSpan('huiju.raw.s1', 0, async () => trace.getActiveSpan()?.isRecording() ?? false)).toBe(false);
    const r = await post('{ areas(first: 1) { totalCount } }', {});
    expect(r.status).toBe(200);
    expect(r.body.data.areas.totalCount).toBeGreaterThan(0);
  });

  describe('with an in-memory exporter', () => {
    const exporter = new InMemorySpanExporter();
    let tracing: Tracing;
    let personId: string;

    beforeAll(async () => {
      tracing = await startTracing(hub.config.telemetry, { exporter });
      expect(tracing.enabled).toBe(true);
      expect(tracingEnabled()).toBe(true);
    });
    afterAll(async () => {
      await tracing?.shutdown();
      expect(tracingEnabled()).toBe(false);
      expect(trace.getTracer('probe').startSpan('after').isRecording()).toBe(false);
    });

    it('makes an ingest batch an `ingest.apply` span with its counts and its SQL as children', async () => {
      exporter.reset();
      await sql`select 1`.execute(hub.db); // outside any span (a background poll): no root span
      await tracing.forceFlush();
      expect(exporter.getFinishedSpans()).toEqual([]);
      const result = await ingestBatch(hub.db, batch, hubIngestOptions(hub));
      expect(result).toMatchObject({ read: 3, applied: 1, parked: 1, deadLetters: 1 });
      await tracing.forceFlush();
      const spans = exporter.getFinishedSpans();
      const applies = spans.filter((s) => s.name === 'ingest.apply');
      expect(applies).toHaveLength(1);
      const apply = applies[0]!;
      expect(apply.parentSpanContext).toBeUndefined();
      expect(apply.attributes).toMatchObject({
        'ingest.source': 's1',
        'ingest.streams': ['residents'],
        'ingest.records': 3,
        'ingest.applied': 1,
        'ingest.parked': 1,
        'ingest.dead_letters': 1,
        'ingest.stale': 0,
      });
      const sqlSpans = spans.filter((s) => s.attributes['db.system'] === 'postgresql');
      expect(sqlSpans.length).toBeGreaterThan(3);
      for (const s of sqlSpans) {
        expect(s.kind).toBe(SpanKind.CLIENT);
        expect(s.parentSpanContext?.spanId, s.name).toBe(apply.spanContext().spanId);
        expect(s.spanContext().traceId).toBe(apply.spanContext().traceId);
      }
      const statements = sqlSpans.map((s) => String(s.attributes['db.statement']));
      // new rows go as COPY (src/db/copy-rows.ts): the span holds the statement, never the rows
      expect(sqlSpans.map((s) => s.name)).toEqual(expect.arrayContaining(['BEGIN', 'COPY', 'INSERT', 'COMMIT']));
      expect(statements.some((t) => /^copy "?person"? \(.*\) from stdin$/i.test(t))).toBe(true);
      expect(statements.some((t) => /insert into "?dead_letter"?/i.test(t))).toBe(true);
      expect(statements.some((t) => /\$1/.test(t))).toBe(true); // placeholders, not values
      expect(spanText(spans)).not.toMatch(new RegExp(SECRETS.join('|')));
    });

    it('makes one GraphQL request over HTTP an HTTP span → a GraphQL span → SQL spans, continuing the caller’s trace', async () => {
      exporter.reset();
      const traceId = hex(16);
      const callerSpan = hex(8);
      const r = await post(FIND, { name: PERSON.name }, { traceparent: `00-${traceId}-${callerSpan}-01` });
      expect(r.status).toBe(200);
      expect(r.body.data.persons.totalCount).toBe(1);
      personId = r.body.data.persons.nodes[0].id;
      await tracing.forceFlush();
      const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      const http = spans.filter((s) => s.kind === SpanKind.SERVER);
      expect(http.map((s) => s.name)).toEqual(['HTTP POST /graphql']);
      expect(http[0]!.parentSpanContext?.spanId).toBe(callerSpan);
      expect(http[0]!.attributes).toEqual({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200 });
      const graphql = spans.filter((s) => s.name === 'query FindResident');
      expect(graphql).toHaveLength(1);
      expect(graphql[0]!.parentSpanContext?.spanId).toBe(http[0]!.spanContext().spanId);
      expect(graphql[0]!.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'FindResident' });
      expect(graphql[0]!.status.code).not.toBe(SpanStatusCode.ERROR);
      const sqlSpans = spans.filter((s) => s.attributes['db.system'] === 'postgresql');
      expect(sqlSpans.some((s) => /from "?person"?/i.test(String(s.attributes['db.statement'])))).toBe(true);
      for (const s of sqlSpans) expect(descendsFrom(s, graphql[0]!, spans), String(s.attributes['db.statement'])).toBe(true);
      expect(spans.every((s) => s === http[0] || descendsFrom(s, http[0]!, spans))).toBe(true);
      expect(spanText(spans)).not.toMatch(new RegExp(SECRETS.join('|')));
    });

    it('records error codes, never variables: a mutation whose variables carry an ID number and a mobile', async () => {
      exporter.reset();
      const reason = `核对 ${PERSON.idNumber} ${PERSON.mobile} ${PERSON.name}`;
      const ok = await post(REVEAL, { id: personId, reason });
      expect(ok.body.data?.revealPerson?.idNumber).toBe(PERSON.idNumber); // the answer has it; the spans may not
      const missing = await post(REVEAL, { id: personId.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), reason });
      expect(missing.body.errors?.[0]?.extensions?.code).toBeDefined();
      await tracing.forceFlush();
      const spans = exporter.getFinishedSpans();
      const mutations = spans.filter((s) => s.name === 'mutation Reveal');
      expect(mutations).toHaveLength(2);
      expect(mutations[0]!.attributes['graphql.error.codes']).toBeUndefined();
      expect(mutations[1]!.attributes['graphql.error.codes']).toEqual([missing.body.errors![0]!.extensions!.code]);
      expect(mutations[1]!.status).toMatchObject({ code: SpanStatusCode.ERROR });
      expect(spans.filter((s) => s.attributes['db.system'] === 'postgresql').length).toBeGreaterThan(0);
      expect(spanText(spans)).not.toMatch(new RegExp(SECRETS.join('|')));
    });

    it('nests the ingest batches of a consumed chunk under its `consume <topic>` span', async () => {
      exporter.reset();
      const result = await consumeSpan('huiju.raw.s1', 3, () => ingestBatch(hub.db, [s1Record('residents', 'r-1', [change('person', PERSON)], '2026-03-02T00:00:00Z')], hubIngestOptions(hub)), 1);
      expect(result.applied + result.unchanged).toBe(1);
      await tracing.forceFlush();
      const spans = exporter.getFinishedSpans();
      const consume = spans.find((s) => s.name === 'consume huiju.raw.s1')!;
      expect(consume.kind).toBe(SpanKind.CONSUMER);
      expect(consume.attributes).toEqual({
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': 'huiju.raw.s1',
        'messaging.destination.partition.id': '3',
        'messaging.batch.message_count': 1,
      });
      const apply = spans.find((s) => s.name === 'ingest.apply')!;
      expect(apply.parentSpanContext?.spanId).toBe(consume.spanContext().spanId);
      expect(spanText(spans)).not.toMatch(new RegExp(SECRETS.join('|')));
    });
  });
});

describe.skipIf(!availableStoreKinds().includes('postgres'))('tracing from the config through openHub (PostgreSQL)', () => {
  let store: TestHub;
  let collector: Awaited<ReturnType<typeof startOtlpCollector>>;
  let collectorUrl: string;
  let received: OtlpExport[] = [];

  beforeAll(async () => {
    store = await createTestHub('postgres');
    collector = await startOtlpCollector();
    collectorUrl = collector.url;
    received = collector.received;
  }, 120_000);
  afterAll(async () => {
    await collector?.close();
    await store?.destroy();
  });

  const configWith = (env: Record<string, string>) =>
    loadConfig({ env: { DATABASE_URL: store.databaseUrl!, ...env }, cwd: process.cwd(), overrides: { logLevel: 'silent', pii: { key: store.config.pii.key } } });

  it('registers no provider when no endpoint is configured', async () => {
    const hub = await openHub(configWith({}), { logger: createLogger({ level: 'silent' }) });
    try {
      expect(tracingEnabled()).toBe(false);
      expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
    } finally {
      await hub.close();
    }
  });

  it('exports OTLP JSON to OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces and flushes on close', async () => {
    const config = configWith({ OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl, OTEL_SERVICE_NAME: 'huiju-test' });
    expect(config.telemetry).toMatchObject({ otlpEndpoint: collectorUrl, serviceName: 'huiju-test' });
    const hub = await openHub(config, { logger: createLogger({ level: 'silent' }) });
    expect(tracingEnabled()).toBe(true);
    await ingestBatch(hub.db, districtFrame('2026-03-05T00:00:00Z'), hubIngestOptions(hub));
    expect(received).toHaveLength(0); // batched until the flush
    await hub.close();
    expect(tracingEnabled()).toBe(false);
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((r) => r.path === '/v1/traces' && String(r.type).startsWith('application/json'))).toBe(true);
    const resourceSpans = received.flatMap((r) => r.body.resourceSpans);
    const serviceNames = resourceSpans.map((rs: any) => rs.resource.attributes.find((a: any) => a.key === 'service.name')?.value.stringValue);
    expect(new Set(serviceNames)).toEqual(new Set(['huiju-test']));
    const names = resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans.map((s: any) => s.name)));
    expect(names).toEqual(expect.arrayContaining(['ingest.apply', 'COPY', 'COMMIT']));
  });

  it('takes OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as the full URL and refuses a URL that is not http(s), naming the field', () => {
    const both = configWith({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318/', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom' });
    expect(both.telemetry).toMatchObject({ otlpEndpoint: 'http://a:4318/', otlpTracesEndpoint: 'http://b:4318/custom' });
    expect(otlpTracesUrl(both.telemetry)).toBe('http://b:4318/custom');
    expect(otlpTracesUrl(configWith({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318/' }).telemetry)).toBe('http://a:4318/v1/traces');
    expect(otlpTracesUrl(configWith({}).telemetry)).toBeNull();
    expect(() => configWith({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/telemetry\.otlpEndpoint \(env OTEL_EXPORTER_OTLP_ENDPOINT\)/);
  });
});
