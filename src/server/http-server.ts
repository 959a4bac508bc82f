import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { sql } from 'kysely';
import type { Hub } from '../hub';
import { hubMetrics } from '../metrics/hub-metrics';
import { traceRequest } from '../telemetry/http-span';
import { applyHostOriginPolicy, checkHostOrigin, hostOriginPolicy } from './host-origin';

/** One HTTP route. Routes are listed explicitly where the server is built. */
export interface HttpRoute {
  method: 'GET' | 'POST' | 'ANY';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
  /**
   * Takes over an HTTP upgrade (`Upgrade: websocket`) of this path, after the Host/Origin policy
   * passed. Routes without it answer an upgrade with 404.
   */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Releases what the route holds (open WebSocket connections); called when the server closes. */
  close?(): Promise<void>;
}

/** A listening server. */
export interface RunningServer {
  readonly server: Server;
  /** Base URL, e.g. `http://127.0.0.1:4000`. */
  readonly url: string;
  /** Stops accepting connections and waits for open ones to end. */
  close(): Promise<void>;
}

export interface StartServerOptions {
  port?: number;
  host?: string;
  /** Routes in addition to the health endpoints; matched before them. */
  routes?: readonly HttpRoute[];
}

/** Sends a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Paths that answer whatever the `Host` or `Origin` (probes address the process by IP). */
const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

/** Liveness and readiness: `/healthz` answers while the process runs, `/readyz` when the store answers. */
export function healthRoutes(hub: Hub): HttpRoute[] {
  return [
    { method: 'GET', path: '/healthz', handle: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      async handle(_req, res) {
        try {
          await sql`select 1`.execute(hub.db);
          sendJson(res, 200, { status: 'ready', store: hub.store.kind });
        } catch {
          sendJson(res, 503, { status: 'unavailable', store: hub.store.kind });
        }
      },
    },
  ];
}

/** Answers an upgrade request that is refused with a plain HTTP response and closes the socket. */
function refuseUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const text = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}

/**
 * Starts the HTTP server of the hub. Unknown paths get a coded 404; handler errors a coded 500.
 * Every request's latency is observed by route (the registered path, `unmatched` for a 404),
 * method and status. Before routing, every request but the health endpoints passes the
 * Host/Origin policy (src/server/host-origin.ts: DNS-rebinding protection and CORS). WebSocket
 * upgrades pass the same policy (a foreign `Origin` gets 403 before any handshake) and go to the
 * route of their path that takes upgrades (`/graphql`: subscriptions), else 404. With tracing on,
 * every request but the health endpoints runs in an HTTP server span (src/telemetry/http-span.ts).
 */
export async function startHttpServer(hub: Hub, options: StartServerOptions = {}): Promise<RunningServer> {
  const routes = [...(options.routes ?? []), ...healthRoutes(hub)];
  const requestDuration = hubMetrics(hub).httpRequestDuration;
  const policy = hostOriginPolicy(hub.config.server, options.host);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes.find((r) => r.path === path && (r.method === 'ANY' || r.method === req.method));
    const serve = () => {
      const timer = requestDuration.startTimer({ route: route?.path ?? 'unmatched', method: req.method ?? 'GET' });
      res.once('finish', () => timer({ status: String(res.statusCode) }));
      if (!HEALTH_PATHS.has(path) && applyHostOriginPolicy(policy, req, res)) return;
      if (!route) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${path}` } });
      Promise.resolve()
        .then(() => route.handle(req, res))
        .catch((err: unknown) => {
          hub.logger.error({ err: { message: (err as Error).message, code: (err as { code?: string }).code }, path }, 'request failed');
          if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
          else res.end();
        });
    };
    // probes would flood the traces: the health endpoints get no span
    if (HEALTH_PATHS.has(path)) serve();
    else traceRequest(req, res, route?.path ?? null, serve);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '/').split('?')[0]!;
    const verdict = checkHostOrigin(policy, req);
    if ('refusal' in verdict) return refuseUpgrade(socket, verdict.refusal.status, verdict.refusal.code, verdict.refusal.message);
    const route = routes.find((r) => r.path === path && r.upgrade);
    if (!route) return refuseUpgrade(socket, 404, 'NOT_FOUND', `No WebSocket endpoint at ${path}`);
    try {
      route.upgrade!(req, socket, head);
    } catch (err) {
      hub.logger.error({ err: { message: (err as Error).message }, path }, 'upgrade failed');
      socket.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? hub.config.server.port, options.host ?? hub.config.server.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: async () => {
      // upgraded sockets are no longer the HTTP server's: their routes close them
      await Promise.all(routes.map((r) => r.close?.()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  };
}
