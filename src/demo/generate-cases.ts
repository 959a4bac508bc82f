import { WORK_LIST_ROLE } from '../governance/work-list';
import { branchRng, plant, type BuildContext, type PersonDraft } from './build-context';
import { addWorkingDays, cstDate, cstMs, DAY_MS, formatCst, HOUR_MS, MINUTE_MS } from './calendar';
import {
  APPEAL_CATEGORIES,
  ARBITRATION_REASONS,
  CONTENT_FRAMES,
  DURATIONS,
  DUTY_TEMPLATES,
  EXTEND_REASONS,
  INCIDENT_CATEGORIES,
  RAW_STATUS,
  REJECT_REASONS,
  REOPEN_REASONS,
  REPAIR_CATEGORIES,
  RETURN_REASONS,
  VERIFY_FAILED_REASONS,
  type HandlerRef,
} from './case-catalog';
import type { BuildingInfo, CommunityInfo } from './generate-community';
import { fill } from './names';
import { mojibake } from './plant';
import { WeightedTable, type Rng } from './prng';
import type { WorldCase, WorldCaseEvent, WorldCaseStatus } from './world.types';

/** 退单上限 (DOMAIN.md §5): after this many returns a refusal goes to arbitration. */
const MAX_RETURNS = 2;

const pad = (n: number, w: number) => String(n).padStart(w, '0');

type CaseKind = WorldCase['kind'];
type Source = WorldCase['sourceSystem'];
type Satisfaction = NonNullable<WorldCase['satisfaction']>;

/** Case kinds and their share. */
const KINDS = new WeightedTable<CaseKind>([
  ['APPEAL', 35],
  ['INCIDENT', 15],
  ['HOTLINE', 30],
  ['REPAIR', 20],
]);
const APPEALS = new WeightedTable(APPEAL_CATEGORIES.map((c) => [c, c.weight] as const));
const INCIDENTS = new WeightedTable(INCIDENT_CATEGORIES.map((c) => [c, c.weight] as const));
const REPAIRS = new WeightedTable(REPAIR_CATEGORIES.map((c) => [c, c.weight] as const));
const APPEAL_CHANNELS = new WeightedTable([
  ['电话', 35],
  ['微信', 35],
  ['来访', 20],
] as const);
/** Planned refusals (returns, then arbitration) before the right unit gets the case. */
const REFUSALS = new WeightedTable([
  [0, 88],
  [1, 8],
  [2, 3],
  [3, 1],
] as const);
const FIRST_VISIT = new WeightedTable<Satisfaction>([
  ['SATISFIED', 80],
  ['BASICALLY_SATISFIED', 12],
  ['UNSATISFIED', 8],
]);
const SECOND_VISIT = new WeightedTable<Satisfaction>([
  ['SATISFIED', 65],
  ['BASICALLY_SATISFIED', 25],
  ['UNSATISFIED', 10],
]);

/**
 * 社区工作准入 in practice: the share of cases whose duty item is off the community work list
 * (the street's own 权力/责任清单, src/governance/work-list.ts) that the street keeps instead of
 * handing them to the residents' committee. Some communities hold the line (none pushed down),
 * some mostly (a few), half not at all — so the burden view has communities with many, few and
 * no duty-shifted cases.
 */
const WORK_LIST_ADMISSION = new WeightedTable([
  [1, 25],
  [0.75, 25],
  [0, 50],
] as const);

/** Duty templates off the community work list. */
const OFF_WORK_LIST: ReadonlySet<string> = new Set(DUTY_TEMPLATES.filter((t) => WORK_LIST_ROLE[t.listType] === null).map((t) => t.id));

/** 办理时限 in working days (12345 practice): urgent same day, 咨询/求助 3, others 13; incidents and repairs 3. */
function limitDays(kind: CaseKind, appealType: string | null, urgent: boolean): number {
  if (urgent) return 0;
  if (kind === 'INCIDENT' || kind === 'REPAIR') return 3;
  return appealType === '咨询' || appealType === '求助' ? 3 : 13;
}

