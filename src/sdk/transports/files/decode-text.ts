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
  return { text, encoding, lossy };
}
