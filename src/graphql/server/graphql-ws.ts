import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { DocumentNode, ExecutionArgs, GraphQLFormattedError } from 'graphql';
// value imports through graphql's CommonJS entry, as src/graphql/graphql-js.ts explains
import { execute, getOperationAST, GraphQLError, parse, specifiedRules, subscribe, validate } from 'graphql/index.js';
import type { Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Caller } from '../../auth/caller';
import { DEVELOPMENT_CALLER } from '../../auth/caller';
import { isHuijuError } from '../../errors';
import type { Hub } from '../../hub';
import type { ChangeFeed } from '../../live/change-feed';
import { createRateLimiter } from '../../server/rate-limit';
import { assertOperationReadable } from '../authorization/operation-access';
import { codedError, createFormatError, GRAPHQL_ERROR_CODES } from '../errors';
import { getVariableValues } from '../graphql-js';
import { costLimitError, hubValidationRules, MAX_TOKENS, operationCost } from '../limits';
import { createLiveContext } from '../live/live-context';
import { buildHubSchema } from '../schema';
import { findUnstorableString } from '../string-inputs';
import { MAX_BODY_BYTES } from './graphql-http';

/** Who is asking, from the credentials of a WebSocket connection (as a request: `headers` only). */
export type ResolveConnectionCaller = (req: IncomingMessage) => Caller | Promise<Caller>;

/** Options of {@link createGraphqlWsServer}. */
export interface GraphqlWsOptions {
  /** The change feed subscriptions read (src/live/hub-change-feed.ts). */
  feed: ChangeFeed;
  /**
   * Resolves the caller of a connection from a request-like object whose headers are the
   * credentials of `connectionParams` (`Authorization`, `X-Api-Key`), else those of the upgrade
   * request. `UNAUTHENTICATED` closes the socket with 4401. Default: everyone is {@link DEVELOPMENT_CALLER}.
   */
  resolveCaller?: ResolveConnectionCaller;
}

/** A WebSocket endpoint for GraphQL subscriptions. */
export interface GraphqlWsServer {
  /** Takes over an HTTP upgrade request already past the Host/Origin policy. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection (subscriptions end) and stops the change feed. */
  close(): Promise<void>;
}

/** What a connection carries once authenticated. */
interface ConnectionExtra {
  caller?: Caller;
  [key: PropertyKey]: unknown;
}

/** WebSocket close codes the hub uses besides graphql-ws's own. */
const CLOSE_UNAUTHENTICATED = 4401;

/** The credential headers of `connectionParams` (either spelling), as a request's headers. */
function credentialHeaders(params: Readonly<Record<string, unknown>> | undefined, upgrade: IncomingMessage): IncomingMessage['headers'] {
  const pick = (...names: string[]) => {
    for (const n of names) {
      const v = params?.[n];
      if (typeof v === 'string' && v.trim() !== '') return v;
    }
    return undefined;
  };
  const authorization = pick('Authorization', 'authorization');
  const apiKey = pick('X-Api-Key', 'x-api-key', 'apiKey');
  if (authorization === undefined && apiKey === undefined) return { authorization: upgrade.headers.authorization, 'x-api-key': upgrade.headers['x-api-key'] };
  return { authorization, 'x-api-key': apiKey };
}

/** A GraphQL error with a code (parse and validation failures get the codes Apollo gives them over HTTP). */
function withCode(err: GraphQLError, code: string): GraphQLError {
  if (typeof err.extensions?.code === 'string') return err;
  return new GraphQLError(err.message, { nodes: err.nodes, source: err.source, positions: err.positions, path: err.path, originalError: err.originalError, extensions: { ...err.extensions, code } });
}

/**
 * GraphQL subscriptions over WebSocket (protocol `graphql-transport-ws`, the `graphql-ws`
 * package) at `/graphql`. The same rules as queries over HTTP, in the same order:
 * 1. the connection is authenticated once, at `connection_init`, from `connectionParams`
 *    (`{"Authorization": "Bearer <jwt>"}` or an API key) or the upgrade request's headers;
 *    without valid credentials the socket closes with 4401 and nothing runs;
 * 2. every `subscribe` message takes one token of the caller's rate limit (`server.rateLimit`);
 * 3. the document is parsed (at most {@link MAX_TOKENS} tokens) and validated with the standard
 *    rules plus the depth and alias limits (src/graphql/limits.ts);
 * 4. only `subscription` operations are served here (queries and mutations go over HTTP, with
 *    its deadline and body limit);
 * 5. the read-class check of src/graphql/authorization/operation-access.ts (the one Apollo's
 *    plugin runs), then the string-input and cost checks of the request-limits plugin;
 * 6. execution with a {@link createLiveContext} context: the caller's scope and masking apply
 *    to every result; errors are formatted by the one formatter (src/graphql/errors.ts).
 * Messages are at most `server.maxBodyBytes`.
 */
