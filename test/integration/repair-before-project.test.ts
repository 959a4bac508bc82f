import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { mapProjectUpserted } from '../../connectors/property-events/project.mapping';
import { mapRepairEvent } from '../../connectors/property-events/repair.mapping';
import { orgCodeCheckChar, usccCheckChar } from '../../src/domain/uscc';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { listParked, parkedTotal } from '../../src/ingest/park/parked-records.repository';
import { districtFrame, FRAME_COMMUNITY } from '../support/district-frame';
import { availableStoreKinds, type TestHub, testHubs } from '../support/test-hub';

/**
 * A repair order (property-events) names its building by project + number only; the building lies
 * in the project's community, which only the project's own event says. A repair that arrives
 * before that event waits (parked) for the **project** — a key that lands with the event — and is
 * applied when it lands: in the same batch (either order), or in a later one. Nothing stays parked,
 * nothing is dead-lettered, and the repair's building is the project's listed one.
 */
const V1 = '2026-06-01T08:00:00+08:00';

function uscc(first16: string): string {
  const first17 = `${first16}${orgCodeCheckChar(first16.slice(8, 16))}`;
  return `${first17}${usccCheckChar(first17)}`;
}
const FIRM = uscc('9142010266600001');

function rec(stream: string, externalId: string, changes: MappedRecord['changes']): MappedRecord {
  return { kind: 'mapped', source: 's4', stream, externalId, version: V1, payload: { externalId, changes }, changes };
}

/** A project event through the connector's mapping, listing buildings `1`..`3`. */
function project(code: string): MappedRecord {
  const event = {
    id: `p-${code}`,
    type: 'property.project.upserted',
    source: `/firms/${FIRM}`,
    time: '2026-06-01T00:00:00Z',
    data: { project_code: code, name: `${code}花园`, community_code: FRAME_COMMUNITY, company: { uscc: FIRM, name: '湖北安顺物业管理有限公司' }, buildings: [{ no: '1' }, { no: '2' }, { no: '3' }] },
  };
  return rec('events', `project/${code}`, mapProjectUpserted(event as never));
}

/** A repair order through the connector's mapping, writing the building its own way. */
function repair(orderNo: string, projectCode: string, building: string): MappedRecord {
  const event = {
    id: orderNo,
    type: 'property.repair.created',
    source: `/firms/${FIRM}`,
    time: '2026-06-05T07:00:00Z',
    data: { order_no: orderNo, project_code: projectCode, building, unit: '2', room: '501', status: '已受理', at: '2026-06-05T15:00:00+08:00', category: '水电' },
  };
  return rec('events', `repair/${orderNo}`, mapRepairEvent(event as never));
}

describe.each(availableStoreKinds())('repair orders before their project on %s', (kind) => {
  const freshHub = testHubs(kind, async (hub) => {
    expect((await ingestBatch(hub.db, districtFrame(V1), hubIngestOptions(hub))).deadLetters).toBe(0);
  });
  /** The repair's case: its building's key and community code. */
  const placeOf = async (hub: TestHub, orderNo: string) =>
    (
      await sql<{ natural_key: string; community: string }>`
        select b.natural_key, a.code as community from case_record c join building b on b.id = c.building_id join admin_area a on a.id = b.community_id
        where c.source_system = 'property-events' and c.source_no = ${orderNo}`.execute(hub.db)
    ).rows[0];
  const count = async (hub: TestHub, table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(hub.db)).rows[0]!.n);

  it.each([
    ['repair first', (code: string) => [repair('R-1', code, '3号楼'), project(code)]],
    ['project first', (code: string) => [project(code), repair('R-1', code, '3号楼')]],
  ] as const)('one batch, %s: applied, nothing parked', async (_, batch) => {
    const hub = await freshHub();
    const r = await ingestBatch(hub.db, batch('AS-01'), hubIngestOptions(hub));
    expect(r).toMatchObject({ deadLetters: 0, parked: 0 });
    expect(await placeOf(hub, 'R-1')).toEqual({ natural_key: 'p:AS-01:3', community: FRAME_COMMUNITY });
    expect(await count(hub, 'building')).toBe(3);
    expect(await parkedTotal(hub.db)).toBe(0);
  });

  it('two batches: the repairs wait for the project (not a made-up community) and land with it', async () => {
    const hub = await freshHub();
    const first = await ingestBatch(hub.db, [repair('R-1', 'AS-02', '03栋'), repair('R-2', 'AS-02', '三幢'), repair('R-3', 'AS-02', '7')], hubIngestOptions(hub));
    expect(first).toMatchObject({ applied: 0, parked: 3, deadLetters: 0 });
    const waiting = await listParked(hub.db);
    expect(waiting.map((p) => [p.missingEntity, p.message])).toEqual(Array(3).fill(['propertyProject', 'propertyProject AS-02 not found']));
    expect(await count(hub, 'case_record')).toBe(0);

    const second = await ingestBatch(hub.db, [project('AS-02')], hubIngestOptions(hub));
    expect(second).toMatchObject({ applied: 1, deadLetters: 0, unparked: 3 });
    expect(await parkedTotal(hub.db)).toBe(0);
    expect(await count(hub, 'dead_letter')).toBe(0);
    // 03栋 and 三幢 are the project's building 3; 7 (never listed) is created in the project's community
    expect(await placeOf(hub, 'R-1')).toEqual({ natural_key: 'p:AS-02:3', community: FRAME_COMMUNITY });
    expect(await placeOf(hub, 'R-2')).toEqual({ natural_key: 'p:AS-02:3', community: FRAME_COMMUNITY });
    expect(await placeOf(hub, 'R-3')).toEqual({ natural_key: 'p:AS-02:7', community: FRAME_COMMUNITY });
    expect(await count(hub, 'building')).toBe(4);
  });
});
