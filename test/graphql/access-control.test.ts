import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLField, GraphQLNamedType, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { getNamedType, isEnumType, isInterfaceType, isNonNullType, isObjectType, isScalarType, isUnionType, parse } from 'graphql/index.js';
import { type Caller, can, canRead, isUnscoped, seesL4 } from '../../src/auth/caller';
import { type Permission, type ReadClass, type Role, ROLE_NAMES } from '../../src/auth/roles';
import { citizenIdCheckChar } from '../../src/domain/citizen-id';
import { maskName } from '../../src/domain/masking';
import { readClassesOf } from '../../src/graphql/authorization/type-read-classes';
import { type NodeTypeName, toGlobalId } from '../../src/graphql/common/global-id';
import { DEFAULT_MAX_COST, operationCost } from '../../src/graphql/limits';
import { buildHubSchema } from '../../src/graphql/schema';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { HuijuError } from '../../src/errors';
import { createChangeFeed } from '../../src/live/change-feed';
import { startHttpServer } from '../../src/server/http-server';
import { hubRoutes } from '../../src/server/routes';
import { piLeaks } from '../support/pi-scan';
import { availableStoreKinds } from '../support/test-hub';
import { type DemoHub, type GqlResult, openDemoHub } from './support/harness';

/**
 * Issue 10's acceptance test of authorization. Canary rows are planted (through the write path)
 * in areas the scoped test callers do not cover — a new street 车站街道 (420102004) and a new
 * community under 大智街道 (420102002009) — together with in-scope "bridge" rows that point at
 * them (a resident also living in a canary household, an in-scope case reported by a canary
 * person and linked to a canary case, a case filed against a canary grid and duty item, a party
 * organisation whose parent is a canary one …). Then every role, with scopes that exclude the
 * canaries, runs thousands of operations generated from the schema — every root field, `node` and
 * `nodes` with every canary ID, every nested relation to depth 3 from in-scope rows, aggregates,
 * lineage — concurrently, interleaved, each with its own context (loaders per request). No
 * response may hold a canary's marker text, row id or global ID, unless the caller's role reads
 * that class and its scope covers the canary's area; refusals are FORBIDDEN or NOT_FOUND.
 * Subscriptions run over a real WebSocket for every role: refused by read class, and a canary
 * case's change reaches no caller whose scope does not cover it.
 */

// ---------------------------------------------------------------------------------------------
// the canary world

const VERSION = '2026-06-30T00:00:00+08:00';
const SOURCE = 'canary-src';

/** A canary street with one community, and a canary community inside a street of the demo. */
const AREA_A = { street: '420102004000', community: '420102004001', grid: '420102004001001' } as const;
const AREA_B = { street: '420102002000', community: '420102002009', grid: '420102002009001' } as const;
/** In-scope communities that get bridge rows pointing at the canaries (the demo's first grid of each). */
const BRIDGE_COMMUNITIES = ['420102002001', '420102003001', '420102002002'] as const;

/** A valid 18-digit citizen ID number (check digit computed). */
function citizenId(first17: string): string {
  return first17 + citizenIdCheckChar(first17);
}

const PEOPLE = {
  A: { name: '金丝雀甲', idNumber: citizenId('42010219330303901'), mobile: '19933330001', birthDate: '1933-03-03' },
  B: { name: '金丝雀乙', idNumber: citizenId('42010219330303902'), mobile: '19933330002', birthDate: '1933-03-03' },
  /** Created from a weak match (A's mobile under another name): a person with no residency, plus a review entry. */
  C: { name: '金丝雀丙', mobile: '19933330001' },
  /** Only ever in a dead-lettered record. */
  D: { name: '金丝雀丁', idNumber: citizenId('42010219330303904'), mobile: '19933330004' },
} as const;
const BRIDGE_PEOPLE = BRIDGE_COMMUNITIES.map((c, i) => ({
  community: c,
  name: ['桥梁人壹', '桥梁人贰', '桥梁人叁'][i]!,
  idNumber: citizenId(`4201021934040490${i + 1}`),
  mobile: `1993333010${i + 1}`,
  birthDate: '1934-04-04',
}));

/** Text planted in a canary set's rows; none of it occurs in the demo world. */
function markersOf(set: 'A' | 'B') {
  const t = set === 'A' ? '甲' : '乙';
  return {
    grid: `金丝雀网格${t}`,
    project: `金丝雀小区${t}`,
    projectCode: `XQCANARY${set}`,
    buildingAddress: `金丝雀大厦${t}座`,
    householdNo: `CANARYHH${set}`,
    relation: `金丝雀亲属${t}`,
    partyOrg: `金丝雀党支部${t}`,
    partyOrgCode: `PCANARY${set}`,
    dutyItem: `金丝雀权责${t}`,
    dutyItemCode: set === 'A' ? '420102004-ZR-901' : '420102002-ZR-901',
    caseTitle: `金丝雀案件${t}标题`,
    caseContent: `金丝雀案件${t}内容：楼道漏水`,
    caseAddress: `金丝雀路${t}号`,
    caseSourceNo: `CANARYCASE${set}1`,
    bridgeCaseSourceNo: `CANARYCASE${set}2`,
    weakCaseSourceNo: `CANARYCASE${set}3`,
    eventReason: `金丝雀事件${t}`,
    activity: `金丝雀活动${t}`,
    assignmentKey: `CA-CANARY-${set}`,
  };
}

function rec(stream: string, externalId: string, changes: CanonicalChange[], payload?: unknown): MappedRecord {
  return { kind: 'mapped', source: SOURCE, stream, externalId, version: VERSION, payload: payload ?? { externalId, changes }, changes };
}

/** The handling unit of canary and bridge cases (organisations are public, L1: not a canary). */
const HANDLER = { name: '雀鸟社会工作服务中心', kind: 'SOCIAL_ORG' as const, areaCode: AREA_A.community };

/** Records of one canary set; external ids start with `CANARY-EXT-<set>` (markers of the lineage canaries). */
function canaryRecords(set: 'A' | 'B'): MappedRecord[] {
  const area = set === 'A' ? AREA_A : AREA_B;
  const m = markersOf(set);
  const person = set === 'A' ? PEOPLE.A : PEOPLE.B;
  const ext = (what: string) => `CANARY-EXT-${set}-${what}`;
  const building = { communityCode: area.community, projectCode: m.projectCode, buildingNo: '9栋' };
  const records: MappedRecord[] = [];
  if (set === 'A') {
    records.push(
      rec('areas', ext('street'), [change('adminArea', { code: area.street, name: '车站街道', level: 'street', parentCode: '420102000000', isTest: true })]),
      rec('organizations', ext('handler'), [change('organization', { ...HANDLER, status: 'ACTIVE' })]),
    );
  }
  records.push(
    rec('areas', ext('community'), [change('adminArea', { code: area.community, name: set === 'A' ? '车站测试社区' : '大智测试社区', level: 'community', parentCode: area.street, isTest: true })]),
    rec('grids', ext('grid'), [change('grid', { code: area.grid, name: m.grid, communityCode: area.community })]),
    rec('projects', ext('project'), [change('propertyProject', { code: m.projectCode, name: m.project, communityCode: area.community })]),
    rec('buildings', ext('building'), [change('building', { ...building, gridCode: area.grid, address: m.buildingAddress, floors: 9 })]),
    rec('dwellings', ext('dwelling'), [change('dwelling', { building, unit: '1单元', room: '901', gridCode: area.grid, usage: '住宅' })]),
    rec('households', ext('household'), [
      change('household', { householdNo: m.householdNo, kind: 'REGISTERED', dwelling: { building, unit: '1单元', room: '901' }, gridCode: area.grid, communityCode: area.community }),
    ]),
    rec('persons', ext('person'), [
      change('person', { idNumber: person.idNumber, name: person.name, mobile: person.mobile, birthDate: person.birthDate, sex: 'F', politicalStatus: 'CPC_MEMBER' }),
      change('residency', { personIdNumber: person.idNumber, householdNo: m.householdNo, relation: m.relation, category: 'REGISTERED', validFrom: '2020-01-01' }),
      change('staffRole', { personIdNumber: person.idNumber, role: 'VOLUNTEER', scope: 'GRID', gridCode: area.grid, validFrom: '2024-01-01' }),
    ]),
    rec('party-orgs', ext('party-org'), [change('partyOrg', { code: m.partyOrgCode, name: m.partyOrg, level: 'BRANCH', areaCode: area.community, gridCode: area.grid })]),
    rec('party-members', ext('party-member'), [change('partyMember', { personIdNumber: person.idNumber, partyOrgCode: m.partyOrgCode, status: 'FULL', joinedOn: '1960-07-01' })]),
    rec('contact-assignments', ext('assignment'), [
      change('contactAssignment', { key: m.assignmentKey, memberIdNumber: person.idNumber, gridCode: area.grid, householdNos: [m.householdNo], validFrom: '2024-01-01' }),
    ]),
    rec('duty-items', ext('duty-item'), [change('dutyItem', { code: m.dutyItemCode, streetCode: area.street, name: m.dutyItem, listType: 'RESPONSIBILITY', responsibleUnit: m.dutyItem })]),
    rec('cases', ext('case'), [
      change('case', {
        sourceSystem: 'canary-appeal',
        sourceNo: m.caseSourceNo,
        kind: 'APPEAL',
        category: '房屋漏水',
        title: m.caseTitle,
        content: m.caseContent,
        address: m.caseAddress,
        reporterIdNumber: person.idNumber,
        communityCode: area.community,
        gridCode: area.grid,
        building,
        dutyItem: { streetCode: area.street, code: m.dutyItemCode },
        status: 'DISPATCHED',
        reportedAt: '2026-06-10T09:00:00+08:00',
        handlers: [{ org: HANDLER, role: 'LEAD' }],
        events: [
          { seq: 1, from: null, to: 'REPORTED', at: '2026-06-10T09:00:00+08:00', reason: m.eventReason },
          { seq: 2, from: 'REPORTED', to: 'DISPATCHED', at: '2026-06-10T10:00:00+08:00', actorOrg: HANDLER, reason: m.eventReason },
        ],
      }),
    ]),
    // the same mobile under another name: a new person (no residency anywhere) and a WEAK_MATCH review
    rec('cases', ext('weak-case'), [
      ...(set === 'A' ? [change('person', { name: PEOPLE.C.name, mobile: PEOPLE.C.mobile })] : []),
      change('case', {
        sourceSystem: 'canary-appeal',
        sourceNo: m.weakCaseSourceNo,
        kind: 'APPEAL',
        category: '噪音扰民',
        title: `${m.caseTitle}三`,
        reporter: set === 'A' ? { name: PEOPLE.C.name, mobile: PEOPLE.C.mobile } : null,
        communityCode: area.community,
        status: 'REPORTED',
        reportedAt: '2026-06-11T09:00:00+08:00',
      }),
    ]),
    rec('activities', ext('activity'), [
      change('activity', {
        key: `ACT-CANARY-${set}`,
        type: '志愿服务',
        title: m.activity,
        areaCode: area.community,
        startAt: '2026-06-01T09:00:00+08:00',
        endAt: '2026-06-01T11:00:00+08:00',
        organizers: [HANDLER],
        participants: [{ personIdNumber: person.idNumber, hours: 2 }, ...BRIDGE_PEOPLE.map((b) => ({ personIdNumber: b.idNumber, hours: 1 }))],
      }),
    ]),
  );
  return records;
}

