import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoHub, type DemoWorld, dataOf } from '../support/harness';

/** Pages through a root connection with `first`, collecting ids; checks the Relay page fields. */
async function pageAll(h: DemoHub, field: string, filter: string, first: number, select = 'id'): Promise<{ ids: string[]; totalCount: number; pages: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  let pages = 0;
  for (;;) {
    const data: any = dataOf(
      await h.gql(`query($after: String) { list: ${field}(first: ${first}, after: $after${filter ? `, filter: ${filter}` : ''}) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${select} } } nodes { ${select} } } }`, { after }),
    );
    const page = data.list;
    pages += 1;
    totalCount = page.totalCount;
    expect(page.nodes.map((n: any) => n.id)).toEqual(page.edges.map((e: any) => e.node.id));
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    // an empty page has no cursors; a page with edges has its first and last edge's
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    ids.push(...page.nodes.map((n: any) => n.id));
    if (!page.pageInfo.hasNextPage) break;
    expect(page.nodes).toHaveLength(first);
    after = page.pageInfo.endCursor;
  }
  return { ids, totalCount, pages };
}

export function listsFiltersSuite(world: () => DemoWorld): void {
  describe('root lists, pagination and filters', () => {
    let h: DemoHub;
    beforeAll(async () => {
      h = world().h;
    });

    it.each([
      ['persons', '', 37],
      ['households', '{ area: "420102" }', 11],
      ['cases', '', 9],
      ['activities', '', 4],
      ['organizations', '', 7],
      ['areas', '', 3],
    ])('%s: pages of `first` rows with cursors cover the list exactly once (totalCount agrees)', async (field, filter, first) => {
      const { ids, totalCount, pages } = await pageAll(h, field, filter, first);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(totalCount);
      expect(totalCount).toBeGreaterThan(first);
      expect(pages).toBe(Math.ceil(totalCount / first));
    });

    it('nested connections page with cursors too', async () => {
      const first = dataOf(await h.gql(`{ grid(code: "420102002001001") { households(first: 4) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } } }`));
      const conn = first.grid.households;
      expect(conn.pageInfo.hasNextPage).toBe(true);
      const next = dataOf(await h.gql(`query($a: String) { grid(code: "420102002001001") { households(first: 100, after: $a) { pageInfo { hasPreviousPage hasNextPage } nodes { id } } } }`, { a: conn.pageInfo.endCursor }));
      const all = [...conn.nodes, ...next.grid.households.nodes].map((n: any) => n.id);
      expect(new Set(all).size).toBe(conn.totalCount);
      expect(next.grid.households.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: false });
    });

    it('first: 0 returns an empty page that still counts', async () => {
      const data = dataOf(await h.gql(`{ persons(first: 0) { totalCount nodes { id } pageInfo { hasNextPage startCursor } } }`));
      expect(data.persons.nodes).toEqual([]);
      expect(data.persons.pageInfo).toEqual({ hasNextPage: true, startCursor: null });
      expect(data.persons.totalCount).toBeGreaterThan(0);
    });

    it('an area filter covers the subtree: a street finds what is in all its communities and grids', async () => {
      const q = `query($a: String!) {
        households(filter: { area: $a }, first: 0) { totalCount }
        persons(filter: { area: $a }, first: 0) { totalCount }
        cases(filter: { area: $a }, first: 0) { totalCount }
        grids(filter: { area: $a }, first: 0) { totalCount }
      }`;
      const street = dataOf(await h.gql(q, { a: '420102002' }));
      const c1 = dataOf(await h.gql(q, { a: '420102002001' }));
      const c2 = dataOf(await h.gql(q, { a: '420102002002' }));
      const district = dataOf(await h.gql(q, { a: '420102' }));
      for (const key of ['households', 'cases', 'grids'] as const) {
        expect(street[key].totalCount, key).toBe(c1[key].totalCount + c2[key].totalCount);
        expect(c1[key].totalCount, key).toBeGreaterThan(0);
        expect(district[key].totalCount, key).toBeGreaterThan(street[key].totalCount);
      }
      expect(street.persons.totalCount).toBeLessThanOrEqual(c1.persons.totalCount + c2.persons.totalCount);
      expect(street.persons.totalCount).toBeGreaterThan(0);
      // the same code written as 9 or 12 digits, or in full-width digits, means the same area
      const twelve = dataOf(await h.gql(q, { a: '420102002000' }));
      const fullWidth = dataOf(await h.gql(q, { a: '４２０１０２００２' }));
      expect(twelve).toEqual(street);
      expect(fullWidth).toEqual(street);
    });

    it('grid, kind, status, category, channel and time-range filters hold for every row', async () => {
      const all = dataOf(await h.gql(`{ cases(first: 1000) { nodes { status category channel kind reportedAt grid { code } } } }`)).cases.nodes;
      const someCategory = all.find((c: any) => c.category)!.category;
      const someChannel = all.find((c: any) => c.channel)!.channel;
      const times = all.map((c: any) => c.reportedAt).sort();
      const from = times[Math.floor(times.length / 4)];
      const to = times[Math.floor((3 * times.length) / 4)];
      const data = dataOf(
        await h.gql(
          `query($cat: String!, $ch: String!, $from: DateTimeISO!, $to: DateTimeISO!) {
            byStatus: cases(filter: { status: [CLOSED, ARCHIVED] }, first: 1000) { totalCount nodes { status } }
            byCategory: cases(filter: { category: [$cat] }, first: 1000) { totalCount nodes { category } }
            byChannel: cases(filter: { channel: [$ch] }, first: 1000) { totalCount nodes { channel } }
            byKind: cases(filter: { kind: [REPAIR] }, first: 1000) { totalCount nodes { kind } }
            byGrid: cases(filter: { grid: "420102002001001" }, first: 1000) { totalCount nodes { grid { code } } }
            byTime: cases(filter: { reportedFrom: $from, reportedTo: $to }, first: 1000) { totalCount nodes { reportedAt } }
            households(filter: { kind: RESIDENT, grid: "420102002001001" }, first: 1000) { nodes { kind grid { code } } }
            orgs: organizations(filter: { kind: [STREET_OFFICE, RESIDENTS_COMMITTEE] }, first: 1000) { nodes { kind } }
            levels: partyOrgs(filter: { level: [BRANCH] }) { nodes { level } }
            communities: areas(filter: { level: COMMUNITY, within: "420102003" }) { nodes { level code } }
          }`,
          { cat: someCategory, ch: someChannel, from, to },
        ),
      );
      const count = (pred: (c: any) => boolean) => all.filter(pred).length;
      expect(data.byStatus.totalCount).toBe(count((c: any) => ['CLOSED', 'ARCHIVED'].includes(c.status)));
      expect(data.byCategory.totalCount).toBe(count((c: any) => c.category === someCategory));
      expect(data.byChannel.totalCount).toBe(count((c: any) => c.channel === someChannel));
      expect(data.byKind.totalCount).toBe(count((c: any) => c.kind === 'REPAIR'));
      expect(data.byGrid.totalCount).toBe(count((c: any) => c.grid?.code === '420102002001001'));
      expect(data.byTime.totalCount).toBe(count((c: any) => c.reportedAt >= from && c.reportedAt < to));
      expect(data.byTime.totalCount).toBeGreaterThan(0);
      for (const hh of data.households.nodes) expect(hh).toEqual({ kind: 'RESIDENT', grid: { code: '420102002001001' } });
      for (const o of data.orgs.nodes) expect(['STREET_OFFICE', 'RESIDENTS_COMMITTEE']).toContain(o.kind);
      for (const o of data.levels.nodes) expect(o.level).toBe('BRANCH');
      expect(data.communities.nodes.length).toBeGreaterThan(0);
      for (const a of data.communities.nodes) expect(a.code.startsWith('420102003')).toBe(true);
    });

    it('name search is normalised: Traditional and full-width input find Simplified data', async () => {
      const q = `query($n: String!) { persons(filter: { name: $n }, first: 1000) { totalCount nodes { id name } } }`;
      // names are shown masked, so a person's name is searched whole (exact on the normalised form)
      const chen = await h.hub.db.selectFrom('person').select('name').where('name', 'like', '陈%').orderBy('id').executeTakeFirstOrThrow();
      const simplified = dataOf(await h.gql(q, { n: chen.name }));
      const traditional = dataOf(await h.gql(q, { n: chen.name.replace('陈', '陳') }));
      expect(simplified.persons.totalCount).toBeGreaterThan(0);
      expect(traditional.persons).toEqual(simplified.persons);
      for (const p of simplified.persons.nodes) expect(p.name.startsWith('陈')).toBe(true);
      // no substring oracle: the surname alone, or the name less its last character, finds nobody
      expect(dataOf(await h.gql(q, { n: '陈' })).persons.totalCount).toBe(0);
      expect(dataOf(await h.gql(q, { n: Array.from(chen.name).slice(0, -1).join('') })).persons.totalCount).toBe(
        (await h.hub.db.selectFrom('person').select('id').where('name', '=', Array.from(chen.name).slice(0, -1).join('')).execute()).length,
      );

      const orgs = `query($n: String!) { organizations(filter: { name: $n }) { totalCount nodes { name } } }`;
      const plain = dataOf(await h.gql(orgs, { n: '12345' }));
      const wide = dataOf(await h.gql(orgs, { n: '１２３４５' }));
      const trad = dataOf(await h.gql(orgs, { n: '街道辦事處' }));
      expect(plain.organizations.totalCount).toBeGreaterThan(0);
      expect(wide.organizations).toEqual(plain.organizations);
      expect(trad.organizations.totalCount).toBeGreaterThan(0);
      for (const o of trad.organizations.nodes) expect(o.name).toContain('街道办事处');

      const areas = dataOf(await h.gql(`{ areas(filter: { name: "漢" }) { nodes { name } } }`));
      expect(areas.areas.nodes.map((a: any) => a.name)).toContain('武汉市');
      // like-wildcards typed by the client are literal
      const wildcard = dataOf(await h.gql(q, { n: '%' }));
      expect(wildcard.persons.totalCount).toBe(0);
    });

    it('party-member filter splits persons in two', async () => {
      const data = dataOf(await h.gql(`{ all: persons(first: 0) { totalCount } yes: persons(first: 0, filter: { partyMember: true }) { totalCount } no: persons(first: 0, filter: { partyMember: false }) { totalCount } }`));
      expect(data.yes.totalCount + data.no.totalCount).toBe(data.all.totalCount);
      expect(data.yes.totalCount).toBeGreaterThan(0);
    });

    it('dutyItems by street and list type; a community filter finds its street\'s list', async () => {
      const data = dataOf(
        await h.gql(`{
          street: dutyItems(filter: { area: "420102002" }, first: 1000) { totalCount nodes { street { code } listType } }
          community: dutyItems(filter: { area: "420102002001" }, first: 1000) { totalCount }
          power: dutyItems(filter: { area: "420102002", listType: [POWER] }, first: 1000) { nodes { listType } }
        }`),
      );
      expect(data.street.totalCount).toBeGreaterThan(0);
      for (const d of data.street.nodes) expect(d.street.code).toBe('420102002000');
      expect(data.community.totalCount).toBe(data.street.totalCount);
      for (const d of data.power.nodes) expect(d.listType).toBe('POWER');
    });
  });
}
