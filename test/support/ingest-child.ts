/**
 * An ingest worker in its own process, for crash tests:
 * `node --import tsx test/support/ingest-child.ts <databaseUrl> <piiKeyHex> <brokers> <sourceId> <group> <maxBatchRecords>`
 * applies `huiju.raw.<sourceId>` (synthetic-people records) and prints `batch <n>` after every
 * committed chunk, so a test can SIGKILL it part-way, and `retry <code> transient|permanent` for
 * every failed attempt; SIGTERM stops it gracefully (`stopped`).
 */
import { loadConfig } from '../../src/config';
import { openHub } from '../../src/hub';
import { createIngestWorker } from '../../src/kafka/ingest-worker';
import { createLogger } from '../../src/logger';
import { syntheticSource } from './synthetic-people';

const [databaseUrl, key, brokers, sourceId, group, maxBatch] = process.argv.slice(2);
const config = loadConfig({ env: {}, overrides: { database: { url: databaseUrl, poolSize: 4 }, pii: { key }, logLevel: 'silent' } });
const hub = await openHub(config, { logger: createLogger({ level: 'silent' }) });
let batches = 0;
const worker = createIngestWorker(hub, {
  sources: [syntheticSource(sourceId!, { count: 0 })],
  brokers: brokers!.split(','),
  groupId: group,
  maxBatchRecords: Number(maxBatch),
  sessionTimeout: 6_000,
  retry: { initialMs: 100, maxMs: 2_000 },
  onBatch: () => {
    batches += 1;
    process.stdout.write(`batch ${batches}\n`);
  },
  onRetry: (e) => process.stdout.write(`retry ${e.code} ${e.transient ? 'transient' : 'permanent'}\n`),
});
process.once('SIGTERM', () => {
  void worker.stop();
});
await worker.start();
process.stdout.write('started\n');
await worker.stopped;
await hub.close();
process.stdout.write('stopped\n');
