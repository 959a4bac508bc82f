import { beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber, maskMobile, maskName } from '../../../src/domain/masking';
import type { Caller } from '../../../src/auth/caller';
import { type DemoHub, type DemoWorld, dataOf } from '../support/harness';

const COMMUNITY: Caller = { role: 'COMMUNITY_STAFF', areaScope: ['420102002001'], subject: 'test-community' };
const STREET: Caller = { role: 'STREET_STAFF', areaScope: ['420102002000'], subject: 'test-street' };
const NOBODY: Caller = { role: 'COMMUNITY_STAFF', areaScope: [], subject: 'test-nobody' };

const everything = `{
  areas(first: 1000) { totalCount nodes { code } }
  grids(first: 1000) { totalCount nodes { code } }
  households(first: 1000) { totalCount nodes { id community { code } } }
  persons(first: 0) { totalCount }
  cases(first: 1000) { totalCount nodes { id area { code } } }
  organizations(first: 0) { totalCount }
  partyOrgs(first: 0) { totalCount }
  activities(first: 0) { totalCount }
  dutyItems(first: 0) { totalCount }
}`;

export function scopeMaskingSuite(world: () => DemoWorld): void {
  describe('caller area scope and masking', () => {
    let h: DemoHub;
    beforeAll(async () => {
      h = world().h;
    });

    it('a community caller sees its community\'s subtree and nothing else', async () => {
      const mine = dataOf(await h.gql(everything, {}, COMMUNITY));
      expect(mine.areas.nodes.map((a: any) => a.code)).toEqual(['420102002001']);
      for (const g of mine.grids.nodes) expect(g.code.startsWith('420102002001')).toBe(true);
      for (const hh of mine.households.nodes) expect(hh.community.code).toBe('420102002001');
      for (const c of mine.cases.nodes) expect(c.area.code).toBe('420102002001');
      // the same as a full-access caller filtering by the community
      const filtered = dataOf(
        await h.gql(`{
          grids(filter: { area: "420102002001" }, first: 0) { totalCount }
          households(filter: { area: "420102002001" }, first: 0) { totalCount }
          persons(filter: { area: "420102002001" }, first: 0) { totalCount }
          cases(filter: { area: "420102002001" }, first: 0) { totalCount }
          dutyItems(filter: { area: "420102002001" }, first: 0) { totalCount }
        }`),
      );
      expect(mine.grids.totalCount).toBe(filtered.grids.totalCount);
      expect(mine.households.totalCount).toBe(filtered.households.totalCount);
      expect(mine.cases.totalCount).toBe(filtered.cases.totalCount);
      expect(mine.persons.totalCount).toBeGreaterThanOrEqual(filtered.persons.totalCount); // + staff working there
      expect(mine.dutyItems.totalCount).toBe(filtered.dutyItems.totalCount); // the street's list applies to its communities
      expect(mine.dutyItems.totalCount).toBeGreaterThan(0);
    });

    it('a street caller\'s totals equal a full caller\'s street filter', async () => {
      const street = dataOf(await h.gql(everything, {}, STREET));
      const all = dataOf(await h.gql(everything));
      const filtered = dataOf(await h.gql(`{ households(filter: { area: "420102002" }, first: 0) { totalCount } cases(filter: { area: "420102002" }, first: 0) { totalCount } }`));
      expect(street.households.totalCount).toBe(filtered.households.totalCount);
      expect(street.cases.totalCount).toBe(filtered.cases.totalCount);
      expect(street.households.totalCount).toBeLessThan(all.households.totalCount);
      expect(street.areas.nodes.map((a: any) => a.code).sort()).toEqual(['420102002000', '420102002001', '420102002002']);
    });

    it('out-of-scope objects are NOT_FOUND by code or ID and null through relations; public (L1) areas and organisations stay visible', async () => {
      const all = dataOf(await h.gql(`{ households(filter: { area: "420102003" }, first: 1) { nodes { id } } cases(filter: { area: "420102002001" }, first: 1000) { nodes { id handlers { organization { id } } } } }`));
      const foreign = all.households.nodes[0].id;
      const grid = await h.gql(`{ grid(code: "420102003001001") { code } }`, {}, COMMUNITY);
      expect(grid.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'code' });
      const node = await h.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: foreign }, COMMUNITY);
      expect(node.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      const reporter = dataOf(
        await h.gql(`{ households(filter: { area: "420102003" }, first: 1) { nodes { residents(first: 1) { nodes { id } } } } }`),
      ).households.nodes[0].residents.nodes[0].id;
      const hidden = await h.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: reporter }, COMMUNITY);
      expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      // areas and organisations are public: the community's street is shown, and so are the units handling its cases
      const street = dataOf(await h.gql(`{ area(code: "420102002") { code children { nodes { code } } } }`, {}, COMMUNITY));
      expect(street.area.code).toBe('420102002000');
      expect(street.area.children.nodes.map((a: any) => a.code)).toEqual(['420102002001']); // lists stay scoped
      const inside = dataOf(
        await h.gql(`query($id: ID!) { node(id: $id) { ... on Case { area { code parent { code } } handlers { organization { id name } } } } }`, { id: all.cases.nodes[0].id }, COMMUNITY),
      );
      expect(inside.node.area).toEqual({ code: '420102002001', parent: { code: '420102002000' } });
      expect(inside.node.handlers.map((x: any) => x.organization.id)).toEqual(all.cases.nodes[0].handlers.map((x: any) => x.organization.id));
    });

    it('a scoped caller with an empty scope sees nothing; stats outside the scope are NOT_FOUND', async () => {
      const none = dataOf(await h.gql(everything, {}, NOBODY));
      for (const [key, value] of Object.entries(none)) expect((value as any).totalCount, key).toBe(0);
      const stats = await h.gql(`{ areaStats(code: "420102002") { households } }`, {}, COMMUNITY);
      expect(stats.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const own = dataOf(await h.gql(`{ areaStats(code: "420102002001") { households residents cases } }`, {}, COMMUNITY));
      const full = dataOf(await h.gql(`{ areaStats(code: "420102002001") { households residents cases } }`));
      expect(own).toEqual(full);
      const caseStats = dataOf(await h.gql(`{ caseStats { total { count } } }`, {}, COMMUNITY));
      const filtered = dataOf(await h.gql(`{ caseStats(filter: { area: "420102002001" }) { total { count } } }`));
      expect(caseStats.caseStats.total.count).toBe(filtered.caseStats.total.count);
    });

    it('personal information is masked for every caller: names, ID numbers, mobiles, birth dates', async () => {
      const q = `{ persons(first: 1000) { nodes { id name idNumberMasked mobileMasked birthYear } } }`;
      for (const caller of [undefined, COMMUNITY, STREET]) {
        const data = dataOf(await h.gql(q, {}, caller));
        expect(data.persons.nodes.length).toBeGreaterThan(0);
        for (const p of data.persons.nodes) expect(p.name).toMatch(/^[^*]{1,2}\*+$/u);
        // each format is checked on the persons that have the value, and there must be some
        const having = (k: string) => data.persons.nodes.filter((p: any) => p[k] !== null);
        expect(having('idNumberMasked').length, 'persons with an ID number').toBeGreaterThan(0);
        expect(having('mobileMasked').length, 'persons with a mobile').toBeGreaterThan(0);
        expect(having('birthYear').length, 'persons with a birth year').toBeGreaterThan(0);
        for (const p of having('idNumberMasked')) expect(p.idNumberMasked).toMatch(/^\d{6}\*{11}[\dX]$/);
        for (const p of having('mobileMasked')) expect(p.mobileMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
        for (const p of having('birthYear')) expect(p.birthYear).toBeGreaterThan(1900);
      }
      // the masked values are the stored values masked (decrypted in memory, never returned in clear)
      const sample = dataOf(await h.gql(q)).persons.nodes.slice(0, 20);
      const ids = sample.map((p: any) => Buffer.from(p.id, 'base64').toString().split(':')[1]);
      const rows = await h.hub.db.selectFrom('person').select(['id', 'name', 'id_enc', 'mobile_enc', 'birth_date']).where('id', 'in', ids).execute();
      for (const p of sample) {
        const row = rows.find((r) => Buffer.from(p.id, 'base64').toString().endsWith(r.id))!;
        expect(p.name).toBe(maskName(row.name));
        expect(p.idNumberMasked).toBe(row.id_enc ? maskIdNumber(h.hub.vault.decrypt(row.id_enc)) : null);
        expect(p.mobileMasked).toBe(row.mobile_enc ? maskMobile(h.hub.vault.decrypt(row.mobile_enc)) : null);
        expect(p.birthYear).toBe(row.birth_date ? Number(row.birth_date.slice(0, 4)) : null);
      }
    });

    it('the schema has no field that could carry a clear identifier or a full birth date', async () => {
      const data = dataOf(await h.gql(`{ __type(name: "Person") { fields { name } } }`));
      const names = data.__type.fields.map((f: any) => f.name);
      expect(names).toEqual(expect.arrayContaining(['name', 'idNumberMasked', 'mobileMasked', 'birthYear']));
      for (const forbidden of ['idNumber', 'mobile', 'birthDate', 'idEnc', 'mobileEnc', 'nameNorm', 'tags']) expect(names).not.toContain(forbidden);
    });
  });
}
