/**
 * Source, stream and external ids are the connector's text: whatever characters they hold (quotes,
 * backslashes, newlines, tabs, non-ASCII), the write path stores them exactly in the lineage
 * (`source_record`, written from JSON parameters), and the version guard recognises the record
 * again by its `sourceRecordKey` (the same record twice is unchanged; a newer version moves its
 * lineage row, never adds a second one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceRecordKey } from '../../src/domain/source-record-key';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const SOURCE = 'src "quoted" \\ back';
const STREAM = 'areas\nsecond line';
const IDS = ['ext "1" \\ with\nnewline\tand tab', '社区 "二" \\\\ }{"n":0}', 'ends with \\'];

function rec(externalId: string, code: string, version: string): MappedRecord {
  const changes = [change('adminArea', { code, name: `省 ${externalId}`, level: 'province', parentCode: null })];
  return { kind: 'mapped', source: SOURCE, stream: STREAM, externalId, version, payload: { externalId, changes }, changes };
}

describe('sourceRecordKey', () => {
  it('keeps records apart whose parts only differ in where they split', () => {
    expect(sourceRecordKey({ source: 'ab', stream: 'c', externalId: 'd' })).not.toBe(sourceRecordKey({ source: 'a', stream: 'bc', externalId: 'd' }));
    expect(sourceRecordKey({ source: 'a', stream: 'b', externalId: 'c' })).toBe(sourceRecordKey({ source: 'a', stream: 'b', externalId: 'c' }));
  });
});

describe.each(availableStoreKinds())('ids with quotes, backslashes and newlines on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
  });
  afterAll(async () => hub?.destroy());

  const lineage = () => hub.db.selectFrom('source_record').select(['source', 'stream', 'external_id', 'source_version']).where('source', '=', SOURCE).orderBy('external_id').execute();

  it('stores them exactly in the lineage and recognises the records again', async () => {
    const first = IDS.map((id, i) => rec(id, `4${i + 1}0000`, '2026-06-01T00:00:00.000Z'));
    expect(await ingestBatch(hub.db, first, { vault: hub.vault })).toMatchObject({ applied: 3, deadLetters: 0 });
    const rows = await lineage();
    expect(rows.map((r) => [r.source, r.stream, r.external_id])).toEqual([...IDS].sort().map((id) => [SOURCE, STREAM, id]));

    // the same records again: the version guard finds them by their key
    expect(await ingestBatch(hub.db, first, { vault: hub.vault })).toMatchObject({ applied: 0, unchanged: 3, deadLetters: 0 });

    // a newer version of each, with a new name: lineage rows move (no second row per record)
    const second = IDS.map((id, i) => ({ ...rec(id, `4${i + 1}0000`, '2026-06-02T00:00:00.000Z'), changes: [change('adminArea', { code: `4${i + 1}0000`, name: `新 ${id}`, level: 'province', parentCode: null })] }));
    expect(await ingestBatch(hub.db, second, { vault: hub.vault })).toMatchObject({ applied: 3, deadLetters: 0 });
    const after = await lineage();
    expect(after).toHaveLength(3);
    expect(after.map((r) => new Date(r.source_version).toISOString())).toEqual(['2026-06-02T00:00:00.000Z', '2026-06-02T00:00:00.000Z', '2026-06-02T00:00:00.000Z']);
  });
});
