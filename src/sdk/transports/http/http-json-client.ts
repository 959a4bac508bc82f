import type { ConnectorLogger } from '../../connector';
import { ConnectorError } from '../../connector-error';
import { abortReason, backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfter, sleep, type RetryPolicy } from './retry-policy';

/**
 * Bearer-token authentication for {@link createHttpJsonClient}. The client never stores, logs or
 * puts the token into an error; it asks for it before every attempt.
 */
export interface BearerAuth {
  /** The token to send now. Called before every attempt, so a refreshed token is picked up. */
  token(signal: AbortSignal | undefined): string | Promise<string>;
  /**
   * Obtains a new token after the source answered 401 (an expired token), so that the next
   * {@link token} call returns it. Optional: without it a 401 is a `config` failure at once.
   * The client calls it at most once per request, and requests that fail together share one
   * refresh. Throws a `ConnectorError` when the refresh itself fails.
   */
  refresh?(signal: AbortSignal | undefined): Promise<void>;
}

/** Options of {@link createHttpJsonClient}. */
export interface HttpJsonClientOptions {
  /** Base URL that request paths are resolved against (`https://platform.example/api`). */
  baseUrl: string;
  /** How user messages name the source (`the committee platform`). Default `the source`. */
  sourceName?: string;
  /** Bearer authentication. Default: none (no `Authorization` header). */
  auth?: BearerAuth;
  /** Time limit of one attempt, headers and body, in ms. Default `15000`. */
  timeoutMs?: number;
  /**
   * Time limit of one request with all its retries and waits, in ms: a source that hangs fails
   * `TIMEOUT` within it, not after retries × timeout. An attempt gets at most what is left; a
   * backoff or `Retry-After` wait that would end past it fails at once. Default `50000`.
   */
  deadlineMs?: number;
  /**
   * Largest response body read, in bytes; a larger (or endless) body is cut off and fails
   * `source` with `RESPONSE_TOO_LARGE`, so a misbehaving source cannot fill the hub's memory.
   * Default 64 MiB.
   */
  maxResponseBytes?: number;
  /** Retry behaviour; missing members take {@link DEFAULT_RETRY_POLICY}'s values. */
  retry?: Partial<RetryPolicy>;
  /**
   * Headers sent with every request. Bearer tokens go in `auth` (refreshable); a scheme without
   * refresh (an API-key header, HTTP basic: manifest connectors) may go here — the client never
   * logs headers or puts them into an error.
   */
  headers?: Record<string, string>;
  /** Receives one debug line per retry and refresh: method, path, status, delay. Never a token, query or body. */
  logger?: ConnectorLogger;
  /** Aborts every request of this client (usually the connector context's signal). */
  signal?: AbortSignal;
  /** The fetch implementation. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Random numbers in [0, 1) for the backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** The clock `Retry-After` dates are measured against. Default `Date.now`. */
  now?: () => number;
}

/** Query parameters; `null` and `undefined` values are left out. */
export type QueryParams = Record<string, string | number | boolean | null | undefined>;

/** Options of one request. */
export interface HttpRequestOptions {
  /** Query parameters added to the URL. */
  query?: QueryParams;
  /** Body sent as JSON (`content-type: application/json`). */
  json?: unknown;
  /** Body sent as `application/x-www-form-urlencoded` (OAuth token endpoints). */
  form?: Record<string, string>;
  /** Aborts this request (combined with the client's signal). */
  signal?: AbortSignal;
  /** Send the bearer token. Default `true` when the client has `auth`. */
  auth?: boolean;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
  /** Receives the headers of the successful (2xx) response before its body is returned — to follow a `Link` header. */
  onHeaders?(headers: { get(name: string): string | null }): void;
}

