/**
 * A simulated residents' committee platform (SOURCES.md S2) on `127.0.0.1:<random port>`: what
 * `huiju demo` reads through the real committee-api connector, and what the connector's tests
 * and the conformance suite read (through `test/support/fake-committee-platform.ts`).
 *
 * Its data is rendered from the synthetic demo World (`generateWorld`, same profile and seed),
 * so every code, ID number and organisation it serves exists in a store loaded with that demo
 * world: the committee platform's appeals and grid incidents and the 12345 tickets it receives,
 * the communities' activities, the party members' contact assignments, and the member units
 * (共建单位) of the communities' and streets' 区域化党建联盟 with their 共建项目. The platform shows
 * only its seven coarse statuses (SIGNED, EXTENDED, ARBITRATION, ARCHIVED … are steps it does
 * not record), lists its own residents' committees by name without a USCC, and renders what it
 * knows as of its clock: `advanceTo()` moves the clock so histories continue and new records
 * appear (incremental sync), `put()` adds or replaces a record outright.
 *
 * The mess of S2, all deterministic (from the seed and the request count, never the wall clock):
 * - `updated_at` ties: a platform upgrade re-saved every older record at one instant (29 days
 *   before the as-of date, 03:00), and 12345 tickets arrive by an hourly sync, on the hour;
 * - the last record of a page repeated at the top of the next (every `repeatEdgeEvery` pages);
 * - 429 with `Retry-After` (seconds and HTTP-date, alternating) every `rateLimitEvery` requests,
 *   500 / 503 (with `Retry-After`) every `serverErrorEvery` requests;
 * - a token that expires after `tokenUses` data requests (401 until renewed at `POST /v1/token`
 *   with the client credentials);
 * - messy values: reporters with only a phone, Traditional characters in titles, names and
 *   status labels, full-width grid codes, the World's planted persons and organisations, and the
 *   records in {@link CommitteePlatform.planted} (bad ID checksums, an unknown status, a
 *   missing status, an event history with skipped steps, a mis-decoded note …).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as OpenCC from 'opencc-js';
import { addDays, cstMs, formatCst, HOUR_MS } from '../calendar';
import { RAW_STATUS } from '../case-catalog';
import { generateWorld } from '../generate';
import { mojibake } from '../plant';
import { subRng } from '../prng';
import type { ProfileName } from '../profiles';
import type { World, WorldActivity, WorldAllianceMember, WorldCase, WorldContactAssignment, WorldOrganization, WorldPerson } from '../world.types';
import { inVariantDistrict, s2OrganizationName } from './variant-spellings';

/** The platform's streams, in the order the connector defines them. */
export const COMMITTEE_STREAMS = ['cases', 'activities', 'contact-assignments', 'alliance-members'] as const;
export type CommitteeStream = (typeof COMMITTEE_STREAMS)[number];

/** A record as the platform serves it (plain JSON). */
export type PlatformRecord = Record<string, unknown>;

/** Deterministic faults; `0` switches one off. */
export interface PlatformFaults {
  /** Every n-th data request is answered 429 with `Retry-After`. Default `6`. */
  rateLimitEvery: number;
  /** Every n-th data request fails with 500, or 503 with `Retry-After` (alternating). Default `7`. */
  serverErrorEvery: number;
  /** `Retry-After` the platform asks for, in seconds. Default `0` (tests stay fast). */
  retryAfterSeconds: number;
  /** Data requests a token answers before it expires (401 until renewed). Default `10`. */
  tokenUses: number;
  /** Every n-th page starts with the last record of the page before. Default `2`. */
  repeatEdgeEvery: number;
  /** Delay before every data answer, in ms. Default `0`. */
  delayMs: number;
}

/** No faults at all. */
export const NO_FAULTS: Readonly<PlatformFaults> = Object.freeze({ rateLimitEvery: 0, serverErrorEvery: 0, retryAfterSeconds: 0, tokenUses: 0, repeatEdgeEvery: 0, delayMs: 0 });

/** The default faults (see {@link PlatformFaults}). */
export const DEFAULT_FAULTS: Readonly<PlatformFaults> = Object.freeze({ rateLimitEvery: 6, serverErrorEvery: 7, retryAfterSeconds: 0, tokenUses: 10, repeatEdgeEvery: 2, delayMs: 0 });

