import type { JsonValue } from '../../sdk/connector';

/** A stored cursor as an operator may see it. */
export interface CursorView {
  /** The cursor as JSON: as stored, or in the same shape with summaries in place of what could carry personal information. */
  json: string;
  /** Whether some part was replaced by a summary. */
  summarized: boolean;
}

/** Dates and instants (`2026-11-30`, `2026-11-30T08:00:00.000Z`): a watermark, never a person. */
const INSTANT = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** Keys a program chose (`files`, `latest`, `next_offset`) or partition numbers — not file names or people. */
const PLAIN_KEY = /^(?:[A-Za-z_][A-Za-z0-9_]{0,39}|\d{1,6})$/;
/** Numbers below this are offsets, counts and epoch seconds; an 11-digit mobile or an ID number is not. */
const SAFE_NUMBER = 1e10;

function isPlainScalar(v: JsonValue): boolean {
  return v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < SAFE_NUMBER) || (typeof v === 'string' && INSTANT.test(v));
}

/**
 * What of a connector's cursor an operator may see. A cursor is the connector's own JSON and may
 * hold what it read — file names (which can name a person), record keys (which can be ID
 * numbers), page tokens. Shown as stored only when nothing in it can carry personal information:
 * booleans, small numbers, dates and instants, under program-chosen keys. Anything else is
 * replaced by a summary that keeps the shape: `"<text, 24 chars>"`, `"<number>"`, `"<12 items>"`
 * (a list with any such value), `"<map, 3 entries>"` (an object with other keys).
 */
export function viewCursor(cursor: JsonValue): CursorView {
  let summarized = false;
  const summary = (text: string): string => {
    summarized = true;
    return `<${text}>`;
  };
  const view = (value: JsonValue): JsonValue => {
    if (value === null || typeof value === 'boolean') return value;
    if (typeof value === 'number') return isPlainScalar(value) ? value : summary('number');
    if (typeof value === 'string') return isPlainScalar(value) ? value : summary(`text, ${Array.from(value).length} chars`);
    if (Array.isArray(value)) {
      return value.every(isPlainScalar) ? value : summary(`${value.length} items`);
    }
    const keys = Object.keys(value);
    if (!keys.every((k) => PLAIN_KEY.test(k))) return summary(`map, ${keys.length} entries`);
    return Object.fromEntries(keys.map((k) => [k, view(value[k] as JsonValue)]));
  };
  const json = JSON.stringify(view(cursor));
  return { json, summarized };
}
