/**
 * Operator control of sources through GraphQL, on PostgreSQL and the embedded store: each stream's cursor (personal
 * information summarised), last run and status; `resetStream` (refused while the source is being
 * synced), `pauseSource` / `resumeSource` kept in the store, honoured by the scheduler and by
 * `huiju connectors sync` (unless `--force`); every act in the access log; other roles refused.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller';
import { createHubContext, type HubContext } from '../../src/graphql/context';
import { viewCursor } from '../../src/graphql/operations/stream-cursor';
import { createHubApolloServer } from '../../src/graphql/server/apollo-server';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { syncSource } from '../../src/ingest/sync/run-sync';
import { startScheduler } from '../../src/ingest/sync/scheduler';
import { pauseSource } from '../../src/ingest/sync/source-control';
import { withSyncLock } from '../../src/ingest/sync/source-lock';
import { runCli, useCliTestHubs } from '../support/run-cli';
import { syntheticIdNumber, syntheticSource } from '../support/synthetic-people';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';
import type { GqlResult } from './support/harness';

const OPERATOR: Caller = { role: 'OPERATOR', areaScope: [], subject: 'operator-1' };
const AUDITOR: Caller = { role: 'AUDITOR', areaScope: [], subject: 'auditor-1' };
/** Roles that may not control sources: no permission, or an ADMIN limited to a street (operations data has no area). */
const REFUSED: Caller[] = [
  { role: 'STREET_STAFF', areaScope: ['420102002000'], subject: 'street-1' },
  { role: 'ANALYST', areaScope: [], subject: 'analyst-1' },
  AUDITOR,
  { role: 'ADMIN', areaScope: ['420102002000'], subject: 'scoped-admin' },
];

const STREAMS = '{ id paused pause { pausedBy reason } streams { name mode status cursor cursorSummarized cursorUpdatedAt lastRun { status recordsRead recordsApplied finishedAt } } }';

