import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { committeeApiConnector, type CommitteeApiConfig } from '../../../connectors/committee-api/index';
import { IncrementalPosition } from '../../../connectors/committee-api/incremental-cursor';
import type { ConnectorContext, JsonValue, ReadMessage, StreamDefinition } from '../../../src/sdk/index';
import { COMMITTEE_STREAMS, DEFAULT_FAULTS, startFakeCommitteePlatform, type CommitteeStream, type FakeCommitteePlatform, type PlatformRecord } from '../../support/fake-committee-platform';

const streamOf = (name: CommitteeStream) => committeeApiConnector.streams.find((s) => s.name === name)! as StreamDefinition<CommitteeApiConfig>;
const idOf = (name: CommitteeStream, r: PlatformRecord) => String(name === 'cases' ? r.ticket_no : r.id);

function configFor(platform: { baseUrl: string; token: string; clientId?: string; clientSecret?: string }, extra: Record<string, unknown> = {}): CommitteeApiConfig {
  return committeeApiConnector.config.parse({ baseUrl: platform.baseUrl, token: platform.token, clientId: platform.clientId, clientSecret: platform.clientSecret, pageSize: 3, retryBaseDelayMs: 5, ...extra });
}

function context(config: CommitteeApiConfig, signal = new AbortController().signal): ConnectorContext<CommitteeApiConfig> {
  const quiet = () => {};
  return { config, sourceId: 'committee-test', signal, baseDir: process.cwd(), logger: { debug: quiet, info: quiet, warn: quiet } };
}

/** Everything one read yields: the records (in order) and each checkpoint with how many records came before it. */
async function readAll(name: CommitteeStream, config: CommitteeApiConfig, cursor: JsonValue | null, signal?: AbortSignal) {
  const records: PlatformRecord[] = [];
  const checkpoints: { cursor: JsonValue; after: number }[] = [];
  const failed: ReadMessage[] = [];
  for await (const m of streamOf(name).read(context(config, signal), cursor)) {
    if (m.type === 'record') records.push(m.data as PlatformRecord);
    else if (m.type === 'checkpoint') checkpoints.push({ cursor: m.cursor, after: records.length });
    else failed.push(m);
  }
  return { records, ids: records.map((r) => idOf(name, r)), checkpoints, failed };
}

