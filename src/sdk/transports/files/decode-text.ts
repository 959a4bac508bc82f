/**
 * Character-set detection for text exports. Chinese government systems write UTF-8, UTF-8
 * with a BOM (Excel's "CSV UTF-8"), GB18030/GBK (Excel's default "CSV" on a Chinese Windows), and
 * now and then UTF-16 with a BOM (Excel's "Unicode text"). Detection, in order:
 *
 * 1. a byte-order mark: UTF-8 (`EF BB BF`), UTF-16 LE (`FF FE`), UTF-16 BE (`FE FF`);
 * 2. strict UTF-8 validity over the whole file: GBK text is almost never valid UTF-8;
 * 3. otherwise GB18030 (a superset of GBK and GB2312).
 *
 * Decoding never throws: bytes that are invalid even in GB18030 become U+FFFD, and `lossy` says
 * so (the mojibake checks downstream turn such values into `MOJIBAKE` dead letters).
 *
 * A declared encoding (`encoding: utf-8` in a source's config) the bytes are not in is named as
 * such ({@link encodingMismatch}): a GB18030 export declared UTF-8 would otherwise read as
 * U+FFFD everywhere and fail as schema drift, with no hint about the encoding.
 */

/** The encodings the detector tells apart. */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** What a caller may force instead of detecting: `auto` (default), or one encoding. */
export type EncodingChoice = 'auto' | 'utf-8' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** True when some bytes could not be decoded and were replaced by U+FFFD. */
  lossy: boolean;
  /** Set when the declared encoding does not fit the bytes: it and the one that does. Unset when it fits (always with `auto`). */
  mismatch?: EncodingMismatch;
}

/** A file that is not in the encoding declared for it, and the encoding it most likely is. */
export interface EncodingMismatch {
  /** What the config declared (`encoding`). */
  declared: Exclude<EncodingChoice, 'auto'>;
  /** What the bytes read as cleanly (detection, {@link detectEncoding}). */
  likely: TextEncodingName;
}

const ENCODING_LABELS: Readonly<Record<TextEncodingName, string>> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (with a BOM)',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'gb18030': 'GB18030 (GBK, GB2312)',
};

/**
 * Whether `bytes` contradict the declared encoding, with the one they are likely in:
 * - declared `utf-8`, but the bytes are not valid UTF-8 while they decode cleanly as what
 *   detection finds (GB18030/GBK, Excel's "CSV" on a Chinese Windows; or UTF-16 with its BOM);
 * - declared `gb18030`, but the bytes carry a UTF-8/UTF-16 BOM, or are valid UTF-8 with non-ASCII
 *   characters (GBK text almost never is: this is a UTF-8 file read as mojibake).
 * `null` when the declaration fits, or the bytes are corrupt in every encoding (then `lossy` says so).
 */
export function encodingMismatch(bytes: Uint8Array, choice: EncodingChoice): EncodingMismatch | null {
  if (choice === 'auto') return null;
  const likely = detectEncoding(bytes);
  if (choice === 'utf-8') {
    if (likely === 'utf-8' || likely === 'utf-8-bom') return null;
    try {
      new TextDecoder(likely, { fatal: true }).decode(bytes);
      return { declared: choice, likely };
    } catch {
      return null;
    }
  }
  if (likely === 'gb18030') return null;
  if (likely === 'utf-8' && !bytes.some((b) => b >= 0x80)) return null; // ASCII reads the same in both
  return { declared: choice, likely };
}

/**
 * How an encoding mismatch is told: what was declared, what the file likely is, and the setting to
 * change — `人口_20240301.csv: not UTF-8 as declared (encoding: utf-8); it reads cleanly as GB18030
 * (GBK, GB2312) — set encoding: gb18030 (or auto) in the source's config`.
 */
export function encodingMismatchText(file: string, mismatch: EncodingMismatch): string {
  const fix = mismatch.likely === 'gb18030' ? 'gb18030' : mismatch.likely.startsWith('utf-8') ? 'utf-8' : 'auto';
  const alternative = fix === 'auto' ? '' : ' (or auto)';
  return `${file}: not ${ENCODING_LABELS[mismatch.declared]} as declared (encoding: ${mismatch.declared}); it reads cleanly as ${ENCODING_LABELS[mismatch.likely]} — set encoding: ${fix}${alternative} in the source's config`;
}

/** Detects the encoding of `bytes` (see the module comment for the order of the checks). */
export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * Decodes `bytes` as text: detected (`auto`, the default) or as the given encoding. A BOM is
 * always removed from the text.
 */
export function decodeText(bytes: Uint8Array, choice: EncodingChoice = 'auto'): DecodedText {
  const encoding: TextEncodingName = choice === 'auto' ? detectEncoding(bytes) : choice === 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf-8-bom' : choice;
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding;
  let text: string;
  let lossy = false;
  try {
    text = new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder(label).decode(bytes);
    lossy = true;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // valid in the declared UTF-8 is never a mismatch: the check (a second pass) only runs when it may be one
  const mismatch = choice === 'utf-8' && !lossy ? null : encodingMismatch(bytes, choice);
  return { text, encoding, lossy, ...(mismatch ? { mismatch } : {}) };
}
