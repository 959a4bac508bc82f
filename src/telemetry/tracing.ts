import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { HuijuConfig } from '../config';

/** The `telemetry` section of the config. */
export type TelemetrySettings = HuijuConfig['telemetry'];

/** Name of the instrumentation scope of every span the hub makes. */
export const TRACER_NAME = 'huiju';

/** Tracing as started by {@link startTracing}. */
export interface Tracing {
  /** Whether a tracer provider was registered (an endpoint or an exporter was given). */
  readonly enabled: boolean;
  /** Exports the spans ended so far (tests read an in-memory exporter after it). */
  forceFlush(): Promise<void>;
  /**
   * Flushes and, for the last holder, shuts the provider down and unregisters it (the API goes
   * back to its no-op tracer). Idempotent.
   */
  shutdown(): Promise<void>;
}

export interface StartTracingOptions {
  /**
   * Export to this exporter, span by span (a `SimpleSpanProcessor`), whatever the settings say:
   * tests install an `InMemorySpanExporter` through the same start path. Default: the OTLP/HTTP
   * exporter to the configured endpoint, batched; none when no endpoint is configured.
   */
  exporter?: SpanExporter;
}

/** The provider registered in this process, shared by every hub that asks for tracing. */
interface ActiveProvider {
  readonly provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> };
  holders: number;
}

let active: ActiveProvider | null = null;
let starting: Promise<ActiveProvider> | null = null;

/**
 * Whether spans are being recorded in this process. Every span helper of src/telemetry checks it
 * first and otherwise just runs the work: with tracing off a request costs one boolean test per
 * would-be span, no span object, no context switch.
 */
export function tracingEnabled(): boolean {
  return active !== null;
}

/** The OTLP/HTTP URL spans are sent to: `otlpTracesEndpoint`, else `otlpEndpoint` + `/v1/traces`, else none. */
export function otlpTracesUrl(settings: TelemetrySettings): string | null {
  if (settings.otlpTracesEndpoint) return settings.otlpTracesEndpoint;
  if (settings.otlpEndpoint) return `${settings.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
  return null;
}

const OFF: Tracing = { enabled: false, forceFlush: async () => {}, shutdown: async () => {} };

/**
 * Starts tracing when it is configured (an OTLP endpoint, or `options.exporter`): a Node tracer
 * provider with resource `service.name` = `serviceName`, the AsyncLocalStorage context manager
 * and the W3C `traceparent` propagator, registered as the process's global provider. The SDK
 * packages are imported only then, so a hub without tracing never loads them. Sampling follows
 * the SDK's standard `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG` (default: parent-based,
 * always on); the OTLP exporter also reads its standard `OTEL_EXPORTER_OTLP_HEADERS`,
 * `…_TIMEOUT` and `…_COMPRESSION`.
 *
 * One provider per process: a second hub opened while one is registered shares it (its settings
 * are not applied); the provider is shut down when the last one closes.
 */
export async function startTracing(settings: TelemetrySettings, options: StartTracingOptions = {}): Promise<Tracing> {
  const url = otlpTracesUrl(settings);
  if (!options.exporter && url === null) return OFF;
  starting ??= registerProvider(settings, url, options.exporter).then(
    (created) => (active = created),
    (err: unknown) => {
      starting = null;
      throw err;
    },
  );
  const held = await starting;
  held.holders += 1;
  let released = false;
  return {
    enabled: true,
    forceFlush: () => held.provider.forceFlush(),
    async shutdown() {
      if (released) return;
      released = true;
      held.holders -= 1;
      if (held.holders > 0) return held.provider.forceFlush();
      if (active === held) {
        active = null;
        starting = null;
      }
      try {
        await held.provider.shutdown();
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
}

/** Builds the provider (importing the SDK only now) and registers it as the process's global one. */
async function registerProvider(settings: TelemetrySettings, url: string | null, exporter: SpanExporter | undefined): Promise<ActiveProvider> {
  const [{ NodeTracerProvider }, { BatchSpanProcessor, SimpleSpanProcessor }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
  ]);
  const processor: SpanProcessor = exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({ url: url ?? undefined }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    spanProcessors: [processor],
  });
  provider.register();
  return { provider, holders: 0 };
}