describe('committee-api read() against the fake platform', () => {
  let platform: FakeCommitteePlatform;
  beforeEach(async () => {
    platform = await startFakeCommitteePlatform();
  });
  afterEach(() => platform?.close());

  it('hands over every record exactly once across 429, 500/503, an expiring token and page-edge repeats', async () => {
    for (const name of COMMITTEE_STREAMS) {
      const { ids, failed, checkpoints } = await readAll(name, configFor(platform), null);
      expect(failed).toEqual([]);
      expect(new Set(ids).size, `${name}: a record was handed over twice`).toBe(ids.length);
      expect(ids, name).toEqual(platform.records(name).map((r) => idOf(name, r)));
      expect(checkpoints.length).toBeGreaterThan(1);
    }
    expect(platform.stats.rateLimited).toBeGreaterThan(0);
    expect(platform.stats.serverErrors).toBeGreaterThan(0);
    expect(platform.stats.unauthorized).toBeGreaterThan(0);
    expect(platform.stats.tokensIssued).toBeGreaterThan(0);
    expect(platform.stats.repeatedEdges).toBeGreaterThan(0);
  });

  it('serves updated_at ties across pages, and a run resumed from any checkpoint reads exactly what came after it', async () => {
    const instants = platform.records('cases').map((r) => r.updated_at);
    expect(Math.max(...[...new Set(instants)].map((u) => instants.filter((x) => x === u).length))).toBeGreaterThan(3 * 3);
    const config = configFor(platform);
    const full = await readAll('cases', config, null);
    expect(full.checkpoints.length).toBeGreaterThan(5);
    for (const cp of full.checkpoints) {
      const resumed = await readAll('cases', config, cp.cursor);
      expect(resumed.ids, `resumed after ${cp.after} records`).toEqual(full.ids.slice(cp.after));
    }
  });

  it('checkpoints only move forward: a later instant, or more ids seen at the same one', async () => {
    const { checkpoints } = await readAll('cases', configFor(platform), null);
    for (let i = 1; i < checkpoints.length; i++) {
      const a = checkpoints[i - 1]!.cursor as { updatedSince: string; seenAtThatInstant: string[] };
      const b = checkpoints[i]!.cursor as { updatedSince: string; seenAtThatInstant: string[] };
      const ta = Date.parse(a.updatedSince);
      const tb = Date.parse(b.updatedSince);
      expect(tb).toBeGreaterThanOrEqual(ta);
      if (tb === ta) {
        expect(b.seenAtThatInstant.length).toBeGreaterThan(a.seenAtThatInstant.length);
        expect(b.seenAtThatInstant).toEqual(expect.arrayContaining(a.seenAtThatInstant));
      }
    }
  });

  it('reads only new and updated records on the next run, including a new record at the last instant already read', async () => {
    const config = configFor(platform);
    const before = new Map<CommitteeStream, Map<string, string>>();
    const last = new Map<CommitteeStream, JsonValue>();
    for (const name of COMMITTEE_STREAMS) {
      const run = await readAll(name, config, null);
      before.set(name, new Map(run.records.map((r) => [idOf(name, r), JSON.stringify(r)])));
      last.set(name, run.checkpoints.at(-1)!.cursor);
    }

    // a week passes on the platform; someone adds an activity with the very updated_at the last run ended on
    platform.advanceTo(`${platform.world.meta.asOf}T23:59:59+08:00`);
    const lastActivityInstant = (last.get('activities') as { updatedSince: string }).updatedSince;
    platform.put('activities', { id: 'ACT-NEW-AT-A-TIE', type: '议事协商', title: '加装电梯议事会', organizer: { name: '武汉市江岸区大智街道丹城社区居民委员会' }, community_code: '420102002001', participants: [], updated_at: lastActivityInstant });
    platform.put('contact-assignments', { ...platform.records('contact-assignments')[0]!, households: [], valid_to: platform.world.meta.asOf, updated_at: undefined });

    let changedTotal = 0;
    for (const name of COMMITTEE_STREAMS) {
      const now = platform.records(name);
      const changed = now.filter((r) => before.get(name)!.get(idOf(name, r)) !== JSON.stringify(r)).map((r) => idOf(name, r));
      const next = await readAll(name, config, last.get(name)!);
      expect(next.ids.sort(), name).toEqual(changed.sort());
      changedTotal += changed.length;
      // and once more: nothing
      const again = await readAll(name, config, next.checkpoints.at(-1)?.cursor ?? last.get(name)!);
      expect(again.ids, `${name}: a third run re-read records`).toEqual([]);
    }
    expect(changedTotal).toBeGreaterThan(3);
  });

  it('starts the first run at startFrom', async () => {
    const since = '2026-06-10T00:00:00+08:00';
    const { records } = await readAll('cases', configFor(platform, { startFrom: since }), null);
    const expected = platform.records('cases').filter((r) => Date.parse(String(r.updated_at)) >= Date.parse(since));
    expect(records.map((r) => r.ticket_no)).toEqual(expected.map((r) => r.ticket_no));
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(platform.records('cases').length);
  });

  it('stops promptly when cancelled mid-read, without an error and without a checkpoint after the cancel', async () => {
    platform.setFaults({ delayMs: 400 });
    const controller = new AbortController();
    const messages: ReadMessage[] = [];
    let requestsAtCancel: number | undefined;
    for await (const m of streamOf('cases').read(context(configFor(platform), controller.signal), null)) {
      messages.push(m);
      if (m.type === 'record' && requestsAtCancel === undefined) {
        requestsAtCancel = platform.stats.requests;
        controller.abort();
      }
    }
    // promptly = by state, not by the clock: not one more record, and not one more request to the platform
    expect(requestsAtCancel).toBeGreaterThan(0);
    expect(platform.stats.requests - requestsAtCancel!, 'requests sent after the cancel').toBe(0);
    expect(messages.filter((m) => m.type === 'record').length).toBe(1);
    expect(messages.some((m) => m.type === 'checkpoint')).toBe(false);
  });

  it('stops promptly when cancelled while waiting for the platform', async () => {
    platform.setFaults({ delayMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { records } = await readAll('activities', configFor(platform), null, controller.signal);
    expect(records).toEqual([]);
    // the read ended before the platform answered: the one request was dropped (no page served, no retry)
    expect(platform.stats.requests).toBe(1);
    expect(platform.stats.pages).toBe(0);
  });

  it('check(): ok with the good config; config for a wrong token or wrong client credentials; transient when unreachable', async () => {
    const check = (extra: Record<string, unknown>) => committeeApiConnector.check(context(configFor(platform, extra)));
    expect(await check({})).toMatchObject({ ok: true });
    expect(await check({ token: 'wrong', clientId: undefined, clientSecret: undefined })).toMatchObject({ ok: false, kind: 'config' });
    expect(await check({ token: 'wrong', clientSecret: 'wrong' })).toMatchObject({ ok: false, kind: 'config' });
    expect(await check({ baseUrl: 'http://127.0.0.1:1/api' })).toMatchObject({ ok: false, kind: 'transient' });
    expect(await check({ baseUrl: `${platform.baseUrl}/nothing-here` })).toMatchObject({ ok: false, kind: 'config' });
  });

  it('fails the read as config AUTH_FAILED when the token expires and cannot be renewed', async () => {
    platform.setFaults({ ...DEFAULT_FAULTS, rateLimitEvery: 0, serverErrorEvery: 0, tokenUses: 10 });
    const config = configFor(platform, { clientId: undefined, clientSecret: undefined, pageSize: 1 });
    await expect(readAll('cases', config, null)).rejects.toMatchObject({ kind: 'config', code: 'AUTH_FAILED' });
  });

  it('fetches the first token with the client credentials when no token is configured', async () => {
    const { ids } = await readAll('activities', configFor(platform, { token: undefined }), null);
    expect(ids.length).toBe(platform.records('activities').length);
    expect(platform.stats.tokensIssued).toBeGreaterThanOrEqual(1);
  });
});

describe('committee-api read() against a platform that sends something else', () => {
  let server: Server;
  let baseUrl = '';
  let body: unknown = {};
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fails source BAD_RESPONSE on a page that is not { data, next_cursor }', async () => {
    body = { items: [] };
    await expect(readAll('cases', configFor({ baseUrl, token: 't' }), null)).rejects.toMatchObject({ kind: 'source', code: 'BAD_RESPONSE' });
  });

  it('hands a list item that is not an object over as failed BAD_RECORD, and goes on', async () => {
    body = { data: ['oops', { ticket_no: 'T1', status: '待受理', updated_at: '2026-06-01T03:00:00+08:00' }], next_cursor: null };
    const { ids, failed, checkpoints } = await readAll('cases', configFor({ baseUrl, token: 't' }), null);
    expect(ids).toEqual(['T1']);
    expect(failed).toMatchObject([{ type: 'failed', reason: 'BAD_RECORD', raw: 'oops', position: { page: 1, index: 0 } }]);
    expect(checkpoints.map((c) => c.cursor)).toEqual([{ updatedSince: '2026-06-01T03:00:00+08:00', seenAtThatInstant: ['T1'] }]);
  });

  it('fails system BAD_CURSOR on a cursor it never wrote', async () => {
    await expect(readAll('cases', configFor({ baseUrl, token: 't' }), { page: 3 })).rejects.toMatchObject({ kind: 'system', code: 'BAD_CURSOR' });
  });
});

