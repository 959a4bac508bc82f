import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One OTLP/HTTP JSON export the collector received. */
export interface OtlpExport {
  path: string | undefined;
  type: string | undefined;
  /** The OTLP JSON body as sent; each test reads the parts it checks. */
  body: any;
}

/**
 * A local OTLP/HTTP collector for the tracing tests: answers every export with 200 `{}` and keeps
 * it (path, content type, parsed JSON body). `url` is its base address (`OTEL_EXPORTER_OTLP_ENDPOINT`).
 */
export async function startOtlpCollector(): Promise<{ url: string; received: OtlpExport[]; close(): Promise<void> }> {
  const received: OtlpExport[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url, type: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
