/**
 * Street dashboard benchmark (`npm run bench -- dashboards [options]`), issue #12.
 *
 * One dashboard load of a street = ONE GraphQL operation run in process through the hub's Apollo
 * Server (`executeOperation`, the hub's resolvers, scope checks and mappers): `areaStats` of the
 * street with every figure, `caseStats(filter: { area: street }, groupBy: [MONTH])` with every
 * group figure, and — when the schema has it — the 融合 index `fusionIndex(area: street, period)`
 * with every element and indicator figure. Two callers: an unscoped ADMIN and a STREET_STAFF
 * caller scoped to the street (same numbers, the scope conditions added to every statement).
 *
 * The baseline is the same dashboard computed by hand-written SQL, as an engineer would write it
 * for one endpoint: one plain statement per panel (area figures, case figures by month, the
 * index's numerators and denominators), run concurrently through the same pool and Kysely, the
 * scores computed in a few lines of TypeScript. Every load's numbers are compared with the hub's:
 * a mismatch is printed loudly (a bench whose two sides compute different numbers is meaningless)
 * and the exit code is 1.
 *
 * Loads alternate (hub ADMIN, hub STREET_STAFF, baseline; the order rotates) after `--warmup`
 * loads, `--iterations` times; the table gives p50 / p99 / mean per side, the ratio hub/baseline
 * (target ≤ 1.5) and the absolute p50 against 200 ms, plus the p50 of each SQL statement, with the
 * machine's load average. Nothing here asserts: timings vary by machine; tests never time anything.
 *
 * Stores:
 * - `--profile perf` (default; `ci`, `tiny`): a throw-away database on `DATABASE_URL` (default
 *   postgres://postgres@127.0.0.1:5432/postgres) is created, migrated and loaded with
 *   `loadDemo(hub, { profile })` (direct load; perf ≈ 242k persons, 111k cases, 5–6 min on two
 *   cores), then dropped at the end — unless `--keep`, which prints its URL for `--database-url`.
 * - `--database-url <url>`: reuse a loaded store (nothing created, loaded or dropped). It is not
 *   migrated unless `--migrate` (pending migrations are listed); tables never analyzed are named
 *   (run ANALYZE once: without statistics the planner guesses). Session settings go in the URL:
 *   `?options=-c%20jit%3Doff` times both sides without PostgreSQL's JIT compilation.
 *
 * Other options: `--street <9- or 12-digit code>` (default: the street with the most cases),
 * `--period <2026-Q2 | 2026-05>` (default: the quarter of the street's latest case, China time),
 * `--iterations N` (40), `--warmup N` (5), `--fusion auto|on|off` (auto: on when the schema has
 * `fusionIndex`), `--explain` (EXPLAIN (ANALYZE, BUFFERS) of each statement of one hub load, to stderr).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { CompiledQuery, type Kysely, type LogEvent, sql } from 'kysely';
import type { Caller } from '../src/auth/caller';
import { loadConfig } from '../src/config';
import type { Database } from '../src/db/database';
import { migrateToLatest, pendingMigrations } from '../src/db/migrate';
import { openStore } from '../src/db/open-store';
import { loadDemo } from '../src/demo/load-demo';
import { parseAreaCode } from '../src/domain/area-code';
import { fusionSettingsOf } from '../src/governance/fusion-index/fusion-settings';
import { createHubContext } from '../src/graphql/context';
import { buildHubSchema } from '../src/graphql/schema';
import { createHubApolloServer } from '../src/graphql/server/apollo-server';
import { roundHours, roundRate } from '../src/graphql/stats/round-rate';
import type { Hub } from '../src/hub';
import { createLogger } from '../src/logger';
import { createPiiVault } from '../src/pii/pii-vault';
import { createDatabase, dropDatabase, option } from './support/bench-db';
import { AREA_FIGURES, CASE_FIGURES, dashboardOperation, INDICATOR_FIGURES } from './support/hub-queries';

const flag = (name: string) => process.argv.includes(`--${name}`);
const DATABASE_URL = option('database-url', '');
const PROFILE = option('profile', 'perf') as 'tiny' | 'ci' | 'perf';
const ITERATIONS = Number(option('iterations', '40'));
const WARMUP = Number(option('warmup', '5'));
const FUSION = option('fusion', 'auto') as 'auto' | 'on' | 'off';
const TARGET_RATIO = 1.5;
const TARGET_P50_MS = 200;

// ── the dashboard operation (its text: dashboardOperation in support/hub-queries.ts) ─────────

/** Group keys of a `CaseStatsGroup` the operation does not select (null when grouping by MONTH). */
const CASE_KEYS = [
  'status',
  'category',
  'channel',
  'areaCode',
  'areaName',
  'gridCode',
  'gridName',
  'handlingUnitId',
  'handlingUnitName',
  'handlingUnitKind',
  'dispatcherId',
  'dispatcherName',
  'dispatcherKind',
  'dutyItemId',
  'dutyItemCode',
  'dutyItemName',
  'dutyItemListType',
];

