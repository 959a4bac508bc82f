import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { tracingEnabled } from './tracing';
import { hubTracer } from './with-span';

/** Methods recorded as sent; any other is `_OTHER` (a method is client text, like a path). */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE']);

/**
 * Runs `handle` (the server's handling of `req`) inside a SERVER span `HTTP <method> <route>`
 * (`HTTP <method>` for a path no route serves), ended when the response is sent or the
 * connection closes. It continues the caller's trace when the request carries a W3C
 * `traceparent` (and `tracestate`). Attributes: `http.request.method`, `http.route` (the
 * registered path, never the request's own path or query string: a GET's query string can hold
 * GraphQL variables), `http.response.status_code`; a 5xx answer or a connection closed before
 * the answer marks the span failed. Headers, bodies and addresses are not recorded.
 */
export function traceRequest(req: IncomingMessage, res: ServerResponse, route: string | null, handle: () => void): void {
  if (!tracingEnabled()) {
    handle();
    return;
  }
  const method = req.method && KNOWN_METHODS.has(req.method) ? req.method : '_OTHER';
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = hubTracer().startSpan(
    route === null ? `HTTP ${method}` : `HTTP ${method} ${route}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, ...(route === null ? {} : { 'http.route': route }) } },
    parent,
  );
  let ended = false;
  const end = (finished: boolean) => {
    if (ended) return;
    ended = true;
    span.setAttribute('http.response.status_code', res.statusCode);
    if (!finished) span.setAttributes({ 'error.type': 'CONNECTION_CLOSED' }).setStatus({ code: SpanStatusCode.ERROR, message: 'CONNECTION_CLOSED' });
    else if (res.statusCode >= 500) span.setAttributes({ 'error.type': String(res.statusCode) }).setStatus({ code: SpanStatusCode.ERROR, message: String(res.statusCode) });
    span.end();
  };
  res.once('finish', () => end(true));
  res.once('close', () => end(res.writableFinished));
  context.with(trace.setSpan(parent, span), handle);
}
