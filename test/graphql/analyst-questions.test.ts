import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller';
import { projectRoot } from '../../src/project-root';
import { ANALYST_QUESTIONS } from '../../src/server/playground/analyst-questions';
import { PLAYGROUND_EXAMPLES } from '../../src/server/playground/examples';
import { availableStoreKinds } from '../support/test-hub';
import { type DemoHub, dataOf, openDemoHub } from './support/harness';

/**
 * The street analyst's ten questions (src/server/playground/analyst-questions.ts), each ONE
 * operation, run on the `ci` demo as the street office (STREET_STAFF scoped to the street) and
 * checked against figures this test computes itself from the rows (plain selects, counted here in
 * TypeScript — none of the hub's SQL). One store: the ci world takes a minute or two to load, and
 * the read API's other tests cover both stores.
 */
const KIND = availableStoreKinds()[0]!;
const STREET = '420102002';
const STREET_STAFF: Caller = { role: 'STREET_STAFF', areaScope: [`${STREET}000`], subject: 'test-street-analyst' };

const question = (id: string) => {
  const q = ANALYST_QUESTIONS.find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  return q;
};

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const tally = <K>(keys: readonly K[]) => {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
};

interface Rows {
  areas: { id: string; code: string; name: string; level: string; path: string }[];
  grids: { id: string; code: string; community_id: string }[];
  cases: {
    id: string;
    area_id: string | null;
    grid_id: string | null;
    kind: string;
    status: string;
    category: string | null;
    satisfaction: string | null;
    duty_item_id: string | null;
    reported_at: Date;
    due_at: Date | null;
    closed_at: Date | null;
  }[];
  handlers: { case_id: string; organization_id: string; role: string }[];
  orgs: { id: string; name: string; kind: string; area_id: string | null }[];
  events: { case_id: string; seq: number; to_status: string; actor_org_id: string | null }[];
  dutyItems: { id: string; code: string; list_type: string }[];
  households: { id: string; community_id: string | null; grid_id: string | null }[];
  residencies: { person_id: string; household_id: string; category: string; valid_to: string | null }[];
  persons: { id: string; birth_date: string | null }[];
  staff: { person_id: string; role: string; area_id: string | null; grid_id: string | null; valid_to: string | null }[];
  assignments: { household_id: string }[];
  participations: { area_id: string | null; hours: number | null }[];
  partyHosts: { host_organization_id: string; code: string }[];
  today: string;
}

async function readRows(h: DemoHub): Promise<Rows> {
  const db = h.hub.db;
  const all = async <T>(q: ReturnType<typeof sql>) => (await q.execute(db)).rows as T[];
  return {
    areas: await all(sql`select id, code, name, level, path from admin_area`),
    grids: await all(sql`select id, code, community_id from grid`),
    cases: await all(sql`select id, area_id, grid_id, kind, status, category, satisfaction, duty_item_id, reported_at, due_at, closed_at from case_record`),
    handlers: await all(sql`select case_id, organization_id, role from case_handler`),
    orgs: await all(sql`select id, name, kind, area_id from organization`),
    events: await all(sql`select case_id, seq, to_status, actor_org_id from case_event`),
    dutyItems: await all(sql`select id, code, list_type from duty_item`),
    households: await all(sql`select id, community_id, grid_id from household`),
    residencies: await all(sql`select person_id, household_id, category, valid_to::text from residency`),
    persons: await all(sql`select id, birth_date::text from person`),
    staff: await all(sql`select person_id, role, area_id, grid_id, valid_to::text from staff_role`),
    assignments: await all(sql`select cah.household_id from contact_assignment_household cah join contact_assignment ca on ca.id = cah.assignment_id where ca.valid_to is null`),
    participations: await all(sql`select a.area_id, ap.hours::float8 as hours from activity_participant ap join activity a on a.id = ap.activity_id`),
    partyHosts: await all(sql`select host_organization_id, code from party_org where host_organization_id is not null`),
    today: (await all<{ d: string }>(sql`select ((now() at time zone 'Asia/Shanghai')::date)::text as d`))[0]!.d,
  };
}