/** A JSON-over-HTTP client with timeouts, retries and token refresh. See {@link createHttpJsonClient}. */
export interface HttpJsonClient {
  /** Sends a request and resolves to the parsed JSON body (`null` for an empty body). */
  request<T = unknown>(method: string, path: string, options?: HttpRequestOptions): Promise<T>;
  /** `request('GET', path, options)`. */
  getJson<T = unknown>(path: string, options?: HttpRequestOptions): Promise<T>;
  /** `request('POST', path, options)`. */
  postJson<T = unknown>(path: string, options?: HttpRequestOptions): Promise<T>;
  /** The absolute URL a path and query resolve to. */
  url(path: string, query?: QueryParams): URL;
}

/**
 * Creates a JSON client for one source. Every request:
 *
 * - resolves `path` against `baseUrl` (an absolute `http(s)://` path is used as is);
 * - runs each attempt under `timeoutMs` combined with the client's and the request's signal;
 * - retries timeouts, connection errors, 408, 425, 429 and 5xx up to `retry.maxRetries` times,
 *   waiting the exponential backoff with jitter — or, on 429 and 503, what `Retry-After` asks
 *   (delay-seconds or an HTTP-date) — and then fails `transient` (`TIMEOUT`,
 *   `CONNECTION_FAILED`, `RATE_LIMITED`, `SOURCE_UNAVAILABLE`);
 * - on 401 refreshes the token once through `auth.refresh` and tries again; a 401 without a
 *   refresh, or a second one, fails `config` with `AUTH_FAILED`;
 * - fails `config` on 403 (`FORBIDDEN`), 404/405 (`NOT_FOUND`), other 4xx `source`
 *   (`REQUEST_REJECTED`), and an unreadable body `source` (`BAD_RESPONSE`);
 * - gives the whole request `deadlineMs` (default 50 s): attempts get at most what is left and a
 *   wait that would end past it fails at once, so a hanging source is a clear `TIMEOUT` within a
 *   minute, not after retries × timeout;
 * - reads at most `maxResponseBytes` of a body (default 64 MiB), else `source`
 *   `RESPONSE_TOO_LARGE` (an endless body cannot fill the memory);
 * - when the caller's signal is aborted, rejects at once with the signal's reason (also during
 *   a backoff wait): cancellation is not a failure kind.
 *
 * Errors and log lines name the method, the URL path and the HTTP status; never the token, the
 * query string or a body.
 */
