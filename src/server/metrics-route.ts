import type { Hub } from '../hub';
import { hubMetrics } from '../metrics/hub-metrics';
import type { HttpRoute } from './http-server';

/**
 * `GET /metrics`: the hub's metrics in the Prometheus text exposition format (see
 * src/metrics/hub-metrics.ts). Scrape-time gauges (outbox backlog, consumer lag) query the store;
 * one that cannot be computed is left out and logged, the rest is still served.
 */
export function metricsRoute(hub: Hub): HttpRoute {
  const metrics = hubMetrics(hub);
  return {
    method: 'GET',
    path: '/metrics',
    async handle(_req, res) {
      const text = await metrics.scrape();
      res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    },
  };
}
