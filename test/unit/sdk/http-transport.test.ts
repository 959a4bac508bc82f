import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError, isConnectorError } from '../../../src/sdk/connector-error';
import {
  backoffDelayMs,
  createHttpJsonClient,
  cursorPages,
  parseRetryAfter,
  sleep,
  type HttpJsonClientOptions,
} from '../../../src/sdk/transports/http/index';

/** What the scripted server answers to one request. */
interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Raw body text instead of JSON. */
  text?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer (until the connection is closed). */
  hang?: boolean;
  /** Send 200 and then a body that never ends (64 KiB chunks until the client goes away). */
  endless?: boolean;
}

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A local node:http server answering from a script: one function of the request number. */
class ScriptedServer {
  private server: Server = createServer((req, res) => void this.handle(req, res));
  script: (n: number, seen: Seen) => Reply = () => ({ body: {} });
  seen: Seen[] = [];
  baseUrl = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(script: (n: number, seen: Seen) => Reply): void {
    this.seen = [];
    this.script = script;
    this.server.closeAllConnections();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += chunk;
    const seen: Seen = { method: req.method!, url: req.url!, authorization: req.headers.authorization, contentType: req.headers['content-type'], body };
    this.seen.push(seen);
    const reply = this.script(this.seen.length, seen);
    if (reply.hang) return;
    if (reply.endless) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.write('[');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    res.writeHead(reply.status ?? 200, { 'content-type': reply.text === undefined ? 'application/json' : 'text/plain', ...reply.headers });
    res.end(text);
  }
}

const SECRET_TOKEN = 'tok-very-secret-123';

/** The error a promise rejects with (fails the test when it resolves). */
function failureOf(promise: Promise<unknown>): Promise<ConnectorError> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (err: unknown) => err as ConnectorError,
  );
}