/** In-scope rows (one set per bridge community) that point at set A's canaries. */
function bridgeRecords(): MappedRecord[] {
  const a = markersOf('A');
  const records: MappedRecord[] = [];
  BRIDGE_PEOPLE.forEach((b, i) => {
    const grid = `${b.community}001`;
    const hh = `BRIDGEHH${i + 1}`;
    records.push(
      rec('bridge-households', `bridge-household-${i}`, [change('household', { householdNo: hh, kind: 'RESIDENT', gridCode: grid, communityCode: b.community })]),
      rec('bridge-persons', `bridge-person-${i}`, [
        change('person', { idNumber: b.idNumber, name: b.name, mobile: b.mobile, birthDate: b.birthDate, sex: 'M' }),
        change('residency', { personIdNumber: b.idNumber, householdNo: hh, relation: '户主', category: 'REGISTERED', validFrom: '2021-01-01' }),
        // also living in a canary household, holding a staff role in a canary grid, a member of a canary branch
        change('residency', { personIdNumber: b.idNumber, householdNo: a.householdNo, relation: `${a.relation}${i}`, category: 'FLOATING', validFrom: '2022-01-01' }),
        change('staffRole', { personIdNumber: b.idNumber, role: 'BUILDING_LEADER', scope: 'GRID', gridCode: AREA_A.grid, validFrom: '2024-01-01' }),
        change('partyMember', { personIdNumber: b.idNumber, partyOrgCode: a.partyOrgCode, status: 'PROBATIONARY', joinedOn: '2025-07-01' }),
      ]),
      // reported by the canary person, same category within a week of the canary case: linked to it
      rec('bridge-cases', `bridge-case-linked-${i}`, [
        change('case', {
          sourceSystem: 'canary-hotline',
          sourceNo: `BRIDGE-L-${i}`,
          kind: 'HOTLINE',
          category: '房屋漏水',
          title: '楼上漏水',
          reporterIdNumber: PEOPLE.A.idNumber,
          communityCode: b.community,
          gridCode: grid,
          status: 'REPORTED',
          reportedAt: '2026-06-12T09:00:00+08:00',
          handlers: [{ org: HANDLER, role: 'LEAD' }],
        }),
      ]),
      // filed in the community against a canary grid and a canary duty item
      rec('bridge-cases', `bridge-case-cross-${i}`, [
        change('case', {
          sourceSystem: 'canary-hotline',
          sourceNo: `BRIDGE-X-${i}`,
          kind: 'HOTLINE',
          category: '道路破损',
          title: '路面破损',
          communityCode: b.community,
          gridCode: AREA_A.grid,
          dutyItem: { streetCode: AREA_A.street, code: a.dutyItemCode },
          status: 'REPORTED',
          reportedAt: '2026-06-13T09:00:00+08:00',
        }),
      ]),
      // a canary case reported by the bridge person (their reportedCases must not show it)
      rec('cases', `CANARY-EXT-A-bridge-case-${i}`, [
        change('case', {
          sourceSystem: 'canary-appeal',
          sourceNo: `${a.bridgeCaseSourceNo}${i}`,
          kind: 'APPEAL',
          category: '绿化养护',
          title: `${a.caseTitle}二${i}`,
          reporterIdNumber: b.idNumber,
          communityCode: AREA_A.community,
          status: 'REPORTED',
          reportedAt: '2026-06-14T09:00:00+08:00',
        }),
      ]),
      rec('bridge-activities', `bridge-activity-${i}`, [
        change('activity', {
          key: `ACT-BRIDGE-${i}`,
          type: '志愿服务',
          title: '桥梁志愿活动',
          areaCode: b.community,
          startAt: '2026-06-02T09:00:00+08:00',
          participants: [{ personIdNumber: b.idNumber, hours: 1 }, { personIdNumber: PEOPLE.A.idNumber, hours: 3 }],
        }),
      ]),
      rec('bridge-party-orgs', `bridge-party-org-${i}`, [
        change('partyOrg', { code: `PBRIDGE${i}`, name: `桥梁党小组${i}`, level: 'BUILDING_GROUP', parentCode: a.partyOrgCode, areaCode: b.community, gridCode: grid }),
      ]),
      // an in-scope assignment of a canary branch's member, covering an in-scope and a canary household
      rec('bridge-assignments', `bridge-assignment-${i}`, [
        change('contactAssignment', { key: `CA-BRIDGE-${i}`, memberIdNumber: b.idNumber, gridCode: grid, householdNos: [hh, a.householdNo], validFrom: '2025-01-01' }),
      ]),
    );
  });
  return records;
}

/** The read class of the rows of each lineage entity. */
const LINEAGE_CLASSES: Readonly<Record<string, ReadClass>> = {
  grid: 'areas',
  propertyProject: 'places',
  building: 'places',
  dwelling: 'places',
  household: 'people',
  person: 'people',
  residency: 'people',
  staffRole: 'people',
  partyOrg: 'party',
  partyMember: 'party',
  contactAssignment: 'party',
  dutyItem: 'organizations',
  case: 'cases',
  activity: 'activities',
};

/** Something a caller may only see when its role reads `classes` and its scope covers `area`. */
interface Canary {
  label: string;
  /** Read classes needed (all of them). */
  classes: ReadClass[];
  /** 12-digit code of the area it belongs to. */
  area: string;
  /** Street-level facts (duty items) are also visible to callers scoped below the street. */
  streetLevel?: boolean;
  type: NodeTypeName | null;
  uuid: string;
  gid: string | null;
  /** Strings that occur in no response that may not show the canary. */
  needles: string[];
}

/** A 12-digit code's prefix that every code of its subtree starts with. */
function subtreePrefix(code12: string): string {
  if (code12.endsWith('0000000000')) return code12.slice(0, 2);
  if (code12.endsWith('00000000')) return code12.slice(0, 4);
  if (code12.endsWith('000000')) return code12.slice(0, 6);
  if (code12.endsWith('000')) return code12.slice(0, 9);
  return code12;
}
const within = (code: string, scope: string) => code.startsWith(subtreePrefix(scope));

/** True when `caller` may legitimately see `canary`. */
function maySee(caller: Caller, canary: Canary): boolean {
  if (!canary.classes.every((c) => canRead(caller, c))) return false;
  if (isUnscoped(caller)) return true;
  return caller.areaScope.some((s) => within(canary.area, s) || (canary.streetLevel === true && within(s, canary.area)));
}

/** The needles a caller may not see (those of canaries it may not see, less those of any it may), with their canary. */
function forbiddenNeedles(caller: Caller, canaries: readonly Canary[]): Map<string, Canary> {
  const allowed = new Set(canaries.filter((c) => maySee(caller, c)).flatMap((c) => c.needles));
  const out = new Map<string, Canary>();
  for (const c of canaries) if (!maySee(caller, c)) for (const n of c.needles) if (!allowed.has(n)) out.set(n, c);
  return out;
}

interface World {
  canaries: Canary[];
  /** Global IDs of the bridge rows (in scope for some callers), to walk relations from. */
  bridgeIds: string[];
  /** Clear values that no query response may hold for any role (only `revealPerson` shows them). */
  clearValues: string[];
  personA: { uuid: string; gid: string };
  personB: { uuid: string; gid: string };
  weakReviewId: string;
}

