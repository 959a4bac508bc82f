import { type SqlBool, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller';
import { isL4Category, MIN_GROUP_SIZE } from '../../src/auth/small-group';
import { toGlobalId } from '../../src/graphql/common/global-id';
import { availableStoreKinds } from '../support/test-hub';
import { type DemoHub, dataOf, type GqlResult, openDemoHub } from './support/harness';

/**
 * 转嫁责任 (issue #12): `Case.dutyShifted` / `Case.dutyShift`, the case filters `dutyShifted`,
 * `handlingUnit`, `handlingUnitKind`, `dispatcher`, the caseStats dimensions HANDLING_UNIT,
 * DISPATCHER, DUTY_ITEM and QUARTER with `dutyShiftedCount` / `dutyShiftRate`, rounding, the
 * small-group rule over the new keys, the work list on `DutyItem`, and a hub move clearing the
 * flag. Every expectation is computed here from the rows, not by the hub's SQL.
 */

/** A role without L4: the small-group rule applies to it. */
const ANALYST: Caller = { role: 'ANALYST', areaScope: [], subject: 'test-analyst' };
const ADMIN: Caller = { role: 'ADMIN', areaScope: [], subject: 'test-admin' };

/** The work list, written out here (not imported): BASIC_DUTY → PERFORM, ASSIST_DUTY → ASSIST. */
const ROLE_OF_LIST: Record<string, string | null> = { BASIC_DUTY: 'PERFORM', ASSIST_DUTY: 'ASSIST', POWER: null, RESPONSIBILITY: null, WITHDRAWN: null };

interface Facts {
  id: string;
  gid: string;
  areaCode: string | null;
  reportedAt: Date;
  closedAt: Date | null;
  dueAt: Date | null;
  satisfaction: string | null;
  returnsCount: number;
  dutyItemId: string | null;
  listType: string | null;
  /** Handlers with the organisation's kind. */
  handlers: { org: string; role: string; kind: string }[];
  /** Lead unit: the lowest id among LEAD handlers. */
  lead: string | null;
  dispatcher: string | null;
  dispatchedAt: Date | null;
  shifted: boolean;
  committeeDuty: boolean;
}

const caseGid = (id: string) => toGlobalId('Case', id);
const orgGid = (id: string) => toGlobalId('Organization', id);
const rowIdOf = (gid: string) => Buffer.from(gid, 'base64').toString('utf8').split(':')[1]!;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;

describe.each(availableStoreKinds())('duty shifts (转嫁责任) on %s', (kind) => {
  let h: DemoHub;
  let facts: Facts[];
  let orgKind: Map<string, string>;
  let orgName: Map<string, string>;
  let itemName: Map<string, string>;

  /** Everything the expectations need, read from the tables (not through the API). */
  async function readFacts(): Promise<Facts[]> {
    const db = h.hub.db;
    const cases = await db
      .selectFrom('case_record as c')
      .leftJoin('duty_item as di', 'di.id', 'c.duty_item_id')
      .leftJoin('grid as g', 'g.id', 'c.grid_id')
      .leftJoin('admin_area as a', (j) => j.on(sql<SqlBool>`a.id = coalesce(c.area_id, g.community_id)`))
      .select(['c.id', 'c.reported_at', 'c.closed_at', 'c.due_at', 'c.satisfaction', 'c.returns_count', 'c.duty_item_id', 'di.list_type', 'a.code as area_code'])
      .execute();
    const handlers = await db.selectFrom('case_handler as ch').innerJoin('organization as o', 'o.id', 'ch.organization_id').select(['ch.case_id', 'ch.organization_id', 'ch.role', 'o.kind']).execute();
    const events = await db.selectFrom('case_event').select(['case_id', 'seq', 'to_status', 'actor_org_id', 'at']).where('to_status', '=', 'DISPATCHED').execute();
    return cases.map((c) => {
      const hs = handlers.filter((x) => x.case_id === c.id).map((x) => ({ org: x.organization_id, role: x.role, kind: x.kind }));
      const leads = hs.filter((x) => x.role === 'LEAD').map((x) => x.org).sort();
      const last = events.filter((e) => e.case_id === c.id).sort((a, b) => b.seq - a.seq)[0];
      const committee = hs.some((x) => x.kind === 'RESIDENTS_COMMITTEE');
      return {
        id: c.id,
        gid: caseGid(c.id),
        areaCode: c.area_code,
        reportedAt: new Date(c.reported_at),
        closedAt: c.closed_at && new Date(c.closed_at),
        dueAt: c.due_at && new Date(c.due_at),
        satisfaction: c.satisfaction,
        returnsCount: c.returns_count,
        dutyItemId: c.duty_item_id,
        listType: c.list_type,
        handlers: hs,
        lead: leads[0] ?? null,
        dispatcher: last?.actor_org_id ?? null,
        dispatchedAt: last ? new Date(last.at) : null,
        shifted: c.list_type !== null && ROLE_OF_LIST[c.list_type] === null && committee,
        committeeDuty: c.duty_item_id !== null && committee,
      };
    });
  }

  const CASE_FIELDS = 'id version status dutyShifted dutyShift { reason dispatcher { id } committees { role organization { id } } }';

  async function move(name: string, c: { id: string; version: number }, vars: Record<string, unknown> = {}) {
    const decl = Object.keys(vars).map((k) => `, $${k}: ${{ actor: 'ID', units: '[CaseUnitInput!]!', reason: 'String' }[k]}`).join('');
    const pass = Object.keys(vars).map((k) => `, ${k === 'actor' ? 'actorOrganizationId' : k}: $${k}`).join('');
    return dataOf(await h.gql(`mutation($id: ID!, $version: Int!${decl}) { ${name}(id: $id, version: $version${pass}) { ${CASE_FIELDS} } }`, { id: c.id, version: c.version, ...vars }))[name];
  }

  /**
   * A hub case in `community` linked to `itemId` (set in the table, as a source's sync would
   * link it), accepted and dispatched by `dispatcher` to `units`.
   */
  async function plantCase(community: string, itemId: string, dispatcher: string, units: { organizationId: string; role: string }[]) {
    const c = dataOf(await h.gql(`mutation($input: ReportCaseInput!) { reportCase(input: $input) { ${CASE_FIELDS} } }`, { input: { kind: 'APPEAL', channel: '来访', title: '清单事项', area: community } })).reportCase;
    await h.hub.db.updateTable('case_record').set({ duty_item_id: itemId }).where('id', '=', rowIdOf(c.id)).execute();
    const accepted = await move('acceptCase', c);
    return move('dispatchCase', accepted, { actor: orgGid(dispatcher), units });
  }

  /** The first residents' committee, its community and its street's office and items. */
  async function firstCommittee() {
    const db = h.hub.db;
    const rc = await db.selectFrom('organization as o').innerJoin('admin_area as a', 'a.id', 'o.area_id').select(['o.id', 'a.code', 'a.parent_id']).where('o.kind', '=', 'RESIDENTS_COMMITTEE').orderBy('a.code').executeTakeFirstOrThrow();
    const office = await db.selectFrom('organization').select('id').where('kind', '=', 'STREET_OFFICE').where('area_id', '=', rc.parent_id).executeTakeFirstOrThrow();
    const items = await db.selectFrom('duty_item').select(['id', 'list_type', 'code']).where('street_id', '=', rc.parent_id!).orderBy('code').execute();
    return { rc: rc.id, community: rc.code, office: office.id, items };
  }

  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny');
    // every list type with a committee handling, as lead and as assisting unit: the tiny world
    // alone lacks some (no WITHDRAWN item at all): one unused item is withdrawn (a new list version)
    const { rc, community, office, items } = await firstCommittee();
    const used = new Set((await h.hub.db.selectFrom('case_record').select('duty_item_id').where('duty_item_id', 'is not', null).execute()).map((r) => r.duty_item_id));
    const spare = items.filter((i) => i.list_type === 'BASIC_DUTY' && !used.has(i.id)).at(-1)!;
    await h.hub.db.updateTable('duty_item').set({ list_type: 'WITHDRAWN' }).where('id', '=', spare.id).execute();
    spare.list_type = 'WITHDRAWN';
    for (const listType of ['BASIC_DUTY', 'ASSIST_DUTY', 'POWER', 'RESPONSIBILITY', 'WITHDRAWN'] as const) {
      const item = items.find((i) => i.list_type === listType)!;
      await plantCase(community, item.id, office, [{ organizationId: orgGid(rc), role: 'LEAD' }]);
      await plantCase(community, item.id, office, [{ organizationId: orgGid(office), role: 'LEAD' }, { organizationId: orgGid(rc), role: 'ASSIST' }]);
    }
    facts = await readFacts();
    const orgs = await h.hub.db.selectFrom('organization').select(['id', 'kind', 'name']).execute();
    orgKind = new Map(orgs.map((o) => [o.id, o.kind]));
    orgName = new Map(orgs.map((o) => [o.id, o.name]));
    itemName = new Map((await h.hub.db.selectFrom('duty_item').select(['id', 'name']).execute()).map((d) => [d.id, d.name]));
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  async function caseIds(filter: Record<string, unknown>, caller?: Caller): Promise<string[]> {
    const data = dataOf(await h.gql(`query($f: CaseFilter) { cases(filter: $f, first: 1000) { totalCount nodes { id } } }`, { f: filter }, caller));
    expect(data.cases.totalCount).toBe(data.cases.nodes.length);
    return data.cases.nodes.map((n: { id: string }) => n.id).sort();
  }
  const gidsOf = (rows: Facts[]) => rows.map((f) => f.gid).sort();

  it('flags every case and explains the shift (item, list, committees, dispatcher) as computed from the rows', async () => {
    const shifted = facts.filter((f) => f.shifted);
    // the demo world has both kinds, so neither branch passes by absence
    expect(shifted.length, 'duty-shifted cases in the tiny world').toBeGreaterThan(0);
    expect(facts.filter((f) => !f.shifted && f.committeeDuty).length, 'committee cases on the work list').toBeGreaterThan(0);
    for (const listType of ['BASIC_DUTY', 'ASSIST_DUTY', 'POWER', 'RESPONSIBILITY', 'WITHDRAWN']) {
      for (const role of ['LEAD', 'ASSIST']) {
        const n = facts.filter((f) => f.listType === listType && f.handlers.some((x) => x.kind === 'RESIDENTS_COMMITTEE' && x.role === role)).length;
        expect(n, `committee as ${role} on a ${listType} item`).toBeGreaterThan(0);
      }
    }
    const data = dataOf(
      await h.gql(`{ cases(first: 200) { nodes { id dutyShifted dutyShift { reason listType dispatchedAt
        dutyItem { id listType workListRole } committees { role organization { id kind } } dispatcher { id } } } } }`),
    );
    expect(data.cases.nodes.length).toBe(facts.length);
    const byGid = new Map(facts.map((f) => [f.gid, f]));
    for (const n of data.cases.nodes) {
      const f = byGid.get(n.id)!;
      expect(n.dutyShifted, n.id).toBe(f.shifted);
      if (!f.shifted) {
        expect(n.dutyShift).toBeNull();
        continue;
      }
      expect(n.dutyShift.reason).toBe(f.listType === 'WITHDRAWN' ? 'WITHDRAWN_DUTY' : 'STREET_DUTY');
      expect(n.dutyShift.listType).toBe(f.listType);
      expect(n.dutyShift.dutyItem).toEqual({ id: toGlobalId('DutyItem', f.dutyItemId!), listType: f.listType, workListRole: null });
      const committees = f.handlers.filter((x) => x.kind === 'RESIDENTS_COMMITTEE');
      expect(n.dutyShift.committees.map((c: any) => `${c.organization.id}/${c.role}/${c.organization.kind}`).sort()).toEqual(committees.map((c) => `${orgGid(c.org)}/${c.role}/RESIDENTS_COMMITTEE`).sort());
      expect(n.dutyShift.committees.length).toBeGreaterThan(0);
      expect(n.dutyShift.dispatcher?.id ?? null).toBe(f.dispatcher && orgGid(f.dispatcher));
      expect(n.dutyShift.dispatchedAt).toBe(f.dispatchedAt?.toISOString() ?? null);
    }
  });

  it('batches the flag: one statement per request level, whatever the number of cases', async () => {
    const q = `query($n: Int) { cases(first: $n) { nodes { dutyShifted dutyShift { reason dispatcher { id } } } } }`;
    const count = async (n: number) => {
      h.resetStatements();
      dataOf(await h.gql(q, { n }));
      return h.statements().filter((s) => /duty_item_id/.test(s) && /RESIDENTS_COMMITTEE/.test(s)).length;
    };
    expect(await count(3)).toBe(1);
    expect(await count(facts.length)).toBe(1);
  });

  it('filters: dutyShifted, handlingUnit, handlingUnitKind, dispatcher', async () => {
    expect(await caseIds({ dutyShifted: true })).toEqual(gidsOf(facts.filter((f) => f.shifted)));
    expect(await caseIds({ dutyShifted: false })).toEqual(gidsOf(facts.filter((f) => !f.shifted)));

    // the committee with most cases, and an assisting unit: any handling role counts
    const counts = new Map<string, number>();
    for (const f of facts) for (const x of f.handlers) counts.set(x.org, (counts.get(x.org) ?? 0) + 1);
    const committee = [...counts.entries()].filter(([o]) => orgKind.get(o) === 'RESIDENTS_COMMITTEE').sort((a, b) => b[1] - a[1])[0]![0];
    const assisting = facts.flatMap((f) => f.handlers.filter((x) => x.role === 'ASSIST').map((x) => x.org))[0];
    const units = assisting ? [committee, assisting] : [committee];
    const handledBy = facts.filter((f) => f.handlers.some((x) => units.includes(x.org)));
    expect(handledBy.length).toBeGreaterThan(0);
    expect(await caseIds({ handlingUnit: units.map(orgGid) })).toEqual(gidsOf(handledBy));

    for (const kinds of [['RESIDENTS_COMMITTEE'], ['PROPERTY_COMPANY', 'GOVERNMENT_DEPT']]) {
      const expected = facts.filter((f) => f.handlers.some((x) => kinds.includes(x.kind)));
      expect(expected.length, kinds.join()).toBeGreaterThan(0);
      expect(await caseIds({ handlingUnitKind: kinds })).toEqual(gidsOf(expected));
    }

    const dispatcher = facts.find((f) => f.dispatcher !== null)!.dispatcher!;
    expect(await caseIds({ dispatcher: [orgGid(dispatcher)] })).toEqual(gidsOf(facts.filter((f) => f.dispatcher === dispatcher)));
    // combined: all conditions hold
    expect(await caseIds({ dutyShifted: true, handlingUnitKind: ['RESIDENTS_COMMITTEE'], dispatcher: [orgGid(dispatcher)] })).toEqual(
      gidsOf(facts.filter((f) => f.shifted && f.dispatcher === dispatcher)),
    );
  });

  it('validates the new filters once, with coded errors naming the field', async () => {
    const q = `query($f: CaseFilter) { cases(filter: $f) { totalCount } caseStats(filter: $f) { total { count } } }`;
    const bad: [Record<string, unknown>, string][] = [
      [{ handlingUnit: ['nonsense'] }, 'filter.handlingUnit'],
      [{ handlingUnit: [caseGid(facts[0]!.id)] }, 'filter.handlingUnit'],
      [{ dispatcher: [toGlobalId('DutyItem', facts[0]!.id)] }, 'filter.dispatcher'],
      [{ dispatcher: Array.from({ length: 101 }, (_, i) => orgGid(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)) }, 'filter.dispatcher'],
    ];
    for (const [f, field] of bad) {
      const r: GqlResult = await h.gql(q, { f });
      expect(r.errors?.[0]?.extensions, JSON.stringify(f).slice(0, 80)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const kindError = await h.gql(q, { f: { handlingUnitKind: ['NOT_A_KIND'] } });
    expect(kindError.errors?.length).toBeGreaterThan(0);
  });

  /** Groups the facts by `key` and compares count, dutyShiftedCount, committeeDutyCount and dutyShiftRate with every group. */
  function expectGroups(groups: any[], key: (f: Facts) => string, groupKey: (g: any) => string, rows: Facts[] = facts) {
    const expected = new Map<string, Facts[]>();
    for (const f of rows) expected.set(key(f), [...(expected.get(key(f)) ?? []), f]);
    expect(groups.map(groupKey).sort()).toEqual([...expected.keys()].sort());
    for (const g of groups) {
      const fs = expected.get(groupKey(g))!;
      const shifted = fs.filter((f) => f.shifted).length;
      const base = fs.filter((f) => f.committeeDuty).length;
      expect({ count: g.count, dutyShiftedCount: g.dutyShiftedCount, committeeDutyCount: g.committeeDutyCount, dutyShiftRate: g.dutyShiftRate }, groupKey(g)).toEqual({
        count: fs.length,
        dutyShiftedCount: shifted,
        committeeDutyCount: base,
        dutyShiftRate: base === 0 ? null : r4(shifted / base),
      });
    }
  }
  const FIG = 'suppressed count dutyShiftedCount committeeDutyCount dutyShiftRate';

  it('caseStats by HANDLING_UNIT (the lead), DISPATCHER and DUTY_ITEM matches counts from the rows', async () => {
    const data = dataOf(
      await h.gql(`{
        unit: caseStats(groupBy: [HANDLING_UNIT]) { total { ${FIG} } groups { handlingUnitId handlingUnitName handlingUnitKind ${FIG} } }
        dispatcher: caseStats(groupBy: [DISPATCHER]) { groups { dispatcherId dispatcherName dispatcherKind ${FIG} } }
        item: caseStats(groupBy: [DUTY_ITEM]) { groups { dutyItemId dutyItemCode dutyItemName dutyItemListType ${FIG} } }
      }`),
    );
    const shifted = facts.filter((f) => f.shifted).length;
    const base = facts.filter((f) => f.committeeDuty).length;
    expect(data.unit.total).toMatchObject({ count: facts.length, dutyShiftedCount: shifted, committeeDutyCount: base, dutyShiftRate: r4(shifted / base) });
    expectGroups(data.unit.groups, (f) => String(f.lead && orgGid(f.lead)), (g) => String(g.handlingUnitId));
    for (const g of data.unit.groups.filter((x: any) => x.handlingUnitId)) {
      expect([g.handlingUnitName, g.handlingUnitKind]).toEqual([orgName.get(rowIdOf(g.handlingUnitId)), orgKind.get(rowIdOf(g.handlingUnitId))]);
    }
    expect(data.unit.groups.filter((g: any) => g.handlingUnitKind === 'RESIDENTS_COMMITTEE').length).toBeGreaterThan(0);
    expectGroups(data.dispatcher.groups, (f) => String(f.dispatcher && orgGid(f.dispatcher)), (g) => String(g.dispatcherId));
    for (const g of data.dispatcher.groups.filter((x: any) => x.dispatcherId)) expect(g.dispatcherName).toBe(orgName.get(rowIdOf(g.dispatcherId)));
    expectGroups(data.item.groups, (f) => String(f.dutyItemId && toGlobalId('DutyItem', f.dutyItemId)), (g) => String(g.dutyItemId));
    for (const g of data.item.groups.filter((x: any) => x.dutyItemId)) {
      const f = facts.find((x) => x.dutyItemId === rowIdOf(g.dutyItemId))!;
      expect([g.dutyItemName, g.dutyItemListType]).toEqual([itemName.get(f.dutyItemId!), f.listType]);
      if (g.dutyShiftedCount > 0) expect(ROLE_OF_LIST[g.dutyItemListType]).toBeNull();
    }
  });

  it('answers the burden view: cases per community and month handled by committees, shifted, the rate; the top items and dispatchers', async () => {
    const month = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
    const data = dataOf(
      await h.gql(`{
        burden: caseStats(filter: { area: "420102", handlingUnitKind: [RESIDENTS_COMMITTEE] }, groupBy: [AREA, MONTH]) { groups { areaCode period ${FIG} } }
        top: caseStats(filter: { area: "420102", dutyShifted: true }, groupBy: [AREA, MONTH, DUTY_ITEM, DISPATCHER]) { groups { areaCode period dutyItemId dispatcherId count } }
      }`),
    );
    const handled = facts.filter((f) => f.areaCode?.startsWith('420102') && f.handlers.some((x) => x.kind === 'RESIDENTS_COMMITTEE'));
    expectGroups(data.burden.groups, (f) => `${f.areaCode}/${month(f.reportedAt)}`, (g) => `${g.areaCode}/${g.period}`, handled);
    const shifted = facts.filter((f) => f.shifted && f.areaCode?.startsWith('420102'));
    const key = (f: Facts) => `${f.areaCode}/${month(f.reportedAt)}/${f.dutyItemId && toGlobalId('DutyItem', f.dutyItemId)}/${f.dispatcher && orgGid(f.dispatcher)}`;
    const counts = new Map<string, number>();
    for (const f of shifted) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
    expect(new Map(data.top.groups.map((g: any) => [`${g.areaCode}/${g.period}/${g.dutyItemId}/${g.dispatcherId}`, g.count]))).toEqual(counts);
  });

  it('rounds every rate to 4 decimals and hours to 2, from the same figures', async () => {
    const data = dataOf(await h.gql(`{ caseStats(groupBy: [CATEGORY]) { total { onTimeRate avgHoursToClose satisfactionRate returnsPerCase dutyShiftRate } groups { onTimeRate avgHoursToClose satisfactionRate returnsPerCase dutyShiftRate } } }`));
    const closed = facts.filter((f) => f.closedAt !== null);
    const timed = closed.filter((f) => f.dueAt !== null);
    const revisited = facts.filter((f) => f.satisfaction !== null);
    const t = data.caseStats.total;
    const exact = {
      onTimeRate: timed.filter((f) => f.closedAt! <= f.dueAt!).length / timed.length,
      satisfactionRate: revisited.filter((f) => f.satisfaction !== 'UNSATISFIED').length / revisited.length,
      returnsPerCase: facts.reduce((s, f) => s + f.returnsCount, 0) / facts.length,
      avgHoursToClose: closed.reduce((s, f) => s + (f.closedAt!.getTime() - f.reportedAt.getTime()) / 3600_000, 0) / closed.length,
    };
    for (const k of ['onTimeRate', 'satisfactionRate', 'returnsPerCase'] as const) expect(Math.abs(t[k] - exact[k]), k).toBeLessThanOrEqual(0.00005 + 1e-12);
    expect(Math.abs(t.avgHoursToClose - exact.avgHoursToClose)).toBeLessThanOrEqual(0.005 + 1e-9);
    // the raw figures are not already round: rounding is exercised, not passed by luck
    expect(decimals(exact.returnsPerCase) + decimals(exact.avgHoursToClose)).toBeGreaterThan(6);
    for (const g of [t, ...data.caseStats.groups]) {
      for (const k of ['onTimeRate', 'satisfactionRate', 'returnsPerCase', 'dutyShiftRate']) if (g[k] !== null) expect(decimals(g[k]), k).toBeLessThanOrEqual(4);
      if (g.avgHoursToClose !== null) expect(decimals(g.avgHoursToClose)).toBeLessThanOrEqual(2);
    }
  });

  it('small-group rule: groups keyed by an L4 duty item or unit (低保, 养老, 退役军人 …) of 1–4 cases are withheld for roles without L4', async () => {
    let exercised = 0;
    for (const dim of ['DUTY_ITEM', 'HANDLING_UNIT', 'DISPATCHER']) {
      const q = `{ caseStats(groupBy: [${dim}]) { total { count suppressed } groups { dutyItemName handlingUnitName dispatcherName ${FIG} } } }`;
      const [analyst, admin] = [dataOf(await h.gql(q, {}, ANALYST)).caseStats, dataOf(await h.gql(q, {}, ADMIN)).caseStats];
      expect(admin.groups.every((g: any) => !g.suppressed)).toBe(true);
      expect(analyst.total).toEqual(admin.total);
      const name = (g: any) => g.dutyItemName ?? g.handlingUnitName ?? g.dispatcherName;
      const sensitive = admin.groups.map((g: any) => isL4Category(name(g)));
      const primary = admin.groups.map((g: any, i: number) => sensitive[i] && g.count >= 1 && g.count < MIN_GROUP_SIZE);
      const withheld = analyst.groups.map((g: any) => g.suppressed);
      // every small sensitive group is withheld; never exactly one (the total would give it away);
      // at most one group beyond the small sensitive ones (the secondary), and only when one was alone
      primary.forEach((p: boolean, i: number) => {
        if (p) expect(withheld[i], `${dim} ${name(admin.groups[i])}`).toBe(true);
      });
      const extra = withheld.filter((w: boolean, i: number) => w && !primary[i]).length;
      expect(extra).toBe(primary.filter(Boolean).length === 1 && admin.groups.length > 1 ? 1 : 0);
      expect(withheld.filter(Boolean).length).not.toBe(1);
      const expected = withheld;
      exercised += expected.filter(Boolean).length;
    }
    expect(exercised, 'withheld groups across the three dimensions').toBeGreaterThan(0);

    // a filter naming an L4 duty item makes the total an L4 group
    const l4Items = facts.filter((f) => f.dutyItemId && isL4Category(itemName.get(f.dutyItemId)!));
    const small = [...new Set(l4Items.map((f) => f.dutyItemId!))].find((id) => {
      const n = facts.filter((f) => f.dutyItemId === id).length;
      return n >= 1 && n < MIN_GROUP_SIZE;
    });
    expect(small, 'an L4 duty item with 1–4 cases').toBeDefined();
    const q = `query($f: CaseFilter) { caseStats(filter: $f) { total { count suppressed } } }`;
    const f = { dutyItem: toGlobalId('DutyItem', small!) };
    expect(dataOf(await h.gql(q, { f }, ANALYST)).caseStats.total).toEqual({ count: null, suppressed: true });
    expect(dataOf(await h.gql(q, { f }, ADMIN)).caseStats.total.count).toBe(facts.filter((x) => x.dutyItemId === small).length);
  });

  it('the work list: workListRole per item, dutyItems(filter: { area: community, onWorkList })', async () => {
    const community = facts.find((f) => f.areaCode !== null)!.areaCode!;
    const streetCode = `${community.slice(0, 9)}000`;
    const items = await h.hub.db
      .selectFrom('duty_item as di')
      .innerJoin('admin_area as s', 's.id', 'di.street_id')
      .select(['di.id', 'di.list_type'])
      .where('s.code', '=', streetCode)
      .execute();
    const q = `query($f: DutyItemFilter) { dutyItems(filter: $f, first: 1000) { nodes { id listType workListRole } } }`;
    const on = dataOf(await h.gql(q, { f: { area: community, onWorkList: true } })).dutyItems.nodes;
    const off = dataOf(await h.gql(q, { f: { area: community, onWorkList: false } })).dutyItems.nodes;
    const gids = (rows: typeof items) => rows.map((r) => toGlobalId('DutyItem', r.id)).sort();
    expect(on.map((n: any) => n.id).sort()).toEqual(gids(items.filter((i) => ROLE_OF_LIST[i.list_type] !== null)));
    expect(off.map((n: any) => n.id).sort()).toEqual(gids(items.filter((i) => ROLE_OF_LIST[i.list_type] === null)));
    expect(on.length).toBeGreaterThan(0);
    expect(off.length).toBeGreaterThan(0);
    for (const n of [...on, ...off]) expect(n.workListRole).toBe(ROLE_OF_LIST[n.listType]);
    // a community's staff sees its street's work list
    const staff: Caller = { role: 'COMMUNITY_STAFF', areaScope: [community], subject: 'rc-staff' };
    expect(dataOf(await h.gql(q, { f: { onWorkList: true } }, staff)).dutyItems.nodes.map((n: any) => n.id).sort()).toEqual(on.map((n: any) => n.id).sort());
  });

  it('QUARTER (and MONTH) buckets are taken in China time: 2026-03-31T17:00Z is in 2026-Q2', async () => {
    const community = facts.find((f) => f.areaCode !== null)!.areaCode!;
    const report = `mutation($input: ReportCaseInput!) { reportCase(input: $input) { id reportedAt } }`;
    const at = ['2026-03-31T15:59:59.000Z', '2026-03-31T17:00:00.000Z', '2026-06-30T15:59:00.000Z', '2026-06-30T16:00:00.000Z'];
    for (const reportedAt of at) {
      const c = dataOf(await h.gql(report, { input: { kind: 'APPEAL', channel: '来访', title: '季度边界', area: community, reportedAt } })).reportCase;
      expect(c.reportedAt).toBe(reportedAt);
    }
    const q = `query($f: CaseFilter) { q: caseStats(filter: $f, groupBy: [QUARTER]) { groups { period count } } m: caseStats(filter: $f, groupBy: [MONTH]) { groups { period count } } }`;
    const one = async (instant: string) => {
      const from = new Date(instant);
      const data = dataOf(await h.gql(q, { f: { channel: ['来访'], reportedFrom: from.toISOString(), reportedTo: new Date(from.getTime() + 1000).toISOString() } }));
      return [data.q.groups.map((g: any) => `${g.period}:${g.count}`), data.m.groups.map((g: any) => `${g.period}:${g.count}`)];
    };
    expect(await one(at[0]!)).toEqual([['2026-Q1:1'], ['2026-03:1']]);
    expect(await one(at[1]!)).toEqual([['2026-Q2:1'], ['2026-04:1']]);
    expect(await one(at[2]!)).toEqual([['2026-Q2:1'], ['2026-06:1']]);
    expect(await one(at[3]!)).toEqual([['2026-Q3:1'], ['2026-07:1']]);
    // over the whole world: every case in the quarter of its China-time date, computed here
    const quarter = (d: Date) => {
      const cst = new Date(d.getTime() + 8 * 3600_000);
      return `${cst.getUTCFullYear()}-Q${Math.floor(cst.getUTCMonth() / 3) + 1}`;
    };
    const rows = await h.hub.db.selectFrom('case_record').select('reported_at').execute();
    const expected = new Map<string, number>();
    for (const r of rows) expected.set(quarter(new Date(r.reported_at)), (expected.get(quarter(new Date(r.reported_at))) ?? 0) + 1);
    const all = dataOf(await h.gql(`{ caseStats(groupBy: [QUARTER]) { groups { period count } } }`)).caseStats.groups;
    expect(new Map(all.map((g: any) => [g.period, g.count]))).toEqual(expected);
    const error = await h.gql(`{ caseStats(groupBy: [QUARTER, MONTH]) { total { count } } }`);
    expect(error.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
  });

  it('a hub move to a non-committee unit clears the flag (computed from the current handlers)', async () => {
    const { rc, community, office, items } = await firstCommittee();
    const item = items.find((i) => i.list_type === 'POWER')!;
    const stats = async () => dataOf(await h.gql(`{ caseStats(filter: { dutyShifted: true }) { total { count } } }`)).caseStats.total.count;
    const before = await stats();
    let c = await plantCase(community, item.id, office, [{ organizationId: orgGid(rc), role: 'LEAD' }]);
    expect(c.dutyShifted).toBe(true);
    expect(c.dutyShift).toEqual({ reason: 'STREET_DUTY', dispatcher: { id: orgGid(office) }, committees: [{ role: 'LEAD', organization: { id: orgGid(rc) } }] });
    expect(await stats()).toBe(before + 1);
    expect(await caseIds({ dutyShifted: true })).toContain(c.id);
    c = await move('signCase', c, { actor: orgGid(rc) });
    c = await move('returnCase', c, { actor: orgGid(rc), reason: '不属于社区工作事项清单' });
    c = await move('dispatchCase', c, { actor: orgGid(office), units: [{ organizationId: orgGid(office), role: 'LEAD' }] });
    expect(c.status).toBe('DISPATCHED');
    expect(c.dutyShifted).toBe(false);
    expect(c.dutyShift).toBeNull();
    expect(await stats()).toBe(before);
    expect(await caseIds({ dutyShifted: true })).not.toContain(c.id);
  });
});
