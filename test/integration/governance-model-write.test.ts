import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { orgCodeCheckChar, usccCheckChar } from '../../src/domain/uscc';
import { mergeEntities, undoMerge } from '../../src/identity/merge-entities';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, type CanonicalChange, type OrganizationRef } from '../../src/sdk/canonical-change';
import { availableStoreKinds, type TestHub, testHubs } from '../support/test-hub';

/**
 * The governance model of issue #12 through the write path, on every store: a party
 * organisation's host organisation, alliance memberships (区域化党建联盟成员单位) keyed by their two
 * organisations — one row whatever spelling of a unit a source uses — and volunteer hours kept
 * as said (none stays none); a merge of two organisations moves hosts and memberships.
 */

const V1 = '2026-06-01T08:00:00+08:00';
const V2 = '2026-06-02T08:00:00+08:00';
const XINGFU = '420102002003';

function rec(stream: string, externalId: string, changes: CanonicalChange[], version = V1): MappedRecord {
  return { kind: 'mapped', source: 'test', stream, externalId, version, payload: { externalId }, changes };
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
];

const FIRM: OrganizationRef = { uscc: uscc('9142010257700061'), name: '武汉安居物业服务有限公司', kind: 'PROPERTY_COMPANY' };
const RC: OrganizationRef = { uscc: uscc('5542010257700062'), name: '武汉市江岸区大智街道幸福社区居民委员会', kind: 'RESIDENTS_COMMITTEE', areaCode: XINGFU };
const SOCIAL: OrganizationRef = { filingNo: '江岸大智社备〔2020〕00301号', name: '幸福社区邻里互助会', kind: 'SOCIAL_ORG', areaCode: XINGFU };
const ALLIANCE: OrganizationRef = { name: '幸福社区区域化党建联盟', kind: 'ALLIANCE', areaCode: XINGFU };

const frame = (): MappedRecord[] => [
  ...AREAS.map((c, i) => rec('areas', `a-${i}`, [c])),
  rec('orgs', 'firm', [change('organization', FIRM)]),
  rec('orgs', 'rc', [change('organization', RC)]),
  rec('orgs', 'social', [change('organization', SOCIAL)]),
  rec('orgs', 'alliance', [change('organization', { ...ALLIANCE, foundedOn: '2021-03-01' })]),
];

