import type { Hub } from '../hub';
import { createGraphqlHandler, type GraphqlHandlerOptions } from '../graphql/server/graphql-http';
import type { HttpRoute } from './http-server';
import { metricsRoute } from './metrics-route';
import { playgroundRoutes, servePlayground, wantsPlayground } from './playground/playground-routes';

/**
 * The hub's HTTP routes besides the health endpoints, in one explicit list:
 * - `/graphql` — GraphQL over HTTP (GET and POST) through Apollo Server; a browser's GET
 *   (Accept: text/html, no `query`) gets the playground instead;
 * - `/` — the playground (GraphiQL from npm packages, with example operations);
 * - `/playground/playground.js`, `/playground/playground.css` — its bundle;
 * - `/metrics` — Prometheus metrics (text exposition format).
 */
export function hubRoutes(hub: Hub, options: GraphqlHandlerOptions = {}): HttpRoute[] {
  const graphql = createGraphqlHandler(hub, options);
  return [
    {
      method: 'ANY',
      path: '/graphql',
      handle: (req, res) => (wantsPlayground(req) ? servePlayground(req, res) : graphql.handle(req, res)),
    },
    ...playgroundRoutes(),
    metricsRoute(hub),
  ];
}
