import { stripLeadingApostrophe, toHalfWidth } from './normalize';

/**
 * Excel 损坏的号码: an identifier that passed through a spreadsheet as a *number* is damaged
 * beyond repair. Excel keeps 15 significant digits, so an 18-digit 公民身份号码 typed into a
 * numeric cell has already lost its last three digits (they become `000`, or whatever the nearest
 * double holds when another tool wrote the file) — and the rounded digits pass the check digit one
 * time in eleven, which would store a person nobody is. In a General-formatted cell, and in a CSV
 * saved from one, such numbers — and mobiles in a narrow column — are written in scientific
 * notation (`4.20102E+17`, `1.38001E+10`): the digits are gone.
 *
 * The value is an error, not data: the reason code {@link EXCEL_PRECISION_LOST}. The xlsx reader
 * hands every numeric cell of more than 15 digits on in Excel's General (scientific) form, so the
 * identifier parsers (`parseCitizenId`, `parseMobile`) see one shape for every source — a
 * spreadsheet cell, a CSV cell, a JSON string — and reject it before looking at the digits.
 */

/** Dead-letter reason code of an identifier a spreadsheet turned into a rounded number. */
export const EXCEL_PRECISION_LOST = 'EXCEL_PRECISION_LOST';

/** Digits Excel keeps of a number; more than this and the rest were rounded away. */
export const EXCEL_SIGNIFICANT_DIGITS = 15;

/** A number in scientific notation, as spreadsheets write it (`4.20102E+17`, `1.38001e+10`, `4E17`). */
const SCIENTIFIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)E[+-]?\d+$/i;

/**
 * True when a raw identifier cell holds a number written in scientific notation — the mark of a
 * spreadsheet that stored the identifier as a number (after full-width → half-width, the
 * spreadsheet apostrophe and spaces removed). Pure; says nothing about the digits.
 */
export function isExcelDamagedNumber(raw: string): boolean {
  const s = stripLeadingApostrophe(toHalfWidth(raw)).replace(/\s+/g, '');
  return SCIENTIFIC.test(s);
}
