import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller';
import { MIN_GROUP_SIZE, smallGroupSuppression, withheldGroups } from '../../src/auth/small-group';
import { type NodeTypeName, toGlobalId } from '../../src/graphql/common/global-id';
import { availableStoreKinds } from '../support/test-hub';
import { type DemoHub, dataOf, type GqlResult, openDemoHub } from './support/harness';

/**
 * Issue #12 part 4, the everyday analyst API: `orderBy` on the lists (keyset pages under every
 * ordering, cursors bound to their ordering), the person and household filters, grid and area
 * figures, the grouped aggregates (personStats, householdStats, activityStats) and the one
 * small-group rule for roles without L4. Expected values are computed here from the rows
 * (plain SQL reads of the tables), never by the code under test.
 */

/** Roles without L4 (src/auth/roles.ts): the small-group rule applies to them. */
const ANALYST: Caller = { role: 'ANALYST', areaScope: [], subject: 'test-analyst' };
const GRID_WORKER: Caller = { role: 'GRID_WORKER', areaScope: ['420102002000'], subject: 'test-grid-worker' };
/** A role with L4 (street staff hold the rosters). */
const STREET: Caller = { role: 'STREET_STAFF', areaScope: ['420102002000'], subject: 'test-street' };

const CST = 8 * 3600_000;
/** Today in China time, `YYYY-MM-DD`. */
const chinaToday = () => new Date(Date.now() + CST).toISOString().slice(0, 10);
/** Whole years from `birth` (YYYY-MM-DD) to today in China time. */
function age(birth: string): number {
  const today = chinaToday();
  const years = Number(today.slice(0, 4)) - Number(birth.slice(0, 4));
  return today.slice(5) >= birth.slice(5) ? years : years - 1;
}

function errorOf(r: GqlResult): { code?: string; field?: string } {
  expect(r.errors?.length, JSON.stringify(r.data)).toBeGreaterThan(0);
  return r.errors![0]!.extensions as { code?: string; field?: string };
}

/** Pages through `field` with `orderBy`, `first` rows at a time; returns the node ids in order. */
async function pageAll(h: DemoHub, field: string, orderBy: string, first: number, filter = '', caller?: Caller): Promise<{ ids: string[]; cursors: string[]; total: number }> {
  const ids: string[] = [];
  const cursors: string[] = [];
  let after: string | null = null;
  let total = -1;
  for (let guard = 0; guard < 500; guard++) {
    const data: any = dataOf(
      await h.gql(
        `query($after: String) { list: ${field}(first: ${first}, after: $after, orderBy: ${orderBy}${filter ? `, filter: ${filter}` : ''}) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor } nodes { id } } }`,
        { after },
        caller,
      ),
    );
    total = data.list.totalCount;
    ids.push(...data.list.nodes.map((n: any) => n.id));
    cursors.push(...data.list.edges.map((e: any) => e.cursor));
    if (!data.list.pageInfo.hasNextPage) break;
    after = data.list.pageInfo.endCursor;
  }
  return { ids, cursors, total };
}