export interface CommitteePlatformOptions {
  /** Demo profile the World is generated with. Default `tiny`. */
  profile?: ProfileName;
  /** World seed. Default `huiju` (the demo default). */
  seed?: string;
  /** A World to serve instead of generating one (it must match the store's demo world). */
  world?: World;
  /** The platform's clock (ISO-8601). Default: noon 7 days before the World's as-of date, so `advanceTo(asOf)` brings new and updated cases. */
  clock?: string;
  /** Faults; missing members take {@link DEFAULT_FAULTS}; `false` for {@link NO_FAULTS}. */
  faults?: Partial<PlatformFaults> | false;
  /** Largest `limit` honoured. Default `200`; `limit` defaults to 50. */
  maxPageSize?: number;
}

/** A deliberately messy record and what the hub must make of it. */
export interface PlatformPlant {
  stream: CommitteeStream;
  /** `ticket_no` or `id`. */
  id: string;
  defect: string;
  /** Dead-letter reason the record must get, or `null` when it must be applied. */
  expectedReason: string | null;
}

/** Counters of what the platform answered. */
export interface PlatformStats {
  /** Data requests (`GET /v1/{stream}`), including refused ones. */
  requests: number;
  pages: number;
  /** Pages that began with the last record of the page before. */
  repeatedEdges: number;
  rateLimited: number;
  serverErrors: number;
  unauthorized: number;
  tokensIssued: number;
}

export interface CommitteePlatform {
  /** `http://127.0.0.1:<port>/api` — the connector's `baseUrl`. */
  readonly baseUrl: string;
  /** The initial access token (expires after `tokenUses` requests). */
  readonly token: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The World the data is rendered from. */
  readonly world: World;
  /** The messy records planted on top of the World's own planted values. */
  readonly planted: readonly PlatformPlant[];
  readonly stats: PlatformStats;
  /** The platform's clock (ISO-8601, `+08:00`). */
  clock(): string;
  /** The records the platform serves now, in API order `(updated_at, id)`, as copies. */
  records(stream: CommitteeStream): PlatformRecord[];
  /** Moves the clock forward (never back): histories continue, new records appear. */
  advanceTo(instant: string): void;
  /**
   * Adds or replaces a record (by `ticket_no` / `id`). Without an `updated_at` it gets the
   * clock, and the clock moves one second on.
   */
  put(stream: CommitteeStream, record: PlatformRecord): void;
  /** Changes the faults from now on. */
  setFaults(faults: Partial<PlatformFaults>): void;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

const LABEL = RAW_STATUS['committee-api'];
const SATISFACTION_LABEL = { SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', UNSATISFIED: '不满意' } as const;
const ROLE_LABEL = { LEAD: '主办', ASSIST: '协办' } as const;
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });
const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const CHECK_CHARS = '10X98765432';

/** What rendering needs besides the World. */
interface Scene {
  world: World;
  seed: string;
  clockMs: number;
  migratedMs: number;
  orgs: Map<string, WorldOrganization>;
  persons: Map<string, WorldPerson>;
  partyOrgNames: Map<string, string>;
  /** 权责清单 items by `<street code>:<code>`. */
  dutyItems: Map<string, World['dutyItems'][number]>;
  /** Area names by code (the variant district's handling units are named from them). */
  areaNames: Map<string, string>;
}

/** A record's `updated_at`: older changes were re-saved by the platform upgrade (once the clock has passed it). */
function savedAt(changedMs: number, s: Scene): string {
  return formatCst(s.clockMs >= s.migratedMs && changedMs < s.migratedMs ? s.migratedMs : changedMs);
}

function organizationJson(key: string, s: Scene): { name: string; uscc?: string } {
  const o = s.orgs.get(key);
  if (!o) throw new Error(`committee platform: unknown organisation ${key}`);
  // the platform lists residents' committees (its own users) by name only
  return o.uscc && o.kind !== 'RESIDENTS_COMMITTEE' ? { name: o.name, uscc: o.uscc } : { name: o.name };
}

/** A case's handling unit: in the variant district by a name variant without a code (variant-spellings.ts). */
function handlingUnitJson(c: WorldCase, key: string, s: Scene): { name: string; uscc?: string } {
  if (!inVariantDistrict(s.world, c.communityCode)) return organizationJson(key, s);
  return s2OrganizationName(s.world, c.sourceNo, s.orgs.get(key)!, s.areaNames) ?? organizationJson(key, s);
}

