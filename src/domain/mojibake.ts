/**
 * 乱码检测: text that was decoded with the wrong character set is a data error with its own
 * reason code (`MOJIBAKE`), not data. The detector is heuristic and errs towards silence: a
 * false positive dead-letters a good record, a false negative only stores ugly text.
 *
 * Families covered (tested with text really encoded and mis-decoded, `mojibake.test.ts`):
 * UTF-8 read as GBK (`鍖椾含`), also after the lost bytes were saved back as `?` (`寮犱笁銆?`,
 * the punctuation `鈥?` / `銆?` / `锛?`); GBK read as UTF-8 (U+FFFD, or the bytes that happen to
 * be valid: `Фѧѧ`, `¬ǿ`), also saved as `?` (`????`); UTF-8 or GBK read as Latin-1 /
 * Windows-1252, once or twice (`ä¸­`, `Ã¤Â¸Â­`, `ÕÅÈý`, `½¯Ï«`); `锟斤拷` and the MSVC fill
 * bytes. Run it on the raw text, before any Traditional → Simplified or width folding: those
 * rewrite the very characters it looks at.
 */

import { memoizeText } from './memo';

/** A detection: which pattern fired. Never contains the text itself (it may be personal). */
export interface MojibakeFinding {
  reason: 'MOJIBAKE';
  /**
   * `U+FFFD` | `锟斤拷` | `烫烫烫` | `屯屯屯` | `UTF8_AS_LATIN1` | `GBK_AS_LATIN1` | `UTF8_AS_GBK` |
   * `GBK_AS_UTF8` | `QUESTION_MARKS`.
   */
  pattern: string;
}

/** Literal signatures: replacement-char round trips through GBK and MSVC fill bytes. */
const LITERALS = ['锟斤拷', '烫烫烫', '屯屯屯'] as const;

/**
 * UTF-8 punctuation read as GBK with its last byte lost (`”` → `鈥�`, `。` → `銆�`, `：` → `锛�`), the
 * loss shown as U+FFFD or, saved back, `?`: 鈥 銆 锛 are obscure characters no text puts before a `?`.
 */
const LOST_PUNCTUATION = /[鈥銆锛][?\uFFFD]/u;

/**
 * Characters that dominate UTF-8 Chinese read as GBK (`北京` → `鍖椾含`) yet are rare in real
 * names and places — mostly those whose GBK code is a UTF-8 lead byte E4–E9 (E2/E3/EF for
 * punctuation: 鈥 銆 锛) followed by a continuation byte. This list complements the
 * structural check and stands alone on platforms without a GBK decoder. Excluded on purpose although frequent in
 * mojibake: 宸 灏 璇 琛 (given names), 浠 (浠水县), 濮 (濮阳), 甯 (surname), 寮 (寮步镇), 灞 (灞桥),
 * 蹇 骞 璧 璐 瀛 (names), 姹 瑕 杞 (姹紫嫣红, 瑕疵, 枸杞),
 * and Traditional forms of common characters: 鏈 (链), 鑰 (钥), 鍛 (锻), 鎬 (镐).
 */
const UTF8_AS_GBK_MARKERS = new Set(
  Array.from(
    '鍙鍚鏄鐨浣瀹闂娴缁绛鈥銆锛涓浜澶鍒鍥浼鎴杩鐢鍦绗閮鎵鏃鍐鐪缃绀鐗鎶婊鎰鍖椾嬭瘯犱鐜鏉鐧' +
      '鍏娌鐞寤鍩铻鍔鏂棰閫鍜鎺鏋鍗涔搴閲鏍褰姘鏀瀵闈绉鑱鏁璁鎸鑳绾鑷鎻鐩瑙',
  ),
);

/** Distinct markers needed: one alone can be a real name (`李娴`, `王涓`), or a reduplication (`娴娴`). */
const MIN_DISTINCT_MARKERS = 2;

/** True for a UTF-8 continuation byte 0x80–0xBF. */
function isContinuation(b: number | undefined): boolean {
  return b !== undefined && b >= 0x80 && b <= 0xbf;
}

/** True for a GB2312 two-byte code (symbols rows A1–A9, hanzi rows B0–F7; trail A1–FE): what Chinese text encodes to. */
function isGb2312Pair(lead: number | undefined, trail: number | undefined): boolean {
  return (
    lead !== undefined && trail !== undefined && trail >= 0xa1 && trail <= 0xfe && ((lead >= 0xb0 && lead <= 0xf7) || (lead >= 0xa1 && lead <= 0xa9))
  );
}

