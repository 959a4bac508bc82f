import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committeeApiConnector } from '../../../connectors/committee-api/index';
import { isHuijuError } from '../../../src/errors';
import type { ConnectorContext, ConnectorDefinition, StreamDefinition } from '../../../src/sdk/connector';
import { loadManifestConnector } from '../../../src/sdk/manifest/index';
import { startFakeCommitteePlatform, type FakeCommitteePlatform } from '../../support/fake-committee-platform';
import { describeConformance } from '../conformance-suite';

/**
 * The committee-api connector written as a manifest (connectors/committee-api/committee-api.manifest.yaml,
 * no TypeScript) passes the one conformance suite with the coded edition's fixtures: the same fake
 * platform with its 429s, 500/503s, expiring token and page-edge repeats, the same good and bad
 * configs, the same expected counts for all four streams.
 */
const MANIFEST = fileURLToPath(new URL('../../../connectors/committee-api/committee-api.manifest.yaml', import.meta.url));
const manifestConnector = loadManifestConnector(MANIFEST);

describeConformance([{ connector: manifestConnector, conformance: async () => (await import('../../../connectors/committee-api/conformance')).conformance }]);

/** Outcome of a mapping: the changes, or the reason code it dead-letters with. */
function outcome(map: () => unknown): unknown {
  try {
    return { changes: map() };
  } catch (err) {
    if (isHuijuError(err)) return { deadLetter: err.code };
    throw err;
  }
}

describe('committee-api manifest edition against the coded edition', () => {
  let platform: FakeCommitteePlatform;
  beforeAll(async () => {
    platform = await startFakeCommitteePlatform({ profile: 'tiny', seed: 'huiju' });
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('has the same streams, keys, cursor fields and personal-field declarations', () => {
    const shape = (c: ConnectorDefinition) => c.streams.map((s) => ({ name: s.name, primaryKey: s.primaryKey, cursorField: s.cursorField, personalFields: s.personalFields }));
    expect(shape(manifestConnector)).toEqual(shape(committeeApiConnector));
  });

  it('reads the same records with the same cursors and maps every one to the same changes or the same dead-letter reason', async () => {
    const raw = { baseUrl: platform.baseUrl, token: platform.token, clientId: platform.clientId, clientSecret: platform.clientSecret, pageSize: 4, retryBaseDelayMs: 10, timeoutMs: 5_000 };
    const silent = { debug() {}, info() {}, warn() {} };
    const ctx = <C>(config: C): ConnectorContext<C> => ({ config, sourceId: 'manifest-vs-coded', signal: new AbortController().signal, baseDir: process.cwd(), logger: silent });
    const mConfig = manifestConnector.config.parse(raw);
    const cConfig = committeeApiConnector.config.parse(raw);
    let compared = 0;
    for (const stream of manifestConnector.streams) {
      const coded = committeeApiConnector.streams.find((s) => s.name === stream.name)!;
      const collect = async (s: StreamDefinition, config: unknown) => {
        const out: { records: unknown[]; cursors: unknown[] } = { records: [], cursors: [] };
        for await (const m of s.read(ctx(config), null)) {
          if (m.type === 'record') out.records.push(m.data);
          if (m.type === 'checkpoint') out.cursors.push(m.cursor);
        }
        return out;
      };
      const fromManifest = await collect(stream, mConfig);
      const fromCode = await collect(coded, cConfig);
      expect(fromManifest.records, stream.name).toEqual(fromCode.records);
      expect(fromManifest.cursors.at(-1), stream.name).toEqual(fromCode.cursors.at(-1));
      for (const record of fromManifest.records) {
        expect(stream.externalId(record)).toBe(coded.externalId(record));
        expect(stream.version(record, '2000-01-01T00:00:00Z')).toBe(coded.version(record, '2000-01-01T00:00:00Z'));
        expect(outcome(() => stream.map(record, { config: mConfig, sourceId: 'x' })), `${stream.name} ${stream.externalId(record)}`).toEqual(
          outcome(() => coded.map(record, { config: cConfig, sourceId: 'x' })),
        );
        compared++;
      }
    }
    expect(compared).toBe(82);
  });
});
