import { type RawBuilder, sql } from 'kysely';
import { onWorkList } from '../work-list';
import { HOUSEHOLD_COMMUNITY } from '../../graphql/household/household.repository';

/**
 * 融合指数 — the ONE place where the 融合 index is declared: its four elements, every indicator's
 * formula (SQL over canonical rows), and the default weights, targets and floors with the reason
 * for each. Operators override weights, targets and floors in the hub config (`fusionIndex`,
 * validated at start: ./fusion-index.config-schema.ts); formulas change only here.
 *
 * The seed (../shared/seed/hubei-daily-2022-03-15-integrated-party-building.txt, 張瑜, 湖北日報
 * 2022-03-15) names the four elements: "融合理念、融合結構、融合平台和融合機制共同構成了評價黨建引領
 * 社會治理成效的核心要素". It gives no numbers: every target and floor below is a policy default,
 * chosen as the reasoning says and meant to be set by the street that uses the index.
 *
 * How a figure becomes a score:
 * - an indicator's rows are listed by `rows` (one row per counted thing, with what it adds to the
 *   numerator and to the denominator); its value is Σ numerator / Σ denominator over the rows of
 *   the area's subtree that the caller may see (null when the denominator is 0);
 * - indicator score = clamp((value − floor) / (target − floor), 0, 1) × 100, rounded: `target`
 *   scores 100 and `floor` 0. For an indicator that counts against (returns, duty shifting) the
 *   target is below the floor. A plain share ×100 is target 1, floor 0;
 * - element score = the weighted mean of its indicators' scores (indicators without a value, or
 *   withheld by the small-group rule, are left out and the weights of the rest re-normalised),
 *   rounded; the index = the weighted mean of the element scores, rounded.
 *
 * Periods: cases count by report time, activities by start time, both inside the period in China
 * time; stocks (households covered, organisations with a party organisation, grids with a branch,
 * alliance members) are read as of the period's last day, or today while the period runs. The
 * canonical rows keep no history of party organisations or their host organisations: a past
 * period sees them as they are now.
 */

/** The four elements of integrated party building (融合式黨建). */
export type FusionElement = 'IDEA' | 'STRUCTURE' | 'PLATFORM' | 'MECHANISM';
export const FUSION_ELEMENTS: readonly FusionElement[] = ['IDEA', 'STRUCTURE', 'PLATFORM', 'MECHANISM'];

/** Whether more is better, or the figure counts against the area. */
export type FusionDirection = 'HIGHER_IS_BETTER' | 'COUNTS_AGAINST';

/** Entity types an indicator's rows can be (each a `node` type of the API). */
export type FusionRowEntity = 'Household' | 'PartyMember' | 'Organization' | 'AdminArea' | 'Grid' | 'Case' | 'Activity';

/** What the SQL of an indicator's rows may use about the period. */
export interface FusionSqlPeriod {
  /** First instant of the period (timestamptz, inclusive). */
  readonly start: RawBuilder<unknown>;
  /** First instant after the period (timestamptz, exclusive). */
  readonly end: RawBuilder<unknown>;
  /** The day stocks are read at (date): the period's last day, or today (China time) while it runs. */
  readonly asOf: RawBuilder<unknown>;
  /** The instant freshness is judged at (timestamptz): the period's end, or now while it runs. */
  readonly at: RawBuilder<unknown>;
  /** Calendar months in the period (1 or 3). */
  readonly months: number;
  /** {@link FUSION_FRESH_WITHIN_HOURS}, or the operator's value. */
  readonly freshWithinHours: number;
  /**
   * `area` (an `admin_area.id` expression) lies inside one of the areas asked for and inside the
   * caller's scope. Every select of an indicator's rows restricts its rows' area with it, so that
   * correlated flags are computed only for the rows that count.
   */
  within(area: RawBuilder<unknown>): RawBuilder<unknown>;
  /**
   * The cases reported inside the period, inside the areas asked for and the caller's scope,
   * selected once per statement for every case indicator: a `case_record` row plus `case_area`
   * (its community: its own area, else its grid's). Use as `from ${p.cases} c`.
   */
  readonly cases: RawBuilder<unknown>;
}

/** One element: its names, its default weight in the index, and why. */
export interface FusionElementDeclaration {
  readonly element: FusionElement;
  readonly title: string;
  readonly titleEn: string;
  /** Default weight in the index (weights are re-normalised; the defaults sum to 1). */
  readonly weight: number;
}

