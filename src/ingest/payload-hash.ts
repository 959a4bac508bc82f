import { createHash } from 'node:crypto';

/**
 * SHA-256 of a payload's canonical JSON (object keys sorted), so the same record read twice —
 * whatever order its source wrote the keys in — hashes the same. Strings hash as themselves.
 */
export function payloadHash(payload: unknown): string {
  return createHash('sha256').update(typeof payload === 'string' ? payload : canonicalJson(payload)).digest('hex');
}

/** JSON with sorted object keys; `undefined` members dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