/** True when `bytes` (≥ 4) are GB2312 pairs only, with at least one hanzi (lead B0–F7). */
function isGb2312Text(bytes: readonly number[]): boolean {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return false;
  let hanzi = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    if (!isGb2312Pair(bytes[i], bytes[i + 1])) return false;
    if (bytes[i]! >= 0xb0) hanzi++;
  }
  return hanzi >= 1;
}

/** Windows-1252 characters for bytes 0x80–0x9F, which Latin-1 leaves as C1 controls. */
const CP1252_BYTES = new Map<number, number>([
  [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86],
  [0x2021, 0x87], [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c],
  [0x017d, 0x8e], [0x2018, 0x91], [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95],
  [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98], [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b],
  [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
]);

/** The byte a single-byte decoder (Latin-1 / Windows-1252) turned into this character, if any (≥ 0x80). */
function highByteOf(cp: number): number | undefined {
  if (cp >= 0x80 && cp <= 0xff) return cp;
  return CP1252_BYTES.get(cp);
}

/** Runs of ≥3 consecutive characters that a single-byte decoder makes of bytes 0x80–0xFF, as those bytes. */
function highByteRuns(text: string): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  for (const ch of text) {
    const b = highByteOf(ch.codePointAt(0)!);
    if (b !== undefined) run.push(b);
    else {
      if (run.length >= 3) runs.push(run);
      run = [];
    }
  }
  if (run.length >= 3) runs.push(run);
  return runs;
}

/**
 * UTF-8 read as Latin-1 / Windows-1252 (`张三` → `å¼\u00a0ä¸‰`): a high-byte run whose bytes
 * are ≥90% well-formed UTF-8 and spell at least one CJK character.
 */
function hasUtf8AsLatin1Run(text: string): boolean {
  for (const bytes of highByteRuns(text)) {
    let cjk = 0;
    let valid = 0;
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i]!;
      if (b >= 0xe0 && b <= 0xef && isContinuation(bytes[i + 1]) && isContinuation(bytes[i + 2])) {
        const cp = ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
        if ((cp >= 0x3000 && cp <= 0x9fff) || (cp >= 0xff00 && cp <= 0xffef)) cjk++;
        valid += 3;
        i += 3;
      } else if (b >= 0xc2 && b <= 0xdf && isContinuation(bytes[i + 1])) {
        valid += 2;
        i += 2;
      } else {
        i++;
      }
    }
    if (cjk >= 1 && valid >= 0.9 * bytes.length) return true;
  }
  return false;
}

/**
 * GBK read as Latin-1 (`张三` → `ÕÅÈý`): a run of ≥3 consecutive high-byte characters with ≥2
 * accented letters (U+00C0–00FF; GBK lead and trail bytes mostly land there). Real Latin text
 * interleaves accents with plain letters (`Hôtel`, `José`), and Chinese punctuation runs
 * (`……`, `——`, `“”`) have no accented letters.
 */
function hasGbkAsLatin1Run(text: string): boolean {
  // structurally: a high-byte run whose bytes are GB2312 Chinese (`½¯Ï«` is 蒋汐)
  if (highByteRuns(text).some((bytes) => isGb2312Text(bytes))) return true;
  let run = 0;
  let accented = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (highByteOf(cp) !== undefined) {
      run++;
      if (cp >= 0xc0 && cp <= 0xff) accented++;
      if (run >= 3 && accented >= 2) return true;
    } else {
      run = 0;
      accented = 0;
    }
  }
  return false;
}

function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u.test(ch);
}

/** Sentence-final particles after which `??` is emphasis, not lost characters. */
const PARTICLES = new Set(Array.from('了吗呢吧啊呀嘛啦么哦哈呐'));
/** Question words: a clause containing one ends in real question marks. */
const QUESTION_WORDS = /什么|怎么|为何|为啥|咋|哪|谁|几|多少|是否|能否|可否|有没有|是不是|难道|何时/u;

/**
 * `??` directly after a CJK character, where an encoder replaced characters it could not
 * represent (`张??`, `武汉市??区`). Not flagged when it reads as real punctuation: after a
 * particle (`坏了??`) or in a clause with a question word (`为什么还没修好??`).
 */
function hasQuestionMarkRun(text: string): boolean {
  const re = /\?{2,}/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const before = text.slice(0, m.index);
    const prev = Array.from(before).pop();
    if (!isCjk(prev) || PARTICLES.has(prev!)) continue;
    const clause = before.split(/[。！!？?，,；;\s]/u).pop() ?? '';
    if (QUESTION_WORDS.test(clause)) continue;
    return true;
  }
  return false;
}

