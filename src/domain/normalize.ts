import * as OpenCC from 'opencc-js';
import { memoizeText } from './memo';

/**
 * Text normalisation applied before validation and matching (DOMAIN.md §4): full-width →
 * half-width, Traditional → Simplified, whitespace. Every function is total: it never
 * throws, and `''` maps to `''`.
 */

/** Traditional-Chinese variants `toSimplified` can read. `hk` (the default) covers standard Traditional too. */
export type TraditionalVariant = 'hk' | 'tw' | 't';

/** Full-width signs outside U+FF01–FF5E that sources type in place of their ASCII forms. */
const EXTRA_HALF_WIDTH: Readonly<Record<string, string>> = {
  '\u3000': ' ', // ideographic space
  '\uFFE0': '¢',
  '\uFFE1': '£',
  '\uFFE5': '¥',
  '\uFFE3': '¯',
  '\uFFE4': '¦',
  '\uFFE6': '₩',
};

/** Any character {@link toHalfWidth} converts. */
const HAS_WIDE = /[\u3000\uFF01-\uFF5E\uFFE0-\uFFE6]/;

/**
 * 全角转半角: U+FF01–FF5E (full-width ASCII: digits, Latin letters, `（）`, `，`, `－`…) to
 * ASCII, U+3000 to a space, full-width currency signs to their narrow forms. CJK punctuation with no ASCII
 * twin (`、`, `。`, `“”`, `【】`) is left alone.
 */
export function toHalfWidth(s: string): string {
  // most text has nothing to convert: one native scan instead of a string rebuilt per character
  if (!HAS_WIDE.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCharCode(cp - 0xfee0);
    else out += EXTRA_HALF_WIDTH[ch] ?? ch;
  }
  return out;
}

const converters = new Map<TraditionalVariant, (s: string) => string>();

/**
 * 繁转简: Traditional → Simplified with OpenCC (character and variant tables, no phrase
 * rewriting such as 軟體→软件, so names and places keep their characters): `黃石市`→`黄石市`,
 * `武漢市`→`武汉市`, `張瑜`→`张瑜`. Simplified text passes through unchanged. The converter is
 * built once per variant, on first use.
 */
export function toSimplified(s: string, from: TraditionalVariant = 'hk'): string {
  // no Han character, nothing to convert (codes, numbers, Latin text)
  if (!HAS_HAN.test(s)) return s;
  let convert = converters.get(from);
  if (!convert) {
    convert = memoizeText(OpenCC.Converter({ from, to: 'cn' }));
    converters.set(from, convert);
  }
  return convert(s);
}

/** Any CJK ideograph (basic block, extension A, compatibility ideographs) OpenCC could map. */
const HAS_HAN = /[\u3400-\u9FFF\uF900-\uFAFF]|[\uD840-\uD87F]/;

/** Zero-width characters and BOMs that survive copy-paste from spreadsheets and web pages. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Trim, drop zero-width characters, and collapse every run of Unicode whitespace (incl.
 * U+3000 and NBSP) into one ASCII space.
 */
export function normalizeWhitespace(s: string): string {
  return s.replace(ZERO_WIDTH, '').replace(/\s+/gu, ' ').trim();
}

/** Half-width + Simplified + trimmed, whitespace collapsed: the base form of any free-text field. */
export const normalizeText: (s: string) => string = memoizeText((s) => normalizeWhitespace(toSimplified(toHalfWidth(s))));

/** Middle-dot look-alikes used between the parts of transliterated (e.g. Uyghur) names. */
const NAME_DOTS = /\s*[·•．.・‧∙⋅]\s*/g;
/** Anything {@link normalizeName} rewrites after {@link normalizeText}: a dot look-alike or a space. */
const NAME_DOT_OR_SPACE = /[·•．.・‧∙⋅ ]/;

/**
 * 姓名规范化: {@link normalizeText}, then every middle-dot variant (`·` `•` `．` `.` `・`) unified
 * to `·`, and spaces removed — except one space between two Latin letters, so `John Smith`
 * stays readable while `张 三` becomes `张三`.
 */
export function normalizeName(s: string): string {
  const text = normalizeText(s);
  // most names have no dot and no space: nothing more to do
  if (!NAME_DOT_OR_SPACE.test(text)) return text;
  return text
    .replace(NAME_DOTS, '·')
    .replace(/ /g, (_m, offset: number, whole: string) =>
      /[A-Za-z]/.test(whole[offset - 1] ?? '') && /[A-Za-z]/.test(whole[offset + 1] ?? '') ? ' ' : '',
    );
}

