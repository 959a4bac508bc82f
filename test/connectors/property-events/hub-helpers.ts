/**
 * What the property-events sync tests need from the hub: the admin areas S4 events are placed
 * in (S4 carries none: in production S1 or the demo loads them first), and a resolved source.
 */
import { propertyEventsConnector } from '../../../connectors/property-events/index';
import { propertyEventsConfigSchema } from '../../../connectors/property-events/property-events.config';
import { ingestBatch } from '../../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../../src/ingest/ingest-record';
import type { ResolvedSource } from '../../../src/ingest/sync/resolve-source';
import { change } from '../../../src/sdk/canonical-change';
import type { TestHub } from '../../support/test-hub';

/** 湖北省 › 武汉市 › 江岸区 › 大智街道 › 幸福社区 (420102002003, test data). */
export async function seedAreas(hub: TestHub): Promise<void> {
  const rec = (externalId: string, changes: MappedRecord['changes']): MappedRecord => ({
    kind: 'mapped',
    source: 's1-seed',
    stream: 'areas',
    externalId,
    version: '2026-01-01T00:00:00+08:00',
    payload: { externalId },
    changes,
  });
  const r = await ingestBatch(
    hub.db,
    [
      rec('hb', [change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null })]),
      rec('wh', [change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' })]),
      rec('ja', [
        change('adminArea', { code: '420102002003', name: '幸福社区', level: 'community', parentCode: '420102002', isTest: true }),
        change('adminArea', { code: '420102002', name: '大智街道', level: 'street', parentCode: '420102' }),
        change('adminArea', { code: '420102', name: '江岸区', level: 'district', parentCode: '420100' }),
      ]),
    ],
    { vault: hub.vault },
  );
  if (r.applied !== 3) throw new Error(`seeding areas applied ${r.applied} of 3 records`);
}

/** A property-events source with this config (validated by the connector's schema). */
export function propertySource(id: string, config: Record<string, unknown>): ResolvedSource {
  return {
    id,
    connector: propertyEventsConnector,
    config: propertyEventsConfigSchema.parse(config),
    displayConfig: {},
    scheduleMs: null,
    baseDir: process.cwd(),
    // the file-mode tests write their event files into temp folders; confinement is tested in store-hygiene.test.ts
    allowPathsOutside: true,
  };
}