/** Descriptive fields of an indicator (from the declaration, not computed): not selected. */
const INDICATOR_DESCRIPTIONS = ['element', 'title', 'titleEn', 'numeratorDefinition', 'denominatorDefinition', 'unit', 'direction', 'target', 'floor', 'weight', 'partyMembershipBased', 'rows'];

/**
 * Fields of the dashboard's types that the operation does not select and the baseline does not
 * compute (a helper added a figure): named loudly, so the bench is extended rather than silently
 * measuring less than the dashboard shows.
 */
function checkSelection(withFusion: boolean): string[] {
  const schema = buildHubSchema();
  const missing: string[] = [];
  const check = (type: string, known: readonly string[]) => {
    const t = schema.getType(type) as { getFields?: () => Record<string, unknown> } | undefined;
    if (!t?.getFields) {
      missing.push(`${type} (type absent)`);
      return;
    }
    for (const f of Object.keys(t.getFields())) if (!known.includes(f)) missing.push(`${type}.${f}`);
  };
  check('AreaStats', [...AREA_FIGURES, 'area']);
  check('CaseStatsGroup', [...CASE_FIGURES, ...CASE_KEYS, 'period']);
  if (withFusion) {
    check('FusionIndex', ['area', 'period', 'startDay', 'endDay', 'score', 'elements', 'indicators', 'indicator']);
    check('FusionElementScore', ['element', 'score', 'indicators', 'title', 'titleEn', 'weight']);
    check('FusionIndicator', [...INDICATOR_FIGURES, ...INDICATOR_DESCRIPTIONS]);
  }
  return missing;
}

function schemaHasFusion(): boolean {
  return Boolean(buildHubSchema().getQueryType()?.getFields().fusionIndex);
}

// ── the baseline: hand-written SQL, one statement per panel ────────────────────────────────

type Row = Record<string, any>;
const TZ = sql.lit('Asia/Shanghai');

/** The street's subtree: admin_area ids whose path starts with the street's. */
const subtree = (code: string) => sql`(select a.id from admin_area a where a.path like (select s.path from admin_area s where s.code = ${code}) || '%')`;

/** Area panel: every figure of `areaStats` in one statement. */
function baselineAreaStatement(db: Kysely<Database>, code: string) {
  return sql<Row>`/* baseline: area */
    with sub as materialized ${subtree(code)},
    hh as materialized (select h.id from household h left join grid g on g.id = h.grid_id where coalesce(h.community_id, g.community_id) in (select id from sub)),
    cur as materialized (select r.person_id, r.household_id, r.category from residency r join hh on hh.id = r.household_id where r.valid_to is null),
    alone as (select household_id from cur group by household_id having count(distinct person_id) = 1),
    staff as (select sr.person_id, sr.role from staff_role sr left join grid g on g.id = sr.grid_id
      where sr.valid_to is null and coalesce(sr.area_id, g.community_id) in (select id from sub)),
    cases as (select c.status from case_record c left join grid g on g.id = c.grid_id where coalesce(c.area_id, g.community_id) in (select id from sub))
    select s.code, s.name,
      (select count(*)::int from hh) as households,
      (select count(distinct person_id)::int from cur) as residents,
      (select count(distinct person_id)::int from cur where category = 'FLOATING') as floating_residents,
      (select count(distinct cur.person_id)::int from cur join person p on p.id = cur.person_id
        where cur.household_id in (select household_id from alone)
          and p.birth_date <= ((now() at time zone ${TZ})::date - make_interval(years => 80))::date) as elderly_living_alone,
      (select count(*)::int from party_member pm join party_org po on po.id = pm.party_org_id where po.area_id in (select id from sub)) as party_members,
      (select count(distinct cah.household_id)::int from contact_assignment_household cah join contact_assignment ca on ca.id = cah.assignment_id
        where ca.valid_to is null and cah.household_id in (select id from hh)) as households_with_contact,
      (select count(distinct person_id)::int from staff where role = 'GRID_WORKER') as grid_workers,
      (select count(distinct person_id)::int from staff where role = 'VOLUNTEER') as volunteers,
      (select coalesce(sum(ap.hours), 0)::float8 from activity act join activity_participant ap on ap.activity_id = act.id where act.area_id in (select id from sub)) as volunteer_hours,
      (select count(*)::int from cases) as cases,
      (select count(*)::int from cases where status not in ('CLOSED', 'REJECTED', 'ARCHIVED')) as open_cases,
      (select count(*)::int from grid g where g.community_id in (select id from sub)
        and not exists (select 1 from staff_role sr where sr.grid_id = g.id and sr.role = 'GRID_WORKER' and sr.valid_to is null)) as grids_without_worker
    from admin_area s where s.code = ${code}`.execute(db);
}