// PostgreSQL (advisory locks between processes) and the embedded store (`npm start`: the lock is held in process)
describe.each(availableStoreKinds())('source control through GraphQL on %s', (kind) => {
  let hub: TestHub;
  let server: ApolloServer<HubContext>;
  let people: ResolvedSource;
  const gql = async (query: string, variables: Record<string, unknown> = {}, caller: Caller = OPERATOR): Promise<GqlResult> => {
    const response = await server.executeOperation({ query, variables }, { contextValue: createHubContext(hub, caller) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return response.body.singleResult as GqlResult;
  };
  const sourceOf = async (id = 'people', caller: Caller = OPERATOR) => {
    const r = await gql(`{ sources ${STREAMS} }`, {}, caller);
    expect(r.errors).toBeUndefined();
    return (r.data as { sources: { id: string }[] }).sources.find((s) => s.id === id) as any;
  };
  const logRows = () => hub.db.selectFrom('access_log').select(['actor', 'role', 'action', 'entity', 'target', 'reason']).orderBy('at').execute();
  const cursorRow = () => hub.db.selectFrom('connector_cursor').select(['cursor']).where('source_id', '=', 'people').executeTakeFirst();

  beforeAll(async () => {
    hub = await createTestHub(kind);
    people = syntheticSource('people', { count: 30, checkpointEvery: 10 });
    Object.assign(hub, { sources: [people, syntheticSource('other', { count: 3 })] });
    server = createHubApolloServer(hub);
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
    await hub?.destroy();
  });

  it('lists every stream: nothing before the first sync, then its cursor, last run and status (IDLE, RUNNING while synced, FAILING)', async () => {
    expect(await sourceOf()).toEqual({
      id: 'people',
      paused: false,
      pause: null,
      streams: [{ name: 'people', mode: 'incremental', status: 'IDLE', cursor: null, cursorSummarized: false, cursorUpdatedAt: null, lastRun: null }],
    });
    const [report] = await syncSource(hub, people);
    expect(report).toMatchObject({ status: 'SUCCEEDED', read: 30 });
    const [stream] = (await sourceOf()).streams;
    expect(stream).toMatchObject({ status: 'IDLE', cursor: '30', cursorSummarized: false, lastRun: { status: 'SUCCEEDED', recordsRead: 30, recordsApplied: 30 } });
    expect(stream.lastRun.finishedAt).not.toBeNull();
    expect(stream.cursorUpdatedAt).not.toBeNull();
    // being synced (its sync lock held, as run-sync holds it): RUNNING
    const during = await withSyncLock(hub, 'people', 'people', () => sourceOf());
    expect(during.streams[0].status).toBe('RUNNING');
    // a stream whose newest run failed is FAILING
    await hub.db.insertInto('sync_run').values({ source_id: 'other', stream: 'people', status: 'FAILED', finished_at: new Date(), error_code: 'UPSTREAM_DOWN' }).execute();
    expect((await sourceOf('other')).streams[0]).toMatchObject({ status: 'FAILING', lastRun: { status: 'FAILED' } });
    // …and so is one whose newest run never finished while nothing syncs it (its process stopped)
    await new Promise((r) => setTimeout(r, 5));
    await hub.db.insertInto('sync_run').values({ source_id: 'other', stream: 'people', status: 'RUNNING' }).execute();
    expect((await sourceOf('other')).streams[0]).toMatchObject({ status: 'FAILING', lastRun: { status: 'RUNNING', finishedAt: null } });
  });

  it('never shows a cursor part that could carry personal information', async () => {
    const idNumber = syntheticIdNumber(7);
    const stored = { files: ['居民名单_张伟_2026-11.csv#9f2c'], skipped: [], latest: '2026-11-30T08:00:00.000Z', lastKey: idNumber, mobile: 13812345678, page: 4, done: true, byFile: { '张伟.csv': 1 } };
    await hub.db.updateTable('connector_cursor').set({ cursor: JSON.stringify(stored) }).where('source_id', '=', 'people').execute();
    const r = await gql(`{ sources { id streams { cursor cursorSummarized } cursors { cursorJson } } }`);
    expect(r.errors).toBeUndefined();
    const text = JSON.stringify(r);
    for (const clear of ['张伟', idNumber, '13812345678', '居民名单']) expect(text).not.toContain(clear);
    const stream = (r.data as any).sources.find((s: { id: string }) => s.id === 'people').streams[0];
    expect(stream.cursorSummarized).toBe(true);
    expect(JSON.parse(stream.cursor)).toEqual({ files: '<1 items>', skipped: [], latest: '2026-11-30T08:00:00.000Z', lastKey: '<text, 18 chars>', mobile: '<number>', page: 4, done: true, byFile: '<map, 1 entries>' });
    // the same view as the pure function's, which keeps what cannot be personal as stored
    expect(viewCursor({ '0': 120, '1': 98 })).toEqual({ json: '{"0":120,"1":98}', summarized: false });
    expect(viewCursor('2026-11-30')).toEqual({ json: '"2026-11-30"', summarized: false });
    expect(viewCursor('eyJwYWdlIjo0fQ')).toEqual({ json: '"<text, 14 chars>"', summarized: true });
  });

  it('resetStream forgets the cursor so the next sync reads from the start, and records the act', async () => {
    const before = (await logRows()).length;
    const r = await gql('mutation($s: String!, $t: String!) { resetStream(source: $s, stream: $t, reason: "re-read after a fix") { id streams { name cursor status } } }', { s: 'people', t: 'people' });
    expect(r.errors).toBeUndefined();
    expect((r.data as any).resetStream).toEqual({ id: 'people', streams: [{ name: 'people', cursor: null, status: 'IDLE' }] });
    expect(await cursorRow()).toBeUndefined();
    const log = await logRows();
    expect(log).toHaveLength(before + 1);
    expect(log.at(-1)).toEqual({ actor: 'operator-1', role: 'OPERATOR', action: 'RESET_STREAM', entity: 'source', target: 'source:people/people', reason: 're-read after a fix' });
    const [again] = await syncSource(hub, people);
    // read from the start again; nothing changed, so nothing is written again
    expect(again).toMatchObject({ status: 'SUCCEEDED', read: 30, applied: 0 });
    expect((await cursorRow())?.cursor).toBe(30);
    // the auditor reads the act in the access log, with its target
    const audit = await gql('{ accessLog(first: 5) { nodes { action actor target reason } } }', {}, AUDITOR);
    expect(audit.errors).toBeUndefined();
    expect((audit.data as any).accessLog.nodes).toContainEqual({ action: 'RESET_STREAM', actor: 'operator-1', target: 'source:people/people', reason: 're-read after a fix' });
  });

  it('resetStream is refused while a stream of the source is being synced, and changes nothing', async () => {
    const before = (await logRows()).length;
    const cursor = (await cursorRow())?.cursor;
    expect(cursor).toBe(30);
    // the lock a sync of the stream holds (run-sync takes it per stream, on its own connection)
    const refused = await withSyncLock(hub, 'people', 'people', () => gql('mutation { resetStream(source: "people", stream: "people") { id } }'));
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'SYNC_IN_PROGRESS', source: 'people', stream: 'people' });
    expect(refused.data ?? null).toBeNull();
    expect((await cursorRow())?.cursor).toBe(30);
    expect(await logRows()).toHaveLength(before);
    // once the sync is over the reset goes through
    expect((await gql('mutation { resetStream(source: "people", stream: "people") { id } }')).errors).toBeUndefined();
    expect(await cursorRow()).toBeUndefined();
  });

  it('answers an unknown source or stream and a too long reason with coded errors', async () => {
    const before = (await logRows()).length;
    const cases: [string, string, string][] = [
      ['mutation { resetStream(source: "nope", stream: "people") { id } }', 'NOT_FOUND', 'source'],
      ['mutation { resetStream(source: "people", stream: "nope") { id } }', 'NOT_FOUND', 'stream'],
      ['mutation { pauseSource(source: "nope") { id } }', 'NOT_FOUND', 'source'],
      ['mutation { resumeSource(source: "nope") { id } }', 'NOT_FOUND', 'source'],
      [`mutation { pauseSource(source: "people", reason: "${'太长'.repeat(300)}") { id } }`, 'BAD_USER_INPUT', 'reason'],
    ];
    for (const [query, code, field] of cases) {
      const r = await gql(query);
      expect(r.errors?.[0]?.extensions, query.slice(0, 60)).toMatchObject({ code, field });
    }
    expect(await logRows()).toHaveLength(before);
    expect(await hub.db.selectFrom('source_pause').selectAll().execute()).toEqual([]);
  });

  it('refuses every act (and the streams view) to roles that may not control sources, changing nothing', async () => {
    await syncSource(hub, people);
    const before = (await logRows()).length;
    for (const caller of REFUSED) {
      for (const query of ['mutation { resetStream(source: "people", stream: "people") { id } }', 'mutation { pauseSource(source: "people") { id } }', 'mutation { resumeSource(source: "people") { paused } }', '{ sources { streams { cursor } } }']) {
        const r = await gql(query, {}, caller);
        expect(r.errors?.[0]?.extensions?.code, `${caller.role} ${query}`).toBe('FORBIDDEN');
        expect(r.data ?? null).toBeNull();
      }
    }
    expect(await logRows()).toHaveLength(before);
    expect((await cursorRow())?.cursor).toBe(30);
    expect(await hub.db.selectFrom('source_pause').selectAll().execute()).toEqual([]);
  });

  it('pauseSource is kept in the store and shown; a second pause keeps the first; resumeSource lifts it; both are logged', async () => {
    const before = (await logRows()).length;
    const paused = await gql('mutation { pauseSource(source: "people", reason: "platform maintenance") { paused pause { pausedBy reason } streams { status } } }');
    expect(paused.errors).toBeUndefined();
    expect((paused.data as any).pauseSource).toEqual({ paused: true, pause: { pausedBy: 'operator-1', reason: 'platform maintenance' }, streams: [{ status: 'PAUSED' }] });
    const second = await gql('mutation { pauseSource(source: "people", reason: "another reason") { pause { reason } } }', {}, { role: 'ADMIN', areaScope: [], subject: 'admin-1' });
    expect((second.data as any).pauseSource.pause.reason).toBe('platform maintenance');
    expect((await sourceOf('other')).paused).toBe(false);
    const resumed = await gql('mutation { resumeSource(source: "people") { paused pause { pausedBy } streams { status } } }');
    expect((resumed.data as any).resumeSource).toEqual({ paused: false, pause: null, streams: [{ status: 'IDLE' }] });
    const log = (await logRows()).slice(before);
    expect(log.map((l) => [l.action, l.actor, l.target])).toEqual([
      ['PAUSE_SOURCE', 'operator-1', 'source:people'],
      ['PAUSE_SOURCE', 'admin-1', 'source:people'],
      ['RESUME_SOURCE', 'operator-1', 'source:people'],
    ]);
  });

  it('the scheduler skips a paused source at every turn and syncs it again once resumed', { timeout: 30_000 }, async () => {
    const scheduled: ResolvedSource = { ...syntheticSource('scheduled', { count: 5 }), scheduleMs: 100 };
    Object.assign(hub, { sources: [...(hub.sources ?? []), scheduled] });
    expect((await gql('mutation { pauseSource(source: "scheduled") { paused } }')).errors).toBeUndefined();
    const runs = async () => (await hub.db.selectFrom('sync_run').select('id').where('source_id', '=', 'scheduled').execute()).length;
    const succeeded = async () => (await hub.db.selectFrom('sync_run').select('id').where('source_id', '=', 'scheduled').where('status', '=', 'SUCCEEDED').execute()).length;
    const scheduler = startScheduler(hub, [scheduled], { initialDelayMs: 0 });
    try {
      // several turns (every 100 ms) pass while it is paused
      await new Promise((r) => setTimeout(r, 800));
      expect(await runs()).toBe(0);
      expect((await gql('mutation { resumeSource(source: "scheduled") { paused } }')).errors).toBeUndefined();
      for (let i = 0; i < 100 && (await succeeded()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await succeeded()).toBeGreaterThan(0);
    } finally {
      await scheduler.stop();
    }
    // the last run may have been cut short by stop(); none of them ran while the source was paused
    expect(['SUCCEEDED', 'CANCELLED']).toContain((await sourceOf('scheduled')).streams[0].lastRun.status);
  });
});

const fixtures = resolve(__dirname, '../../connectors/social-org-registry/fixtures');

describe.each(availableStoreKinds().filter((k) => k === 'postgres'))('huiju connectors sync and reset of paused and busy sources on %s', (kind) => {
  const cliHub = useCliTestHubs(kind);

  it('refuses a paused source unless --force, passes it by with --all, and shares the reset (refused while syncing)', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huiju-source-control-'));
    const configFile = join(dir, 'huiju.config.json');
    writeFileSync(configFile, JSON.stringify({ sources: ['registry-a', 'registry-b'].map((id) => ({ id, connector: 'social-org-registry', config: { path: fixtures }, allowPathsOutside: true })) }));
    const { hub, env } = await cliHub({ HUIJU_CONFIG: configFile });
    const runsOf = async (id: string) => (await hub.db.selectFrom('sync_run').select('id').where('source_id', '=', id).execute()).length;
    await pauseSource(hub.db, 'registry-a', { actor: 'cli-test', reason: 'upstream re-export' });

    const refused = await runCli(['connectors', 'sync', 'registry-a'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('SOURCE_PAUSED');
    expect(refused.stderr).toContain('registry-a (paused by cli-test');
    expect(refused.stderr).toContain('--force');
    expect(await runsOf('registry-a')).toBe(0);

    // connectors list says who paused it and why, in text and JSON; the running source shows none
    const listed = await runCli(['connectors', 'list'], env);
    expect(listed.stdout).toMatch(/registry-a[^\n]*\n\s+paused by cli-test at \d{4}-\d\d-\d\dT[^:]+:\d\d:\d\d\.\d+Z: upstream re-export/);
    expect(listed.stdout.match(/paused by/g)).toHaveLength(1);
    const listedJson = JSON.parse((await runCli(['connectors', 'list', '--json'], env)).stdout);
    expect(listedJson.sources.map((x: { id: string; paused: { pausedBy: string; reason: string } | null }) => [x.id, x.paused?.pausedBy ?? null, x.paused?.reason ?? null])).toEqual([
      ['registry-a', 'cli-test', 'upstream re-export'],
      ['registry-b', null, null],
    ]);

    const all = await runCli(['connectors', 'sync', '--all', '--json'], env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toContain('skipped (paused; --force syncs them): registry-a');
    expect(all.stdout.trim().split('\n').map((l) => JSON.parse(l).source)).toEqual(['registry-b']);
    expect(await runsOf('registry-a')).toBe(0);

    const forced = await runCli(['connectors', 'sync', 'registry-a', '--force', '--json'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await runsOf('registry-a')).toBeGreaterThan(0);

    // the CLI reset is the shared one: refused while a stream of the source is being synced
    const streams = (await hub.db.selectFrom('connector_cursor').select('stream').where('source_id', '=', 'registry-a').execute()).map((r) => r.stream);
    expect(streams.length).toBeGreaterThan(0);
    const busy = await withSyncLock(hub, 'registry-a', streams[0]!, () => runCli(['connectors', 'reset', 'registry-a', '--json'], env));
    expect(busy.code).not.toBe(0);
    expect(busy.stderr).toContain('SYNC_IN_PROGRESS');
    expect(await hub.db.selectFrom('connector_cursor').select('stream').where('source_id', '=', 'registry-a').execute()).toHaveLength(streams.length);
    const reset = await runCli(['connectors', 'reset', 'registry-a', '--json'], env);
    expect(reset.code, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout).forgotten).toEqual([...streams].sort());
  });
});
