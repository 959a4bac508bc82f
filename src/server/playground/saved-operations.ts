/**
 * The playground's saved operations (已保存的操作): pure functions shared by the browser client and
 * the unit tests. The list lives in the browser's localStorage under one key per user: the token's
 * subject when a token is set, else `anonymous`. The key is derived from the token, never the token:
 * a JWT's `iss` and `sub` (so a renewed token finds the same list), hashed; any other token (an API
 * key) hashed whole, with a playground-only prefix so the hash is not the one the hub stores.
 */

/** One saved operation: the query editor's text and the variables editor's text. */
export interface SavedOperation {
  /** Stable id (rename keeps it). */
  id: string;
  /** The name the user gave it. */
  name: string;
  /** The operation document. */
  query: string;
  /** The variables as JSON text (as typed; may be empty). */
  variables: string;
  /** When it was saved or last changed (ISO 8601). */
  savedAt: string;
}

/** Whose list the page shows. */
export interface SavedOwner {
  /** Part of the storage key: `anonymous`, `sub-<hash>` or `key-<hash>` (16 hex digits). */
  key: string;
  /** What the page shows: `anonymous`, the JWT's subject, or an API key's public prefix. */
  label: string;
}

/** localStorage key prefix; the owner's key follows. */
export const SAVED_STORAGE_PREFIX = 'huiju:saved:';
/** `format` of an export file. */
export const SAVED_EXPORT_FORMAT = 'huiju-saved-operations';

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * SHA-256 of the text's UTF-8 bytes, hex. Written out because `crypto.subtle` exists only in a
 * secure context (https or localhost) and a hub on a LAN address is served over plain http.
 */
export function sha256Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array((((bytes.length + 8) >> 6) + 1) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = Array.from(h) as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    const add = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = (h[i]! + add[i]!) >>> 0;
  }
  return Array.from(h, (x) => x.toString(16).padStart(8, '0')).join('');
}

function base64UrlJson(part: string): unknown {
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
  } catch {
    return null;
  }
}

/** A JWT's `iss` and `sub`, read without checking the signature (only to name a storage key), or null. */
export function jwtSubject(token: string): { iss: string; sub: string } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const payload = base64UrlJson(parts[1]!) as { iss?: unknown; sub?: unknown } | null;
  if (!payload || typeof payload !== 'object' || typeof payload.sub !== 'string' || !payload.sub) return null;
  return { iss: typeof payload.iss === 'string' ? payload.iss : '', sub: payload.sub };
}

/** Whose saved operations go with this token (as typed in the Token field, `Bearer ` allowed). */
export function savedOwner(token: string | null | undefined): SavedOwner {
  const t = (token ?? '').trim().replace(/^bearer\s+/i, '');
  if (!t) return { key: 'anonymous', label: 'anonymous' };
  const jwt = jwtSubject(t);
  if (jwt) return { key: `sub-${sha256Hex(`huiju-playground-owner\njwt\n${jwt.iss}\n${jwt.sub}`).slice(0, 16)}`, label: jwt.sub };
  const hash = sha256Hex(`huiju-playground-owner\nkey\n${t}`).slice(0, 16);
  // an API key's first 10 characters are public (listings show them); other tokens show only the hash
  return { key: `key-${hash}`, label: t.startsWith('hj_') && t.length > 20 ? `${t.slice(0, 10)}…` : `key ${hash.slice(0, 8)}` };
}

function isSaved(v: unknown): v is SavedOperation {
  const o = v as Partial<SavedOperation> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.id === 'string' &&
    typeof o.name === 'string' &&
    typeof o.query === 'string' &&
    typeof o.variables === 'string' &&
    typeof o.savedAt === 'string'
  );
}

/** The saved list from its stored JSON; anything unreadable counts as an empty list. */
export function parseSavedList(json: string | null): SavedOperation[] {
  if (!json) return [];
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list.filter(isSaved) : [];
  } catch {
    return [];
  }
}

/** Saves `op` under its name: replaces the operation with that name (keeping its id), else adds it at the end. */
export function upsertSaved(list: readonly SavedOperation[], op: SavedOperation): SavedOperation[] {
  const at = list.findIndex((o) => o.name === op.name);
  if (at < 0) return [...list, op];
  return list.map((o, i) => (i === at ? { ...op, id: o.id } : o));
}

/** Renames the operation with id `id`; an operation already named `name` is replaced by it. */
export function renameSaved(list: readonly SavedOperation[], id: string, name: string, at: Date): SavedOperation[] {
  return list.filter((o) => o.id === id || o.name !== name).map((o) => (o.id === id ? { ...o, name, savedAt: at.toISOString() } : o));
}

/** Removes the operation with id `id`. */
export function deleteSaved(list: readonly SavedOperation[], id: string): SavedOperation[] {
  return list.filter((o) => o.id !== id);
}

/** An export file: the operations and whose list they were (the owner's label, not the token). */
export function exportSaved(list: readonly SavedOperation[], owner: SavedOwner, at: Date): string {
  return `${JSON.stringify({ format: SAVED_EXPORT_FORMAT, version: 1, owner: owner.label, exportedAt: at.toISOString(), operations: list }, null, 2)}\n`;
}

/**
 * Merges an export file (or a bare array of operations) into `list`: an operation whose name is
 * already saved replaces it, others are added. Throws with a message a person can act on.
 */
export function importSaved(list: readonly SavedOperation[], json: string): { list: SavedOperation[]; added: number; replaced: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('not JSON');
  }
  const ops = Array.isArray(parsed) ? parsed : (parsed as { format?: unknown; operations?: unknown } | null)?.operations;
  if (!Array.isArray(ops) || (!Array.isArray(parsed) && (parsed as { format?: unknown }).format !== SAVED_EXPORT_FORMAT)) {
    throw new Error(`not a ${SAVED_EXPORT_FORMAT} file`);
  }
  let out = [...list];
  let added = 0;
  let replaced = 0;
  for (const op of ops) {
    if (!isSaved(op)) throw new Error('an operation lacks id, name, query, variables or savedAt');
    if (out.some((o) => o.name === op.name)) replaced++;
    else added++;
    out = upsertSaved(out, out.some((o) => o.id === op.id && o.name !== op.name) ? { ...op, id: newId(op.id) } : op);
  }
  return { list: out, added, replaced };
}

/** A fresh id (`seed` keeps ids of imports recognisable). */
export function newId(seed = ''): string {
  return `${seed ? `${seed}-` : ''}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
