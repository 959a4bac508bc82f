import { citizenIdCheckChar } from '../../../src/domain/citizen-id';
import { canTransition, isCaseStatus, mapCoarseStatus, transitionCase, type CaseState } from '../../../src/domain/case-state';
import { orgCodeCheckChar, usccCheckChar } from '../../../src/domain/uscc';
import type { World, WorldCase } from '../../../src/demo';

/**
 * Invariant checks over a generated world, shared by the demo tests. Each returns a list of
 * human-readable problems (empty = fine), capped so a broken generator does not flood the
 * test output.
 */

const CAP = 20;

/** Collects problems up to a cap. */
export class Problems {
  readonly list: string[] = [];
  private count = 0;
  /** Record a problem when `ok` is false. */
  check(ok: boolean, message: () => string): void {
    if (ok) return;
    this.count++;
    if (this.list.length < CAP) this.list.push(message());
  }
  /** The problems, with the number left out. */
  get report(): string[] {
    return this.count > this.list.length ? [...this.list, `… and ${this.count - this.list.length} more`] : this.list;
  }
}

export const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
export const MOBILE_RE = /^1[3-9]\d{9}$/;

/** Keys of records listed in `planted`, by collection and field. */
export function plantedKeys(w: World, collection: string, field?: string): Set<string> {
  return new Set(w.planted.filter((p) => p.collection === collection && (field === undefined || p.field === field)).map((p) => p.key));
}

/** The first 18-character ID check: format, check character, birth date, sex parity. */
export function idProblems(id: string, birthDate: string, sex: 'M' | 'F'): string | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  if (citizenIdCheckChar(id.slice(0, 17)) !== id[17]) return 'check character';
  const encoded = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (encoded !== birthDate) return `birth date ${encoded} ≠ ${birthDate}`;
  if ((Number(id[16]) % 2 === 1 ? 'M' : 'F') !== sex) return 'sex parity';
  return null;
}

/** Whether `uscc` passes both GB 32100 and the embedded GB 11714 check. */
export function usccValid(uscc: string): boolean {
  return USCC_RE.test(uscc) && usccCheckChar(uscc.slice(0, 17)) === uscc[17] && orgCodeCheckChar(uscc.slice(8, 16)) === uscc[16];
}

