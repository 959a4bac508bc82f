import { RecordError, requiredText, toHalfWidth } from '../../src/sdk/index';

/** The SDK's JSON field readers, re-exported for this connector's mappings. */
export { arrayOf, objectOrNull, requiredText, text } from '../../src/sdk/index';

/**
 * A number written as a number or as text (`2.5`, `"2.5"`, `"２.５"`); `null` when missing or
 * blank. Anything else dead-letters the record with `INVALID_NUMBER`: firm systems write these
 * fields by machine, so a non-number is schema drift, not a typo to guess around.
 */
export function numberOrNull(value: unknown, field: string, options: { integer?: boolean } = {}): number | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(toHalfWidth(value)) ? Number(toHalfWidth(value)) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || (options.integer && !Number.isInteger(n))) {
    throw new RecordError('INVALID_NUMBER', `${field} is not a ${options.integer ? 'whole ' : ''}non-negative number`);
  }
  return n;
}

/** A yes/no flag: `true`, `"true"`, `1`, `"1"`, `"是"`, `"Y"` are yes; anything else (or missing) is no. */
export function flag(value: unknown): boolean {
  if (value === true || value === 1) return true;
  if (typeof value !== 'string') return false;
  return ['true', '1', '是', 'y', 'yes'].includes(value.trim().toLowerCase());
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An instant as the hub stores it (ISO-8601, UTC). Accepts RFC 3339 (`2026-06-01T08:00:00+08:00`)
 * and the space-separated form; a time without an offset is China Standard Time (+08:00), the
 * time the firms' systems keep. `MISSING_FIELD` when absent, `INVALID_TIMESTAMP` when unreadable.
 */
export function instant(value: unknown, field: string): string {
  const raw = requiredText(value, field);
  const m = TIMESTAMP.exec(toHalfWidth(raw));
  if (!m) throw new RecordError('INVALID_TIMESTAMP', `${field} is not a timestamp`);
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  const offset = zone === undefined ? '+08:00' : zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${offset}`);
  if (Number.isNaN(date.getTime()) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new RecordError('INVALID_TIMESTAMP', `${field} is not a timestamp`);
  }
  return date.toISOString();
}

/** Like {@link instant}, but `null` instead of throwing: for keys and versions, which must not fail. */
export function instantOrNull(value: unknown): string | null {
  try {
    return instant(value, 'time');
  } catch {
    return null;
  }
}
