/**
 * The protocol every ingest-worker child process speaks to `runIngestChild`
 * (ingest-child-runner.ts): `starting` just before the worker starts, `started` once it runs
 * (SIGTERM stops it gracefully from then on), `batch <n>` after every committed chunk (so a test
 * can SIGKILL it part-way), `retry <code> transient|permanent` for every failed attempt, and
 * `stopped` when it ended. The child scripts only say which sources and settings the worker gets.
 */
import { loadConfig } from '../../src/config';
import { type Hub, openHub } from '../../src/hub';
import { createIngestWorker, type IngestWorkerOptions } from '../../src/kafka/ingest-worker';
import { createLogger } from '../../src/logger';

export async function runWorkerChild(store: { databaseUrl: string; piiKeyHex: string; topicPrefix?: string }, options: (hub: Hub) => IngestWorkerOptions): Promise<void> {
  const config = loadConfig({
    env: {},
    overrides: { database: { url: store.databaseUrl, poolSize: 4 }, pii: { key: store.piiKeyHex }, logLevel: 'silent', ...(store.topicPrefix ? { kafka: { topicPrefix: store.topicPrefix } } : {}) },
  });
  const hub = await openHub(config, { logger: createLogger({ level: 'silent' }) });
  let batches = 0;
  const worker = createIngestWorker(hub, {
    retry: { initialMs: 100, maxMs: 2_000 },
    ...options(hub),
    onBatch: () => {
      batches += 1;
      process.stdout.write(`batch ${batches}\n`);
    },
    onRetry: (e) => process.stdout.write(`retry ${e.code} ${e.transient ? 'transient' : 'permanent'}\n`),
  });
  process.once('SIGTERM', () => {
    void worker.stop();
  });
  process.stdout.write('starting\n');
  await worker.start();
  process.stdout.write('started\n');
  await worker.stopped;
  await hub.close();
  process.stdout.write('stopped\n');
}