describe.each(availableStoreKinds())('the governance model through the write path on %s', (kind) => {
  const freshHub = testHubs(kind, async (hub) => {
    await ingest(hub, frame());
  });
  const ingest = async (hub: TestHub, records: MappedRecord[], deadLetters = 0) => {
    const r = await ingestBatch(hub.db, records, hubIngestOptions(hub));
    expect(r.deadLetters, JSON.stringify(r)).toBe(deadLetters);
    return r;
  };
  const orgId = async (hub: TestHub, name: string) => (await hub.db.selectFrom('organization').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const memberships = (hub: TestHub) =>
    hub.db
      .selectFrom('alliance_member as am')
      .innerJoin('organization as a', 'a.id', 'am.alliance_id')
      .innerJoin('organization as o', 'o.id', 'am.organization_id')
      .select(['a.name as alliance', 'o.name as unit', 'am.role', 'am.commitments', sql<string | null>`am.joined_on::text`.as('joined'), sql<string | null>`am.left_on::text`.as('left'), 'am.natural_key'])
      .execute()
      .then((rows) => rows.sort((a, b) => (a.natural_key < b.natural_key ? -1 : a.natural_key > b.natural_key ? 1 : 0)));

  it('writes a party organisation’s host, resolved like any organisation reference, and keeps it when a later record does not say it', async () => {
    const hub = await freshHub();
    await ingest(hub, [
      rec('party', 'p-rc', [change('partyOrg', { code: `P${XINGFU}`, name: '中共幸福社区委员会', level: 'COMMUNITY_COMMITTEE', areaCode: XINGFU, hostOrganization: RC })]),
      // the firm named by USCC only (no name the store knows): the key is the USCC
      rec('party', 'p-w', [change('partyOrg', { code: `P${XINGFU}-W01`, name: '幸福小区红色物业党支部', level: 'BRANCH', parentCode: `P${XINGFU}`, areaCode: XINGFU, hostOrganization: { uscc: FIRM.uscc, name: '安居物业' } })]),
      rec('party', 'p-g', [change('partyOrg', { code: `P${XINGFU}001`, name: '幸福社区第一网格党支部', level: 'GRID_BRANCH', parentCode: `P${XINGFU}`, areaCode: XINGFU })]),
    ]);
    const hosts = async () =>
      (await hub.db.selectFrom('party_org as po').leftJoin('organization as o', 'o.id', 'po.host_organization_id').select(['po.code', 'o.name']).execute()).map((r) => `${r.code}→${r.name ?? '-'}`).sort();
    expect(await hosts()).toEqual([`P${XINGFU}-W01→${FIRM.name}`, `P${XINGFU}001→-`, `P${XINGFU}→${RC.name}`].sort());
    expect(await hub.db.selectFrom('organization').select('id').execute()).toHaveLength(4);
    // a newer record without a host leaves the host as it is
    await ingest(hub, [rec('party', 'p-w', [change('partyOrg', { code: `P${XINGFU}-W01`, name: '幸福小区红色物业党支部', level: 'BRANCH', parentCode: `P${XINGFU}`, areaCode: XINGFU })], V2)]);
    expect(await hosts()).toContain(`P${XINGFU}-W01→${FIRM.name}`);
  });

  it('keys a membership by its two organisations: another spelling of the unit is the same membership; role, commitments and period are kept, and a left member returns', async () => {
    const hub = await freshHub();
    await ingest(hub, [
      rec('members', 'm-rc', [change('allianceMember', { alliance: ALLIANCE, organization: RC, role: 'LEAD', commitments: ['牵头召开季度联席会议', ' 牵头召开季度联席会议 ', ''], joinedOn: '2021-03-01' })]),
      rec('members', 'm-firm', [change('allianceMember', { alliance: ALLIANCE, organization: FIRM, commitments: ['红色物业服务进楼栋', '增设电动自行车充电桩'], joinedOn: '2022-05-10', leftOn: '2025-01-31' })]),
      rec('members', 'm-social', [change('allianceMember', { alliance: ALLIANCE, organization: SOCIAL, joinedOn: '2023-01-01' })]),
    ]);
    expect(await memberships(hub)).toEqual([
      { alliance: ALLIANCE.name, unit: SOCIAL.name, role: 'MEMBER', commitments: [], joined: '2023-01-01', left: null, natural_key: `name:${XINGFU}:幸福社区区域化党建联盟|filing:${SOCIAL.filingNo}` },
      { alliance: ALLIANCE.name, unit: RC.name, role: 'LEAD', commitments: ['牵头召开季度联席会议'], joined: '2021-03-01', left: null, natural_key: `name:${XINGFU}:幸福社区区域化党建联盟|uscc:${RC.uscc}` },
      { alliance: ALLIANCE.name, unit: FIRM.name, role: 'MEMBER', commitments: ['红色物业服务进楼栋', '增设电动自行车充电桩'], joined: '2022-05-10', left: '2025-01-31', natural_key: `name:${XINGFU}:幸福社区区域化党建联盟|uscc:${FIRM.uscc}` },
    ]);
    // another source names the firm by its name only (no USCC) and the committee by its short name,
    // with the organisation changes a connector sends for what it names: the identity step finds
    // the registered units, and the memberships are the same rows
    const firmByName: OrganizationRef = { name: '武汉安居物业服务有限公司', kind: 'PROPERTY_COMPANY', areaCode: XINGFU };
    const rcByName: OrganizationRef = { name: '幸福社区居委会', kind: 'RESIDENTS_COMMITTEE', areaCode: XINGFU };
    const r = await ingest(hub, [
      rec('platform', 'x-firm', [change('organization', firmByName), change('allianceMember', { alliance: ALLIANCE, organization: firmByName, commitments: ['红色物业服务进楼栋'], leftOn: null })], V2),
      rec('platform', 'x-rc', [change('organization', rcByName), change('allianceMember', { alliance: ALLIANCE, organization: rcByName })], V2),
    ]);
    expect(r).toMatchObject({ applied: 2, parked: 0 });
    const after = await memberships(hub);
    expect(after).toHaveLength(3);
    expect(await hub.db.selectFrom('organization').select('id').execute()).toHaveLength(4);
    // the newer record's commitments replace the list; `leftOn: null` clears the end; unsaid values stay
    expect(after[2]).toMatchObject({ unit: FIRM.name, commitments: ['红色物业服务进楼栋'], joined: '2022-05-10', left: null });
    expect(after[1]).toMatchObject({ unit: RC.name, role: 'LEAD', commitments: ['牵头召开季度联席会议'] });
    // both records of each membership are its lineage
    const lineage = await hub.db.selectFrom('source_record').select(['external_id']).where('entity', '=', 'allianceMember').orderBy('external_id').execute();
    expect(lineage.map((r) => r.external_id)).toEqual(['m-firm', 'm-rc', 'm-social', 'x-firm', 'x-rc']);
  });

  it('refuses a role it does not know, and parks a membership of an alliance the store does not know yet', async () => {
    const hub = await freshHub();
    await ingest(hub, [rec('members', 'bad-role', [change('allianceMember', { alliance: ALLIANCE, organization: RC, role: 'CHAIR' as 'LEAD' })])], 1);
    const letter = await hub.db.selectFrom('dead_letter').select(['reason_code']).where('external_id', '=', 'bad-role').executeTakeFirstOrThrow();
    expect(letter.reason_code).toBe('INVALID_VALUE');
    const other: OrganizationRef = { name: '大智街道区域化党建联盟', kind: 'ALLIANCE', areaCode: '420102002' };
    const r = await ingest(hub, [rec('members', 'early', [change('allianceMember', { alliance: other, organization: FIRM })])]);
    expect(r.parked).toBe(1);
    const later = await ingest(hub, [rec('orgs', 'street-alliance', [change('organization', other)])]);
    expect(later.unparked).toBe(1);
    expect((await memberships(hub)).map((m) => `${m.alliance}|${m.unit}`)).toEqual([`${other.name}|${FIRM.name}`]);
  });

  it('stores volunteer hours as said: a participation without hours stays without, never 0', async () => {
    const hub = await freshHub();
    const people = ['110101199003074514', '11010119900307707X'];
    await ingest(hub, [
      ...people.map((id, i) => rec('people', `p-${i}`, [change('person', { idNumber: id, name: `测试${i}` })])),
      rec('activities', 'meeting', [change('activity', { key: 'A-1', type: '联席会议', title: '联席会议', organizers: [ALLIANCE], participants: people.map((id) => ({ personIdNumber: id, hours: null })) })]),
      rec('activities', 'service', [
        change('activity', { key: 'A-2', type: '议事协商', title: '议事协商后清理楼道', participants: [{ personIdNumber: people[0]!, hours: 1.5 }, { personIdNumber: people[0]!, hours: 1 }, { personIdNumber: people[1]! }] }),
      ]),
    ]);
    const rows = await sql<{ key: string; hours: string | null }>`
      select a.natural_key as key, ap.hours::text as hours from activity_participant ap join activity a on a.id = ap.activity_id order by 1, 2 nulls last`.execute(hub.db);
    expect(rows.rows.map((r) => `${r.key}:${r.hours === null ? null : Number(r.hours)}`)).toEqual(['A-1:null', 'A-1:null', 'A-2:2.5', 'A-2:null']);
    const organizer = await sql<{ kind: string }>`select o.kind from activity_organizer ao join organization o on o.id = ao.organization_id`.execute(hub.db);
    expect(organizer.rows).toEqual([{ kind: 'ALLIANCE' }]);
  });

  it('moves hosts and memberships when two organisations are merged, drops a membership the kept one has, and undoes it all', async () => {
    const hub = await freshHub();
    // a duplicate the identity step could not tie (an operator merges it)
    const twin: OrganizationRef = { name: '幸福小区综合服务站', kind: 'OTHER', areaCode: XINGFU };
    await ingest(hub, [
      rec('orgs', 'twin', [change('organization', twin)]),
      rec('orgs', 'other-alliance', [change('organization', { name: '幸福社区物业联盟', kind: 'ALLIANCE', areaCode: XINGFU })]),
      rec('party', 'p-w', [change('partyOrg', { code: 'PW1', name: '幸福小区红色物业党支部', level: 'BRANCH', areaCode: XINGFU, hostOrganization: twin })]),
      rec('members', 'm-firm', [change('allianceMember', { alliance: ALLIANCE, organization: FIRM, commitments: ['红色物业服务进楼栋'] })]),
      rec('members', 'm-twin', [change('allianceMember', { alliance: ALLIANCE, organization: twin, commitments: ['配合开展环境卫生整治'] })]),
      rec('members', 'm-twin-rc', [change('allianceMember', { alliance: { name: '幸福社区物业联盟', kind: 'ALLIANCE', areaCode: XINGFU }, organization: twin })]),
    ]);
    const firm = await orgId(hub, FIRM.name);
    const twinId = await orgId(hub, twin.name);
    const before = await memberships(hub);
    expect(before).toHaveLength(3);
    const merge = await mergeEntities(hub.db, 'organization', firm, twinId, 'test');
    const host = await hub.db.selectFrom('party_org').select('host_organization_id').where('code', '=', 'PW1').executeTakeFirstOrThrow();
    expect(host.host_organization_id).toBe(firm);
    const merged = await memberships(hub);
    // the firm was already in the 党建联盟: the twin's membership there is dropped; the other moves
    expect(merged.map((m) => `${m.alliance}|${m.unit}|${m.commitments.join(',')}`).sort()).toEqual([`幸福社区区域化党建联盟|${FIRM.name}|红色物业服务进楼栋`, `幸福社区物业联盟|${FIRM.name}|`]);
    // a moved membership takes the key a record naming the merged-away unit now reaches (through the alias)
    const firmKey = `uscc:${FIRM.uscc}`;
    expect(merged.map((m) => m.natural_key).sort()).toEqual([`name:${XINGFU}:幸福社区区域化党建联盟|${firmKey}`, `name:${XINGFU}:幸福社区物业联盟|${firmKey}`]);
    const again = await ingest(hub, [rec('members', 'm-twin-rc', [change('allianceMember', { alliance: { name: '幸福社区物业联盟', kind: 'ALLIANCE', areaCode: XINGFU }, organization: twin })], V2)]);
    expect(again).toMatchObject({ applied: 1, parked: 0 });
    expect(await memberships(hub)).toEqual(merged);
    await undoMerge(hub.db, merge.mergeId, 'test');
    expect(await memberships(hub)).toEqual(before);
    const back = await hub.db.selectFrom('party_org').select('host_organization_id').where('code', '=', 'PW1').executeTakeFirstOrThrow();
    expect(back.host_organization_id).toBe(twinId);
  });
});
