import { detectMojibake } from '../domain/mojibake';
import { RecordError } from './connector-error';

/**
 * Reading fields of raw JSON records (HTTP pages, CloudEvents) that may be missing, `null`,
 * numbers or blank — the small helpers every JSON connector's `map()` needs.
 */

/** A trimmed, non-empty string from a field that may be missing, `null`, a number or blank. */
export function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const s = value.trim();
  return s === '' ? null : s;
}

/** Like {@link text}, but a missing value dead-letters the record with `MISSING_FIELD`. */
export function requiredText(value: unknown, field: string): string {
  const s = text(value);
  if (s === null) throw new RecordError('MISSING_FIELD', `${field} is missing`);
  return s;
}

/** The value when it is a plain object, else `null`. */
export function objectOrNull(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The value when it is a plain object, else `{}` (a missing or malformed sub-object reads as empty). */
export function objectOf(value: unknown): Record<string, unknown> {
  return objectOrNull(value) ?? {};
}

/** The value when it is an array, else `[]`. */
export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Dead-letters the record with `MOJIBAKE` when any of the named text values was decoded with
 * the wrong character set. The message names the field and the pattern, never the text.
 */
export function assertNotMojibake(fields: readonly (readonly [field: string, value: string | null])[]): void {
  for (const [field, value] of fields) {
    if (value === null) continue;
    const finding = detectMojibake(value);
    if (finding) throw new RecordError('MOJIBAKE', `${field} looks mis-decoded (${finding.pattern})`);
  }
}