/** Case panel: the street's cases by month of report (China time) and in total, in one statement. */
function baselineCaseStatement(db: Kysely<Database>, code: string) {
  return sql<Row>`/* baseline: cases by month */
    with sc as materialized (select c.* from case_record c left join grid g on g.id = c.grid_id where coalesce(c.area_id, g.community_id) in ${subtree(code)}),
    committee as (select distinct h.case_id from case_handler h join organization o on o.id = h.organization_id
      where o.kind = 'RESIDENTS_COMMITTEE' and h.case_id in (select id from sc)),
    x as (select sc.*, to_char(sc.reported_at at time zone ${TZ}, 'YYYY-MM') as month,
        (sc.duty_item_id is not null and cm.case_id is not null) as committee_duty,
        (sc.duty_item_id is not null and cm.case_id is not null and d.list_type not in ('BASIC_DUTY', 'ASSIST_DUTY')) as duty_shifted
      from sc left join committee cm on cm.case_id = sc.id left join duty_item d on d.id = sc.duty_item_id)
    select month, grouping(month) as is_total,
      count(*)::int as count,
      (count(*) filter (where closed_at is not null))::int as closed_count,
      (count(*) filter (where due_at is not null and coalesce(closed_at, now()) > due_at))::int as overdue_count,
      (count(*) filter (where closed_at <= due_at))::float8 / nullif(count(*) filter (where closed_at is not null and due_at is not null), 0) as on_time_rate,
      (avg(extract(epoch from (closed_at - reported_at)) / 3600) filter (where closed_at is not null))::float8 as avg_hours_to_close,
      (count(*) filter (where satisfaction in ('SATISFIED', 'BASICALLY_SATISFIED')))::float8 / nullif(count(*) filter (where satisfaction is not null), 0) as satisfaction_rate,
      avg(returns_count)::float8 as returns_per_case,
      (count(*) filter (where duty_shifted))::int as duty_shifted_count,
      (count(*) filter (where committee_duty))::int as committee_duty_count
    from x group by grouping sets ((), (month)) order by is_total desc, month`.execute(db);
}

/** The period's bounds as the index reads them (China time). */
interface Period {
  label: string;
  startDay: string;
  endDay: string;
  months: number;
}

