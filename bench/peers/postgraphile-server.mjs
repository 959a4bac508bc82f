// PostGraphile v5 in library mode on node:http, for `npm run bench -- graphql-peers` (started by that
// bench on Node 22; not part of the hub). Its packages live in the folder PEERS_DIR (installed there by
// the bench), so they are loaded with a require rooted in that folder. Env: PEERS_DIR, DATABASE_URL.
// Prints one JSON line `{"url": …}` on stdout once it listens.
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { join } from 'node:path';

const require = createRequire(join(process.env.PEERS_DIR, 'package.json'));
const { postgraphile } = require('postgraphile');
const { grafserv } = require('postgraphile/grafserv/node');
const { PostGraphileAmberPreset } = require('postgraphile/presets/amber');
const { makePgService } = require('postgraphile/adaptors/pg');

const preset = {
  extends: [PostGraphileAmberPreset],
  // Ordering and conditions on columns without an index (admin_area.level, grid.code …) are what the
  // hub's default orderings need; the plugin that hides them changes the schema, not the SQL.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'] })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (e) => {
  console.error(e);
  process.exit(1);
});
await serv.addTo(server);
// build the schema before saying "ready", so the first measured request does not pay for it
await pgl.getSchemaResult();
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/graphql` })}\n`);
});
const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