async function plantWorld(h: DemoHub): Promise<World> {
  const options = hubIngestOptions(h.hub);
  // the weak-match records go last, so the person they resemble is in the store already
  const all = [...canaryRecords('A'), ...canaryRecords('B'), ...bridgeRecords()];
  const isWeak = (r: MappedRecord) => r.externalId.endsWith('weak-case');
  for (const batch of [all.filter((r) => !isWeak(r)), all.filter(isWeak)]) {
    const r = await ingestBatch(h.hub.db, batch, options);
    if (r.deadLetters > 0) {
      const letters = await h.hub.db.selectFrom('dead_letter').select(['external_id', 'reason_code', 'message']).where('external_id', 'like', '%CANARY%').execute();
      throw new Error(`canary records dead-lettered: ${JSON.stringify(letters)}`);
    }
  }
  // a record that is dead-lettered (a person change with a name only), its payload full of PI
  const dead = await ingestBatch(
    h.hub.db,
    [rec('persons', 'CANARY-EXT-D-dead', [change('person', { name: PEOPLE.D.name })], { name: PEOPLE.D.name, idNumber: PEOPLE.D.idNumber, mobile: PEOPLE.D.mobile, note: `电话${PEOPLE.D.mobile}` })],
    options,
  );
  expect(dead.deadLetters).toBe(1);

  const db = h.hub.db;
  const canaries: Canary[] = [];
  const add = (label: string, type: NodeTypeName | null, classes: ReadClass[], area: string, uuid: string, needles: string[] = [], streetLevel = false) => {
    const gid = type ? toGlobalId(type, uuid) : null;
    canaries.push({ label, type, classes, area, uuid, gid, needles: [uuid, ...(gid ? [gid] : []), ...needles], streetLevel });
  };
  const one = async <T>(label: string, p: Promise<T | undefined>): Promise<T> => {
    const row = await p;
    if (!row) throw new Error(`canary ${label} was not written`);
    return row;
  };
  const people: Record<string, string> = {};
  for (const set of ['A', 'B'] as const) {
    const area = set === 'A' ? AREA_A : AREA_B;
    const m = markersOf(set);
    const c = area.community;
    const grid = await one('grid', db.selectFrom('grid').select('id').where('code', '=', area.grid).executeTakeFirst());
    add(`${set}/grid`, 'Grid', ['areas'], c, grid.id, [m.grid]);
    const project = await one('project', db.selectFrom('property_project').select('id').where('code', '=', m.projectCode).executeTakeFirst());
    add(`${set}/project`, 'PropertyProject', ['places'], c, project.id, [m.project, m.projectCode]);
    const building = await one('building', db.selectFrom('building').select('id').where('grid_id', '=', grid.id).executeTakeFirst());
    add(`${set}/building`, 'Building', ['places'], c, building.id, [m.buildingAddress]);
    const dwelling = await one('dwelling', db.selectFrom('dwelling').select('id').where('building_id', '=', building.id).executeTakeFirst());
    add(`${set}/dwelling`, 'Dwelling', ['places'], c, dwelling.id);
    const household = await one('household', db.selectFrom('household').select('id').where('household_no', '=', m.householdNo).executeTakeFirst());
    add(`${set}/household`, 'Household', ['people'], c, household.id, [m.householdNo]);
    const person = await one('person', db.selectFrom('person').select('id').where('name', '=', (set === 'A' ? PEOPLE.A : PEOPLE.B).name).executeTakeFirst());
    people[set] = person.id;
    add(`${set}/person`, 'Person', ['people'], c, person.id);
    for (const r of await db.selectFrom('residency').select(['id', 'person_id']).where('household_id', '=', household.id).execute()) {
      add(`${set}/residency ${r.person_id === person.id ? 'own' : 'bridge'}`, 'Residency', ['people'], c, r.id);
    }
    for (const r of await db.selectFrom('staff_role').select(['id']).where('grid_id', '=', grid.id).execute()) add(`${set}/staff role`, 'StaffRole', ['people'], c, r.id);
    const partyOrg = await one('party org', db.selectFrom('party_org').select('id').where('code', '=', m.partyOrgCode).executeTakeFirst());
    add(`${set}/party org`, 'PartyOrg', ['party'], c, partyOrg.id, [m.partyOrg, m.partyOrgCode]);
    for (const r of await db.selectFrom('party_member').select('id').where('party_org_id', '=', partyOrg.id).execute()) add(`${set}/party member`, 'PartyMember', ['party'], c, r.id);
    for (const r of await db.selectFrom('contact_assignment').select('id').where('grid_id', '=', grid.id).execute()) add(`${set}/assignment`, 'ContactAssignment', ['party'], c, r.id);
    const duty = await one('duty item', db.selectFrom('duty_item').select('id').where('code', '=', m.dutyItemCode).executeTakeFirst());
    add(`${set}/duty item`, 'DutyItem', ['organizations'], area.street, duty.id, [m.dutyItem, m.dutyItemCode], true);
    const cases = await db.selectFrom('case_record').select(['id', 'title']).where('natural_key', 'like', '%CANARYCASE%').execute();
    for (const k of cases.filter((x) => x.title?.startsWith(m.caseTitle))) {
      add(`${set}/case ${k.title}`, 'Case', ['cases'], c, k.id, [k.title!]);
      for (const e of await db.selectFrom('case_event').select('id').where('case_id', '=', k.id).execute()) add(`${set}/case event`, 'CaseEvent', ['cases'], c, e.id);
    }
    const activity = await one('activity', db.selectFrom('activity').select('id').where('title', '=', m.activity).executeTakeFirst());
    add(`${set}/activity`, 'Activity', ['activities'], c, activity.id, [m.activity]);
    add(`${set}/case text`, null, ['cases'], c, m.caseContent, [m.caseAddress, m.eventReason, m.caseSourceNo, m.weakCaseSourceNo]);
    add(`${set}/residency text`, null, ['people'], c, m.relation);
    // lineage: a canary record's external id shows in the sources of each row it wrote (public
    // rows — areas, organisations — show theirs to everybody: those records are not canaries)
    const lineage = await db.selectFrom('source_record').select(['external_id', 'entity']).distinct().where('external_id', 'like', `CANARY-EXT-${set}-%`).execute();
    expect(lineage.length).toBeGreaterThan(10);
    const publicRecords = new Set(lineage.filter((r) => r.entity === 'adminArea' || r.entity === 'organization').map((r) => r.external_id));
    for (const r of lineage) {
      if (publicRecords.has(r.external_id)) continue;
      const cls = LINEAGE_CLASSES[r.entity];
      if (!cls) throw new Error(`lineage entity ${r.entity}: declare its read class`);
      const dutyItem = r.entity === 'dutyItem';
      add(`${set}/lineage ${r.external_id} (${r.entity})`, null, ['lineage', cls], dutyItem ? area.street : c, r.external_id, [], dutyItem);
    }
  }
  const weak = await one('weak person', db.selectFrom('person').select('id').where('name', '=', PEOPLE.C.name).executeTakeFirst());
  add('A/weak-match person', 'Person', ['people'], 'nowhere', weak.id);
  const review = await one('review', db.selectFrom('match_review').select('id').where('entity_id', '=', weak.id).executeTakeFirst());
  // the review's record is a canary case record: its id and external id are operations data of area A
  add('A/match review', null, ['operations'], AREA_A.community, review.id);
  expect(canaries.filter((c) => c.type === 'Case').length).toBe(2 + 2 + BRIDGE_PEOPLE.length);

  const bridgeIds: string[] = [];
  for (const b of BRIDGE_PEOPLE) {
    const person = await one('bridge person', db.selectFrom('person').select('id').where('name', '=', b.name).executeTakeFirst());
    bridgeIds.push(toGlobalId('Person', person.id));
  }
  for (const r of await db.selectFrom('household').select('id').where('household_no', 'like', 'BRIDGEHH%').execute()) bridgeIds.push(toGlobalId('Household', r.id));
  for (const r of await db.selectFrom('case_record').select('id').where('natural_key', 'like', '%BRIDGE-%').execute()) bridgeIds.push(toGlobalId('Case', r.id));
  for (const r of await db.selectFrom('activity').select('id').where('title', '=', '桥梁志愿活动').execute()) bridgeIds.push(toGlobalId('Activity', r.id));
  for (const r of await db.selectFrom('party_org').select('id').where('code', 'like', 'PBRIDGE%').execute()) bridgeIds.push(toGlobalId('PartyOrg', r.id));
  for (const r of await db.selectFrom('contact_assignment').select('id').where('natural_key', 'like', '%CA-BRIDGE%').execute()) bridgeIds.push(toGlobalId('ContactAssignment', r.id));
  for (const r of await db.selectFrom('organization').select('id').where('name', '=', HANDLER.name).execute()) bridgeIds.push(toGlobalId('Organization', r.id));
  expect(bridgeIds.length).toBe(BRIDGE_PEOPLE.length * 7 + 1);

  const clearValues = [
    ...Object.values(PEOPLE).flatMap((p) => [p.name, p.mobile, 'idNumber' in p ? p.idNumber : '']).filter(Boolean),
    ...BRIDGE_PEOPLE.flatMap((b) => [b.name, b.idNumber, b.mobile]),
  ];
  return {
    canaries,
    bridgeIds,
    clearValues,
    personA: { uuid: people.A!, gid: toGlobalId('Person', people.A!) },
    personB: { uuid: people.B!, gid: toGlobalId('Person', people.B!) },
    weakReviewId: review.id,
  };
}

