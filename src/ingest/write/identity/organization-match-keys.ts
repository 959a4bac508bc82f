import { type Kysely, sql } from 'kysely';
import { type AreaNames, type OrganizationName, type OrganizationScopeLevel, parseOrganizationName } from '../../../domain/organization-name';
import { textArray } from '../../../db/json-params';

/** What an organisation row says that its match key is computed from. */
export interface OrganizationKeyInput {
  name: string;
  /** 12-digit code of the area the source gave, or null. */
  areaCode: string | null;
  /** The USCC, when known: positions 3–8 are the registering authority's area. */
  uscc: string | null;
}

/** An organisation's match key: its `match_name` / `match_scope` columns (migration 20261206_040000). */
export interface OrganizationMatchKey {
  /** `<type>|<core>` (organization-name.ts), or null: such a row is matched by codes only. */
  matchName: string | null;
  /** 12-digit code of the area the name is unique within, or null (no area known). */
  matchScope: string | null;
  parsed: OrganizationName;
}

const LEVEL_DIGITS = { province: 2, city: 4, district: 6, street: 9, community: 12 } as const;
type Level = keyof typeof LEVEL_DIGITS;

/** The code of the area of `level` containing `code12` (digits below the level zeroed). */
const ancestor = (code12: string, level: Level) => code12.slice(0, LEVEL_DIGITS[level]).padEnd(12, '0');

/** How deep a 12-digit code goes (trailing zero groups). */
function depth(code12: string): Level {
  if (code12.slice(9) !== '000') return 'community';
  if (code12.slice(6, 9) !== '000') return 'street';
  if (code12.slice(4, 6) !== '00') return 'district';
  if (code12.slice(2, 4) !== '00') return 'city';
  return 'province';
}

/** The registering authority's area of a USCC (positions 3–8), as a 12-digit code; null when it is not one. */
function usccArea(uscc: string | null): string | null {
  const region = uscc?.slice(2, 8) ?? '';
  return /^\d{6}$/.test(region) && !region.startsWith('00') ? region.padEnd(12, '0') : null;
}

/**
 * Match keys of organisation rows, with the names of their areas from the hierarchy (one
 * statement for all rows) and from `batchAreaNames` (12-digit code → name: the areas the same
 * batch writes, which the store does not hold yet — a source sending its areas and its units
 * together must not leave the units keyed without their area names). The area is the one the source gave, else — for the levels a
 * registration fixes (district, city) — the USCC's registering area. The scope is that area cut to
 * the level the name's type is unique within (organization-name.ts); a name that is only a type
 * word (街道办, 社区居委会) takes the name of the unit's own street or community, when known.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function organizationMatchKeys(db: Kysely<any>, inputs: readonly OrganizationKeyInput[], batchAreaNames: ReadonlyMap<string, string> = new Map()): Promise<OrganizationMatchKey[]> {
  const areaOf = inputs.map((i) => ({ given: i.areaCode, registered: usccArea(i.uscc) }));
  const codes = new Set<string>();
  for (const a of areaOf) {
    const code = a.given ?? a.registered;
    if (!code) continue;
    const deepest = LEVEL_DIGITS[depth(code)];
    for (const level of Object.keys(LEVEL_DIGITS) as Level[]) if (LEVEL_DIGITS[level] <= deepest) codes.add(ancestor(code, level));
  }
  const names = new Map<string, string>();
  if (codes.size > 0) {
    const { rows } = await sql<{ code: string; name: string }>`
      select distinct on (code) code, name from admin_area where code = any(${textArray([...codes])}) order by code, vintage desc`.execute(db);
    for (const r of rows) names.set(r.code, r.name);
    // areas the same batch writes: not in the store yet, and newer than the store's when they are
    for (const code of codes) {
      const name = batchAreaNames.get(code);
      if (name) names.set(code, name);
    }
  }
  return inputs.map((input, n) => {
    const { given, registered } = areaOf[n]!;
    const code = given ?? registered;
    const areas: AreaNames = {};
    if (code) {
      const deepest = LEVEL_DIGITS[depth(code)];
      for (const level of Object.keys(LEVEL_DIGITS) as Level[]) if (LEVEL_DIGITS[level] <= deepest) areas[level] = names.get(ancestor(code, level)) ?? null;
    }
    let parsed = parseOrganizationName(input.name, areas);
    // a type word alone (街道办, 居委会) is the unit of the area it was seen in
    if (parsed.matchName === null && parsed.unitType === 'STREET_OFFICE' && areas.street) parsed = parseOrganizationName(officeOf(areas.street), areas);
    if (parsed.matchName === null && parsed.unitType === 'RESIDENTS_COMMITTEE' && areas.community) parsed = parseOrganizationName(`${areas.community}居委会`, areas);
    return { matchName: parsed.matchName, matchScope: code ? scopeOf(parsed.scope, code, given !== null) : null, parsed };
  });
}

/** The scope code: the area cut to the level; `area` and `street` need an area the source gave (a registration says only the district). */
function scopeOf(level: OrganizationScopeLevel, code: string, given: boolean): string | null {
  if (level === 'city' || level === 'district') return depth(code) === 'province' ? null : ancestor(code, level === 'city' ? 'city' : LEVEL_DIGITS[depth(code)] >= 6 ? 'district' : 'city');
  if (!given) return null;
  if (level === 'street') return LEVEL_DIGITS[depth(code)] >= 9 ? ancestor(code, 'street') : code;
  return code;
}

/** The street office's full name from its street's name (大智街道 → 大智街道办事处, 丹水池镇 → 丹水池镇人民政府). */
function officeOf(street: string): string {
  if (/(镇|乡)$/u.test(street)) return `${street}人民政府`;
  return /街道$/u.test(street) ? `${street}办事处` : `${street}街道办事处`;
}

/** A batch's prepared organisation rows by natural key (as the identity step collects them). */
export type OrganizationRowsByKey = ReadonlyMap<string, readonly { columns: Record<string, unknown>; areaKey: string | null }[]>;

/**
 * Gives every organisation row of a batch its match key (`match_name`, `match_scope` columns, so
 * the store can find it by name later) and returns the first row's key per natural key. One
 * statement for the batch; `batchAreaNames`: the names of the areas the batch itself writes.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function keyOrganizationRows(db: Kysely<any>, rowsByKey: OrganizationRowsByKey, batchAreaNames: ReadonlyMap<string, string> = new Map()): Promise<Map<string, OrganizationMatchKey>> {
  const rows = [...rowsByKey].flatMap(([key, list]) => list.map((row, n) => ({ key, row, first: n === 0 })));
  const keys = await organizationMatchKeys(
    db,
    rows.map(({ key, row }) => ({
      name: String(row.columns.name ?? row.columns.name_norm ?? ''),
      // a name key carries its area (`name:<area>:<name>`) even when the row does not refer to one
      areaCode: row.areaKey ?? (key.startsWith('name:') ? key.split(':')[1] || null : null),
      uscc: typeof row.columns.uscc === 'string' ? row.columns.uscc : null,
    })),
    batchAreaNames,
  );
  const out = new Map<string, OrganizationMatchKey>();
  rows.forEach(({ key, row, first }, n) => {
    const k = keys[n]!;
    row.columns.match_name = k.matchName;
    row.columns.match_scope = k.matchScope;
    if (first) out.set(key, k);
  });
  return out;
}
