import { createServer } from 'node:net';
import { HuijuError } from '../errors';

/**
 * `PORT_IN_USE` for a listen error that says the address is taken (`EADDRINUSE`), naming the
 * port and what to do; `null` for any other error.
 */
export function portInUse(err: unknown, port: number, host: string): HuijuError | null {
  if ((err as { code?: string } | null)?.code !== 'EADDRINUSE') return null;
  return new HuijuError('PORT_IN_USE', `port ${port} on ${host} is in use by another process: stop it, or start on another port (--port / PORT)`, { port, host });
}

/**
 * Fails with `PORT_IN_USE` when `host:port` cannot be listened on because another process holds
 * it. Binds a throw-away listener and closes it at once, so `huiju start` finds out in
 * milliseconds, before it opens the store and loads demo data. Port 0 (any free port) always
 * passes; other listen errors (a host that is not an interface of this machine) are left for the
 * real listen to report.
 */
export async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err) => {
      const taken = portInUse(err, port, host);
      if (taken) reject(taken);
      else resolve();
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
