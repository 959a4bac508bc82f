import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { InstalledConnector } from '../../connectors/index';
import { ingestBatch, type BatchResult } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { syncSource } from '../../src/ingest/sync/run-sync';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { secretFields } from '../../src/sdk/secret';
import { clearValuesIn, personalValuesOf, unwithheldValues, type ConformanceFixture } from '../../src/sdk/conformance';
import { declaredValues, maskPersonalFields, PERSONAL_FIELD_KINDS, replaceDeclaredValues, type PersonalFieldKind } from '../../src/sdk/personal-fields';
import { listDeadLetters } from '../../src/ingest/dead-letter.repository';
import { expireParkedRecords } from '../../src/ingest/park/expire-parked';
import { isHuijuError } from '../../src/errors';
import type { ConnectorContext, JsonValue } from '../../src/sdk/connector';
import { createLogger } from '../../src/logger';
import { createTestHub, type TestHub } from '../support/test-hub';

/**
 * The one conformance suite every connector passes (and the template, so a copy starts green):
 * config schema → JSON Schema with secrets marked; check() on good and bad configs; a full run
 * over the fixtures — on a store holding the fixture's prerequisites — yields the expected
 * counts; checkpoints only move forward; a second full run changes no row; cancellation stops
 * cleanly; every stream declares its personal fields, and neither a masked fixture record nor a
 * stored dead letter shows a declared value or a personal value its mapping uses in clear.
 *
 * `conformance.test.ts` runs it over every installed connector and the template;
 * `scaffold.test.ts` over connectors `huiju connectors new` generates.
 */

/** Values planted into every declared field: none may survive the masking. */
const PLANTED: Record<PersonalFieldKind, string> = {
  name: '测试甲乙',
  idNumber: '110105194912310029',
  mobile: '13900001111',
  address: '测试小区9栋8单元707',
  birthDate: '1949-12-31',
  l4: '中共党员',
  withheld: '707室',
};
/** What of a planted value must be gone after masking (an address keeps its part up to the building). */
const PLANTED_CLEAR: Record<PersonalFieldKind, string> = { ...PLANTED, address: '8单元707' };

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