// ---------------------------------------------------------------------------------------------
// callers

/** Operation names an APP key of the test may run. */
const SWEEP = 'AccessSweep';
const APP_OPERATIONS = [SWEEP, 'PiSweep'];

const CALLERS: Caller[] = [
  { role: 'STREET_STAFF', areaScope: ['420102002000'], subject: 't-street-dazhi' },
  { role: 'STREET_STAFF', areaScope: ['420102003000'], subject: 't-street-yiyuan' },
  { role: 'COMMUNITY_STAFF', areaScope: ['420102002001'], subject: 't-community' },
  { role: 'COMMUNITY_STAFF', areaScope: ['420102002002', '420102003002'], subject: 't-community-two' },
  { role: 'GRID_WORKER', areaScope: ['420102003001'], subject: 't-grid-worker' },
  { role: 'APP', areaScope: ['420102002002'], subject: 'api-key:t-app', operations: APP_OPERATIONS },
  { role: 'ANALYST', areaScope: ['420102003000'], subject: 't-analyst-scoped' },
  { role: 'ANALYST', areaScope: [], subject: 't-analyst' },
  { role: 'OPERATOR', areaScope: [], subject: 't-operator' },
  { role: 'AUDITOR', areaScope: [], subject: 't-auditor' },
  { role: 'ADMIN', areaScope: ['420102003000'], subject: 't-admin-scoped' },
];
/** The control: sees every canary (so the sweep demonstrably reaches them). */
const FULL_ADMIN: Caller = { role: 'ADMIN', areaScope: [], subject: 't-admin' };

it('the callers cover every role', () => {
  expect(new Set(CALLERS.map((c) => c.role))).toEqual(new Set(ROLE_NAMES));
});

// ---------------------------------------------------------------------------------------------
// operations generated from the schema

const schema: GraphQLSchema = buildHubSchema();
const typeClasses = readClassesOf(schema);
/**
 * Page sizes by nesting level (root, nested, nested twice, leaf references), largest first: an
 * operation takes the first set that keeps it under the cost limit (`DEFAULT_MAX_COST`).
 */
const PAGE_LADDER: readonly { pages: readonly number[]; depth: number }[] = [
  { pages: [50, 10, 5, 3], depth: 1 },
  { pages: [50, 5, 3, 2], depth: 1 },
  { pages: [50, 3, 2, 1], depth: 1 },
  { pages: [20, 3, 2, 1], depth: 1 },
  { pages: [10, 2, 1, 1], depth: 1 },
  // plain lists (events, residencies, sources …) count 100 each: then the relation goes one level less deep
  { pages: [50, 10, 5, 3], depth: 0 },
  { pages: [20, 3, 2, 1], depth: 0 },
  { pages: [5, 1, 1, 1], depth: 0 },
];
let PAGES: readonly number[] = PAGE_LADDER[0]!.pages;
/** How deep below a split relation its selection goes (see {@link splitSelections}). */
let RELATION_DEPTH = PAGE_LADDER[0]!.depth;

type Allow = (typeName: string) => boolean;
const allowFor = (caller: Caller | null): Allow => (name) => {
  if (!caller) return true;
  const cls = typeClasses.get(name);
  return !cls || canRead(caller, cls);
};

const isLeaf = (t: GraphQLNamedType) => isScalarType(t) || isEnumType(t);
const isConnection = (t: GraphQLNamedType): boolean => isObjectType(t) && t.name.endsWith('Connection') && 'nodes' in t.getFields();

/** `(first: n)` when the field pages; `null` when it needs an argument the sweep cannot give. */
function pageArgs(field: GraphQLField<unknown, unknown>, first: number): string | null {
  for (const a of field.args) if (isNonNullType(a.type) && a.defaultValue === undefined) return null;
  return field.args.some((a) => a.name === 'first') ? `(first: ${first})` : '';
}

/** The selection of `type`: leaves, and object fields `depth` more levels down (at 0 only their `id`s). */
function selectionOf(type: GraphQLNamedType, depth: number, allow: Allow, level: number): string {
  if (isUnionType(type)) {
    return ['__typename', ...type.getTypes().filter((t) => allow(t.name)).map((t) => `... on ${t.name} { ${selectionOf(t, depth, allow, level)} }`)].join(' ');
  }
  if (isInterfaceType(type)) return '__typename id';
  if (!isObjectType(type)) return '';
  if (isConnection(type)) {
    const node = getNamedType(type.getFields().nodes!.type);
    const edge = getNamedType(type.getFields().edges!.type) as GraphQLObjectType;
    const edgeLeaves = Object.values(edge.getFields()).filter((f) => isLeaf(getNamedType(f.type))).map((f) => f.name);
    return `totalCount nodes { ${selectionOf(node, depth, allow, level)} } edges { ${edgeLeaves.join(' ')} node { ${'id' in (node as GraphQLObjectType).getFields() ? 'id' : '__typename'} } }`;
  }
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (!allow(named.name)) continue;
    const args = pageArgs(field, PAGES[Math.min(level + 1, PAGES.length - 1)]!);
    if (args === null) continue;
    if (isLeaf(named)) parts.push(field.name);
    else if (depth > 0) parts.push(`${field.name}${args} { ${selectionOf(named, depth - 1, allow, level + 1)} }`);
    else if (isInterfaceType(named) || (isObjectType(named) && 'id' in named.getFields())) parts.push(`${field.name}${args} { id }`);
    else if (isConnection(named)) parts.push(`${field.name}${args} { totalCount nodes { ${isObjectType(getNamedType((named as GraphQLObjectType).getFields().nodes!.type)) ? 'id' : '__typename'} } }`);
    else if (isUnionType(named)) parts.push(`${field.name}${args} { __typename }`);
  }
  return parts.length ? parts.join(' ') : '__typename';
}

/** The object type whose fields a root field's result shows (a connection's nodes). */
function subjectType(type: GraphQLNamedType): GraphQLNamedType {
  return isConnection(type) ? getNamedType((type as GraphQLObjectType).getFields().nodes!.type) : type;
}

/**
 * Selections of `type` split by relation so each stays under the cost limit: one with every leaf
 * and every relation's `id`, and one per relation with that relation two levels deeper.
 */
function splitSelections(type: GraphQLNamedType, allow: Allow, level: number): string[] {
  if (!isObjectType(type)) return [selectionOf(type, 2, allow, level)];
  const leaves = Object.values(type.getFields()).filter((f) => isLeaf(getNamedType(f.type))).map((f) => f.name);
  const out = [selectionOf(type, 0, allow, level)];
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (isLeaf(named) || !allow(named.name)) continue;
    const args = pageArgs(field, PAGES[level + 1]!);
    if (args === null) continue;
    out.push(`${leaves.join(' ')} ${field.name}${args} { ${selectionOf(named, RELATION_DEPTH, allow, level + 1)} }`);
  }
  return out;
}

/** Wraps a root field's selection the way its return type needs. */
function wrapRoot(rootType: GraphQLNamedType, inner: string): string {
  if (isConnection(rootType)) {
    const edge = getNamedType((rootType as GraphQLObjectType).getFields().edges!.type) as GraphQLObjectType;
    const edgeLeaves = Object.values(edge.getFields()).filter((f) => isLeaf(getNamedType(f.type))).map((f) => f.name);
    return `totalCount nodes { ${inner} } edges { ${edgeLeaves.join(' ')} node { __typename } }`;
  }
  return inner;
}

/** One operation to try. */
interface Attempt {
  caller: Caller;
  query: string;
  variables: Record<string, unknown>;
  /** What it tries, for failure messages. */
  what: string;
  /** Extra assertions on the response (aggregates). */
  check?: (r: GqlResult) => string | null;
}

/** The arguments each root field is tried with, aimed at the canaries' areas, grids and names. */
function rootArgVariants(fieldName: string, field: GraphQLField<unknown, unknown>): string[] {
  const filterArg = field.args.find((a) => a.name === 'filter');
  const filterType = filterArg ? (getNamedType(filterArg.type) as unknown as { getFields(): Record<string, unknown> }) : null;
  const filterFields = filterType ? Object.keys(filterType.getFields()) : [];
  const variants: string[] = [''];
  if (filterFields.includes('area')) variants.push(`filter: { area: "${AREA_A.community}" }`, `filter: { area: "${AREA_A.street.slice(0, 9)}" }`, `filter: { area: "${AREA_B.community}" }`);
  if (filterFields.includes('within')) variants.push(`filter: { within: "${AREA_A.street}" }`, `filter: { within: "${AREA_B.community}" }`);
  if (filterFields.includes('grid')) variants.push(`filter: { grid: "${AREA_A.grid}" }`, `filter: { grid: "${AREA_B.grid}" }`);
  if (fieldName === 'persons') variants.push(`filter: { name: "${PEOPLE.A.name}" }`, `filter: { name: "${PEOPLE.B.name}" }`, 'filter: { partyMember: true }');
  if (fieldName === 'organizations') variants.push(`filter: { name: "${HANDLER.name}" }`);
  return variants;
}

function withArgs(args: string[], first: number | null): string {
  const all = [...(first !== null ? [`first: ${first}`] : []), ...args.filter(Boolean)];
  return all.length ? `(${all.join(', ')})` : '';
}

