import { isExcelDamagedNumber } from './excel-damage';
import { stripLeadingApostrophe, toHalfWidth } from './normalize';

/** A valid mainland mobile number. */
export interface MobileOk {
  ok: true;
  /** 11 digits, `13912345678`. */
  national: string;
  /** The stored form, `+8613912345678`. */
  e164: string;
}

/** A refused mobile number. `message` names the problem only, never the number. */
export interface MobileError {
  ok: false;
  /** `EXCEL_PRECISION_LOST`: written in scientific notation (`1.38001E+10`) by a spreadsheet. */
  reason: 'INVALID_MOBILE' | 'EXCEL_PRECISION_LOST';
  message: string;
}

export type MobileResult = MobileOk | MobileError;

/** Decorations people put in phone numbers: whitespace, dashes of every width, parentheses, dots. */
const DECORATIONS = /[\s\-‐-―−﹣()（）.]/gu;

/** The loose mainland mobile check of DOMAIN.md §3. */
const MOBILE = /^1[3-9]\d{9}$/;

/**
 * Normalise and validate a 手机号码: full-width → half-width, spreadsheet apostrophe, spaces,
 * dashes, dots and parentheses removed, then a `+86` / `0086` prefix — or a bare `86` in front
 * of 11 digits — stripped. What remains must match `^1[3-9]\d{9}$` (the loose check: number
 * ranges change too often to pin). A number in scientific notation (`1.38001E+10`, a
 * spreadsheet's rendering of a numeric cell) is `EXCEL_PRECISION_LOST`: its digits are gone.
 * Never throws; the message never contains the number.
 */
export function parseMobile(raw: string): MobileResult {
  if (isExcelDamagedNumber(raw)) {
    return { ok: false, reason: 'EXCEL_PRECISION_LOST', message: 'mobile: a spreadsheet wrote it in scientific notation; its digits are lost' };
  }
  let s = stripLeadingApostrophe(toHalfWidth(raw)).replace(DECORATIONS, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2);
  if (!MOBILE.test(s)) {
    return { ok: false, reason: 'INVALID_MOBILE', message: 'mobile: must be 11 digits starting 13–19, optionally after +86' };
  }
  return { ok: true, national: s, e164: `+86${s}` };
}
