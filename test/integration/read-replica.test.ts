/**
 * `DATABASE_READ_URL`: the GraphQL API's reads go to the read replica, everything else to
 * `DATABASE_URL`. The "replica" here is a second PostgreSQL database holding *different* data (one
 * community more, no cases), so every answer shows which database it came from: a query sees the
 * replica's rows, a mutation writes to the primary and reads its own result there, over HTTP as
 * in process.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_CALLER } from '../../src/auth/caller';
import { loadConfig } from '../../src/config';
import { type Hub, openHub } from '../../src/hub';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import { change } from '../../src/sdk/canonical-change';
import { runQuery } from '../../src/graphql/run-query';
import { type RunningServer, startHttpServer } from '../../src/server/http-server';
import { hubRoutes } from '../../src/server/routes';
import { postGraphql } from '../graphql/support/http-harness';
import { districtFrame, FRAME_COMMUNITY, s1Record } from '../support/district-frame';
import { configError } from '../support/config-error';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const V1 = '2026-12-01T08:00:00.000Z';
const REPLICA_ONLY = '420102002009';
const COUNTS = `{ areas(first: 100) { totalCount } cases(first: 10) { totalCount } area(code: "${REPLICA_ONLY}") { name } }`;
const REPORT = `mutation Report($input: ReportCaseInput!) { reportCase(input: $input) { id status area { code } events { toStatus } } }`;
const caseCount = async (t: TestHub) => Number((await t.db.selectFrom('case_record').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe.skipIf(!availableStoreKinds().includes('postgres'))('DATABASE_READ_URL: GraphQL reads from a read replica', () => {
  const key = randomBytes(32);
  let primary: TestHub;
  let replica: TestHub;
  let hub: Hub;
  let server: RunningServer;

  beforeAll(async () => {
    primary = await createTestHub('postgres', { piiKey: key });
    replica = await createTestHub('postgres', { piiKey: key });
    await ingestBatch(primary.db, districtFrame(V1), hubIngestOptions(primary));
    // the replica has one community the primary lacks: which database answered is plain to see
    const extra = s1Record('areas', 'extra', [change('adminArea', { code: REPLICA_ONLY, name: '副本社区', level: 'community', parentCode: '420102002', isTest: true })], V1);
    await ingestBatch(replica.db, [...districtFrame(V1), extra], hubIngestOptions(replica));
    const config = loadConfig({
      env: { DATABASE_URL: primary.databaseUrl!, DATABASE_READ_URL: replica.databaseUrl!, HUIJU_PII_KEY: key.toString('hex'), LOG_LEVEL: 'silent' },
      cwd: process.cwd(),
    });
    hub = await openHub(config, { migrate: 'require' });
    server = await startHttpServer(hub, { port: 0, host: '127.0.0.1', routes: hubRoutes(hub, { resolveCaller: () => DEVELOPMENT_CALLER }) });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await hub?.close();
    await primary?.destroy();
    await replica?.destroy();
  });

  it('opens a pool of its own on the replica', () => {
    expect(hub.store.readDb).toBeDefined();
    expect(hub.store.readDb).not.toBe(hub.db);
  });

  it('answers queries from the replica, in process and over HTTP', async () => {
    const inProcess = await runQuery(hub, COUNTS);
    expect(inProcess.errors).toBeUndefined();
    expect(inProcess.data).toEqual({ areas: { totalCount: 6 }, cases: { totalCount: 0 }, area: { name: '副本社区' } });
    const http = await postGraphql(server.url, COUNTS);
    expect(http.status).toBe(200);
    expect(http.body.data).toEqual(inProcess.data);
  });

  it('writes a mutation to the primary and reads its result there; later queries still read the replica', async () => {
    for (const send of [(v: Record<string, unknown>) => runQuery(hub, REPORT, v), async (v: Record<string, unknown>) => (await postGraphql(server.url, REPORT, v)).body]) {
      const before = await caseCount(primary);
      const result = await send({ input: { kind: 'APPEAL', channel: '来访', title: '楼道堆放杂物', area: FRAME_COMMUNITY } });
      expect(result.errors).toBeUndefined();
      // its events come through a DataLoader: read on the replica they would be missing
      expect(result.data.reportCase).toMatchObject({ status: 'REPORTED', area: { code: FRAME_COMMUNITY }, events: [{ toStatus: 'REPORTED' }] });
      expect(await caseCount(primary)).toBe(before + 1);
      expect(await caseCount(replica)).toBe(0);
    }
    expect((await runQuery(hub, COUNTS)).data).toMatchObject({ cases: { totalCount: 0 } });
    expect((await postGraphql(server.url, COUNTS)).body.data).toMatchObject({ cases: { totalCount: 0 } });
  });

  it('without DATABASE_URL is a configuration error naming database.readUrl', () => {
    const err = configError(() => loadConfig({ env: { DATABASE_READ_URL: replica.databaseUrl! }, cwd: process.cwd() }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('database.readUrl (env DATABASE_READ_URL)');
  });
});