/** Every attempt of one caller (`allow` prunes what its role may not read; refused probes added separately). */
function attemptsFor(caller: Caller, world: World): Attempt[] {
  const allow = allowFor(caller);
  const out: Attempt[] = [];
  const q = (body: string | (() => string), what: string, variables: Record<string, unknown> = {}, check?: Attempt['check']) => {
    const vars = Object.keys(variables).length ? `(${Object.keys(variables).map((k) => `$${k}: ${Array.isArray(variables[k]) ? '[ID!]!' : 'ID!'}`).join(', ')})` : '';
    let attempt: Attempt | null = null;
    for (const step of PAGE_LADDER) {
      PAGES = step.pages;
      RELATION_DEPTH = step.depth;
      attempt = { caller, query: `query ${SWEEP}${vars} { ${typeof body === 'string' ? body : body()} }`, variables, what, check };
      if (typeof body === 'string' || costOf(attempt) <= DEFAULT_MAX_COST) break;
    }
    PAGES = PAGE_LADDER[0]!.pages;
    RELATION_DEPTH = PAGE_LADDER[0]!.depth;
    out.push(attempt!);
  };
  const queryType = schema.getQueryType()!;
  for (const field of Object.values(queryType.getFields())) {
    const rootType = getNamedType(field.type);
    const readable = allow(rootType.name);
    const pages = field.args.some((a) => a.name === 'first') ? PAGES[0]! : null;
    const simple = (args: string) => {
      // a role that may not read the root type: the plain selection, refused as a whole
      const count = readable ? splitSelections(subjectType(rootType), allow, 0).length : 1;
      for (let i = 0; i < count; i++) {
        const build = () => {
          const sel = readable ? splitSelections(subjectType(rootType), allow, 0)[i]! : selectionOf(subjectType(rootType), 0, allowFor(null), 0);
          return `${field.name}${args.replace(`first: ${PAGE_LADDER[0]!.pages[0]}`, `first: ${PAGES[0]}`)} { ${wrapRoot(rootType, sel)} }`;
        };
        q(build, `${field.name}${args}`);
      }
    };
    switch (field.name) {
      case 'node':
        for (const id of [...world.canaries.flatMap((c) => (c.gid ? [c.gid] : [])), ...world.bridgeIds]) {
          const type = schema.getType(Buffer.from(id, 'base64').toString().split(':')[0]!)!;
          const count = allow(type.name) ? splitSelections(type, allow, 0).length : 1;
          for (let i = 0; i < count; i++) {
            const build = () => `node(id: $id) { id ... on ${type.name} { ${allow(type.name) ? splitSelections(type, allow, 0)[i]! : selectionOf(type, 0, allowFor(null), 0)} } }`;
            q(build, `node(${type.name})`, { id });
          }
        }
        break;
      case 'nodes': {
        const ids = world.canaries.flatMap((c) => (c.gid ? [c.gid] : []));
        const types = [...new Set(ids.map((id) => Buffer.from(id, 'base64').toString().split(':')[0]!))];
        // one type's fragment per operation (fields of the same name differ in type between types)
        for (const t of types) {
          const sel = allow(t) ? selectionOf(schema.getType(t)!, 0, allow, 0) : selectionOf(schema.getType(t)!, 0, allowFor(null), 0);
          q(`nodes(ids: $ids) { id ... on ${t} { ${sel} } }`, `nodes(canaries, ${t})`, { ids });
        }
        q(`nodes(ids: $ids) { id }`, 'nodes(canaries, ids only)', { ids: [...ids, ...world.bridgeIds] });
        break;
      }
      case 'area':
        for (const code of [AREA_A.community, AREA_A.street, AREA_B.community, AREA_B.street, '420102']) simple(`(code: "${code}")`);
        break;
      case 'grid':
        for (const code of [AREA_A.grid, AREA_B.grid, ...BRIDGE_COMMUNITIES.map((c) => `${c}001`)]) simple(`(code: "${code}")`);
        break;
      case 'areaStats':
        for (const code of [AREA_A.community, AREA_A.street, AREA_B.community]) {
          q(() => `areaStats(code: "${code}") { ${readable ? selectionOf(rootType, 1, allow, 0) : 'households'} }`, `areaStats(${code})`);
        }
        // figures of a public canary area reached through `area`: nothing of the canaries counted
        if (readable && allow('AdminArea')) {
          for (const code of [AREA_A.community, AREA_B.community]) {
            const hidden = !isUnscoped(caller) && !caller.areaScope.some((s) => within(code, s));
            q(`area(code: "${code}") { stats { households residents cases openCases gridWorkers volunteers volunteerHours householdsWithContact } }`, `area(${code}).stats`, {}, (r) => {
              const s = r.data?.area?.stats;
              if (!hidden || !s) return null;
              return Object.values(s).every((v) => v === 0) ? null : `canary area figures counted: ${JSON.stringify(s)}`;
            });
          }
        }
        break;
      case 'gridStats':
        // a canary grid is NOT_FOUND outside its scope; in-scope grids' figures count nothing of the canaries
        for (const code of [AREA_A.grid, AREA_B.grid, ...BRIDGE_COMMUNITIES.map((c) => `${c}001`)]) {
          q(() => `gridStats(code: "${code}") { ${readable ? selectionOf(rootType, 1, allow, 0) : 'households'} }`, `gridStats(${code})`);
        }
        break;
      case 'fusionIndex':
      case 'fusionIndexComparison':
        // the 融合 index of a canary area is NOT_FOUND outside the scope; rows are checked per listed entity
        for (const code of [AREA_A.community, AREA_A.street, AREA_B.community, AREA_B.street]) {
          const arg = field.name === 'fusionIndex' ? 'area' : 'street';
          q(() => `${field.name}(${arg}: "${code}", period: "2026-Q2") { ${readable ? selectionOf(rootType, 1, allow, 0) : '__typename'} }`, `${field.name}(${code})`);
        }
        break;
      case 'caseStats':
        for (const filter of ['', `filter: { area: "${AREA_A.community}" }`, `filter: { area: "${AREA_B.community}" }`, `filter: { grid: "${AREA_A.grid}" }`]) {
          for (const groupBy of ['', 'groupBy: [AREA]', 'groupBy: [GRID]', 'groupBy: [AREA, GRID, STATUS]', 'groupBy: [CATEGORY, CHANNEL]']) {
            const args = withArgs([filter, groupBy], null);
            // (in-scope cases filed against the canary grid are counted under a grid filter: no count check there)
            const targetArea = filter.includes(`area: "${AREA_A.community}"`) ? AREA_A.community : filter.includes(`area: "${AREA_B.community}"`) ? AREA_B.community : null;
            const hidden = targetArea !== null && !isUnscoped(caller) && !caller.areaScope.some((s) => within(targetArea, s));
            q(() => `caseStats${args} { ${readable ? selectionOf(rootType, 1, allow, 0) : 'groupBy'} }`, `caseStats${args}`, {}, (r) => {
              const count = r.data?.caseStats?.total?.count;
              return hidden && count !== undefined && count !== 0 && count !== null ? `canary cases counted: total ${count}` : null;
            });
          }
        }
        break;
      default:
        for (const variant of rootArgVariants(field.name, field)) simple(withArgs([variant], pages));
    }
  }
  // fields pruned for this role: each one selected alone is refused
  const probed = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || isConnection(type) || type.name.endsWith('Edge')) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (allow(type.name) && allow(named.name)) continue;
      const coordinate = `${type.name}.${field.name}`;
      if (probed.has(coordinate)) continue;
      probed.add(coordinate);
      const args = pageArgs(field, 3);
      if (args === null && type.name !== 'Query') continue;
      const sel = isLeaf(named) ? '' : ` { ${selectionOf(named, 0, allowFor(null), 3)} }`;
      const fieldSel = `${field.name}${args ?? ''}${sel}`;
      let body: string | null = null;
      if (type.name === 'Query') {
        body = field.name === 'node' || field.name === 'nodes' || args === null ? null : fieldSel;
      } else if (NODE_TYPE_OF[type.name]) {
        body = `node(id: $id) { ... on ${type.name} { ${fieldSel} } }`;
      } else if (PATH_TO[type.name]) {
        body = PATH_TO[type.name]!(fieldSel);
      }
      if (!body) continue;
      const id = body.includes('$id') ? world.bridgeIds.find((g) => Buffer.from(g, 'base64').toString().startsWith(`${NODE_TYPE_OF[type.name]}:`)) ?? world.personA.gid : null;
      const attempt: Attempt = {
        caller,
        query: `query ${SWEEP}${id ? '($id: ID!)' : ''} { ${body} }`,
        variables: id ? { id } : {},
        what: `probe ${coordinate}`,
        check: (r) => (r.errors?.[0]?.extensions?.code === 'FORBIDDEN' ? null : `${coordinate}: expected FORBIDDEN, got ${JSON.stringify(r).slice(0, 300)}`),
      };
      out.push(attempt);
    }
  }
  return out;
}

