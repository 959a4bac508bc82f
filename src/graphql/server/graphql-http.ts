import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { Hub } from '../../hub';
import type { Caller } from '../../auth/caller';
import { DEVELOPMENT_CALLER } from '../../auth/caller';
import { isHuijuError } from '../../errors';
import { createRateLimiter } from '../../server/rate-limit';
import { createHubContext, type HubContext } from '../context';
import { GRAPHQL_ERROR_CODES } from '../errors';
import { createHubApolloServer } from './apollo-server';
import { deadlineBoundDb, type RequestDeadline } from './request-deadline';
import { graphqlSpan } from '../../telemetry/graphql-span';

/** Default of `server.maxBodyBytes`: the largest request body accepted on /graphql. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * After a refusal, the rest of a body is read and thrown away (so the client, still uploading,
 * receives the answer instead of a connection reset) up to this many times the body limit; a
 * client sending more has its connection closed.
 */
const DISCARD_FACTOR = 8;

/** Options of {@link createGraphqlHandler}. */
export interface GraphqlHandlerOptions {
  /**
   * Who is asking, from the request. Called first, before the body is read or any argument is
   * looked at. A {@link HuijuError} with code `UNAUTHENTICATED` answers 401 (with
   * `WWW-Authenticate: Bearer`), with `FORBIDDEN` 403. Default: everyone is {@link DEVELOPMENT_CALLER}.
   */
  resolveCaller?: (req: IncomingMessage) => Caller | Promise<Caller>;
}

/** A node:http handler that serves GraphQL through Apollo Server's `executeHTTPGraphQLRequest`. */
export interface GraphqlHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The Apollo server, started on first use. */
  server(): Promise<ApolloServer<HubContext>>;
  stop(): Promise<void>;
}

class BodyTooLargeError extends Error {}

/** Reads the body; past `limit` bytes it rejects with {@link BodyTooLargeError} and goes on discarding what still comes. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.off('data', onData);
        discardBody(req, limit * DISCARD_FACTOR, size);
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (size <= limit) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** Reads and drops the rest of the body; past `cap` bytes (counting `already`) the connection is closed. */
function discardBody(req: IncomingMessage, cap: number, already = 0): void {
  if (req.readableEnded) return;
  let size = already;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > cap) req.socket.destroy();
  });
  req.resume();
}