describe.each(availableStoreKinds())('analyst API on the tiny demo world (%s)', (kind) => {
  let h: DemoHub;
  /** Raw rows, read with plain SQL. */
  let persons: { id: string; birth_date: string | null; sex: string | null; tags: string[]; political_status: string | null }[];
  let residencies: { person_id: string; household_id: string; category: string; valid_from: string | null; valid_to: string | null; id: string }[];
  let households: { id: string; kind: string; grid_id: string | null; community_id: string | null; household_no: string }[];
  let grids: { id: string; code: string; community_id: string }[];
  let areas: { id: string; code: string; path: string; level: string }[];
  let activities: { id: string; type: string; area_id: string | null; start_at: Date | null }[];
  let participants: { activity_id: string; person_id: string; hours: number | null }[];
  let staff: { person_id: string; role: string; grid_id: string | null; area_id: string | null; valid_to: string | null }[];

  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny');
    const db = h.hub.db;
    const rows = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db)).rows;
    persons = await rows(sql`select id, birth_date::text as birth_date, sex, tags, political_status from person`);
    residencies = await rows(sql`select id, person_id, household_id, category, valid_from::text as valid_from, valid_to::text as valid_to from residency`);
    households = await rows(sql`select id, kind, grid_id, community_id, household_no from household`);
    grids = await rows(sql`select id, code, community_id from grid`);
    areas = await rows(sql`select id, code, path, level from admin_area`);
    activities = await rows(sql`select id, type, area_id, start_at from activity`);
    participants = await rows(sql`select activity_id, person_id, hours::float8 as hours from activity_participant`);
    staff = await rows(sql`select person_id, role, grid_id, area_id, valid_to::text as valid_to from staff_role`);
  }, 240_000);
  afterAll(async () => {
    await h?.close();
  });

  /** The community of a household: its own, else its grid's. */
  const communityOf = (hh: (typeof households)[number]) => hh.community_id ?? grids.find((g) => g.id === hh.grid_id)?.community_id ?? null;
  const current = () => residencies.filter((r) => r.valid_to === null);
  /** Areas inside the subtree of `code` (12 digits). */
  const subtree = (code: string) => {
    const root = areas.find((a) => a.code === code)!;
    return new Set(areas.filter((a) => a.path.startsWith(root.path)).map((a) => a.id));
  };
  const gid = (type: NodeTypeName, id: string) => toGlobalId(type, id);

  // -------------------------------------------------------------------------------------------
  describe('orderBy', () => {
    /** [list field, orderBy, node type, SQL giving the expected ids in order] */
    const cases: [string, string, NodeTypeName, string][] = [
      ['persons', '{ field: BIRTH_YEAR }', 'Person', 'select id from person order by coalesce(extract(year from birth_date)::int, 0) asc, id asc'],
      ['persons', '{ field: BIRTH_YEAR, direction: DESC }', 'Person', 'select id from person order by coalesce(extract(year from birth_date)::int, 0) desc, id desc'],
      ['persons', '{ field: ID, direction: DESC }', 'Person', 'select id from person order by id desc'],
      [
        'households',
        '{ field: MEMBER_COUNT, direction: DESC }',
        'Household',
        'select h.id from household h order by (select count(*) from residency r where r.household_id = h.id and r.valid_to is null) desc, h.id desc',
      ],
      ['households', '{ field: HOUSEHOLD_NO, direction: DESC }', 'Household', 'select id from household order by household_no desc, id desc'],
      ['activities', '{ field: TITLE }', 'Activity', 'select id from activity order by title asc, id asc'],
      ['activities', '{ field: START_AT, direction: ASC }', 'Activity', 'select id from activity order by coalesce(start_at, created_at) asc, id asc'],
      ['activities', '{ field: PARTICIPANTS, direction: DESC }', 'Activity', 'select a.id from activity a order by (select count(*) from activity_participant p where p.activity_id = a.id) desc, a.id desc'],
      ['grids', '{ field: NAME, direction: DESC }', 'Grid', 'select id from grid order by name_norm desc, id desc'],
      ['areas', '{ field: NAME }', 'AdminArea', 'select id from admin_area order by name_norm asc, id asc'],
      ['cases', '{ field: DUE_AT }', 'Case', "select id from case_record order by coalesce(due_at, 'infinity'::timestamptz) asc, id asc"],
      ['cases', '{ field: CLOSED_AT, direction: DESC }', 'Case', "select id from case_record order by coalesce(closed_at, 'infinity'::timestamptz) desc, id desc"],
      ['organizations', '{ field: KIND, direction: DESC }', 'Organization', 'select id from organization order by kind desc, id desc'],
      ['dutyItems', '{ field: NAME }', 'DutyItem', 'select id from duty_item order by name_norm asc, id asc'],
      ['partyOrgs', '{ field: NAME, direction: DESC }', 'PartyOrg', 'select id from party_org order by name_norm desc, id desc'],
    ];
    it.each(cases)('%s orderBy %s: pages of up to 7 equal the full SQL ordering (no row twice, none missing)', async (field, orderBy, type, expectedSql) => {
      const expected = (await sql.raw<{ id: string }>(expectedSql).execute(h.hub.db)).rows.map((r) => gid(type, r.id));
      const first = Math.max(2, Math.min(7, Math.floor(expected.length / 3)));
      expect(expected.length).toBeGreaterThan(first);
      const { ids, total } = await pageAll(h, field, orderBy, first);
      expect(new Set(ids).size).toBe(ids.length);
      expect(total).toBe(expected.length);
      expect(ids).toEqual(expected);
    });

    it('a cursor is bound to its ordering: another ordering, another direction or a forged value is BAD_USER_INPUT on `after`', async () => {
      const { cursors } = await pageAll(h, 'persons', '{ field: BIRTH_YEAR }', 50);
      const cursor = cursors[10]!;
      for (const orderBy of ['{ field: ID }', '{ field: BIRTH_YEAR, direction: DESC }']) {
        const r = await h.gql(`query($a: String) { persons(first: 5, after: $a, orderBy: ${orderBy}) { nodes { id } } }`, { a: cursor });
        expect(errorOf(r)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      }
      // without orderBy the default (ID ASC) is another ordering too
      expect(errorOf(await h.gql(`query($a: String) { persons(first: 5, after: $a) { nodes { id } } }`, { a: cursor }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      // a cursor of another list's ordering (grids by NAME) on households
      const gridCursor = (await pageAll(h, 'grids', '{ field: NAME }', 3)).cursors[0]!;
      expect(errorOf(await h.gql(`query($a: String) { households(first: 5, after: $a, orderBy: { field: MEMBER_COUNT }) { nodes { id } } }`, { a: gridCursor }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'after',
      });
      // forged: the right ordering with a sort value that is not an integer never reaches SQL
      const [, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      const forged = Buffer.from(JSON.stringify(['1990; drop table person', id, 'BIRTH_YEAR:ASC']), 'utf8').toString('base64url');
      expect(errorOf(await h.gql(`query($a: String) { persons(first: 5, after: $a, orderBy: { field: BIRTH_YEAR }) { nodes { id } } }`, { a: forged }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'after',
      });
      // the same cursor under its own ordering continues right after its row
      const ok = dataOf(await h.gql(`query($a: String) { persons(first: 3, after: $a, orderBy: { field: BIRTH_YEAR }) { nodes { id } } }`, { a: cursor }));
      const all = await pageAll(h, 'persons', '{ field: BIRTH_YEAR }', 200);
      expect(ok.persons.nodes.map((n: any) => n.id)).toEqual(all.ids.slice(11, 14));
    });

    it('persons cannot be ordered by name or birth date (no such field)', async () => {
      for (const f of ['NAME', 'BIRTH_DATE']) {
        const r = await h.gql(`{ persons(first: 1, orderBy: { field: ${f} }) { nodes { id } } }`);
        expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('filters', () => {
    const personIds = async (filter: string, caller?: Caller) =>
      new Set(
        (await pageAll(h, 'persons', '{ field: ID }', 1000, filter, caller)).ids,
      );
    const expectIds = (rows: { id: string }[]) => new Set(rows.map((r) => gid('Person', r.id)));

    it('ageFrom / ageTo: whole years in China time from the birth date', async () => {
      const got = await personIds('{ ageFrom: 60, ageTo: 79 }');
      const want = expectIds(persons.filter((p) => p.birth_date !== null && age(p.birth_date) >= 60 && age(p.birth_date) <= 79));
      expect(want.size).toBeGreaterThan(0);
      expect(got).toEqual(want);
      const old = await personIds('{ ageFrom: 80 }');
      expect(old).toEqual(expectIds(persons.filter((p) => p.birth_date !== null && age(p.birth_date) >= 80)));
      const bad = await h.gql('{ persons(filter: { ageFrom: 50, ageTo: 20 }) { totalCount } }');
      expect(errorOf(bad)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.ageTo' });
      expect(errorOf(await h.gql('{ persons(filter: { ageFrom: -1 }) { totalCount } }'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.ageFrom' });
    });

    it('tag and politicalStatus (roles with L4) match the rows', async () => {
      const tag = persons.flatMap((p) => p.tags)[0]!;
      expect(tag).toBeTruthy();
      expect(await personIds(`{ tag: ["${tag}"] }`)).toEqual(expectIds(persons.filter((p) => p.tags.includes(tag))));
      expect(await personIds('{ politicalStatus: [CPC_MEMBER, CPC_PROBATIONARY] }')).toEqual(
        expectIds(persons.filter((p) => p.political_status === 'CPC_MEMBER' || p.political_status === 'CPC_PROBATIONARY')),
      );
    });

    it('residencyCategory: a current residency of that category', async () => {
      const floating = new Set(current().filter((r) => r.category === 'FLOATING').map((r) => r.person_id));
      expect(floating.size).toBeGreaterThan(0);
      expect(await personIds('{ residencyCategory: FLOATING }')).toEqual(expectIds(persons.filter((p) => floating.has(p.id))));
    });

    it('livingAlone: the only current resident of a household they currently live in; with ageFrom 80', async () => {
      const cur = current();
      const alone = new Set(cur.filter((r) => cur.every((o) => o.household_id !== r.household_id || o.person_id === r.person_id)).map((r) => r.person_id));
      expect(alone.size).toBeGreaterThan(0);
      expect(await personIds('{ livingAlone: true }')).toEqual(expectIds(persons.filter((p) => alone.has(p.id))));
      expect(await personIds('{ livingAlone: false }')).toEqual(expectIds(persons.filter((p) => !alone.has(p.id))));
      expect(await personIds('{ livingAlone: true, ageFrom: 80 }')).toEqual(expectIds(persons.filter((p) => alone.has(p.id) && p.birth_date !== null && age(p.birth_date) >= 80)));
    });

    it('households: memberCountFrom / memberCountTo / hasElderly', async () => {
      const cur = current();
      const members = (hid: string) => cur.filter((r) => r.household_id === hid).length;
      const elderly = (hid: string) => cur.some((r) => r.household_id === hid && (() => { const b = persons.find((p) => p.id === r.person_id)!.birth_date; return b !== null && age(b) >= 60; })());
      const got = new Set((await pageAll(h, 'households', '{ field: HOUSEHOLD_NO }', 1000, '{ memberCountFrom: 2, memberCountTo: 3, hasElderly: true }')).ids);
      const want = new Set(households.filter((x) => members(x.id) >= 2 && members(x.id) <= 3 && elderly(x.id)).map((x) => gid('Household', x.id)));
      expect(want.size).toBeGreaterThan(0);
      expect(got).toEqual(want);
    });

    it('L4 list filters are FORBIDDEN for a role without L4 — partyMember, tag, politicalStatus (totalCount too); a role with L4 gets them', async () => {
      for (const f of ['partyMember: true', 'tag: ["低保"]', 'politicalStatus: [CPC_MEMBER]']) {
        const r = await h.gql(`{ persons(first: 1, filter: { area: "420102002", ${f} }) { totalCount } }`, {}, GRID_WORKER);
        expect(errorOf(r).code, f).toBe('FORBIDDEN');
        expect(r.data?.persons ?? null).toBeNull();
        const ok = await h.gql(`{ persons(first: 1, filter: { area: "420102002", ${f} }) { totalCount } }`, {}, STREET);
        expect(ok.errors, f).toBeUndefined();
      }
      // non-L4 filters stay open to the grid worker
      const open = await h.gql('{ persons(first: 1, filter: { ageFrom: 80, livingAlone: true, residencyCategory: REGISTERED }) { totalCount } }', {}, GRID_WORKER);
      expect(open.errors).toBeUndefined();
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('area and grid figures', () => {
    /** Figures of a place computed from the rows: `inHousehold` selects the households, `inArea` the activity areas (areas) or null (grids). */
    function expected(hhIn: (hh: (typeof households)[number]) => boolean, gridIn: (g: (typeof grids)[number]) => boolean, activityIn: ((a: (typeof activities)[number]) => boolean) | null) {
      const hh = new Set(households.filter(hhIn).map((x) => x.id));
      const cur = current().filter((r) => hh.has(r.household_id));
      const residents = new Set(cur.map((r) => r.person_id));
      const floating = new Set(cur.filter((r) => r.category === 'FLOATING').map((r) => r.person_id));
      const all = current();
      const alone = new Set(
        cur
          .filter((r) => all.every((o) => o.household_id !== r.household_id || o.person_id === r.person_id))
          .filter((r) => { const b = persons.find((p) => p.id === r.person_id)!.birth_date; return b !== null && age(b) >= 80; })
          .map((r) => r.person_id),
      );
      const gridsIn = grids.filter(gridIn);
      const withoutWorker = gridsIn.filter((g) => !staff.some((s) => s.grid_id === g.id && s.role === 'GRID_WORKER' && s.valid_to === null)).length;
      const hours = activityIn
        ? participants.filter((p) => activities.some((a) => a.id === p.activity_id && activityIn(a))).reduce((s, p) => s + (p.hours ?? 0), 0)
        : participants.filter((p) => residents.has(p.person_id)).reduce((s, p) => s + (p.hours ?? 0), 0);
      return { households: hh.size, residents: residents.size, floatingResidents: floating.size, elderlyLivingAlone: alone.size, gridsWithoutWorker: withoutWorker, volunteerHours: hours };
    }
    const FIGS = 'households residents floatingResidents floatingShare elderlyLivingAlone gridsWithoutWorker volunteerHours partyMembers suppressed';

    it('areaStats: floating residents and share, 80+ living alone, grids without a worker, volunteer hours of every activity type', async () => {
      const communities = areas.filter((a) => a.level === 'community' || a.level === 'street');
      let someFloating = false;
      let someAlone = false;
      let someWithout = false;
      for (const area of communities) {
        const sub = subtree(area.code);
        const want = expected((x) => sub.has(communityOf(x) ?? ''), (g) => sub.has(g.community_id), (a) => a.area_id !== null && sub.has(a.area_id));
        const got = dataOf(await h.gql(`query($c: String!) { areaStats(code: $c) { ${FIGS} } }`, { c: area.code })).areaStats;
        expect({ ...got, floatingShare: undefined, partyMembers: undefined, suppressed: undefined, volunteerHours: undefined }, area.code).toEqual({
          ...want,
          floatingShare: undefined,
          partyMembers: undefined,
          suppressed: undefined,
          volunteerHours: undefined,
        });
        expect(got.volunteerHours).toBeCloseTo(want.volunteerHours, 6);
        expect(got.floatingShare).toBe(want.residents ? Math.round((want.floatingResidents / want.residents) * 1e4) / 1e4 : null);
        someFloating ||= want.floatingResidents > 0;
        someAlone ||= want.elderlyLivingAlone > 0;
        someWithout ||= want.gridsWithoutWorker > 0;
      }
      expect(someFloating && someAlone).toBe(true);
      void someWithout; // the demo may staff every grid: the next test makes one unstaffed
      // volunteer hours count every activity type, not only 志愿服务
      expect(new Set(activities.filter((a) => participants.some((p) => p.activity_id === a.id && (p.hours ?? 0) > 0)).map((a) => a.type)).size).toBeGreaterThan(0);
    });

    it('gridStats(code) and grid { stats } agree with the rows; grids of a request share one statement', async () => {
      for (const g of grids.slice(0, 6)) {
        const want = expected((x) => x.grid_id === g.id, (x) => x.id === g.id, null);
        const got = dataOf(await h.gql(`query($c: String!) { gridStats(code: $c) { grid { code } ${FIGS} } grid(code: $c) { stats { ${FIGS} } } }`, { c: g.code }));
        expect(got.gridStats.grid.code).toBe(g.code);
        expect(got.grid.stats).toEqual({ ...got.gridStats, grid: undefined });
        for (const [k, v] of Object.entries(want)) {
          if (k === 'volunteerHours') expect(got.gridStats[k]).toBeCloseTo(v, 6);
          else expect(got.gridStats[k], `${g.code}.${k}`).toBe(v);
        }
      }
      h.resetStatements();
      dataOf(await h.gql('{ grids(first: 20) { nodes { stats { households residents } } } }'));
      expect(h.statements().filter((s) => s.includes('grids_without_worker')).length).toBe(1);
      const outside = await h.gql('{ gridStats(code: "420102003001001") { households } }', {}, GRID_WORKER);
      expect(errorOf(outside).code).toBe('NOT_FOUND');
    });

    it('gridsWithoutWorker: ending a grid\'s current grid-worker roles makes it count, in the grid and its community', async () => {
      const grid = grids.find((g) => staff.some((s) => s.grid_id === g.id && s.role === 'GRID_WORKER' && s.valid_to === null))!;
      const community = areas.find((a) => a.id === grid.community_id)!;
      const q = `query($g: String!, $a: String!) { gridStats(code: $g) { gridsWithoutWorker gridWorkers } areaStats(code: $a) { gridsWithoutWorker } }`;
      const before = dataOf(await h.gql(q, { g: grid.code, a: community.code }));
      expect(before.gridStats.gridsWithoutWorker).toBe(0);
      const ended = await sql<{ id: string }>`update staff_role set valid_to = current_date
        where grid_id = ${grid.id} and role = 'GRID_WORKER' and valid_to is null returning id`.execute(h.hub.db);
      try {
        const after = dataOf(await h.gql(q, { g: grid.code, a: community.code }));
        expect(after.gridStats).toEqual({ gridsWithoutWorker: 1, gridWorkers: 0 });
        expect(after.areaStats.gridsWithoutWorker).toBe(before.areaStats.gridsWithoutWorker + 1);
      } finally {
        await sql`update staff_role set valid_to = null where id = any(${ended.rows.map((r) => r.id)}::uuid[])`.execute(h.hub.db);
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('grouped aggregates', () => {
    it('personStats by AREA, SEX, AGE_BAND, RESIDENCY_CATEGORY: groups sum to the total and match the rows', async () => {
      const band = (b: string | null) => (b === null ? null : age(b) >= 80 ? '80+' : age(b) >= 60 ? '60-79' : age(b) >= 18 ? '18-59' : '0-17');
      // the current residency used: the latest begun, then the smallest id
      const primary = new Map<string, (typeof residencies)[number]>();
      for (const r of [...current()].sort((a, b) => (b.valid_from ?? '').localeCompare(a.valid_from ?? '') || (a.valid_from === null ? 1 : 0) - (b.valid_from === null ? 1 : 0) || a.id.localeCompare(b.id))) {
        if (!primary.has(r.person_id)) primary.set(r.person_id, r);
      }
      const areaCode = (pid: string) => {
        const r = primary.get(pid);
        if (!r) return null;
        const c = communityOf(households.find((x) => x.id === r.household_id)!);
        return areas.find((a) => a.id === c)?.code ?? null;
      };
      const data = dataOf(
        await h.gql('{ personStats(groupBy: [AREA, SEX, AGE_BAND, RESIDENCY_CATEGORY]) { total { count share } groups { areaCode sex ageBand residencyCategory count suppressed share } } }'),
      );
      const s = data.personStats;
      expect(s.total.count).toBe(persons.length);
      expect(s.total.share).toBe(1);
      expect(s.groups.reduce((n: number, g: any) => n + g.count, 0)).toBe(persons.length);
      const want = new Map<string, number>();
      for (const p of persons) {
        const k = [areaCode(p.id), p.sex, band(p.birth_date), primary.get(p.id)?.category ?? null].join('|');
        want.set(k, (want.get(k) ?? 0) + 1);
      }
      const got = new Map<string, number>(s.groups.map((g: any) => [[g.areaCode, g.sex, g.ageBand, g.residencyCategory].join('|'), g.count]));
      expect(got).toEqual(want);
      for (const g of s.groups) expect(g.share).toBe(Math.round((g.count / persons.length) * 1e4) / 1e4);
    });

    it('personStats by TAG counts distinct persons; groups overlap', async () => {
      const s = dataOf(await h.gql('{ personStats(groupBy: [TAG]) { total { count } groups { tag count suppressed } } }')).personStats;
      expect(s.total.count).toBe(persons.length);
      const want = new Map<string | null, number>();
      for (const p of persons) for (const t of p.tags.length ? p.tags : [null]) want.set(t, (want.get(t) ?? 0) + 1);
      expect(new Map(s.groups.map((g: any) => [g.tag, g.count]))).toEqual(want);
    });

    it('householdStats by AREA, KIND, SIZE: groups sum to the total, members to the residents', async () => {
      const cur = current();
      const members = (hid: string) => cur.filter((r) => r.household_id === hid).length;
      const s = dataOf(await h.gql('{ householdStats(groupBy: [AREA, KIND, SIZE]) { total { count members averageSize } groups { areaCode kind size count members } } }')).householdStats;
      expect(s.total.count).toBe(households.length);
      expect(s.total.members).toBe(households.reduce((n, x) => n + members(x.id), 0));
      expect(s.groups.reduce((n: number, g: any) => n + g.count, 0)).toBe(households.length);
      const want = new Map<string, [number, number]>();
      for (const x of households) {
        const m = members(x.id);
        const k = [areas.find((a) => a.id === communityOf(x))?.code ?? null, x.kind, m >= 5 ? '5+' : String(m)].join('|');
        const [c, n] = want.get(k) ?? [0, 0];
        want.set(k, [c + 1, n + m]);
      }
      expect(new Map(s.groups.map((g: any) => [[g.areaCode, g.kind, g.size].join('|'), [g.count, g.members]]))).toEqual(want);
    });

    it('activityStats by AREA, TYPE, MONTH: count, participations and hours match; orderBy HOURS DESC with limit', async () => {
      const month = (d: Date | null) => (d ? new Date(d.getTime() + CST).toISOString().slice(0, 7) : null);
      const s = dataOf(await h.gql('{ activityStats(groupBy: [AREA, TYPE, MONTH]) { total { count participants hours } groups { areaCode type period count participants hours } } }')).activityStats;
      expect(s.total.count).toBe(activities.length);
      expect(s.total.participants).toBe(participants.length);
      expect(s.total.hours).toBeCloseTo(participants.reduce((n, p) => n + (p.hours ?? 0), 0), 6);
      expect(s.groups.reduce((n: number, g: any) => n + g.count, 0)).toBe(activities.length);
      const want = new Map<string, [number, number, number]>();
      for (const a of activities) {
        const k = [areas.find((x) => x.id === a.area_id)?.code ?? null, a.type, month(a.start_at)].join('|');
        const ps = participants.filter((p) => p.activity_id === a.id);
        const [c, n, hrs] = want.get(k) ?? [0, 0, 0];
        want.set(k, [c + 1, n + ps.length, hrs + ps.reduce((x, p) => x + (p.hours ?? 0), 0)]);
      }
      expect(s.groups.length).toBe(want.size);
      for (const g of s.groups) {
        const [c, n, hrs] = want.get([g.areaCode, g.type, g.period].join('|'))!;
        expect([g.count, g.participants]).toEqual([c, n]);
        expect(g.hours).toBeCloseTo(hrs, 6);
      }
      const top = dataOf(await h.gql('{ activityStats(groupBy: [AREA], orderBy: { field: HOURS, direction: DESC }, limit: 2) { groups { areaCode hours } } }')).activityStats.groups;
      const byArea = new Map<string | null, number>();
      for (const g of s.groups) byArea.set(g.areaCode, (byArea.get(g.areaCode) ?? 0) + g.hours);
      const sorted = [...byArea.values()].sort((a, b) => b - a).slice(0, 2);
      expect(top).toHaveLength(Math.min(2, byArea.size));
      for (const [i, g] of top.entries()) expect(g.hours).toBeCloseTo(sorted[i]!, 6);
      expect(errorOf(await h.gql('{ activityStats(groupBy: [MONTH, QUARTER]) { total { count } } }'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
      expect(errorOf(await h.gql('{ activityStats(groupBy: [TYPE], orderBy: { field: MEMBERS }) { total { count } } }'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'orderBy.field' });
      expect(errorOf(await h.gql('{ activityStats(groupBy: [TYPE], limit: 0) { total { count } } }'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    });

    it('QUARTER and MONTH buckets are taken in China time (2026-03-31T17:00Z is April, Q2)', async () => {
      const area = activities.find((a) => a.area_id !== null)!.area_id!;
      await sql`insert into activity (natural_key, type, title, area_id, start_at) values
        ('test-tz-1', '测试时区', 'tz q2', ${area}, '2026-03-31T17:00:00Z'), ('test-tz-2', '测试时区', 'tz q1', ${area}, '2026-03-31T15:59:59Z')`.execute(h.hub.db);
      try {
        const q = (b: string) => h.gql(`{ activityStats(filter: { type: ["测试时区"] }, groupBy: [${b}]) { groups { period count } } }`);
        expect(dataOf(await q('QUARTER')).activityStats.groups).toEqual([
          { period: '2026-Q1', count: 1 },
          { period: '2026-Q2', count: 1 },
        ]);
        expect(dataOf(await q('MONTH')).activityStats.groups).toEqual([
          { period: '2026-03', count: 1 },
          { period: '2026-04', count: 1 },
        ]);
        expect(dataOf(await q('DAY')).activityStats.groups.map((g: any) => g.period)).toEqual(['2026-03-31', '2026-04-01']);
      } finally {
        await sql`delete from activity where natural_key in ('test-tz-1', 'test-tz-2')`.execute(h.hub.db);
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  describe('the small-group rule (src/auth/small-group.ts)', () => {
    it('withheldGroups: sensitive groups of 1–4, then the next smallest; smallGroupSuppression only for roles without L4', () => {
      expect([...withheldGroups([3, 10, 7, 2], () => true)].sort()).toEqual([0, 3]);
      expect([...withheldGroups([3, 10, 7], () => true)].sort()).toEqual([0, 2]);
      // one sensitive group among others: the next smallest of the rest goes with it
      expect([...withheldGroups([3, 10, 7], (i) => i === 0)].sort()).toEqual([0, 2]);
      expect([...withheldGroups([0, 10, 7], () => true)]).toEqual([]);
      expect(MIN_GROUP_SIZE).toBe(5);
      const figures = { counts: [3, 10], sensitive: () => false, filterIsL4: true, total: 4 };
      expect(smallGroupSuppression(ANALYST, figures)).toEqual({ groups: new Set([0, 1]), total: true });
      expect(smallGroupSuppression(STREET, figures)).toEqual({ groups: new Set(), total: false });
    });

    it('personStats by TAG / POLITICAL_STATUS for a role without L4: groups of 1–4 withheld (+ one), the rest as for L4 roles', async () => {
      for (const dim of ['TAG', 'POLITICAL_STATUS']) {
        const q = `{ personStats(filter: { area: "420102002" }, groupBy: [AREA, ${dim}]) { total { count suppressed } groups { areaCode tag politicalStatus count suppressed share } } }`;
        const full = dataOf(await h.gql(q, {}, STREET)).personStats;
        const analyst = dataOf(await h.gql(q, {}, ANALYST)).personStats;
        expect(full.groups.every((g: any) => !g.suppressed)).toBe(true);
        expect(analyst.total).toEqual(full.total); // the filter is not L4: the total is shown
        const key = (g: any) => `${g.areaCode}|${g.tag}|${g.politicalStatus}`;
        const fullBy = new Map(full.groups.map((g: any) => [key(g), g.count]));
        const small = full.groups.filter((g: any) => g.count >= 1 && g.count < 5);
        expect(small.length, `${dim}: the demo has small groups`).toBeGreaterThan(0);
        const withheld = analyst.groups.filter((g: any) => g.suppressed);
        for (const g of withheld) expect([g.count, g.share]).toEqual([null, null]);
        for (const g of small) expect(analyst.groups.find((a: any) => key(a) === key(g)).suppressed, key(g)).toBe(true);
        expect(withheld.length).toBeGreaterThanOrEqual(2);
        for (const g of analyst.groups.filter((a: any) => !a.suppressed)) expect(g.count).toBe(fullBy.get(key(g)));
        // withheld groups come last whatever the ordering, so their place says nothing
        const ordered = dataOf(await h.gql(q.replace('groupBy:', 'orderBy: { field: COUNT }, groupBy:'), {}, ANALYST)).personStats.groups;
        const firstHidden = ordered.findIndex((g: any) => g.suppressed);
        expect(ordered.slice(firstHidden).every((g: any) => g.suppressed)).toBe(true);
      }
    });

    it('an L4 filter makes every group and the total L4: a small total is withheld; the hole persons(partyMember){totalCount} stays closed', async () => {
      // a tag held by 1–4 persons somewhere: the L4 filter's total is withheld for the analyst
      const byTag = new Map<string, number>();
      for (const p of persons) for (const t of p.tags) byTag.set(t, (byTag.get(t) ?? 0) + 1);
      for (const [tag, n] of byTag) {
        const q = `query($t: [String!]) { personStats(filter: { tag: $t }, groupBy: [AREA]) { total { count suppressed } groups { count suppressed } } }`;
        const a = dataOf(await h.gql(q, { t: [tag] }, ANALYST)).personStats;
        expect(a.total.count, tag).toBe(n >= 1 && n <= 4 ? null : n);
        expect(a.total.suppressed).toBe(n >= 1 && n <= 4);
        for (const g of a.groups) if (!g.suppressed) expect(g.count).toBeGreaterThanOrEqual(5);
        const s = dataOf(await h.gql(q, { t: [tag] })).personStats;
        expect(s.total.count).toBe(n);
      }
      // per community, party members by list: FORBIDDEN, not a small number
      for (const area of areas.filter((x) => x.level === 'community')) {
        const r = await h.gql(`{ persons(filter: { area: "${area.code}", partyMember: true }) { totalCount } }`, {}, GRID_WORKER);
        expect(errorOf(r).code).toBe('FORBIDDEN');
      }
      // the aggregate route withholds small groups of party members per community
      const pm = dataOf(await h.gql('{ personStats(filter: { partyMember: true }, groupBy: [AREA]) { groups { count suppressed } } }', {}, ANALYST)).personStats;
      for (const g of pm.groups) expect(g.suppressed || g.count >= 5).toBe(true);
      // a name would pin one person: refused in aggregates
      expect(errorOf(await h.gql('{ personStats(filter: { name: "张三" }, groupBy: [AGE_BAND]) { total { count } } }', {}, ANALYST))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'filter.name',
      });
    });
  });
});
