import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTORS } from '../../connectors/index';
import { loadConfig } from '../../src/config';
import { resolveSources } from '../../src/ingest/sync/resolve-source';
import { dataOf, type DemoHub, openDemoHub } from './support/harness';

/** The operations views: dead letters (masked), sync runs, configured sources (secrets hidden), for operators only. */
describe('operations views', () => {
  let h: DemoHub;
  beforeAll(async () => {
    h = await openDemoHub('pglite');
    const config = loadConfig({
      env: { COMMITTEE_TOKEN: 'secret-token-value' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a reference to an environment variable, which loadConfig resolves
      overrides: { sources: [{ id: 'committee', connector: 'committee-api', config: { baseUrl: 'http://127.0.0.1:1/api', token: '${COMMITTEE_TOKEN}' }, schedule: '15m' }] },
    });
    Object.assign(h.hub, { sources: resolveSources(config, CONNECTORS, { COMMITTEE_TOKEN: 'secret-token-value' }) });
  });
  afterAll(async () => h?.close());

  it('lists dead letters with reason codes and masked payloads, filtered and paged', async () => {
    const all = dataOf(await h.gql('{ deadLetters(first: 100) { totalCount nodes { id source stream reason stage message payloadJson positionJson status } } }'));
    expect(all.deadLetters.totalCount).toBeGreaterThan(5);
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/);
    expect(text).not.toContain('v1:');
    const reasons = new Set(all.deadLetters.nodes.map((n: { reason: string }) => n.reason));
    expect(reasons.has('INVALID_ID_CHECKSUM')).toBe(true);
    const only = dataOf(await h.gql('query($r: [String!]) { deadLetters(filter: { reason: $r }, first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { reason } } }', { r: ['INVALID_ID_CHECKSUM'] }));
    expect(only.deadLetters.nodes.every((n: { reason: string }) => n.reason === 'INVALID_ID_CHECKSUM')).toBe(true);
    expect(only.deadLetters.totalCount).toBe(all.deadLetters.nodes.filter((n: { reason: string }) => n.reason === 'INVALID_ID_CHECKSUM').length);
  });

  it('lists sync runs newest first', async () => {
    const d = dataOf(await h.gql('{ syncRuns(first: 5) { nodes { source mode status recordsRead recordsApplied recordsSkipped deadLetters recordsParked recordsUnparked } } }'));
    const run = d.syncRuns.nodes[0];
    expect(run).toMatchObject({ source: 'demo', mode: 'demo:tiny', status: 'SUCCEEDED' });
    // the demo's records naming a person rejected on purpose wait for that person: parked, not dead-lettered
    expect(run.recordsParked).toBeGreaterThan(0);
    expect(run.recordsRead).toBe(run.recordsApplied + run.recordsSkipped + run.deadLetters + run.recordsParked);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from parked_record`.execute(h.hub.db);
    expect(run.recordsParked - run.recordsUnparked).toBe(rows[0]!.n);
  });

  it('shows configured sources with their secrets replaced', async () => {
    const d = dataOf(await h.gql('{ sources { id connector streams { name } configJson scheduleSeconds openDeadLetters lastRuns { status } cursors { stream } } }'));
    expect(d.sources).toHaveLength(1);
    expect(d.sources[0]).toMatchObject({ id: 'committee', connector: 'committee-api', scheduleSeconds: 900, openDeadLetters: 0, lastRuns: [], cursors: [] });
    expect(JSON.parse(d.sources[0].configJson).token).toBe('***');
    expect(JSON.stringify(d)).not.toContain('secret-token-value');
  });

  it('shows the ingest workers\' consumer lag per partition and per source', async () => {
    await h.hub.db
      .insertInto('consumed_offset')
      .values([
        { consumer_group: 'huiju-ingest', topic: 'huiju.raw.committee', partition: 0, next_offset: 90, high_watermark: 100 },
        { consumer_group: 'huiju-ingest', topic: 'huiju.raw.committee', partition: 1, next_offset: 50, high_watermark: 50 },
        { consumer_group: 'other', topic: 'huiju.raw.committee', partition: 0, next_offset: 3_000_000_000, high_watermark: 3_000_000_007 },
      ])
      .execute();
    const d = dataOf(await h.gql('{ consumerLag(source: "committee", group: "huiju-ingest") { group topic source partition nextOffset highWatermark lag updatedAt } sources { id lag other: lag(group: "other") } }'));
    expect(d.consumerLag.map((p: { partition: number; lag: number }) => [p.partition, p.lag])).toEqual([
      [0, 10],
      [1, 0],
    ]);
    expect(d.consumerLag[0]).toMatchObject({ group: 'huiju-ingest', topic: 'huiju.raw.committee', source: 'committee', nextOffset: 90, highWatermark: 100 });
    expect(d.sources[0]).toMatchObject({ id: 'committee', lag: 10, other: 7 });
    const all = dataOf(await h.gql('{ consumerLag { group nextOffset } }'));
    expect(all.consumerLag).toHaveLength(3);
    expect(all.consumerLag.find((p: { group: string }) => p.group === 'other').nextOffset).toBe(3_000_000_000);
  });

  it('refuses callers who are not operators, with a coded error', async () => {
    for (const field of ['deadLetters { totalCount }', 'syncRuns { totalCount }', 'sources { id }', 'consumerLag { lag }']) {
      const r = await h.gql(`{ ${field} }`, {}, { role: 'STREET_STAFF', areaScope: ['420102002000'], subject: 'test-street' });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
