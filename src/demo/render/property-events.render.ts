import { addYears } from '../calendar';
import { RAW_STATUS } from '../case-catalog';
import type { World, WorldCase } from '../world.types';
import type { RenderedFile } from './street-office.render';
import { inVariantDistrict, s4ListedBuildingNo, s4ProjectLate, s4ProjectName, s4RepairBuildingNo } from './variant-spellings';

/** One CloudEvent as a property firm publishes it (structured JSON mode). */
export interface PropertyCloudEvent {
  specversion: '1.0';
  id: string;
  type: string;
  /** The firm's USCC. */
  source: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

/** A deliberately messy line of the rendered log and what the hub must make of it. */
export interface PropertyEventPlant {
  /** 1-based line in the file. */
  line: number;
  defect: 'DUPLICATE' | 'OLDER_VERSION_LATE' | 'NO_OFFSET_TIME' | 'UNKNOWN_TYPE' | 'BROKEN_JSON';
  /** What the line must become: a dead-letter reason, or `applied` / `unchanged` / `stale`. */
  expected: 'applied' | 'unchanged' | 'stale' | 'UNKNOWN_EVENT_TYPE' | 'BAD_JSON';
}

/** The rendered event log (S4): the lines in log order, and the messy lines among them. */
export interface PropertyEventLog {
  file: RenderedFile;
  /** One entry per line: the object key the firms would key the Kafka message with (`null` for a broken line) and the line. */
  messages: { key: string | null; value: string }[];
  planted: PropertyEventPlant[];
}

const LABEL = RAW_STATUS['property-events'];

/** `…美林名邸1栋1单元201` with building `1栋` → unit `1单元`, room `201`. */
function unitAndRoom(address: string, buildingNo: string): { unit: string | null; room: string | null } {
  const at = address.lastIndexOf(buildingNo);
  if (at < 0) return { unit: null, room: null };
  const rest = address.slice(at + buildingNo.length);
  const m = /^(.*?单元)?(.*)$/u.exec(rest)!;
  return { unit: m[1] ?? null, room: m[2] || null };
}

/**
 * The property firms' event log (S4) as a JSON Lines file of CloudEvents 1.0, in log order:
 *
 * 1. `property.project.upserted` per 小区 (the firm's USCC as `source`, the project's buildings,
 *    the service contract), timed at the contract start — first, as the firms published their
 *    projects when they joined, so every repair order's building exists when it is read;
 * 2. `property.owners_committee.filed` per owners' committee (members: up to three residents of
 *    the estate; the hub keeps none of them);
 * 3. the repair orders by time: `.created` at the first step the firm records, `.updated` at each
 *    later one, with the firm's labels (已受理 已派工 维修中 已完成 已回访), the reporter and
 *    `escalated_to_committee`;
 * 4. `property.fee.summary` per project for the as-of month (no canonical entity yet:
 *    `EVENT_TYPE_NOT_MAPPED`);
 * 5. the mess of a real log, listed in `planted`: a redelivered event (same id), an older
 *    version of an order arriving late, a time without offset (China time), an unknown event
 *    type and a cut-off line.
 *
 * Deterministic: the same World gives the same bytes, so a re-run reads nothing new.
 */
export function renderPropertyEvents(world: World): PropertyEventLog {
  const orgs = new Map(world.organizations.map((o) => [o.key, o]));
  const persons = new Map(world.persons.map((p) => [p.idNumber, p]));
  const buildings = new Map(world.buildings.map((b) => [b.key, b]));
  const households = new Map(world.households.map((h) => [h.householdNo, h]));
  const dwellings = new Map(world.dwellings.map((d) => [d.key, d]));
  const events: PropertyCloudEvent[] = [];
  const event = (id: string, type: string, source: string, time: string, data: Record<string, unknown>): PropertyCloudEvent => ({
    specversion: '1.0',
    id,
    type,
    source,
    time,
    datacontenttype: 'application/json',
    data,
  });
  const firmOf = (companyKey: string) => {
    const o = orgs.get(companyKey);
    if (!o?.uscc) throw new Error(`property events: firm ${companyKey} has no USCC`);
    return o;
  };

  const projectFirm = new Map<string, string>();
  // the variant district's firms spell projects and buildings their own way, leave buildings out of
  // the project event, and publish some projects only after their repair orders (variant-spellings.ts)
  const late: PropertyCloudEvent[] = [];
  for (const p of world.propertyProjects) {
    const firm = firmOf(p.companyKey);
    projectFirm.set(p.code, firm.uscc!);
    const variant = inVariantDistrict(world, p.communityCode);
    const listed = world.buildings
      .filter((b) => b.projectCode === p.code)
      .map((b) => ({ no: variant ? s4ListedBuildingNo(world, b) : b.no, units: b.units, floors: b.floors }))
      .filter((b): b is { no: string; units: number; floors: number } => b.no !== null);
    (variant && s4ProjectLate(world, p) ? late : events).push(
      event(`evt-${p.code}-project`, 'property.project.upserted', firm.uscc!, `${p.contract.from}T09:00:00+08:00`, {
        project_code: p.code,
        name: variant ? s4ProjectName(world, p) : p.name,
        community_code: p.communityCode,
        company: { uscc: firm.uscc, name: firm.name },
        buildings: listed,
        contract: { from: p.contract.from, to: p.contract.to, fee_per_m2: p.contract.feePerM2 },
      }),
    );
  }

  // the residents of each estate, in household order: owners' committee members are drawn from them
  const residentsOf = new Map<string, string[]>();
  for (const r of world.residencies) {
    if (r.validTo !== null) continue;
    const h = households.get(r.householdNo);
    const project = h ? buildings.get(dwellings.get(h.dwellingKey)?.buildingKey ?? '')?.projectCode : null;
    if (!project) continue;
    if (!residentsOf.has(project)) residentsOf.set(project, []);
    residentsOf.get(project)!.push(r.personId);
  }
  const ROLES = ['主任', '副主任', '委员'] as const;
  for (const o of world.organizations) {
    if (o.kind !== 'OWNERS_COMMITTEE' || !o.projectCode || !o.filingNo) continue;
    const firm = projectFirm.get(o.projectCode);
    if (!firm) continue;
    const filedOn = o.foundedOn ?? world.meta.asOf;
    const members = (residentsOf.get(o.projectCode) ?? []).slice(0, 3).map((id, i) => {
      const p = persons.get(id)!;
      return { name: p.name, role: ROLES[i], is_party_member: p.politicalStatus === 'CPC_MEMBER' || p.politicalStatus === 'CPC_PROBATIONARY' };
    });
    events.push(
      event(`evt-${o.projectCode}-owners-committee`, 'property.owners_committee.filed', firm, `${filedOn}T10:00:00+08:00`, {
        project_code: o.projectCode,
        term_from: filedOn,
        term_to: addYears(filedOn, 5),
        members,
        filed_at: filedOn,
        filing_no: o.filingNo,
      }),
    );
  }

  const repairs: PropertyCloudEvent[] = [];
  for (const c of world.cases) {
    if (c.sourceSystem !== 'property-events' || !c.projectCode) continue;
    repairs.push(...repairEvents(c, projectFirm.get(c.projectCode)!, { buildings, persons, world }));
  }
  repairs.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  events.push(...repairs);
  // projects published late: after every repair order (the repairs on them arrived first)
  events.push(...late);

  const period = world.meta.asOf.slice(0, 7);
  for (const p of world.propertyProjects) {
    const billed = Math.round(world.buildings.filter((b) => b.projectCode === p.code).length * 36 * 90 * p.contract.feePerM2);
    events.push(
      event(`evt-${p.code}-fee-${period}`, 'property.fee.summary', projectFirm.get(p.code)!, `${world.meta.asOf}T20:00:00+08:00`, {
        project_code: p.code,
        period,
        billed,
        collected: Math.round(billed * 0.92),
      }),
    );
  }

  const lines: { key: string | null; value: string }[] = events.map((e) => ({ key: objectKey(e), value: JSON.stringify(e) }));
  const planted: PropertyEventPlant[] = [];
  const append = (defect: PropertyEventPlant['defect'], expected: PropertyEventPlant['expected'], line: { key: string | null; value: string }) => {
    lines.push(line);
    planted.push({ line: lines.length, defect, expected });
  };
  const repairLines = lines.map((l, i) => ({ ...l, i })).filter((l) => l.key?.startsWith('repair:'));
  const newest = repairLines.at(-1);
  // the first order with a later version: its first version will arrive again, late
  const superseded = repairLines.find((l) => repairLines.some((m) => m.key === l.key && m.i > l.i));
  // another order's newest event, from a firm system that writes local time without an offset (China time is assumed)
  const local = repairLines.findLast((l) => l.key !== newest?.key && l.key !== superseded?.key);
  if (local) {
    const e = JSON.parse(local.value) as PropertyCloudEvent;
    e.time = e.time.replace(/([+-]\d{2}:\d{2}|Z)$/, '');
    lines[local.i] = { key: local.key, value: JSON.stringify(e) };
    planted.push({ line: local.i + 1, defect: 'NO_OFFSET_TIME', expected: 'applied' });
  }
  // the broker redelivers the newest repair event: same id, same content
  if (newest) append('DUPLICATE', 'unchanged', { key: newest.key, value: newest.value });
  if (superseded) append('OLDER_VERSION_LATE', 'stale', { key: superseded.key, value: superseded.value });
  const anyFirm = projectFirm.values().next().value ?? world.organizations.find((o) => o.kind === 'PROPERTY_COMPANY')?.uscc ?? '';
  const unknown = event(`evt-parking-${period}`, 'property.parking.assigned', anyFirm, `${world.meta.asOf}T22:00:00+08:00`, { space: 'B1-017' });
  append('UNKNOWN_TYPE', 'UNKNOWN_EVENT_TYPE', { key: objectKey(unknown), value: JSON.stringify(unknown) });
  const cut = JSON.stringify(event(`evt-cut-${period}`, 'property.repair.updated', anyFirm, `${world.meta.asOf}T23:00:00+08:00`, { order_no: 'BX-CUT' }));
  append('BROKEN_JSON', 'BAD_JSON', { key: null, value: cut.slice(0, Math.floor(cut.length / 2)) });

  return {
    file: { name: `物业事件_${world.meta.asOf.replace(/-/g, '')}.jsonl`, content: `${lines.map((l) => l.value).join('\n')}\n` },
    messages: lines,
    planted,
  };
}

/** The repair order's events: `.created` at the first step the firm records, `.updated` at each later one. */
function repairEvents(
  c: WorldCase,
  firm: string,
  lookup: { buildings: Map<string, World['buildings'][number]>; persons: Map<string, World['persons'][number]>; world: World },
): PropertyCloudEvent[] {
  const b = c.buildingKey ? lookup.buildings.get(c.buildingKey) : undefined;
  const buildingNo = b && inVariantDistrict(lookup.world, c.communityCode) ? s4RepairBuildingNo(lookup.world, c.sourceNo, b) : (b?.no ?? null);
  const { unit, room } = b ? unitAndRoom(c.address, b.no) : { unit: null, room: null };
  const reporter = c.reporterPersonId ? lookup.persons.get(c.reporterPersonId) : undefined;
  const steps = c.events.filter((e) => LABEL[e.to] !== undefined);
  return steps.map((e, i) => ({
    specversion: '1.0',
    id: `evt-${c.sourceNo}-${e.seq}`,
    type: i === 0 ? 'property.repair.created' : 'property.repair.updated',
    source: firm,
    time: e.at,
    datacontenttype: 'application/json',
    data: {
      order_no: c.sourceNo,
      project_code: c.projectCode,
      building: buildingNo,
      unit,
      room,
      category: c.category,
      content: c.content,
      reporter: reporter ? { name: reporter.name, phone: reporter.mobile } : null,
      status: LABEL[e.to],
      at: e.at,
      reported_at: c.reportedAt,
      // the steps before this one, as the firm's system logged them: each at its own time
      history: steps.slice(0, i).map((h) => ({ status: LABEL[h.to], at: h.at })),
      escalated_to_committee: c.escalatedToCommittee === true,
    },
  }));
}

/** The key a firm gives the Kafka message: the object the event is about (as the connector keys it). */
function objectKey(e: PropertyCloudEvent): string {
  const d = e.data;
  if (e.type === 'property.project.upserted') return `project:${String(d.project_code)}`;
  if (e.type.startsWith('property.repair.')) return `repair:${String(d.order_no)}`;
  if (e.type === 'property.owners_committee.filed') return `owners-committee:${String(d.filing_no)}`;
  if (e.type === 'property.fee.summary') return `fee-summary:${String(d.project_code)}:${String(d.period)}`;
  return `event:${e.id}`;
}