describe('HTTP JSON transport', () => {
  const server = new ScriptedServer();
  const logs: unknown[] = [];
  const logger = {
    debug: (f: Record<string, unknown>, m: string) => void logs.push([f, m]),
    info: (f: Record<string, unknown>, m: string) => void logs.push([f, m]),
    warn: (f: Record<string, unknown>, m: string) => void logs.push([f, m]),
  };
  const client = (extra: Partial<HttpJsonClientOptions> = {}) =>
    createHttpJsonClient({
      baseUrl: `${server.baseUrl}/api/`,
      sourceName: 'the test platform',
      auth: { token: () => SECRET_TOKEN },
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      timeoutMs: 2_000,
      logger,
      ...extra,
    });

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  afterEach(() => {
    // nothing the transport logs may carry the token or a body
    expect(JSON.stringify(logs)).not.toContain(SECRET_TOKEN);
    expect(JSON.stringify(logs)).not.toContain('private record');
    logs.length = 0;
  });

  it('GETs JSON from a path under the base URL with the query and the bearer token', async () => {
    server.reset(() => ({ body: { data: [1, 2], next_cursor: null } }));
    const out = await client().getJson('/v1/cases', { query: { limit: 2, cursor: null, updated_since: '2026-01-01T00:00:00+08:00' } });
    expect(out).toEqual({ data: [1, 2], next_cursor: null });
    expect(server.seen).toHaveLength(1);
    const url = new URL(server.seen[0]!.url, server.baseUrl);
    expect(url.pathname).toBe('/api/v1/cases');
    expect(Object.fromEntries(url.searchParams)).toEqual({ limit: '2', updated_since: '2026-01-01T00:00:00+08:00' });
    expect(server.seen[0]!.authorization).toBe(`Bearer ${SECRET_TOKEN}`);
  });

  it('sends form and JSON bodies, and no token when auth is off for the request', async () => {
    server.reset(() => ({ body: { ok: true } }));
    await client().postJson('v1/token', { form: { grant_type: 'client_credentials', client_id: 'a b' }, auth: false });
    await client().postJson('v1/things', { json: { x: 1 } });
    expect(server.seen[0]).toMatchObject({ method: 'POST', contentType: 'application/x-www-form-urlencoded', body: 'grant_type=client_credentials&client_id=a+b', authorization: undefined });
    expect(server.seen[1]).toMatchObject({ contentType: 'application/json', body: '{"x":1}', authorization: `Bearer ${SECRET_TOKEN}` });
  });

  it('resolves an empty 2xx body to null', async () => {
    server.reset(() => ({ status: 204 }));
    expect(await client().getJson('/v1/empty')).toBeNull();
  });

  it('honours Retry-After in seconds on 429 and as an HTTP-date on 503, then succeeds', async () => {
    server.reset((n) =>
      n === 1
        ? { status: 429, headers: { 'retry-after': '1' } }
        : n === 2
          ? { status: 503, headers: { 'retry-after': new Date(Date.now() - 5_000).toUTCString() } }
          : { body: { ok: n } },
    );
    expect(await client().getJson('/v1/cases')).toEqual({ ok: 3 });
    // one second for the 429, nothing for the date in the past: the waits the client chose, not the clock
    const waits = logs.filter((l) => (l as [unknown, string])[1] === 'retrying request').map((l) => (l as [{ delayMs: number }])[0].delayMs);
    expect(waits).toEqual([1_000, 0]);
  });

  it('fails transient at once when Retry-After asks for longer than the limit', async () => {
    server.reset(() => ({ status: 429, headers: { 'retry-after': '3600' } }));
    const err = await failureOf(client({ retry: { maxRetryAfterMs: 10_000 } }).getJson('/v1/cases'));
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'transient', code: 'RATE_LIMITED' });
    expect(server.seen).toHaveLength(1);
  });

  it('retries 5xx with backoff and gives up transient after maxRetries', async () => {
    server.reset(() => ({ status: 500, body: { error: 'private record' } }));
    const err = await failureOf(client({ retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 } }).getJson('/v1/cases'));
    expect(err).toMatchObject({ kind: 'transient', code: 'SOURCE_UNAVAILABLE' });
    expect(err.details).toMatchObject({ status: 500, attempts: 4, path: '/api/v1/cases' });
    expect(server.seen).toHaveLength(4);
    expect(JSON.stringify({ message: err.message, internal: err.internalMessage })).not.toContain('private record');
  });

  it('recovers from a few 5xx answers', async () => {
    server.reset((n) => (n <= 2 ? { status: n === 1 ? 502 : 500 } : { body: { ok: true } }));
    expect(await client().getJson('/v1/cases')).toEqual({ ok: true });
    expect(server.seen).toHaveLength(3);
  });

  it('times out a hanging attempt, retries, and fails transient TIMEOUT', async () => {
    server.reset(() => ({ hang: true }));
    // a second attempt exists only if the first one was cut off by the 150 ms timeout (the deadline is 50 s)
    const err = await failureOf(client({ timeoutMs: 150, retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 5 } }).getJson('/v1/slow'));
    expect(err).toMatchObject({ kind: 'transient', code: 'TIMEOUT' });
    expect(server.seen).toHaveLength(2);
  });

  it('gives one request a deadline: a hanging source fails TIMEOUT when it is used up, whatever maxRetries says', async () => {
    server.reset(() => ({ hang: true }));
    const err = await failureOf(client({ timeoutMs: 300, deadlineMs: 1_000, retry: { maxRetries: 20, baseDelayMs: 5, maxDelayMs: 5 } }).getJson('/v1/slow'));
    expect(err).toMatchObject({ kind: 'transient', code: 'TIMEOUT' });
    // 20 retries would be 21 attempts; the deadline leaves room for about four of 300 ms
    expect(server.seen.length).toBeGreaterThanOrEqual(2);
    expect(server.seen.length).toBeLessThanOrEqual(5);
  });

  it('cuts off a body larger than maxResponseBytes, declared or endless', async () => {
    server.reset(() => ({ endless: true }));
    const endless = await failureOf(client({ maxResponseBytes: 1024 * 1024 }).getJson('/v1/cases'));
    expect(endless).toMatchObject({ kind: 'source', code: 'RESPONSE_TOO_LARGE' });
    expect(server.seen).toHaveLength(1);
    server.reset(() => ({ body: { data: 'x'.repeat(5_000) } }));
    const declared = await failureOf(client({ maxResponseBytes: 4_096 }).getJson('/v1/cases'));
    expect(declared).toMatchObject({ kind: 'source', code: 'RESPONSE_TOO_LARGE' });
    // under the cap the same body is read
    expect(await client({ maxResponseBytes: 8_192 }).getJson('/v1/cases')).toEqual({ data: 'x'.repeat(5_000) });
  });

  it('times out a slow body too, then succeeds when the source is fast again', async () => {
    server.reset((n) => (n === 1 ? { delayMs: 400, body: { late: true } } : { body: { ok: true } }));
    expect(await client({ timeoutMs: 150 }).getJson('/v1/slow')).toEqual({ ok: true });
    expect(server.seen).toHaveLength(2);
  });

  it('fails transient CONNECTION_FAILED when nothing listens', async () => {
    const err = await failureOf(createHttpJsonClient({ baseUrl: 'http://127.0.0.1:1', retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } })
      .getJson('/v1/cases'));
    expect(err).toMatchObject({ kind: 'transient', code: 'CONNECTION_FAILED' });
    expect(err.details.attempts).toBe(3);
  });

  it('refreshes the token once on 401 and retries with the new one', async () => {
    let token = 'old-token';
    let refreshes = 0;
    server.reset((_, seen) => (seen.authorization === 'Bearer new-token' ? { body: { ok: true } } : { status: 401 }));
    const c = client({
      auth: {
        token: () => token,
        refresh: async () => {
          refreshes++;
          token = 'new-token';
        },
      },
    });
    expect(await c.getJson('/v1/cases')).toEqual({ ok: true });
    expect(refreshes).toBe(1);
    expect(server.seen.map((s) => s.authorization)).toEqual(['Bearer old-token', 'Bearer new-token']);
  });

  it('shares one refresh between requests that fail together', async () => {
    let token = 'old-token';
    let refreshes = 0;
    server.reset((_, seen) => (seen.authorization === 'Bearer new-token' ? { body: { ok: true } } : { status: 401, delayMs: 20 }));
    const c = client({
      auth: {
        token: () => token,
        refresh: async () => {
          refreshes++;
          await sleep(30);
          token = 'new-token';
        },
      },
    });
    await Promise.all([c.getJson('/a'), c.getJson('/b'), c.getJson('/c')]);
    expect(refreshes).toBe(1);
  });

  it('fails config AUTH_FAILED on a second 401, and on the first when there is no refresh', async () => {
    server.reset(() => ({ status: 401 }));
    let refreshes = 0;
    const withRefresh = client({ auth: { token: () => SECRET_TOKEN, refresh: async () => void refreshes++ } });
    const err1 = await failureOf(withRefresh.getJson('/v1/cases'));
    expect(err1).toMatchObject({ kind: 'config', code: 'AUTH_FAILED' });
    expect(refreshes).toBe(1);
    expect(server.seen).toHaveLength(2);

    server.reset(() => ({ status: 401 }));
    const err2 = await failureOf(client().getJson('/v1/cases'));
    expect(err2).toMatchObject({ kind: 'config', code: 'AUTH_FAILED' });
    expect(server.seen).toHaveLength(1);
    for (const e of [err1, err2]) expect(JSON.stringify({ m: e.message, i: e.internalMessage, d: e.details })).not.toContain(SECRET_TOKEN);
  });

  it('maps other 4xx to config or source failures without retrying', async () => {
    const cases: [number, string, string][] = [
      [403, 'config', 'FORBIDDEN'],
      [404, 'config', 'NOT_FOUND'],
      [400, 'source', 'REQUEST_REJECTED'],
      [410, 'source', 'REQUEST_REJECTED'],
      [422, 'source', 'REQUEST_REJECTED'],
    ];
    for (const [status, kind, code] of cases) {
      server.reset(() => ({ status, body: { error: 'private record' } }));
      const err = await failureOf(client().getJson('/v1/cases'));
      expect(isConnectorError(err), `HTTP ${status}`).toBe(true);
      expect({ status, kind: err.kind, code: err.code }).toEqual({ status, kind, code });
      expect(server.seen).toHaveLength(1);
    }
  });

  it('fails source BAD_RESPONSE on a body that is not JSON', async () => {
    server.reset(() => ({ text: '<html>private record</html>' }));
    const err = await failureOf(client().getJson('/v1/cases'));
    expect(err).toMatchObject({ kind: 'source', code: 'BAD_RESPONSE' });
    expect(`${err.message} ${err.internalMessage}`).not.toContain('private record');
  });

  it('stops at once when the caller aborts during a request', async () => {
    server.reset(() => ({ hang: true }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    // a client that ignored the abort would end in TIMEOUT after 10 s (a ConnectorError), not an AbortError
    const err = await failureOf(client({ signal: controller.signal, timeoutMs: 10_000 }).getJson('/v1/cases'));
    expect(err).toBeInstanceOf(DOMException);
    expect((err as unknown as DOMException).name).toBe('AbortError');
    expect(server.seen).toHaveLength(1);
  });

  it('stops at once when the caller aborts during a backoff wait', async () => {
    // the source asks for two minutes, longer than the test may run: a client that slept through the
    // abort fails by the test's timeout, so no clock bound is needed here
    server.reset(() => ({ status: 503, headers: { 'retry-after': '120' } }));
    const controller = new AbortController();
    const reason = new Error('sync cancelled');
    setTimeout(() => controller.abort(reason), 50);
    const err = await failureOf(client({ deadlineMs: 600_000, retry: { maxRetryAfterMs: 600_000 } }).getJson('/v1/cases', { signal: controller.signal }));
    expect(err).toBe(reason);
    expect(server.seen).toHaveLength(1);
    expect(logs.filter((l) => (l as [unknown, string])[1] === 'retrying request').map((l) => (l as [{ delayMs: number }])[0].delayMs)).toEqual([120_000]);
  });
});

