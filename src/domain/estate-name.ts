import { normalizeText } from './normalize';

/**
 * 小区 / 物业项目 names: a street office writes "幸福小区", the property firm "幸福花园（一期）",
 * another export "幸福花園 第一期". This module splits a name into the parts that decide whether
 * two spellings are one estate, and gives a match key and a similarity. Pure, total: never throws.
 *
 * Decomposition of the normalised name (half-width, Traditional → Simplified, brackets, spaces and
 * separators removed, Latin letters upper-cased):
 *
 * - `section`: a trailing phase or district — `一期` / `1期` / `(一期)` / `第一期` → `1期`,
 *   `二期` → `2期`, `东区` … (`[东西南北中]区`), in that order when both are written;
 * - `type`: a trailing generic word for "residential estate" (小区, 花园, 苑, 家园, 公寓, 社区 …);
 * - `core`: the rest, the estate's proper name (`幸福`).
 *
 * The **key** (`core + type + section`) is equal only for spellings of one name: deterministic.
 * Names that differ only in the generic word ("幸福小区" / "幸福花园") or by a section written on one
 * side only ("幸福花园" / "幸福花园一期") are *similar*, never equal: two real estates in one
 * community may differ only there (an old 幸福小区 and a new 幸福花园 built next to it; phase one
 * and phase two run by different firms), so such pairs are scored candidates and the caller needs
 * further evidence (the same community, the buildings both sides list) before treating them as one.
 */
export interface EstateName {
  /** Deterministic match key: `core + type + section`, e.g. `幸福花园1期`. `''` for a blank name. */
  key: string;
  /** The proper name without the generic word and section, e.g. `幸福`. */
  core: string;
  /** The generic word as written (normalised), e.g. `花园`; `''` when none. */
  type: string;
  /** Phase / district in one form (`1期`, `东区`, `2期东区`); `''` when none. */
  section: string;
}

/**
 * Generic words for "residential estate", longest first so `花苑` wins over `苑`. A word is taken
 * off only when something remains before it (`花园` alone is a name, not a type).
 */
const TYPE_WORDS: readonly string[] = [
  '住宅小区', '生活小区', '小区', '花园', '花苑', '家园', '嘉园', '名苑', '雅苑', '华庭', '华府', '公寓', '社区', '新村', '新城',
  '小镇', '山庄', '公馆', '大厦', '广场', '府邸', '苑', '园', '庭', '府', '邸', '里', '居', '村', '城', '湾',
];