/** Minutes in `[min, max]` as milliseconds, skewed towards the short end. */
function minutes(rng: Rng, min: number, max: number): number {
  const x = rng.next();
  return Math.round(min + (max - min) * x * x) * MINUTE_MS;
}

/** Per-community lookups shared by all its cases. */
interface CaseScope {
  info: CommunityInfo;
  adults: PersonDraft[];
  buildings: BuildingInfo[];
  estateBuildings: BuildingInfo[];
  hotlineKey: string;
  arbiterKey: string;
  deptKeys: string[];
  /** {@link WORK_LIST_ADMISSION} of this community. */
  admission: number;
  seq: { 'committee-api': number; '12345': number; 'property-events': number };
}

/** Resolve a handler reference to an organisation key for a case about `b`. */
function resolveHandler(ctx: BuildContext, s: CaseScope, ref: HandlerRef, b: BuildingInfo): string {
  if (ref === 'RC') return s.info.rcKey;
  if (ref === 'STREET') return s.info.street.officeKey;
  if (ref === 'PROPERTY') return b.project?.company.key ?? s.info.rcKey;
  const dept = ctx.depts.get(ref.slice('DEPT:'.length));
  if (dept === undefined) throw new Error(`case catalogue names unknown department ${ref}`);
  return dept.key;
}

/** What a case is about, decided before its history is simulated. */
interface CaseSpec {
  kind: CaseKind;
  source: Source;
  reporter: PersonDraft | null;
  building: BuildingInfo;
  reportedMs: number;
  /** Generator path of the case's own 社区工作准入 draw (apart from `rng`, so the rest of the case draws as before). */
  admissionPath: string;
}

/**
 * Simulate the history of one case under the state machine and build the record. Steps are
 * at least a minute apart; the history stops where the next step would fall after the as-of
 * day, so recent cases are still open.
 */
