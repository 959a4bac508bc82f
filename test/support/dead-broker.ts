import { createServer } from 'node:net';

/**
 * A "broker" that accepts every TCP connection and drops it at once, counting them: a dead broker
 * whose retries a test can count (how many times a client tried) instead of timing how long it
 * took to give up, which flakes on a busy machine.
 */
export interface DeadBroker {
  /** `127.0.0.1:<port>`, for a `brokers` list. */
  readonly address: string;
  /** Connections accepted (and dropped) so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function startDeadBroker(): Promise<DeadBroker> {
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
