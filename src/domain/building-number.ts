import { numeralValue } from './estate-name';

/**
 * 楼栋号 / 单元 / 房号 in one form. Sources write one building as `03栋`, `3号楼`, `三幢`, `3座`,
 * `第3栋` or `3`, and one letter building as `A座`, `A栋` or `a栋`; the street office prefixes the
 * 小区 (`幸福小区3栋`). Pure and total; the input is expected already address-normalised
 * (`normalizeAddress`: half-width, Simplified, spaces out).
 */

/** A building label split into the text before the number (the 小区, when written) and the number. */
export interface BuildingNumber {
  /** Whatever precedes the number: the 小区 name a street office writes, else `''`. */
  estate: string;
  /**
   * The number in one form: digits without leading zeros (`3`), a Chinese numeral up to 99 as
   * digits (`三` → `3`, `十二` → `12`), Latin letters upper-cased (`A`, `A3`, `12A`); `''` when
   * the label ends in no number (then `estate` holds the whole label).
   */
  no: string;
}

/** The words after a building number (longest first). */
const BUILDING_WORDS = /(号楼|栋|幢|座|号)$/u;
const LETTER_DIGITS = /(?<![A-Za-z])第?([A-Za-z])(\d+)$/u;
const DIGITS_LETTER = /(?<!\d)第?(\d+)([A-Za-z])$/u;
const DIGITS = /第?(\d+)$/u;
const LETTER = /(?<![A-Za-z])([A-Za-z])$/u;
const CHINESE = /第?([零〇一二两三四五六七八九十]+)$/u;

/**
 * Splits a building label: `幸福小区03栋` → `{ estate: '幸福小区', no: '3' }`, `三幢` → `{ '', '3' }`,
 * `a座` → `{ '', 'A' }`, `SOHO3号楼` → `{ 'SOHO', '3' }`. A label without a recognisable number keeps
 * its text (building word removed) as `estate` and `no: ''`. `楼` alone is not taken off (`3楼` is
 * often a floor).
 */
export function parseBuildingNumber(normalized: string): BuildingNumber {
  const s = normalized.replace(BUILDING_WORDS, '');
  let m = LETTER_DIGITS.exec(s);
  if (m) return { estate: s.slice(0, m.index), no: `${m[1]!.toUpperCase()}${m[2]!.replace(/^0+(?=\d)/, '')}` };
  m = DIGITS_LETTER.exec(s);
  if (m) return { estate: s.slice(0, m.index), no: `${m[1]!.replace(/^0+(?=\d)/, '')}${m[2]!.toUpperCase()}` };
  m = DIGITS.exec(s);
  if (m) return { estate: s.slice(0, m.index), no: m[1]!.replace(/^0+(?=\d)/, '') };
  m = LETTER.exec(s);
  if (m) return { estate: s.slice(0, m.index), no: m[1]!.toUpperCase() };
  m = CHINESE.exec(s);
  if (m) {
    // the longest numeral ending the label that reads as a number (幸福二十 → 20; 五一 → 51)
    for (let start = m.index; start < s.length; start++) {
      const tail = s.slice(start).replace(/^第/u, '');
      const value = tail === '' ? null : numeralValue(tail);
      if (value !== null) return { estate: s.slice(0, start), no: value };
    }
  }
  return { estate: s, no: '' };
}

/** `parseBuildingNumber` joined again: the normalised label (`幸福小区3`, `3`, `A`). */
export function formatBuildingNumber(b: BuildingNumber): string {
  return `${b.estate}${b.no}`;
}

/**
 * A unit (单元) or room (房号) label: the word after it removed (`单元` / `室` `号` `房`), a leading
 * `第` dropped, digits without leading zeros (`02` → `2`, `0501` → `501`), a whole Chinese numeral
 * up to 99 as digits (`二` → `2`), Latin letters upper-cased (`501a` → `501A`); anything else as given.
 */
export function normalizeSubNumber(normalized: string, words: RegExp): string {
  const s = normalized.replace(words, '').replace(/^第/u, '');
  const chinese = numeralValue(s);
  if (chinese !== null) return chinese;
  return s.replace(/^0+(?=\d)/, '').replace(/[a-z]/g, (c) => c.toUpperCase());
}
