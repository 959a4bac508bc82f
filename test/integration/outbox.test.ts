/**
 * Change events (outbox): the write path writes one event per canonical row a batch inserts or
 * changes, in the batch's transaction, and none for rows it leaves as they were; events carry a
 * reference and masked source keys, never personal information.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import type { ChangeEventData } from '../../src/ingest/outbox.repository';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const V1 = '2026-06-01T08:00:00+08:00';
const V2 = '2026-06-02T08:00:00+08:00';
const ID = '420102199003070010';
const MOBILE = '13912345678';
const NEW_MOBILE = '18627000000';

function rec(source: string, stream: string, externalId: string, changes: CanonicalChange[], version = V1): MappedRecord {
  return { kind: 'mapped', source, stream, externalId, version, payload: { externalId, changes }, changes };
}

const areas: MappedRecord[] = [
  rec('s1', 'areas', 'hb', [change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null })]),
  rec('s1', 'areas', 'wh', [change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' })]),
];
// the source keys its residents by ID number: the key must not reach an event in clear
const resident = (mobile: string, version: string) =>
  rec('s1', 'residents', `resident-${ID}`, [change('person', { idNumber: ID, name: '张三', mobile, birthDate: '1990-03-07' })], version);

interface EventRow {
  seq: string;
  type: string;
  entity: string;
  entity_id: string;
  payload: ChangeEventData;
  published_at: Date | null;
}

describe.each(availableStoreKinds())('change events in the outbox on %s', (kind) => {
  let hub: TestHub;
  const events = async (afterSeq = 0): Promise<EventRow[]> =>
    (await hub.db.selectFrom('outbox').selectAll().where('seq', '>', afterSeq).orderBy('seq').execute()) as unknown as EventRow[];
  const lastSeq = async () => Number((await hub.db.selectFrom('outbox').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);

  beforeAll(async () => {
    hub = await createTestHub(kind);
  });
  afterAll(async () => hub?.destroy());

  it('writes one created event per inserted row, with the records that said it', async () => {
    const r = await ingestBatch(hub.db, [...areas, resident(MOBILE, V1)], { vault: hub.vault });
    expect(r).toMatchObject({ applied: 3, deadLetters: 0, events: 3 });
    const rows = await events();
    expect(rows.map((e) => e.type).sort()).toEqual(['cn.huiju.adminArea.created', 'cn.huiju.adminArea.created', 'cn.huiju.person.created']);
    const person = await hub.db.selectFrom('person').select('id').executeTakeFirstOrThrow();
    const personEvent = rows.find((e) => e.entity === 'person')!;
    expect(personEvent.entity_id).toBe(person.id);
    expect(personEvent.published_at).toBeNull();
    expect(personEvent.payload).toEqual({
      entity: 'person',
      id: person.id,
      operation: 'created',
      sources: [{ source: 's1', stream: 'residents', externalId: 'resident-420102***********0', version: V1 }],
    });
    const city = await hub.db.selectFrom('admin_area').select('id').where('code', '=', '420100000000').executeTakeFirstOrThrow();
    expect(rows.find((e) => e.entity_id === city.id)?.payload.sources).toEqual([{ source: 's1', stream: 'areas', externalId: 'wh', version: V1 }]);
  });

  it('writes nothing when the same batch is applied again', async () => {
    const before = await lastSeq();
    const r = await ingestBatch(hub.db, [...areas, resident(MOBILE, V1)], { vault: hub.vault });
    expect(r).toMatchObject({ applied: 0, unchanged: 3, events: 0 });
    expect(await events(before)).toEqual([]);
  });

  it('writes nothing for a newer version that says the same values', async () => {
    const before = await lastSeq();
    const r = await ingestBatch(hub.db, [rec('s1', 'areas', 'wh', [change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' })], V2)], {
      vault: hub.vault,
    });
    expect(r).toMatchObject({ applied: 1, events: 0 });
    expect(await events(before)).toEqual([]);
  });

  it('writes one updated event for a changed row, and none for unchanged or stale records', async () => {
    const before = await lastSeq();
    // hb is unchanged, wh at V1 is older than the V2 already stored (stale)
    const r = await ingestBatch(hub.db, [...areas, resident(NEW_MOBILE, V2)], { vault: hub.vault });
    expect(r).toMatchObject({ applied: 1, unchanged: 1, stale: 1, events: 1 });
    const rows = await events(before);
    expect(rows.map((e) => [e.type, e.payload.operation])).toEqual([['cn.huiju.person.updated', 'updated']]);
  });

  it('keeps personal information out of every event', async () => {
    const text = JSON.stringify(await events());
    for (const clear of [ID, MOBILE, NEW_MOBILE, '张三', '1990-03-07', '+8613912345678']) expect(text).not.toContain(clear);
  });

  it('writes none when told not to (an embedded hub without Kafka), while the rows change as before', async () => {
    const before = await lastSeq();
    const mobileHash = async () => (await hub.db.selectFrom('person').select('mobile_hash').executeTakeFirstOrThrow()).mobile_hash;
    const hashBefore = await mobileHash();
    const r = await ingestBatch(hub.db, [resident('18627000001', '2026-06-03T08:00:00+08:00')], { vault: hub.vault, changeEvents: false });
    expect(r).toMatchObject({ applied: 1, events: 0 });
    expect(await events(before)).toEqual([]);
    expect(await mobileHash()).not.toBe(hashBefore);
  });

  it('writes events in the batch transaction: a batch that rolls back leaves none', async () => {
    const before = await lastSeq();
    const failing = ingestBatch(hub.db, [rec('s2', 'areas', 'js', [change('adminArea', { code: '320000', name: '江苏省', level: 'province', parentCode: null })])], {
      vault: hub.vault,
      alsoInTransaction: async () => {
        throw new Error('cursor write failed');
      },
    });
    await expect(failing).rejects.toThrow('cursor write failed');
    expect(await events(before)).toEqual([]);
    expect(await hub.db.selectFrom('admin_area').select('id').where('code', '=', '320000000000').execute()).toEqual([]);
  });
});