export function createHttpJsonClient(options: HttpJsonClientOptions): HttpJsonClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...definedOnly(options.retry ?? {}) };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const sourceName = options.sourceName ?? 'the source';
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const base = options.baseUrl.replace(/\/+$/, '');
  let refreshing: Promise<void> | null = null;

  const url = (path: string, query?: QueryParams): URL => {
    const u = new URL(/^https?:\/\//i.test(path) ? path : `${base}/${path.replace(/^\/+/, '')}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== null && v !== undefined) u.searchParams.set(k, String(v));
    return u;
  };

  /** One refresh at a time; a request whose token was already replaced just retries with the new one. */
  const refreshToken = async (usedToken: string, auth: BearerAuth, signal: AbortSignal | undefined): Promise<void> => {
    if ((await auth.token(signal)) !== usedToken) return;
    if (!refreshing) {
      refreshing = auth.refresh!(signal).finally(() => {
        refreshing = null;
      });
    }
    await refreshing;
  };

  const request = async <T>(method: string, path: string, req: HttpRequestOptions = {}): Promise<T> => {
    const target = url(path, req.query);
    const where = { method, path: target.pathname };
    const callerSignals = [options.signal, req.signal].filter((s): s is AbortSignal => s !== undefined);
    const caller = callerSignals.length === 0 ? undefined : callerSignals.length === 1 ? callerSignals[0] : AbortSignal.any(callerSignals);
    const auth = req.auth === false ? undefined : options.auth;
    let retries = 0;
    let refreshed = false;
    // elapsed time is real time (`now` is only the clock Retry-After dates are read against)
    const deadline = Date.now() + deadlineMs;

    /** Waits before the next attempt, or fails with `error` when the retries or the request's time are used up. */
    const retryOrFail = async (error: ConnectorError, delayMs: number | null): Promise<void> => {
      if (retries >= policy.maxRetries) throw error;
      const wait = delayMs ?? backoffDelayMs(retries, policy, random);
      // the next attempt would start too late to finish within the deadline: fail now, with what was seen
      if (Date.now() + wait >= deadline - MIN_ATTEMPT_MS) throw error;
      retries++;
      options.logger?.debug({ ...where, code: error.code, status: error.details.status, retry: retries, delayMs: wait }, 'retrying request');
      await sleep(wait, caller);
    };

    for (;;) {
      if (caller?.aborted) throw abortReason(caller);
      const attempt = retries + 1;
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...req.headers };
      let body: string | undefined;
      if (req.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.json);
      } else if (req.form !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(req.form).toString();
      }
      let usedToken: string | undefined;
      if (auth) {
        usedToken = await auth.token(caller);
        headers.authorization = `Bearer ${usedToken}`;
      }

      const attemptMs = Math.max(MIN_ATTEMPT_MS, Math.min(timeoutMs, deadline - Date.now()));
      const timeout = AbortSignal.timeout(attemptMs);
      const signal = caller ? AbortSignal.any([caller, timeout]) : timeout;
      let status: number;
      let text: string;
      let retryAfter: string | null;
      let responseHeaders: { get(name: string): string | null };
      try {
        const response = await fetchImpl(target, { method, headers, body, signal });
        status = response.status;
        retryAfter = response.headers.get('retry-after');
        responseHeaders = response.headers;
        text = await readCapped(response, maxResponseBytes);
      } catch (err) {
        if (caller?.aborted) throw abortReason(caller);
        if (err instanceof ResponseTooLarge) {
          throw new ConnectorError('source', 'RESPONSE_TOO_LARGE', `${sourceName} sent a response larger than ${maxResponseBytes} bytes`, {
            internalMessage: `${method} ${target.pathname}: body cut off after ${err.bytes} bytes (limit ${maxResponseBytes})`,
            details: { ...where, limitBytes: maxResponseBytes },
          });
        }
        const timedOut = timeout.aborted;
        const error = new ConnectorError(
          'transient',
          timedOut ? 'TIMEOUT' : 'CONNECTION_FAILED',
          timedOut ? `${sourceName} did not answer within ${attemptMs} ms` : `${sourceName} could not be reached`,
          { internalMessage: `${method} ${target.origin}${target.pathname}: ${timedOut ? 'timed out' : describeNetworkError(err)} (attempt ${attempt})`, cause: err, details: { ...where, attempts: attempt } },
        );
        await retryOrFail(error, null);
        continue;
      }

      if (status >= 200 && status < 300) {
        req.onHeaders?.(responseHeaders);
        if (text.trim() === '') return null as T;
        try {
          return JSON.parse(text) as T;
        } catch (err) {
          throw new ConnectorError('source', 'BAD_RESPONSE', `${sourceName} sent a response that is not JSON`, {
            internalMessage: `${method} ${target.pathname}: HTTP ${status}, body is not JSON (${text.length} chars)`,
            cause: err,
            details: { ...where, status },
          });
        }
      }

      const details = { ...where, status, attempts: attempt };
      if (status === 401 && auth) {
        if (!auth.refresh || refreshed) {
          throw new ConnectorError('config', 'AUTH_FAILED', `${sourceName} refused the access token${auth.refresh ? ' even after refreshing it' : ''}; check the token or the client credentials`, {
            internalMessage: `${method} ${target.pathname}: HTTP 401${refreshed ? ' after a token refresh' : ', no refresh configured'}`,
            details,
          });
        }
        refreshed = true;
        options.logger?.debug({ ...where, status }, 'access token refused; refreshing it');
        await refreshToken(usedToken!, auth, caller);
        continue;
      }
      if (status === 429 || status === 503) {
        const askedMs = parseRetryAfter(retryAfter, now());
        const code = status === 429 ? 'RATE_LIMITED' : 'SOURCE_UNAVAILABLE';
        const message = status === 429 ? `${sourceName} is rate-limiting requests` : `${sourceName} is unavailable`;
        if (askedMs !== null && askedMs > policy.maxRetryAfterMs) {
          throw new ConnectorError('transient', code, `${message} and asks to wait ${Math.ceil(askedMs / 1000)} s`, {
            internalMessage: `${method} ${target.pathname}: HTTP ${status}, Retry-After ${askedMs} ms exceeds the ${policy.maxRetryAfterMs} ms limit`,
            details: { ...details, retryAfterMs: askedMs },
          });
        }
        await retryOrFail(new ConnectorError('transient', code, message, { internalMessage: `${method} ${target.pathname}: HTTP ${status} (attempt ${attempt})`, details }), askedMs);
        continue;
      }
      if (status >= 500 || status === 408 || status === 425) {
        await retryOrFail(
          new ConnectorError('transient', status >= 500 ? 'SOURCE_UNAVAILABLE' : 'TIMEOUT', `${sourceName} failed to answer (HTTP ${status})`, {
            internalMessage: `${method} ${target.pathname}: HTTP ${status} (attempt ${attempt})`,
            details,
          }),
          null,
        );
        continue;
      }
      throw clientError(status, sourceName, method, target, details, auth !== undefined);
    }
  };

  return {
    request,
    getJson: (path, req) => request('GET', path, req),
    postJson: (path, req) => request('POST', path, req),
    url,
  };
}

