import { CASE_STATUSES, type CaseStatus } from '../../../domain/case-state';
import type { CaseRules } from '../../../flow/case-rules';
import { dueAtOf } from '../../../flow/time-limits';
import { maskFreeText } from '../../../domain/masking';
import { normalizeText } from '../../../domain/normalize';
import { detectMojibake } from '../../../domain/mojibake';
import type { PiiVault } from '../../../pii/pii-vault';
import type { CaseInput } from '../../../sdk/canonical-change';
import type { EntitySpec, RowRef } from '../entity-spec';
import {
  areaKey,
  buildingKey,
  codeKey,
  gridKey,
  optionalInstant,
  optionalLabel,
  optionalLines,
  optionalText,
  organizationKey,
  personKey,
  personRefKey,
  requiredInstant,
  requiredLabel,
  requiredName,
  requiredText,
} from '../natural-keys';
import { rejectRecord } from '../record-rejection';
import { withinLimit } from '../text-limits';

/** 权力清单 / 责任清单 item, keyed by (street, code). */
export const dutyItemSpec: EntitySpec<'dutyItem'> = {
  entity: 'dutyItem',
  table: 'duty_item',
  matchMethod: 'duty-item-code',
  prepare(d) {
    const street = areaKey(d.streetCode, 'streetCode');
    const code = codeKey(d.code, 'code');
    const { name, nameNorm } = requiredName(d.name, 'name');
    return {
      naturalKey: `${street}:${code}`,
      columns: {
        code,
        name,
        name_norm: nameNorm,
        list_type: d.listType,
        power_category: optionalLabel(d.powerCategory, 'powerCategory'),
        basis: optionalText(d.basis, 'basis'),
        responsible_unit: optionalText(d.responsibleUnit, 'responsibleUnit'),
      },
      refs: { street_id: { entity: 'adminArea', key: street } },
    };
  },
};

const STATUSES = new Set<string>(CASE_STATUSES);

/**
 * Free text stored as written with the ID numbers and mobiles inside it masked. When an
 * identifier shows only in the normalised text (digits split by a run of spaces or a full-width
 * space the patterns do not span), the normalised text is masked and stored instead: a spelling
 * is never kept at the price of a number left in clear.
 */
function maskedAsWritten(text: string): string {
  const masked = maskFreeText(text);
  const check = normalizeText(masked);
  return maskFreeText(check) === check ? masked : maskFreeText(normalizeText(text));
}

/** The reporter: by `reporterIdNumber`, else by the `reporter` reference (ID, or name + mobile); `null` when not identified. */
function reporterRef(d: CaseInput, vault: PiiVault): RowRef | null {
  if (d.reporterIdNumber) return { entity: 'person', key: personKey(d.reporterIdNumber, vault, 'reporterIdNumber').key };
  const key = d.reporter ? personRefKey(d.reporter, vault, 'reporter') : null;
  return key === null ? null : { entity: 'person', key };
}

function caseStatus(raw: string, field: string): CaseStatus {
  if (!STATUSES.has(raw)) throw rejectRecord('VALIDATE', 'INVALID_CASE_STATUS', `${field}: unknown case status`);
  return raw as CaseStatus;
}

/**
 * The due time of a case whose source gives none: its time limit on the work calendar
 * (time-limits.ts). `undefined` (not said) without case rules in the context.
 */
function derivedDueAt(d: CaseInput, reportedAt: string, cases: CaseRules | undefined): string | undefined {
  if (!cases) return undefined;
  const at = new Date(reportedAt);
  return dueAtOf({ kind: d.kind, appealType: d.appealType, category: d.category, urgent: d.urgent, reportedAt: at }, cases.calendar, cases.timeLimits).toISOString();
}

/**
 * 诉求 / 工单 / 报修, keyed by (source system, source number). Its handling units and event
 * history are replaced as a whole by the newest version. The free text is stored with ID numbers
 * and mobiles inside it masked: the hub never needs them in clear and must not leak them.
 */