function renderCase(c: WorldCase, s: Scene): PlatformRecord | null {
  const hotline = c.sourceSystem === '12345';
  const visibleUntil = hotline ? Math.floor(s.clockMs / HOUR_MS) * HOUR_MS : s.clockMs;
  const visible = c.events.filter((e) => Date.parse(e.at) <= visibleUntil);
  if (visible.length === 0) return null;
  // every random choice is drawn up front, so it does not depend on the clock
  const rng = subRng(s.seed, `committee-platform/cases/${c.sourceNo}`);
  const traditionalTitle = rng.chance(0.08);
  const phoneOnly = rng.chance(0.12);
  const traditionalName = rng.chance(0.05);
  const fullWidthGrid = rng.chance(0.05);
  const traditionalStep = c.events.map(() => rng.chance(0.1));

  const lastMs = Date.parse(visible.at(-1)!.at);
  const changedMs = hotline ? Math.ceil(lastMs / HOUR_MS) * HOUR_MS : lastMs;
  const shown = visible.map((e, i) => ({ e, i })).filter(({ e }) => LABEL[e.to] !== undefined);
  const events = shown.map(({ e, i }) => ({
    status: traditionalStep[i] ? toTraditional(LABEL[e.to]!) : LABEL[e.to]!,
    at: e.at,
    org: e.actorOrgKey ? s.orgs.get(e.actorOrgKey)!.name : null,
    note: e.reason,
  }));
  const lastVisible = visible.at(-1)!;
  const dispatches = visible.filter((e) => e.to === 'DISPATCHED');
  const lastDispatch = dispatches.at(-1);
  const finalDispatch = c.events.findLast((e) => e.to === 'DISPATCHED');
  const units =
    lastDispatch === undefined || lastVisible.to === 'RETURNED' || lastVisible.to === 'ARBITRATION' || lastVisible.to === 'REJECTED'
      ? []
      : lastDispatch === finalDispatch
        ? c.handlingUnits
        : [{ orgKey: lastDispatch.targetOrgKey!, role: 'LEAD' as const }];
  const person = c.reporterPersonId === null ? undefined : s.persons.get(c.reporterPersonId);
  const reporter = person
    ? {
        name: traditionalName ? toTraditional(person.name) : person.name,
        phone: person.mobile,
        ...(phoneOnly && person.mobile !== null ? {} : { id_number: person.idNumber }),
      }
    : null;
  const closed = lastVisible.to === 'CLOSED' || lastVisible.to === 'ARCHIVED';
  const dutyItem = c.dutyItemCode === null ? undefined : s.dutyItems.get(`${c.communityCode.slice(0, 9)}000:${c.dutyItemCode}`);
  return {
    ticket_no: c.sourceNo,
    channel: c.channel,
    appeal_type: c.appealType,
    category: c.category,
    title: traditionalTitle ? toTraditional(c.title) : c.title,
    content: c.content,
    reporter,
    location: { community_code: c.communityCode, grid_code: c.gridCode && fullWidthGrid ? FULL_WIDTH(c.gridCode) : c.gridCode, address: c.address },
    status: events.at(-1)!.status,
    handling_units: units.map((u) => ({ ...handlingUnitJson(c, u.orgKey, s), role: ROLE_LABEL[u.role] })),
    events,
    satisfaction: closed && c.satisfaction ? SATISFACTION_LABEL[c.satisfaction] : null,
    // 办理时限 and the 权责清单 item the dispatcher filed it under, as the platform shows them
    due_at: c.dueAt,
    duty_item: dutyItem ? { code: dutyItem.code, name: dutyItem.name } : null,
    created_at: c.reportedAt,
    updated_at: savedAt(changedMs, s),
  };
}

function renderActivity(a: WorldActivity, s: Scene): PlatformRecord | null {
  // an activity is entered on the platform two hours after it ends
  const enteredMs = Date.parse(a.endAt) + 2 * HOUR_MS;
  if (enteredMs > s.clockMs) return null;
  const rng = subRng(s.seed, `committee-platform/activities/${a.id}`);
  const participants = a.participants.map((p) => {
    const person = s.persons.get(p.personId)!;
    const noId = rng.chance(0.15);
    return { name: person.name, ...(noId ? {} : { id_number: person.idNumber }), phone: person.mobile, hours: p.hours };
  });
  return {
    id: a.id,
    type: a.type,
    title: a.title,
    organizer: organizationJson(a.organizerOrgKeys[0]!, s),
    community_code: a.communityCode,
    start_at: a.startAt,
    end_at: a.endAt,
    participants,
    updated_at: savedAt(enteredMs, s),
  };
}