/** Index panel: Σ numerator and Σ denominator of every indicator of the 融合 index, one statement. */
function baselineFusionStatement(db: Kysely<Database>, code: string, p: Period, freshWithinHours: number) {
  const start = sql`(cast(${p.startDay} as timestamp) at time zone ${TZ})`;
  const end = sql`(cast(${p.endDay} as timestamp) at time zone ${TZ})`;
  const asOf = sql`least(cast(${p.endDay} as date) - 1, (now() at time zone ${TZ})::date)`;
  const at = sql`least(${end}, now())`;
  return sql<{ id: string; num: number; den: number }>`/* baseline: fusion */
    with sub as materialized (select a.id, a.level from admin_area a where a.path like (select s.path from admin_area s where s.code = ${code}) || '%'),
    communities as (select count(*)::int as n from sub where level = 'community'),
    pc as materialized (select c.* from case_record c left join grid g on g.id = c.grid_id
      where c.reported_at >= ${start} and c.reported_at < ${end} and coalesce(c.area_id, g.community_id) in (select id from sub)),
    committee as (select distinct h.case_id from case_handler h join organization o on o.id = h.organization_id
      where o.kind = 'RESIDENTS_COMMITTEE' and h.case_id in (select id from pc)),
    fresh as (select distinct r.source_id from sync_run r where r.status = 'SUCCEEDED' and r.finished_at <= ${at}
      and r.finished_at > ${at} - make_interval(hours => ${freshWithinHours})),
    stale_cases as (select distinct sr.entity_id as case_id from source_record sr
      where sr.entity = 'case' and sr.entity_id in (select id from pc) and sr.source <> 'hub' and sr.source not in (select source_id from fresh)),
    hub_moved as (select distinct e.case_id from case_event e where e.case_id in (select id from pc) and e.origin = 'HUB'),
    covered as (select distinct cah.household_id from contact_assignment_household cah join contact_assignment ca on ca.id = cah.assignment_id
      where (ca.valid_from is null or ca.valid_from <= ${asOf}) and (ca.valid_to is null or ca.valid_to >= ${asOf})),
    participants as (select distinct ap.person_id from activity_participant ap join activity act on act.id = ap.activity_id
      where act.start_at >= ${start} and act.start_at < ${end}),
    units as (select so.id as org_id, so.area_id from organization so where so.kind = 'SOCIAL_ORG' and so.area_id in (select id from sub)
      union select pp.company_id, pp.community_id from property_project pp where pp.company_id is not null and pp.community_id in (select id from sub)
      union select pc2.id, pc2.area_id from organization pc2 where pc2.kind = 'PROPERTY_COMPANY' and pc2.area_id in (select id from sub)
        and not exists (select 1 from property_project pp2 where pp2.company_id = pc2.id)),
    case_figures as (select
        count(*) as n,
        count(*) filter (where reporter_person_id is not null and building_id is not null) as unified,
        count(*) filter (where id not in (select case_id from stale_cases)) as fresh,
        count(*) filter (where source_system = 'hub' or id in (select case_id from hub_moved)) as hub_flow,
        count(*) filter (where closed_at is not null and due_at is not null) as closed_due,
        count(*) filter (where closed_at <= due_at) as on_time,
        count(*) filter (where satisfaction is not null) as revisited,
        count(*) filter (where satisfaction in ('SATISFIED', 'BASICALLY_SATISFIED')) as satisfied,
        coalesce(sum(returns_count), 0) as returns,
        count(*) filter (where duty_item_id is not null and id in (select case_id from committee)) as committee_duty,
        count(*) filter (where duty_item_id is not null and id in (select case_id from committee)
          and duty_item_id in (select d.id from duty_item d where d.list_type not in ('BASIC_DUTY', 'ASSIST_DUTY'))) as duty_shifted
      from pc)
    select 'contact-coverage' as id, count(*) filter (where h.id in (select household_id from covered))::int as num, count(*)::int as den
      from household h left join grid g on g.id = h.grid_id where coalesce(h.community_id, g.community_id) in (select id from sub)
    union all
    select 'member-participation', count(*) filter (where pm.person_id in (select person_id from participants))::int, count(*)::int
      from party_member pm join party_org po on po.id = pm.party_org_id where po.area_id in (select id from sub) and (pm.joined_on is null or pm.joined_on <= ${asOf})
    union all
    select 'org-party-coverage', count(*) filter (where o.id in (select host_organization_id from party_org))::int, count(*)::int
      from units u join organization o on o.id = u.org_id where o.status = 'ACTIVE'
    union all
    select 'alliance-units', (select count(*)::int from alliance_member am join organization al on al.id = am.alliance_id
        where al.kind = 'ALLIANCE' and al.area_id in (select id from sub)
          and (am.joined_on is null or am.joined_on <= ${asOf}) and (am.left_on is null or am.left_on > ${asOf})), (select n from communities)
    union all
    select 'grid-branch-coverage', count(*) filter (where g.id in (select grid_id from party_org where level = 'GRID_BRANCH'))::int, count(*)::int
      from grid g where g.community_id in (select id from sub)
    union all select 'case-unified', unified::int, n::int from case_figures
    union all select 'source-freshness', fresh::int, n::int from case_figures
    union all select 'hub-flow', hub_flow::int, n::int from case_figures
    union all select 'on-time', on_time::int, closed_due::int from case_figures
    union all select 'satisfaction', satisfied::int, revisited::int from case_figures
    union all select 'returns-per-case', returns::int, n::int from case_figures
    union all select 'joint-meetings',
      (select count(*)::int from activity act where act.type = '联席会议' and act.area_id in (select id from sub) and act.start_at >= ${start} and act.start_at < ${end}),
      (select n * ${p.months}::int from communities)
    union all select 'duty-shift', duty_shifted::int, committee_duty::int from case_figures`.execute(db);
}

