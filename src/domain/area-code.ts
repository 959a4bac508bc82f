import { HuijuError } from '../errors';
import { memoizeText } from './memo';
import { toHalfWidth } from './normalize';

/**
 * 行政区划代码: GB/T 2260 6-digit codes (province 2 + city 2 + district 2) and the NBS
 * 统计用区划代码 12-digit codes (+ street/town 3 + community/village 3). Format is checked
 * strictly; the *ranges* real data uses are only warned about, because real codes break them
 * (江岸区 `420102400` 百步亭花园). Whether a code exists in a given vintage is not this module's
 * business: that needs the code table.
 */

/** Administrative level of a code, from the most significant non-zero segment. */
export type AreaLevel = 'province' | 'city' | 'district' | 'street' | 'community';

/** What the street/town segment's range says the unit is (NBS coding rules). */
export type StreetKind = 'street' | 'town' | 'township' | 'special' | 'unknown';

/** What the community/village segment's range says the unit is. */
export type CommunityKind = 'residents_committee' | 'villagers_committee' | 'unknown';

/** Warning codes {@link parseAreaCode} may attach to an accepted code. */
export type AreaCodeWarning =
  | 'AREA_PROVINCE_UNKNOWN'
  | 'AREA_CITY_MISSING'
  | 'AREA_STREET_SEGMENT_UNUSUAL'
  | 'AREA_COMMUNITY_SEGMENT_UNUSUAL';

/** The segments of a code; absent segments of a 6-digit code are `'000'`. */
export interface AreaSegments {
  province: string;
  city: string;
  district: string;
  street: string;
  community: string;
}

/** A well-formed area code. */
export interface AreaCodeOk {
  ok: true;
  /** The normalised code as given: 6, 9 or 12 digits. */
  code: string;
  /** The code padded to 12 digits the way the NBS writes it (`420102` → `420102000000`). */
  code12: string;
  level: AreaLevel;
  /** The 12-digit code of the nearest non-empty ancestor; `null` for a province. */
  parentCode: string | null;
  segments: AreaSegments;
  /** Set when level is `street` or `community`. */
  streetKind: StreetKind | null;
  /** Set when level is `community`. */
  communityKind: CommunityKind | null;
  warnings: AreaCodeWarning[];
}

/** A code that is not an area code at all. */
export interface AreaCodeError {
  ok: false;
  reason: 'INVALID_AREA_CODE';
  message: string;
}

export type AreaCodeResult = AreaCodeOk | AreaCodeError;

/** GB/T 2260 province-level codes (incl. 71 台湾, 81 香港, 82 澳门). */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

function fail(message: string): AreaCodeError {
  return { ok: false, reason: 'INVALID_AREA_CODE', message };
}

/** NBS range of the street/town segment: 001–099 街道, 100–199 镇, 200–399 乡, 400–599 special (开发区, 农场…). */
export function streetKindOf(segment: string): StreetKind {
  const n = Number(segment);
  if (n >= 1 && n <= 99) return 'street';
  if (n >= 100 && n <= 199) return 'town';
  if (n >= 200 && n <= 399) return 'township';
  if (n >= 400 && n <= 599) return 'special';
  return 'unknown';
}

/** NBS range of the community/village segment: 001–199 居委会, 200–399 村委会. */
export function communityKindOf(segment: string): CommunityKind {
  const n = Number(segment);
  if (n >= 1 && n <= 199) return 'residents_committee';
  if (n >= 200 && n <= 399) return 'villagers_committee';
  return 'unknown';
}

/**
 * Parse a 6-digit (GB/T 2260), 9-digit (street level) or 12-digit (NBS) area code. Rejects
 * wrong length, non-digits, province `00`, and a lower segment set under an empty higher one
 * where that cannot happen (community without street, street without city). A district
 * without a city (`11 00 01`) and segment values outside the usual ranges only warn.
 * Cities without districts (东莞 `441900`) legitimately have streets directly under them.
 */
export const parseAreaCode: (raw: string) => AreaCodeResult = memoizeText(parseAreaCodeOnce);