/** Every reference between collections points at an existing record of the right kind. */
export function referenceProblems(w: World): string[] {
  const p = new Problems();
  const areas = new Map(w.areas.map((a) => [a.code, a]));
  const grids = new Map(w.grids.map((g) => [g.code, g]));
  const orgs = new Map(w.organizations.map((o) => [o.key, o]));
  const projects = new Map(w.propertyProjects.map((x) => [x.code, x]));
  const buildings = new Map(w.buildings.map((b) => [b.key, b]));
  const dwellings = new Map(w.dwellings.map((d) => [d.key, d]));
  const households = new Map(w.households.map((h) => [h.householdNo, h]));
  const persons = new Map(w.persons.map((x) => [x.idNumber, x]));
  const partyOrgs = new Map(w.partyOrgs.map((o) => [o.code, o]));
  const members = new Map(w.partyMembers.map((m) => [m.personId, m]));
  const duty = new Map(w.dutyItems.map((d) => [d.code, d]));
  const cases = new Map(w.cases.map((c) => [`${c.sourceSystem}/${c.sourceNo}`, c]));
  const isCommunity = (code: string) => areas.get(code)?.level === 'community';

  // Natural keys are unique.
  for (const [name, arr, key] of [
    ['areas', w.areas, (x: { code: string }) => x.code],
    ['grids', w.grids, (x: { code: string }) => x.code],
    ['organizations', w.organizations, (x: { key: string }) => x.key],
    ['propertyProjects', w.propertyProjects, (x: { code: string }) => x.code],
    ['buildings', w.buildings, (x: { key: string }) => x.key],
    ['dwellings', w.dwellings, (x: { key: string }) => x.key],
    ['households', w.households, (x: { householdNo: string }) => x.householdNo],
    ['persons', w.persons, (x: { idNumber: string }) => x.idNumber],
    ['partyOrgs', w.partyOrgs, (x: { code: string }) => x.code],
    ['partyMembers', w.partyMembers, (x: { personId: string }) => x.personId],
    ['contactAssignments', w.contactAssignments, (x: { id: string }) => x.id],
    ['dutyItems', w.dutyItems, (x: { code: string }) => x.code],
    ['cases', w.cases, (x: WorldCase) => `${x.sourceSystem}/${x.sourceNo}`],
    ['activities', w.activities, (x: { id: string }) => x.id],
  ] as const) {
    const keys = (arr as readonly unknown[]).map(key as (x: unknown) => string);
    p.check(new Set(keys).size === keys.length, () => `${name}: duplicate natural keys`);
  }

  for (const a of w.areas) p.check(a.parentCode === null || areas.has(a.parentCode), () => `area ${a.code}: parent ${a.parentCode} missing`);
  for (const g of w.grids) p.check(isCommunity(g.communityCode), () => `grid ${g.code}: community ${g.communityCode} missing`);
  for (const o of w.organizations) {
    p.check(areas.has(o.areaCode), () => `org ${o.key}: area ${o.areaCode} missing`);
    p.check(o.legalRepresentativeId === undefined || persons.has(o.legalRepresentativeId), () => `org ${o.key}: legal representative missing`);
    p.check(o.projectCode === undefined || projects.has(o.projectCode), () => `org ${o.key}: project missing`);
  }
  for (const x of w.propertyProjects) {
    p.check(isCommunity(x.communityCode), () => `project ${x.code}: community missing`);
    p.check(orgs.get(x.companyKey)?.kind === 'PROPERTY_COMPANY', () => `project ${x.code}: company ${x.companyKey} missing`);
    p.check(x.contract.from <= x.contract.to, () => `project ${x.code}: contract period`);
  }
  for (const b of w.buildings) {
    const g = grids.get(b.gridCode);
    p.check(g !== undefined && g.communityCode === b.communityCode, () => `building ${b.key}: grid ${b.gridCode} not in its community`);
    p.check(b.projectCode === null || projects.get(b.projectCode)?.communityCode === b.communityCode, () => `building ${b.key}: project ${b.projectCode}`);
  }
  const occupied = new Set<string>();
  for (const d of w.dwellings) {
    const b = buildings.get(d.buildingKey);
    p.check(b !== undefined && b.gridCode === d.gridCode, () => `dwelling ${d.key}: building/grid mismatch`);
    p.check(b === undefined || (d.floor >= 1 && d.floor <= b.floors), () => `dwelling ${d.key}: floor ${d.floor}`);
  }
  for (const h of w.households) {
    const d = dwellings.get(h.dwellingKey);
    p.check(d !== undefined && d.gridCode === h.gridCode && d.usage === '住宅', () => `household ${h.householdNo}: dwelling ${h.dwellingKey}`);
    p.check(!occupied.has(h.dwellingKey), () => `household ${h.householdNo}: dwelling shared`);
    occupied.add(h.dwellingKey);
    p.check(h.householdNo[0] === (h.kind === 'REGISTERED' ? '1' : '2'), () => `household ${h.householdNo}: kind digit`);
  }
  const heads = new Map<string, number>();
  const withResidency = new Set<string>();
  for (const r of w.residencies) {
    const person = persons.get(r.personId);
    const h = households.get(r.householdNo);
    p.check(person !== undefined, () => `residency: person ${r.personId} missing`);
    p.check(h !== undefined, () => `residency: household ${r.householdNo} missing`);
    p.check(r.validTo === null || r.validFrom <= r.validTo, () => `residency ${r.personId}: period`);
    p.check(person === undefined || r.validFrom >= person.birthDate, () => `residency ${r.personId}: before birth`);
    p.check(h === undefined || h.kind === 'REGISTERED' || r.category === 'FLOATING', () => `residency ${r.personId}: registered member of a 居住户`);
    if (r.relation === '户主' && r.validTo === null) heads.set(r.householdNo, (heads.get(r.householdNo) ?? 0) + 1);
    withResidency.add(r.personId);
  }
  for (const h of w.households) p.check(heads.get(h.householdNo) === 1, () => `household ${h.householdNo}: ${heads.get(h.householdNo) ?? 0} current heads`);
  for (const x of w.persons) p.check(withResidency.has(x.idNumber), () => `person ${x.idNumber}: no residency`);

  const parentLevel: Record<string, readonly string[]> = {
    STREET_WORKING_COMMITTEE: [],
    COMMUNITY_COMMITTEE: ['STREET_WORKING_COMMITTEE'],
    GENERAL_BRANCH: ['STREET_WORKING_COMMITTEE', 'COMMUNITY_COMMITTEE'],
    BRANCH: ['STREET_WORKING_COMMITTEE', 'COMMUNITY_COMMITTEE', 'GENERAL_BRANCH'],
    GRID_BRANCH: ['COMMUNITY_COMMITTEE'],
    BUILDING_GROUP: ['GRID_BRANCH'],
  };
  for (const o of w.partyOrgs) {
    const parent = o.parentCode === null ? null : partyOrgs.get(o.parentCode);
    p.check(o.parentCode === null ? o.level === 'STREET_WORKING_COMMITTEE' : parent !== undefined && parentLevel[o.level]!.includes(parent!.level), () => `party org ${o.code}: parent ${o.parentCode}`);
    p.check(areas.has(o.areaCode), () => `party org ${o.code}: area missing`);
    p.check(o.gridCode === null || grids.has(o.gridCode), () => `party org ${o.code}: grid missing`);
    p.check((o.gridCode !== null) === (o.level === 'GRID_BRANCH' || o.level === 'BUILDING_GROUP'), () => `party org ${o.code}: grid only for grid branches and building groups`);
    p.check(o.organizationKey === null || orgs.has(o.organizationKey), () => `party org ${o.code}: organisation missing`);
  }
  for (const m of w.partyMembers) {
    const person = persons.get(m.personId);
    const org = partyOrgs.get(m.partyOrgCode);
    p.check(person !== undefined, () => `member ${m.personId}: person missing`);
    p.check(person === undefined || person.politicalStatus === (m.status === 'FULL' ? 'CPC_MEMBER' : 'CPC_PROBATIONARY'), () => `member ${m.personId}: status vs politicalStatus`);
    p.check(org !== undefined && org.level !== 'BUILDING_GROUP', () => `member ${m.personId}: org ${m.partyOrgCode}`);
    const unitOrg = org !== undefined && org.organizationKey !== null && orgs.get(org.organizationKey)?.kind === 'RESIDENT_UNIT';
    p.check(m.dualRegistered === unitOrg, () => `member ${m.personId}: dual registration vs unit organisation`);
    if (person !== undefined) {
      const adult = `${Number(person.birthDate.slice(0, 4)) + 18}${person.birthDate.slice(4)}`;
      p.check(m.joinedOn >= adult && m.joinedOn <= w.meta.asOf, () => `member ${m.personId}: joined ${m.joinedOn}`);
    }
  }
  for (const x of w.persons) {
    const cpc = x.politicalStatus === 'CPC_MEMBER' || x.politicalStatus === 'CPC_PROBATIONARY';
    p.check(cpc === members.has(x.idNumber), () => `person ${x.idNumber}: politicalStatus ${x.politicalStatus} vs membership`);
  }
  for (const c of w.contactAssignments) {
    const m = members.get(c.memberPersonId);
    const org = partyOrgs.get(c.partyOrgCode);
    p.check(m !== undefined && m.status === 'FULL', () => `assignment ${c.id}: member`);
    p.check(org?.level === 'GRID_BRANCH' && org.gridCode === c.gridCode, () => `assignment ${c.id}: org ${c.partyOrgCode}`);
    p.check(c.householdNos.length > 0 && c.householdNos.every((no) => households.get(no)?.gridCode === c.gridCode), () => `assignment ${c.id}: households outside grid`);
    p.check(c.validTo === null || c.validFrom <= c.validTo, () => `assignment ${c.id}: period`);
    p.check(m === undefined || m.joinedOn <= c.validFrom, () => `assignment ${c.id}: before joining`);
  }
  for (const s of w.staffRoles) {
    p.check(persons.has(s.personId), () => `staff ${s.personId}: person missing`);
    const area = areas.get(s.areaCode);
    p.check(area?.level === (s.scope === 'STREET' ? 'street' : 'community'), () => `staff ${s.personId}: area ${s.areaCode} for scope ${s.scope}`);
    p.check((s.gridCode !== null) === (s.scope === 'GRID'), () => `staff ${s.personId}: grid vs scope`);
    p.check(s.gridCode === null || grids.get(s.gridCode)?.communityCode === s.areaCode, () => `staff ${s.personId}: grid ${s.gridCode}`);
    p.check(s.buildingKey === undefined || buildings.get(s.buildingKey)?.gridCode === s.gridCode, () => `staff ${s.personId}: building`);
    p.check(s.validTo === null || s.validFrom <= s.validTo, () => `staff ${s.personId}: period`);
  }
  for (const d of w.dutyItems) p.check(areas.get(d.streetCode)?.level === 'street', () => `duty item ${d.code}: street ${d.streetCode}`);

  for (const c of w.cases) {
    const id = `${c.sourceSystem}/${c.sourceNo}`;
    p.check(isCommunity(c.communityCode), () => `case ${id}: community`);
    p.check(c.gridCode === null || grids.get(c.gridCode)?.communityCode === c.communityCode, () => `case ${id}: grid`);
    p.check(c.buildingKey == null || buildings.get(c.buildingKey)?.communityCode === c.communityCode, () => `case ${id}: building`);
    p.check(c.reporterPersonId === null || persons.has(c.reporterPersonId), () => `case ${id}: reporter`);
    p.check(c.handlingUnits.every((h) => orgs.has(h.orgKey)), () => `case ${id}: handling unit missing`);
    p.check(c.handlingUnits.length === 0 || c.handlingUnits.filter((h) => h.role === 'LEAD').length === 1, () => `case ${id}: not exactly one lead`);
    p.check(c.events.every((e) => (e.actorOrgKey === null || orgs.has(e.actorOrgKey)) && (e.targetOrgKey === null || orgs.has(e.targetOrgKey))), () => `case ${id}: event org missing`);
    const item = c.dutyItemCode === null ? null : duty.get(c.dutyItemCode);
    p.check(item !== undefined && (item === null || item.streetCode === `${c.communityCode.slice(0, 9)}000`), () => `case ${id}: duty item ${c.dutyItemCode}`);
    if (c.linkedCase) {
      const other = cases.get(`${c.linkedCase.sourceSystem}/${c.linkedCase.sourceNo}`);
      p.check(other?.linkedCase?.sourceNo === c.sourceNo, () => `case ${id}: link not mutual`);
    }
    if (c.kind === 'REPAIR') {
      p.check(c.buildingKey != null && c.projectCode != null && buildings.get(c.buildingKey)?.projectCode === c.projectCode, () => `case ${id}: repair without estate building`);
    }
  }
  for (const a of w.activities) {
    p.check(isCommunity(a.communityCode), () => `activity ${a.id}: community`);
    p.check(a.organizerOrgKeys.length > 0 && a.organizerOrgKeys.every((k) => orgs.has(k)), () => `activity ${a.id}: organiser`);
    p.check(a.participants.every((x) => persons.has(x.personId) && (x.hours === null || x.hours > 0)), () => `activity ${a.id}: participant`);
    // hours are service records: only for volunteer service and service party days
    p.check(a.type === '志愿服务' || a.type === '主题党日' || a.participants.every((x) => x.hours === null), () => `activity ${a.id}: hours for attendance`);
    p.check(a.startAt < a.endAt, () => `activity ${a.id}: times`);
  }
  for (const m of w.allianceMembers) {
    p.check(orgs.get(m.allianceKey)?.kind === 'ALLIANCE', () => `alliance member ${m.organizationKey}: alliance ${m.allianceKey} missing`);
    p.check(orgs.has(m.organizationKey) && m.organizationKey !== m.allianceKey, () => `alliance member ${m.organizationKey} of ${m.allianceKey}: organisation missing`);
    p.check(m.leftOn === null || m.leftOn > m.joinedOn, () => `alliance member ${m.organizationKey} of ${m.allianceKey}: left before joining`);
  }
  for (const x of w.planted) {
    const exists =
      x.collection === 'persons' ? persons.has(x.key) : x.collection === 'organizations' ? orgs.has(x.key) : x.collection === 'cases' ? cases.has(x.key) : false;
    p.check(exists, () => `planted ${x.defect}: ${x.collection}/${x.key} missing`);
  }
  return p.report;
}