/** Object types reachable by `node` (their name is their global-ID type). */
const NODE_TYPE_OF: Record<string, string> = Object.fromEntries(
  ['AdminArea', 'Grid', 'PropertyProject', 'Building', 'Dwelling', 'Household', 'Person', 'Residency', 'StaffRole', 'Organization', 'PartyOrg', 'PartyMember', 'ContactAssignment', 'DutyItem', 'Case', 'CaseEvent', 'Activity'].map((t) => [t, t]),
);
/** How to reach an object type that has no global ID, for the refusal probes. */
const PATH_TO: Record<string, (sel: string) => string> = {
  AreaStats: (s) => `areaStats(code: "420102") { ${s} }`,
  GridStats: (s) => `gridStats(code: "${BRIDGE_COMMUNITIES[0]}001") { ${s} }`,
  CaseStats: (s) => `caseStats { ${s} }`,
  CaseStatsGroup: (s) => `caseStats { total { ${s} } }`,
  CaseHandler: (s) => `cases(first: 1) { nodes { handlers { ${s} } } }`,
  SourceRecord: (s) => `areas(first: 1) { nodes { sources { ${s} } } }`,
  FieldProvenance: (s) => `persons(first: 1) { nodes { provenance { ${s} } } }`,
  PropertyCompanyDetails: (s) => `organizations(first: 1) { nodes { details { ... on PropertyCompanyDetails { ${s} } } } }`,
  SocialOrgDetails: (s) => `organizations(first: 1) { nodes { details { ... on SocialOrgDetails { ${s} } } } }`,
  DeadLetter: (s) => `deadLetters(first: 1) { nodes { ${s} } }`,
  SyncRun: (s) => `syncRuns(first: 1) { nodes { ${s} } }`,
  Source: (s) => `sources { ${s} }`,
  SourceCursor: (s) => `sources { cursors { ${s} } }`,
  SourceStream: (s) => `sources { streams { ${s} } }`,
  SourcePause: (s) => `sources { pause { ${s} } }`,
  PartitionLag: (s) => `consumerLag { ${s} }`,
  MatchReview: (s) => `matchReviews(first: 1) { nodes { ${s} } }`,
  AccessLogEntry: (s) => `accessLog(first: 1) { nodes { ${s} } }`,
};

// ---------------------------------------------------------------------------------------------
// checks

const ALLOWED_CODES = new Set(['FORBIDDEN', 'NOT_FOUND']);

/** Person objects (`id` of a Person global ID + `name`) anywhere in a response. */
function shownPersons(value: unknown, out: Map<string, Set<string>>): void {
  if (Array.isArray(value)) {
    for (const v of value) shownPersons(v, out);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  if (typeof o.id === 'string' && typeof o.name === 'string') {
    const decoded = Buffer.from(o.id, 'base64').toString();
    if (decoded.startsWith('Person:')) {
      const uuid = decoded.slice(7);
      if (!out.has(uuid)) out.set(uuid, new Set());
      out.get(uuid)!.add(o.name);
    }
  }
  for (const v of Object.values(o)) shownPersons(v, out);
}

/** L4 figures a role without L4 may not get: party members counted 1–4. */
function smallL4Figures(value: unknown, found: string[]): void {
  if (Array.isArray(value)) {
    for (const v of value) smallL4Figures(v, found);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'partyMembers' && typeof v === 'number' && v > 0 && v < 5) found.push(`partyMembers ${v}`);
    else if ((k === 'numerator' || k === 'denominator') && (value as { partyMembershipBased?: unknown }).partyMembershipBased === true && typeof v === 'number' && v > 0 && v < 5) {
      found.push(`fusion ${k} ${v}`);
    }
    else smallL4Figures(v, found);
  }
}

