import { citizenIdCheckChar } from '../domain/citizen-id';
import { orgCodeCheckChar, usccCheckChar } from '../domain/uscc';
import { MOBILE_PREFIXES } from './names';
import type { Rng } from './prng';

/**
 * Builders for synthetic identifiers with computed check characters. Uniqueness is the
 * caller's registry (a `Set` owned by the build context): the builders draw until the
 * registry accepts, so a collision re-draws from the same branch's generator and never
 * touches another branch.
 */

/** GB 32100 alphabet (no I O Z S V), also used for new-style 主体标识码 bodies. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Attempts before a builder gives up (a sign of an exhausted space, i.e. a bug). */
const MAX_DRAWS = 1000;

/**
 * 公民身份号码 for a person: `area6` + birth date + a sequence whose parity matches `sex`
 * (odd = male) + the GB 11643 check character. `taken` holds the first 17 characters of
 * every number already issued (so planted variants of one number never collide with another
 * person); the new number's first 17 are added to it.
 */
export function makeCitizenId(rng: Rng, area6: string, birthDate: string, sex: 'M' | 'F', taken: Set<string>): string {
  const ymd = birthDate.replaceAll('-', '');
  for (let i = 0; i < MAX_DRAWS; i++) {
    // 000 is never issued; 001–999 with parity by sex.
    const seq = rng.int(0, 499) * 2 + (sex === 'M' ? 1 : 2);
    if (seq > 999) continue;
    const first17 = `${area6}${ymd}${String(seq).padStart(3, '0')}`;
    if (taken.has(first17)) continue;
    taken.add(first17);
    return first17 + citizenIdCheckChar(first17);
  }
  throw new Error(`makeCitizenId: sequence space exhausted for ${area6}/${ymd}`);
}

/** An 11-digit mobile number from a real carrier prefix, unique in `taken` (added). */
export function makeMobile(rng: Rng, taken: Set<string>): string {
  for (let i = 0; i < MAX_DRAWS; i++) {
    const m = rng.pick(MOBILE_PREFIXES) + rng.digits(8);
    if (taken.has(m)) continue;
    taken.add(m);
    return m;
  }
  throw new Error('makeMobile: could not find a free number');
}

/**
 * 组织机构代码 (9 characters: 8-character body + GB 11714 check). `style: 'digits'` gives the
 * old all-digit bodies of pre-2015 organisations; `'new'` gives the `MA…` bodies issued with
 * USCCs since 2015.
 */
export function makeOrgCode(rng: Rng, style: 'digits' | 'new'): string {
  let body: string;
  if (style === 'digits') {
    body = rng.digits(8);
  } else {
    body = 'MA';
    for (let i = 0; i < 6; i++) body += USCC_ALPHABET[rng.int(0, USCC_ALPHABET.length - 1)]!;
  }
  return body + orgCodeCheckChar(body);
}

/**
 * 统一社会信用代码: registering department (`1` 机构编制, `5` 民政, `9` 工商) + category + `area6`
 * + organisation code + GB 32100 check character. Unique in `taken` (added).
 */
export function makeUscc(rng: Rng, dept: string, category: string, area6: string, style: 'digits' | 'new', taken: Set<string>): string {
  for (let i = 0; i < MAX_DRAWS; i++) {
    const first17 = `${dept}${category}${area6}${makeOrgCode(rng, style)}`;
    const uscc = first17 + usccCheckChar(first17);
    if (taken.has(uscc)) continue;
    taken.add(uscc);
    return uscc;
  }
  throw new Error('makeUscc: could not find a free code');
}

/**
 * An early Fujian pilot USCC (`91350100M000…`): well-formed, but its check character does
 * not satisfy GB 32100, like the real codes issued before the standard was final.
 */
export function makePilotUscc(rng: Rng, taken: Set<string>): string {
  for (let i = 0; i < MAX_DRAWS; i++) {
    let body = '91350100M000';
    for (let k = 0; k < 5; k++) body += USCC_ALPHABET[rng.int(0, USCC_ALPHABET.length - 1)]!;
    const good = usccCheckChar(body);
    let last = good;
    while (last === good) last = USCC_ALPHABET[rng.int(0, USCC_ALPHABET.length - 1)]!;
    const uscc = body + last;
    if (taken.has(uscc)) continue;
    taken.add(uscc);
    return uscc;
  }
  throw new Error('makePilotUscc: could not find a free code');
}

/** ASCII digits (and `X`, letters) → their full-width forms (`１２３`, `Ｘ`). */
export function toFullWidth(text: string): string {
  return text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** The 15-digit legacy number behind an 18-digit ID of someone born in the 1900s. */
export function toLegacy15(id18: string): string {
  return id18.slice(0, 6) + id18.slice(8, 17);
}
