/**
 * Test helper: encodes text as GBK (the two-byte part of GB18030), from the platform's own
 * decoder, so tests can make GB18030 files without an encoding library. ASCII stays one byte.
 */
let table: Map<string, [number, number]> | undefined;

export function encodeGbk(text: string): Uint8Array {
  if (!table) {
    table = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else {
      const code = table.get(ch);
      if (!code) throw new Error(`encodeGbk: no GBK code for U+${cp.toString(16)}`);
      out.push(...code);
    }
  }
  return Uint8Array.from(out);
}
