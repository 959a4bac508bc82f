import { change, mapSatisfaction, normalizeName, normalizeText, RecordError, type CanonicalChange, type CaseInput, type OrganizationRef } from '../../src/sdk/index';
import { buildCaseHistory, type PlatformStep } from './case-history';
import type { CommitteeCaseRecord } from './committee-api.records';
import { organizationOf } from './organization-refs';
import { arrayOf, assertNotMojibake, objectOf, requiredText, text } from './record-fields';

/** `sourceSystem` of cases that came in through the platform itself. */
export const COMMITTEE_SOURCE_SYSTEM = 'committee-api';
/** `sourceSystem` of 12345 hotline tickets: their ticket number is the hotline's 工单号. */
export const HOTLINE_SOURCE_SYSTEM = '12345';

/**
 * Channel → case kind: 12345 tickets are HOTLINE, 网格上报 (a grid worker's report) is a grid
 * INCIDENT, everything else (电话, 微信, 来访, unknown channels) an APPEAL.
 */
export function caseKindOf(channel: string | null): CaseInput['kind'] {
  const c = channel === null ? '' : normalizeText(channel).replace(/\s+/g, '');
  if (c === '12345' || c.includes('12345')) return 'HOTLINE';
  if (c === '网格上报') return 'INCIDENT';
  return 'APPEAL';
}

/**
 * A `cases` record → the `case` change (with its full history and handling units), an
 * `organization` change for every organisation it names (so references resolve), and a `person`
 * change for the reporter: by ID number when the platform has it, else by name + phone (the hub
 * matches such a reporter to a known person, or creates one and queues a review when the match
 * is ambiguous). A reporter with neither is not linked. Identifiers (ID number, mobile, USCC, area and grid codes) pass through unchecked —
 * the write path validates them with its own reason codes.
 */
export function mapCaseRecord(record: CommitteeCaseRecord): CanonicalChange[] {
  const ticketNo = requiredText(record.ticket_no, 'ticket_no');
  const statusLabel = requiredText(record.status, 'status');
  const channel = text(record.channel);
  const title = text(record.title);
  const content = text(record.content);
  const category = text(record.category);
  const appealType = text(record.appeal_type);
  const location = objectOf(record.location);
  const communityCode = text(location.community_code);
  const gridCode = text(location.grid_code);
  const address = text(location.address);
  const reporter = objectOf(record.reporter);
  const reporterName = text(reporter.name);
  const reporterId = text(reporter.id_number);
  const reporterPhone = text(reporter.phone);
  const updatedAt = requiredText(record.updated_at, 'updated_at');
  // the 权责清单 item, by its code within the case's street (the hub links it; the street's list must be loaded)
  const dutyItemCode = text(objectOf(record.duty_item).code);

  const steps: PlatformStep[] = arrayOf(record.events).map((raw, i) => {
    const e = objectOf(raw);
    return { status: requiredText(e.status, `events[${i}].status`), at: requiredText(e.at, `events[${i}].at`), org: text(e.org), note: text(e.note) };
  });
  const createdAt = text(record.created_at) ?? steps[0]?.at;
  if (createdAt === undefined) throw new RecordError('MISSING_FIELD', 'created_at is missing');

  const units = arrayOf(record.handling_units).map((raw, i) => {
    const u = objectOf(raw);
    return { name: requiredText(u.name, `handling_units[${i}].name`), uscc: text(u.uscc), role: text(u.role) };
  });

  assertNotMojibake([
    ['title', title],
    ['content', content],
    ['category', category],
    ['appeal_type', appealType],
    ['location.address', address],
    ['reporter.name', reporterName],
    ...units.map((u, i) => [`handling_units[${i}].name`, u.name] as const),
    ...steps.flatMap((s, i) => [[`events[${i}].org`, s.org] as const, [`events[${i}].note`, s.note] as const]),
  ]);

  const satisfactionLabel = text(record.satisfaction);
  const satisfaction = satisfactionLabel === null ? null : mapSatisfaction(satisfactionLabel);
  if (satisfactionLabel !== null && satisfaction === null) throw new RecordError('UNKNOWN_SATISFACTION', `satisfaction: unknown value "${satisfactionLabel}"`);

  const organizations = new Map<string, CanonicalChange>();
  const byName = new Map<string, OrganizationRef>();
  const organization = (name: string, uscc: string | null): OrganizationRef => {
    const known = byName.get(normalizeName(name));
    if (known && (!uscc || known.uscc === uscc)) return known;
    const org = organizationOf(name, uscc, communityCode);
    organizations.set(uscc ? `uscc:${uscc}` : `name:${normalizeName(name)}`, org.change);
    // a unit with a USCC is the better reference for every later mention of its name
    if (!known || uscc) byName.set(normalizeName(name), org.ref);
    return org.ref;
  };
  const handlers = units.map((u) => ({ org: organization(u.name, u.uscc), role: u.role !== null && normalizeText(u.role) === '主办' ? ('LEAD' as const) : ('ASSIST' as const) }));
  const history = buildCaseHistory({
    createdAt,
    updatedAt,
    currentStatus: statusLabel,
    steps,
    actorOf: (name) => (name === null ? null : organization(name, null)),
  });

  const kind = caseKindOf(channel);
  const caseChange = change('case', {
    sourceSystem: kind === 'HOTLINE' ? HOTLINE_SOURCE_SYSTEM : COMMITTEE_SOURCE_SYSTEM,
    sourceNo: ticketNo,
    kind,
    channel,
    appealType,
    category,
    title,
    content,
    reporterIdNumber: reporterId,
    reporter: reporterId === null && reporterName !== null && reporterPhone !== null ? { name: reporterName, mobile: reporterPhone } : undefined,
    communityCode,
    gridCode,
    address,
    status: history.status,
    satisfaction,
    reportedAt: createdAt,
    dueAt: text(record.due_at),
    ...(dutyItemCode !== null && communityCode !== null ? { dutyItem: { streetCode: `${communityCode.trim().slice(0, 9)}000`, code: dutyItemCode } } : {}),
    closedAt: history.closedAt,
    handlers,
    events: history.events,
  });

  const changes: CanonicalChange[] = [...organizations.values()];
  if (reporterName !== null && (reporterId !== null || reporterPhone !== null)) {
    changes.push(change('person', { idNumber: reporterId, name: reporterName, mobile: reporterPhone }));
  }
  changes.push(caseChange);
  return changes;
}