/** Dash look-alikes in addresses (`3—2—501`) and phone numbers. */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63]/g;
/** Anything {@link normalizeAddress} rewrites after {@link normalizeText}: a dash look-alike or a space. */
const DASH_OR_SPACE = /[\u2010-\u2015\u2212\uFE58\uFE63 ]/;

/**
 * 地址规范化: {@link normalizeText}, dash variants unified to `-`, and spaces removed except one
 * between two Latin letters or digits (`3 栋 2 单元` → `3栋2单元`).
 */
export const normalizeAddress: (s: string) => string = memoizeText((s) => {
  const text = normalizeText(s);
  if (!DASH_OR_SPACE.test(text)) return text;
  return text
    .replace(DASHES, '-')
    .replace(/ /g, (_m, offset: number, whole: string) =>
      /[A-Za-z0-9]/.test(whole[offset - 1] ?? '') && /[A-Za-z0-9]/.test(whole[offset + 1] ?? '') ? ' ' : '',
    );
});

/**
 * Split a tag list as sources write it — separated by `、` `,` `，` `;` `；` `|` `｜` or
 * whitespace — into trimmed, non-empty tags in source order (duplicates kept).
 */
export function splitTags(s: string): string[] {
  return s.split(/[、,，;；|｜\s]+/u).filter((t) => t !== '');
}

/** The first character is whitespace or an apostrophe form (else {@link stripLeadingApostrophe} has nothing to do). */
const MAY_START_WITH_APOSTROPHE = /^[\s'＇‘’`]/u;

/**
 * Remove the apostrophe spreadsheets put in front of long numbers to keep them as text
 * (`'420102…`), after any leading whitespace. Also the full-width and curly forms.
 */
export function stripLeadingApostrophe(s: string): string {
  // runs for every cell read: most start with neither whitespace nor an apostrophe
  if (!MAY_START_WITH_APOSTROPHE.test(s)) return s;
  return s.replace(/^\s*['＇‘’`]+/u, '');
}

/** Line breaks and tabs: inside a one-line value they read as a space (a cell wrapped with Alt+Enter). */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/gu;
/** Every other control character: C0 (incl. NUL), DEL, C1. Never stored. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/gu;
/** Invisible characters that carry nothing in a value: zero-width space, word joiner, BOM / zero-width no-break space. */
const INVISIBLE = /[\u200B\u2060\uFEFF]/gu;
/** Anything {@link asWritten} or {@link asWrittenLines} may remove, besides outer whitespace and a leading apostrophe. */
const NOT_KEPT = /[\p{Cc}\u2028\u2029\u200B\u2060\uFEFF]/u;

/**
 * 按原样: a display value (a name, title, label, address) as the source wrote it. Removes only
 * what is never part of the value:
 * - control characters (C0 incl. NUL, DEL, C1) — a run of line breaks or tabs becomes one space,
 *   the others are dropped;
 * - the invisible U+200B, U+2060 and U+FEFF (a BOM or zero-width space from copy-paste), anywhere;
 *   ZWJ/ZWNJ (U+200C/U+200D) stay: they belong to emoji and some scripts;
 * - outer whitespace (any Unicode space, incl. U+3000 and NBSP);
 * - one leading ASCII apostrophe, Excel's "keep as text" prefix, when it is the only `'` in the
 *   value (`'张三` → `张三`; `'老旧小区'改造` keeps its quotes).
 * Everything else is kept: full-width forms (`（测）`), Traditional characters, middle dots,
 * inner spaces (ideographic too), case. Match keys and search compare the normalised forms
 * ({@link normalizeName}, {@link normalizeText}), never this one. Total; `''` maps to `''`.
 */
export function asWritten(s: string): string {
  let out = NOT_KEPT.test(s) ? s.replace(BREAKS, ' ').replace(CONTROLS, '').replace(INVISIBLE, '') : s;
  out = out.trim();
  if (out.startsWith("'") && out.indexOf("'", 1) === -1) out = out.slice(1).trim();
  return out;
}

/**
 * {@link asWritten} for multi-line text (a case description): line breaks are kept, each as one
 * `\n` (`\r\n` and `\r` too), and outer blank lines and whitespace removed; a tab becomes a space.
 */
export function asWrittenLines(s: string): string {
  if (!NOT_KEPT.test(s)) return asWritten(s);
  const lines = s
    .replace(/\r\n?|[\v\f\u0085\u2028\u2029]/gu, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, '')
    .replace(INVISIBLE, '');
  const kept = lines.trim();
  return kept.includes('\n') ? kept.replace(/^'(?=[^']*$)/u, '').trim() : asWritten(kept);
}
