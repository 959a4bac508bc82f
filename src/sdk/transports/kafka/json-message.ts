/**
 * One message of an event log (a Kafka record's value, a line of a JSON Lines file) as a JSON
 * object, or the reason it cannot be one. Both modes of this transport decode through
 * {@link decodeJsonMessage}, so a message means the same thing whether it came from a broker or
 * from a file, and fails with the same reason code.
 */

/** Dead-letter reason codes of this transport. */
export const MESSAGE_FAILURE_REASONS = Object.freeze({
  /** The value is larger than the configured `maxMessageBytes`; it is not parsed at all. */
  OVERSIZE_MESSAGE: 'OVERSIZE_MESSAGE',
  /** The value is not UTF-8 (a producer that wrote GBK, a binary payload). */
  BAD_ENCODING: 'BAD_ENCODING',
  /** The value is not JSON, or JSON but not an object. */
  BAD_JSON: 'BAD_JSON',
  /** The value is empty (a Kafka tombstone, a record without a value). */
  EMPTY_MESSAGE: 'EMPTY_MESSAGE',
} as const);

/** One of {@link MESSAGE_FAILURE_REASONS}. */
export type MessageFailureReason = (typeof MESSAGE_FAILURE_REASONS)[keyof typeof MESSAGE_FAILURE_REASONS];

/** A message that decoded to a JSON object. */
export interface DecodedMessage {
  ok: true;
  value: Record<string, unknown>;
  /** Size of the value in bytes (UTF-8). */
  bytes: number;
}

/** A message that did not: what the dead letter says. */
export interface UndecodableMessage {
  ok: false;
  reason: MessageFailureReason;
  /** Names where the message was and what is wrong; never quotes the value (it may be personal). */
  message: string;
  /** The start of the value as text, at most {@link MAX_RAW_CHARS} characters, for the dead letter. */
  raw: string;
  bytes: number;
}

/** Longest prefix of an unreadable value kept in its dead letter. */
export const MAX_RAW_CHARS = 10_000;
/** Longest prefix of an oversize value kept in its dead letter. */
export const MAX_OVERSIZE_RAW_CHARS = 1_000;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Decodes one message value. `where` names the message in failure messages (`partition 2 offset
 * 17`, `events.jsonl:5`). A leading byte-order mark is dropped. Order of checks: empty, size,
 * encoding, JSON, object — so an oversize value is never decoded or parsed.
 */
export function decodeJsonMessage(value: Uint8Array | string | null | undefined, maxMessageBytes: number, where: string): DecodedMessage | UndecodableMessage {
  if (value === null || value === undefined || value.length === 0) {
    return { ok: false, reason: 'EMPTY_MESSAGE', message: `${where} has no value`, raw: '', bytes: 0 };
  }
  const bytes = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.byteLength;
  if (bytes > maxMessageBytes) {
    const head = typeof value === 'string' ? value.slice(0, MAX_OVERSIZE_RAW_CHARS) : lenientUtf8.decode(value.subarray(0, MAX_OVERSIZE_RAW_CHARS * 4)).slice(0, MAX_OVERSIZE_RAW_CHARS);
    return { ok: false, reason: 'OVERSIZE_MESSAGE', message: `${where} is ${bytes} bytes, more than maxMessageBytes (${maxMessageBytes})`, raw: head, bytes };
  }
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else {
    try {
      text = utf8.decode(value);
    } catch {
      return { ok: false, reason: 'BAD_ENCODING', message: `${where} is not UTF-8`, raw: lenientUtf8.decode(value).slice(0, MAX_RAW_CHARS), bytes };
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // the parser's own message quotes the input, which may be personal: name the place only
    return { ok: false, reason: 'BAD_JSON', message: `${where} is not valid JSON`, raw: text.slice(0, MAX_RAW_CHARS), bytes };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, reason: 'BAD_JSON', message: `${where} is JSON but not an object`, raw: text.slice(0, MAX_RAW_CHARS), bytes };
  }
  return { ok: true, value: parsed as Record<string, unknown>, bytes };
}
