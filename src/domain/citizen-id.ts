import { parseAreaCode } from './area-code';
import { isExcelDamagedNumber } from './excel-damage';
import { stripLeadingApostrophe, toHalfWidth } from './normalize';

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

/** Options for {@link parseCitizenId}. */
export interface ParseCitizenIdOptions {
  /**
   * Reject birth dates after this day (`YYYY-MM-DD`, or a `Date` read in UTC). Default: no
   * upper bound. The library never reads the clock; pass the ingest's as-of date.
   */
  asOf?: string | Date;
}

/** A valid 公民身份号码. */
export interface CitizenIdOk {
  ok: true;
  /** Normalised 18-character number, check character upper-case. */
  id18: string;
  /** First 6 digits: the GB/T 2260 code where the number was issued. */
  areaCode: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** From the sequence digit: odd = male. */
  sex: 'M' | 'F';
  /** True when the input was a 15-digit legacy number. */
  upgraded: boolean;
  /** Codes of non-fatal findings, e.g. `ID_AREA_CODE_UNUSUAL`. */
  warnings: string[];
}

/** Why a citizen ID number was refused; these are dead-letter reason codes. */
export type CitizenIdReason = 'INVALID_ID_FORMAT' | 'INVALID_ID_DATE' | 'INVALID_ID_CHECKSUM' | 'EXCEL_PRECISION_LOST';

/** A refused number. `message` names the problem only, never the number. */
export interface CitizenIdError {
  ok: false;
  reason: CitizenIdReason;
  message: string;
}

export type CitizenIdResult = CitizenIdOk | CitizenIdError;

/** Earliest birth year accepted: people born in the 1880s held 18-digit numbers. */
const MIN_BIRTH_YEAR = 1800;

function fail(reason: CitizenIdReason, message: string): CitizenIdError {
  return { ok: false, reason, message };
}

/** True when y-m-d is a real Gregorian calendar date. */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

function asOfDay(asOf: string | Date): string {
  return typeof asOf === 'string' ? asOf.slice(0, 10) : asOf.toISOString().slice(0, 10);
}

/**
 * Normalise a raw ID-number cell: full-width → half-width, trim, spreadsheet apostrophe and
 * every space removed, `x` upper-cased. Does not validate.
 */
export function normalizeCitizenId(raw: string): string {
  return stripLeadingApostrophe(toHalfWidth(raw)).replace(/\s+/g, '').toUpperCase();
}

/**
 * Validate a 公民身份号码 (GB 11643-1999) and return its parts. Accepts 18-character numbers
 * and 15-digit legacy numbers (`19` inserted before the birth date, check computed,
 * `upgraded: true`). Checks, in order: format → real calendar birth date (year ≥ 1800, not
 * after `asOf`) → check character. The issuing area code is only warned about: codes get
 * retired, numbers do not. A number in scientific notation (`4.20102E+17`: a spreadsheet stored
 * the ID as a number and rounded it past 15 digits) is `EXCEL_PRECISION_LOST`, checked first,
 * because its digits — if any were kept — could pass the check and name someone else
 * (`excel-damage.ts`). Never throws; the message never contains the number.
 */
export function parseCitizenId(raw: string, options: ParseCitizenIdOptions = {}): CitizenIdResult {
  if (isExcelDamagedNumber(raw)) {
    return fail('EXCEL_PRECISION_LOST', 'citizen ID number: a spreadsheet stored it as a number in scientific notation; digits past the 15th are lost');
  }
  const s = normalizeCitizenId(raw);
  let id18: string;
  let upgraded = false;
  if (/^\d{17}[\dX]$/.test(s)) {
    id18 = s;
  } else if (/^\d{15}$/.test(s)) {
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    id18 = first17 + citizenIdCheckChar(first17);
    upgraded = true;
  } else {
    return fail('INVALID_ID_FORMAT', 'citizen ID number: must be 18 characters (17 digits + digit or X) or 15 digits');
  }

  const y = Number(id18.slice(6, 10));
  const m = Number(id18.slice(10, 12));
  const d = Number(id18.slice(12, 14));
  if (y < MIN_BIRTH_YEAR || !isCalendarDate(y, m, d)) {
    return fail('INVALID_ID_DATE', 'citizen ID number: birth date is not a real calendar date');
  }
  const birthDate = `${id18.slice(6, 10)}-${id18.slice(10, 12)}-${id18.slice(12, 14)}`;
  if (options.asOf !== undefined && birthDate > asOfDay(options.asOf)) {
    return fail('INVALID_ID_DATE', 'citizen ID number: birth date is after the as-of date');
  }

  if (!upgraded && citizenIdCheckChar(id18.slice(0, 17)) !== id18[17]) {
    return fail('INVALID_ID_CHECKSUM', 'citizen ID number: check character does not match');
  }

  const areaCode = id18.slice(0, 6);
  const warnings: string[] = [];
  const area = parseAreaCode(areaCode);
  if (!area.ok || area.warnings.length > 0 || area.level !== 'district') warnings.push('ID_AREA_CODE_UNUSUAL');

  return {
    ok: true,
    id18,
    areaCode,
    birthDate,
    sex: Number(id18[16]) % 2 === 1 ? 'M' : 'F',
    upgraded,
    warnings,
  };
}
