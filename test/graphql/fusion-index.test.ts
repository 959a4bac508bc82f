import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller';
import { loadConfig } from '../../src/config';
import { COMMITTEE_DUTY_CASE, DUTY_SHIFTED } from '../../src/governance/duty-shift';
import { fromGlobalId } from '../../src/graphql/common/global-id';
import { availableStoreKinds } from '../support/test-hub';
import { type DemoHub, dataOf, openDemoHub } from './support/harness';

/**
 * The 融合 index (issue #12 part 3) on the tiny demo world, on every store: listed rows add up
 * to every figure, figures match SQL written here from the canonical rows, scores follow the
 * declared formula, periods are China-time months and quarters, the comparison agrees with the
 * per-community calls at a constant number of statements, the L4 small-group rule, and the
 * operator's `fusionIndex` config. A few governance rows (a host organisation, an alliance, a
 * hub step, a sync run, cases at a month's edge) are inserted first so that no figure is
 * trivially 0; every expectation is computed from the rows, so it holds whatever the demo holds.
 */

/** A role without L4: the small-group rule applies to it (reads areas, organisations, aggregates). */
const ANALYST: Caller = { role: 'ANALYST', areaScope: [], subject: 'test-analyst' };

const INDICATOR_FIELDS = 'id element weight target floor direction partyMembershipBased suppressed numerator denominator value score';
/** A list in a list counts 100 × 100 under the cost limit: the flat `indicators` is what a comparison asks. */
const INDEX_FIELDS = `area { code } period startDay endDay score elements { element weight score } indicators { ${INDICATOR_FIELDS} }`;

const CST_MS = 8 * 3600_000;
/** Instant a China-time day starts. */
const cstStart = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - CST_MS).toISOString();

/** Bounds of a period written here (not taken from the implementation). */
function bounds(period: string): { start: string; end: string; asOf: string; months: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  const q = /^(\d{4})-Q(\d)$/.exec(period);
  const year = Number((m ?? q)![1]);
  const first = m ? Number(m[2]) : (Number(q![2]) - 1) * 3 + 1;
  const months = m ? 1 : 3;
  const startDay = `${year}-${String(first).padStart(2, '0')}-01`;
  const endDate = new Date(Date.UTC(year, first - 1 + months, 1));
  const endDay = endDate.toISOString().slice(0, 10);
  const asOf = new Date(endDate.getTime() - 86400_000).toISOString().slice(0, 10);
  return { start: cstStart(startDay), end: cstStart(endDay), asOf, months };
}

interface Figure {
  num: number;
  den: number;
}

