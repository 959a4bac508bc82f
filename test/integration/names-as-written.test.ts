import type { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_CALLER } from '../../src/auth/caller';
import { citizenIdCheckChar } from '../../src/domain/citizen-id';
import { normalizeName } from '../../src/domain/normalize';
import { createHubContext, type HubContext } from '../../src/graphql/context';
import { createHubApolloServer } from '../../src/graphql/server/apollo-server';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * Issue #13, "names kept as written": names and other display text go through the write path and
 * come out of GraphQL exactly as the source wrote them (full-width brackets, Traditional
 * characters, middle dots, ideographic spaces, mixed scripts), while match keys, `name_norm` and
 * search still treat every spelling as one.
 */

const V1 = '2026-06-01T08:00:00+08:00';
const V2 = '2026-06-02T08:00:00+08:00';
const V3 = '2026-06-03T08:00:00+08:00';

const COMMUNITY = '420102002003';
const GRID = '420102002003001';
const USCC = '91420684MA4927PJ7B';

const idOf = (first17: string) => `${first17}${citizenIdCheckChar(first17)}`;
const ID_A = idOf('42010219900307001');
const ID_B = idOf('42010219851120002');
const ID_C = idOf('42010219771201003');

/** Display values as sources write them: none of them is in its normalised form. */
const W = {
  grid: '第一网格（測試）',
  partyOrg: '幸福社區黨支部（第二）',
  dutyItem: '老舊小區改造　協調（測）',
  org: '武汉市江岸区幸福社区志愿者协会（测）',
  orgFormer: '幸福社區志願者協會（舊）',
  orgRenamed: '幸福社区志愿服务协会（测）',
  orgRespelled: '幸福社区志愿服务协会(测)',
  project: '幸福花園（二期）',
  buildingAddress: '幸福花園（二期）３棟',
  personA: '买买提・艾力',
  personB: '张\u3000三',
  personC: 'Anna 李·Smith',
  activityTitle: '“学雷锋”志願服務（第３期）',
  caseTitle: '樓道堆物（３棟）',
  caseContent: '３棟２單元樓道堆物\n請儘快處理',
} as const;

function rec(source: string, stream: string, externalId: string, changes: CanonicalChange[], version = V1): MappedRecord {
  return { kind: 'mapped', source, stream, externalId, version, payload: { externalId, version, changes }, changes };
}

const areas: MappedRecord[] = [
  rec('s1', 'areas', 'all', [
    change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null }),
    change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' }),
    change('adminArea', { code: '420102', name: '江岸区', level: 'district', parentCode: '420100' }),
    change('adminArea', { code: '420102002', name: '大智街道', level: 'street', parentCode: '420102' }),
    change('adminArea', { code: COMMUNITY, name: '幸福社區（测）', level: 'community', parentCode: '420102002' }),
  ]),
];

const org = (name: string, version: string, formerNames?: string[]) =>
  rec('s3', 'orgs', 'org-1', [change('organization', { kind: 'SOCIAL_ORG', uscc: USCC, name, address: '江岸区幸福路１号（东门）', ...(formerNames ? { formerNames } : {}) })], version);