describe('retry policy', () => {
  it('parses Retry-After as seconds or an HTTP-date', () => {
    const now = Date.parse('2026-06-30T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Tue, 30 Jun 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 29 Jun 2026 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  it('backs off exponentially with jitter in the upper half, capped', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3, 4].map((r) => backoffDelayMs(r, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([0, 1, 2, 3, 4].map((r) => backoffDelayMs(r, policy, () => 0.999999))).toEqual([100, 200, 400, 800, 1_000]);
  });
});

describe('cursor pagination', () => {
  it('follows next cursors until the last page', async () => {
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
      start: { items: [1, 2], nextCursor: 'b' },
      b: { items: [3], nextCursor: 'c' },
      c: { items: [], nextCursor: '' },
    };
    const seen: (string | null)[] = [];
    const out: number[][] = [];
    for await (const p of cursorPages(async (cursor) => {
      seen.push(cursor);
      return pages[cursor ?? 'start']!;
    })) {
      out.push(p.items);
    }
    expect(out).toEqual([[1, 2], [3], []]);
    expect(seen).toEqual([null, 'b', 'c']);
  });

  it('fails source PAGINATION_LOOP when a cursor comes back', async () => {
    const next: Record<string, string> = { start: 'a', a: 'b', b: 'a' };
    const run = async () => {
      for await (const _ of cursorPages(async (cursor) => ({ items: [], nextCursor: next[cursor ?? 'start']! }))) void _;
    };
    await expect(run()).rejects.toMatchObject({ kind: 'source', code: 'PAGINATION_LOOP' });
  });

  it('stops between pages when aborted', async () => {
    const controller = new AbortController();
    const run = async () => {
      for await (const p of cursorPages(async (c) => ({ items: [c], nextCursor: `${c ?? ''}x` }), { signal: controller.signal })) {
        if (p.page === 3) controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
  });
});