/** Score of a value: target scores 100, floor 0, linear between, clamped, rounded. */
function score(value: number | null, target: number, floor: number): number | null {
  if (value === null) return null;
  return Math.round(Math.min(1, Math.max(0, (value - floor) / (target - floor))) * 100);
}

/** Weighted mean of the scores that exist, rounded. */
function weighted(parts: { score: number | null; weight: number }[]): number | null {
  const scored = parts.filter((x) => x.score !== null && x.weight > 0);
  const w = scored.reduce((s, x) => s + x.weight, 0);
  return w > 0 ? Math.round(scored.reduce((s, x) => s + x.score! * x.weight, 0) / w) : null;
}

/** One dashboard load by hand-written SQL, shaped as the hub's `data`. */
async function baselineLoad(hub: Hub, code: string, period: Period | null): Promise<Row> {
  const db = hub.db;
  const settings = fusionSettingsOf(hub.config.fusionIndex);
  const [area, cases, fusion] = await Promise.all([
    baselineAreaStatement(db, code),
    baselineCaseStatement(db, code),
    period ? baselineFusionStatement(db, code, period, settings.freshWithinHours) : null,
  ]);
  const a = area.rows[0]!;
  const group = (r: Row, withPeriod: boolean) => ({
    period: withPeriod ? r.month : null,
    suppressed: false,
    count: r.count,
    closedCount: r.closed_count,
    overdueCount: r.overdue_count,
    onTimeRate: roundRate(r.on_time_rate),
    avgHoursToClose: roundHours(r.avg_hours_to_close),
    satisfactionRate: roundRate(r.satisfaction_rate),
    returnsPerCase: roundRate(r.returns_per_case),
    dutyShiftedCount: r.duty_shifted_count,
    committeeDutyCount: r.committee_duty_count,
    dutyShiftRate: r.committee_duty_count === 0 ? null : roundRate(r.duty_shifted_count / r.committee_duty_count),
  });
  const total = cases.rows.find((r) => r.is_total === 1);
  const data: Row = {
    areaStats: {
      area: { code: a.code, name: a.name },
      households: a.households,
      residents: a.residents,
      floatingResidents: a.floating_residents,
      floatingShare: a.residents > 0 ? roundRate(a.floating_residents / a.residents) : null,
      elderlyLivingAlone: a.elderly_living_alone,
      partyMembers: a.party_members,
      householdsWithContact: a.households_with_contact,
      partyMemberHouseholdCoverage: a.households > 0 ? roundRate(a.households_with_contact / a.households) : null,
      gridWorkers: a.grid_workers,
      volunteers: a.volunteers,
      volunteerHours: a.volunteer_hours,
      cases: a.cases,
      openCases: a.open_cases,
      gridsWithoutWorker: a.grids_without_worker,
      suppressed: [],
    },
    caseStats: {
      groupBy: ['MONTH'],
      total: total ? group(total, false) : null,
      groups: cases.rows.filter((r) => r.is_total === 0).map((r) => group(r, true)),
    },
  };
  if (period && fusion) {
    const figures = new Map(fusion.rows.map((r) => [r.id, r]));
    const elements = settings.elements.map((e) => {
      const indicators = e.indicators.map((ind) => {
        const f = figures.get(ind.id);
        const num = f?.num ?? 0;
        const den = f?.den ?? 0;
        const value = den > 0 ? num / den : null;
        return { id: ind.id, suppressed: false, numerator: num, denominator: den, value: roundRate(value), score: score(value, ind.target, ind.floor), weight: ind.weight };
      });
      return { element: e.element, score: weighted(indicators), indicators: indicators.map(({ weight: _w, ...i }) => i), weight: e.weight };
    });
    data.fusionIndex = {
      period: period.label,
      startDay: period.startDay,
      endDay: period.endDay,
      score: weighted(elements),
      elements: elements.map(({ weight: _w, ...e }) => e),
    };
  }
  return data;
}

