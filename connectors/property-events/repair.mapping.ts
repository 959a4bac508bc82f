import { change, mapCoarseStatus, parseMobile, RecordError, reference, type BuildingRef, type CanonicalChange, type OrganizationRef } from '../../src/sdk/index';
import { EVENT_TYPES, firmUsccOf, type PropertyEvent } from './cloud-event';
import { repairHistory, type RepairStep } from './repair-history';
import { flag, instant, instantOrNull, objectOrNull, requiredText, text } from './record-fields';

/** `sourceSystem` of every repair case this connector writes. */
export const REPAIR_SOURCE_SYSTEM = 'property-events';

/** Reason text on the current step of an order the firm escalated to the residents' committee. */
export const ESCALATION_NOTE = '已提交居委会协同处理（业务协同流转）';

/**
 * `property.repair.created` / `property.repair.updated` → one case of kind REPAIR, keyed by
 * (`property-events`, `order_no`):
 *
 * - status: the firm's label through `mapCoarseStatus` (已受理 ACCEPTED, 已派工 DISPATCHED,
 *   维修中 IN_PROGRESS, 已完成 HANDLED, 已回访 CLOSED); an unknown label is `UNKNOWN_STATUS`;
 * - history: see {@link repairHistory};
 * - place: the building by (project code, building number), as a `reference()`: a building the
 *   project event never listed (or numbered another way: `03`, `3号楼`) is created in the
 *   project's community instead of failing the order — the hub unifies it with the building as
 *   the street office or the project names it (`src/ingest/write/identity/README.md`); and the
 *   address text `<building><unit><room>`;
 * - handler: the publishing firm (CloudEvents `source`, its USCC) as LEAD. Escalation to the
 *   residents' committee (`escalated_to_committee`) is kept as the reason of the current step:
 *   the event names no committee and not even the community (only the project), so no ASSIST
 *   handler can be referred to;
 * - reporter: a `person` change by name + phone (the event has no ID number); the hub matches it
 *   to a known person or creates one, queuing a review when the match is ambiguous. A reporter
 *   without both, or whose phone is not a valid mobile (a landline, a mistyped number), is not
 *   linked — the repair order itself still lands;
 * - times: `reportedAt` is `data.reported_at`, else the first step of `data.history`, else `at`;
 *   each step in `data.history` (`[{ status, at }]`, oldest first: the firm's step log before the
 *   current status) keeps its own time; `closedAt` is the time of the CLOSED (or REJECTED) step.
 *
 * Required: `order_no`, `project_code`, `status`, `at` (else `MISSING_FIELD`).
 */
export function mapRepairEvent(event: PropertyEvent): CanonicalChange[] {
  const d = event.data;
  const orderNo = requiredText(d.order_no, 'data.order_no');
  const projectCode = requiredText(d.project_code, 'data.project_code');
  const rawStatus = requiredText(d.status, 'data.status');
  const status = mapCoarseStatus(rawStatus);
  if (status === null) throw new RecordError('UNKNOWN_STATUS', `data.status: unknown status "${rawStatus.slice(0, 20)}"`);
  const at = instant(d.at, 'data.at');
  const category = text(d.category);
  const buildingNo = text(d.building);
  const firm: OrganizationRef = { uscc: firmUsccOf(event.source), name: '', kind: 'PROPERTY_COMPANY' };
  const escalated = flag(d.escalated_to_committee);
  const building: BuildingRef | null = buildingNo === null ? null : { communityCode: '', projectCode, buildingNo };
  const closed = status === 'CLOSED' || status === 'ARCHIVED' || status === 'REJECTED';
  const earlier = historyOf(d.history);
  const reportedAt = instantOrNull(d.reported_at) ?? earlier[0]?.at ?? at;
  // closed when the firm recorded the (last) closing step, not when it last published
  const closedAt = closed ? ([...earlier, { status, at }].findLast((s) => s.status === 'CLOSED' || s.status === 'REJECTED')?.at ?? at) : null;
  const reporterData = objectOrNull(d.reporter) ?? {};
  const reporterName = text(reporterData.name);
  const reporterPhone = text(reporterData.phone);
  // a landline or a mistyped number cannot identify anyone: the order lands without its reporter
  const reporter = reporterName !== null && reporterPhone !== null && parseMobile(reporterPhone).ok ? { name: reporterName, mobile: reporterPhone } : null;
  return [
    ...(reporter ? [change('person', reporter)] : []),
    ...(building ? [reference('building', building)] : []),
    change('case', {
      sourceSystem: REPAIR_SOURCE_SYSTEM,
      sourceNo: orderNo,
      kind: 'REPAIR',
      category,
      title: `${category ?? ''}报修`,
      content: text(d.content),
      building,
      reporter,
      address: buildingNo === null ? null : placeOf(buildingNo, text(d.unit), text(d.room)),
      status,
      reportedAt,
      closedAt,
      handlers: [{ org: firm, role: 'LEAD' }],
      events: repairHistory({
        status,
        rawStatus,
        at,
        created: event.type === EVENT_TYPES.REPAIR_CREATED,
        firm,
        note: escalated ? ESCALATION_NOTE : null,
        earlier,
        reportedAt: instantOrNull(d.reported_at),
      }),
    }),
  ];
}

/** `3`, `2`, `501` → `3栋2单元501`; parts that already carry their word keep it. */
function placeOf(building: string, unit: string | null, room: string | null): string {
  const b = /^\d+$/.test(building) ? `${building}栋` : building;
  const u = unit === null ? '' : /^\d+$/.test(unit) ? `${unit}单元` : unit;
  return `${b}${u}${room ?? ''}`;
}

/** `data.history`: the earlier steps the firm recorded, oldest first; entries with an unknown label or no time are skipped. */
function historyOf(raw: unknown): RepairStep[] {
  if (!Array.isArray(raw)) return [];
  const steps: RepairStep[] = [];
  for (const entry of raw) {
    const e = objectOrNull(entry);
    const label = e ? text(e.status) : null;
    const status = label === null ? null : mapCoarseStatus(label);
    const at = e ? instantOrNull(e.at) : null;
    if (status !== null && at !== null && label !== null) steps.push({ status, rawStatus: label, at });
  }
  return steps;
}
