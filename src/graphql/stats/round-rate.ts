/** Decimal places every rate and share the API returns is rounded to (0.8333, not 0.8333333333333334). */
export const RATE_DECIMALS = 4;

/** Decimal places of hour figures (`avgHoursToClose`): 0.01 h is 36 seconds, finer than any source's clock. */
export const HOURS_DECIMALS = 2;

/** `value` rounded to `decimals` places (half away from zero); null and non-finite values are null. */
export function roundTo(value: number | null, decimals: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * f)) / f;
}

/** A rate rounded to {@link RATE_DECIMALS} places (half away from zero); null stays null. */
export function roundRate(value: number | null): number | null {
  return roundTo(value, RATE_DECIMALS);
}

/** Hours rounded to {@link HOURS_DECIMALS} places (half away from zero); null stays null. */
export function roundHours(value: number | null): number | null {
  return roundTo(value, HOURS_DECIMALS);
}
