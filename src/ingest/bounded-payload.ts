/**
 * Size bounds for copies of a record's payload that people and other systems read (the masked
 * `dead_letter.payload` column, the `huiju.dlq.<source>` topic): a payload whose JSON text is
 * larger than the bound is replaced by a marker that says so and keeps the beginning of the text,
 * `{"$truncated": true, "bytes": <UTF-8 bytes of the whole JSON text>, "head": "<its first characters>"}`.
 * The full record is never lost by this: dead letters keep it encrypted (`payload_enc`), and that is
 * what a replay maps again. Bound already-masked values only: the head is shown as is.
 */

/** Default bound of a stored or published payload copy: 256 KiB of JSON text. */
export const PAYLOAD_COPY_MAX_BYTES = 256 * 1024;

/** The marker that replaces a payload larger than its bound. */
export interface TruncatedPayload {
  $truncated: true;
  /** UTF-8 bytes of the whole payload's JSON text. */
  bytes: number;
  /** The beginning of that text, as long as the marker stays within the bound. */
  head: string;
}

/**
 * `value` itself when its JSON text is at most `maxBytes` (UTF-8), otherwise a
 * {@link TruncatedPayload} whose own JSON text is at most `maxBytes` (at least 64).
 */
export function boundPayload(value: unknown, maxBytes: number = PAYLOAD_COPY_MAX_BYTES): unknown {
  const text = JSON.stringify(value ?? null);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return value;
  const limit = Math.max(64, maxBytes);
  const size = (head: string) => Buffer.byteLength(JSON.stringify({ $truncated: true, bytes, head } satisfies TruncatedPayload), 'utf8');
  // the longest head whose marker fits (escaping can double a character's size, so search)
  let lo = 0;
  let hi = Math.min(text.length, limit);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (size(cut(text, mid)) <= limit) lo = mid;
    else hi = mid - 1;
  }
  return { $truncated: true, bytes, head: cut(text, lo) } satisfies TruncatedPayload;
}

/** True for a {@link TruncatedPayload} marker. */
export function isTruncatedPayload(value: unknown): value is TruncatedPayload {
  return typeof value === 'object' && value !== null && (value as { $truncated?: unknown }).$truncated === true;
}

/** The first `n` UTF-16 units of `text`, never ending inside a surrogate pair. */
function cut(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, n - 1) : text.slice(0, n);
}
