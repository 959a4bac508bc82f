/**
 * An ingest worker in its own process, for crash tests:
 * `node --import tsx test/support/ingest-child.ts <databaseUrl> <piiKeyHex> <brokers> <sourceId> <group> <maxBatchRecords> [sessionTimeoutMs] [instanceId]`
 * applies `huiju.raw.<sourceId>` (synthetic-people records), speaking the protocol of
 * ingest-child-protocol.ts (`batch <n>` after every committed chunk, so a test can SIGKILL it
 * part-way; SIGTERM stops it gracefully).
 */
import { runWorkerChild } from './ingest-child-protocol';
import { syntheticSource } from './synthetic-people';

const [databaseUrl, key, brokers, sourceId, group, maxBatch, sessionTimeout = '6000', instanceId] = process.argv.slice(2);
await runWorkerChild({ databaseUrl: databaseUrl!, piiKeyHex: key! }, () => ({
  sources: [syntheticSource(sourceId!, { count: 0 })],
  brokers: brokers!.split(','),
  groupId: group,
  maxBatchRecords: Number(maxBatch),
  sessionTimeout: Number(sessionTimeout),
  ...(instanceId ? { instanceId } : {}),
}));
