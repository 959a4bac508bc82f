import type { MappedRecord } from '../ingest/ingest-record';
import { change, reference, type BuildingRef, type CanonicalChange, type DwellingRef, type OrganizationRef } from '../sdk/canonical-change';
import type { World, WorldBuilding, WorldOrganization } from './world.types';

/** The source id demo records carry in lineage. */
export const DEMO_SOURCE = 'demo';

/**
 * Turns a generated world into mapped records for the write path, one record per world object,
 * in dependency order (areas before grids before buildings …), each stream named after its
 * collection. Every record carries the object itself as payload, so planted defects reach the
 * write path as they would from a source, and are dead-lettered the same way.
 */
export function worldToRecords(world: World): MappedRecord[] {
  const version = `${world.meta.asOf}T00:00:00+08:00`;
  const orgs = new Map(world.organizations.map((o) => [o.key, o]));
  const buildings = new Map(world.buildings.map((b) => [b.key, b]));
  const dwellings = new Map(world.dwellings.map((d) => [d.key, d]));
  const orgRef = (key: string): OrganizationRef => {
    const o = orgs.get(key);
    if (!o) throw new Error(`demo world: unknown organization ${key}`);
    return organizationRef(o);
  };
  const buildingRef = (key: string): BuildingRef => {
    const b = buildings.get(key);
    if (!b) throw new Error(`demo world: unknown building ${key}`);
    return toBuildingRef(b);
  };
  const dwellingRef = (key: string): DwellingRef => {
    const d = dwellings.get(key);
    if (!d) throw new Error(`demo world: unknown dwelling ${key}`);
    return { building: buildingRef(d.buildingKey), unit: d.unit, room: d.room };
  };
  const records: MappedRecord[] = [];
  const add = (stream: string, externalId: string, payload: unknown, changes: CanonicalChange[]) =>
    records.push({ kind: 'mapped', source: DEMO_SOURCE, stream, externalId, version, payload, position: { stream, index: records.length }, changes });

  for (const a of world.areas) {
    add('areas', a.code, a, [change('adminArea', { code: a.code, name: a.name, level: a.level, parentCode: a.parentCode, urbanRuralClass: a.urbanRuralClass, isTest: a.isTest })]);
  }
  for (const o of world.organizations) {
    add('organizations', o.key, o, [
      change('organization', {
        ...organizationRef(o),
        kind: o.kind,
        status: o.status,
        socialOrgType: o.socialOrgType ?? null,
        registrationAuthority: o.registrationAuthority ?? null,
        supervisor: o.supervisor ?? null,
        foundedOn: o.foundedOn ?? null,
        address: o.address ?? null,
        formerNames: o.formerNames ?? [],
      }),
    ]);
  }
  for (const g of world.grids) add('grids', g.code, g, [change('grid', { code: g.code, name: g.name, communityCode: g.communityCode })]);
  for (const p of world.propertyProjects) {
    add('property-projects', p.code, p, [
      change('propertyProject', {
        code: p.code,
        name: p.name,
        communityCode: p.communityCode,
        company: orgRef(p.companyKey),
        contractFrom: p.contract.from,
        contractTo: p.contract.to,
        feePerM2: p.contract.feePerM2,
      }),
    ]);
  }
  for (const b of world.buildings) {
    add('buildings', b.key, b, [change('building', { ...toBuildingRef(b), gridCode: b.gridCode, address: b.address, units: b.units, floors: b.floors })]);
  }
  for (const d of world.dwellings) {
    add('dwellings', d.key, d, [
      change('dwelling', { ...dwellingRef(d.key), gridCode: d.gridCode, floor: d.floor, areaM2: d.areaM2, usage: d.usage, rented: d.rented }),
    ]);
  }
  for (const h of world.households) {
    add('households', h.householdNo, h, [change('household', { householdNo: h.householdNo, kind: h.kind, dwelling: dwellingRef(h.dwellingKey), gridCode: h.gridCode })]);
  }
  world.persons.forEach((p, i) => {
    // the external id of a person must not be the ID number itself: lineage is not a PI store
    add('persons', `person-${i}`, p, [
      change('person', {
        idNumber: p.idNumber,
        name: p.name,
        sex: p.sex,
        birthDate: p.birthDate,
        ethnicity: p.ethnicity,
        mobile: p.mobile,
        politicalStatus: p.politicalStatus,
        tags: p.tags,
      }),
    ]);
  });
  world.residencies.forEach((r, i) => {
    add('residencies', `residency-${i}`, r, [
      change('residency', { personIdNumber: r.personId, householdNo: r.householdNo, relation: r.relation, category: r.category, validFrom: r.validFrom, validTo: r.validTo }),
    ]);
  });
  for (const o of world.partyOrgs) {
    // the host as a reference too: a roster read before the firm's own source still resolves it
    const host = o.organizationKey === null ? null : orgRef(o.organizationKey);
    add('party-orgs', o.code, o, [
      ...(host === null ? [] : [reference('organization', host)]),
      change('partyOrg', { code: o.code, name: o.name, level: o.level, parentCode: o.parentCode, areaCode: o.areaCode, gridCode: o.gridCode, hostOrganization: host }),
    ]);
  }
  world.partyMembers.forEach((m, i) => {
    add('party-members', `member-${i}`, m, [
      change('partyMember', { personIdNumber: m.personId, partyOrgCode: m.partyOrgCode, status: m.status, joinedOn: m.joinedOn, dualRegistered: m.dualRegistered }),
    ]);
  });
  for (const m of world.allianceMembers) {
    add('alliance-members', `${m.allianceKey}|${m.organizationKey}`, m, [
      change('allianceMember', {
        alliance: orgRef(m.allianceKey),
        organization: orgRef(m.organizationKey),
        role: m.role,
        commitments: m.commitments,
        joinedOn: m.joinedOn,
        leftOn: m.leftOn,
      }),
    ]);
  }
  for (const c of world.contactAssignments) {
    add('contact-assignments', c.id, c, [
      change('contactAssignment', { key: c.id, memberIdNumber: c.memberPersonId, gridCode: c.gridCode, householdNos: c.householdNos, validFrom: c.validFrom, validTo: c.validTo }),
    ]);
  }
  world.staffRoles.forEach((s, i) => {
    add('staff-roles', `staff-${i}`, s, [
      change('staffRole', { personIdNumber: s.personId, role: s.role, scope: s.scope, areaCode: s.areaCode, gridCode: s.gridCode, validFrom: s.validFrom, validTo: s.validTo }),
    ]);
  });
  for (const d of world.dutyItems) {
    add('duty-items', `${d.streetCode}:${d.code}`, d, [
      change('dutyItem', { code: d.code, streetCode: d.streetCode, name: d.name, listType: d.listType, powerCategory: d.powerCategory, basis: d.basis, responsibleUnit: d.responsibleUnit }),
    ]);
  }
  for (const c of world.cases) {
    const street = c.communityCode.slice(0, 9);
    add('cases', `${c.sourceSystem}:${c.sourceNo}`, c, [
      change('case', {
        sourceSystem: c.sourceSystem,
        sourceNo: c.sourceNo,
        kind: c.kind,
        channel: c.channel,
        appealType: c.appealType,
        category: c.category,
        title: c.title,
        content: c.content,
        reporterIdNumber: c.reporterPersonId,
        communityCode: c.communityCode,
        gridCode: c.gridCode,
        building: c.buildingKey ? buildingRef(c.buildingKey) : null,
        address: c.address,
        status: c.status,
        urgent: c.urgent,
        supervised: c.supervised,
        satisfaction: c.satisfaction,
        dutyItem: c.dutyItemCode ? { streetCode: street, code: c.dutyItemCode } : null,
        reportedAt: c.reportedAt,
        dueAt: c.dueAt,
        closedAt: c.closedAt,
        handlers: c.handlingUnits.map((h) => ({ org: orgRef(h.orgKey), role: h.role })),
        events: c.events.map((e) => ({
          seq: e.seq,
          from: e.from,
          to: e.to,
          at: e.at,
          actorOrg: e.actorOrgKey ? orgRef(e.actorOrgKey) : null,
          reason: e.reason,
          rawStatus: e.rawStatus,
        })),
      }),
    ]);
  }
  for (const a of world.activities) {
    add('activities', a.id, a, [
      change('activity', {
        key: a.id,
        type: a.type,
        title: a.title,
        areaCode: a.communityCode,
        startAt: a.startAt,
        endAt: a.endAt,
        organizers: a.organizerOrgKeys.map(orgRef),
        participants: a.participants.map((p) => ({ personIdNumber: p.personId, hours: p.hours })),
      }),
    ]);
  }
  return records;
}

function organizationRef(o: WorldOrganization): OrganizationRef {
  return { uscc: o.uscc, filingNo: o.filingNo, name: o.name, kind: o.kind, areaCode: o.areaCode };
}

function toBuildingRef(b: WorldBuilding): BuildingRef {
  return { communityCode: b.communityCode, projectCode: b.projectCode, buildingNo: b.no };
}