/** One indicator, declared. */
export interface FusionIndicatorDeclaration {
  /** Stable id, kebab-case: the config key (`fusionIndex.indicators.<id>`) and the API's `id`. */
  readonly id: string;
  readonly element: FusionElement;
  readonly title: string;
  readonly titleEn: string;
  /** What a row adds to the numerator (for the API and the docs). */
  readonly numerator: string;
  /** What a row adds to the denominator. */
  readonly denominator: string;
  /** Unit of the value, for display (`share`, `units per community`, …). */
  readonly unit: string;
  /** Entity types of its rows: a caller lists the rows only when it may read all of them. */
  readonly entities: readonly FusionRowEntity[];
  /**
   * Whether the figure rests on party membership (L4, political identity): for callers whose role
   * does not see L4, a numerator or denominator of 1–4 is withheld (src/auth/small-group.ts).
   */
  readonly l4: boolean;
  readonly direction: FusionDirection;
  /** Default value that scores 100. */
  readonly target: number;
  /** Default value that scores 0. */
  readonly floor: number;
  /** Default weight within its element (re-normalised over the element's indicators). */
  readonly weight: number;
  /**
   * The rows, one select with exactly these columns: `row_id` (uuid, unique within the indicator
   * and area), `entity` (a {@link FusionRowEntity}), `node_id` (uuid of the node), `label` (text,
   * never personal information), `area_id` (the admin_area the row belongs to), `num`, `den`
   * (integers it adds to the numerator and denominator; a row adds to at least one). The caller's
   * scope and the area's subtree are applied around it (src/graphql/fusion/fusion.repository.ts).
   */
  rows(p: FusionSqlPeriod): RawBuilder<unknown>;
}

/**
 * Hours within which a source's latest successful sync run counts as fresh. Default 48: sources
 * are synced at most daily (a file export a day, `schedule: 1d`, as `ingest.parkedFor` assumes),
 * so a day's cycle plus a day's slack for a failed run retried. Config `fusionIndex.freshWithinHours`.
 */
export const FUSION_FRESH_WITHIN_HOURS = 48;

export const FUSION_ELEMENT_DECLARATIONS: readonly FusionElementDeclaration[] = [
  // 0.20 — "融合理念是評價基層黨建與社會治理深度融合的前提基礎，關係到黨建引領基層治理的方向":
  // the premise and the direction; weighed a little below the structure it has to become.
  { element: 'IDEA', title: '融合理念', titleEn: 'Integration idea', weight: 0.2 },
  // 0.30 — "融合結構是評價基層黨建與社會治理深度融合的核心關鍵 … 形成的「一軸多元、耦合互動」治理共同體":
  // the seed calls it the core, so it weighs most.
  { element: 'STRUCTURE', title: '融合结构', titleEn: 'Integration structure', weight: 0.3 },
  // 0.25 — "融合平台是評價基層黨建與社會治理深度融合的渠道載體": the carrier
  // (事項統一處理、數據匯聚共享、業務協同流轉), what this hub is.
  { element: 'PLATFORM', title: '融合平台', titleEn: 'Integration platform', weight: 0.25 },
  // 0.25 — "融合機制是評價黨建引領社會治理效能的保障": the guarantee that the rest works, measured
  // by how cases are actually handled.
  { element: 'MECHANISM', title: '融合机制', titleEn: 'Integration mechanism', weight: 0.25 },
];

/** The community of a household: its own, else its grid's. */
/** The community of a household (`h`): its own, else its grid's. */
const HOUSEHOLD_AREA = HOUSEHOLD_COMMUNITY;
/** A case's row label: its source system and number (no text, no person). */
const CASE_LABEL = sql`c.source_system || ' ' || c.source_no`;
/** The columns of a case row, `num` and `den` given (`c` is a row of `p.cases`). */
const caseRow = (num: RawBuilder<unknown>) =>
  sql`select c.id as row_id, 'Case' as entity, c.id as node_id, ${CASE_LABEL} as label, c.case_area as area_id, ${num} as num, 1 as den`;
