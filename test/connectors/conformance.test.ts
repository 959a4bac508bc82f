import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INSTALLED_CONNECTORS, TEMPLATE_CONNECTOR } from '../../connectors/index';
import { ingestBatch, type BatchResult } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { syncSource } from '../../src/ingest/sync/run-sync';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { secretFields } from '../../src/sdk/secret';
import type { ConformanceFixture } from '../../src/sdk/conformance';
import type { ConnectorContext, JsonValue } from '../../src/sdk/connector';
import { createLogger } from '../../src/logger';
import { createTestHub, type TestHub } from '../support/test-hub';

/**
 * The one conformance suite every connector passes (and the template, so a copy starts green):
 * config schema → JSON Schema with secrets marked; check() on good and bad configs; a full run
 * over the fixtures — on a store holding the fixture's prerequisites — yields the expected
 * counts; checkpoints only move forward; a second full run changes no row; cancellation stops
 * cleanly.
 */
const ALL = [...INSTALLED_CONNECTORS, TEMPLATE_CONNECTOR];

/** The source the prerequisites' lineage names. */
const PREREQUISITES_SOURCE = 'fixture';

/**
 * Applies a fixture's prerequisites through the write path, one record per change, in one batch
 * (so they may refer to each other in any order). `null` when the fixture has none.
 */
async function applyPrerequisites(hub: TestHub, fixture: ConformanceFixture): Promise<{ count: number; result: BatchResult } | null> {
  if (!fixture.prerequisites) return null;
  const changes = await fixture.prerequisites();
  const records: MappedRecord[] = changes.map((c, i) => ({
    kind: 'mapped',
    source: PREREQUISITES_SOURCE,
    stream: 'prerequisites',
    externalId: `prerequisite-${i}`,
    version: '2000-01-01T00:00:00Z',
    payload: c,
    changes: [c],
  }));
  return { count: records.length, result: await ingestBatch(hub.db, records, { vault: hub.vault }) };
}

function context<C>(config: C, signal = new AbortController().signal): ConnectorContext<C> {
  const log = createLogger({ level: 'silent' });
  return {
    config,
    sourceId: 'conformance',
    signal,
    baseDir: process.cwd(),
    logger: { debug: (f, m) => log.debug(f, m), info: (f, m) => log.info(f, m), warn: (f, m) => log.warn(f, m) },
  };
}