function buildCase(ctx: BuildContext, s: CaseScope, rng: Rng, spec: CaseSpec, categoryHint: string | null): WorldCase {
  const { kind, source, reporter, building: b } = spec;
  const info = s.info;
  const street = info.street;

  // Category, texts, lead unit.
  let category: string;
  let titleT: string;
  let issue: string;
  let appealType: string | null = null;
  let lead: string;
  let duty: string | null;
  let unit = '';
  let room = '';
  if (kind === 'REPAIR') {
    const c = REPAIRS.pick(rng);
    category = c.category;
    titleT = rng.pick(c.titles);
    issue = rng.pick(c.issues);
    const r = rng.pick(b.sampleRooms);
    unit = r.unit;
    room = r.room;
    lead = b.project!.company.key;
    duty = null;
  } else if (kind === 'INCIDENT') {
    const c = INCIDENTS.pick(rng);
    category = c.category;
    titleT = rng.pick(c.titles);
    issue = rng.pick(c.issues);
    lead = resolveHandler(ctx, s, rng.weighted(c.handlers), b);
    duty = c.duty;
  } else {
    const c = (categoryHint !== null ? APPEAL_CATEGORIES.find((x) => x.category === categoryHint) : undefined) ?? APPEALS.pick(rng);
    category = c.category;
    titleT = rng.pick(c.titles);
    issue = rng.pick(c.issues);
    appealType = rng.weighted(c.appealTypes);
    lead = resolveHandler(ctx, s, rng.weighted(c.handlers), b);
    duty = c.duty;
  }
  // 社区工作准入: the street keeps an off-list duty instead of pushing it down to the committee
  const keptByStreet = duty !== null && OFF_WORK_LIST.has(duty) && s.admission > 0 && branchRng(ctx, spec.admissionPath).chance(s.admission);
  if (keptByStreet && lead === info.rcKey) lead = street.officeKey;
  const estate = b.project?.project.name ?? b.road;
  const values = {
    place: kind === 'REPAIR' ? `${b.label}${unit}${room}` : b.label,
    estate,
    building: kind === 'REPAIR' ? b.building.no : b.label,
    road: b.road,
    unit,
    room: `${b.building.no}${unit}${room}`,
    dur: rng.pick(DURATIONS),
  };
  const title = fill(titleT, values);
  const frames = CONTENT_FRAMES[kind === 'INCIDENT' ? 'incident' : kind === 'REPAIR' ? 'repair' : source === '12345' ? '12345' : 'committee-api'];
  let content = fill(rng.pick(frames), { ...values, issue });
  const piiInContent: WorldCase['piiInContent'] = [];
  if (reporter !== null && kind !== 'INCIDENT') {
    if (reporter.person.mobile !== null && rng.chance(0.15)) {
      content += `（联系电话${reporter.person.mobile}）`;
      piiInContent.push('MOBILE');
    }
    if (rng.chance(0.05)) {
      content += `本人身份证号${reporter.person.idNumber}。`;
      piiInContent.push('ID_NUMBER');
    }
  }

  const intake = source === '12345' ? s.hotlineKey : source === 'property-events' ? lead : info.rcKey;
  // an off-list duty raised on the committee platform goes up to the street, which dispatches it
  // (to itself, a department — or back down to the committee: a duty pushed down)
  const dispatcher = source === 'committee-api' && duty !== null && OFF_WORK_LIST.has(duty) ? street.officeKey : intake;
  const arbiter = source === '12345' ? s.hotlineKey : s.arbiterKey;
  const urgent = rng.chance(kind === 'REPAIR' ? 0.1 : 0.08);
  const supervised = rng.chance(source === '12345' ? 0.08 : 0.04);
  let dueMs = addWorkingDays(spec.reportedMs, limitDays(kind, appealType, urgent));

  // Assisting units (联办) or escalation to the committee (repairs).
  const assists: string[] = [];
  let escalated = false;
  if (kind === 'REPAIR') {
    escalated = rng.chance(0.08);
    if (escalated) assists.push(info.rcKey);
  } else if (rng.chance(0.1)) {
    const pool = [info.rcKey, street.officeKey, b.project?.company.key ?? info.rcKey, rng.pick(s.deptKeys)];
    for (const k of rng.sample(pool, rng.int(1, 2))) if (k !== lead && !assists.includes(k) && !(keptByStreet && k === info.rcKey)) assists.push(k);
  }

  // The history.
  const events: WorldCaseEvent[] = [];
  const raw = RAW_STATUS[source];
  // Mutable simulation state in one object: closures update it, and TypeScript does not
  // narrow object properties across calls the way it narrows local variables.
  const sim = { t: spec.reportedMs, status: null as WorldCaseStatus | null, alive: true, closedMs: null as number | null };
  const step = (to: WorldCaseStatus, dt: number, actor: string | null, target: string | null = null, reason: string | null = null): boolean => {
    if (!sim.alive) return false;
    const at = sim.t + Math.max(dt, events.length === 0 ? 0 : MINUTE_MS);
    if (at > ctx.asOfEndMs) {
      sim.alive = false;
      return false;
    }
    sim.t = at;
    events.push({ seq: events.length + 1, from: sim.status, to, at: formatCst(at), actorOrgKey: actor, targetOrgKey: target, reason, rawStatus: raw[to] ?? null });
    sim.status = to;
    if (to === 'CLOSED' || to === 'REJECTED') sim.closedMs = at;
    return true;
  };
  // Urgent cases move through intake, dispatch and signing in minutes rather than hours.
  const pace = urgent ? 0.1 : 1;
  const dispatchAndSign = (target: string) =>
    step('DISPATCHED', minutes(rng, 10, 24 * 60 * pace), dispatcher, target) && step('SIGNED', minutes(rng, 10, 8 * 60 * pace), target);
  const handleMs = () => {
    if (urgent) return minutes(rng, 60, 10 * 60);
    if (kind === 'REPAIR') return minutes(rng, 60, 4 * 24 * 60);
    if (kind === 'INCIDENT') return minutes(rng, 120, 5 * 24 * 60);
    if (appealType === '咨询' || appealType === '求助') return minutes(rng, 60, 4 * 24 * 60);
    return minutes(rng, 24 * 60, 17 * 24 * 60);
  };
  const work = () => step('IN_PROGRESS', minutes(rng, 1, 24 * 60 * pace), lead) && step('HANDLED', handleMs(), lead);

  step('REPORTED', 0, kind === 'INCIDENT' ? info.rcKey : null);
  let satisfaction: Satisfaction | null = null;
  if (kind !== 'REPAIR' && rng.chance(0.03)) {
    step('REJECTED', minutes(rng, 10, 24 * 60), intake, null, rng.pick(REJECT_REASONS));
  } else if (step('ACCEPTED', kind === 'REPAIR' || urgent ? minutes(rng, 1, 60) : minutes(rng, 5, 4 * 60), intake)) {
    const refusals = kind === 'REPAIR' ? (rng.chance(0.03) ? 1 : 0) : REFUSALS.pick(rng);
    let returns = 0;
    const wrongPool = [street.officeKey, info.rcKey, ...s.deptKeys].filter((k) => k !== lead);
    for (let r = 0; r < refusals && sim.alive; r++) {
      const wrong = rng.pick(wrongPool);
      if (!dispatchAndSign(wrong)) break;
      if (returns < MAX_RETURNS) {
        step('RETURNED', minutes(rng, 60, 48 * 60), wrong, null, rng.pick(RETURN_REASONS));
        returns++;
      } else {
        step('ARBITRATION', minutes(rng, 60, 48 * 60), arbiter, null, rng.pick(ARBITRATION_REASONS));
      }
    }
    if (dispatchAndSign(lead) && step('IN_PROGRESS', minutes(rng, 1, 24 * 60 * pace), lead)) {
      if (!urgent && rng.chance(0.06)) {
        if (step('EXTENDED', minutes(rng, 12 * 60, 5 * 24 * 60), lead, null, rng.pick(EXTEND_REASONS))) dueMs = addWorkingDays(dueMs, 5);
        step('IN_PROGRESS', minutes(rng, 10, 60), lead);
      }
      step('HANDLED', handleMs(), lead);
      if (kind !== 'REPAIR' && rng.chance(0.04)) {
        step('VERIFY_FAILED', minutes(rng, 60, 48 * 60), intake, null, rng.pick(VERIFY_FAILED_REASONS));
        if (dispatchAndSign(lead)) work();
      }
      if (step('CLOSED', minutes(rng, 120, 3 * 24 * 60), intake)) {
        satisfaction = reporter !== null ? FIRST_VISIT.pick(rng) : null;
        if (satisfaction === 'UNSATISFIED' && rng.chance(0.6)) {
          step('REOPENED', minutes(rng, 60, 24 * 60), intake, null, rng.pick(REOPEN_REASONS));
          if (dispatchAndSign(lead) && work() && step('CLOSED', minutes(rng, 120, 3 * 24 * 60), intake)) satisfaction = SECOND_VISIT.pick(rng);
        }
        if (sim.status === 'CLOSED' && rng.chance(0.5)) step('ARCHIVED', minutes(rng, 30 * 24 * 60, 60 * 24 * 60), intake);
      }
    }
  }

  const final = sim.status!;
  const lastDispatch = events.findLast((e) => e.to === 'DISPATCHED');
  const current = final === 'RETURNED' || final === 'ARBITRATION' || lastDispatch === undefined ? null : lastDispatch.targetOrgKey;
  const handlingUnits: WorldCase['handlingUnits'] =
    current === null ? [] : [{ orgKey: current, role: 'LEAD' }, ...(current === lead ? assists.map((orgKey) => ({ orgKey, role: 'ASSIST' as const })) : [])];
  const closed = final === 'CLOSED' || final === 'ARCHIVED' || final === 'REJECTED';
  const sourceNo =
    source === 'committee-api'
      ? `SQ${info.code}${pad(++s.seq['committee-api'], 5)}`
      : source === '12345'
        ? `${cstDate(spec.reportedMs).slice(2).replaceAll('-', '')}${info.code.slice(6)}${pad(++s.seq['12345'], 4)}`
        : `BX${info.code}${pad(++s.seq['property-events'], 5)}`;
  const hasPlace = !(kind === 'HOTLINE' && rng.chance(0.25));
  return {
    sourceSystem: source,
    sourceNo,
    kind,
    channel: kind === 'APPEAL' ? APPEAL_CHANNELS.pick(rng) : kind === 'INCIDENT' ? '网格上报' : kind === 'HOTLINE' ? '12345' : '物业',
    appealType,
    category,
    title,
    content,
    reporterPersonId: reporter?.person.idNumber ?? null,
    communityCode: info.code,
    gridCode: hasPlace ? b.building.gridCode : null,
    address: kind === 'REPAIR' ? `${b.building.address}${unit}${room}` : b.building.address,
    urgent,
    supervised,
    handlingUnits,
    events,
    status: final,
    satisfaction: final === 'CLOSED' || final === 'ARCHIVED' ? satisfaction : null,
    reportedAt: events[0]!.at,
    dueAt: formatCst(dueMs),
    closedAt: closed && sim.closedMs !== null ? formatCst(sim.closedMs) : null,
    dutyItemCode: duty === null ? null : (street.dutyByTemplate.get(duty) ?? null),
    buildingKey: hasPlace ? b.building.key : null,
    ...(kind === 'REPAIR' ? { projectCode: b.project!.project.code, escalatedToCommittee: escalated } : {}),
    linkedCase: null,
    piiInContent,
  };
}

