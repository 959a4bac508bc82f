/** Decimal places every rate and share the API returns is rounded to (0.8333, not 0.8333333333333334). */
export const RATE_DECIMALS = 4;

/** A rate rounded to {@link RATE_DECIMALS} places (half away from zero); null stays null. */
export function roundRate(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** RATE_DECIMALS;
  return Math.sign(value) * Math.round(Math.abs(value) * f) / f;
}