/** Registers the conformance suite (one `describe` per connector, named `connector <id>`). */
export function describeConformance(connectors: readonly InstalledConnector[]): void {
  describe.each(connectors.map((c) => [c.connector.id, c] as const))('connector %s', (_id, installed) => {
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
        // resuming from the last cursor reads nothing already read (every stream checkpoints its fixtures)
        expect(cursors.length, `${stream.name}: no checkpoint`).toBeGreaterThan(0);
        let again = 0;
        for await (const m of stream.read(context(config), JSON.parse(cursors.at(-1)!) as JsonValue)) if (m.type === 'record') again += 1;
        expect(again, `${stream.name}: resuming from the last checkpoint re-read records`).toBe(0);
        // every stream has an expectation: without one this would compare a count with itself
        const expectation = fixture.expected[stream.name];
        expect(expectation, `${stream.name}: the fixture has no expected counts`).toBeDefined();
        expect(records, `${stream.name}: records and failures read`).toBe(expectation!.read);
      }
    });

    it('loads its fixtures with the expected counts, and a second full run changes no row', async () => {
      const reports = await syncSource(hub, source());
      // a reference no fixture holds never arrives: what still waits at the end of the run becomes
      // an UNRESOLVED_REFERENCE dead letter once ingest.parkedFor has passed (here, at once)
      await expireParkedRecords(hub.db, hub.vault, { parkedForMs: 0, all: true });
      for (const r of reports) {
        const expected = fixture.expected[r.stream];
        expect(expected, `no expectation for stream ${r.stream}`).toBeDefined();
        const letters = Object.values(r.reasons).reduce((a, b) => a + b, 0);
        expect(letters, `${r.stream}: dead letters by reason add up`).toBe(r.deadLetters);
        expect(r.applied + r.deadLetters + r.unchanged + r.stale + r.parked, `${r.stream}: applied + dead letters + unchanged (or stale) + parked = read`).toBe(r.read);
        const reasons = { ...r.reasons };
        if (r.waiting) reasons.UNRESOLVED_REFERENCE = (reasons.UNRESOLVED_REFERENCE ?? 0) + r.waiting;
        expect({ stream: r.stream, status: r.status, read: r.read, applied: r.applied, deadLetters: reasons }).toEqual({
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

    it('declares the personal fields of every stream (`{}` when it has none)', () => {
      for (const stream of connector.streams) {
        expect(stream.personalFields, `${stream.name}: declare personalFields (an explicit {} when the records hold no personal information)`).toBeDefined();
      }
    });

    it('masks every fixture record so that no declared value and no personal value its mapping uses shows in clear', async () => {
      for (const stream of connector.streams) {
        const fields = stream.personalFields ?? {};
        let records = 0;
        for await (const m of stream.read(context(config), null)) {
          if (m.type !== 'record') continue;
          records += 1;
          let used: string[] = [];
          try {
            used = personalValuesOf(stream.map(m.data, { config, sourceId: 'conformance' }));
          } catch (err) {
            if (!isHuijuError(err)) throw err;
          }
          const clear = [...declaredValues(m.data, fields), ...used.map((value) => ({ value }))];
          const masked = maskPersonalFields(m.data, fields);
          expect(clearValuesIn(masked, clear), `${stream.name} ${JSON.stringify(m.position)}: personal values in clear (declare their fields in personalFields)`).toEqual([]);
          expect(unwithheldValues(masked, fields), `${stream.name}: withheld values shown`).toEqual([]);
          // a planted value in every declared field of the record's shape is masked too
          const planted = replaceDeclaredValues(m.data, fields, PERSONAL_FIELD_KINDS, (_v, kind) => PLANTED[kind]).value;
          const plantedKinds = new Set(declaredValues(planted, fields).map((v) => v.kind));
          expect(JSON.stringify(maskPersonalFields(planted, fields)).includes(PLANTED.withheld), `${stream.name}: a planted withheld value survived`).toBe(false);
          expect(clearValuesIn(maskPersonalFields(planted, fields), [...plantedKinds].filter((k) => k !== 'l4' && k !== 'withheld').map((k) => ({ value: PLANTED_CLEAR[k] }))), `${stream.name}: a planted value survived the masking`).toEqual([]);
        }
        expect(records, `${stream.name}: the fixtures have no record`).toBeGreaterThan(0);
      }
    });

    it('stores its fixtures\' dead letters with no declared or mapped personal value in clear (table, listDeadLetters)', async () => {
      const rows = await hub.db.selectFrom('dead_letter').select(['id', 'stream', 'stage', 'payload', 'payload_enc']).where('source', '=', source().id).execute();
      const views = new Map((await listDeadLetters(hub.db, { source: source().id, limit: 10_000 })).map((v) => [v.id, v]));
      // the dead letters are there to check: as many as the fixture expects (the load above stored them)
      const expectedLetters = Object.values(fixture.expected).reduce((n, e) => n + Object.values(e.deadLetters).reduce((a, b) => a + b, 0), 0);
      expect(rows.length, 'dead letters stored by the load').toBe(expectedLetters);
      for (const row of rows) {
        expect(views.has(row.id), `${row.stream} dead letter ${row.id} is listed`).toBe(true);
        expect(row.payload_enc, `${row.stream} dead letter ${row.id}: the clear payload is kept encrypted`).toBeTruthy();
        if (!row.payload_enc) continue;
        const stream = connector.streams.find((s) => s.name === row.stream)!;
        const clearPayload = JSON.parse(hub.vault.decrypt(row.payload_enc)) as unknown;
        let used: string[] = [];
        try {
          // a parse failure has no record shape to map
          if (row.stage !== 'PARSE') used = personalValuesOf(stream.map(clearPayload, { config, sourceId: 'conformance' }));
        } catch (err) {
          if (!isHuijuError(err)) throw err;
        }
        const clear = [...declaredValues(clearPayload, stream.personalFields ?? {}), ...used.map((value) => ({ value }))];
        expect(clearValuesIn(row.payload, clear), `${row.stream} dead letter ${row.id}: personal values in clear`).toEqual([]);
        if (row.stage !== 'PARSE') expect(unwithheldValues(row.payload, stream.personalFields ?? {}), `${row.stream} dead letter ${row.id}: withheld values shown`).toEqual([]);
        expect(clearValuesIn(views.get(row.id)?.payload, clear), `${row.stream} dead letter ${row.id} as listed`).toEqual([]);
      }
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
}
