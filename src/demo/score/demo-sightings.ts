import { objectKeyOf } from '../../../connectors/property-events/cloud-event';
import { dwellingExternalId } from '../../../connectors/street-office/dwellings.stream';
import { residentExternalId } from '../../../connectors/street-office/residents.stream';
import { DEMO_SOURCE_IDS } from '../load-demo-via-connectors';
import { renderPropertyEvents, type PropertyCloudEvent } from '../render/property-events.render';
import { renderStreetOfficeWithTruth } from '../render/street-office.render';
import type { World, WorldCase } from '../world.types';

/**
 * The truth of a connector demo load, mention by mention: for every source record that names a
 * person, building or organisation, which thing of the World it names and how to find the row the
 * hub put it on (its lineage key: source, stream, external id, entity). Built by rendering the
 * sources again (the renderers are pure), so it is exactly what the connectors read.
 */

/** Where a mention's golden row is found. */
export type Locator =
  /** The lineage row of the record for `entity` is the golden row. */
  | { via: 'lineage'; source: string; stream: string; externalId: string; entity: string }
  /** The record's dwelling (lineage), then its building. */
  | { via: 'dwelling-building'; source: string; stream: string; externalId: string }
  /** The record's case (lineage), then a column of it or one of its handlers. */
  | { via: 'case'; source: string; stream: string; externalId: string; column: 'reporter_person_id' | 'building_id' }
  | { via: 'case-handler'; source: string; stream: string; externalId: string; role: 'LEAD' | 'ASSIST' }
  /** The record's property project (lineage), then its company. */
  | { via: 'project-company'; source: string; stream: string; externalId: string };

/** One mention with its truth key and locator. */
export interface DemoMention {
  entity: 'persons' | 'buildings' | 'organisations';
  truth: string;
  area: string;
  /** Mentions with the same `dedupe` that land on the same golden row count once. */
  dedupe?: string;
  locator: Locator;
}

/** A mention whose record the truth says must be rejected (Excel-damaged cells). */
export interface RejectedMention {
  source: string;
  stream: string;
  externalId: string;
  /** The damaged value's digits, when the hub could read them as an ID (rounded xlsx numbers). */
  damagedIdDigits: string | null;
  defect: string;
}

export interface DemoTruth {
  mentions: DemoMention[];
  mustReject: RejectedMention[];
  /** Unordered pairs of case numbers that are the same matter (the World's `linkedCase`). */
  duplicatePairs: [string, string][];
  /** Look-alike pairs (same reporter and category, another building): must not be linked. */
  lookAlikePairs: [string, string][];
  /** Case numbers of the variant district (for per-district figures). */
  variantCases: Set<string>;
  /** What was left out and why (counts). */
  excluded: Record<string, number>;
}

/** Person defects whose records the write path must reject (see test/integration/demo-connectors.test.ts). */
const REJECTED_PERSON_DEFECTS = new Set(['INVALID_ID_CHECKSUM', 'INVALID_ID_DATE', 'MOJIBAKE_NAME', 'INVALID_MOBILE']);

/**
 * The mentions of a demo World loaded through the connectors. `platformRejected`: ticket numbers
 * the committee platform planted a rejecting defect in (`CommitteePlatform.planted`).
 *
 * Left out (counted in `excluded`): every mention of a person whose World record carries a
 * rejecting planted defect (their records are dead letters by design), and every mention carried
 * by a case that must be rejected (a planted case, a rejected reporter, a platform plant).
 */