const records: MappedRecord[] = [
  rec('s1', 'grids', 'g1', [change('grid', { code: GRID, name: W.grid, communityCode: COMMUNITY })]),
  rec('s1', 'party', 'po1', [change('partyOrg', { code: 'PO-1', name: W.partyOrg, level: 'BRANCH', areaCode: COMMUNITY })]),
  rec('s1', 'duty', 'd1', [change('dutyItem', { code: 'D-1', streetCode: '420102002', name: W.dutyItem, listType: 'RESPONSIBILITY', powerCategory: '其他權力', responsibleUnit: '江岸區住建局（城建科）' })]),
  org(W.org, V1, [W.orgFormer, '幸福社区志愿者协会 (旧)']),
  rec('s4', 'projects', 'p1', [
    change('propertyProject', { code: 'P-1', name: W.project, communityCode: COMMUNITY }),
    change('building', { communityCode: COMMUNITY, projectCode: 'P-1', buildingNo: '３棟', address: W.buildingAddress }),
  ]),
  rec('s1', 'residents', 'a', [change('person', { idNumber: ID_A, name: W.personA, ethnicity: '維吾爾族' })]),
  rec('s1', 'residents', 'b', [change('person', { idNumber: ID_B, name: W.personB })]),
  rec('s1', 'residents', 'c', [change('person', { idNumber: ID_C, name: W.personC })]),
  rec('s2', 'activities', 'act-1', [change('activity', { key: 'ACT-1', type: '志願服務', title: W.activityTitle, areaCode: COMMUNITY, participants: [{ personIdNumber: ID_A, hours: 2 }] })]),
  rec('s2', 'cases', 'c-1', [
    change('case', { sourceSystem: 'committee', sourceNo: 'C-1', kind: 'APPEAL', category: '物業管理', title: W.caseTitle, content: W.caseContent, address: '幸福花園３棟２單元５０１', communityCode: COMMUNITY, status: 'REPORTED', reportedAt: V1 }),
  ]),
];

