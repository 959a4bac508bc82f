import { createHash } from 'node:crypto';
import { normalizeAddress, reference, parseAreaCode, parseCitizenId, parseGridCode, RecordError, toHalfWidth, stripLeadingApostrophe, type CanonicalChange } from '../../src/sdk';
import { normalizeCode } from '../../src/sdk/transports/files';
import { streetCode12, type StreetOfficeConfig } from './street-office.config';

/**
 * A grid code the mapping derives from (a dwelling's community is its grid code's first 12
 * digits), checked here so the dead letter names the grid code, not a community it never had.
 * `INVALID_GRID_CODE`, as the write path would say.
 */
export function checkedGridCode(raw: string, column = '网格编码'): { code: string; communityCode: string } {
  const parsed = parseGridCode(normalizeCode(raw));
  if (!parsed.ok) throw new RecordError('INVALID_GRID_CODE', `${column}: ${parsed.message}`);
  return { code: parsed.code, communityCode: parsed.communityCode };
}

/** `OUT_OF_SCOPE` when a 12-digit community code is not under the configured street. */
export function assertInStreet(communityCode: string, config: Pick<StreetOfficeConfig, 'streetCode'>, column: string): void {
  if (/^\d{12}$/.test(communityCode) && communityCode.slice(0, 9) !== streetCode12(config).slice(0, 9)) {
    throw new RecordError('OUT_OF_SCOPE', `${column}: the community is not in street ${streetCode12(config)}`);
  }
}

const CHINESE_DIGITS: Readonly<Record<string, string>> = { 零: '0', 〇: '0', 一: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** `三` → `3`, `十二` → `12`, `二十` → `20`; other text unchanged. */
function chineseNumber(s: string): string {
  if (!/^[零〇一二两三四五六七八九十]+$/u.test(s)) return s;
  if (s === '十') return '10';
  const m = /^([一二三四五六七八九两])?十([一二三四五六七八九])?$/u.exec(s);
  if (m) return String((m[1] ? Number(CHINESE_DIGITS[m[1]]) : 1) * 10 + (m[2] ? Number(CHINESE_DIGITS[m[2]]) : 0));
  return [...s].map((c) => CHINESE_DIGITS[c] ?? c).join('');
}

/**
 * The building number a street office's building is keyed by. Building numbers restart in every
 * 小区 and a community often has several 小区, while the hub keys a building by community +
 * number when it has no project code (S1 has none): so the 小区 goes into the number —
 * `幸福里` + `3栋` / `三栋` / `3号楼` → `幸福里3栋` (the write path then strips the `栋`). Without a
 * 小区 the number is passed as given.
 */
export function buildingNumber(estate: string, building: string): string {
  if (estate === '') return building;
  const no = chineseNumber(normalizeAddress(building).replace(/(号楼|栋|幢|座|号)$/u, ''));
  return `${normalizeAddress(estate)}${no}栋`;
}

/**
 * A short digest of a citizen ID number for external ids, which must not hold the number
 * (lineage is not a PI store): SHA-256 over the street and the normalised 18-digit number (a
 * 15-digit one upgraded, `x` upper-cased, full-width digits folded), 8 hex digits. Only unique
 * together with the household it is combined with. Pseudonymous, not anonymous: see README.
 */
export function idDigest(raw: string, street12: string): string {
  const parsed = parseCitizenId(raw);
  const id = parsed.ok ? parsed.id18 : stripLeadingApostrophe(toHalfWidth(raw)).replace(/\s+/g, '').toUpperCase();
  return createHash('sha256').update(`${street12}|${id}`).digest('hex').slice(0, 8);
}

/** SHA-256 hex digest of a text, shortened. */
export function digest(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * The street and its configured ancestors as area changes (province → street), when the config
 * names them: what a fresh hub needs before the street's communities can be attached. References:
 * they leave lineage only where they create or change an area.
 */
export function frameChanges(config: StreetOfficeConfig): CanonicalChange[] {
  const out: CanonicalChange[] = [];
  const isTest = config.testData;
  const sorted = [...config.parentAreas].sort((a, b) => a.code.replace(/0+$/, '').length - b.code.replace(/0+$/, '').length);
  for (const a of sorted) {
    const parsed = parseAreaCode(a.code);
    if (!parsed.ok || (parsed.level !== 'province' && parsed.level !== 'city' && parsed.level !== 'district')) continue;
    out.push(reference('adminArea', { code: parsed.code12, name: a.name, level: parsed.level, parentCode: parsed.parentCode, isTest }));
  }
  if (config.streetName) {
    const street = parseAreaCode(streetCode12(config));
    if (street.ok) out.push(reference('adminArea', { code: street.code12, name: config.streetName, level: 'street', parentCode: street.parentCode, isTest }));
  }
  return out;
}
