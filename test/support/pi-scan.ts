import { parseCitizenId } from '../../src/domain/citizen-id';
import { parseMobile } from '../../src/domain/mobile';

/**
 * Personal identifiers in clear anywhere in a text: every digit run (with an ID number's
 * trailing X) is checked with the parsers the write path uses, so a valid 18-digit citizen ID or
 * a valid 11-digit mobile (also behind 86 / +86 / 0086) is reported — by its first digits only.
 */
export function piLeaks(text: string): string[] {
  const found: string[] = [];
  for (const run of text.match(/[0-9]+[Xx]?/g) ?? []) {
    const id = parseCitizenId(run);
    if (id.ok && id.id18.length === 18 && run.replace(/[Xx]$/, 'X').length === 18) found.push(`ID ${run.slice(0, 6)}…`);
    if (parseMobile(run).ok) found.push(`mobile ${run.slice(0, 3)}…`);
  }
  return found;
}