function renderAssignment(c: WorldContactAssignment, s: Scene): PlatformRecord | null {
  const fromMs = cstMs(c.validFrom, 9);
  if (fromMs > s.clockMs) return null;
  const endedMs = c.validTo === null ? null : cstMs(c.validTo, 18);
  const ended = endedMs !== null && endedMs <= s.clockMs;
  const member = s.persons.get(c.memberPersonId)!;
  return {
    id: c.id,
    member: { name: member.name, id_number: member.idNumber },
    party_org: s.partyOrgNames.get(c.partyOrgCode) ?? null,
    grid_code: c.gridCode,
    households: c.householdNos,
    valid_from: c.validFrom,
    valid_to: ended ? c.validTo : null,
    updated_at: savedAt(ended ? endedMs! : fromMs, s),
  };
}

const ALLIANCE_ROLE_LABEL = { LEAD: '牵头单位', MEMBER: '成员单位' } as const;

/**
 * One member unit of an alliance (`ALM-<alliance area>-<nn>`, numbered within the alliance): shown
 * from the day it joined; its `left_on` from the day it left. A unit is named as everywhere on the
 * platform (a residents' committee by name only, with its area), a filed social organisation
 * with its 备案编号.
 */
function renderAllianceMember(m: WorldAllianceMember, seq: number, s: Scene): PlatformRecord | null {
  const joinedMs = cstMs(m.joinedOn, 9);
  if (joinedMs > s.clockMs) return null;
  const leftMs = m.leftOn === null ? null : cstMs(m.leftOn, 18);
  const left = leftMs !== null && leftMs <= s.clockMs;
  const alliance = s.orgs.get(m.allianceKey)!;
  const o = s.orgs.get(m.organizationKey)!;
  const unit = organizationJson(m.organizationKey, s);
  return {
    id: `ALM-${alliance.areaCode}-${String(seq).padStart(2, '0')}`,
    alliance: { name: alliance.name, area_code: alliance.areaCode, founded_on: alliance.foundedOn ?? null, address: alliance.address ?? null },
    unit: { ...unit, ...(o.filingNo ? { filing_no: o.filingNo } : {}), ...(unit.uscc === undefined ? { area_code: o.areaCode } : {}) },
    role: ALLIANCE_ROLE_LABEL[m.role],
    commitments: m.commitments,
    joined_on: m.joinedOn,
    left_on: left ? m.leftOn : null,
    updated_at: savedAt(left ? leftMs! : joinedMs, s),
  };
}

/** Every alliance membership with its number within its alliance. */
function allianceMembersOf(world: World): { m: WorldAllianceMember; seq: number }[] {
  const seqs = new Map<string, number>();
  return world.allianceMembers.map((m) => {
    const seq = (seqs.get(m.allianceKey) ?? 0) + 1;
    seqs.set(m.allianceKey, seq);
    return { m, seq };
  });
}

/** A copy of an ID number with a wrong check character. */
function breakCheckChar(id: string): string {
  const good = id[17]!;
  return id.slice(0, 17) + CHECK_CHARS[(CHECK_CHARS.indexOf(good) + 3) % 11]!;
}

type Patch = (r: PlatformRecord) => void;