export function createGraphqlWsServer(hub: Hub, options: GraphqlWsOptions): GraphqlWsServer {
  const schema = buildHubSchema();
  const settings = hub.config.server;
  const formatError = createFormatError(hub.logger);
  // `extensions.http` is the HTTP status Apollo sends and strips; a WebSocket message has none
  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((e) => {
      const f = formatError(e.toJSON(), e);
      if (!f.extensions || !('http' in f.extensions)) return f;
      const { http: _http, ...extensions } = f.extensions;
      return { ...f, extensions };
    });
  const limiter = createRateLimiter(settings.rateLimit ?? { perMinute: 0, burst: 1 });
  const maxCost = settings.maxCost;
  const rules = [...specifiedRules, ...hubValidationRules()];
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxBodyBytes ?? MAX_BODY_BYTES });
  const log = hub.logger.child({ component: 'graphql-ws' });

  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema,
      execute: execute as never,
      subscribe: subscribe as never,
      async onConnect(ctx) {
        const fake = { headers: credentialHeaders(ctx.connectionParams, ctx.extra.request), socket: ctx.extra.request.socket } as IncomingMessage;
        try {
          ctx.extra.caller = options.resolveCaller ? await options.resolveCaller(fake) : DEVELOPMENT_CALLER;
          return true;
        } catch (err) {
          if (isHuijuError(err, 'UNAUTHENTICATED') || isHuijuError(err, 'FORBIDDEN')) {
            ctx.extra.socket.close(CLOSE_UNAUTHENTICATED, err.message.slice(0, 120));
            return false;
          }
          throw err;
        }
      },
      async onSubscribe(ctx: Context<Record<string, unknown>, ConnectionExtra & { request: IncomingMessage }>, _id, payload) {
        const caller = ctx.extra.caller!;
        const rateKey = caller.subject === DEVELOPMENT_CALLER.subject ? `${caller.subject}@${ctx.extra.request.socket.remoteAddress ?? '?'}` : caller.subject;
        const decision = limiter.take(rateKey);
        if (!decision.allowed) {
          return [codedError(GRAPHQL_ERROR_CODES.RATE_LIMITED, `Too many requests; retry in ${decision.retryAfterSeconds} s`, { retryAfterSeconds: decision.retryAfterSeconds })];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: MAX_TOKENS });
        } catch (err) {
          return [withCode(err as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length > 0) return invalid.map((e) => (e.originalError instanceof GraphQLError ? e.originalError : withCode(e, 'GRAPHQL_VALIDATION_FAILED')));
        const operation = getOperationAST(document, payload.operationName ?? undefined);
        if (!operation) return [codedError('OPERATION_RESOLUTION_FAILURE', 'No operation to run: name one with operationName')];
        if (operation.operation !== 'subscription') {
          return [codedError('BAD_REQUEST', `Only subscriptions are served over WebSocket; send ${operation.operation === 'query' ? 'queries' : 'mutations'} to /graphql over HTTP`)];
        }
        const variables = payload.variables ?? {};
        try {
          // the operation's own name, as Apollo resolves it (a client need not send operationName)
          assertOperationReadable(schema, caller, document, operation.name?.value ?? null);
          const unstorable = findUnstorableString(document, variables);
          if (unstorable !== null) {
            return [codedError(GRAPHQL_ERROR_CODES.BAD_USER_INPUT, `${unstorable}: text may not contain NUL characters or unpaired surrogates`, { field: unstorable })];
          }
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
          const cost = operationCost(schema, document, operation, coerced.coerced ?? {});
          if (cost > maxCost) throw costLimitError(cost, maxCost);
        } catch (err) {
          if (err instanceof GraphQLError) return [err];
          throw err;
        }
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: variables,
          contextValue: createLiveContext(hub, caller, options.feed),
        };
        return args;
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors) return;
        return { ...result, errors: format(result.errors) } as never;
      },
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
    },
    wss,
  );

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await options.feed.close();
      log.debug('websocket endpoint closed');
    },
  };
}
