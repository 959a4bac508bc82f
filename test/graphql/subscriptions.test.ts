import { randomBytes } from 'node:crypto';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Caller } from '../../src/auth/caller';
import { HuijuError } from '../../src/errors';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { createHubOutboxRelay } from '../../src/kafka/hub-outbox-relay';
import type { ChangeFeed } from '../../src/live/change-feed';
import { createHubChangeFeed, liveFeedMode } from '../../src/live/hub-change-feed';
import { type RunningServer, startHttpServer } from '../../src/server/http-server';
import { hubRoutes } from '../../src/server/routes';
import { change } from '../../src/sdk/canonical-change';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { availableStoreKinds } from '../support/test-hub';
import { toGlobalId } from '../../src/graphql/common/global-id';
import { type DemoHub, dataOf, openDemoHub } from './support/harness';

/** Test tokens → callers (the server's authenticator, standing in for JWTs). */
const CALLERS: Record<string, Caller> = {
  admin: { role: 'ADMIN', areaScope: [], subject: 't-admin' },
  community: { role: 'COMMUNITY_STAFF', areaScope: ['420102002001'], subject: 't-community' },
  analyst: { role: 'ANALYST', areaScope: [], subject: 't-analyst' },
};
const IN_SCOPE = '420102002001';
const OUT_OF_SCOPE = '420102003001';