/** GBK two-byte code of each character, built once from the platform's GBK decoder; `null` when the platform has none. */
let gbkCodes: Map<string, number> | null | undefined;

/**
 * Reverse GBK table from `TextDecoder('gbk')` (WHATWG gb18030 decoding, present in Node's
 * ICU builds): every lead 0x81–0xFE × trail 0x40–0xFE pair, decoded once, lazily.
 */
function gbkTable(): Map<string, number> | null {
  if (gbkCodes !== undefined) return gbkCodes;
  try {
    const decoder = new TextDecoder('gbk');
    const bytes: number[] = [];
    const codes: number[] = [];
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        bytes.push(lead, trail, 0x0a);
        codes.push((lead << 8) | trail);
      }
    }
    const parts = decoder.decode(Uint8Array.from(bytes)).split('\n');
    const table = new Map<string, number>([['€', 0x80]]);
    codes.forEach((code, i) => {
      const ch = parts[i];
      if (ch !== undefined && ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, code);
    });
    gbkCodes = table;
  } catch {
    gbkCodes = null;
  }
  return gbkCodes;
}

/** Stands in a byte list for a `?` that may have replaced one or two lost bytes. */
const LOST = -2;

/**
 * UTF-8 read as GBK, tested structurally: re-encode the text as GBK and check whether those
 * bytes are well-formed UTF-8 spelling ≥2 CJK characters (≥90% of the high bytes in valid
 * sequences). Real Chinese almost never does: it would need runs of rare level-2 characters
 * in exactly the lead/continuation byte pattern. A `?` right after a UTF-8 lead byte may stand
 * for the one or two bytes the GBK reader could not decode (U+FFFD, saved back as `?`: `寮犱笁銆?`
 * is 张三。): it completes a three-byte sequence (Chinese is three bytes in UTF-8); anywhere else
 * it is a plain `?`. `undefined` when the
 * platform has no GBK.
 */
function isUtf8ReadAsGbk(text: string): boolean | undefined {
  const table = gbkTable();
  if (!table) return undefined;
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '?') bytes.push(LOST);
    else if (cp < 0x80) bytes.push(cp);
    else {
      const code = table.get(ch);
      if (code === undefined) bytes.push(-1);
      else if (code <= 0xff) bytes.push(code);
      else bytes.push(code >> 8, code & 0xff);
    }
  }
  const tail = (b: number | undefined) => b === LOST || isContinuation(b);
  let cjk = 0;
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if ((b >= 0 && b < 0x80) || b === LOST) {
      i++;
      continue;
    }
    if (b >= 0xe0 && b <= 0xef && tail(bytes[i + 1]) && (bytes[i + 1] === LOST || tail(bytes[i + 2]))) {
      const lost = bytes[i + 1] === LOST || bytes[i + 2] === LOST;
      const length = bytes[i + 1] === LOST ? 2 : 3;
      const cp = lost ? -1 : ((b & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
      if (lost || (cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff))) {
        // a sequence cut short counts as CJK when its lead byte is one of CJK's (E3–E9, EF)
        if (lost ? (b >= 0xe3 && b <= 0xe9) || b === 0xef : (cp >= 0x3000 && cp <= 0x9fff) || (cp >= 0xff00 && cp <= 0xffef)) cjk++;
        valid += 3;
        i += length;
        continue;
      }
    }
    if (b >= 0xc2 && b <= 0xdf && isContinuation(bytes[i + 1])) {
      valid += 2;
      i += 2;
      continue;
    }
    invalid++;
    i++;
  }
  return cjk >= 2 && valid >= 0.9 * (valid + invalid);
}

/** Unicode blocks of U+0080–U+07FF, for {@link isGbkReadAsUtf8}: symbols, Latin letters, IPA and modifiers, combining marks, Greek, Cyrillic, Armenian, Hebrew, Arabic, Syriac & after. */
const TWO_BYTE_BLOCKS = [0xc0, 0x250, 0x300, 0x370, 0x400, 0x530, 0x590, 0x600, 0x700, 0x800] as const;

function twoByteBlock(cp: number): number {
  return TWO_BYTE_BLOCKS.findIndex((end) => cp < end);
}

/**
 * GBK read as UTF-8 where the bytes happened to be valid UTF-8 (the rest became U+FFFD, caught
 * before): a run of ≥2 characters of U+0080–U+07FF whose UTF-8 bytes are GB2312 Chinese and
 * which mixes scripts no word mixes (`¬ǿ` is 卢强, `κٻٻ` 魏倩倩, `˾ͽӱ` 司徒颖). Real Greek, Cyrillic
 * or accented Latin words stay within one script, so a single-script run is left alone (`Фѧѧ`,
 * 肖学学, is missed: indistinguishable from a Cyrillic word).
 */
