/** The SDK's JSON field readers, re-exported for this connector's mappings. */
export { arrayOf, assertNotMojibake, objectOf, requiredText, text } from '../../src/sdk/index';

/** Hours as a number (`2`, `"1.5"`), or `null` when missing or not a number. */
export function hoursOf(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}