/** Every indicator's numerator and denominator for an area's subtree, by SQL written for the test (past periods only). */
async function expectedFigures(h: DemoHub, areaCode: string, period: string): Promise<Record<string, Figure>> {
  const db = h.hub.db;
  const { start, end, asOf, months } = bounds(period);
  const sub = sql`(select s.id from admin_area s where s.path like (select p.path from admin_area p where p.code = ${areaCode}) || '%')`;
  const one = async (q: ReturnType<typeof sql>): Promise<Figure> => {
    const r = (await sql<{ num: string | number | null; den: string | number | null }>`${q}`.execute(db)).rows[0]!;
    return { num: Number(r.num ?? 0), den: Number(r.den ?? 0) };
  };
  const cases = sql`(select c.*, g.community_id as grid_community from case_record c left join grid g on g.id = c.grid_id
    where c.reported_at >= ${start}::timestamptz and c.reported_at < ${end}::timestamptz
      and coalesce(c.area_id, g.community_id) in ${sub})`;
  const communities = await one(sql`select 0 as num, count(*) as den from admin_area a where a.level = 'community' and a.id in ${sub}`);
  return {
    'contact-coverage': await one(sql`select count(distinct h.id) filter (where a.id is not null) as num, count(distinct h.id) as den
      from household h left join grid g on g.id = h.grid_id
      left join contact_assignment_household x on x.household_id = h.id
      left join contact_assignment a on a.id = x.assignment_id and coalesce(a.valid_from, '1900-01-01') <= ${asOf}::date and coalesce(a.valid_to, '2999-12-31') >= ${asOf}::date
      where coalesce(h.community_id, g.community_id) in ${sub}`),
    'member-participation': await one(sql`select count(distinct pm.id) filter (where act.id is not null) as num, count(distinct pm.id) as den
      from party_member pm join party_org po on po.id = pm.party_org_id
      left join activity_participant ap on ap.person_id = pm.person_id
      left join activity act on act.id = ap.activity_id and act.start_at >= ${start}::timestamptz and act.start_at < ${end}::timestamptz
      where po.area_id in ${sub} and coalesce(pm.joined_on, '1900-01-01') <= ${asOf}::date`),
    'org-party-coverage': await one(sql`select count(*) filter (where exists (select 1 from party_org po where po.host_organization_id = u.org)) as num, count(*) as den
      from (select o.id as org, o.area_id as area from organization o where o.kind = 'SOCIAL_ORG' and o.status = 'ACTIVE'
            union select o.id, pp.community_id from property_project pp join organization o on o.id = pp.company_id where o.status = 'ACTIVE'
            union select o.id, o.area_id from organization o where o.kind = 'PROPERTY_COMPANY' and o.status = 'ACTIVE'
              and o.id not in (select company_id from property_project where company_id is not null)) u
      where u.area in ${sub}`),
    'alliance-units': {
      num: (await one(sql`select count(*) as num, 0 as den from alliance_member m join organization al on al.id = m.alliance_id
        where al.kind = 'ALLIANCE' and al.area_id in ${sub} and coalesce(m.joined_on, '1900-01-01') <= ${asOf}::date and coalesce(m.left_on, '2999-12-31') > ${asOf}::date`)).num,
      den: communities.den,
    },
    'grid-branch-coverage': await one(sql`select count(*) filter (where exists (select 1 from party_org po where po.grid_id = g.id and po.level = 'GRID_BRANCH')) as num, count(*) as den
      from grid g where g.community_id in ${sub}`),
    'case-unified': await one(sql`select count(*) filter (where c.reporter_person_id is not null and c.building_id is not null) as num, count(*) as den from ${cases} c`),
    'source-freshness': await one(sql`select count(*) filter (where coalesce((select bool_and(exists (select 1 from sync_run r where r.source_id = sr.source and r.status = 'SUCCEEDED'
          and r.finished_at <= least(${end}::timestamptz, now()) and r.finished_at > least(${end}::timestamptz, now()) - interval '48 hours'))
        from source_record sr where sr.entity = 'case' and sr.entity_id = c.id and sr.source <> 'hub'), true)) as num, count(*) as den from ${cases} c`),
    'hub-flow': await one(sql`select count(*) filter (where c.source_system = 'hub' or c.id in (select case_id from case_event where origin = 'HUB')) as num, count(*) as den from ${cases} c`),
    'on-time': await one(sql`select count(*) filter (where c.closed_at <= c.due_at) as num, count(*) as den from ${cases} c where c.closed_at is not null and c.due_at is not null`),
    satisfaction: await one(sql`select count(*) filter (where c.satisfaction <> 'UNSATISFIED') as num, count(*) as den from ${cases} c where c.satisfaction is not null`),
    'returns-per-case': await one(sql`select sum(c.returns_count) as num, count(*) as den from ${cases} c`),
    'joint-meetings': {
      num: (await one(sql`select count(*) as num, 0 as den from activity a where a.type = '联席会议' and a.area_id in ${sub}
        and a.start_at >= ${start}::timestamptz and a.start_at < ${end}::timestamptz`)).num,
      den: communities.den * months,
    },
    'duty-shift': await one(sql`select count(*) filter (where d.list_type not in ('BASIC_DUTY', 'ASSIST_DUTY')) as num, count(*) as den
      from ${cases} c join duty_item d on d.id = c.duty_item_id
      where exists (select 1 from case_handler ch join organization o on o.id = ch.organization_id where ch.case_id = c.id and o.kind = 'RESIDENTS_COMMITTEE')`),
  };
}