const BRACKETS = /[()[\]{}（）【】〔〕［］「」『』《》〈〉<>]/gu;
/** Separators and punctuation that carry nothing in a name. */
const SEPARATORS = /[\s·•・.,，、:：;；\-_—–~～'"“”‘’/\\|]/gu;
const NUMERAL = '[0-9零〇一二两三四五六七八九十]+';
const PHASE = new RegExp(`第?(${NUMERAL})期$`, 'u');
const DISTRICT = /([东西南北中])区$/u;

const DIGITS: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/**
 * A numeral as written in names and numbers, up to 99: `3` / `03` / `三` / `十二` / `二十` / `九十九`
 * / `一〇` → its value as digits without leading zeros (`'3'`, `'12'`, `'10'`), or `null` when it is
 * not one.
 */
export function numeralValue(raw: string): string | null {
  if (/^[0-9]+$/.test(raw)) return raw.replace(/^0+(?=\d)/, '');
  if (!/^[零〇一二两三四五六七八九十]+$/u.test(raw)) return null;
  const m = /^([一二三四五六七八九两])?十([一二三四五六七八九])?$/u.exec(raw);
  if (m) return String((m[1] ? DIGITS[m[1]]! : 1) * 10 + (m[2] ? DIGITS[m[2]]! : 0));
  if (raw.includes('十')) return null;
  // digit by digit (一〇 → 10, 二一 → 21)
  return [...raw].map((c) => DIGITS[c]).join('').replace(/^0+(?=\d)/, '');
}

/** Splits an estate name into key, core, generic word and section (see {@link EstateName}). */
export function parseEstateName(raw: string | null | undefined): EstateName {
  let s = normalizeText(String(raw ?? '')).replace(BRACKETS, '').replace(SEPARATORS, '').toUpperCase();
  const sections: string[] = [];
  // sections may come in either order (幸福花园东区二期 / 幸福花园二期东区); at most one of each
  for (let i = 0; i < 2; i++) {
    const phase = PHASE.exec(s);
    if (phase && phase.index > 0 && !sections.some((x) => x.endsWith('期'))) {
      const n = numeralValue(phase[1]!);
      if (n !== null) {
        sections.unshift(`${n}期`);
        s = s.slice(0, phase.index);
        continue;
      }
    }
    const district = DISTRICT.exec(s);
    if (district && district.index > 0 && !sections.some((x) => x.endsWith('区') && !x.endsWith('小区'))) {
      sections.unshift(`${district[1]}区`);
      s = s.slice(0, district.index);
      continue;
    }
    break;
  }
  // the phase goes first in the one form: 2期东区
  sections.sort((a, b) => Number(b.endsWith('期')) - Number(a.endsWith('期')));
  // up to two generic words (幸福花园小区 = 幸福 + 花园小区)
  let type = '';
  for (let i = 0; i < 2; i++) {
    // a name that is itself a generic word (花园) stays a name
    if (TYPE_WORDS.includes(s)) break;
    const word = TYPE_WORDS.find((w) => s.length > w.length && s.endsWith(w));
    if (!word) break;
    type = `${word}${type}`;
    s = s.slice(0, s.length - word.length);
  }
  const core = s;
  const section = sections.join('');
  return { key: `${core}${type}${section}`, core, type, section };
}

/** The deterministic match key of an estate name (see {@link EstateName.key}). */
export function estateKey(raw: string | null | undefined): string {
  return parseEstateName(raw).key;
}

/** Dice coefficient of the character bigrams of two strings (a single character is its own bigram). */
function bigramDice(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1;
  const grams = (s: string) => {
    const chars = [...s];
    if (chars.length < 2) return chars;
    return chars.slice(1).map((c, i) => `${chars[i]}${c}`);
  };
  const ga = grams(a);
  const gb = grams(b);
  if (ga.length === 0 || gb.length === 0) return 0;
  const pool = new Map<string, number>();
  for (const g of gb) pool.set(g, (pool.get(g) ?? 0) + 1);
  let common = 0;
  for (const g of ga) {
    const n = pool.get(g) ?? 0;
    if (n > 0) {
      common++;
      pool.set(g, n - 1);
    }
  }
  return (2 * common) / (ga.length + gb.length);
}

/**
 * How alike two estate names are, in [0, 1] — evidence for a scored match, never a decision:
 *
 * | names | similarity |
 * |---|---|
 * | equal keys | 1 |
 * | same core and section, another (or no) generic word: 幸福小区 / 幸福花园 | 0.9 |
 * | same core and generic word, a section on one side only: 幸福花园 / 幸福花园一期 | 0.8 |
 * | same core, another generic word and a section on one side only | 0.7 |
 * | different sections on both sides (一期 / 二期, 东区 / 西区) | 0 |
 * | otherwise: 0.6 × the bigram Dice coefficient of the cores | < 0.6 |
 *
 * Blank names (`core` empty) are 0: a building without an estate name is matched by nothing here.
 */
export function estateSimilarity(a: EstateName, b: EstateName): number {
  if (a.core === '' || b.core === '') return 0;
  if (a.key === b.key) return 1;
  if (a.section !== '' && b.section !== '' && a.section !== b.section) return 0;
  const sameSection = a.section === b.section;
  if (a.core === b.core) {
    if (sameSection) return 0.9;
    return a.type === b.type ? 0.8 : 0.7;
  }
  return 0.6 * bigramDice(a.core, b.core);
}
