/**
 * An ingest worker for the demo's sources in its own process, for the two-path test:
 * `node --import tsx test/support/demo-ingest-child.ts <databaseUrl> <piiKeyHex> <brokers> <group> <inputFolder> <maxBatchRecords> <concurrency> [topicPrefix]`
 * applies the raw topics of the demo sources whose inputs `loadDemoViaConnectors` rendered into
 * `<inputFolder>`, speaking the protocol of ingest-child-protocol.ts, so `runIngestChild` can
 * SIGKILL it part-way.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { committeeApiSource, propertyEventsSource, socialOrgsSource, streetOfficeSource } from '../../src/demo/load-demo-via-connectors';
import { runWorkerChild } from './ingest-child-protocol';

const [databaseUrl, key, brokers, group, folder, maxBatch, concurrency, topicPrefix] = process.argv.slice(2);
// what a worker needs of a source is its connector and config (to map its messages), not its reachability
const sources = [
  socialOrgsSource(folder!),
  ...readdirSync(join(folder!, 'street-office')).map((street) => streetOfficeSource(folder!, street)),
  committeeApiSource(folder!, { baseUrl: 'http://127.0.0.1:9', token: 'unused', clientId: 'unused', clientSecret: 'unused' }),
  propertyEventsSource(folder!, { file: join('property-events', readdirSync(join(folder!, 'property-events'))[0]!) }),
];
await runWorkerChild({ databaseUrl: databaseUrl!, piiKeyHex: key!, ...(topicPrefix ? { topicPrefix } : {}) }, () => ({
  sources,
  brokers: brokers!.split(','),
  groupId: group,
  // one instance id for every run of this child: a restarted child evicts its killed self at once
  instanceId: 'two-path-child',
  maxBatchRecords: Number(maxBatch),
  partitionsConsumedConcurrently: Number(concurrency),
  sessionTimeout: 6_000,
}));