const flag = (cond: RawBuilder<unknown>) => sql`(case when ${cond} then 1 else 0 end)`;
/** Every community of the areas asked for, as a denominator row adding `den`. */
const communities = (p: FusionSqlPeriod, den: number) =>
  sql`select a.id as row_id, 'AdminArea' as entity, a.id as node_id, a.name as label, a.id as area_id, 0 as num, ${den}::int as den
    from admin_area a where a.level = 'community' and ${p.within(sql`a.id`)}`;

export const FUSION_INDICATORS: readonly FusionIndicatorDeclaration[] = [
  // ── 融合理念 ─────────────────────────────────────────────────────────────────────────────
  {
    // weight 0.6, plain share (target 1): "融合式黨建通過運用黨員包片聯戶方式 … 將黨組織的觸角延伸到
    // 最基層單元" — every household is the aim. The heavier of the two: it is the standing tie to
    // every household, where participation is a period's activity. Counts households, not members,
    // so (as `areaStats` coverage) it is shown under the small-group rule.
    id: 'contact-coverage',
    element: 'IDEA',
    title: '党员包片联户覆盖率',
    titleEn: 'Households covered by party members\' contact assignments',
    numerator: 'households with a contact assignment (包片联户) valid on the as-of day',
    denominator: 'households of the area',
    unit: 'share',
    entities: ['Household'],
    l4: false,
    direction: 'HIGHER_IS_BETTER',
    target: 1,
    floor: 0,
    weight: 0.6,
    rows: (p) => sql`select h.id as row_id, 'Household' as entity, h.id as node_id, h.household_no as label, ${HOUSEHOLD_AREA} as area_id,
        ${flag(sql`exists (select 1 from contact_assignment_household cah join contact_assignment ca on ca.id = cah.assignment_id
          where cah.household_id = h.id and (ca.valid_from is null or ca.valid_from <= ${p.asOf}) and (ca.valid_to is null or ca.valid_to >= ${p.asOf}))`)} as num,
        1 as den
      from household h where ${p.within(HOUSEHOLD_AREA)}`,
  },
  {
    // weight 0.4, target 0.8: "通過思想政治工作、組織發動群眾 … 堅持以品牌創建、聯席懇談、團隊塑造、
    // 文化治理等為抓手" — the idea lives in members taking part (主題黨日, 志願服務, 議事協商,
    // 聯席會議). Not every member can take part in a given month or quarter (the old, members
    // registered at their workplace), so 80% scores full. L4: it counts party members.
    id: 'member-participation',
    element: 'IDEA',
    title: '党员参与率',
    titleEn: 'Party members taking part in activities',
    numerator: 'party members who took part in at least one activity started in the period',
    denominator: 'party members (joined by the as-of day) organised in the area\'s party organisations',
    unit: 'share',
    entities: ['PartyMember'],
    l4: true,
    direction: 'HIGHER_IS_BETTER',
    target: 0.8,
    floor: 0,
    weight: 0.4,
    rows: (p) => sql`select pm.id as row_id, 'PartyMember' as entity, pm.id as node_id, po.name as label, po.area_id as area_id,
        ${flag(sql`exists (select 1 from activity_participant ap join activity act on act.id = ap.activity_id
          where ap.person_id = pm.person_id and act.start_at >= ${p.start} and act.start_at < ${p.end})`)} as num,
        1 as den
      from party_member pm join party_org po on po.id = pm.party_org_id
      where ${p.within(sql`po.area_id`)} and (pm.joined_on is null or pm.joined_on <= ${p.asOf})`,
  },

  // ── 融合结构 ─────────────────────────────────────────────────────────────────────────────
  {
    // weight 0.4, plain share: "融合式黨建通過在社會組織、商圈組織和社區組織等基層單位設置黨組織、開展
    // 黨建活動，實現了黨建工作體系重構" and "紅色物業" — a party organisation in every social
    // organisation and property firm (两个覆盖). The heaviest structure indicator: it is the
    // embedding (互聯互嵌) the seed puts first.
    id: 'org-party-coverage',
    element: 'STRUCTURE',
    title: '社会组织和物业企业党组织覆盖率',
    titleEn: 'Social organisations and property firms with a party organisation',
    numerator: 'of those, organisations hosting a party organisation (party_org.host_organization_id)',
    denominator: 'active social organisations of the area, and property firms serving an estate of the area (once per community served; a firm serving none counts where it is registered)',
    unit: 'share',
    entities: ['Organization'],
    l4: false,
    direction: 'HIGHER_IS_BETTER',
    target: 1,
    floor: 0,
    weight: 0.4,
    rows: (p) => sql`select o.id as row_id, 'Organization' as entity, o.id as node_id, o.name as label, u.area_id as area_id,
        ${flag(sql`exists (select 1 from party_org __po where __po.host_organization_id = o.id)`)} as num,
        1 as den
      from (
        select so.id as org_id, so.area_id from organization so where so.kind = 'SOCIAL_ORG' and so.area_id is not null
        union
        select pp.company_id, pp.community_id from property_project pp where pp.company_id is not null and pp.community_id is not null
        union
        select pc.id, pc.area_id from organization pc where pc.kind = 'PROPERTY_COMPANY' and pc.area_id is not null
          and not exists (select 1 from property_project __pp where __pp.company_id = pc.id)
      ) u join organization o on o.id = u.org_id
      where o.status = 'ACTIVE' and ${p.within(sql`u.area_id`)}`,
  },
  {
    // weight 0.3, target 5 units per community: "通過區域化黨建聯盟，將互不隸屬、層級不同、領域多元的
    // 基層黨組織統領起來 … 形成多元主體共同參與的黨建聯合體" and the platforms it names —
    // "業委會、居委會、社會組織、物業公司等自治平台" plus 駐區單位: five kinds of unit, one of each
    // per community scores full ("一核多強"). An alliance counts where it is set up (its area):
    // a street's alliance adds to the street's figure, not to each community's.
    id: 'alliance-units',
    element: 'STRUCTURE',
    title: '区域化党建联盟成员单位数',
    titleEn: 'Regional party-building alliance member units per community',
    numerator: 'memberships of units in alliances set up in the area, current on the as-of day',
    denominator: 'communities of the area',
    unit: 'units per community',
    entities: ['Organization', 'AdminArea'],
    l4: false,
    direction: 'HIGHER_IS_BETTER',
    target: 5,
    floor: 0,
    weight: 0.3,
    rows: (p) => sql`select am.id as row_id, 'Organization' as entity, am.organization_id as node_id, al.name || ' · ' || mo.name as label,
        al.area_id as area_id, 1 as num, 0 as den
      from alliance_member am join organization al on al.id = am.alliance_id join organization mo on mo.id = am.organization_id
      where al.kind = 'ALLIANCE' and ${p.within(sql`al.area_id`)}
        and (am.joined_on is null or am.joined_on <= ${p.asOf}) and (am.left_on is null or am.left_on > ${p.asOf})
      union all ${communities(p, 1)}`,
  },
  {
    // weight 0.3, plain share: "將黨組織的觸角延伸到最基層單元，與基層社會形成多元聯結" — the grid is
    // the smallest unit the hub knows; a grid party branch in each is full coverage.
    id: 'grid-branch-coverage',
    element: 'STRUCTURE',
    title: '网格党支部覆盖率',
    titleEn: 'Grids with a grid party branch',
    numerator: 'grids with a party organisation of level GRID_BRANCH on the grid',
    denominator: 'grids of the area',
    unit: 'share',
    entities: ['Grid'],
    l4: false,
    direction: 'HIGHER_IS_BETTER',
    target: 1,
    floor: 0,
    weight: 0.3,
    rows: (p) => sql`select g.id as row_id, 'Grid' as entity, g.id as node_id, g.code || ' ' || g.name as label, g.community_id as area_id,
        ${flag(sql`exists (select 1 from party_org __po where __po.grid_id = g.id and __po.level = 'GRID_BRANCH')`)} as num,
        1 as den
      from grid g where ${p.within(sql`g.community_id`)}`,
  },

  // ── 融合平台 ─────────────────────────────────────────────────────────────────────────────
  {
    // weight 0.4, target 0.9: "打造集事項統一處理、數據匯聚共享、業務協同流轉於一體的基層治理綜合管理
    // 服務平台" — a case the hub ties to a person and a building is handled as one matter of one
    // resident and one place. Anonymous hotline calls and public-space incidents have no person
    // or building, so 90% scores full.
    id: 'case-unified',
    element: 'PLATFORM',
    title: '事项统一归集率',
    titleEn: 'Cases unified to a person and a building',
    numerator: 'cases with a reporter (golden-record person) and a building',
    denominator: 'cases reported in the period',
    unit: 'share',
    entities: ['Case'],
    l4: false,
    direction: 'HIGHER_IS_BETTER',
    target: 0.9,
    floor: 0,
    weight: 0.4,
    rows: (p) => sql`${caseRow(flag(sql`c.reporter_person_id is not null and c.building_id is not null`))} from ${p.cases} c`,
  },
  {
    // weight 0.3, plain share: "數據匯聚共享" — the data is only shared while it is current. Each
    // case counts for the sources that supplied it: fresh when every one of them (the hub itself
    // excepted: its own moves are live) had a successful sync run within freshWithinHours before
    // the period's end (or now, while it runs). Weighted by cases, so a stale source weighs by
    // the matters it carries.
    id: 'source-freshness',
    element: 'PLATFORM',
    title: '数据源新鲜度',
    titleEn: 'Cases whose sources are fresh',
    numerator: 'cases every source of which (lineage) had a successful sync run within freshWithinHours before the period end (or now)',
    denominator: 'cases reported in the period',
    unit: 'share',
    entities: ['Case'],
    l4: false,
    direction: 'HIGHER_IS_BETTER',
    target: 1,
    floor: 0,
    weight: 0.3,
    rows: (p) => sql`${caseRow(flag(sql`not exists (select 1 from source_record sr where sr.entity = 'case' and sr.entity_id = c.id and sr.source <> 'hub'
          and sr.source not in (select r.source_id from sync_run r where r.status = 'SUCCEEDED' and r.finished_at <= ${p.at}
            and r.finished_at > ${p.at} - make_interval(hours => ${p.freshWithinHours})))`))} from ${p.cases} c`,
  },
  {
    // weight 0.3, target 0.8: "業務協同流轉" — a case flows through the hub when it was reported
    // there (來訪, 網格巡查) or moved there (a hub step). Some matters are settled inside one
    // unit's own system and need no cross-unit flow, so 80% scores full.
    id: 'hub-flow',
    element: 'PLATFORM',
    title: '平台协同流转率',
    titleEn: 'Cases flowing through the hub',
    numerator: 'cases reported in the hub (source system hub) or with a step recorded by the hub (case_event.origin HUB)',
    denominator: 'cases reported in the period',
    unit: 'share',
    entities: ['Case'],
    l4: false,
    direction: 'HIGHER_IS_BETTER',
    target: 0.8,
    floor: 0,
    weight: 0.3,
    rows: (p) => sql`${caseRow(flag(sql`c.source_system = 'hub' or exists (select 1 from case_event __e where __e.case_id = c.id and __e.origin = 'HUB')`))} from ${p.cases} c`,
  },

  // ── 融合机制 ─────────────────────────────────────────────────────────────────────────────
  {
    // weight 0.25, plain share: "通過制定街道鄉鎮權力清單、責任清單，明確基層單位主體責任" — a
    // mechanism that works closes in time (按时办结率, as `caseStats.onTimeRate`).
    id: 'on-time',
    element: 'MECHANISM',
    title: '按时办结率',
    titleEn: 'Cases closed on time',
    numerator: 'of those, cases closed by their due time',
    denominator: 'cases reported in the period, closed, with a due time',
    unit: 'share',
    entities: ['Case'],
    l4: false,
    direction: 'HIGHER_IS_BETTER',
    target: 1,
    floor: 0,
    weight: 0.25,
    rows: (p) => sql`${caseRow(flag(sql`c.closed_at <= c.due_at`))} from ${p.cases} c where c.closed_at is not null and c.due_at is not null`,
  },
  {
    // weight 0.25, plain share: "提升基層民眾獲得感幸福感安全感" — the residents' own verdict
    // (满意率, as `caseStats.satisfactionRate`). As heavy as timeliness: both are what the resident sees.
    id: 'satisfaction',
    element: 'MECHANISM',
    title: '群众满意率',
    titleEn: 'Satisfied revisits',
    numerator: 'of those, 满意 or 基本满意',
    denominator: 'cases reported in the period with a revisit result',
    unit: 'share',
    entities: ['Case'],
    l4: false,
    direction: 'HIGHER_IS_BETTER',
    target: 1,
    floor: 0,
    weight: 0.25,
    rows: (p) => sql`${caseRow(flag(sql`c.satisfaction in ('SATISFIED', 'BASICALLY_SATISFIED')`))} from ${p.cases} c where c.satisfaction is not null`,
  },
  {
    // weight 0.15, target 0 (100), floor 0.5 (0): "促進各要素之間的持續磨合和不斷調適" — a return
    // (退单) is friction between dispatcher and unit. One return every second case scores 0
    // (after 2 returns a case goes to arbitration). Light: a return is sometimes the right answer.
    id: 'returns-per-case',
    element: 'MECHANISM',
    title: '退单率',
    titleEn: 'Returns per case',
    numerator: 'returns (退单) of those cases',
    denominator: 'cases reported in the period',
    unit: 'returns per case',
    entities: ['Case'],
    l4: false,
    direction: 'COUNTS_AGAINST',
    target: 0,
    floor: 0.5,
    weight: 0.15,
    rows: (p) => sql`${caseRow(sql`c.returns_count`)} from ${p.cases} c`,
  },
  {
    // weight 0.15, target 1/3 meeting per community-month (one a quarter): "街鎮層級的黨建聯席會主要
    // 承擔統籌領導和資源整合功能" and "聯席懇談" — the joint meeting is the alliance's working
    // form; quarterly is the least that keeps units in one rhythm. A meeting counts in the area
    // where it is held (a street's meeting adds to the street's figure).
    id: 'joint-meetings',
    element: 'MECHANISM',
    title: '联席会议召开数',
    titleEn: 'Joint meetings held per community-month',
    numerator: 'activities of type 联席会议 started in the period',
    denominator: 'communities of the area × months in the period',
    unit: 'meetings per community-month',
    entities: ['Activity', 'AdminArea'],
    l4: false,
    direction: 'HIGHER_IS_BETTER',
    target: 1 / 3,
    floor: 0,
    weight: 0.15,
    rows: (p) => sql`select act.id as row_id, 'Activity' as entity, act.id as node_id,
        act.type || ' ' || to_char(act.start_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as label, act.area_id as area_id, 1 as num, 0 as den
      from activity act where act.type = '联席会议' and ${p.within(sql`act.area_id`)} and act.start_at >= ${p.start} and act.start_at < ${p.end}
      union all ${communities(p, p.months)}`,
  },
  {
    // weight 0.2, target 0 (100), floor 0.2 (0): "通過制定街道鄉鎮權力清單、責任清單 … 防止向基層增加
    // 負擔、轉嫁責任，推動基層減負工作走深走實" — none is the aim; a fifth of a committee's dutied
    // work not being its own scores 0. (src/governance/duty-shift.ts: `COMMITTEE_DUTY_CASE` over `DUTY_SHIFTED`.)
    id: 'duty-shift',
    element: 'MECHANISM',
    title: '转嫁责任率',
    titleEn: 'Duties shifted onto residents\' committees',
    numerator: 'of those, cases whose duty item is not on the community work list (DUTY_SHIFTED, src/governance/duty-shift.ts)',
    denominator: 'cases reported in the period, linked to a duty item, with a residents\' committee among their handling units (COMMITTEE_DUTY_CASE)',
    unit: 'share',
    entities: ['Case'],
    l4: false,
    direction: 'COUNTS_AGAINST',
    target: 0,
    floor: 0.2,
    weight: 0.2,
    // COMMITTEE_DUTY_CASE and DUTY_SHIFTED of duty-shift.ts, written so that the plan holds
    // without table statistics: per case, its handlers by its key and each handler's kind by its
    // key (`offset 0` keeps the planner from turning it into a join it misjudges: a planner
    // guessing few committees probes every committee for every case, seconds on 100k cases).
    // The test checks that the figures equal those of the two shared expressions.
    rows: (p) => sql`${caseRow(flag(sql`exists (select 1 from duty_item __d where __d.id = c.duty_item_id and not ${onWorkList(sql`__d.list_type`)})`))}
      from ${p.cases} c where c.duty_item_id is not null
        and exists (select 1 from case_handler __h where __h.case_id = c.id
          and (select __o.kind from organization __o where __o.id = __h.organization_id) = 'RESIDENTS_COMMITTEE' offset 0)`,
  },
];

/** Indicator ids, in declaration order. */
export const FUSION_INDICATOR_IDS: readonly string[] = FUSION_INDICATORS.map((i) => i.id);