/** Every case history is legal under the domain state machine and agrees with the case fields. */
export function caseProblems(w: World): string[] {
  const p = new Problems();
  const asOfEnd = Date.parse(`${w.meta.asOf}T23:59:59.999+08:00`);
  const persons = new Map(w.persons.map((x) => [x.idNumber, x]));
  const plantedCases = plantedKeys(w, 'cases');
  for (const c of w.cases) {
    const id = `${c.sourceSystem}/${c.sourceNo}`;
    const ev = c.events;
    p.check(ev.length > 0 && ev[0]!.from === null && ev[0]!.to === 'REPORTED', () => `${id}: does not start with REPORTED`);
    let state: CaseState = { status: 'REPORTED', returns: 0 };
    let last = -Infinity;
    ev.forEach((e, i) => {
      p.check(e.seq === i + 1, () => `${id}: seq ${e.seq} at ${i}`);
      p.check(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/.test(e.at), () => `${id}: time format ${e.at}`);
      const t = Date.parse(e.at);
      p.check(t > last && t <= asOfEnd, () => `${id}: time ${e.at} out of order or after the as-of date`);
      last = t;
      if (i > 0) {
        p.check(e.from === ev[i - 1]!.to, () => `${id}: event ${e.seq} from ${e.from} ≠ previous ${ev[i - 1]!.to}`);
        p.check(isCaseStatus(e.to) && canTransition(state, e.to), () => `${id}: illegal ${state.status} → ${e.to} (returns ${state.returns})`);
        if (isCaseStatus(e.to) && canTransition(state, e.to)) state = transitionCase(state, e.to);
      }
      p.check((e.to === 'DISPATCHED') === (e.targetOrgKey !== null), () => `${id}: target only on DISPATCHED`);
      if (e.rawStatus !== null && !(c.sourceSystem === 'committee-api' && e.to === 'REJECTED')) {
        p.check(mapCoarseStatus(e.rawStatus) === e.to, () => `${id}: raw status ${e.rawStatus} does not map to ${e.to}`);
      }
    });
    const final = ev[ev.length - 1]!.to;
    p.check(c.status === final, () => `${id}: status ${c.status} ≠ last event ${final}`);
    p.check(c.reportedAt === ev[0]!.at, () => `${id}: reportedAt`);
    p.check(c.dueAt > c.reportedAt, () => `${id}: dueAt before reportedAt`);
    const closedStates = ['CLOSED', 'ARCHIVED', 'REJECTED'];
    p.check((c.closedAt !== null) === closedStates.includes(c.status), () => `${id}: closedAt vs status ${c.status}`);
    if (c.closedAt !== null) {
      const closing = ev.filter((e) => e.to === 'CLOSED' || e.to === 'REJECTED').pop();
      p.check(closing?.at === c.closedAt, () => `${id}: closedAt is not the last closing event`);
    }
    p.check(c.satisfaction === null || c.status === 'CLOSED' || c.status === 'ARCHIVED', () => `${id}: satisfaction on an open case`);
    p.check(c.satisfaction === null || c.reporterPersonId !== null, () => `${id}: satisfaction without reporter`);
    p.check((c.appealType !== null) === (c.kind === 'APPEAL' || c.kind === 'HOTLINE'), () => `${id}: appealType for ${c.kind}`);
    const expectedSource = { APPEAL: 'committee-api', INCIDENT: 'committee-api', HOTLINE: '12345', REPAIR: 'property-events' }[c.kind];
    p.check(c.sourceSystem === expectedSource, () => `${id}: ${c.kind} from ${c.sourceSystem}`);
    const lastDispatch = ev.filter((e) => e.to === 'DISPATCHED').pop();
    const lead = c.handlingUnits.find((h) => h.role === 'LEAD');
    if (c.status === 'RETURNED' || c.status === 'ARBITRATION' || lastDispatch === undefined) {
      p.check(c.handlingUnits.length === 0, () => `${id}: handling units without a current dispatch`);
    } else {
      p.check(lead?.orgKey === lastDispatch.targetOrgKey, () => `${id}: lead is not the last dispatch target`);
    }
    const garbled = plantedCases.has(id);
    const reporter = c.reporterPersonId === null ? undefined : persons.get(c.reporterPersonId);
    if (c.piiInContent.includes('MOBILE')) p.check(garbled || (reporter?.mobile != null && c.content.includes(reporter.mobile)), () => `${id}: reporter's mobile expected in content`);
    if (c.piiInContent.includes('ID_NUMBER')) p.check(garbled || (reporter !== undefined && c.content.includes(reporter.idNumber)), () => `${id}: reporter's ID expected in content`);
  }
  return p.report;
}
