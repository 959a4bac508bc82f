import { afterAll, describe, expect, it } from 'vitest';
import { organizationOf } from '../../connectors/committee-api/organization-refs';
import { orgCodeCheckChar, usccCheckChar } from '../../src/domain/uscc';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { parkedTotal } from '../../src/ingest/park/parked-records.repository';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * Organisations across sources, issue #13 follow-up B2 (src/ingest/write/identity/README.md,
 * "Organisations"):
 * - units sent in one batch with the areas they lie in are keyed with those areas' names;
 * - a firm registered in another city (its USCC's area) is the firm named in full where it works;
 * - a record that names a firm by USCC only resolves to the row that took that USCC under a name
 *   key — also when it was parked before the firm's registration arrived;
 * - a mention never renames a registered unit.
 */

const V1 = '2026-06-01T08:00:00+08:00';
const XINGFU = '420102002003'; // 幸福社区, 大智街道
const YOUYI = '420102002004'; // 友谊社区, 大智街道

function rec(source: string, stream: string, externalId: string, changes: CanonicalChange[]): MappedRecord {
  return { kind: 'mapped', source, stream, externalId, version: V1, payload: { externalId, changes, version: V1 }, changes };
}

/** A valid USCC from its first 16 characters. */
function uscc(first16: string): string {
  const first17 = `${first16}${orgCodeCheckChar(first16.slice(8, 16))}`;
  return `${first17}${usccCheckChar(first17)}`;
}

const AREAS: CanonicalChange[] = [
  change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null }),
  change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' }),
  change('adminArea', { code: '420102', name: '江岸区', level: 'district', parentCode: '420100' }),
  change('adminArea', { code: '420102002', name: '大智街道', level: 'street', parentCode: '420102' }),
  change('adminArea', { code: XINGFU, name: '幸福社区', level: 'community', parentCode: '420102002' }),
  change('adminArea', { code: YOUYI, name: '友谊社区', level: 'community', parentCode: '420102002' }),
];
const places = AREAS.map((c, i) => rec('frame', 'areas', `a-${i}`, [c]));

const mention = (id: string, name: string, community: string) => rec('committee', 'cases', id, [organizationOf(name, null, community).change]);
const registered = (id: string, org: Record<string, unknown>) => rec('registry', 'organizations', id, [change('organization', org as never)]);
/** A project that names its firm by USCC only (as a repair order names the publishing firm). */
const projectOf = (id: string, code: string, firmUscc: string) =>
  rec('property', 'events', id, [change('propertyProject', { code, name: `${code}小区`, communityCode: XINGFU, company: { uscc: firmUscc, name: '', kind: 'PROPERTY_COMPANY' } })]);