/** A deterministic shuffle (xorshift), so callers interleave the same way on every run. */
function shuffled<T>(items: readonly T[], seed = 0x2f6b_1d3c): T[] {
  const a = [...items];
  let x = seed;
  for (let i = a.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = Math.abs(x) % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Runs attempts `concurrency` at a time (Promise.all per batch), in order of `attempts`. */
async function runAll(h: DemoHub, attempts: readonly Attempt[], concurrency: number, onResult: (a: Attempt, r: GqlResult) => void): Promise<void> {
  for (let i = 0; i < attempts.length; i += concurrency) {
    const batch = attempts.slice(i, i + concurrency);
    const results = await Promise.all(batch.map((a) => h.gql(a.query, a.variables, a.caller)));
    for (const [j, a] of batch.entries()) onResult(a, results[j]!);
  }
}

/** Fits an operation under the cost limit (the sweep's operations are built to; this asserts it). */
function costOf(a: Attempt): number {
  const doc = parse(a.query);
  const op = doc.definitions[0] as Parameters<typeof operationCost>[2];
  return operationCost(schema, doc, op, a.variables);
}

// ---------------------------------------------------------------------------------------------

describe.each(availableStoreKinds())('access control: cross-scope attempts on the tiny demo world (%s)', (kind) => {
  let h: DemoHub | null = null;
  let world: World;
  /** Clear names of every person in the store (≥ 2 characters), by row id. */
  let clearNames: Map<string, string>;

  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny');
    world = await plantWorld(h);
    const rows = await h.hub.db.selectFrom('person').select(['id', 'name']).execute();
    clearNames = new Map(rows.filter((r) => Array.from(r.name).length >= 2).map((r) => [r.id, r.name]));
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('subscriptions: every role is refused what it may not read, and no scoped caller receives a canary case\'s change', async () => {
    // the subscriptions this test knows; a new one must be added here, and is then tried
    expect(Object.keys(schema.getSubscriptionType()!.getFields()).sort()).toEqual(['areaStatsChanged', 'caseChanged']);
    const byToken = new Map<string, Caller>([...CALLERS, FULL_ADMIN].map((c) => [c.subject, c]));
    const feed = createChangeFeed(); // changes published by the test, as the outbox feed would
    const server = await startHttpServer(h!.hub, {
      port: 0,
      host: '127.0.0.1',
      routes: hubRoutes(h!.hub, {
        changeFeed: feed,
        resolveCaller: (req) => {
          const caller = byToken.get(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
          if (!caller) throw new HuijuError('UNAUTHENTICATED', 'Authentication required');
          return caller;
        },
      }),
    });
    const clients: WsClient[] = [];
    try {
      const canaryCase = await h!.hub.db.selectFrom('case_record').select('id').where('source_no', '=', markersOf('A').caseSourceNo).executeTakeFirstOrThrow();
      const runs = [...CALLERS, FULL_ADMIN].map((caller) => {
        const client = createWsClient({
          url: `${server.url.replace(/^http/, 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { Authorization: `Bearer ${caller.subject}` },
          retryAttempts: 0,
        });
        clients.push(client);
        const got: string[] = [];
        const errors: string[] = [];
        const name = caller.operations ? SWEEP : 'LiveSweep';
        // a refusal at subscribe time (NOT_FOUND) comes as a result with errors only
        const sink = { next: (r: { data?: unknown; errors?: unknown }) => (r.data ? got : errors).push(JSON.stringify(r)), error: (e: unknown) => errors.push(JSON.stringify(e)), complete: () => {} };
        client.subscribe({ query: `subscription ${name} { caseChanged { id title content address } }` }, sink);
        client.subscribe({ query: `subscription ${name} { areaStatsChanged(code: "${AREA_A.community}") { cases } }` }, sink);
        return { caller, got, errors };
      });
      const covers = (c: Caller) => isUnscoped(c) || c.areaScope.some((code) => AREA_A.community.startsWith(code.replace(/0+$/, '')));
      // subscriptions past every check listen to the feed: caseChanged where cases are readable, areaStatsChanged where the area is in scope too
      const expectedListeners = runs.reduce((n, r) => n + (canRead(r.caller, 'cases') ? 1 : 0) + (canRead(r.caller, 'aggregates') && covers(r.caller) ? 1 : 0), 0);
      for (let i = 0; feed.listenerCount < expectedListeners && i < 500; i++) await new Promise((r) => setTimeout(r, 20));
      expect(feed.listenerCount, JSON.stringify(runs.map((r) => [r.caller.subject, r.errors]))).toBe(expectedListeners);
      feed.publish([{ eventId: 'canary-a-case', entity: 'case', id: canaryCase.id, operation: 'updated', time: new Date().toISOString() }]);
      const admin = runs.find((r) => r.caller === FULL_ADMIN)!;
      for (let i = 0; admin.got.length < 2 && i < 250; i++) await new Promise((r) => setTimeout(r, 20));
      expect(admin.got.join()).toContain(markersOf('A').caseTitle.slice(0, 3)); // the control receives the canary (masked text)
      await new Promise((r) => setTimeout(r, 1_000)); // the feed is in-process: anything due has arrived by now
      for (const run of runs) {
        if (!canRead(run.caller, 'cases')) {
          expect(run.errors.join(), run.caller.subject).toContain('FORBIDDEN');
          expect(run.got.join(), run.caller.subject).not.toContain(canaryCase.id);
        } else if (!covers(run.caller)) {
          expect(run.got, `${run.caller.subject}: ${run.got.join()}`).toEqual([]);
          // areaStatsChanged of an area outside the scope: NOT_FOUND at subscribe time
          expect(run.errors.join(), run.caller.subject).toContain('NOT_FOUND');
        }
        for (const text of run.got) {
          expect(piLeaks(text), run.caller.subject).toEqual([]);
          for (const clear of world.clearValues) expect(text, run.caller.subject).not.toContain(clear);
        }
      }
    } finally {
      for (const c of clients) await c.dispose();
      await server.close();
    }
  }, 60_000);

  it('the sweep reaches every canary: an unscoped ADMIN finds each one', async () => {
    const attempts = attemptsFor(FULL_ADMIN, world).filter((a) => !a.what.startsWith('probe'));
    const started = Date.now();
    const seen = new Set<string>();
    const errors: string[] = [];
    await runAll(h!, attempts, 16, (a, r) => {
      const text = JSON.stringify(r);
      for (const e of r.errors ?? []) if (e.extensions?.code !== 'NOT_FOUND') errors.push(`${a.what}: ${e.extensions?.code} ${e.message}`);
      for (const c of world.canaries) if (c.needles.some((n) => text.includes(n))) seen.add(c.label);
    });
    console.info(`[${kind}] control: ${attempts.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(errors.slice(0, 10)).toEqual([]);
    expect(world.canaries.map((c) => c.label).filter((l) => !seen.has(l))).toEqual([]);
  }, 300_000);

  it('≥ 5,000 cross-scope attempts by every role, concurrent and interleaved: no canary returned, refusals coded, no PI', async () => {
    const started = Date.now();
    const attempts = shuffled(CALLERS.flatMap((c) => attemptsFor(c, world)));
    const overCost = attempts.filter((a) => costOf(a) > DEFAULT_MAX_COST).map((a) => a.what);
    expect(overCost.slice(0, 5)).toEqual([]);
    const leaks: string[] = [];
    const unexpected: string[] = [];
    const failedChecks: string[] = [];
    const pi: string[] = [];
    const l4: string[] = [];
    const persons = new Map<string, Set<string>>();
    const clearNameHits: string[] = [];
    const perRole = new Map<Role, { attempts: number; refused: number; answered: number }>();
    const forbiddenFor = new Map(CALLERS.map((c) => [c, forbiddenNeedles(c, world.canaries)]));
    const names = [...clearNames.values()];
    await runAll(h!, attempts, 24, (a, r) => {
      const text = JSON.stringify(r);
      const stats = perRole.get(a.caller.role) ?? { attempts: 0, refused: 0, answered: 0 };
      stats.attempts += 1;
      if (r.errors?.length) stats.refused += 1;
      else stats.answered += 1;
      perRole.set(a.caller.role, stats);
      for (const [needle, c] of forbiddenFor.get(a.caller)!) {
        if (text.includes(needle)) leaks.push(`${a.caller.role}[${a.caller.areaScope.join(',')}] ${a.what}: canary ${c.label} (${needle.slice(0, 40)}) in ${a.query.slice(0, 300)} ${JSON.stringify(a.variables)}`);
      }
      for (const v of world.clearValues) if (text.includes(v)) leaks.push(`${a.caller.role} ${a.what}: a clear personal value`);
      for (const e of r.errors ?? []) {
        if (!ALLOWED_CODES.has(e.extensions?.code)) unexpected.push(`${a.caller.role} ${a.what}: ${e.extensions?.code} ${e.message}`);
      }
      const failed = a.check?.(r);
      if (failed) failedChecks.push(`${a.caller.role}[${a.caller.areaScope.join(',')}] ${a.what}: ${failed}`);
      pi.push(...piLeaks(text).map((x) => `${a.caller.role} ${a.what}: ${x}`));
      if (!seesL4(a.caller)) {
        const found: string[] = [];
        smallL4Figures(r.data, found);
        l4.push(...found.map((x) => `${a.caller.role} ${a.what}: ${x}`));
      }
      shownPersons(r.data, persons);
      for (const n of names) if (text.includes(n)) clearNameHits.push(`${a.caller.role} ${a.what}: ${maskName(n)}`);
    });
    const seconds = (Date.now() - started) / 1000;
    console.info(`[${kind}] ${attempts.length} attempts in ${seconds.toFixed(1)} s`, Object.fromEntries(perRole));
    const leakKinds = new Map<string, number>();
    for (const l of leaks) {
      const key = l.replace(/ in query[\s\S]*$/, '').replace(/\(first: \d+[^)]*\)/, '(…)');
      leakKinds.set(key, (leakKinds.get(key) ?? 0) + 1);
    }
    expect([...leakKinds].map(([k, n]) => `${n}× ${k}`).slice(0, 40), leaks.slice(0, 3).join('\n')).toEqual([]);
    expect(unexpected.slice(0, 20)).toEqual([]);
    expect(failedChecks.slice(0, 20)).toEqual([]);
    expect(pi.slice(0, 20)).toEqual([]);
    expect(l4.slice(0, 20)).toEqual([]);
    expect([...new Set(clearNameHits)].slice(0, 20)).toEqual([]);
    // every name shown is the masked stored name, and differs from the clear one
    expect(persons.size).toBeGreaterThan(50);
    const wrong: string[] = [];
    for (const [uuid, shown] of persons) {
      const clear = clearNames.get(uuid);
      if (!clear) continue;
      for (const s of shown) if (s !== maskName(clear) || s === clear) wrong.push(`${s} for ${maskName(clear)}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(attempts.length).toBeGreaterThanOrEqual(5000);
    for (const role of ROLE_NAMES) expect(perRole.get(role)?.attempts ?? 0, role).toBeGreaterThan(100);
    // something was answered for every role (the sweep is not all refusals)
    for (const role of ROLE_NAMES) expect(perRole.get(role)?.answered ?? 0, role).toBeGreaterThan(0);
  }, 600_000);

  it('a broad PI sweep for every role: person-bearing fields hold no ID number, mobile, clear name or L4 fact', async () => {
    const parts: { classes: ReadClass[]; body: string }[] = [
      { classes: ['people', 'lineage'], body: 'persons(first: 500) { nodes { id name idNumberMasked mobileMasked birthYear sex ethnicity sources { externalId } provenance { field externalId } } }' },
      { classes: ['people'], body: 'households(first: 500) { nodes { id householdNo residents(first: 20) { edges { relation category node { id name idNumberMasked mobileMasked } } } } }' },
      { classes: ['cases', 'people'], body: 'cases(first: 500) { nodes { id title content address sourceNo events { reason rawStatus } reporter { id name mobileMasked idNumberMasked } } }' },
      { classes: ['activities', 'people'], body: 'activities(first: 100) { nodes { id title participants(first: 100) { nodes { id name mobileMasked } } } }' },
      { classes: ['areas', 'people'], body: 'grids(first: 100) { nodes { id name staff(first: 50) { nodes { role person { id name mobileMasked } } } } }' },
      { classes: ['party', 'people'], body: 'partyOrgs(first: 100) { nodes { id name members(first: 100) { nodes { person { id name idNumberMasked } } } } }' },
      { classes: ['operations'], body: 'deadLetters(first: 1000) { nodes { externalId message payloadJson } } matchReviews(first: 100) { nodes { externalId subject { id ... on Person { name mobileMasked } } candidates { id ... on Person { name mobileMasked } } } }' },
      { classes: ['accessLog'], body: 'accessLog(first: 1000) { nodes { actor reason subjectId fields } }' },
      { classes: ['aggregates', 'areas'], body: 'areas(first: 100) { nodes { code stats { partyMembers partyMemberHouseholdCoverage suppressed } } }' },
    ];
    const names = [...clearNames.values()];
    for (const caller of [...CALLERS, FULL_ADMIN]) {
      const mine = parts.filter((p) => p.classes.every((c) => canRead(caller, c)));
      if (mine.length === 0) continue;
      const responses = await Promise.all(
        mine.map(async (p) => {
          const query = `query PiSweep { ${p.body} }`;
          expect(costOf({ caller, query, variables: {}, what: 'pi' })).toBeLessThanOrEqual(DEFAULT_MAX_COST);
          const r = await h!.gql(query, {}, caller);
          expect(r.errors, `${caller.role}: ${JSON.stringify(r.errors)}`).toBeUndefined();
          return r;
        }),
      );
      const r = { data: responses.map((x) => x.data) };
      const text = JSON.stringify(responses);
      expect(piLeaks(text), caller.role).toEqual([]);
      for (const v of world.clearValues) expect(text.includes(v), `${caller.role}: a clear personal value`).toBe(false);
      expect(names.filter((n) => text.includes(n)).map(maskName), caller.role).toEqual([]);
      const shown = new Map<string, Set<string>>();
      shownPersons(r.data, shown);
      if (canRead(caller, 'people')) expect(shown.size, caller.role).toBeGreaterThan(0);
      for (const [uuid, values] of shown) {
        const clear = clearNames.get(uuid);
        if (clear) for (const v of values) expect(v === maskName(clear) && v !== clear, `${caller.role}: ${v}`).toBe(true);
      }
      if (!seesL4(caller)) {
        const found: string[] = [];
        smallL4Figures(r.data, found);
        expect(found, caller.role).toEqual([]);
        // party membership is refused outright, and so is filtering people by it
        for (const q of ['persons(first: 5) { nodes { partyMembership { id } } }', 'persons(first: 5, filter: { partyMember: true }) { totalCount }', 'partyOrgs(first: 5) { totalCount }']) {
          const refused = await h!.gql(`query PiSweep { ${q} }`, {}, caller);
          expect(refused.errors?.[0]?.extensions?.code, `${caller.role} ${q}`).toBe('FORBIDDEN');
          expect(refused.data ?? null).toBeNull();
        }
      }
    }
  }, 120_000);

  it('APP keys: an operation not on the key\'s list is refused, and so is an anonymous one', async () => {
    const app = CALLERS.find((c) => c.role === 'APP')!;
    const listed = await h!.gql(`query ${SWEEP} { grids(first: 5) { nodes { code } } }`, {}, app);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.grids.nodes.length).toBeGreaterThan(0);
    for (const query of ['query NotOnTheList { grids(first: 5) { nodes { code } } }', '{ grids(first: 5) { nodes { code } } }', 'query { areas(first: 1) { totalCount } }']) {
      const r = await h!.gql(query, {}, app);
      expect(r.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(r.data ?? null).toBeNull();
    }
    // a document with the listed name and another: the one run is the one checked
    const two = await h!.gql(`query Other { grids(first: 5) { totalCount } } query ${SWEEP} { grids(first: 5) { totalCount } }`, {}, app);
    expect(two.errors?.length).toBeGreaterThan(0); // no operationName given: not runnable, never an Other
  });

  it('every mutation is refused to roles without its permission, and outside the scope of roles with it', async () => {
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    expect(mutations).toEqual(Object.keys(MUTATION_PERMISSIONS).sort());
    const db = h!.hub.db;
    const personC = (await db.selectFrom('person').select('id').where('name', '=', PEOPLE.C.name).executeTakeFirstOrThrow()).id;
    const args: Record<string, Record<string, unknown>> = {
      mergeEntities: { targetId: world.personA.gid, sourceId: toGlobalId('Person', personC) },
      undoMerge: { mergeId: '00000000-0000-4000-8000-000000000000' },
      dismissMatchReview: { id: world.weakReviewId },
      revealPerson: { id: world.personA.gid, reason: '核实身份以便上门走访' },
      // source control: refused before the source is looked up
      resetStream: { source: 'no-such-source', stream: 'people' },
      pauseSource: { source: 'no-such-source' },
      resumeSource: { source: 'no-such-source' },
      // case flow: the permission is checked before anything is read, so a made-up case id does
      reportCase: { input: { kind: 'APPEAL', channel: '来访', title: '楼道堆放杂物', area: AREA_A.community } },
      ...Object.fromEntries(
        Object.keys(MUTATION_PERMISSIONS)
          .filter((n) => n.endsWith('Case') && n !== 'reportCase')
          .map((n) => [n, { id: toGlobalId('Case', '00000000-0000-4000-8000-000000000000'), version: 1, reason: '核查', units: [], dueAt: '2027-01-01T00:00:00Z', passed: true, satisfaction: 'SATISFIED' }]),
      ),
    };
    const call = (name: string, caller: Caller, vars = args[name]!) => {
      const field = schema.getMutationType()!.getFields()[name]!;
      const decl = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const pass = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const sel = isLeaf(getNamedType(field.type)) ? '' : ' { id }';
      return h!.gql(`mutation ${SWEEP}(${decl}) { ${name}(${pass})${sel} }`, vars, caller);
    };
    const logRows = async () => Number((await db.selectFrom('access_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await logRows();
    let refusals = 0;
    for (const caller of CALLERS) {
      for (const name of mutations) {
        if (can(caller, MUTATION_PERMISSIONS[name]!)) continue;
        const r = await call(name, caller);
        expect(r.errors?.[0]?.extensions?.code, `${caller.role} ${name}`).toBe('FORBIDDEN');
        expect(r.data ?? null, `${caller.role} ${name}`).toBeNull();
        refusals += 1;
      }
    }
    expect(refusals).toBeGreaterThan(20);
    expect(await logRows()).toBe(before);
    expect(await db.selectFrom('match_review').select('status').where('id', '=', world.weakReviewId).executeTakeFirstOrThrow()).toEqual({ status: 'OPEN' });

    // roles with pi.reveal, scoped elsewhere: the canary person does not exist for them
    const outside = CALLERS.filter((c) => can(c, 'pi.reveal') && !isUnscoped(c));
    expect(new Set(outside.map((c) => c.role))).toEqual(new Set(['STREET_STAFF', 'COMMUNITY_STAFF', 'GRID_WORKER', 'ADMIN']));
    for (const caller of outside) {
      for (const target of [world.personA, world.personB]) {
        const inScope = caller.areaScope.some((s) => within(target === world.personA ? AREA_A.community : AREA_B.community, s));
        if (inScope) continue;
        const r = await call('revealPerson', caller, { id: target.gid, reason: '核实身份以便上门走访' });
        expect(r.errors?.[0]?.extensions?.code, `${caller.role} revealPerson`).toBe('NOT_FOUND');
        const text = JSON.stringify(r);
        expect(text.includes(target.uuid) || world.clearValues.some((v) => text.includes(v)), caller.role).toBe(false);
      }
    }
    expect(await logRows()).toBe(before);
    // …and inside its scope it works, logged (the test of NOT_FOUND can fail)
    const street = CALLERS.find((c) => c.role === 'STREET_STAFF' && c.areaScope.includes(AREA_B.street))!;
    const revealed = await h!.gql(`mutation ${SWEEP}($id: ID!) { revealPerson(id: $id, reason: "核实身份以便上门走访") { idNumber mobile name } }`, { id: world.personB.gid }, street);
    expect(revealed.errors).toBeUndefined();
    expect(revealed.data.revealPerson).toEqual({ idNumber: PEOPLE.B.idNumber, mobile: `+86${PEOPLE.B.mobile}`, name: PEOPLE.B.name });
    expect(await logRows()).toBe(before + 1);

    // roles with identity.merge scoped elsewhere (ADMIN with a scope) never act outside it: refused
    // outright (merges and reviews are operations data, read unscoped only) or NOT_FOUND
    const admin = CALLERS.find((c) => c.role === 'ADMIN' && !isUnscoped(c))!;
    const refusedOrAbsent = (r: GqlResult, what: string) => {
      expect(['FORBIDDEN', 'NOT_FOUND'], `${what}: ${JSON.stringify(r.errors)}`).toContain(r.errors?.[0]?.extensions?.code);
      expect(r.data ?? null, what).toBeNull();
    };
    const bridgeInScope = world.bridgeIds.find((g) => Buffer.from(g, 'base64').toString().startsWith('Person:'))!;
    for (const vars of [
      { targetId: bridgeInScope, sourceId: world.personA.gid },
      { targetId: world.personA.gid, sourceId: toGlobalId('Person', personC) },
    ]) {
      refusedOrAbsent(await call('mergeEntities', admin, vars), `mergeEntities ${JSON.stringify(vars)}`);
    }
    expect(await db.selectFrom('entity_merge').select('id').execute()).toEqual([]);
    refusedOrAbsent(await call('dismissMatchReview', admin), 'dismissMatchReview of a canary review by a scoped ADMIN');
    expect(await db.selectFrom('match_review').select('status').where('id', '=', world.weakReviewId).executeTakeFirstOrThrow()).toEqual({ status: 'OPEN' });
    // a merge of canary rows (made by an unscoped ADMIN) cannot be undone from outside the area
    const merged = await call('mergeEntities', FULL_ADMIN);
    expect(merged.errors).toBeUndefined();
    const mergeId = merged.data.mergeEntities.id as string;
    refusedOrAbsent(await call('undoMerge', admin, { mergeId }), 'undoMerge of a canary merge by a scoped ADMIN');
    expect(await db.selectFrom('entity_merge').select('status').where('id', '=', mergeId).executeTakeFirstOrThrow()).toEqual({ status: 'MERGED' });
    expect((await call('undoMerge', FULL_ADMIN, { mergeId })).errors).toBeUndefined();
  }, 120_000);

  it('the access log does not show a scoped ADMIN the reveals of people outside its scope', async () => {
    // the reveal of person B (大智街道) by the street's staff, from the test above
    const admin = CALLERS.find((c) => c.role === 'ADMIN' && !isUnscoped(c))!;
    const auditor = CALLERS.find((c) => c.role === 'AUDITOR')!;
    const q = `query ${SWEEP} { accessLog(first: 100) { nodes { subjectId actor reason } } }`;
    const all = await h!.gql(q, {}, auditor);
    expect(JSON.stringify(all)).toContain(world.personB.gid);
    // refused (the access log has no area: only unscoped callers read it) or filtered
    const scoped = await h!.gql(q, {}, admin);
    if (scoped.errors) expect(scoped.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(scoped)).not.toContain(world.personB.gid);
    expect(JSON.stringify(scoped)).not.toContain(world.personB.uuid);
  });
});

/** The permission each mutation needs (a new mutation must be added here, and is then tried). */
const MUTATION_PERMISSIONS: Readonly<Record<string, Permission>> = {
  mergeEntities: 'identity.merge',
  undoMerge: 'identity.merge',
  dismissMatchReview: 'identity.merge',
  revealPerson: 'pi.reveal',
  reportCase: 'case.report',
  acceptCase: 'case.accept',
  rejectCase: 'case.accept',
  dispatchCase: 'case.dispatch',
  signCase: 'case.sign',
  startCase: 'case.sign',
  returnCase: 'case.return',
  arbitrateCase: 'case.arbitrate',
  extendCase: 'case.handle',
  handleCase: 'case.handle',
  verifyCase: 'case.close',
  closeCase: 'case.close',
  revisitCase: 'case.close',
  reopenCase: 'case.close',
  archiveCase: 'case.close',
  superviseCase: 'case.supervise',
  resetStream: 'sources.control',
  pauseSource: 'sources.control',
  resumeSource: 'sources.control',
};