function resolveCaller(req: { headers: Record<string, string | string[] | undefined> }): Caller {
  const token = /^Bearer (\w+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
  const caller = token ? CALLERS[token] : undefined;
  if (!caller) throw new HuijuError('UNAUTHENTICATED', 'Authentication required');
  return caller;
}

/** A case from a test source, through the one write path (as a connector sync writes it). */
async function syncCase(h: DemoHub, sourceNo: string, community: string, title: string, version: string): Promise<void> {
  const changes = [
    change('case', {
      sourceSystem: 'live-test',
      sourceNo,
      kind: 'APPEAL',
      category: '噪音扰民',
      title,
      communityCode: community,
      status: 'REPORTED',
      reportedAt: '2026-06-11T09:00:00+08:00',
    }),
  ];
  const record: MappedRecord = { kind: 'mapped', source: 'live-test', stream: 'cases', externalId: sourceNo, version, payload: { sourceNo, title }, changes };
  const r = await ingestBatch(h.hub.db, [record], hubIngestOptions(h.hub));
  expect(r.outcomes[0]?.status).not.toBe('dead-lettered');
}

function wsClient(server: RunningServer, token: string | null): Client {
  return createClient({
    url: `${server.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/**
 * Waits until `feed` has exactly `n` listeners (subscriptions stopped before have left it) and its
 * source runs: changes committed from then on are delivered.
 */
async function feedListening(feed: ChangeFeed, n: number): Promise<void> {
  const until = Date.now() + 10_000;
  while (feed.listenerCount !== n) {
    if (Date.now() > until) throw new Error(`the feed has ${feed.listenerCount} listeners, not ${n}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const probe = feed.subscribe(() => {});
  await probe.ready;
  probe.unsubscribe();
}

/** Results of one subscription, collected as they arrive; `errors` when the server refused it. */
function collect(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const results: { at: number; data: any; errors?: unknown }[] = [];
  let error: unknown = null;
  const stop = client.subscribe(
    { query, variables },
    {
      next: (r) => results.push({ at: Date.now(), data: r.data, errors: r.errors }),
      error: (e) => (error = e),
      complete: () => {},
    },
  );
  return {
    results,
    get error() {
      return error;
    },
    stop,
    async waitFor(predicate: () => boolean, ms = 5_000): Promise<boolean> {
      const until = Date.now() + ms;
      while (!predicate()) {
        if (Date.now() > until) return false;
        await new Promise((r) => setTimeout(r, 10));
      }
      return true;
    },
  };
}

const CASE_CHANGED = 'subscription Live($filter: CaseFilter) { caseChanged(filter: $filter) { id title status area { code } } }';

describe.each(availableStoreKinds())('subscriptions over WebSocket, embedded mode: the outbox feed (%s)', (kind) => {
  let h: DemoHub;
  let feed: ChangeFeed;
  let server: RunningServer;
  const clients: Client[] = [];
  const client = (token: string | null) => {
    const c = wsClient(server, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny', { outbox: { enabled: true } });
    feed = createHubChangeFeed(h.hub);
    expect(liveFeedMode(h.hub)).toBe('outbox');
    server = await startHttpServer(h.hub, { port: 0, host: '127.0.0.1', routes: hubRoutes(h.hub, { resolveCaller, changeFeed: feed }) });
  }, 180_000);
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await server?.close();
    await h?.close();
  });

  it('a subscriber receives the change of a case a sync wrote, fresh and masked like a query', async () => {
    const sub = collect(client('admin'), CASE_CHANGED);
    await feedListening(feed, 1);
    const started = Date.now();
    await syncCase(h, 'LIVE-1', IN_SCOPE, '楼道噪音 电话13912345678', '2026-06-11T09:00:00Z');
    expect(await sub.waitFor(() => sub.results.length > 0)).toBe(true);
    console.info(`[${kind}] sync → subscriber: ${sub.results[0]!.at - started} ms (commit included)`);
    const first = sub.results[0]!;
    expect(first.errors).toBeUndefined();
    expect(first.data.caseChanged.area.code).toBe(IN_SCOPE);
    expect(first.data.caseChanged.title).not.toContain('13912345678'); // masked as in `cases`

    // a newer version of the same case: delivered as it is now (the loaders are per event)
    const again = Date.now();
    await syncCase(h, 'LIVE-1', IN_SCOPE, '楼道噪音已处理', '2026-06-12T09:00:00Z');
    expect(await sub.waitFor(() => sub.results.length > 1)).toBe(true);
    console.info(`[${kind}] update → subscriber: ${sub.results[1]!.at - again} ms`);
    expect(sub.results[1]!.data.caseChanged.title).toBe('楼道噪音已处理');
    expect(sub.results[1]!.data.caseChanged.id).toBe(first.data.caseChanged.id);
    sub.stop();
  });

  it('a subscriber receives the change a case-flow mutation made (acceptCase)', async () => {
    await syncCase(h, 'LIVE-MOVE', IN_SCOPE, '待受理的事项', '2026-06-11T09:00:00Z');
    const row = await h.hub.db.selectFrom('case_record').select(['id', 'version']).where('source_no', '=', 'LIVE-MOVE').executeTakeFirstOrThrow();
    // the previous test's subscription has left, so the one counted below is this one
    await feedListening(feed, 0);
    const sub = collect(client('community'), CASE_CHANGED);
    try {
      await feedListening(feed, 1);
      const accepted = dataOf(
        await h.gql('mutation($id: ID!, $version: Int!) { acceptCase(id: $id, version: $version) { status } }', { id: toGlobalId('Case', row.id), version: row.version }, CALLERS.admin),
      );
      expect(accepted.acceptCase.status).toBe('ACCEPTED');
      expect(await sub.waitFor(() => sub.results.length > 0)).toBe(true);
      expect(sub.results[0]!.errors).toBeUndefined();
      expect(sub.results[0]!.data.caseChanged).toMatchObject({ id: toGlobalId('Case', row.id), title: '待受理的事项', status: 'ACCEPTED' });
    } finally {
      sub.stop();
    }
  });

  it('a scoped caller does not receive a change outside its scope; the filter holds back what it does not keep', async () => {
    const scoped = collect(client('community'), CASE_CHANGED);
    const filtered = collect(client('admin'), CASE_CHANGED, { filter: { area: OUT_OF_SCOPE } });
    await feedListening(feed, 2);
    await syncCase(h, 'LIVE-OUT', OUT_OF_SCOPE, '范围外的事项', '2026-06-11T09:00:00Z');
    await syncCase(h, 'LIVE-IN', IN_SCOPE, '范围内的事项', '2026-06-11T09:00:00Z');
    expect(await scoped.waitFor(() => scoped.results.length > 0)).toBe(true);
    expect(await filtered.waitFor(() => filtered.results.length > 0)).toBe(true);
    // events are delivered in commit order: the out-of-scope change came first and was not delivered
    expect(scoped.results.map((r) => r.data.caseChanged.title)).toEqual(['范围内的事项']);
    expect(filtered.results.map((r) => r.data.caseChanged.title)).toEqual(['范围外的事项']);
    scoped.stop();
    filtered.stop();
  });

  it('areaStatsChanged delivers the area figures after a change inside it, not after one outside', async () => {
    const sub = collect(client('admin'), `subscription { areaStatsChanged(code: "${IN_SCOPE}") { cases openCases area { code } } }`);
    await feedListening(feed, 1);
    await syncCase(h, 'LIVE-STATS-OUT', OUT_OF_SCOPE, '外面的事', '2026-06-11T09:00:00Z');
    await syncCase(h, 'LIVE-STATS-IN', IN_SCOPE, '里面的事', '2026-06-11T09:00:00Z');
    const arrived = await sub.waitFor(() => sub.results.length > 0 || sub.error !== null);
    expect(sub.error).toBeNull();
    expect(arrived).toBe(true);
    const r = sub.results[0]!;
    expect(r.errors).toBeUndefined();
    expect(r.data.areaStatsChanged.area.code).toBe(IN_SCOPE);
    const count = await h.hub.db.selectFrom('case_record as c').innerJoin('admin_area as a', 'a.id', 'c.area_id').where('a.code', '=', IN_SCOPE).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(r.data.areaStatsChanged.cases).toBe(Number(count.n));
    // one result for the two changes (the outside one triggers none; later ones are coalesced)
    await new Promise((res) => setTimeout(res, 800));
    expect(sub.results.length).toBe(1);
    sub.stop();
  });

  it('refuses a class the role may not read, a query over the socket, and a connection without credentials', async () => {
    const refused = collect(client('analyst'), CASE_CHANGED);
    expect(await refused.waitFor(() => refused.error !== null)).toBe(true);
    expect(JSON.stringify(refused.error)).toContain('FORBIDDEN');
    expect(refused.results).toEqual([]);

    const query = collect(client('admin'), '{ areas(first: 1) { totalCount } }');
    expect(await query.waitFor(() => query.error !== null)).toBe(true);
    expect(JSON.stringify(query.error)).toContain('BAD_REQUEST');

    const deep = collect(client('admin'), `subscription { caseChanged { ${'area { parent { '.repeat(10)}code${' } }'.repeat(10)} } }`);
    expect(await deep.waitFor(() => deep.error !== null)).toBe(true);
    expect(JSON.stringify(deep.error)).toContain('QUERY_DEPTH_LIMIT_EXCEEDED');

    const anonymous = collect(client(null), CASE_CHANGED);
    expect(await anonymous.waitFor(() => anonymous.error !== null)).toBe(true);
    expect((anonymous.error as { code?: number }).code).toBe(4401);
  });

  it('a WebSocket upgrade from a foreign origin is refused before the handshake', async () => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { origin: 'https://evil.example' });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => {});
    });
    ws.terminate();
    expect(status).toBe(403);
  });
});