describe.each(availableStoreKinds())('organisations across sources on %s', (kind) => {
  const hubs: TestHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.destroy().catch(() => {});
  });
  const freshHub = async (withPlaces = true) => {
    const hub = await createTestHub(kind);
    hubs.push(hub);
    if (withPlaces) expect(await ingestBatch(hub.db, places, hubIngestOptions(hub))).toMatchObject({ deadLetters: 0 });
    return hub;
  };
  const ingest = async (hub: TestHub, records: MappedRecord[]) => {
    const r = await ingestBatch(hub.db, records, hubIngestOptions(hub));
    expect(r).toMatchObject({ deadLetters: 0 });
    return r;
  };
  const landedOn = async (hub: TestHub) =>
    new Map((await hub.db.selectFrom('source_record').select(['external_id', 'entity_id']).where('entity', '=', 'organization').execute()).map((r) => [r.external_id, r.entity_id]));

  it('keys units sent with their areas in one batch by those areas’ names, so later mentions find them', async () => {
    const hub = await freshHub(false);
    await ingest(hub, [
      ...places,
      registered('rc', { name: '武汉市江岸区大智街道幸福社区居民委员会', kind: 'RESIDENTS_COMMITTEE', areaCode: XINGFU, uscc: uscc('5542010257700041') }),
      registered('so', { name: '武汉市江岸区人民政府大智街道办事处', kind: 'STREET_OFFICE', areaCode: '420102002', uscc: uscc('1142010257700042') }),
    ]);
    const keys = await hub.db.selectFrom('organization').select(['match_name', 'match_scope']).orderBy('match_name').execute();
    expect(keys).toEqual([
      { match_name: 'RESIDENTS_COMMITTEE|幸福', match_scope: '420102002000' },
      { match_name: 'STREET_OFFICE|大智', match_scope: '420102000000' },
    ]);
    await ingest(hub, [mention('m-rc', '幸福社区居委会', XINGFU), mention('m-so', '大智街道办', YOUYI)]);
    const on = await landedOn(hub);
    expect(on.get('m-rc')).toBe(on.get('rc'));
    expect(on.get('m-so')).toBe(on.get('so'));
    expect(await hub.db.selectFrom('organization').select('id').execute()).toHaveLength(2);
  });

  describe.each([
    ['registered first', (r: MappedRecord, m: MappedRecord[]) => [[r], m]],
    ['mentions first', (r: MappedRecord, m: MappedRecord[]) => [m, [r]]],
    ['one batch', (r: MappedRecord, m: MappedRecord[]) => [[r, ...m]]],
  ] as const)('a firm registered in another city, %s', (_order, batches) => {
    it('is the firm named in full where it works; another name stays apart', async () => {
      const hub = await freshHub();
      const fuzhou = uscc('9135010057700051');
      const firm = registered('f-reg', { uscc: fuzhou, name: '福州善邻物业服务有限公司', kind: 'PROPERTY_COMPANY' });
      const named = [mention('f-1', '福州善邻物业服务有限公司', XINGFU), mention('f-2', '福州善邻物业服务有限公司', YOUYI)];
      for (const batch of batches(firm, named)) await ingest(hub, batch);
      // a firm of another legal form (another registration) is not the registered one
      await ingest(hub, [mention('f-3', '福州善邻物业服务股份有限公司', XINGFU)]);
      const on = await landedOn(hub);
      expect(on.get('f-1')).toBe(on.get('f-reg'));
      expect(on.get('f-2')).toBe(on.get('f-reg'));
      expect(on.get('f-3')).not.toBe(on.get('f-reg'));
      const row = await hub.db.selectFrom('organization').select(['uscc', 'name']).where('id', '=', on.get('f-reg')!).executeTakeFirstOrThrow();
      expect(row).toEqual({ uscc: fuzhou, name: '福州善邻物业服务有限公司' });
      const methods = await hub.db
        .selectFrom('source_record as s')
        .innerJoin('match as m', 'm.source_record_id', 's.id')
        .select(['m.method'])
        .where('s.entity', '=', 'organization')
        .where('s.external_id', 'in', ['f-reg', 'f-1', 'f-2'])
        .execute();
      expect(methods.map((m) => m.method)).toContain('legal-name');
    });
  });

  it('resolves a reference by USCC to the name-keyed row that took it, and applies a record parked for it', async () => {
    const hub = await freshHub();
    const firm = uscc('9142010257700061');
    await ingest(hub, [mention('m-1', '武汉长盛物业管理有限公司', XINGFU)]);
    // the project names its firm by USCC only, before any record says which firm has that USCC: it waits
    const first = await ingest(hub, [projectOf('p-1', 'CS01', firm)]);
    expect(first).toMatchObject({ applied: 0, parked: 1 });
    expect(await parkedTotal(hub.db)).toBe(1);
    // the registration lands on the mention's row (which keeps its name key): the parked project follows
    const reg = await ingest(hub, [registered('r-1', { uscc: firm, name: '武汉长盛物业管理有限公司', kind: 'PROPERTY_COMPANY' })]);
    expect(reg.unparked).toBe(1);
    expect(await parkedTotal(hub.db)).toBe(0);
    const row = await hub.db.selectFrom('organization').select(['id', 'natural_key', 'uscc']).executeTakeFirstOrThrow();
    expect(row.natural_key.startsWith('name:')).toBe(true);
    expect(row.uscc).toBe(firm);
    // a later record naming the firm by USCC only lands at once
    expect(await ingest(hub, [projectOf('p-2', 'CS02', firm)])).toMatchObject({ applied: 1, parked: 0 });
    const companies = await hub.db.selectFrom('property_project').select(['code', 'company_id']).orderBy('code').execute();
    expect(companies).toEqual([
      { code: 'CS01', company_id: row.id },
      { code: 'CS02', company_id: row.id },
    ]);
    expect(await hub.db.selectFrom('organization').select('id').execute()).toHaveLength(1);
  });

  it('never lets a mention rename a registered firm, in either arrival order', async () => {
    const hub = await freshHub();
    const anju = uscc('9142010257700071');
    const reg = registered('a-reg', { uscc: anju, name: '武汉安居物业服务有限公司', kind: 'PROPERTY_COMPANY' });
    await ingest(hub, [reg]);
    await ingest(hub, [mention('a-1', '安居物业', XINGFU)]);
    await ingest(hub, [mention('a-2', '安居物业服务有限公司', YOUYI)]);
    const firm = async () => hub.db.selectFrom('organization').select(['name', 'name_norm', 'former_names']).where('uscc', '=', anju).executeTakeFirstOrThrow();
    expect(await firm()).toEqual({ name: '武汉安居物业服务有限公司', name_norm: '武汉安居物业服务有限公司', former_names: [] });

    // the mention first: the registration's name replaces the mention's, and stays
    const hub2 = await freshHub();
    const heping = uscc('9142010257700072');
    await ingest(hub2, [mention('h-1', '和平物业', XINGFU)]);
    await ingest(hub2, [registered('h-reg', { uscc: heping, name: '武汉和平物业服务有限公司', kind: 'PROPERTY_COMPANY' })]);
    await ingest(hub2, [mention('h-2', '和平物业服务有限公司', YOUYI)]);
    const rows = await hub2.db.selectFrom('organization').select(['name', 'uscc']).execute();
    expect(rows).toEqual([{ name: '武汉和平物业服务有限公司', uscc: heping }]);

    // one batch: the registered record creates the row, the mention attaches without renaming it
    const hub3 = await freshHub();
    await ingest(hub3, [mention('b-1', '安居物业', XINGFU), reg]);
    expect(await hub3.db.selectFrom('organization').select(['name', 'uscc']).execute()).toEqual([{ name: '武汉安居物业服务有限公司', uscc: anju }]);
  });
});