/** Picks the planted records among those visible at the initial clock and returns their patches. */
function plantRecords(visible: Record<CommitteeStream, PlatformRecord[]>, world: World, seed: string): { plants: PlatformPlant[]; patches: Map<string, Patch> } {
  const rng = subRng(seed, 'committee-platform/plants');
  const plants: PlatformPlant[] = [];
  const patches = new Map<string, Patch>();
  const taken = new Set<string>();
  const worldPlanted = new Set(world.planted.map((p) => (p.collection === 'cases' ? p.key.split('/')[1]! : p.key)));
  const clean = (r: PlatformRecord, stream: CommitteeStream) => {
    const id = String(stream === 'cases' ? r.ticket_no : r.id);
    const text = JSON.stringify(r);
    return !taken.has(`${stream}/${id}`) && !worldPlanted.has(id) && ![...worldPlanted].some((k) => text.includes(k));
  };
  const plant = (stream: CommitteeStream, defect: string, expectedReason: string | null, pick: (r: PlatformRecord) => boolean, patch: Patch) => {
    const candidates = visible[stream].filter((r) => clean(r, stream) && pick(r));
    if (candidates.length === 0) throw new Error(`committee platform: no ${stream} record to plant ${defect} in`);
    const r = rng.pick(candidates);
    const id = String(stream === 'cases' ? r.ticket_no : r.id);
    taken.add(`${stream}/${id}`);
    plants.push({ stream, id, defect, expectedReason });
    patches.set(`${stream}/${id}`, patch);
  };
  const reporterId = (r: PlatformRecord) => (r.reporter as { id_number?: string } | null)?.id_number;
  const eventsOf = (r: PlatformRecord) => r.events as { status: string; note: string | null }[];

  plant('cases', 'UNKNOWN_STATUS', 'UNKNOWN_STATUS', () => true, (r) => {
    r.status = '待核实';
  });
  plant('cases', 'MISSING_STATUS', 'MISSING_FIELD', () => true, (r) => void delete r.status);
  plant('cases', 'INVALID_ID_CHECKSUM', 'INVALID_ID_CHECKSUM', (r) => reporterId(r) !== undefined, (r) => {
    const rep = r.reporter as { id_number: string };
    rep.id_number = breakCheckChar(rep.id_number);
  });
  plant('cases', 'MOJIBAKE_NOTE', 'MOJIBAKE', (r) => eventsOf(r).length >= 2, (r) => {
    eventsOf(r)[1]!.note = mojibake(subRng(seed, `committee-platform/plants/mojibake/${String(r.ticket_no)}`), '已电话联系居民，情况属实，转交责任单位处理');
  });
  plant('cases', 'SKIPPED_STEPS', null, (r) => eventsOf(r).length >= 5 && ['已办结', '已关闭'].includes(String(r.status)) && reporterId(r) !== undefined, (r) => {
    const events = eventsOf(r);
    r.events = [events[0], events.at(-1)];
  });
  plant('cases', 'PHONE_ONLY_REPORTER', null, (r) => reporterId(r) !== undefined && (r.reporter as { phone: string | null }).phone !== null, (r) => {
    delete (r.reporter as { id_number?: string }).id_number;
  });
  plant('cases', 'TRADITIONAL_TEXT', null, (r) => reporterId(r) !== undefined, (r) => {
    r.title = toTraditional(String(r.title));
    r.category = toTraditional(String(r.category));
    r.status = toTraditional(String(r.status));
  });
  plant('activities', 'MISSING_TYPE', 'MISSING_FIELD', () => true, (r) => void delete r.type);
  plant('activities', 'PARTICIPANT_WITHOUT_ID', null, (r) => (r.participants as { id_number?: string }[]).some((p) => p.id_number !== undefined), (r) => {
    for (const p of r.participants as { id_number?: string }[]) delete p.id_number;
  });
  plant('activities', 'TRADITIONAL_TEXT', null, () => true, (r) => {
    r.title = toTraditional(String(r.title));
  });
  plant('contact-assignments', 'INVALID_ID_CHECKSUM', 'INVALID_ID_CHECKSUM', () => true, (r) => {
    const m = r.member as { id_number: string };
    m.id_number = breakCheckChar(m.id_number);
  });
  plant('contact-assignments', 'FULL_WIDTH_HOUSEHOLDS', null, () => true, (r) => {
    r.households = (r.households as string[]).map(FULL_WIDTH);
  });
  return { plants, patches };
}

/** Keyset page cursor: the last `(updated_at, id)` served, the filter, the page number. */
interface PageCursor {
  since: number | null;
  after: [number, string];
  page: number;
}

const encodeCursor = (c: PageCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(raw: string): PageCursor | null {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageCursor;
    return Array.isArray(c.after) && typeof c.page === 'number' ? c : null;
  } catch {
    return null;
  }
}

const idOf = (stream: CommitteeStream, r: PlatformRecord) => String(stream === 'cases' ? r.ticket_no : r.id);
const sortKey = (stream: CommitteeStream, r: PlatformRecord): [number, string] => [Date.parse(String(r.updated_at)), idOf(stream, r)];
const compareKeys = (a: [number, string], b: [number, string]) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

