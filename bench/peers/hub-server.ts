/**
 * The hub's GraphQL server alone, for `npm run bench -- graphql-peers` (started by that bench in a child
 * process on Node 22 with `--import tsx`): the same hub the `graphql` bench serves (silent logger, no
 * rate limit), on an existing database, with auth mode `open` (every caller ADMIN, as in development
 * mode, which the hub refuses with a database URL). Env: DATABASE_URL (with the
 * `application_name` the bench finds its PostgreSQL backends by), HUIJU_PII_KEY (hex, the key the demo
 * was loaded with), HUIJU_COMPILED_EXECUTION (optional, `off` for graphql-js execution), HUIJU_JOIN_NESTED_LISTS (optional, `off` for one statement per nested level). Prints one JSON line `{"url": …}` on stdout once it listens; SIGTERM stops it.
 */
import { loadConfig } from '../../src/config';
import { openStore } from '../../src/db/open-store';
import type { Hub } from '../../src/hub';
import { createLogger } from '../../src/logger';
import { createPiiVault } from '../../src/pii/pii-vault';
import { startHttpServer } from '../../src/server/http-server';
import { hubRoutes } from '../../src/server/routes';

const url = process.env.DATABASE_URL;
const keyHex = process.env.HUIJU_PII_KEY;
if (!url || !keyHex) throw new Error('hub-server: DATABASE_URL and HUIJU_PII_KEY are required');
const store = await openStore({ databaseUrl: url, dataDir: null });
// HUIJU_COMPILED_EXECUTION=off serves every query through graphql-js; HUIJU_JOIN_NESTED_LISTS=off reads each nested level by its own statement
const env = Object.fromEntries(['HUIJU_COMPILED_EXECUTION', 'HUIJU_JOIN_NESTED_LISTS'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
const config = loadConfig({ env, overrides: { logLevel: 'silent', pii: { key: keyHex }, server: { rateLimit: { perMinute: 0 } }, auth: { mode: 'open' }, database: { url } } });
const hub: Hub = { config, store, db: store.db, vault: createPiiVault(Buffer.from(keyHex, 'hex')), logger: createLogger({ level: 'silent' }), close: () => store.close() };
const server = await startHttpServer(hub, { port: 0, host: '127.0.0.1', routes: hubRoutes(hub) });
process.stdout.write(`${JSON.stringify({ url: `${server.url}/graphql` })}\n`);
const stop = async () => {
  await server.close();
  await hub.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