describeWithKafka('subscriptions over WebSocket, distributed mode: the huiju.changes feed', () => {
  let h: DemoHub;
  let feed: ChangeFeed;
  let server: RunningServer;
  let client: Client;
  const topic = `huiju.changes.live-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    h = await openDemoHub('pglite', 'tiny', { kafka: { brokers: kafkaBrokers() }, outbox: { topic } });
    feed = createHubChangeFeed(h.hub);
    expect(liveFeedMode(h.hub)).toBe('kafka');
    server = await startHttpServer(h.hub, { port: 0, host: '127.0.0.1', routes: hubRoutes(h.hub, { resolveCaller, changeFeed: feed }) });
    client = wsClient(server, 'admin');
  }, 180_000);
  afterAll(async () => {
    await client?.dispose();
    await server?.close();
    await h?.close();
  });

  it('delivers a change the relay published to the topic', async () => {
    const sub = collect(client, CASE_CHANGED);
    await feedListening(feed, 1);
    const relay = createHubOutboxRelay(h.hub);
    try {
      await relay.drain(); // the demo's own events first, so the next round is the test's change
      const started = Date.now();
      await syncCase(h, 'LIVE-KAFKA', IN_SCOPE, '经Kafka送达', '2026-06-11T09:00:00Z');
      expect(await relay.drain()).toBeGreaterThan(0);
      expect(await sub.waitFor(() => sub.results.some((r) => r.data?.caseChanged?.title === '经Kafka送达'), 15_000)).toBe(true);
      console.info(`[kafka] sync + relay → subscriber: ${sub.results.at(-1)!.at - started} ms`);
    } finally {
      await relay.stop();
    }
    sub.stop();
  }, 60_000);
});
