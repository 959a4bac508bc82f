import type { JsonValue } from '../../connector';
import { ConnectorError } from '../../connector-error';

/**
 * The cursor of an event log: for each partition, the offset of the next message to read
 * (`{ "0": 120, "1": 98 }`). Kafka partitions are numbered from 0; a JSON Lines file is one
 * partition, `"0"`, whose offsets are 0-based line numbers. Offsets are JSON numbers (exact up to
 * 2^53, far beyond any topic's life).
 */
export type PartitionOffsets = Readonly<Record<string, number>>;

/**
 * Reads a cursor the hub handed back: `null` (first run) is `{}`; anything else must be an object
 * of non-negative integer offsets (numeric strings are accepted). A malformed cursor is a
 * `system` failure: the hub stored something this transport never wrote.
 */
export function parseOffsetsCursor(cursor: JsonValue | null): Map<number, number> {
  const out = new Map<number, number>();
  if (cursor === null) return out;
  if (typeof cursor !== 'object' || Array.isArray(cursor)) throw badCursor('it is not an object');
  for (const [key, raw] of Object.entries(cursor)) {
    const partition = Number(key);
    const offset = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (!Number.isSafeInteger(partition) || partition < 0) throw badCursor(`"${key}" is not a partition number`);
    if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw badCursor(`partition ${key} has no valid offset`);
    out.set(partition, offset);
  }
  return out;
}

/** The cursor for the given next offsets, partitions in ascending order. */
export function offsetsCursor(next: ReadonlyMap<number, number>): PartitionOffsets {
  const out: Record<string, number> = {};
  for (const p of [...next.keys()].sort((a, b) => a - b)) out[String(p)] = next.get(p)!;
  return out;
}

function badCursor(why: string): ConnectorError {
  return new ConnectorError('system', 'BAD_CURSOR', `the stored cursor cannot be read: ${why}`);
}
