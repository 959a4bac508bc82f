import type { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_CALLER } from '../../src/auth/caller';
import { createHubContext, type HubContext } from '../../src/graphql/context';
import { createHubApolloServer } from '../../src/graphql/server/apollo-server';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { survivorshipOf } from '../../src/ingest/write/survivorship';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

const V1 = '2026-06-01T08:00:00+08:00';
const V2 = '2026-06-02T08:00:00+08:00';
const ID = '420102199003070010';
const MOBILE = '13912345678';
const COMMUNITY = '420102002003';
const GRID = '420102002003001';

const policy = survivorshipOf({ survivorship: { priority: ['street-office-*'], perEntity: {} } });

function rec(source: string, stream: string, externalId: string, changes: CanonicalChange[], version: string): MappedRecord {
  return { kind: 'mapped', source, stream, externalId, version, payload: { externalId, version, changes }, changes };
}

const areas = [
  change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null }),
  change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' }),
  change('adminArea', { code: '420102', name: '江岸区', level: 'district', parentCode: '420100' }),
  change('adminArea', { code: '420102002', name: '大智街道', level: 'street', parentCode: '420102' }),
  change('adminArea', { code: COMMUNITY, name: '幸福社区', level: 'community', parentCode: '420102002' }),
  change('grid', { code: GRID, name: '第一网格', communityCode: COMMUNITY }),
];

