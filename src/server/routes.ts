import type { IncomingMessage, ServerResponse } from 'node:http';
import { authModeOf } from '../auth/auth-mode';
import { type Authenticate, createAuthenticator } from '../auth/authenticate';
import type { Caller } from '../auth/caller';
import { isHuijuError } from '../errors';
import type { Hub } from '../hub';
import { createGraphqlHandler, type GraphqlHandlerOptions } from '../graphql/server/graphql-http';
import { createGraphqlWsServer, type GraphqlWsServer } from '../graphql/server/graphql-ws';
import type { ChangeFeed } from '../live/change-feed';
import { createHubChangeFeed } from '../live/hub-change-feed';
import type { HttpRoute } from './http-server';
import { metricsRoute } from './metrics-route';
import { playgroundRoutes, servePlayground, wantsPlayground } from './playground/playground-routes';

/** Options of {@link hubRoutes}. */
export interface HubRoutesOptions extends GraphqlHandlerOptions {
  /**
   * The interface the server listens on; decides development mode (src/auth/auth-mode.ts).
   * Default `server.host`.
   */
  host?: string;
  /**
   * The change feed subscriptions read. Default: the hub's ({@link createHubChangeFeed}: the
   * outbox in embedded mode, `huiju.changes` with Kafka), built on the first WebSocket connection
   * and closed with the server.
   */
  changeFeed?: ChangeFeed;
}

/** A refused request, shaped like a GraphQL error so clients read it the same way. */
function sendUnauthenticated(res: ServerResponse, message: string): void {
  const text = JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
  res.writeHead(401, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'www-authenticate': 'Bearer realm="huiju"',
  });
  res.end(text);
}

/**
 * The hub's HTTP routes besides the health endpoints, in one explicit list:
 * - `/graphql` — GraphQL over HTTP (GET and POST) through Apollo Server, and subscriptions over
 *   WebSocket (an upgrade of the same path, protocol `graphql-transport-ws`,
 *   src/graphql/server/graphql-ws.ts: the connection is authenticated from its `connectionParams`
 *   with the same authenticator); a browser's GET
 *   (Accept: text/html, no `query`) gets the playground instead (when it is on). The caller is
 *   authenticated first (src/auth/authenticate.ts), before the body is read or the operation
 *   parsed: without valid credentials the answer is 401 `UNAUTHENTICATED` and nothing runs;
 * - `/` — the playground (GraphiQL from npm packages, with example operations), unless
 *   `server.playground` is off;
 * - `/playground/playground.js`, `/playground/playground.css` — its bundle;
 * - `/metrics` — Prometheus metrics (text exposition format): not here when `server.metricsPort`
 *   is set (`huiju start` serves it on that port), open in development and open mode, otherwise
 *   for the metrics token or a caller with `metrics.read`.
 *
 * `options.resolveCaller` replaces the authenticator (tests that stand in for a token).
 */
export function hubRoutes(hub: Hub, options: HubRoutesOptions = {}): HttpRoute[] {
  const config = hub.config;
  const mode = authModeOf(config, options.host);
  const resolve = options.resolveCaller;
  const authenticate: Authenticate = resolve ? async (req) => resolve(req) : createAuthenticator(hub, { host: options.host });
  const callers = new WeakMap<IncomingMessage, Caller>();
  const graphql = createGraphqlHandler(hub, { ...options, resolveCaller: (req) => callers.get(req) ?? authenticate(req) });
  let ws: GraphqlWsServer | null = null;
  const websocket = () =>
    (ws ??= createGraphqlWsServer(hub, {
      feed: options.changeFeed ?? createHubChangeFeed(hub),
      resolveCaller: resolve ?? authenticate,
    }));
  const playground = config.server.playground !== false;
  const page = { authMode: mode };

  const routes: HttpRoute[] = [
    {
      method: 'ANY',
      path: '/graphql',
      async handle(req, res) {
        if (playground && wantsPlayground(req)) return servePlayground(req, res, page);
        let caller: Caller;
        try {
          caller = await authenticate(req);
        } catch (err) {
          if (isHuijuError(err, 'UNAUTHENTICATED')) return sendUnauthenticated(res, err.message);
          throw err;
        }
        callers.set(req, caller);
        return graphql.handle(req, res);
      },
      upgrade(req, socket, head) {
        websocket().handleUpgrade(req, socket, head);
      },
      async close() {
        await ws?.close();
        ws = null;
      },
    },
    ...(playground ? playgroundRoutes(page) : []),
  ];
  if (config.server.metricsPort === undefined) {
    routes.push(mode === 'development' || mode === 'open' ? metricsRoute(hub) : metricsRoute(hub, { authenticate, token: config.auth.metricsToken }));
  }
  return routes;
}