export function demoTruth(world: World, platformRejected: ReadonlySet<string>): DemoTruth {
  const excluded: Record<string, number> = {};
  const skip = (why: string) => {
    excluded[why] = (excluded[why] ?? 0) + 1;
  };
  const rejectedPersons = new Set(world.planted.filter((p) => p.collection === 'persons' && REJECTED_PERSON_DEFECTS.has(p.defect)).map((p) => p.key));
  const plantedCases = new Set(world.planted.filter((p) => p.collection === 'cases').map((p) => p.key.split('/')[1]!));
  const caseRejected = (c: WorldCase) =>
    plantedCases.has(c.sourceNo) || platformRejected.has(c.sourceNo) || (c.reporterPersonId !== null && rejectedPersons.has(c.reporterPersonId));
  const mentions: DemoMention[] = [];
  const mustReject: RejectedMention[] = [];

  // S1: residents (persons) and dwellings (buildings), per street
  for (const street of world.areas.filter((a) => a.level === 'street')) {
    const source = DEMO_SOURCE_IDS.streetOffice(street.code);
    const rendered = renderStreetOfficeWithTruth(world, street.code);
    for (const d of rendered.dwellings) {
      const externalId = dwellingExternalId({ table: 'dwellings', street: street.code, exportedAt: '', row: d.row });
      // a building's dwellings all name it the same way: one mention per building and golden row
      mentions.push({ entity: 'buildings', truth: d.buildingKey, area: street.code, dedupe: `${source}|${d.buildingKey}`, locator: { via: 'dwelling-building', source, stream: 'dwellings', externalId } });
    }
    for (const r of rendered.residents) {
      const externalId = residentExternalId({ table: 'residents', street: street.code, exportedAt: '', row: r.row });
      if (r.defect) {
        mustReject.push({ source, stream: 'residents', externalId, damagedIdDigits: r.defect === 'EXCEL_NUMERIC_ID' ? r.row.公民身份号码! : null, defect: r.defect });
        continue;
      }
      if (rejectedPersons.has(r.personId!)) {
        skip('persons with a rejecting planted defect (S1 rows)');
        continue;
      }
      mentions.push({ entity: 'persons', truth: r.personId!, area: street.code, locator: { via: 'lineage', source, stream: 'residents', externalId, entity: 'person' } });
    }
  }

  // rosters: the people no street export lists (source `demo`, external id `person-<index>`)
  const resident = new Set(world.residencies.filter((r) => r.validTo === null).map((r) => r.personId));
  for (const [i, p] of world.persons.entries()) {
    if (resident.has(p.idNumber)) continue;
    if (rejectedPersons.has(p.idNumber)) {
      skip('persons with a rejecting planted defect (rosters)');
      continue;
    }
    mentions.push({ entity: 'persons', truth: p.idNumber, area: '', locator: { via: 'lineage', source: 'demo', stream: 'persons', externalId: `person-${i}`, entity: 'person' } });
  }

  // the frame's organisations (source `demo`, external id = the World's key)
  const serving = new Set(world.propertyProjects.map((p) => p.companyKey));
  for (const o of world.organizations) {
    const framed = ['STREET_OFFICE', 'RESIDENTS_COMMITTEE', 'GOVERNMENT_DEPT', 'RESIDENT_UNIT'].includes(o.kind) || (o.kind === 'PROPERTY_COMPANY' && !serving.has(o.key));
    if (!framed) continue;
    mentions.push({ entity: 'organisations', truth: o.key, area: o.areaCode, locator: { via: 'lineage', source: 'demo', stream: 'organizations', externalId: o.key, entity: 'organization' } });
  }

  // S2: reporters and handling units of the committee platform's cases (appeals, incidents, 12345)
  const S2 = DEMO_SOURCE_IDS.committeeApi;
  for (const c of world.cases) {
    if (c.sourceSystem === 'property-events') continue;
    if (caseRejected(c)) {
      skip('cases that must be rejected');
      continue;
    }
    const at = { source: S2, stream: 'cases', externalId: c.sourceNo };
    if (c.reporterPersonId !== null) mentions.push({ entity: 'persons', truth: c.reporterPersonId, area: c.communityCode, locator: { via: 'case', ...at, column: 'reporter_person_id' } });
    const units = shownUnits(c);
    const lead = units.filter((u) => u.role === 'LEAD');
    const assists = units.filter((u) => u.role === 'ASSIST');
    for (const u of lead) mentions.push({ entity: 'organisations', truth: u.orgKey, area: c.communityCode, locator: { via: 'case-handler', ...at, role: 'LEAD' } });
    if (assists.length === 1) mentions.push({ entity: 'organisations', truth: assists[0]!.orgKey, area: c.communityCode, locator: { via: 'case-handler', ...at, role: 'ASSIST' } });
    else if (assists.length > 1) skip('handling units not told apart (several assisting units)');
  }

  // S4: projects (their firm), repair orders (reporter and building)
  const S4 = DEMO_SOURCE_IDS.propertyEvents;
  const log = renderPropertyEvents(world);
  const repairKey = new Map<string, string>();
  for (const m of log.messages) {
    let e: PropertyCloudEvent;
    try {
      e = JSON.parse(m.value) as PropertyCloudEvent;
    } catch {
      continue;
    }
    if (e.type.startsWith('property.repair.')) repairKey.set(String(e.data.order_no), objectKeyOf(e));
  }
  for (const p of world.propertyProjects) {
    mentions.push({ entity: 'organisations', truth: p.companyKey, area: p.communityCode, locator: { via: 'project-company', source: S4, stream: 'events', externalId: objectKeyOf({ type: 'property.project.upserted', data: { project_code: p.code } }) } });
  }
  for (const c of world.cases) {
    if (c.sourceSystem !== 'property-events') continue;
    const externalId = repairKey.get(c.sourceNo);
    if (externalId === undefined) continue;
    if (caseRejected(c)) {
      skip('cases that must be rejected');
      continue;
    }
    const at = { source: S4, stream: 'events', externalId };
    if (c.reporterPersonId !== null) mentions.push({ entity: 'persons', truth: c.reporterPersonId, area: c.communityCode, locator: { via: 'case', ...at, column: 'reporter_person_id' } });
    if (c.buildingKey) mentions.push({ entity: 'buildings', truth: c.buildingKey, area: c.communityCode, locator: { via: 'case', ...at, column: 'building_id' } });
  }

  const loaded = new Set(world.cases.filter((c) => !caseRejected(c)).map((c) => c.sourceNo));
  const duplicatePairs: [string, string][] = [];
  const lookAlikePairs: [string, string][] = [];
  for (const c of world.cases) {
    if (c.linkedCase && c.sourceNo < c.linkedCase.sourceNo) {
      if (loaded.has(c.sourceNo) && loaded.has(c.linkedCase.sourceNo)) duplicatePairs.push([c.sourceNo, c.linkedCase.sourceNo]);
      else skip('duplicate pairs with a case that must be rejected');
    }
    if (c.lookAlikeOf && loaded.has(c.sourceNo) && loaded.has(c.lookAlikeOf.sourceNo)) lookAlikePairs.push([c.sourceNo, c.lookAlikeOf.sourceNo]);
  }
  const v = world.meta.variantDistrict;
  const variantCases = new Set(v === undefined ? [] : world.cases.filter((c) => c.communityCode.startsWith(v)).map((c) => c.sourceNo));
  return { mentions, mustReject, duplicatePairs, lookAlikePairs, variantCases, excluded };
}

/**
 * The handling units the committee platform shows for a case at the end of the as-of day (see
 * `renderCase`): none while it sits returned, in arbitration or rejected, else the World's.
 */
function shownUnits(c: WorldCase): WorldCase['handlingUnits'] {
  const last = c.events.at(-1)!;
  if (!c.events.some((e) => e.to === 'DISPATCHED') || ['RETURNED', 'ARBITRATION', 'REJECTED'].includes(last.to)) return [];
  return c.handlingUnits;
}
