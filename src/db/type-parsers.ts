import { parseTimestamp, parseTimestamptz } from './timestamp-text';

/**
 * How column values come back, the same on `pg` and on PGlite, so code above the database
 * never learns which one it runs on:
 * - `date` stays a `'YYYY-MM-DD'` string (no time-zone shift through a JS Date);
 * - `int8` (counts, offsets) becomes a number: the hub's counts stay far below 2^53;
 * - `numeric` becomes a number (areas, hours, fees; no money arithmetic happens in JS);
 * - `timestamptz` / `timestamp` become `Date` (read by ./timestamp-text.ts, not `Date`'s parser).
 */
export const TYPE_PARSERS: Readonly<Record<number, (value: string) => unknown>> = {
  1082: (v) => v,
  20: (v) => Number(v),
  1700: (v) => Number(v),
  1184: parseTimestamptz,
  1114: parseTimestamp,
};