// ── the store ───────────────────────────────────────────────────────────────────────────────

/** Statement durations of the load being timed, by statement label. */
let statementSink: Map<string, number[]> | null = null;
/** Statements of the load being captured for `--explain`. */
let captureSink: CompiledQuery[] | null = null;

function statementLabel(text: string): string {
  const baseline = /^\/\* (baseline: [^*]+) \*\//.exec(text.trimStart());
  if (baseline) return baseline[1]!;
  if (/as elderly_living_alone/.test(text)) return 'hub: areaStats';
  if (/grouping sets/.test(text)) return 'hub: caseStats';
  if (/__pc as materialized/.test(text)) return 'hub: fusionIndex figures';
  if (/^select "?a"?\.\* from "admin_area"/.test(text)) return 'hub: area by code';
  const flat = text.replace(/\s+/g, ' ').trim();
  return `hub: ${flat.length > 50 ? `${flat.slice(0, 50)}…` : flat}`;
}

function onQuery(event: LogEvent): void {
  if (event.level !== 'query') return;
  if (captureSink) captureSink.push(event.query);
  if (!statementSink) return;
  const label = statementLabel(event.query.sql);
  const list = statementSink.get(label) ?? [];
  if (list.length === 0) statementSink.set(label, list);
  list.push(event.queryDurationMillis);
}

async function openBenchHub(): Promise<{ hub: Hub; drop: () => Promise<void>; description: string }> {
  let url = DATABASE_URL;
  let drop = async () => {};
  let name = '';
  if (!url) {
    name = `huiju_bench_${randomBytes(4).toString('hex')}`;
    url = await createDatabase(name);
    if (!flag('keep')) drop = () => dropDatabase(name);
  }
  const store = await openStore({ databaseUrl: url, dataDir: null, onQuery });
  const key = randomBytes(32);
  const config = loadConfig({ env: {}, overrides: { logLevel: 'silent', pii: { key: key.toString('hex') }, server: { rateLimit: { perMinute: 0 } }, database: { url } } });
  const hub: Hub = { config, store, db: store.db, vault: createPiiVault(key), logger: createLogger({ level: 'silent' }), close: () => store.close() };
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (name) {
    await migrateToLatest(store.db);
    log(`dashboards bench: database ${name}, loading the demo ${PROFILE} profile (direct) …`);
    const t0 = performance.now();
    const loaded = await loadDemo(hub, { profile: PROFILE });
    log(`loaded ${loaded.applied} records in ${((performance.now() - t0) / 1000).toFixed(0)} s${flag('keep') ? `; kept: --database-url ${store.description}` : ''}`);
    return { hub, drop, description: `throw-away store, demo ${PROFILE} profile` };
  }
  const pending = await pendingMigrations(store.db);
  if (pending.length > 0 && flag('migrate')) await migrateToLatest(store.db);
  else if (pending.length > 0) log(`WARNING: the store has ${pending.length} pending migration(s), not applied without --migrate: ${pending.join(', ')}`);
  const never = (
    await sql<{ relname: string }>`select relname from pg_stat_user_tables
      where last_analyze is null and last_autoanalyze is null and n_live_tup > 1000 order by relname`.execute(store.db)
  ).rows.map((r) => r.relname);
  if (never.length > 0) log(`WARNING: tables never analyzed (the planner guesses their size; run ANALYZE): ${never.join(', ')}`);
  return { hub, drop, description: `reused store ${store.description}` };
}