/**
 * Cases of one community, `casesPerPerson × residents (±20%)`: committee-platform appeals
 * (35%), grid incidents (15%), 12345 tickets (30%) and estate repairs (20%; appeals where
 * the community has no estate). About 3% of appeals were also phoned in to 12345: the two
 * cases are linked both ways. The first community of each street plants one MOJIBAKE_TEXT.
 */
export function generateCases(ctx: BuildContext, info: CommunityInfo): void {
  const rng = branchRng(ctx, `${info.path}/cases`);
  const adults = info.current.filter((d) => d.age >= 18);
  if (adults.length === 0 || info.buildings.length === 0) return;
  const scope: CaseScope = {
    info,
    adults,
    buildings: info.buildings,
    estateBuildings: info.buildings.filter((b) => b.project !== null),
    hotlineKey: ctx.depts.get('hotline')!.key,
    arbiterKey: info.street.officeKey,
    deptKeys: [...ctx.depts.values()].filter((d) => d.key !== 'dept/hotline').map((d) => d.key),
    admission: WORK_LIST_ADMISSION.pick(branchRng(ctx, `${info.path}/cases/work-list-admission`)),
    seq: { 'committee-api': 0, '12345': 0, 'property-events': 0 },
  };
  const adultsByBuilding = new Map(info.buildings.map((b) => [b, b.residents.filter((d) => d.age >= 18)]));
  const n = Math.round(info.current.length * ctx.profile.casesPerPerson * rng.float(0.8, 1.2));
  const mojibakeAt = info.ordinalInStreet === 0 && n > 0 ? rng.int(0, n - 1) : -1;
  const windowDays = ctx.profile.caseWindowDays;
  const asOfStartMs = cstMs(ctx.asOf);

  for (let i = 0; i < n; i++) {
    const crng = branchRng(ctx, `${info.path}/cases/${i}`);
    let kind = KINDS.pick(crng);
    if (kind === 'REPAIR' && scope.estateBuildings.length === 0) kind = 'APPEAL';
    const source: Source = kind === 'HOTLINE' ? '12345' : kind === 'REPAIR' ? 'property-events' : 'committee-api';
    const building = crng.pick(kind === 'REPAIR' ? scope.estateBuildings : scope.buildings);
    const adultsHere = adultsByBuilding.get(building)!;
    let reporter: PersonDraft | null;
    if (kind === 'INCIDENT') reporter = info.gridWorkers.get(building.building.gridCode) ?? null;
    else if (kind === 'REPAIR') reporter = crng.pick(adultsHere.length > 0 ? adultsHere : adults);
    else if (crng.chance(kind === 'HOTLINE' ? 0.1 : 0.05)) reporter = null;
    else reporter = adultsHere.length > 0 && crng.chance(0.5) ? crng.pick(adultsHere) : crng.pick(adults);
    const [h0, h1] = kind === 'INCIDENT' ? [8, 17] : [7, 21];
    // One case in ten is from the last two weeks, so a world always has open cases.
    const daysBack = crng.chance(0.1) ? crng.int(0, 13) : crng.int(0, windowDays - 1);
    const reportedMs = asOfStartMs - daysBack * DAY_MS + crng.int(h0, h1) * HOUR_MS + crng.int(0, 59) * MINUTE_MS;
    const c = buildCase(ctx, scope, crng, { kind, source, reporter, building, reportedMs, admissionPath: `${info.path}/cases/${i}/admission` }, null);

    if (i === mojibakeAt) {
      const clean = c.content;
      c.content = mojibake(crng, clean);
      plant(ctx, { collection: 'cases', key: `${c.sourceSystem}/${c.sourceNo}`, field: 'content', defect: 'MOJIBAKE_TEXT', note: `content read with the wrong encoding; clean text: ${clean}` });
    }
    ctx.world.cases.push(c);

    // The same matter phoned in to 12345 as well: linked, not merged.
    let duplicated = false;
    if (kind === 'APPEAL' && reporter !== null && crng.chance(0.03)) {
      const drng = branchRng(ctx, `${info.path}/cases/${i}/dup`);
      const dupMs = reportedMs + minutes(drng, 120, 3 * 24 * 60);
      if (dupMs + HOUR_MS < ctx.asOfEndMs && dupMs < reportedMs + 4 * DAY_MS) {
        const dup = buildCase(ctx, scope, drng, { kind: 'HOTLINE', source: '12345', reporter, building, reportedMs: dupMs, admissionPath: `${info.path}/cases/${i}/dup/admission` }, c.category);
        dup.linkedCase = { sourceSystem: c.sourceSystem, sourceNo: c.sourceNo };
        c.linkedCase = { sourceSystem: dup.sourceSystem, sourceNo: dup.sourceNo };
        ctx.world.cases.push(dup);
        duplicated = true;
      }
    }
    if (info.street.district.variant && kind === 'APPEAL' && reporter !== null && !duplicated) variantCasePairs(ctx, scope, i, c, reporter, building, reportedMs);
  }
}

