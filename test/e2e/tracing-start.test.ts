/**
 * Tracing in the real process: `huiju start` with `OTEL_EXPORTER_OTLP_ENDPOINT` exports the spans
 * of a request (continuing its `traceparent`) to a collector on loopback as OTLP JSON, and on
 * SIGTERM stops gracefully — exit 0 — flushing them. `NODE_ENV` is not `test` in the child, as in
 * production (Apollo Server installs its own signal handlers then; the hub turns them off).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';
import { startOtlpCollector } from '../support/otlp-collector';

const BIN = resolve(__dirname, '../../bin/huiju.mjs');

interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: { key: string; value: Record<string, unknown> }[];
}

describe.skipIf(!availableStoreKinds().includes('postgres'))('huiju start with an OTLP endpoint', () => {
  let store: TestHub;
  let collector: Awaited<ReturnType<typeof startOtlpCollector>>;
  let child: ChildProcess | undefined;
  const batches = (): { path?: string; body: { resourceSpans: { resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: { spans: OtlpSpan[] }[] }[] } }[] => collector.received;

  beforeAll(async () => {
    store = await createTestHub('postgres');
    collector = await startOtlpCollector();
  }, 120_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await collector?.close();
    await store?.destroy();
  });

  it('exports HTTP → GraphQL → SQL spans of a request and flushes them on SIGTERM', async () => {
    let output = '';
    child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--no-demo'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: store.databaseUrl ?? '',
        HUIJU_PII_KEY: store.config.pii.key ?? '',
        HUIJU_AUTH_MODE: 'open',
        KAFKA_BROKERS: '',
        HOST: '127.0.0.1',
        HUIJU_METRICS_PORT: '',
        LOG_LEVEL: 'warn',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
        OTEL_SERVICE_NAME: 'huiju-e2e',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = child;
    proc.stdout?.on('data', (c) => (output += c));
    proc.stderr?.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    let url: string | undefined;
    for (const until = Date.now() + 120_000; !url && Date.now() < until; ) {
      url = /Huiju is up on (http:\/\/\S+?)\s/.exec(output)?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 100));
    }
    expect(url, output).toBeDefined();

    const traceId = randomBytes(16).toString('hex');
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      body: JSON.stringify({ query: 'query AreaCount { areas(first: 1) { totalCount } }' }),
    });
    expect(res.status).toBe(200);
    proc.kill('SIGTERM');
    expect(await exited, output).toBe(0);

    expect(batches().length).toBeGreaterThan(0);
    expect(batches().every((b) => b.path === '/v1/traces')).toBe(true);
    const resources = batches().flatMap((b) => b.body.resourceSpans);
    expect(new Set(resources.map((r) => r.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue))).toEqual(new Set(['huiju-e2e']));
    const spans = resources.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).filter((s) => s.traceId === traceId);
    const byName = (name: string) => spans.filter((s) => s.name === name);
    const [http] = byName('HTTP POST /graphql');
    const [graphql] = byName('query AreaCount');
    expect(http).toBeDefined();
    expect(graphql?.parentSpanId).toBe(http?.spanId);
    const sqlSpans = spans.filter((s) => s.attributes.some((a) => a.key === 'db.system'));
    expect(sqlSpans.length).toBeGreaterThan(0);
    expect(sqlSpans.every((s) => s.parentSpanId === graphql?.spanId)).toBe(true);
  }, 180_000);
});