/** Every row of one indicator, all pages (`first` rows a page). */
async function allRows(h: DemoHub, area: string, period: string, id: string, first: number, caller?: Caller) {
  const rows: any[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let page = 0; page < 1000; page++) {
    const data: any = dataOf(
      await h.gql(
        `query($area: String!, $period: String, $id: String!, $first: Int, $after: String) { fusionIndex(area: $area, period: $period) { indicator(id: $id) { id rows(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { entity id label areaCode inNumerator numerator denominator } } } } }`,
        { area, period, id, first, after },
        caller,
      ),
    );
    const conn = data.fusionIndex.indicator.rows;
    totalCount = conn.totalCount;
    rows.push(...conn.nodes);
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  return { rows, totalCount };
}

const scoreOf = (value: number | null, target: number, floor: number) =>
  value === null ? null : Math.round(Math.min(1, Math.max(0, (value - floor) / (target - floor))) * 100);
function weighted(parts: { score: number | null; weight: number }[]): number | null {
  const used = parts.filter((p) => p.score !== null && p.weight > 0);
  const w = used.reduce((s, p) => s + p.weight, 0);
  return w > 0 ? Math.round(used.reduce((s, p) => s + p.score! * p.weight, 0) / w) : null;
}

/** The declared formula applied to what the API returned. */
function checkScores(index: any): void {
  for (const i of index.indicators) {
    if (i.suppressed) {
      expect(i.score).toBeNull();
      continue;
    }
    const value = i.denominator > 0 ? i.numerator / i.denominator : null;
    if (value === null) expect(i.value).toBeNull();
    else expect(Math.abs(i.value - value), i.id).toBeLessThanOrEqual(0.00005 + 1e-12);
    expect(i.score, `${index.area.code} ${i.id}`).toBe(scoreOf(value, i.target, i.floor));
    if (i.score !== null) expect(i.score >= 0 && i.score <= 100).toBe(true);
  }
  for (const e of index.elements) {
    const mine = index.indicators.filter((i: any) => i.element === e.element);
    if (e.indicators) expect(mine.map((i: any) => i.id)).toEqual(e.indicators.map((i: any) => i.id));
    expect(e.score, `${index.area.code} ${e.element}`).toBe(weighted(mine));
  }
  expect(index.score).toBe(weighted(index.elements));
  if (index.score !== null) expect(index.score >= 0 && index.score <= 100).toBe(true);
}

describe.each(availableStoreKinds())('融合 index on the tiny demo world (%s)', (kind) => {
  let h: DemoHub;
  let district: string;
  let street: string;
  let community: string;
  let communityId: string;
  const edgeCases = { april: '', march: '' };
  /** The community's 2026-Q2 figures before the inserts, and whether a host branch was inserted. */
  let before: Record<string, { numerator: number; denominator: number }> = {};
  let hostInserted = false;
  const q2Figures = async () =>
    Object.fromEntries(
      dataOf(await h.gql(`{ fusionIndex(area: "${community}", period: "2026-Q2") { indicators { id numerator denominator } } }`)).fusionIndex.indicators.map((i: any) => [i.id, i]),
    );

  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny');
    const db = h.hub.db;
    const areas = (await sql<{ id: string; code: string; level: string }>`select id, code, level from admin_area order by code`.execute(db)).rows;
    district = areas.find((a) => a.level === 'district')!.code;
    street = areas.find((a) => a.level === 'street')!.code;
    const c = areas.find((a) => a.level === 'community' && a.code.startsWith(street.slice(0, 9)))!;
    community = c.code;
    communityId = c.id;
    // a social organisation of the community hosts a party branch
    before = await q2Figures();
    const org = (await sql<{ id: string }>`select id from organization where kind = 'SOCIAL_ORG' and status = 'ACTIVE' and area_id = ${communityId}
      and id not in (select host_organization_id from party_org where host_organization_id is not null) order by id limit 1`.execute(db)).rows[0];
    hostInserted = org !== undefined;
    if (org) {
      await sql`insert into party_org (natural_key, code, name, name_norm, level, area_id, host_organization_id)
        values ('test:fusion:branch', 'PTEST1', '测试社会组织党支部', '测试社会组织党支部', 'BRANCH', ${communityId}, ${org.id})`.execute(db);
    }
    // an alliance of the community: two current members, one that left
    const alliance = (await sql<{ id: string }>`insert into organization (natural_key, kind, name, name_norm, area_id)
      values ('test:fusion:alliance', 'ALLIANCE', '测试区域化党建联盟', '测试区域化党建联盟', ${communityId}) returning id`.execute(db)).rows[0]!.id;
    const members = (await sql<{ id: string }>`select id from organization where area_id = ${communityId} and kind <> 'ALLIANCE' order by id limit 3`.execute(db)).rows;
    for (const [n, m] of members.entries()) {
      await sql`insert into alliance_member (natural_key, alliance_id, organization_id, joined_on, left_on)
        values (${`test:fusion:member:${n}`}, ${alliance}, ${m.id}, '2025-01-01', ${n === 2 ? '2026-01-01' : null})`.execute(db);
    }
    // a hub step on a case of 2026-Q2
    const q2 = bounds('2026-Q2');
    const hubCase = (await sql<{ id: string }>`select c.id from case_record c left join grid g on g.id = c.grid_id where coalesce(c.area_id, g.community_id) = ${communityId}
      and c.source_system <> 'hub' and c.id not in (select case_id from case_event where origin = 'HUB')
      and c.reported_at >= ${q2.start}::timestamptz and c.reported_at < ${q2.end}::timestamptz order by c.id limit 1`.execute(db)).rows[0];
    expect(hubCase).toBeDefined();
    if (hubCase) {
      await sql`insert into case_event (case_id, seq, from_status, to_status, at, origin)
        select ${hubCase.id}, coalesce(max(seq), 0) + 1, null, 'ACCEPTED', ${q2.end}::timestamptz - interval '1 hour', 'HUB' from case_event where case_id = ${hubCase.id}`.execute(db);
    }
    // a sync run of the demo source on the last day of June (China time): fresh for June and Q2, not for May
    await sql`insert into sync_run (source_id, status, started_at, finished_at) values ('demo', 'SUCCEEDED', '2026-06-30T09:00:00Z', '2026-06-30T10:00:00Z')`.execute(db);
    // two cases an hour apart around the March/April edge: 23:59 on 31 March and 01:00 on 1 April in Beijing
    for (const [key, at] of [['march', '2026-03-31T15:59:00Z'], ['april', '2026-03-31T17:00:00Z']] as const) {
      edgeCases[key] = (await sql<{ id: string }>`insert into case_record (natural_key, source_system, source_no, kind, status, area_id, reported_at)
        values (${`test:fusion:${key}`}, 'test', ${`EDGE-${key}`}, 'APPEAL', 'REPORTED', ${communityId}, ${at}::timestamptz) returning id`.execute(db)).rows[0]!.id;
    }
  }, 240_000);
  afterAll(async () => {
    await h?.close();
  });

  it.each(['2026-Q2', '2026-05'])('figures of the district, a street and a community match SQL over the canonical rows (%s)', async (period) => {
    for (const area of [district, street, community]) {
      const data = dataOf(
        await h.gql(`query($a: String!, $p: String) { fusionIndex(area: $a, period: $p) { ${INDEX_FIELDS} elements { element indicators { id } } } }`, { a: area, p: period }),
      );
      const expected = await expectedFigures(h, area, period);
      const got = Object.fromEntries(data.fusionIndex.indicators.map((i: any) => [i.id, { num: i.numerator, den: i.denominator }]));
      expect(got, `${area} ${period}`).toEqual(expected);
      // the duty-shift indicator restates the shared rule (src/governance/duty-shift.ts) for its plan: same figures
      const { start, end } = bounds(period);
      const shared = (await sql<{ num: number; den: number }>`select cast(count(*) filter (where ${DUTY_SHIFTED}) as int) as num, cast(count(*) as int) as den
        from case_record c left join grid g on g.id = c.grid_id
        where ${COMMITTEE_DUTY_CASE} and c.reported_at >= ${start}::timestamptz and c.reported_at < ${end}::timestamptz
          and coalesce(c.area_id, g.community_id) in (select s.id from admin_area s where s.path like (select p.path from admin_area p where p.code = ${area}) || '%')`.execute(h.hub.db)).rows[0]!;
      expect(got['duty-shift']).toEqual(shared);
      expect(data.fusionIndex.period).toBe(period);
      checkScores(data.fusionIndex);
    }
  });

  it('the inserted governance rows count where they should (2026-Q2, the community), whatever the demo holds', async () => {
    const by = await q2Figures();
    expect(by['alliance-units']!.numerator).toBe(before['alliance-units']!.numerator + 2); // the member that left does not count
    expect(by['alliance-units']!.denominator).toBe(1);
    expect(by['org-party-coverage']!.numerator).toBe(before['org-party-coverage']!.numerator + (hostInserted ? 1 : 0));
    expect(by['hub-flow']!.numerator).toBe(before['hub-flow']!.numerator + 1);
    expect(by['source-freshness']!.numerator).toBeGreaterThan(0);
    expect(by['case-unified']!.denominator).toBeGreaterThan(0);
    expect(by['grid-branch-coverage']!.denominator).toBeGreaterThan(0);
  });

  it('every indicator\'s rows, over all pages, add up to its numerator and denominator', async () => {
    const data = dataOf(await h.gql(`{ fusionIndex(area: "${street}", period: "2026-Q2") { indicators { id numerator denominator } } }`));
    const allowed: Record<string, string[]> = {
      'contact-coverage': ['Household'],
      'member-participation': ['PartyMember'],
      'org-party-coverage': ['Organization'],
      'alliance-units': ['Organization', 'AdminArea'],
      'grid-branch-coverage': ['Grid'],
      'joint-meetings': ['Activity', 'AdminArea'],
    };
    for (const ind of data.fusionIndex.indicators) {
      const { rows, totalCount } = await allRows(h, street, '2026-Q2', ind.id, 7);
      expect(rows.length, ind.id).toBe(totalCount);
      expect(rows.reduce((s, r) => s + r.numerator, 0), `${ind.id} numerator`).toBe(ind.numerator);
      expect(rows.reduce((s, r) => s + r.denominator, 0), `${ind.id} denominator`).toBe(ind.denominator);
      const keys = rows.map((r) => `${r.areaCode}|${r.id}|${r.label}`);
      for (const r of rows) {
        expect((allowed[ind.id] ?? ['Case']).includes(r.entity), `${ind.id}: ${r.entity}`).toBe(true);
        expect(fromGlobalId(r.id).type).toBe(r.entity);
        expect(r.inNumerator).toBe(r.numerator > 0);
        expect(r.areaCode.startsWith(street.slice(0, 9))).toBe(true);
      }
      // pages neither repeat nor skip: the same rows as one big page, in the same order
      const one = await allRows(h, street, '2026-Q2', ind.id, 1000);
      expect(one.rows.map((r) => `${r.areaCode}|${r.id}|${r.label}`)).toEqual(keys);
    }
  });

  it('rows are fetchable nodes and carry no personal information (households by number, members by their branch)', async () => {
    const members = await allRows(h, community, '2026-Q2', 'member-participation', 1000);
    const branches = new Set(
      (await sql<{ name: string }>`select name from party_org`.execute(h.hub.db)).rows.map((r) => r.name),
    );
    for (const r of members.rows) expect(branches.has(r.label), r.label).toBe(true);
    const households = await allRows(h, community, '2026-Q2', 'contact-coverage', 1000);
    const numbers = new Set((await sql<{ household_no: string }>`select household_no from household`.execute(h.hub.db)).rows.map((r) => r.household_no));
    for (const r of households.rows) expect(numbers.has(r.label)).toBe(true);
    const first = members.rows[0];
    if (first) {
      const node = dataOf(await h.gql(`query($id: ID!) { node(id: $id) { ... on PartyMember { person { name } } } }`, { id: first.id }));
      expect(node.node.person.name).toMatch(/\*/);
    }
  });

  it('periods are China-time months and quarters: 01:00 on 1 April (Beijing) is April, 23:59 on 31 March is March', async () => {
    const inPeriod = async (period: string) => new Set((await allRows(h, community, period, 'case-unified', 1000)).rows.map((r) => fromGlobalId(r.id).id));
    const april = await inPeriod('2026-04');
    const march = await inPeriod('2026-03');
    const q2 = await inPeriod('2026-Q2');
    const q1 = await inPeriod('2026-Q1');
    expect(april.has(edgeCases.april)).toBe(true);
    expect(april.has(edgeCases.march)).toBe(false);
    expect(march.has(edgeCases.march)).toBe(true);
    expect(march.has(edgeCases.april)).toBe(false);
    expect(q2.has(edgeCases.april) && !q2.has(edgeCases.march)).toBe(true);
    expect(q1.has(edgeCases.march) && !q1.has(edgeCases.april)).toBe(true);
    const data = dataOf(await h.gql(`{ a: fusionIndex(area: "${community}", period: "2026-q2") { period startDay endDay } b: fusionIndex(area: "${community}") { period } }`));
    expect(data.a).toEqual({ period: '2026-Q2', startDay: '2026-04-01', endDay: '2026-07-01' });
    const now = new Date(Date.now() + CST_MS);
    expect(data.b.period).toBe(`${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`);
    for (const bad of ['2026-13', '2026-Q5', 'Q2', '2026']) {
      const r = await h.gql(`{ fusionIndex(area: "${community}", period: "${bad}") { score } }`);
      expect(r.errors?.[0]?.extensions, bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
    }
  });

  it('the comparison lists every community of a street with the same figures as one call each, ordered by score, at a constant number of statements', async () => {
    for (const period of ['2026-Q2', '2026-06']) {
      const data = dataOf(await h.gql(`{ fusionIndexComparison(street: "${street}", period: "${period}") { total { ${INDEX_FIELDS} } communities { ${INDEX_FIELDS} } } }`));
      const cmp = data.fusionIndexComparison;
      const expectedCodes = (await sql<{ code: string }>`select code from admin_area where level = 'community' and code like ${`${street.slice(0, 9)}%`}`.execute(h.hub.db)).rows.map((r) => r.code);
      expect(cmp.communities.map((c: any) => c.area.code).sort()).toEqual(expectedCodes.sort());
      for (let i = 1; i < cmp.communities.length; i++) {
        const [a, b] = [cmp.communities[i - 1], cmp.communities[i]];
        expect((a.score ?? -1) > (b.score ?? -1) || ((a.score ?? -1) === (b.score ?? -1) && a.area.code < b.area.code)).toBe(true);
      }
      const single = dataOf(await h.gql(`{ fusionIndex(area: "${street}", period: "${period}") { ${INDEX_FIELDS} } }`));
      expect(cmp.total).toEqual(single.fusionIndex);
      for (const c of cmp.communities) {
        const one = dataOf(await h.gql(`{ fusionIndex(area: "${c.area.code}", period: "${period}") { ${INDEX_FIELDS} } }`));
        expect(c).toEqual(one.fusionIndex);
        checkScores(c);
      }
    }
    // statements do not grow with the number of communities: a street (2) and the district (4)
    const count = async (code: string) => {
      h.resetStatements();
      const d = dataOf(
        await h.gql(`{ fusionIndexComparison(street: "${code}", period: "2026-Q2") { communities { score indicators { id score rows(first: 2) { nodes { id } } } } } }`),
      );
      // each of the index's statements runs in a transaction with JIT off (begin, set local jit, commit around it)
      const statements = h.statements().filter((q) => !/^\s*(begin|commit|set local jit)/i.test(q));
      return { statements: statements.length, communities: d.fusionIndexComparison.communities.length };
    };
    const small = await count(street);
    const large = await count(district);
    expect(large.communities).toBeGreaterThan(small.communities);
    expect(large.statements).toBe(small.statements);
    // the area, its communities, the figures of all of them, the first rows of every indicator of all of them
    expect(small.statements).toBe(4);
  });

  it('L4 small-group rule: for a role without L4 a party-membership figure of 1–4 is withheld, and left out of its element', async () => {
    // one party member of the community takes part in an activity in January 2024 (before the demo's year): a numerator of 1
    const member = (await sql<{ person_id: string }>`select pm.person_id from party_member pm join party_org po on po.id = pm.party_org_id
      where po.area_id = ${communityId} and coalesce(pm.joined_on, '1900-01-01') < '2024-01-01' order by pm.id limit 1`.execute(h.hub.db)).rows[0];
    expect(member).toBeDefined();
    const act = (await sql<{ id: string }>`insert into activity (natural_key, type, title, area_id, start_at, end_at)
      values ('test:fusion:activity', '主题党日', '测试主题党日', ${communityId}, '2024-01-15T02:00:00Z', '2024-01-15T04:00:00Z') returning id`.execute(h.hub.db)).rows[0]!;
    await sql`insert into activity_participant (activity_id, person_id, hours) values (${act.id}, ${member!.person_id}, 2)`.execute(h.hub.db);

    let withheldSeen = 0;
    for (const period of ['2024-01', '2026-Q2', '2026-05']) {
      for (const area of [community, street]) {
        const q = `{ fusionIndex(area: "${area}", period: "${period}") { ${INDEX_FIELDS} } }`;
        const full = dataOf(await h.gql(q)).fusionIndex;
        const analyst = dataOf(await h.gql(q, {}, ANALYST)).fusionIndex;
        for (const [i, a] of analyst.indicators.entries()) {
          const f = full.indicators[i];
          expect(f.suppressed).toBe(false);
          const small = (n: number) => n > 0 && n < 5;
          const withheld = f.partyMembershipBased && (small(f.numerator) || small(f.denominator));
          expect(a.suppressed, `${area} ${period} ${a.id}`).toBe(withheld);
          if (withheld) {
            withheldSeen += 1;
            expect([a.numerator, a.denominator, a.value, a.score]).toEqual([null, null, null, null]);
          } else expect(a).toEqual(f);
        }
        checkScores(analyst);
        checkScores(full);
      }
    }
    expect(withheldSeen).toBeGreaterThan(0);
    const jan = dataOf(await h.gql(`{ fusionIndex(area: "${community}", period: "2024-01") { indicators { id numerator suppressed } } }`)).fusionIndex;
    expect(jan.indicators.find((i: any) => i.id === 'member-participation')).toMatchObject({ numerator: 1, suppressed: false });

    // rows: a role lists only the entities it may read (ANALYST: organisations and areas, not households)
    const r = await h.gql(`{ fusionIndex(area: "${community}", period: "2026-Q2") { indicators { id rows(first: 5) { totalCount } } } }`, {}, ANALYST);
    const byId = Object.fromEntries(r.data!.fusionIndex.indicators.map((i: any) => [i.id, i.rows]));
    expect(byId['contact-coverage']).toBeNull();
    expect(byId['alliance-units']).not.toBeNull();
    expect(byId['org-party-coverage']).not.toBeNull();
    const forbidden = r.errors!.filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.'));
    expect(forbidden).toContain(`fusionIndex.indicators.0.rows`);
  });

  it('a caller scoped to one community gets its figures; an area outside the scope (a street above it, another community) is NOT_FOUND', async () => {
    const staff: Caller = { role: 'COMMUNITY_STAFF', areaScope: [community], subject: 'test-community' };
    const q = `{ fusionIndex(area: "${community}", period: "2026-Q2") { ${INDEX_FIELDS} } }`;
    expect(dataOf(await h.gql(q, {}, staff))).toEqual(dataOf(await h.gql(q)));
    const other = (await sql<{ code: string }>`select code from admin_area where level = 'community' and code <> ${community} order by code limit 1`.execute(h.hub.db)).rows[0]!.code;
    for (const area of [other, street]) {
      const r = await h.gql(`{ fusionIndex(area: "${area}", period: "2026-Q2") { score } }`, {}, staff);
      expect(r.errors?.[0]?.extensions?.code, area).toBe('NOT_FOUND');
    }
  });
});