describe('incremental cursor', () => {
  const T0 = '2026-06-01T03:00:00+08:00';
  const T1 = '2026-06-02T03:00:00+08:00';

  it('admits records after the cursor, drops ids already seen at its instant, keeps new ids there', () => {
    const p = IncrementalPosition.from({ updatedSince: T0, seenAtThatInstant: ['a', 'b'] });
    expect(p.requestSince).toBe(T0);
    expect([p.admit('a', T0), p.admit('b', '2026-05-31T19:00:00Z'), p.admit('c', T0), p.admit('a', T1)]).toEqual([false, false, true, true]);
    expect(p.endPage()).toEqual({ updatedSince: T1, seenAtThatInstant: ['a'] });
  });

  it('drops the repeat of a page edge, and moves the cursor only when a page read something new', () => {
    const p = IncrementalPosition.from(null);
    expect(p.requestSince).toBeNull();
    expect([p.admit('a', T0), p.admit('b', T0)]).toEqual([true, true]);
    expect(p.endPage()).toEqual({ updatedSince: T0, seenAtThatInstant: ['a', 'b'] });
    expect([p.admit('b', T0)]).toEqual([false]);
    expect(p.endPage()).toBeNull();
  });

  it('admits an out-of-order record behind the cursor without moving it, but not a page-edge repeat of one', () => {
    const p = IncrementalPosition.from(null);
    p.admit('z', T1);
    expect(p.admit('y', T0)).toBe(true);
    p.endPage();
    expect(p.admit('y', T0)).toBe(false);
    expect(p.cursor()).toEqual({ updatedSince: T1, seenAtThatInstant: ['z'] });
  });

  it('always admits a record without an id or a readable updated_at, and never moves the cursor for it', () => {
    const p = IncrementalPosition.from(null, '2026-01-01T00:00:00+08:00');
    expect(p.requestSince).toBe('2026-01-01T00:00:00+08:00');
    expect([p.admit(null, T0), p.admit('x', 'soon'), p.admit('x', 'soon')]).toEqual([true, true, true]);
    expect(p.endPage()).toBeNull();
  });

  it('refuses a cursor it did not write', () => {
    for (const bad of ['2026-06-01', { updatedSince: 'never', seenAtThatInstant: [] }, { updatedSince: T0 }, { updatedSince: T0, seenAtThatInstant: [1] }, [T0]] as JsonValue[]) {
      expect(() => IncrementalPosition.from(bad)).toThrow(expect.objectContaining({ kind: 'system', code: 'BAD_CURSOR' }));
    }
  });
});