/** The 12-digit code of `--street`, or of the street with the most cases. */
async function chooseStreet(db: Kysely<Database>): Promise<{ code: string; name: string; cases: number }> {
  const given = option('street', '');
  const code12 = given ? parseAreaCode(given) : null;
  if (code12 && !code12.ok) throw new Error(`--street: ${code12.message}`);
  const rows = await sql<{ code: string; name: string; cases: number }>`
    select s.code, s.name, count(c.id)::int as cases from admin_area s
      left join admin_area a on a.path like s.path || '%'
      left join (select c.id, coalesce(c.area_id, g.community_id) as area_id from case_record c left join grid g on g.id = c.grid_id) c on c.area_id = a.id
    where s.level = 'street' ${code12?.ok ? sql`and s.code = ${code12.code}` : sql``}
    group by s.code, s.name order by cases desc, s.code limit 1`.execute(db);
  if (!rows.rows[0]) throw new Error(given ? `--street ${given}: no such street in the store` : 'the store has no street');
  return rows.rows[0];
}

/** `--period`, or the quarter (China time) of the street's latest case. */
async function choosePeriod(db: Kysely<Database>, code: string): Promise<Period> {
  const given = option('period', '');
  const label =
    given ||
    (
      await sql<{ q: string | null }>`select to_char(max(c.reported_at) at time zone ${TZ}, 'YYYY-"Q"Q') as q
        from case_record c left join grid g on g.id = c.grid_id where coalesce(c.area_id, g.community_id) in ${subtree(code)}`.execute(db)
    ).rows[0]?.q ||
    'none';
  const m = /^(\d{4})-(?:Q([1-4])|(\d{2}))$/.exec(label);
  if (!m) throw new Error(`--period ${label}: a month (2026-05) or a quarter (2026-Q2)`);
  const year = Number(m[1]);
  const first = m[2] ? (Number(m[2]) - 1) * 3 + 1 : Number(m[3]);
  const months = m[2] ? 3 : 1;
  const pad = (n: number) => String(n).padStart(2, '0');
  const endMonth = first + months;
  return { label, startDay: `${year}-${pad(first)}-01`, endDay: endMonth > 12 ? `${year + 1}-01-01` : `${year}-${pad(endMonth)}-01`, months };
}