describe.each(availableStoreKinds())('per-field provenance in GraphQL on %s', (kind) => {
  let hub: TestHub;
  let server: ApolloServer<HubContext>;
  let statements: string[] = [];
  const gql = async (query: string) => {
    const response = await server.executeOperation({ query }, { contextValue: createHubContext(hub, DEVELOPMENT_CALLER) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const result = response.body.singleResult;
    if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
    return result.data as any;
  };

  beforeAll(async () => {
    hub = await createTestHub(kind, { onQuery: (sql) => statements.push(sql) });
    const building = { communityCode: COMMUNITY, buildingNo: '3栋' };
    const r1 = await ingestBatch(
      hub.db,
      [
        rec('street-office-dazhi', 'areas', 'areas', areas, V1),
        // a source keying people by ID number: the external id must come back masked
        rec('street-office-dazhi', 'residents', `resident:${ID}`, [
          change('building', { ...building, gridCode: GRID, address: '大智路3号', floors: 7 }),
          change('household', { householdNo: 'H-1', kind: 'REGISTERED', gridCode: GRID, communityCode: COMMUNITY }),
          change('person', { idNumber: ID, name: '张三', mobile: MOBILE }),
          change('household', { householdNo: 'H-2', kind: 'RESIDENT', gridCode: GRID }),
        ], V1),
        rec('street-office-dazhi', 'orgs', 'org-1', [change('organization', { kind: 'SOCIAL_ORG', uscc: '91420684MA4927PJ7B', name: '同心社工服务中心' })], V1),
      ],
      { vault: hub.vault, survivorship: policy },
    );
    expect(r1).toMatchObject({ deadLetters: 0 });
    const r2 = await ingestBatch(
      hub.db,
      [
        rec('committee-api', 'people', 'p-1', [change('person', { idNumber: ID, name: '张叁', ethnicity: '汉族', mobile: '13800001111' })], V2),
        rec('committee-api', 'orgs', 'o-1', [change('organization', { uscc: '91420684MA4927PJ7B', name: '同心服务社', supervisor: '江岸区民政局' })], V2),
        rec('committee-api', 'buildings', 'b-1', [change('building', { ...building, units: 2, floors: 8 })], V2),
        rec('hotline-12345', 'cases', 'T-1', [
          change('case', { sourceSystem: '12345', sourceNo: 'T-1', kind: 'HOTLINE', status: 'REPORTED', reportedAt: V1, communityCode: COMMUNITY, gridCode: GRID, building, title: '楼道灯坏了' }),
        ], V2),
      ],
      { vault: hub.vault, survivorship: policy },
    );
    expect(r2).toMatchObject({ deadLetters: 0 });
    server = createHubApolloServer(hub);
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
    await hub?.destroy();
  });

  const provenanceFields = 'provenance { field source stream externalId version }';
  const byField = (list: any[]) => Object.fromEntries(list.map((p) => [p.field, p]));

  it('tells which source record supplied each field of a person, never the value', async () => {
    const data = await gql(`{ persons(first: 10) { nodes { name mobileMasked ${provenanceFields} } } }`);
    const person = data.persons.nodes[0];
    // the street office ranks higher: its name and mobile survive the committee platform's newer ones
    expect(person).toMatchObject({ name: '张*', mobileMasked: '139****5678' });
    const p = byField(person.provenance);
    expect(Object.keys(p).sort()).toEqual(['birthYear', 'ethnicity', 'idNumberMasked', 'mobileMasked', 'name', 'sex']);
    expect(p.name).toEqual({ field: 'name', source: 'street-office-dazhi', stream: 'residents', externalId: 'resident:420102***********0', version: new Date(V1).toISOString() });
    expect(p.mobileMasked).toMatchObject({ source: 'street-office-dazhi' });
    expect(p.ethnicity).toMatchObject({ source: 'committee-api', stream: 'people', externalId: 'p-1', version: new Date(V2).toISOString() });
    const text = JSON.stringify(person.provenance);
    for (const clear of [ID, MOBILE, '张三', '13800001111', '张叁']) expect(text).not.toContain(clear);
  });

  it('shows per-field provenance of organisations, buildings, households and cases', async () => {
    const data = await gql(`{
      organizations(first: 10) { nodes { name supervisor: details { ... on SocialOrgDetails { supervisor } } ${provenanceFields} } }
      grid(code: "${GRID}") {
        buildings { nodes { floors units ${provenanceFields} } }
        households { nodes { householdNo ${provenanceFields} } }
      }
      cases(first: 10) { nodes { title ${provenanceFields} } }
    }`);
    const org = data.organizations.nodes[0];
    expect(org.name).toBe('同心社工服务中心');
    expect(byField(org.provenance)).toMatchObject({ name: { source: 'street-office-dazhi' }, supervisor: { source: 'committee-api', externalId: 'o-1' } });
    const building = data.grid.buildings.nodes[0];
    expect(building).toMatchObject({ floors: 7, units: 2 });
    expect(byField(building.provenance)).toMatchObject({
      floors: { source: 'street-office-dazhi' },
      units: { source: 'committee-api' },
      grid: { source: 'street-office-dazhi' },
      community: { source: 'street-office-dazhi' },
    });
    const h1 = data.grid.households.nodes.find((h: any) => h.householdNo === 'H-1');
    expect(byField(h1.provenance)).toMatchObject({ householdNo: { source: 'street-office-dazhi' }, kind: {}, grid: {}, community: {} });
    const c = data.cases.nodes[0];
    expect(byField(c.provenance)).toMatchObject({ title: { source: 'hotline-12345', externalId: 'T-1' }, status: {}, reportedAt: {}, building: {}, grid: {} });
  });

  it('reads the provenance of a whole level in one statement', async () => {
    statements = [];
    const data = await gql(`{ grid(code: "${GRID}") { households { nodes { ${provenanceFields} } } buildings { nodes { units } } } }`);
    expect(data.grid.households.nodes).toHaveLength(2);
    expect(data.grid.households.nodes.every((h: any) => h.provenance.length > 0)).toBe(true);
    expect(statements.filter((s) => /provenance from/.test(s))).toHaveLength(1);
    statements = [];
    // a second level (the cases' buildings): one more statement, whatever the number of cases
    const both = await gql(`{ cases(first: 10) { nodes { ${provenanceFields} building { ${provenanceFields} } reporter { name } } } persons(first: 10) { nodes { name } } }`);
    expect(both.cases.nodes[0].building.provenance.length).toBeGreaterThan(0);
    expect(statements.filter((s) => /provenance from/.test(s))).toHaveLength(2);
  });
});
