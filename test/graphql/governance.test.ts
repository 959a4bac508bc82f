import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller';
import { availableStoreKinds } from '../support/test-hub';
import { type DemoHub, dataOf, openDemoHub } from './support/harness';

/**
 * The governance model through GraphQL (issue #12) on the tiny demo world: a party organisation's
 * host, an organisation's party organisations (party read class), the 区域化党建联盟 with their
 * member units — every figure checked against SQL computed here from the tables.
 */

const ANALYST: Caller = { role: 'ANALYST', areaScope: [], subject: 't-analyst' };

/** Today on China's calendar, as the API decides `current`. */
const todayInChina = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.each(availableStoreKinds())('governance model through GraphQL (%s)', (kind) => {
  let h: DemoHub;
  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny');
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });
  const rows = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(h.hub.db)).rows;

  it('PartyOrg.hostOrganization is the organisation the party organisation is set up in', async () => {
    const data = dataOf(await h.gql(`{ partyOrgs(first: 1000) { totalCount nodes { code hostOrganization { name kind } } } }`));
    const expected = await rows(sql<{ code: string; name: string | null; kind: string | null }>`
      select po.code, o.name, o.kind from party_org po left join organization o on o.id = po.host_organization_id`);
    expect(data.partyOrgs.totalCount).toBe(expected.length);
    const got = new Map(data.partyOrgs.nodes.map((n: any) => [n.code, n.hostOrganization ? `${n.hostOrganization.name}|${n.hostOrganization.kind}` : null]));
    for (const e of expected) expect(got.get(e.code), e.code).toBe(e.name === null ? null : `${e.name}|${e.kind}`);
    expect(expected.filter((e) => e.name !== null).length).toBeGreaterThan(0);
  });

  it('Organization.partyOrgs, hasPartyOrganization and the filter agree with the hosts in the store (红色物业: property firms that host one)', async () => {
    const data = dataOf(
      await h.gql(`{
        hosts: organizations(filter: { hasPartyOrganization: true }, first: 1000) { totalCount nodes { name kind hasPartyOrganization partyOrgs { code } } }
        none: organizations(filter: { hasPartyOrganization: false }, first: 1) { totalCount nodes { hasPartyOrganization partyOrgs { code } } }
        red: organizations(filter: { hasPartyOrganization: true, kind: [PROPERTY_COMPANY] }, first: 100) { totalCount }
        all: organizations(first: 1) { totalCount }
      }`),
    );
    const hosted = await rows(sql<{ name: string; codes: string[] }>`
      select o.name, array_agg(po.code order by po.code) as codes from organization o join party_org po on po.host_organization_id = o.id group by o.id, o.name`);
    const red = await rows(sql<{ n: number }>`select count(distinct o.id)::int as n from organization o join party_org po on po.host_organization_id = o.id where o.kind = 'PROPERTY_COMPANY'`);
    expect(data.hosts.totalCount).toBe(hosted.length);
    expect(data.none.totalCount).toBe(data.all.totalCount - hosted.length);
    expect(data.red.totalCount).toBe(red[0]!.n);
    expect(red[0]!.n).toBeGreaterThan(0);
    const byName = new Map(hosted.map((r) => [r.name, r.codes]));
    for (const n of data.hosts.nodes) {
      expect(n.hasPartyOrganization).toBe(true);
      expect(n.partyOrgs.map((p: any) => p.code).sort(), n.name).toEqual([...byName.get(n.name)!].sort());
    }
    expect(data.none.nodes[0]).toEqual({ hasPartyOrganization: false, partyOrgs: [] });
  });

  it('lists each alliance’s member units, the lead first, with commitments, period and whether they are current; units list their alliances; areas their alliances', async () => {
    const data = dataOf(
      await h.gql(`{
        organizations(filter: { kind: [ALLIANCE] }, first: 10) {
          totalCount
          nodes {
            id name area { code alliances { name } }
            allianceMembers(first: 20) { totalCount nodes { id role commitments joinedOn leftOn current alliance { name } organization { name alliances { alliance { name } role } } } }
          }
        }
      }`),
    );
    const members = await rows(sql<{ alliance: string; unit: string; role: string; commitments: string[]; joined: string | null; left: string | null }>`
      select a.name as alliance, u.name as unit, am.role, am.commitments, am.joined_on::text as joined, am.left_on::text as left
      from alliance_member am join organization a on a.id = am.alliance_id join organization u on u.id = am.organization_id`);
    const alliances = await rows(sql<{ name: string; code: string }>`select o.name, a.code from organization o join admin_area a on a.id = o.area_id where o.kind = 'ALLIANCE'`);
    expect(data.organizations.totalCount).toBe(alliances.length);
    expect(alliances.length).toBeGreaterThan(0);
    const today = todayInChina();
    let seen = 0;
    for (const a of data.organizations.nodes) {
      const mine = members.filter((m) => m.alliance === a.name);
      expect(a.allianceMembers.totalCount, a.name).toBe(mine.length);
      expect(a.allianceMembers.nodes.map((n: any) => n.role)).toEqual([...a.allianceMembers.nodes.map((n: any) => n.role)].sort());
      expect(a.area.alliances.map((x: any) => x.name)).toContain(a.name);
      expect(a.area.alliances).toHaveLength(alliances.filter((x) => x.code === a.area.code).length);
      for (const n of a.allianceMembers.nodes) {
        const m = mine.find((x) => x.unit === n.organization.name)!;
        expect(n.alliance.name).toBe(a.name);
        expect({ role: n.role, commitments: n.commitments, joinedOn: n.joinedOn, leftOn: n.leftOn }).toEqual({ role: m.role, commitments: m.commitments, joinedOn: m.joined, leftOn: m.left });
        expect(n.current).toBe((m.joined === null || m.joined <= today) && (m.left === null || m.left > today));
        const units = members.filter((x) => x.unit === n.organization.name);
        expect(n.organization.alliances.map((x: any) => `${x.alliance.name}|${x.role}`).sort()).toEqual(units.map((x) => `${x.alliance}|${x.role}`).sort());
        seen++;
      }
    }
    expect(seen).toBe(members.length);
    expect(data.organizations.nodes.flatMap((a: any) => a.allianceMembers.nodes).some((n: any) => !n.current)).toBe(true);
    // a membership is a node
    const first = data.organizations.nodes[0].allianceMembers.nodes[0];
    const node = dataOf(await h.gql(`query($id: ID!) { node(id: $id) { ... on AllianceMember { id role organization { name } } } }`, { id: first.id }));
    expect(node.node).toEqual({ id: first.id, role: first.role, organization: { name: first.organization.name } });
  });

  it('reads every alliance’s members in one statement per level', async () => {
    h.resetStatements();
    dataOf(await h.gql(`{ organizations(filter: { kind: [ALLIANCE] }, first: 100) { nodes { allianceMembers(first: 3) { nodes { organization { name hasPartyOrganization } } } } } }`));
    const statements = h.statements();
    expect(statements.filter((s) => s.includes('"alliance_member"') || s.includes('alliance_member as')).length).toBe(1);
    expect(statements.filter((s) => /host_organization_id/.test(s)).length).toBe(1);
  });

  it('keeps the party facts to roles that read party data; alliances are public to them', async () => {
    const forbidden = async (query: string, field: string) => {
      const r = await h.gql(query, {}, ANALYST);
      expect(r.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(JSON.stringify(r.errors?.[0]?.extensions)).toContain(field);
    };
    await forbidden(`{ organizations(first: 1) { nodes { hasPartyOrganization } } }`, 'Organization.hasPartyOrganization');
    await forbidden(`{ organizations(first: 1) { nodes { partyOrgs { code } } } }`, 'Organization.partyOrgs');
    await forbidden(`{ organizations(filter: { hasPartyOrganization: true }, first: 1) { totalCount } }`, 'filter.hasPartyOrganization');
    const ok = dataOf(await h.gql(`{ organizations(filter: { kind: [ALLIANCE] }, first: 100) { totalCount nodes { allianceMembers { totalCount } } } }`, {}, ANALYST));
    const n = await rows(sql<{ n: number }>`select count(*)::int as n from alliance_member`);
    expect(ok.organizations.nodes.reduce((s: number, a: any) => s + a.allianceMembers.totalCount, 0)).toBe(n[0]!.n);
  });
});
