import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoHub, type DemoWorld, dataOf } from '../support/harness';

interface Row {
  id: string;
  status: string;
  dueAt: string | null;
  closedAt: string | null;
  overdue: boolean;
}

/** 超期 as the hub defines it: closed after the due time, or open past it; never without a due time. */
const overdueAt = (r: Row, now: number) => r.dueAt !== null && (r.closedAt === null ? now > Date.parse(r.dueAt) : Date.parse(r.closedAt) > Date.parse(r.dueAt));

/** Overdue as a first-class filter and figure: `cases(filter: { overdue, dueBefore, dueAfter })`, `caseStats { overdueCount }`. */
export function caseOverdueSuite(world: () => DemoWorld): void {
  describe('overdue cases', () => {
    let h: DemoHub;
    let rows: Row[];
    const ids = async (filter: string) =>
      new Set<string>(dataOf(await h.gql(`{ cases(first: 1000, filter: { ${filter} }) { totalCount nodes { id } } }`)).cases.nodes.map((n: { id: string }) => n.id));
    beforeAll(async () => {
      h = world().h;
      rows = dataOf(await h.gql(`{ cases(first: 1000) { nodes { id status dueAt closedAt overdue } } }`)).cases.nodes;
    });

    it('filters overdue and not overdue cases, agreeing with each case\'s overdue flag and the rule', async () => {
      const now = Date.now();
      const expected = new Set(rows.filter((r) => overdueAt(r, now)).map((r) => r.id));
      expect(expected.size).toBeGreaterThan(0);
      expect(expected.size).toBeLessThan(rows.length);
      expect(new Set(rows.filter((r) => r.overdue).map((r) => r.id))).toEqual(expected);
      expect(await ids('overdue: true')).toEqual(expected);
      const notOverdue = await ids('overdue: false');
      expect(notOverdue.size).toBe(rows.length - expected.size);
      for (const id of expected) expect(notOverdue.has(id)).toBe(false);
    });

    it('filters by due time: dueBefore is exclusive, dueAfter inclusive', async () => {
      const dues = rows.filter((r) => r.dueAt !== null).map((r) => r.dueAt!).sort();
      expect(dues.length).toBe(rows.length);
      const mid = dues[Math.floor(dues.length / 2)]!;
      const before = await ids(`dueBefore: "${mid}"`);
      const after = await ids(`dueAfter: "${mid}"`);
      expect(before).toEqual(new Set(rows.filter((r) => Date.parse(r.dueAt!) < Date.parse(mid)).map((r) => r.id)));
      expect(after).toEqual(new Set(rows.filter((r) => Date.parse(r.dueAt!) >= Date.parse(mid)).map((r) => r.id)));
      expect(before.size + after.size).toBe(rows.length);
      expect(before.size).toBeGreaterThan(0);
      const both = await ids(`dueAfter: "${dues[0]}", dueBefore: "${mid}", overdue: true`);
      expect(both).toEqual(new Set(rows.filter((r) => Date.parse(r.dueAt!) < Date.parse(mid) && overdueAt(r, Date.now())).map((r) => r.id)));
    });

    it('refuses dueAfter at or after dueBefore', async () => {
      const result = await h.gql(`{ cases(first: 1, filter: { dueAfter: "2026-01-02T00:00:00Z", dueBefore: "2026-01-01T00:00:00Z" }) { totalCount } }`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.dueBefore' });
    });

    it('counts overdue cases in caseStats, in total and per group', async () => {
      const now = Date.now();
      const data = dataOf(await h.gql(`{ caseStats(groupBy: [STATUS]) { total { count overdueCount } groups { status overdueCount suppressed } } }`));
      const all = rows.filter((r) => overdueAt(r, now));
      expect(data.caseStats.total.overdueCount).toBe(all.length);
      expect(data.caseStats.groups.length).toBeGreaterThan(0);
      for (const g of data.caseStats.groups) {
        // the admin caller sees L4 facts: no group is withheld, so every group is checked
        expect(g.suppressed, g.status).toBe(false);
        expect(g.overdueCount, g.status).toBe(all.filter((r) => r.status === g.status).length);
      }
      const filtered = dataOf(await h.gql(`{ caseStats(filter: { overdue: true }) { total { count overdueCount } } }`));
      expect(filtered.caseStats.total).toEqual({ count: all.length, overdueCount: all.length });
    });
  });
}