function isGbkReadAsUtf8(text: string): boolean {
  const runs: number[][] = [];
  let run: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x80 && cp < 0x800) run.push(cp);
    else {
      if (run.length >= 2) runs.push(run);
      run = [];
    }
  }
  if (run.length >= 2) runs.push(run);
  return runs.some((cps) => {
    if (new Set(cps.map(twoByteBlock)).size < 2) return false;
    return isGb2312Text(cps.flatMap((cp) => [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)]));
  });
}

/**
 * GBK read as UTF-8 and saved back (every undecodable byte a `?`): a `?` next to a stray
 * character ({@link isStray}), or a text of question marks with no letter of any script (`????`,
 * `?µ?`, `?????A`; ≥2 of them, and more than half its characters; `OK??` is not). A name or an address is never
 * that; a comment of `??` carries nothing either.
 */
function isQuestionMarkText(text: string): boolean {
  const chars = Array.from(text.replace(/\s+/g, ''));
  if (chars.some((c, i) => c === '?' && (isStray(chars[i - 1]) || isStray(chars[i + 1])))) return true;
  const marks = chars.filter((c) => c === '?').length;
  if (marks < 2 || marks * 2 <= chars.length) return false;
  return !chars.some((c) => /\p{Script=Han}/u.test(c));
}

/**
 * A character Chinese text does not put next to a `?`: not ASCII, not a common hanzi
 * (U+4E00–9FFF), CJK or general punctuation, a full-width form or Latin-1 — what the bytes of a
 * GBK character left over after its neighbour was lost decode to (`?ﾧ`, `?䴺`, `Ī?`, `?ٻ`).
 */
function isStray(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const cp = ch.codePointAt(0)!;
  if (cp < 0x100 || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0x2000 && cp <= 0x206f) || (cp >= 0xff01 && cp <= 0xff5e)) return false;
  return true;
}

function countDistinctMarkers(text: string): number {
  const seen = new Set<string>();
  for (const ch of text) if (UTF8_AS_GBK_MARKERS.has(ch)) seen.add(ch);
  return seen.size;
}

/**
 * Detect mojibake in one text value. Returns `null` for clean text, or the first pattern
 * found: U+FFFD; `锟斤拷` / `烫烫烫` / `屯屯屯`; UTF-8 or GBK bytes read as Latin-1 /
 * Windows-1252 (`å¼\u00a0ä¸‰`, `ÕÅÈý`, `½¯Ï«`); UTF-8 read as GBK (`鍖椾含`, `娴嬭瘯`, `寮犱笁銆?`:
 * the text re-encoded as GBK is valid UTF-8 Chinese, a `?` standing for lost bytes, or ≥2
 * distinct marker characters appear); GBK read as UTF-8 (`¬ǿ`); `??` in place of CJK
 * characters (`张??`, `????`). Pure and total.
 */
export const detectMojibake: (text: string) => MojibakeFinding | null = memoizeText(findMojibake);

function findMojibake(text: string): MojibakeFinding | null {
  if (text.includes('\uFFFD')) return { reason: 'MOJIBAKE', pattern: 'U+FFFD' };
  for (const lit of LITERALS) if (text.includes(lit)) return { reason: 'MOJIBAKE', pattern: lit };
  if (hasUtf8AsLatin1Run(text)) return { reason: 'MOJIBAKE', pattern: 'UTF8_AS_LATIN1' };
  if (hasGbkAsLatin1Run(text)) return { reason: 'MOJIBAKE', pattern: 'GBK_AS_LATIN1' };
  if (LOST_PUNCTUATION.test(text)) return { reason: 'MOJIBAKE', pattern: 'UTF8_AS_GBK' };
  if (/[^\p{ASCII}]/u.test(text) && (isUtf8ReadAsGbk(text) || countDistinctMarkers(text) >= MIN_DISTINCT_MARKERS)) {
    return { reason: 'MOJIBAKE', pattern: 'UTF8_AS_GBK' };
  }
  if (isGbkReadAsUtf8(text)) return { reason: 'MOJIBAKE', pattern: 'GBK_AS_UTF8' };
  if (isQuestionMarkText(text)) return { reason: 'MOJIBAKE', pattern: 'QUESTION_MARKS' };
  if (hasQuestionMarkRun(text)) return { reason: 'MOJIBAKE', pattern: 'QUESTION_MARKS' };
  return null;
}