/** Starts a simulated committee platform on 127.0.0.1 (an ephemeral port). Call `close()` when done. */
export async function startCommitteePlatform(options: CommitteePlatformOptions = {}): Promise<CommitteePlatform> {
  const seed = options.seed ?? 'huiju';
  const world = options.world ?? generateWorld({ profile: options.profile ?? 'tiny', seed });
  const asOf = world.meta.asOf;
  const scene: Scene = {
    world,
    seed,
    clockMs: options.clock ? Date.parse(options.clock) : cstMs(addDays(asOf, -7), 12),
    migratedMs: cstMs(addDays(asOf, -29), 3),
    orgs: new Map(world.organizations.map((o) => [o.key, o])),
    persons: new Map(world.persons.map((p) => [p.idNumber, p])),
    dutyItems: new Map(world.dutyItems.map((d) => [`${d.streetCode}:${d.code}`, d])),
    partyOrgNames: new Map(world.partyOrgs.map((p) => [p.code, p.name])),
    areaNames: new Map(world.areas.map((a) => [a.code, a.name])),
  };
  let faults: PlatformFaults = options.faults === false ? { ...NO_FAULTS } : { ...DEFAULT_FAULTS, ...options.faults };
  const maxPageSize = options.maxPageSize ?? 200;
  const overrides: Record<CommitteeStream, Map<string, PlatformRecord>> = { cases: new Map(), activities: new Map(), 'contact-assignments': new Map(), 'alliance-members': new Map() };
  const memberships = allianceMembersOf(world);
  const committeeCases = world.cases.filter((c) => c.sourceSystem === 'committee-api' || c.sourceSystem === '12345');

  const renderAll = (): Record<CommitteeStream, PlatformRecord[]> => ({
    cases: committeeCases.map((c) => renderCase(c, scene)).filter((r): r is PlatformRecord => r !== null),
    activities: world.activities.map((a) => renderActivity(a, scene)).filter((r): r is PlatformRecord => r !== null),
    'contact-assignments': world.contactAssignments.map((c) => renderAssignment(c, scene)).filter((r): r is PlatformRecord => r !== null),
    'alliance-members': memberships.map(({ m, seq }) => renderAllianceMember(m, seq, scene)).filter((r): r is PlatformRecord => r !== null),
  });
  const { plants, patches } = plantRecords(renderAll(), world, seed);

  let cache: Partial<Record<CommitteeStream, PlatformRecord[]>> = {};
  const listing = (stream: CommitteeStream): PlatformRecord[] => {
    const cached = cache[stream];
    if (cached) return cached;
    const byId = new Map<string, PlatformRecord>();
    for (const r of renderAll()[stream]) {
      patches.get(`${stream}/${idOf(stream, r)}`)?.(r);
      byId.set(idOf(stream, r), r);
    }
    for (const [id, r] of overrides[stream]) byId.set(id, structuredClone(r));
    const list = [...byId.values()].sort((a, b) => compareKeys(sortKey(stream, a), sortKey(stream, b)));
    cache[stream] = list;
    return list;
  };

  const stats: PlatformStats = { requests: 0, pages: 0, repeatedEdges: 0, rateLimited: 0, serverErrors: 0, unauthorized: 0, tokensIssued: 0 };
  const credentials = { token: 'fake-initial-token', clientId: 'huiju-test-client', clientSecret: 'fake-client-secret' };
  /** Remaining uses per live token (`Infinity` when tokens do not expire). */
  const tokens = new Map<string, number>([[credentials.token, faults.tokenUses || Number.POSITIVE_INFINITY]]);
  let retryAfterForm = 0;
  let unavailableForm = 0;

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const retryAfter = () => (retryAfterForm++ % 2 === 0 ? String(faults.retryAfterSeconds) : new Date(Date.now() + faults.retryAfterSeconds * 1000).toUTCString());

  const issueToken = async (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const params: Record<string, string> = (req.headers['content-type'] ?? '').includes('json')
      ? (JSON.parse(raw || '{}') as Record<string, string>)
      : Object.fromEntries(new URLSearchParams(raw));
    if (params.grant_type !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' });
    if (params.client_id !== credentials.clientId || params.client_secret !== credentials.clientSecret) return send(res, 401, { error: 'invalid_client' });
    const token = `fake-token-${++stats.tokensIssued}`;
    tokens.set(token, faults.tokenUses || Number.POSITIVE_INFINITY);
    send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 7200 });
  };

  const servePage = async (stream: CommitteeStream, url: URL, req: IncomingMessage, res: ServerResponse) => {
    const n = ++stats.requests;
    if (faults.delayMs > 0) await new Promise((r) => setTimeout(r, faults.delayMs));
    if (res.destroyed) return;
    if (faults.rateLimitEvery > 0 && n % faults.rateLimitEvery === 0) {
      stats.rateLimited++;
      return send(res, 429, { error: 'too many requests' }, { 'retry-after': retryAfter() });
    }
    if (faults.serverErrorEvery > 0 && n % faults.serverErrorEvery === 0) {
      stats.serverErrors++;
      return unavailableForm++ % 2 === 0 ? send(res, 500, { error: 'internal error' }) : send(res, 503, { error: 'maintenance' }, { 'retry-after': retryAfter() });
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const uses = token === undefined ? undefined : tokens.get(token);
    if (uses === undefined || uses <= 0) {
      stats.unauthorized++;
      return send(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    tokens.set(token!, uses - 1);

    const limitRaw = url.searchParams.get('limit');
    const limit = Math.min(maxPageSize, limitRaw === null ? 50 : Number(limitRaw));
    if (!Number.isInteger(limit) || limit < 1) return send(res, 400, { error: 'limit must be a positive integer' });
    const sinceRaw = url.searchParams.get('updated_since');
    const since = sinceRaw === null ? null : Date.parse(sinceRaw);
    if (since !== null && Number.isNaN(since)) return send(res, 400, { error: 'updated_since is not an ISO-8601 instant' });
    const cursorRaw = url.searchParams.get('cursor');
    const cursor = cursorRaw === null ? null : decodeCursor(cursorRaw);
    if (cursorRaw !== null && (cursor === null || cursor.since !== since)) return send(res, 400, { error: 'invalid cursor' });

    const page = cursor === null ? 1 : cursor.page + 1;
    const repeatEdge = cursor !== null && limit > 1 && faults.repeatEdgeEvery > 0 && page % faults.repeatEdgeEvery === 0;
    const all = listing(stream).filter((r) => since === null || sortKey(stream, r)[0] >= since);
    const rest = cursor === null ? all : all.filter((r) => (repeatEdge ? compareKeys(sortKey(stream, r), cursor.after) >= 0 : compareKeys(sortKey(stream, r), cursor.after) > 0));
    const data = rest.slice(0, limit);
    if (repeatEdge && data.length > 0 && compareKeys(sortKey(stream, data[0]!), cursor.after) === 0) stats.repeatedEdges++;
    const last = data.at(-1);
    const more = last !== undefined && all.some((r) => compareKeys(sortKey(stream, r), sortKey(stream, last)) > 0);
    stats.pages++;
    send(res, 200, { data, next_cursor: more ? encodeCursor({ since, after: sortKey(stream, last), page }) : null });
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/api/, '');
    const handle = async () => {
      if (path === '/v1/token' && req.method === 'POST') return issueToken(req, res);
      const stream = /^\/v1\/([a-z-]+)$/.exec(path)?.[1] as CommitteeStream | undefined;
      if (req.method !== 'GET' || stream === undefined || !COMMITTEE_STREAMS.includes(stream)) return send(res, 404, { error: 'not found' });
      return servePage(stream, url, req, res);
    };
    handle().catch(() => send(res, 500, { error: 'fake platform failure' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;

  return {
    baseUrl,
    ...credentials,
    world,
    planted: plants,
    stats,
    clock: () => formatCst(scene.clockMs),
    records: (stream) => structuredClone(listing(stream)),
    advanceTo(instant) {
      scene.clockMs = Math.max(scene.clockMs, Date.parse(instant));
      cache = {};
    },
    put(stream, record) {
      const r = structuredClone(record);
      if (r.updated_at === undefined) {
        r.updated_at = formatCst(scene.clockMs);
        scene.clockMs += 1000;
      }
      overrides[stream].set(idOf(stream, r), r);
      cache = {};
    },
    setFaults(next) {
      faults = { ...faults, ...next };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
