import { type RawBuilder, sql } from 'kysely';

/**
 * The one time-zone rule: times are stored as instants (`timestamptz`) and returned in ISO 8601
 * UTC; every calendar figure — a day, week, month or quarter bucket, "this month", an age — is
 * taken in China time (`Asia/Shanghai`, UTC+8, no daylight saving), where the hub's users live.
 * A case reported at 2026-03-31T17:00:00Z is in April (01:00 on 1 April in Beijing).
 */
export const HUB_TIME_ZONE = 'Asia/Shanghai';

/** Calendar buckets a grouped figure can use. */
export type TimeBucket = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER';

/** An instant expression as China local time (timestamp without time zone). */
export function chinaTime(instant: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(${instant} at time zone ${sql.lit(HUB_TIME_ZONE)})`;
}

/**
 * The bucket label of an instant, in China time: `2026-04-01` (DAY), `2026-W14` (ISO week),
 * `2026-04` (MONTH), `2026-Q2` (QUARTER). Labels sort as text in time order.
 */
export function bucketLabel(bucket: TimeBucket, instant: RawBuilder<unknown>): RawBuilder<string> {
  const local = chinaTime(instant);
  switch (bucket) {
    case 'DAY':
      return sql<string>`to_char(${local}, 'YYYY-MM-DD')`;
    case 'WEEK':
      return sql<string>`to_char(${local}, 'IYYY-"W"IW')`;
    case 'MONTH':
      return sql<string>`to_char(${local}, 'YYYY-MM')`;
    case 'QUARTER':
      return sql<string>`to_char(${local}, 'YYYY-"Q"Q')`;
  }
}

/** Today's date in China time (for ages and "this month"). */
export const CHINA_TODAY = sql<string>`(now() at time zone ${sql.lit(HUB_TIME_ZONE)})::date`;