/**
 * The variant district's case pairs (drawn from their own generators, so the rest of the World
 * is unchanged): more true cross-channel duplicates — the appeal phoned in to 12345 a few hours
 * later, same reporter, category and building (`linkedCase`) — and **look-alikes**: the same
 * reporter and category at *another* building of the community, 1–6 days later, through 12345
 * (`lookAlikeOf`; not the same matter, must stay unlinked).
 */
function variantCasePairs(ctx: BuildContext, scope: CaseScope, i: number, c: WorldCase, reporter: PersonDraft, building: BuildingInfo, reportedMs: number): void {
  const info = scope.info;
  const vrng = branchRng(ctx, `${info.path}/cases/${i}/variant`);
  const r = vrng.next();
  if (r < 0.12) {
    const dupMs = reportedMs + minutes(vrng, 20, 10 * 60);
    if (dupMs + HOUR_MS >= ctx.asOfEndMs) return;
    const dup = buildCase(ctx, scope, vrng, { kind: 'HOTLINE', source: '12345', reporter, building, reportedMs: dupMs, admissionPath: `${info.path}/cases/${i}/variant/admission` }, c.category);
    dup.linkedCase = { sourceSystem: c.sourceSystem, sourceNo: c.sourceNo };
    c.linkedCase = { sourceSystem: dup.sourceSystem, sourceNo: dup.sourceNo };
    ctx.world.cases.push(dup);
  } else if (r < 0.24) {
    const others = scope.buildings.filter((b) => b !== building);
    if (others.length === 0) return;
    const lookMs = reportedMs + vrng.int(1, 6) * DAY_MS + minutes(vrng, 0, 8 * 60);
    if (lookMs + HOUR_MS >= ctx.asOfEndMs) return;
    const look = buildCase(ctx, scope, vrng, { kind: 'HOTLINE', source: '12345', reporter, building: vrng.pick(others), reportedMs: lookMs, admissionPath: `${info.path}/cases/${i}/variant/admission` }, c.category);
    look.lookAlikeOf = { sourceSystem: c.sourceSystem, sourceNo: c.sourceNo };
    ctx.world.cases.push(look);
  }
}