describe(`the analyst's ten questions, one operation each, on the ci demo (${KIND})`, () => {
  let h: DemoHub;
  let r: Rows;
  /** The community (12-digit code) of a row placed by its area, else its grid's community; null outside the street. */
  let communityOf: (areaId: string | null, gridId: string | null) => string | null;
  let communities: Rows['areas'];

  beforeAll(async () => {
    h = await openDemoHub(KIND, 'ci');
    // question 9 needs a grid without a worker: one grid of the street loses its grid workers today
    await sql`update staff_role set valid_to = current_date where role = 'GRID_WORKER' and grid_id = (
      select g.id from grid g join admin_area a on a.id = g.community_id where a.code like ${`${STREET}%`} order by g.code limit 1)`.execute(h.hub.db);
    r = await readRows(h);
    const street = r.areas.find((a) => a.code === `${STREET}000`)!;
    const inStreet = new Map(r.areas.filter((a) => a.path.startsWith(street.path)).map((a) => [a.id, a]));
    const gridCommunity = new Map(r.grids.map((g) => [g.id, g.community_id]));
    communityOf = (areaId, gridId) => {
      const id = areaId ?? (gridId ? (gridCommunity.get(gridId) ?? null) : null);
      return id && inStreet.has(id) ? inStreet.get(id)!.code : null;
    };
    communities = [...inStreet.values()].filter((a) => a.level === 'community').sort((a, b) => a.code.localeCompare(b.code));
  }, 600_000);
  afterAll(async () => {
    await h?.close();
  });

  const ask = async (id: string, variables: Record<string, unknown> = {}) => {
    const q = question(id);
    return dataOf(await h.gql(q.query, { ...q.variables, ...variables }, STREET_STAFF));
  };

  it('1. overdue cases per community this month', async () => {
    const { monthStart, monthEnd } = question('q1-overdue-by-community').variables as Record<string, string>;
    const [from, to] = [Date.parse(monthStart!), Date.parse(monthEnd!)];
    const due = r.cases.filter((c) => communityOf(c.area_id, c.grid_id) && c.due_at && +c.due_at >= from && +c.due_at < to);
    const overdue = (c: Rows['cases'][number]) => (c.closed_at ? +c.closed_at : Date.now()) > +c.due_at!;
    expect(due.length, 'cases due this month in the street').toBeGreaterThan(0);
    const data = await ask('q1-overdue-by-community');
    expect(data.caseStats.total).toEqual({ count: due.length, overdueCount: due.filter(overdue).length });
    const expected = [...tally(due.map((c) => communityOf(c.area_id, c.grid_id)!)).entries()].map(([code, count]) => ({
      areaCode: code,
      count,
      overdueCount: due.filter((c) => communityOf(c.area_id, c.grid_id) === code && overdue(c)).length,
    }));
    const got = data.caseStats.groups.map((g: any) => ({ areaCode: g.areaCode, count: g.count, overdueCount: g.overdueCount }));
    expect(got.sort((a: any, b: any) => a.areaCode.localeCompare(b.areaCode))).toEqual(expected.sort((a, b) => a.areaCode.localeCompare(b.areaCode)));
    expect(expected.some((g) => g.overdueCount > 0), 'some community has overdue cases').toBe(true);
  });

  it('2. households covered by party-member 联户, per grid', async () => {
    const covered = new Set(r.assignments.map((a) => a.household_id));
    const streetGrids = r.grids.filter((g) => communityOf(g.community_id, null));
    const data = await ask('q2-contact-coverage-by-grid');
    const got = new Map(data.grids.nodes.map((n: any) => [n.code, n.stats]));
    expect([...got.keys()].sort()).toEqual(streetGrids.map((g) => g.code).sort());
    let coveredTotal = 0;
    for (const g of streetGrids) {
      const households = r.households.filter((x) => x.grid_id === g.id);
      const withContact = households.filter((x) => covered.has(x.id)).length;
      coveredTotal += withContact;
      expect(got.get(g.code), g.code).toEqual({
        households: households.length,
        householdsWithContact: withContact,
        partyMemberHouseholdCoverage: households.length > 0 ? round4(withContact / households.length) : null,
      });
    }
    expect(coveredTotal).toBeGreaterThan(0);
  });

  it('3. social organisations and property firms with a party organisation', async () => {
    // question 3 as asked of the street holding the most such organisations (the demo's 红色物业 are few)
    const hosts = new Map<string, string[]>();
    for (const p of r.partyHosts) hosts.set(p.host_organization_id, [...(hosts.get(p.host_organization_id) ?? []), p.code]);
    const street = r.areas.find((a) => a.code === `${STREET}000`)!;
    const candidates = r.orgs.filter((o) => ['SOCIAL_ORG', 'PROPERTY_COMPANY'].includes(o.kind));
    const inStreet = (o: Rows['orgs'][number]) => o.area_id !== null && (r.areas.find((a) => a.id === o.area_id)?.path.startsWith(street.path) ?? false);
    const expected = candidates.filter((o) => inStreet(o) && hosts.has(o.id));
    const data = await ask('q3-party-organizations-in-organizations');
    expect(data.all.totalCount).toBe(candidates.filter(inStreet).length);
    expect(data.organizations.totalCount).toBe(expected.length);
    expect(data.organizations.nodes.map((n: any) => n.name).sort()).toEqual(expected.map((o) => o.name).sort());
    for (const n of data.organizations.nodes) {
      const org = expected.find((o) => o.name === n.name)!;
      expect(n.partyOrgs.map((p: any) => p.code).sort()).toEqual([...hosts.get(org.id)!].sort());
    }
    // district-wide (unscoped ADMIN): every hosting social organisation and property firm
    const admin: Caller = { role: 'ADMIN', areaScope: [], subject: 'test-admin' };
    const q = question('q3-party-organizations-in-organizations');
    const district = dataOf(await h.gql(q.query, { street: '420102' }, admin));
    const districtExpected = candidates.filter((o) => hosts.has(o.id) && o.area_id !== null);
    expect(district.organizations.totalCount).toBe(districtExpected.length);
    expect(districtExpected.length, 'the demo has hosting organisations').toBeGreaterThan(0);
  });

  it('4. cases dispatched to a community for a duty it does not hold (转嫁责任)', async () => {
    const itemList = new Map(r.dutyItems.map((d) => [d.id, d]));
    const rcIds = new Set(r.orgs.filter((o) => o.kind === 'RESIDENTS_COMMITTEE').map((o) => o.id));
    const rcCases = new Set(r.handlers.filter((x) => rcIds.has(x.organization_id)).map((x) => x.case_id));
    const inStreet = r.cases.filter((c) => communityOf(c.area_id, c.grid_id) && rcCases.has(c.id));
    const withItem = inStreet.filter((c) => c.duty_item_id);
    const shifted = withItem.filter((c) => !['BASIC_DUTY', 'ASSIST_DUTY'].includes(itemList.get(c.duty_item_id!)!.list_type));
    expect(shifted.length, 'duty-shifted cases in the street').toBeGreaterThan(0);
    const data = await ask('q4-duty-shifted');
    expect(data.byCommunity.total).toEqual({ committeeDutyCount: withItem.length, dutyShiftedCount: shifted.length, dutyShiftRate: round4(shifted.length / withItem.length) });
    for (const g of data.byCommunity.groups) {
      const mine = (c: Rows['cases'][number]) => communityOf(c.area_id, c.grid_id) === g.areaCode;
      expect([g.committeeDutyCount, g.dutyShiftedCount], g.areaCode).toEqual([withItem.filter(mine).length, shifted.filter(mine).length]);
    }
    // the top (dispatcher, item) pairs: the latest step into DISPATCHED names the dispatcher
    const dispatcherOf = new Map<string, string | null>();
    for (const e of [...r.events].sort((a, b) => a.seq - b.seq)) if (e.to_status === 'DISPATCHED') dispatcherOf.set(e.case_id, e.actor_org_id);
    const orgName = new Map(r.orgs.map((o) => [o.id, o.name]));
    const pairs = tally(shifted.map((c) => `${orgName.get(dispatcherOf.get(c.id) ?? '') ?? null}|${itemList.get(c.duty_item_id!)!.code}`));
    const top = [...pairs.values()].sort((a, b) => b - a).slice(0, 10);
    expect(data.byDispatcher.groups.map((g: any) => g.count)).toEqual(top);
    for (const g of data.byDispatcher.groups) expect(pairs.get(`${g.dispatcherName}|${g.dutyItemCode}`), `${g.dispatcherName} ${g.dutyItemCode}`).toBe(g.count);
  });

  it('5. repair orders per property firm, by status', async () => {
    const orgById = new Map(r.orgs.map((o) => [o.id, o]));
    const leadOf = new Map<string, string>();
    for (const x of [...r.handlers].sort((a, b) => a.organization_id.localeCompare(b.organization_id))) if (x.role === 'LEAD' && !leadOf.has(x.case_id)) leadOf.set(x.case_id, x.organization_id);
    const repairs = r.cases.filter((c) => c.kind === 'REPAIR' && communityOf(c.area_id, c.grid_id));
    expect(repairs.length).toBeGreaterThan(0);
    const expected = tally(repairs.map((c) => `${orgById.get(leadOf.get(c.id) ?? '')?.name ?? null}|${c.status}`));
    const data = await ask('q5-repairs-by-property-firm');
    expect(data.caseStats.total.count).toBe(repairs.length);
    expect(new Map(data.caseStats.groups.map((g: any) => [`${g.handlingUnitName}|${g.status}`, g.count]))).toEqual(expected);
    expect(data.caseStats.groups.some((g: any) => g.handlingUnitKind === 'PROPERTY_COMPANY')).toBe(true);
  });

  it('6. volunteer hours per community', async () => {
    const data = await ask('q6-volunteer-hours-by-community');
    expect(data.areas.nodes.map((n: any) => n.code)).toEqual(communities.map((c) => c.code));
    let total = 0;
    for (const n of data.areas.nodes) {
      const community = communities.find((c) => c.code === n.code)!;
      const hours = r.participations.filter((p) => p.area_id === community.id).reduce((s, p) => s + (p.hours ?? 0), 0);
      const volunteers = new Set(r.staff.filter((s) => s.role === 'VOLUNTEER' && s.valid_to === null && communityOf(s.area_id, s.grid_id) === n.code).map((s) => s.person_id));
      total += hours;
      expect(n.stats.volunteerHours, n.code).toBeCloseTo(hours, 2);
      expect(n.stats.volunteers, n.code).toBe(volunteers.size);
    }
    expect(total).toBeGreaterThan(0);
  });

  it('7. share of floating residents per community', async () => {
    const household = new Map(r.households.map((x) => [x.id, x]));
    const current = r.residencies.filter((x) => x.valid_to === null);
    const data = await ask('q7-floating-share-by-community');
    for (const n of data.areas.nodes) {
      const here = current.filter((x) => {
        const hh = household.get(x.household_id)!;
        return communityOf(hh.community_id, hh.grid_id) === n.code;
      });
      const residents = new Set(here.map((x) => x.person_id)).size;
      const floating = new Set(here.filter((x) => x.category === 'FLOATING').map((x) => x.person_id)).size;
      expect(n.stats, n.code).toEqual({ residents, floatingResidents: floating, floatingShare: residents > 0 ? round4(floating / residents) : null });
    }
    expect(data.areas.nodes.some((n: any) => n.stats.floatingResidents > 0)).toBe(true);
  });

  it('8. top categories and satisfaction in the last six months', async () => {
    const { from, to } = question('q8-top-categories-six-months').variables as Record<string, string>;
    const cases = r.cases.filter((c) => communityOf(c.area_id, c.grid_id) && +c.reported_at >= Date.parse(from!) && +c.reported_at < Date.parse(to!));
    const byCategory = tally(cases.map((c) => c.category));
    const satisfaction = (cat: string | null) => {
      const rated = cases.filter((c) => c.category === cat && c.satisfaction !== null);
      return rated.length > 0 ? round4(rated.filter((c) => c.satisfaction !== 'UNSATISFIED').length / rated.length) : null;
    };
    const data = await ask('q8-top-categories-six-months');
    expect(data.caseStats.total.count).toBe(cases.length);
    const counts = [...byCategory.values()].sort((a, b) => b - a).slice(0, 10);
    expect(data.caseStats.groups.map((g: any) => g.count)).toEqual(counts);
    for (const g of data.caseStats.groups) {
      expect(byCategory.get(g.category), g.category).toBe(g.count);
      expect(g.satisfactionRate, g.category).toBe(satisfaction(g.category));
    }
  });

  it('9. grids without a current grid worker', async () => {
    const working = new Set(r.staff.filter((s) => s.role === 'GRID_WORKER' && s.valid_to === null && s.grid_id).map((s) => s.grid_id));
    const without = r.grids.filter((g) => communityOf(g.community_id, null) && !working.has(g.id));
    expect(without.length, 'the grid that lost its workers at least').toBeGreaterThan(0);
    const data = await ask('q9-grids-without-worker');
    expect(data.grids.totalCount).toBe(without.length);
    expect(data.grids.nodes.map((n: any) => n.code)).toEqual(without.map((g) => g.code).sort());
    for (const n of data.areas.nodes) {
      const community = communities.find((c) => c.code === n.code)!;
      const workers = new Set(r.staff.filter((s) => s.role === 'GRID_WORKER' && s.valid_to === null && communityOf(s.area_id, s.grid_id) === n.code).map((s) => s.person_id));
      expect(n.stats, n.code).toEqual({ gridWorkers: workers.size, gridsWithoutWorker: without.filter((g) => g.community_id === community.id).length });
    }
  });

  it('10. residents aged 80+ living alone, per community', async () => {
    const age = (birth: string) => {
      const [y, md] = [Number(birth.slice(0, 4)), birth.slice(5)];
      return Number(r.today.slice(0, 4)) - y - (r.today.slice(5) < md ? 1 : 0);
    };
    const old = new Set(r.persons.filter((p) => p.birth_date && age(p.birth_date) >= 80).map((p) => p.id));
    const household = new Map(r.households.map((x) => [x.id, x]));
    const current = r.residencies.filter((x) => x.valid_to === null);
    const residentsOf = tally(current.map((x) => x.household_id));
    const alone = current.filter((x) => old.has(x.person_id) && residentsOf.get(x.household_id) === 1);
    const perCommunity = new Map<string, Set<string>>();
    for (const x of alone) {
      const hh = household.get(x.household_id)!;
      const code = communityOf(hh.community_id, hh.grid_id);
      if (code) perCommunity.set(code, (perCommunity.get(code) ?? new Set()).add(x.person_id));
    }
    const data = await ask('q10-elderly-living-alone');
    const expected = [...perCommunity.entries()].map(([code, s]) => [code, s.size] as const);
    expect(expected.length, 'the street has elderly living alone').toBeGreaterThan(0);
    expect(data.personStats.total.count).toBe(new Set(alone.filter((x) => perCommunity.get(communityOf(household.get(x.household_id)!.community_id, household.get(x.household_id)!.grid_id) ?? '')?.has(x.person_id)).map((x) => x.person_id)).size);
    expect(new Map(data.personStats.groups.map((g: any) => [g.areaCode, g.count]))).toEqual(new Map(expected));
    const counts = data.personStats.groups.map((g: any) => g.count);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
  });

  it('every question is a playground example and is shown in the README’s analyst guide, verbatim', () => {
    const readme = readFileSync(join(projectRoot(import.meta.url), 'README.md'), 'utf8');
    for (const q of ANALYST_QUESTIONS) {
      expect(PLAYGROUND_EXAMPLES).toContain(q);
      expect(readme.includes(q.query.trim()), `${q.id} in README.md`).toBe(true);
      expect(readme.includes(q.title), `${q.id} title in README.md`).toBe(true);
    }
  });
});
