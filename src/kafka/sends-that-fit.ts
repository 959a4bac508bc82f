/**
 * Sizing producer sends to a topic's `max.message.bytes`. kafkajs puts one send's messages to a
 * partition into one record batch and does not split it, and the broker refuses a batch larger
 * than the topic's limit as a whole (`MESSAGE_TOO_LARGE`) — small messages included. So whoever
 * sends many messages at once (the raw publisher, the DLQ copies) groups them under the limit.
 */
import type { IHeaders, Message } from 'kafkajs';

/** Room left in a send for the record-batch header and per-record overhead the estimate misses, bytes. */
export const SEND_OVERHEAD_BYTES = 16 * 1024;

/** The largest estimated size of one send (or one message) to a topic taking `topicMaxBytes`. */
export function sendBudget(topicMaxBytes: number): number {
  return Math.max(1, topicMaxBytes - SEND_OVERHEAD_BYTES);
}

/** A message's size in a record batch, estimated from above: key, value, headers and 64 bytes of framing. */
export function messageBytes(m: Message): number {
  const len = (v: unknown) => (v === null || v === undefined ? 0 : Buffer.isBuffer(v) ? v.length : Buffer.byteLength(String(v), 'utf8'));
  let bytes = 64 + len(m.key) + len(m.value);
  for (const [k, v] of Object.entries((m.headers ?? {}) as IHeaders)) bytes += 8 + len(k) + (Array.isArray(v) ? v.reduce((s, x) => s + len(x), 0) : len(v));
  return bytes;
}

/**
 * Consecutive groups of at most `budget` estimated bytes (`bytesOf`), in order; an item larger
 * than `budget` goes alone.
 */
export function inSends<T>(items: readonly T[], budget: number, bytesOf: (item: T) => number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const m of items) {
    const bytes = bytesOf(m);
    if (current.length > 0 && size + bytes > budget) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(m);
    size += bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