// ── measuring ───────────────────────────────────────────────────────────────────────────────

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Differences between two results, as `path: hub ≠ baseline` lines (first `max`). */
function differences(hub: unknown, base: unknown, path = 'data', out: string[] = [], max = 12): string[] {
  if (out.length >= max) return out;
  if (hub !== null && base !== null && typeof hub === 'object' && typeof base === 'object') {
    const keys = new Set([...Object.keys(hub as object), ...Object.keys(base as object)]);
    for (const k of keys) differences((hub as Row)[k], (base as Row)[k], Array.isArray(hub) ? `${path}[${k}]` : `${path}.${k}`, out, max);
  } else if (hub !== base) out.push(`${path}: hub ${JSON.stringify(hub)} ≠ baseline ${JSON.stringify(base)}`);
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const withFusion = FUSION === 'on' || (FUSION === 'auto' && schemaHasFusion());
  const unselected = checkSelection(withFusion);
  if (unselected.length > 0) log(`WARNING: fields the bench neither selects nor computes (extend the operation and the baseline): ${unselected.join(', ')}`);
  const { hub, drop, description } = await openBenchHub();
  let mismatches = 0;
  try {
    const street = await chooseStreet(hub.db);
    const period = withFusion ? await choosePeriod(hub.db, street.code) : null;
    const code9 = street.code.slice(0, 9);
    log(`street ${code9} ${street.name} (${street.cases} cases)${period ? `, 融合 index period ${period.label}` : ', 融合 index off'}`);
    const server = createHubApolloServer(hub);
    await server.start();
    const query = dashboardOperation(withFusion);
    const variables = { street: code9, ...(period ? { period: period.label } : {}) };
    const callers: { label: string; caller: Caller }[] = [
      { label: 'hub, ADMIN (unscoped)', caller: { role: 'ADMIN', areaScope: [], subject: 'bench' } },
      { label: `hub, STREET_STAFF (scope ${code9})`, caller: { role: 'STREET_STAFF', areaScope: [street.code], subject: 'bench' } },
    ];
    const hubLoad = async (caller: Caller): Promise<Row> => {
      const r = await server.executeOperation({ query, variables }, { contextValue: createHubContext(hub, caller) });
      if (r.body.kind !== 'single' || r.body.singleResult.errors) throw new Error(`dashboard operation failed: ${JSON.stringify(r.body.kind === 'single' ? r.body.singleResult.errors : r.body.kind)}`);
      return r.body.singleResult.data as Row;
    };
    const sides = [
      ...callers.map((c) => ({ label: c.label, load: () => hubLoad(c.caller) })),
      { label: 'baseline: hand-written SQL', load: () => baselineLoad(hub, street.code, period) },
    ];
    const times = sides.map(() => [] as number[]);
    const statements = sides.map(() => new Map<string, number[]>());
    let first: { data: Row; from: string } | null = null;
    const check = (data: Row, label: string) => {
      // plain JSON, as a client receives it (Apollo's data holds class instances)
      const plain = JSON.parse(JSON.stringify(data)) as Row;
      if (!first) {
        first = { data: plain, from: label };
        return;
      }
      const diff = differences(plain, first.data);
      if (diff.length > 0) {
        mismatches += 1;
        if (mismatches <= 3) log(`\n!!! MISMATCH: ${label} and ${first.from} computed different numbers:\n  ${diff.join('\n  ')}\n`);
      }
    };

    log(`${WARMUP} warm-up loads per side, then ${ITERATIONS} alternating loads per side …`);
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      const measured = i >= WARMUP;
      for (let k = 0; k < sides.length; k++) {
        const s = (k + i) % sides.length; // rotate the order: each side runs first, second and third alike
        statementSink = measured ? statements[s]! : null;
        const t0 = performance.now();
        const data = await sides[s]!.load();
        const ms = performance.now() - t0;
        statementSink = null;
        if (measured) times[s]!.push(ms);
        check(data, sides[s]!.label);
      }
    }

    if (flag('explain')) {
      captureSink = [];
      await hubLoad(callers[0]!.caller);
      const captured = captureSink;
      captureSink = null;
      for (const q of captured) {
        // only reads (the hub may wrap an operation in a transaction: begin, set local …, commit)
        if (!/^\s*(\/\*[^*]*\*\/\s*)?(select|with)\b/i.test(q.sql)) continue;
        const plan = await hub.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]));
        log(`\n── ${statementLabel(q.sql)} ──\n${q.sql}\n-- parameters: ${JSON.stringify(q.parameters)}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
    }
    await server.stop();

    const jit = (await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(hub.db)).rows[0]?.jit;
    const f = (n: number) => n.toFixed(1);
    const base = sides.length - 1;
    const baseP50 = percentile(times[base]!, 50);
    const rows: string[][] = [['side', 'p50 ms', 'p99 ms', 'mean ms', 'ratio p50 hub/baseline', 'p50 < 200 ms']];
    sides.forEach((s, k) => {
      const p50 = percentile(times[k]!, 50);
      rows.push([
        s.label,
        f(p50),
        f(percentile(times[k]!, 99)),
        f(mean(times[k]!)),
        k === base ? '' : `${(p50 / baseP50).toFixed(2)} (target ≤ ${TARGET_RATIO})`,
        p50 < TARGET_P50_MS ? 'yes' : 'NO',
      ]);
    });
    const stmtRows: string[][] = [['statement', 'side', 'p50 ms', 'p99 ms', 'per load']];
    sides.forEach((s, k) => {
      for (const [label, ds] of statements[k]!) stmtRows.push([label, s.label, f(percentile(ds, 50)), f(percentile(ds, 99)), (ds.length / ITERATIONS).toFixed(0)]);
    });
    const parts = ['areaStats', 'caseStats by MONTH', ...(period ? [`fusionIndex ${period.label}`] : ['(fusionIndex off)'])].join(' + ');
    process.stdout.write(
      `\ndashboards bench — ${description}, street ${code9} ${street.name} (${street.cases} cases), one operation: ${parts}\n` +
        `${ITERATIONS} loads per side after ${WARMUP} warm-up, alternating, sequential; PostgreSQL jit ${jit}; node ${process.version}, load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}\n\n${table(rows)}\n\nSQL statements (durations as Kysely logs them):\n\n${table(stmtRows)}\n\n` +
        (mismatches === 0 ? `numbers: hub (both callers) = baseline on every load ✓\n` : `!!! ${mismatches} load(s) whose numbers differ from the first — see stderr\n`) +
        (unselected.length > 0 ? `!!! not covered: ${unselected.join(', ')}\n` : ''),
    );
  } finally {
    await hub.close();
    await drop();
  }
  if (mismatches > 0) process.exitCode = 1;
}

await main();