/** Default time limit of one attempt (ms). */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** Default time limit of one request with its retries (ms): a hanging source fails within a minute. */
export const DEFAULT_DEADLINE_MS = 50_000;
/** Default cap of a response body (bytes). */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** An attempt is not started with less time than this left before the deadline. */
const MIN_ATTEMPT_MS = 100;

class ResponseTooLarge extends Error {
  constructor(readonly bytes: number) {
    super(`response larger than the limit (${bytes} bytes read)`);
  }
}

/**
 * The body as UTF-8 text, read chunk by chunk and cut off (the stream cancelled) as soon as it
 * passes `maxBytes` — also when `content-length` already says it will.
 */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new ResponseTooLarge(declared);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ResponseTooLarge(bytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** A 4xx (other than 401 with auth, 408, 425, 429) or an unexpected status, as a failure. */
function clientError(status: number, sourceName: string, method: string, target: URL, details: Record<string, unknown>, withAuth: boolean): ConnectorError {
  const internalMessage = `${method} ${target.pathname}: HTTP ${status}`;
  if (status === 401) return new ConnectorError('config', 'AUTH_FAILED', `${sourceName} refused the credentials`, { internalMessage, details });
  if (status === 403) {
    return new ConnectorError('config', 'FORBIDDEN', `${sourceName} denies access${withAuth ? ' with this token' : ''}; check its permissions`, { internalMessage, details });
  }
  if (status === 404 || status === 405) {
    return new ConnectorError('config', 'NOT_FOUND', `${sourceName} has no ${target.pathname} (HTTP ${status}); check the base URL`, { internalMessage, details });
  }
  if (status >= 400 && status < 500) {
    return new ConnectorError('source', 'REQUEST_REJECTED', `${sourceName} rejected the request (HTTP ${status})`, { internalMessage, details });
  }
  return new ConnectorError('source', 'UNEXPECTED_STATUS', `${sourceName} answered with HTTP ${status}`, { internalMessage, details });
}

/** `ECONNREFUSED 127.0.0.1:1`-style detail from undici's `fetch failed` error, without any URL query. */
function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.code) return cause.code;
  return err instanceof Error ? err.name : 'network error';
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
