import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoHub, type DemoWorld, dataOf } from '../support/harness';

/** Every core entity and its relations, read through GraphQL on the tiny demo world. */
export function entitiesSuite(world: () => DemoWorld): void {
  describe('entities and relations', () => {
    let h: DemoHub;
    beforeAll(async () => {
      h = world().h;
    });

    it('walks the area tree: district → streets → communities → grids, and back up', async () => {
      const data = dataOf(
        await h.gql(`{
          area(code: "420102") {
            code name level
            parent { code level parent { level } }
            children(first: 10) { totalCount nodes { code level parent { code } children(first: 30) { nodes { code level grids(first: 30) { totalCount nodes { code community { code } } } } } } }
          }
        }`),
      );
      const district = data.area;
      expect(district).toMatchObject({ code: '420102000000', name: '江岸区', level: 'DISTRICT', parent: { code: '420100000000', level: 'CITY', parent: { level: 'PROVINCE' } } });
      expect(district.children.totalCount).toBeGreaterThanOrEqual(2);
      for (const street of district.children.nodes) {
        expect(street.level).toBe('STREET');
        expect(street.parent.code).toBe('420102000000');
        for (const community of street.children.nodes) {
          expect(community.level).toBe('COMMUNITY');
          expect(community.code.slice(0, 9)).toBe(street.code.slice(0, 9));
          expect(community.grids.totalCount).toBeGreaterThan(0);
          for (const grid of community.grids.nodes) {
            expect(grid.code.slice(0, 12)).toBe(community.code);
            expect(grid.community.code).toBe(community.code);
          }
        }
      }
    });

    it('a street\'s grids are the grids of all its communities', async () => {
      const data = dataOf(
        await h.gql(`{
          area(code: "420102002") { grids { totalCount nodes { code } } children { nodes { grids { nodes { code } } } } }
        }`),
      );
      const viaCommunities = data.area.children.nodes.flatMap((c: any) => c.grids.nodes.map((g: any) => g.code)).sort();
      expect(data.area.grids.nodes.map((g: any) => g.code).sort()).toEqual(viaCommunities);
      expect(data.area.grids.totalCount).toBe(viaCommunities.length);
    });

    it('grid → buildings (→ estate, dwellings), households (→ residents), staff, cases', async () => {
      const data = dataOf(
        await h.gql(`{
          grid(code: "420102002001001") {
            code name
            community { code }
            buildings { totalCount nodes { buildingNo address grid { code } community { code } project { name company { kind name } } dwellings(first: 3) { nodes { areaM2 building { buildingNo } households { nodes { householdNo } } } } } }
            households { totalCount nodes { householdNo kind grid { code } community { code } dwelling { building { buildingNo } }
              residents { totalCount edges { cursor relation category node { name birthYear } } } } }
            staff { totalCount nodes { role scope person { name } grid { code } } }
            cases(first: 5) { totalCount nodes { grid { code } reportedAt } }
          }
        }`),
      );
      const grid = data.grid;
      expect(grid.community.code).toBe('420102002001');
      expect(grid.buildings.totalCount).toBeGreaterThan(0);
      // the project and company checks below need buildings that have them
      expect(grid.buildings.nodes.some((b: any) => b.project?.company), 'a building of an estate with a property company').toBe(true);
      for (const b of grid.buildings.nodes) {
        expect(b.grid.code).toBe(grid.code);
        expect(b.community.code).toBe('420102002001');
        if (b.project) expect(b.project.company === null || b.project.company.kind === 'PROPERTY_COMPANY').toBe(true);
        for (const d of b.dwellings.nodes) expect(d.building.buildingNo).toBe(b.buildingNo);
      }
      expect(grid.households.totalCount).toBe(grid.households.nodes.length);
      const withResidents = grid.households.nodes.filter((hh: any) => hh.residents.totalCount > 0);
      expect(withResidents.length).toBeGreaterThan(0);
      for (const hh of grid.households.nodes) {
        expect(hh.grid.code).toBe(grid.code);
        expect(hh.residents.edges).toHaveLength(hh.residents.totalCount);
        for (const e of hh.residents.edges) {
          expect(['REGISTERED', 'FLOATING']).toContain(e.category);
          expect(e.node.name).toMatch(/\*/);
        }
      }
      expect(grid.staff.nodes.some((s: any) => s.role === 'GRID_WORKER')).toBe(true);
      const times = grid.cases.nodes.map((c: any) => Date.parse(c.reportedAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times); // newest first
      for (const c of grid.cases.nodes) expect(c.grid.code).toBe(grid.code);
    });

    it('person → residencies (→ household), roles, party membership, reported cases, activities', async () => {
      const data = dataOf(
        await h.gql(`{
          members: persons(first: 5, filter: { partyMember: true }) {
            totalCount
            nodes { id name residencies { category household { householdNo } person { id } } partyMembership { status person { id } partyOrg { name } contactAssignments { households { householdNo } } } activities { totalCount nodes { type } } }
          }
          staff: grid(code: "420102002001001") { staff(first: 1) { nodes { person { id roles { role grid { code } person { id } } } } } }
          reporters: cases(first: 10) { nodes { reporter { id reportedCases { totalCount nodes { reporter { id } } } } } }
        }`),
      );
      expect(data.members.totalCount).toBeGreaterThan(0);
      for (const p of data.members.nodes) {
        expect(p.partyMembership).not.toBeNull();
        expect(p.partyMembership.person.id).toBe(p.id);
        for (const r of p.residencies) expect(r.person.id).toBe(p.id);
      }
      const worker = data.staff.staff.nodes[0];
      expect(worker.person.roles.length).toBeGreaterThan(0);
      for (const role of worker.person.roles) expect(role.person.id).toBe(worker.person.id);
      const reporter = data.reporters.nodes.map((c: any) => c.reporter).find((r: any) => r !== null);
      expect(reporter.reportedCases.totalCount).toBeGreaterThan(0);
      for (const c of reporter.reportedCases.nodes) expect(c.reporter.id).toBe(reporter.id);
    });

    it('organizations expose kind-specific details (social organisations, property companies and their estates)', async () => {
      const data = dataOf(
        await h.gql(`{
          social: organizations(filter: { kind: [SOCIAL_ORG] }) { totalCount nodes { kind details { __typename ... on SocialOrgDetails { socialOrgType supervisor } } } }
          property: organizations(filter: { kind: [PROPERTY_COMPANY] }) { nodes { kind details { __typename ... on PropertyCompanyDetails { projects { totalCount nodes { name company { kind } community { level } } } } } } }
          committees: organizations(filter: { kind: [RESIDENTS_COMMITTEE] }) { nodes { kind details { __typename } area { level } } }
        }`),
      );
      expect(data.social.totalCount).toBeGreaterThan(0);
      for (const o of data.social.nodes) expect(o.details.__typename).toBe('SocialOrgDetails');
      const projects = data.property.nodes.flatMap((o: any) => {
        expect(o.details.__typename).toBe('PropertyCompanyDetails');
        return o.details.projects.nodes;
      });
      expect(projects.length).toBeGreaterThan(0);
      for (const p of projects) expect(p.company.kind).toBe('PROPERTY_COMPANY');
      expect(data.committees.nodes.length).toBeGreaterThan(0);
      for (const o of data.committees.nodes) {
        expect(o.details).toBeNull();
        expect(o.area.level).toBe('COMMUNITY');
      }
    });

    it('party organisations: parent/children tree and members', async () => {
      const data = dataOf(
        await h.gql(`{
          partyOrgs(filter: { level: [STREET_WORKING_COMMITTEE] }, first: 10) {
            nodes { code parent { code } children { code level parent { code } members(first: 30) { totalCount nodes { partyOrg { code } person { name } } } } area { level } }
          }
        }`),
      );
      expect(data.partyOrgs.nodes.length).toBeGreaterThan(0);
      let members = 0;
      for (const org of data.partyOrgs.nodes) {
        expect(org.parent).toBeNull();
        expect(org.area.level).toBe('STREET');
        for (const child of org.children) {
          expect(child.parent.code).toBe(org.code);
          for (const m of child.members.nodes) {
            expect(m.partyOrg.code).toBe(child.code);
            members += 1;
          }
        }
      }
      expect(members).toBeGreaterThan(0);
    });

    it('case → events in order, handling units, grid, area, duty item, reporter; duty item → its cases', async () => {
      const data = dataOf(
        await h.gql(`{
          cases(first: 20, filter: { status: [CLOSED, ARCHIVED] }) {
            nodes { id status grid { code community { code } } area { code } dutyItem { id street { level } cases(first: 50) { nodes { id } } }
              handlers { role organization { name } } events { seq fromStatus toStatus at actor { name } } reporter { name } }
          }
        }`),
      );
      expect(data.cases.nodes.length).toBeGreaterThan(0);
      // the grid and duty-item checks below need cases that have them
      expect(data.cases.nodes.some((c: any) => c.grid !== null), 'a case in a grid').toBe(true);
      for (const c of data.cases.nodes) {
        expect(c.events.length).toBeGreaterThan(0);
        c.events.forEach((e: any, i: number) => {
          expect(e.seq).toBe(i + 1);
          if (i > 0) expect(e.fromStatus).toBe(c.events[i - 1].toStatus);
        });
        expect(c.events[c.events.length - 1].toStatus).toBe(c.status);
        expect(c.handlers.filter((x: any) => x.role === 'LEAD')).toHaveLength(1);
        if (c.grid) expect(c.grid.community.code).toBe(c.area.code);
        if (c.dutyItem) {
          expect(c.dutyItem.street.level).toBe('STREET');
          expect(c.dutyItem.cases.nodes.map((x: any) => x.id)).toContain(c.id);
        }
      }
      expect(data.cases.nodes.some((c: any) => c.dutyItem !== null)).toBe(true);
    });

    it('activity → organisers and participants with hours', async () => {
      const data = dataOf(
        await h.gql(`{ activities(first: 10) { totalCount nodes { type title startAt area { level } organizers { kind } participants { totalCount edges { hours node { name } } } } } }`),
      );
      expect(data.activities.totalCount).toBeGreaterThan(0);
      for (const a of data.activities.nodes) {
        expect(a.organizers.length).toBeGreaterThan(0);
        expect(a.participants.edges.length).toBe(a.participants.totalCount);
        for (const e of a.participants.edges) {
          // hours are volunteer service records: only those who served have them
          if (e.hours !== null) expect(e.hours).toBeGreaterThan(0);
          if (a.type !== '志愿服务' && a.type !== '主题党日') expect(e.hours).toBeNull();
          expect(e.node.name).toMatch(/\*/);
        }
      }
    });

    it('node(id) fetches every kind of object again by its global ID, and every entity has lineage', async () => {
      const data = dataOf(
        await h.gql(`{
          area(code: "420102002") { id sources { source stream externalId firstSeen lastSeen } }
          grids(first: 1) { nodes { id sources { source } } }
          households(first: 1) { nodes { id sources { source } residents(first: 1) { nodes { id sources { source } residencies { id sources { source } } } } dwelling { id sources { source } building { id sources { source } project { id sources { source } } } } } }
          organizations(first: 1) { nodes { id sources { source } } }
          partyOrgs(first: 1, filter: { level: [BRANCH] }) { nodes { id sources { source } members(first: 1) { nodes { id sources { source } contactAssignments { id sources { source } } } } } }
          cases(first: 1) { nodes { id sources { source } events { id } dutyItem { id } } }
          dutyItems(first: 1) { nodes { id sources { source } } }
          activities(first: 1) { nodes { id sources { source } } }
          staff: grids(first: 1) { nodes { staff(first: 1) { nodes { id sources { source } } } } }
        }`),
      );
      expect(data.area.sources.length).toBeGreaterThan(0);
      expect(data.area.sources[0]).toMatchObject({ source: expect.any(String), stream: expect.any(String), externalId: expect.any(String) });
      const ids: [string, string][] = [];
      /** Types whose lineage was checked: every object the query asked `sources` of. */
      const withLineage = new Set<string>();
      const walk = (v: any, typeHint: string | null) => {
        if (Array.isArray(v)) {
          for (const x of v) walk(x, typeHint);
          return;
        }
        if (v && typeof v === 'object') {
          if (typeof v.id === 'string') ids.push([v.id, Buffer.from(v.id, 'base64').toString().split(':')[0]!]);
          if ('sources' in v) {
            // a null or empty list fails here (an absent lineage must not pass)
            expect(v.sources?.length, `sources of ${Buffer.from(v.id, 'base64').toString()}`).toBeGreaterThan(0);
            withLineage.add(Buffer.from(v.id, 'base64').toString().split(':')[0]!);
          }
          for (const [k, x] of Object.entries(v)) if (k !== 'sources') walk(x, typeHint);
        }
      };
      walk(data, null);
      const types = new Set(ids.map(([, t]) => t));
      for (const t of ['AdminArea', 'Grid', 'Household', 'Person', 'Residency', 'Dwelling', 'Building', 'PropertyProject', 'Organization', 'PartyOrg', 'PartyMember', 'ContactAssignment', 'Case', 'CaseEvent', 'DutyItem', 'Activity', 'StaffRole']) {
        expect(types, t).toContain(t);
        if (t !== 'CaseEvent') expect(withLineage, `lineage of ${t}`).toContain(t);
      }
      const unique = [...new Map(ids).entries()];
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
      const fetched = dataOf(await h.gql(query, { ids: unique.map(([id]) => id) }));
      fetched.nodes.forEach((n: any, i: number) => {
        expect(n).not.toBeNull();
        expect(n.id).toBe(unique[i]![0]);
        expect(n.__typename).toBe(unique[i]![1]);
      });
      const one = dataOf(await h.gql(`query($id: ID!) { node(id: $id) { __typename id ... on Grid { code } } }`, { id: data.grids.nodes[0].id }));
      expect(one.node).toMatchObject({ __typename: 'Grid', id: data.grids.nodes[0].id });
    });
  });
}
