import { HUB_TIME_ZONE } from '../../graphql/stats/time-buckets';

/**
 * A period of the 融合 index: a calendar month (`2026-11`) or quarter (`2026-Q4`) in China time
 * (src/graphql/stats/time-buckets.ts, the one time-zone rule). Flow figures (cases, activities)
 * count what happened inside it; stock figures (coverage, structure) are read as of its last day,
 * or as of today while the period is still running.
 */
export interface FusionPeriod {
  /** The label as the API shows it: `2026-11` or `2026-Q4`. */
  readonly label: string;
  /** First local day, `YYYY-MM-DD` (China time). */
  readonly startDay: string;
  /** First local day after the period, `YYYY-MM-DD` (exclusive end). */
  readonly endDay: string;
  /** Calendar months in the period (1 or 3). */
  readonly months: number;
}

const CST_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai: UTC+8, no daylight saving

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A validated period label, or `null` when `text` is not `YYYY-MM` or `YYYY-Qn`. */
export function parseFusionPeriod(text: string): FusionPeriod | null {
  const s = text.trim();
  const month = /^(\d{4})-(\d{2})$/.exec(s);
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(s);
  let year: number;
  let first: number;
  let months: number;
  if (month) {
    year = Number(month[1]);
    first = Number(month[2]);
    months = 1;
    if (first < 1 || first > 12) return null;
  } else if (quarter) {
    year = Number(quarter[1]);
    first = (Number(quarter[2]) - 1) * 3 + 1;
    months = 3;
  } else return null;
  if (year < 1949 || year > 2999) return null;
  const endMonth = first + months; // 13 means January of the next year
  const endDay = endMonth > 12 ? `${year + 1}-01-01` : `${year}-${pad2(endMonth)}-01`;
  return {
    label: months === 1 ? `${year}-${pad2(first)}` : `${year}-Q${(first + 2) / 3}`,
    startDay: `${year}-${pad2(first)}-01`,
    endDay,
    months,
  };
}

/** The quarter that holds the instant `now`, in China time (the default period). */
export function currentFusionQuarter(now: Date = new Date()): FusionPeriod {
  const local = new Date(now.getTime() + CST_OFFSET_MS);
  const q = Math.floor(local.getUTCMonth() / 3) + 1;
  return parseFusionPeriod(`${local.getUTCFullYear()}-Q${q}`)!;
}

/** The instant a local China day starts, as ISO 8601 UTC (`2026-04-01` → `2026-03-31T16:00:00.000Z`). */
export function chinaDayStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS).toISOString();
}

/** The time zone the period's days are taken in. */
export const FUSION_TIME_ZONE = HUB_TIME_ZONE;
