/** GB 11643-1999 weights for positions 1–17 of a 公民身份号码. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check characters indexed by Σ mod 11. */
const ID_CHECK_CHARS = '10X98765432';

/**
 * 校验码: the GB 11643 check character for the first 17 digits of a citizen ID number.
 * Throws a plain Error if `first17` is not exactly 17 ASCII digits (a programming error,
 * not a data error: callers validate format first).
 */
export function citizenIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('citizenIdCheckChar: expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}