/** Answers with a coded JSON error shaped like a GraphQL response; a body not yet read is discarded. */
function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  options: { extensions?: Record<string, unknown>; headers?: Record<string, string>; discardCap?: number } = {},
): void {
  if (options.discardCap !== undefined) discardBody(req, options.discardCap);
  const text = JSON.stringify({ errors: [{ message, extensions: { code, ...options.extensions } }] });
  res.writeHead(status, { ...options.headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The rate-limit key: the caller's subject; in development mode (everyone is `development`) per remote address too. */
function rateKey(caller: Caller, req: IncomingMessage): string {
  return caller.subject === DEVELOPMENT_CALLER.subject ? `${caller.subject}@${req.socket.remoteAddress ?? '?'}` : caller.subject;
}

/**
 * Builds the /graphql handler. In order, cheapest refusal first:
 * 1. the caller (`resolveCaller`): 401 `UNAUTHENTICATED` / 403 `FORBIDDEN`;
 * 2. the caller's rate limit (`server.rateLimit`, src/server/rate-limit.ts): 429 `RATE_LIMITED`
 *    with `Retry-After`;
 * 3. the body, at most `server.maxBodyBytes` (by `Content-Length` up front, else while reading):
 *    413 `PAYLOAD_TOO_LARGE`, delivered (the rest of the upload is read and dropped, not reset);
 * 4. Apollo (`executeHTTPGraphQLRequest`) with a fresh {@link HubContext} (caller + DataLoaders)
 *    whose `db` is the store's API pool (`Store.apiDb`: PostgreSQL `statement_timeout`; `readDb`
 *    the replica's, `Store.readDb`, when `database.readUrl` is set) with the
 *    request's deadline on every statement; after `server.requestTimeoutMs` the answer is 503
 *    `REQUEST_TIMEOUT` and the execution's next statement fails, so it ends and is collected.
 */
export function createGraphqlHandler(hub: Hub, options: GraphqlHandlerOptions = {}): GraphqlHandler {
  const settings = hub.config.server;
  const maxBodyBytes = settings.maxBodyBytes ?? MAX_BODY_BYTES;
  const timeoutMs = settings.requestTimeoutMs ?? 0;
  const limiter = createRateLimiter(settings.rateLimit ?? { perMinute: 0, burst: 1 });
  const apiPool = hub.store.apiDb ?? hub.db;
  const readPool = hub.store.readDb;
  let started: Promise<ApolloServer<HubContext>> | null = null;
  const server = () => {
    started ??= (async () => {
      const apollo = createHubApolloServer(hub);
      await apollo.start();
      return apollo;
    })();
    return started;
  };
  return {
    server,
    async stop() {
      if (started) await (await started).stop();
    },
    async handle(req, res) {
      const apollo = await server();
      const discardCap = maxBodyBytes * DISCARD_FACTOR;
      let caller: Caller;
      try {
        caller = options.resolveCaller ? await options.resolveCaller(req) : DEVELOPMENT_CALLER;
      } catch (err) {
        if (isHuijuError(err, 'UNAUTHENTICATED')) return sendError(req, res, 401, 'UNAUTHENTICATED', err.message, { headers: { 'www-authenticate': 'Bearer' }, discardCap });
        if (isHuijuError(err, 'FORBIDDEN')) return sendError(req, res, 403, 'FORBIDDEN', err.message, { discardCap });
        throw err;
      }
      const decision = limiter.take(rateKey(caller, req));
      if (!decision.allowed) {
        return sendError(req, res, 429, GRAPHQL_ERROR_CODES.RATE_LIMITED, `Too many requests; retry in ${decision.retryAfterSeconds} s`, {
          headers: { 'retry-after': String(decision.retryAfterSeconds) },
          extensions: { retryAfterSeconds: decision.retryAfterSeconds },
          discardCap,
        });
      }
      const tooLarge = () =>
        sendError(req, res, 413, GRAPHQL_ERROR_CODES.PAYLOAD_TOO_LARGE, `Request body larger than ${maxBodyBytes} bytes`, { extensions: { limit: maxBodyBytes } });
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown;
      if (req.method === 'POST') {
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBodyBytes) {
          discardBody(req, discardCap);
          return tooLarge();
        }
        let text: string;
        try {
          text = await readBody(req, maxBodyBytes);
        } catch (err) {
          if (err instanceof BodyTooLargeError) return tooLarge();
          throw err;
        }
        if ((headers.get('content-type') ?? '').includes('application/json')) {
          try {
            body = text === '' ? {} : JSON.parse(text);
          } catch {
            return sendError(req, res, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
          }
        } else {
          body = text;
        }
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
      const deadline: RequestDeadline = { expired: false };
      // the API's statements go through the API pool (reads: the replica's, if any), under this request's deadline
      const db = deadlineBoundDb(apiPool, deadline);
      const readDb = readPool ? deadlineBoundDb(readPool, deadline) : db;
      // a span the resolvers' SQL nests under (src/telemetry/graphql-span.ts)
      const execution = graphqlSpan(() =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest,
          context: async () => ({ ...createHubContext(hub, caller), db, readDb }),
        }),
      );
      let timer: NodeJS.Timeout | undefined;
      const response =
        timeoutMs > 0
          ? await Promise.race([execution, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)))]).finally(() => clearTimeout(timer))
          : await execution;
      if (response === null) {
        deadline.expired = true;
        execution.catch(() => {}); // it ends at its next statement; nothing waits for it
        return sendError(req, res, 503, GRAPHQL_ERROR_CODES.REQUEST_TIMEOUT, `The request did not finish within ${timeoutMs} ms`, { extensions: { limit: timeoutMs } });
      }
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    },
  };
}
