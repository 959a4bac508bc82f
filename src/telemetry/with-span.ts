import { type Attributes, type Context, context, INVALID_SPAN_CONTEXT, type Span, type SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { TRACER_NAME, tracingEnabled } from './tracing';

/** The span `fn` gets when tracing is off: every method a no-op, nothing allocated per call. */
const NOT_RECORDING: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** The hub's tracer (the API's no-op tracer until src/telemetry/tracing.ts registers a provider). */
export function hubTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** Options of {@link withSpan}. */
export interface WithSpanOptions {
  /** Default `INTERNAL`. */
  kind?: SpanKind;
  /** The parent; default the active context (the span of the code that calls). */
  parent?: Context;
}

/**
 * Runs `fn` inside a new span named `name`, active for everything `fn` awaits (its SQL becomes
 * child spans), and ends it when `fn` settles. A failure is recorded by its code only
 * ({@link markFailed}). `attributes` and whatever `fn` sets on the span must never carry personal
 * information: no GraphQL variables, no SQL parameters, no record payloads, no error messages.
 * With tracing off `fn` runs at once with a non-recording span.
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, options: WithSpanOptions = {}): Promise<T> {
  if (!tracingEnabled()) return fn(NOT_RECORDING);
  return hubTracer().startActiveSpan(name, { attributes, kind: options.kind }, options.parent ?? context.active(), async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      markFailed(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * Marks `span` failed with the error's code (`HuijuError.code`, PostgreSQL's SQLSTATE, a Kafka
 * error type) or class name as `error.type` and status message — never its message, which may
 * quote a value (`invalid input syntax for type integer: "…"`, a key in a constraint violation).
 */
export function markFailed(span: Span, err: unknown): void {
  const type = errorType(err);
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/** A short, value-free name for `err`: its `code` when it looks like one, else its class. */
export function errorType(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(code)) return code;
  if (err instanceof Error) return err.constructor.name || 'Error';
  return 'unknown';
}