describe.each(ALL.map((c) => [c.connector.id, c] as const))('connector %s', (_id, installed) => {
  const { connector } = installed;
  let fixture: ConformanceFixture;
  let setup: Awaited<ReturnType<ConformanceFixture['setup']>>;
  let hub: TestHub;
  let config: unknown;
  let prerequisites: Awaited<ReturnType<typeof applyPrerequisites>>;
  const source = (): ResolvedSource => ({ id: `conf-${connector.id}`, connector, config, displayConfig: {}, scheduleMs: null, baseDir: process.cwd() });

  beforeAll(async () => {
    fixture = await installed.conformance();
    setup = await fixture.setup();
    config = connector.config.parse(setup.config);
    hub = await createTestHub('pglite');
    prerequisites = await applyPrerequisites(hub, fixture);
  });
  afterAll(async () => {
    await setup?.teardown();
    await hub?.destroy();
  });

  it('describes its config as JSON Schema, with every secret marked', () => {
    const schema = z.toJSONSchema(connector.config, { io: 'input', unrepresentable: 'any' }) as { type?: string; properties?: Record<string, unknown> };
    expect(schema.type).toBe('object');
    for (const name of secretFields(connector.config)) expect(JSON.stringify(schema.properties?.[name])).toContain('"secret":true');
    const text = JSON.stringify(schema);
    for (const word of ['token', 'secret', 'password']) {
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        if (name.toLowerCase().includes(word)) expect(JSON.stringify(prop), `${name} must be marked secret`).toContain('"secret":true');
      }
    }
    expect(text.length).toBeGreaterThan(10);
    expect(connector.streams.length).toBeGreaterThan(0);
    for (const s of connector.streams) expect(s.description.length).toBeGreaterThan(0);
  });

  it('has prerequisites that all apply through the write path, when it has any', () => {
    if (!prerequisites) return expect(fixture.prerequisites).toBeUndefined();
    expect(prerequisites.count).toBeGreaterThan(0);
    expect({ applied: prerequisites.result.applied, deadLetters: prerequisites.result.reasons }).toEqual({ applied: prerequisites.count, deadLetters: {} });
  });

  it('passes check() with the good config and fails it, with the right kind, for each bad one', async () => {
    expect(await connector.check(context(config))).toMatchObject({ ok: true });
    expect(fixture.badConfigs.length).toBeGreaterThan(0);
    for (const bad of fixture.badConfigs) {
      const parsed = connector.config.safeParse(bad.config);
      if (!parsed.success) {
        expect(bad.kind, `${bad.name}: rejected by the schema, so it is a config problem`).toBe('config');
        continue;
      }
      expect(await connector.check(context(parsed.data)), bad.name).toMatchObject({ ok: false, kind: bad.kind });
    }
  });

  it('yields checkpoints that only move forward, and reads the same records again from scratch', async () => {
    for (const stream of connector.streams) {
      const cursors: string[] = [];
      let records = 0;
      for await (const m of stream.read(context(config), null)) {
        if (m.type === 'checkpoint') cursors.push(JSON.stringify(m.cursor));
        if (m.type === 'record' || m.type === 'failed') records += 1;
      }
      expect(new Set(cursors).size, `${stream.name}: a checkpoint repeated an earlier cursor`).toBe(cursors.length);
      // resuming from the last cursor reads nothing already read
      if (cursors.length > 0) {
        let again = 0;
        for await (const m of stream.read(context(config), JSON.parse(cursors.at(-1)!) as JsonValue)) if (m.type === 'record') again += 1;
        expect(again, `${stream.name}: resuming from the last checkpoint re-read records`).toBe(0);
      }
      expect(records).toBe(fixture.expected[stream.name]?.read ?? records);
    }
  });

  it('loads its fixtures with the expected counts, and a second full run changes no row', async () => {
    const reports = await syncSource(hub, source());
    for (const r of reports) {
      const expected = fixture.expected[r.stream];
      expect(expected, `no expectation for stream ${r.stream}`).toBeDefined();
      const letters = Object.values(r.reasons).reduce((a, b) => a + b, 0);
      expect(letters, `${r.stream}: dead letters by reason add up`).toBe(r.deadLetters);
      expect(r.applied + r.deadLetters + r.unchanged + r.stale, `${r.stream}: applied + dead letters + unchanged (or stale) = read`).toBe(r.read);
      expect({ stream: r.stream, status: r.status, read: r.read, applied: r.applied, deadLetters: r.reasons }).toEqual({
        stream: r.stream,
        status: 'SUCCEEDED',
        read: expected!.read,
        applied: expected!.applied,
        deadLetters: expected!.deadLetters,
      });
    }
    const snapshot = async () =>
      Promise.all(['person', 'household', 'organization', 'case_record', 'grid', 'activity'].map((t) => hub.db.selectFrom(t as 'person').select(['id', 'updated_at']).orderBy('id').execute()));
    const before = await snapshot();
    const letters = (await hub.db.selectFrom('dead_letter').select('id').execute()).length;
    await hub.db.deleteFrom('connector_cursor').execute();
    const again = await syncSource(hub, source());
    for (const r of again) expect(r).toMatchObject({ status: 'SUCCEEDED', applied: 0 });
    expect(await snapshot()).toEqual(before);
    expect((await hub.db.selectFrom('dead_letter').select('id').execute()).length).toBe(letters);
  });

  it('stops reading soon after it is cancelled', async () => {
    for (const stream of connector.streams) {
      const controller = new AbortController();
      controller.abort();
      let after = 0;
      for await (const m of stream.read(context(config, controller.signal), null)) if (m.type === 'record') after += 1;
      expect(after, `${stream.name} kept reading after cancellation`).toBeLessThanOrEqual(1);
    }
  });
});