describe.each(availableStoreKinds())('names kept as written (%s)', (kind) => {
  let hub: TestHub;
  let server: ApolloServer<HubContext>;
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await server.executeOperation({ query, variables }, { contextValue: createHubContext(hub, DEVELOPMENT_CALLER) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(errors)}`);
    return data as any;
  };

  beforeAll(async () => {
    hub = await createTestHub(kind);
    expect(await ingestBatch(hub.db, areas, { vault: hub.vault })).toMatchObject({ applied: 1, deadLetters: 0 });
    expect(await ingestBatch(hub.db, records, { vault: hub.vault })).toMatchObject({ applied: records.length, deadLetters: 0 });
    server = createHubApolloServer(hub);
    await server.start();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await hub?.destroy();
  });

  it('returns every display name through GraphQL exactly as written', async () => {
    const d = await gql(`{
      area(code: "${COMMUNITY}") { name }
      grid(code: "${GRID}") { name }
      partyOrgs(filter: { area: "${COMMUNITY}" }) { nodes { name } }
      dutyItems(filter: { area: "420102002" }) { nodes { name powerCategory responsibleUnit } }
      organizations(filter: { name: "志愿者协会" }) { nodes { name formerNames address } }
      activities { nodes { title type } }
      cases { nodes { title content category address } }
    }`);
    expect(d.area.name).toBe('幸福社區（测）');
    expect(d.grid.name).toBe(W.grid);
    expect(d.partyOrgs.nodes.map((n: any) => n.name)).toEqual([W.partyOrg]);
    // the duty item's name and responsible unit are display text; its power category a vocabulary
    expect(d.dutyItems.nodes).toEqual([{ name: W.dutyItem, powerCategory: '其他权力', responsibleUnit: '江岸區住建局（城建科）' }]);
    // one spelling of a former name only: the second differs from the first in spacing and width
    expect(d.organizations.nodes).toEqual([{ name: W.org, formerNames: [W.orgFormer], address: '江岸区幸福路１号（东门）' }]);
    expect(d.activities.nodes).toEqual([{ title: W.activityTitle, type: '志愿服务' }]);
    // the address as written, cut to the building for display (Traditional and full-width tokens too)
    expect(d.cases.nodes).toEqual([{ title: W.caseTitle, content: W.caseContent, category: '物业管理', address: '幸福花園３棟' }]);
    const project = await hub.db.selectFrom('property_project').select(['name', 'name_norm']).executeTakeFirstOrThrow();
    expect(project).toEqual({ name: W.project, name_norm: '幸福花园(二期)' });
    const building = await hub.db.selectFrom('building').select(['address', 'address_norm', 'building_no']).executeTakeFirstOrThrow();
    expect(building.address).toBe(W.buildingAddress);
    expect(building.address_norm).toBe('幸福花园(二期)3栋');
  });

  it('stores person names as written, shows them masked, and reveals them unchanged', async () => {
    const rows = await hub.db.selectFrom('person').select(['id', 'name', 'name_norm', 'ethnicity']).orderBy('name_norm').execute();
    expect(rows.map((r) => [r.name, r.name_norm]).sort()).toEqual(
      [
        [W.personA, '买买提·艾力'],
        [W.personB, '张三'],
        [W.personC, 'Anna李·Smith'],
      ].sort(),
    );
    expect(rows.find((r) => r.name === W.personA)?.ethnicity).toBe('维吾尔族');
    // found by the normal form, shown masked, revealed as written
    const found = await gql(`query($n: String!) { persons(filter: { name: $n }) { nodes { id name } } }`, { n: '买买提·艾力' });
    expect(found.persons.nodes).toHaveLength(1);
    expect(found.persons.nodes[0].name).not.toContain('艾力');
    const revealed = await gql(`mutation($id: ID!) { revealPerson(id: $id, reason: "核对登记姓名写法") { name } }`, { id: found.persons.nodes[0].id });
    expect(revealed.revealPerson.name).toBe(W.personA);
    const spaced = await gql(`query($n: String!) { persons(filter: { name: $n }) { totalCount } }`, { n: '张三' });
    expect(spaced.persons.totalCount).toBe(1);
  });

  it('finds names written in full-width or Traditional form by the normal form, and by the written one', async () => {
    const count = async (field: string, name: string, extra = '') => (await gql(`query($n: String!) { ${field}(filter: { name: $n ${extra} }) { totalCount } }`, { n: name }))[field].totalCount;
    for (const q of ['幸福社区志愿者协会(测)', '幸福社區志願者協會（測）', W.org]) expect(await count('organizations', q), q).toBe(1);
    for (const q of ['第一网格(测试)', W.grid]) expect(await count('grids', q), q).toBe(1);
    for (const q of ['幸福社区党支部(第二)', W.partyOrg]) expect(await count('partyOrgs', q), q).toBe(1);
    for (const q of ['老旧小区改造协调(测)', W.dutyItem]) expect(await count('dutyItems', q), q).toBe(1);
    for (const q of ['幸福社区(测)', '幸福社區（測）']) expect(await count('areas', q), q).toBe(1);
    // a name it is not finds nothing
    expect(await count('organizations', '幸福社区志愿者协会(旧)')).toBe(0);
  });

  it('keys every spelling of a name alike: another spelling lands on the same row', async () => {
    const before = await hub.db.selectFrom('person').select('id').execute();
    // the person's mobile arrives with another spelling of the name; a reporter known by name +
    // mobile only, in a third spelling, is matched to them: the evidence compares name_norm
    const withMobile = rec('s1', 'residents', 'b2', [change('person', { idNumber: ID_B, name: '張 三', mobile: '13912345678' })], V2);
    expect(await ingestBatch(hub.db, [withMobile], { vault: hub.vault })).toMatchObject({ applied: 1, deadLetters: 0 });
    const reporter = rec('s2', 'cases', 'c-2', [
      change('person', { name: '张　三', mobile: '139 1234 5678' }),
      change('case', { sourceSystem: 'committee', sourceNo: 'C-2', kind: 'APPEAL', category: '物业管理', reporter: { name: '张　三', mobile: '139 1234 5678' }, communityCode: COMMUNITY, status: 'REPORTED', reportedAt: V2 }),
    ], V2);
    expect(await ingestBatch(hub.db, [reporter], { vault: hub.vault })).toMatchObject({ applied: 1, deadLetters: 0 });
    const after = await hub.db.selectFrom('person').select('id').execute();
    expect(after).toHaveLength(before.length);
    const c2 = await hub.db.selectFrom('case_record').innerJoin('person', 'person.id', 'case_record.reporter_person_id').select(['person.name', 'person.name_norm']).where('source_no', '=', 'C-2').executeTakeFirstOrThrow();
    expect(c2.name_norm).toBe('张三');
    expect(normalizeName(c2.name)).toBe('张三');
  });

  it('keeps a renamed organisation’s old name as written, and a new spelling of the same name is no former name', async () => {
    expect(await ingestBatch(hub.db, [org(W.orgRenamed, V2)], { vault: hub.vault })).toMatchObject({ applied: 1 });
    let row = await hub.db.selectFrom('organization').select(['name', 'name_norm', 'former_names']).where('uscc', '=', USCC).executeTakeFirstOrThrow();
    expect(row.name).toBe(W.orgRenamed);
    expect([...row.former_names].sort()).toEqual([W.org, W.orgFormer].sort());
    expect(await ingestBatch(hub.db, [org(W.orgRespelled, V3)], { vault: hub.vault })).toMatchObject({ applied: 1 });
    row = await hub.db.selectFrom('organization').select(['name', 'name_norm', 'former_names']).where('uscc', '=', USCC).executeTakeFirstOrThrow();
    expect(row.name).toBe(W.orgRespelled);
    expect(row.name_norm).toBe(normalizeName(W.orgRenamed));
    expect([...row.former_names].sort()).toEqual([W.org, W.orgFormer].sort());
  });

  it('is idempotent: the same records again are unchanged and rewrite no row', async () => {
    const snapshot = async () => ({
      grid: await hub.db.selectFrom('grid').select(['id', 'name', 'updated_at']).execute(),
      person: await hub.db.selectFrom('person').select(['id', 'name', 'updated_at']).orderBy('id').execute(),
      organization: await hub.db.selectFrom('organization').select(['id', 'name', 'former_names', 'updated_at']).execute(),
      building: await hub.db.selectFrom('building').select(['id', 'address', 'updated_at']).execute(),
    });
    const before = await snapshot();
    const r = await ingestBatch(hub.db, records.filter((x) => x.stream !== 'orgs'), { vault: hub.vault });
    expect(r).toMatchObject({ applied: 0, unchanged: records.length - 1, deadLetters: 0 });
    // the same content under a new version: written again, values equal, nothing respelled
    const again = records.filter((x) => x.stream !== 'orgs' && x.stream !== 'residents').map((x) => ({ ...x, version: V3, payload: { ...(x.payload as object), version: V3 } }));
    expect(await ingestBatch(hub.db, again, { vault: hub.vault })).toMatchObject({ applied: again.length, deadLetters: 0 });
    const after = await snapshot();
    expect(after.grid.map((g) => g.name)).toEqual(before.grid.map((g) => g.name));
    expect(after.building.map((b) => b.address)).toEqual([W.buildingAddress]);
    expect(after.person).toEqual(before.person);
  });

  it('never stores control characters, BOMs or Excel’s text apostrophe, and keeps the rest', async () => {
    const raw = "\uFEFF'幸福社区\u0000网格\t（二）\u200B\r\n";
    const quoted = "'老旧小区'改造网格";
    const r = await ingestBatch(
      hub.db,
      [
        rec('s1', 'grids', 'g2', [change('grid', { code: '420102002003002', name: raw, communityCode: COMMUNITY })]),
        rec('s1', 'grids', 'g3', [change('grid', { code: '420102002003003', name: quoted, communityCode: COMMUNITY })]),
      ],
      { vault: hub.vault },
    );
    expect(r).toMatchObject({ applied: 2, deadLetters: 0 });
    const rows = await hub.db.selectFrom('grid').select(['code', 'name', 'name_norm']).where('code', 'in', ['420102002003002', '420102002003003']).orderBy('code').execute();
    expect(rows).toEqual([
      { code: '420102002003002', name: '幸福社区网格 （二）', name_norm: '幸福社区网格(二)' },
      { code: '420102002003003', name: quoted, name_norm: "'老旧小区'改造网格" },
    ]);
  });
});
