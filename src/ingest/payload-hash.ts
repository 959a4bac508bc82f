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
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out += (i === 0 ? '' : ',') + (v === undefined ? 'null' : canonicalJson(v));
    }
    return `${out}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const record = value as Record<string, unknown>;
  // code-unit order, as `<` compares; every record of a source has the same keys, so the sorted
  // order and the quoted keys are worked out once per key set
  const layout = layoutOf(Object.keys(record));
  let out = '{';
  let first = true;
  for (let i = 0; i < layout.keys.length; i++) {
    const v = record[layout.keys[i]!];
    if (v === undefined) continue;
    out += (first ? '' : ',') + layout.quoted[i]! + (typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v));
    first = false;
  }
  return `${out}}`;
}

interface KeyLayout {
  keys: string[];
  /** `"key":` per key. */
  quoted: string[];
}

const layouts = new Map<string, KeyLayout>();

function layoutOf(keys: string[]): KeyLayout {
  const signature = keys.join('\u0000');
  let layout = layouts.get(signature);
  if (!layout) {
    if (layouts.size >= 1_000) layouts.clear();
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    layout = { keys: sorted, quoted: sorted.map((k) => `${JSON.stringify(k)}:`) };
    layouts.set(signature, layout);
  }
  return layout;
}
