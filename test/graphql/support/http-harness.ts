import { DEVELOPMENT_CALLER } from '../../../src/auth/caller';
import type { GraphqlHandlerOptions } from '../../../src/graphql/server/graphql-http';
import { type RunningServer, startHttpServer } from '../../../src/server/http-server';
import { hubRoutes } from '../../../src/server/routes';
import type { DemoHub } from './harness';

/**
 * The hub's HTTP server (health + /graphql + playground) on a free loopback port. The caller is
 * ADMIN unless `options.resolveCaller` says otherwise (on PostgreSQL the hub is not in development
 * mode, so without it every request would need a token; test/graphql/auth-http.test.ts tests that).
 */
export async function startDemoServer(h: DemoHub, options: GraphqlHandlerOptions = {}): Promise<RunningServer> {
  return startHttpServer(h.hub, { port: 0, host: '127.0.0.1', routes: hubRoutes(h.hub, { resolveCaller: () => DEVELOPMENT_CALLER, ...options }) });
}

/** POSTs an operation to /graphql. */
export async function postGraphql(url: string, query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}