function parseAreaCodeOnce(raw: string): AreaCodeResult {
  const code = toHalfWidth(raw).replace(/\s+/g, '');
  if (!/^\d+$/.test(code)) return fail('area code: must contain digits only');
  if (code.length !== 6 && code.length !== 9 && code.length !== 12) {
    return fail('area code: must be 6 (GB/T 2260), 9 or 12 (NBS) digits');
  }
  const code12 = code.padEnd(12, '0');
  const segments: AreaSegments = {
    province: code12.slice(0, 2),
    city: code12.slice(2, 4),
    district: code12.slice(4, 6),
    street: code12.slice(6, 9),
    community: code12.slice(9, 12),
  };
  const { province, city, district, street, community } = segments;
  if (province === '00') return fail('area code: province segment is 00');
  if (community !== '000' && street === '000') return fail('area code: community segment set without a street segment');
  if (street !== '000' && city === '00' && district === '00') return fail('area code: street segment set without a city or district');

  const warnings: AreaCodeWarning[] = [];
  if (!PROVINCES.has(province)) warnings.push('AREA_PROVINCE_UNKNOWN');
  if (city === '00' && district !== '00') warnings.push('AREA_CITY_MISSING');

  const level: AreaLevel =
    community !== '000' ? 'community'
    : street !== '000' ? 'street'
    : district !== '00' ? 'district'
    : city !== '00' ? 'city'
    : 'province';

  let streetKind: StreetKind | null = null;
  let communityKind: CommunityKind | null = null;
  if (level === 'street' || level === 'community') {
    streetKind = streetKindOf(street);
    if (streetKind === 'unknown') warnings.push('AREA_STREET_SEGMENT_UNUSUAL');
  }
  if (level === 'community') {
    communityKind = communityKindOf(community);
    if (communityKind === 'unknown') warnings.push('AREA_COMMUNITY_SEGMENT_UNUSUAL');
  }

  const chain = ancestorChain(segments);
  const parentCode = chain.length >= 2 ? chain[chain.length - 2]! : null;
  return { ok: true, code, code12, level, parentCode, segments, streetKind, communityKind, warnings };
}

/** The non-empty prefixes of a code, province first, each padded to 12 digits. */
function ancestorChain(s: AreaSegments): string[] {
  const chain = [`${s.province}0000000000`];
  if (s.city !== '00') chain.push(`${s.province}${s.city}00000000`);
  if (s.district !== '00') chain.push(`${s.province}${s.city}${s.district}000000`);
  if (s.street !== '000') chain.push(`${s.province}${s.city}${s.district}${s.street}000`);
  if (s.community !== '000') chain.push(`${s.province}${s.city}${s.district}${s.street}${s.community}`);
  return chain;
}

/**
 * The chain of 12-digit codes from the province down to `code` itself, inclusive, as the NBS
 * pads them: `420102002003` → `420000000000, 420100000000, 420102000000, 420102002000,
 * 420102002003`. Empty levels are skipped (东莞 has no district). Accepts 6/9/12 digits;
 * throws `HuijuError('INVALID_AREA_CODE')` on a malformed code (area codes are not personal
 * information, but the message still names only the problem).
 */
export function areaAncestors(code: string): string[] {
  const parsed = parseAreaCode(code);
  if (!parsed.ok) throw new HuijuError('INVALID_AREA_CODE', parsed.message);
  return ancestorChain(parsed.segments);
}

/** NBS 城乡分类代码 with their meaning. */
export const URBAN_RURAL_CLASSES: Readonly<Record<string, string>> = Object.freeze({
  '111': '主城区',
  '112': '城乡结合区',
  '121': '镇中心区',
  '122': '镇乡结合区',
  '123': '特殊区域',
  '210': '乡中心区',
  '220': '村庄',
});

/** True when `code` is one of the NBS urban-rural classes 111 112 121 122 123 210 220. */
export function isUrbanRuralClass(code: string | number): boolean {
  return Object.hasOwn(URBAN_RURAL_CLASSES, String(code).trim());
}
