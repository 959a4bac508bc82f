/** GB 32100-2015 alphabet: values 0–30, no I O Z S V. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100-2015 weights for positions 1–17. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** GB 11714 weights for the 8 body characters of an 组织机构代码. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * 统一社会信用代码校验码: the check character (position 18) for the first 17 characters.
 * Throws a plain Error if `first17` is not 17 characters of the USCC alphabet (callers
 * validate format first).
 */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('usccCheckChar: expected 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new Error('usccCheckChar: character outside the USCC alphabet');
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * 组织机构代码校验码 (GB 11714): the check character for the 8-character body of an
 * organisation code (USCC positions 9–16). Digits count 0–9, letters A=10…Z=35;
 * result 10 → 'X', 11 → '0'. Throws on characters outside 0-9A-Z.
 */
export function orgCodeCheckChar(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) throw new Error('orgCodeCheckChar: expected 8 characters 0-9A-Z');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i]!, 36) * ORG_CODE_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}