describe('fusionIndex config (operator overrides)', () => {
  const load = (fusionIndex: unknown) => loadConfig({ env: {}, cwd: mkdtempSync(join(tmpdir(), 'huiju-fusion-')), overrides: { fusionIndex } });

  it.each([
    [{ indicators: { 'on-time': { weight: -1 } } }, 'fusionIndex.indicators.on-time.weight'],
    [{ indicators: { 'on-time': { weight: 'heavy' } } }, 'fusionIndex.indicators.on-time.weight'],
    [{ elements: { STRUCTURE: -0.5 } }, 'fusionIndex.elements.STRUCTURE'],
    [{ elements: { CULTURE: 1 } }, 'fusionIndex.elements.CULTURE'],
    [{ indicators: { 'no-such-indicator': { weight: 1 } } }, 'fusionIndex.indicators.no-such-indicator'],
    [{ indicators: { 'on-time': { target: 0.2, floor: 0.5 } } }, 'fusionIndex.indicators.on-time.target'],
    [{ indicators: { 'duty-shift': { target: 0.5 } } }, 'fusionIndex.indicators.duty-shift.target'],
    [{ indicators: { satisfaction: { floor: 1 } } }, 'fusionIndex.indicators.satisfaction.floor'],
    [{ indicators: { 'contact-coverage': { weight: 0 }, 'member-participation': { weight: 0 } } }, 'fusionIndex.indicators.contact-coverage.weight'],
    [{ freshWithinHours: 0 }, 'fusionIndex.freshWithinHours'],
  ])('%j fails the start naming %s', (fusionIndex, field) => {
    let error: any = null;
    try {
      load(fusionIndex);
    } catch (e) {
      error = e;
    }
    expect(error?.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(`${field}:`);
  });

  it('a valid override is accepted', () => {
    const config = load({ elements: { IDEA: 0.5 }, indicators: { 'on-time': { weight: 2, target: 0.9 } }, freshWithinHours: 24 });
    expect(config.fusionIndex.indicators['on-time']).toEqual({ weight: 2, target: 0.9 });
  });

  it('the API scores with the operator\'s weights, targets and floors', async () => {
    const kind = availableStoreKinds()[0]!;
    const h = await openDemoHub(kind, 'tiny', { fusionIndex: { elements: { IDEA: 0, PLATFORM: 2 }, indicators: { 'on-time': { target: 0.5, floor: 0.25, weight: 3 } }, freshWithinHours: 24 } });
    try {
      const data = dataOf(await h.gql(`{ fusionIndex(area: "420102", period: "2026-Q2") { ${INDEX_FIELDS} } }`));
      const idx = data.fusionIndex;
      expect(idx.elements.map((e: any) => [e.element, e.weight])).toEqual([['IDEA', 0], ['STRUCTURE', 0.3], ['PLATFORM', 2], ['MECHANISM', 0.25]]);
      expect(idx.indicators.find((i: any) => i.id === 'on-time')).toMatchObject({ target: 0.5, floor: 0.25, weight: 3 });
      checkScores(idx);
    } finally {
      await h.close();
    }
  }, 240_000);
});
