import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Authenticate } from '../auth/authenticate';
import { can } from '../auth/caller';
import { isHuijuError } from '../errors';
import type { Hub } from '../hub';
import { hubMetrics } from '../metrics/hub-metrics';
import { type HttpRoute, sendJson } from './http-server';

/** Who may scrape a `/metrics` served on the API's port when auth is on. */
export interface MetricsAccess {
  /** The hub's authenticator: a caller with the `metrics.read` permission may scrape. */
  authenticate: Authenticate;
  /** `auth.metricsToken`: a static bearer token for Prometheus (`authorization.credentials`). */
  token?: string;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** True when the request carries `Authorization: Bearer <token>` (compared in constant time). */
function presentsToken(req: IncomingMessage, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '');
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

/**
 * `GET /metrics`: the hub's metrics in the Prometheus text exposition format (see
 * src/metrics/hub-metrics.ts). Scrape-time gauges (outbox backlog, consumer lag) query the store;
 * one that cannot be computed is left out and logged, the rest is still served.
 *
 * Without `access` it is open: for a dedicated metrics port (`server.metricsPort`, `huiju ingest
 * --metrics-port`) and development mode. With `access` a scrape needs the metrics token or a caller
 * with `metrics.read`: 401 without valid credentials, 403 for a caller without the permission.
 */
export function metricsRoute(hub: Hub, access?: MetricsAccess): HttpRoute {
  const metrics = hubMetrics(hub);
  return {
    method: 'GET',
    path: '/metrics',
    async handle(req, res) {
      if (access && !(access.token && presentsToken(req, access.token))) {
        try {
          const caller = await access.authenticate(req);
          if (!can(caller, 'metrics.read')) {
            return sendJson(res, 403, { error: { code: 'FORBIDDEN', message: `Role ${caller.role} may not read /metrics (needs metrics.read)` } });
          }
        } catch (err) {
          if (!isHuijuError(err, 'UNAUTHENTICATED')) throw err;
          res.setHeader('www-authenticate', 'Bearer realm="huiju"');
          return sendJson(res, 401, { error: { code: 'UNAUTHENTICATED', message: err.message } });
        }
      }
      const text = await metrics.scrape();
      res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    },
  };
}
