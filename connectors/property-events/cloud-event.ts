import { normalizeText, RecordError } from '../../src/sdk/index';
import { instant, instantOrNull, objectOrNull, requiredText, text } from './record-fields';

/** The event types the firms publish, and what each is about. */
export const EVENT_TYPES = Object.freeze({
  PROJECT_UPSERTED: 'property.project.upserted',
  REPAIR_CREATED: 'property.repair.created',
  REPAIR_UPDATED: 'property.repair.updated',
  OWNERS_COMMITTEE_FILED: 'property.owners_committee.filed',
  FEE_SUMMARY: 'property.fee.summary',
} as const);

/** One of {@link EVENT_TYPES}. */
export type PropertyEventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

const KNOWN_TYPES = new Set<string>(Object.values(EVENT_TYPES));

/** A CloudEvents 1.0 envelope whose attributes the connector relies on are present and valid. */
export interface PropertyEvent {
  id: string;
  type: PropertyEventType;
  /** The publishing firm's USCC (the CloudEvents `source`). */
  source: string;
  /** `time` as an ISO-8601 instant (UTC): the event's version. */
  time: string;
  data: Record<string, unknown>;
}

/**
 * Checks a CloudEvent (structured JSON mode) and returns it typed. Dead-letters, in this order:
 * `UNSUPPORTED_SPEC_VERSION` (a `specversion` other than `1.0`), `MISSING_FIELD` (no
 * `specversion`, `id`, `type`, `source`, `time` or `data` object), `UNKNOWN_EVENT_TYPE`,
 * `INVALID_TIMESTAMP` (a `time` that is not RFC 3339).
 */
export function parsePropertyEvent(raw: unknown): PropertyEvent {
  const e = objectOrNull(raw);
  if (e === null) throw new RecordError('MISSING_FIELD', 'the event is not an object');
  const specversion = requiredText(e.specversion, 'specversion');
  if (specversion !== '1.0') throw new RecordError('UNSUPPORTED_SPEC_VERSION', `specversion "${specversion.slice(0, 20)}" is not supported (only 1.0)`);
  const type = requiredText(e.type, 'type');
  if (!KNOWN_TYPES.has(type)) throw new RecordError('UNKNOWN_EVENT_TYPE', `event type "${type.slice(0, 100)}" is not known`);
  const id = requiredText(e.id, 'id');
  const source = requiredText(e.source, 'source');
  const time = instant(e.time, 'time');
  const data = objectOrNull(e.data);
  if (data === null) throw new RecordError('MISSING_FIELD', e.data_base64 !== undefined ? 'data is base64 (binary); only JSON data is read' : 'data is missing');
  return { id, type: type as PropertyEventType, source, time, data };
}

/**
 * The key of the object an event is about, prefixed by its family: `project:<project_code>`,
 * `repair:<order_no>`, `owners-committee:<filing_no>`, `fee-summary:<project_code>:<period>`.
 * All versions of one object share it, so the hub's version guard orders them by `time`; the
 * prefix keeps a project and a repair order that happen to share a code apart. Events of other
 * types are keyed by their `id`. Never throws: an event without its key gets `''` and `map()`
 * dead-letters it.
 */
export function objectKeyOf(raw: unknown): string {
  const e = objectOrNull(raw) ?? {};
  const data = objectOrNull(e.data) ?? {};
  const key = (v: unknown) => {
    const s = text(v);
    return s === null ? '' : normalizeText(s).toUpperCase();
  };
  switch (text(e.type)) {
    case EVENT_TYPES.PROJECT_UPSERTED:
      return `project:${key(data.project_code)}`;
    case EVENT_TYPES.REPAIR_CREATED:
    case EVENT_TYPES.REPAIR_UPDATED:
      return `repair:${key(data.order_no)}`;
    case EVENT_TYPES.OWNERS_COMMITTEE_FILED:
      return `owners-committee:${key(data.filing_no)}`;
    case EVENT_TYPES.FEE_SUMMARY:
      return `fee-summary:${key(data.project_code)}:${key(data.period)}`;
    default:
      return `event:${text(e.id) ?? ''}`;
  }
}

/** The event's `time` as its version; the read time when it has none (`map()` then dead-letters it). */
export function eventVersionOf(raw: unknown, readAt: string): string {
  return instantOrNull(objectOrNull(raw)?.time) ?? readAt;
}

/**
 * The firm's USCC from the CloudEvents `source`: the USCC itself, or the last segment of a URI
 * that ends with it (`urn:uscc:91420102…`, `https://firm.example/91420102…`).
 */
export function firmUsccOf(source: string): string {
  return source.split(/[/:]/).filter((s) => s !== '').pop() ?? source;
}
