/**
 * A sync in its own process, for crash tests: `node --import tsx test/support/sync-child.ts <databaseUrl> <piiKeyHex> <folder>`
 * syncs the template connector over `folder` into the database and prints `batch <n>` after every
 * committed batch, so a test can SIGKILL it part-way.
 */
import { TEMPLATE_CONNECTOR } from '../../connectors/index';
import { loadConfig } from '../../src/config';
import { openHub } from '../../src/hub';
import { createLogger } from '../../src/logger';
import { syncSource } from '../../src/ingest/sync/run-sync';

const [databaseUrl, key, folder] = process.argv.slice(2);
const config = loadConfig({ env: {}, overrides: { database: { url: databaseUrl }, pii: { key }, logLevel: 'silent' } });
const hub = await openHub(config, { logger: createLogger({ level: 'silent' }) });
let batches = 0;
const connector = TEMPLATE_CONNECTOR.connector;
const reports = await syncSource(hub, { id: 'crash', connector, config: connector.config.parse({ path: folder }), displayConfig: {}, scheduleMs: null, baseDir: folder! }, {
  batchSize: 40,
  onProgress: () => {
    batches += 1;
    process.stdout.write(`batch ${batches}\n`);
  },
});
process.stdout.write(`done ${JSON.stringify(reports.map((r) => ({ status: r.status, read: r.read, error: r.error })))}\n`);
await hub.close();