export const caseSpec: EntitySpec<'case'> = {
  entity: 'case',
  table: 'case_record',
  matchMethod: 'source-number',
  // the report time is the first version's: later versions of a ticket may not carry it
  keepFirst: ['reported_at'],
  defaults: { urgent: false, supervised: false, joint: false, returns_count: 0 },
  nullClears: ['closed_at', 'satisfaction'],
  prepare(d, { vault, cases }) {
    // part of the key: normalised, as it always was
    const sourceSystem = requiredLabel(d.sourceSystem, 'sourceSystem');
    const sourceNo = codeKey(d.sourceNo, 'sourceNo');
    const grid = d.gridCode ? gridKey(d.gridCode) : null;
    // a case the source places only by its building lies in the building's community; a building
    // named by its project only gets its community after the write (case-derivations.ts)
    const buildingCommunity = d.building?.communityCode ? String(d.building.communityCode).trim() : '';
    const area = d.communityCode
      ? areaKey(d.communityCode, 'communityCode')
      : grid
        ? grid.slice(0, 12)
        : buildingCommunity !== ''
          ? areaKey(buildingCommunity, 'building.communityCode')
          : null;
    const reportedAt = requiredInstant(d.reportedAt, 'reportedAt');
    const dueAt = optionalInstant(d.dueAt, 'dueAt') ?? derivedDueAt(d, reportedAt, cases);
    for (const [field, text] of [['title', d.title], ['content', d.content]] as const) {
      const garbled = text ? detectMojibake(text) : null;
      if (garbled) throw rejectRecord('VALIDATE', 'MOJIBAKE', `${field} looks mis-decoded (${garbled.pattern})`);
    }
    const events = d.events ?? [];
    const seqs = new Set<number>();
    for (const e of events) {
      if (seqs.has(e.seq)) throw rejectRecord('VALIDATE', 'DUPLICATE_EVENT_SEQ', `events: seq ${e.seq} appears twice`);
      seqs.add(e.seq);
    }
    const handlers = new Map<string, 'LEAD' | 'ASSIST'>();
    for (const h of d.handlers ?? []) {
      const key = organizationKey(h.org, 'handlers.org').key;
      if (handlers.get(key) !== 'LEAD') handlers.set(key, h.role);
    }
    return {
      naturalKey: `${sourceSystem}:${sourceNo}`,
      columns: {
        source_system: sourceSystem,
        source_no: sourceNo,
        kind: d.kind,
        // vocabularies counted and compared on (dashboards, time limits, case links): normalised
        channel: optionalLabel(d.channel, 'channel'),
        appeal_type: optionalLabel(d.appealType, 'appealType'),
        category: optionalLabel(d.category, 'category'),
        // display text: as written, masked
        title: d.title ? maskedAsWritten(requiredText(d.title, 'title')) : undefined,
        content: d.content ? maskedAsWritten(optionalLines(d.content, 'content') ?? '') : undefined,
        address: optionalText(d.address, 'address'),
        status: caseStatus(d.status, 'status'),
        urgent: d.urgent,
        supervised: d.supervised,
        joint: d.handlers === undefined ? undefined : handlers.size > 1,
        returns_count: d.returnsCount ?? (d.events === undefined ? undefined : events.filter((e) => e.to === 'RETURNED').length),
        satisfaction: d.satisfaction ?? null,
        reported_at: reportedAt,
        due_at: dueAt,
        closed_at: optionalInstant(d.closedAt, 'closedAt') ?? null,
      },
      refs: {
        reporter_person_id: reporterRef(d, vault),
        area_id: area ? { entity: 'adminArea', key: area } : null,
        grid_id: grid ? { entity: 'grid', key: grid } : null,
        building_id: d.building ? { entity: 'building', key: buildingKey(d.building) } : null,
        duty_item_id: d.dutyItem
          ? { entity: 'dutyItem', key: `${areaKey(d.dutyItem.streetCode, 'dutyItem.streetCode')}:${codeKey(d.dutyItem.code, 'dutyItem.code')}` }
          : null,
      },
      children: [
        {
          table: 'case_handler',
          parentColumn: 'case_id',
          rows: [...handlers.entries()].map(([key, role]) => ({ columns: { role }, refs: { organization_id: { entity: 'organization', key } } })),
        },
        {
          table: 'case_event',
          parentColumn: 'case_id',
          // the hub's own moves (origin HUB) survive a newer source version, in time order
          owned: { column: 'origin', value: 'SOURCE' },
          sequence: { column: 'seq', orderBy: 'at' },
          rows: events.map((e) => ({
            columns: {
              seq: e.seq,
              from_status: e.from === null ? null : caseStatus(e.from, 'events.from'),
              to_status: caseStatus(e.to, 'events.to'),
              at: requiredInstant(e.at, 'events.at'),
              reason: e.reason ? withinLimit(maskFreeText(e.reason), 'events.reason', 'freeText') : null,
              raw_status: withinLimit(e.rawStatus ?? undefined, 'events.rawStatus', 'label') ?? null,
              inferred: e.inferred ?? false,
            },
            refs: { actor_org_id: e.actorOrg ? { entity: 'organization', key: organizationKey(e.actorOrg, 'events.actorOrg').key } : null },
          })),
        },
      ],
    };
  },
};
