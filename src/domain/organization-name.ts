import { normalizeName } from './normalize';
import type { OrganizationKind } from './organization-kind';

/**
 * 单位名称规范化: what an organisation's name says about the unit — its type (a street office, a
 * residents' committee, a department, a company…), its distinctive part (the "core") with the
 * type's spelling variants and the administrative-area prefixes taken off, and the level of the
 * area hierarchy its name is unique within. Pure: the names of the unit's areas (from the area
 * hierarchy) are passed in; nothing here reads a database.
 *
 * The rules (src/ingest/write/identity/README.md, "Organisations"):
 *
 * | type | spellings that are one unit | core | unique within |
 * |---|---|---|---|
 * | street office | X街道办事处 = X街道办 = X街道 = X街办; 武汉市江岸区人民政府X街道办事处 | X | district |
 * | township government | X镇人民政府 = X镇政府 (likewise 乡) | X镇 | district |
 * | residents' committee | X社区居民委员会 = X社区居委会 = X居民委员会 = X居委会 = X社区; X村村民委员会 = X村委会 | X | street |
 * | party organisation | 中共X街道工作委员会 = X街道党工委; 中共X社区委员会 = X社区党委; …总支部委员会 = 党总支 | X街道/党工委 | district (X街道…), street (X社区…), else the area |
 * | owners' committee | X业主委员会 = X业委会 | X | the area |
 * | government department (…局/委/办/办公室, 热线, 执法, 网格化服务管理中心) | 江岸区民政局 = 区民政局 = 民政局 (seen in 江岸区) | 民政局 | district; the city when the name says the city and no district (武汉市民政局, 市民政局) |
 * | company (…有限公司 / …公司, and bare X物业) | 武汉X物业服务有限公司 ~ X物业管理有限公司 ~ X物业 (scored, not equal) | X (+ business line, legal form) | city |
 * | anything else | the normalised name | the name | the area as given |
 *
 * A party working committee (党工委) is **not** the street office: it is the party's organisation
 * for the street, with its own members and officers, so "X街道党工委" and "X街道办事处" are two units.
 * Area prefixes are taken off only when they are the names of the unit's own areas (province,
 * city, district; a residents' committee's street too), in full (武汉市) or short (武汉) form: a
 * prefix naming another district (江汉区民政局 seen in 江岸区) stays part of the core, so it never
 * becomes that district's namesake department.
 */

/** Types of unit a name can be recognised as (from its ending). */
export type OrganizationUnitType = 'STREET_OFFICE' | 'RESIDENTS_COMMITTEE' | 'OWNERS_COMMITTEE' | 'PARTY_ORG' | 'GOVERNMENT_DEPT' | 'COMPANY';

/** The level of the area hierarchy a name is unique within; `area` = the area the source gave. */
export type OrganizationScopeLevel = 'city' | 'district' | 'street' | 'area';

/** Names of the areas around a unit (admin_area names as stored), each optional. */
export interface AreaNames {
  province?: string | null;
  city?: string | null;
  district?: string | null;
  street?: string | null;
  community?: string | null;
}

/** What a name says about its organisation. */
export interface OrganizationName {
  /** The name after {@link normalizeName}. */
  normalized: string;
  /** The type its ending says, or null. */
  unitType: OrganizationUnitType | null;
  /** The kind the name says (without a USCC); `OTHER` when it says none. */
  kind: OrganizationKind;
  /** The distinctive part; `''` when the name is only a type word (街道办, 居委会). */
  core: string;
  /** Where the name is unique. */
  scope: OrganizationScopeLevel;
  /** For companies: the business line (物业服务, 物业管理, 物业, or null) and the legal form (有限公司…, or null). */
  company: { line: string | null; legalForm: string | null } | null;
  /**
   * The blocking key: `<type>|<core>` (a company: `COMPANY|<line family>|<core>`), or `|<name>` for
   * a name of no known type; `null` when the core is empty (the caller may fill it from the areas).
   */
  matchName: string | null;
}

const PARTY_PREFIX = /^(中国共产党|中共)/u;
/** Party suffixes, longest first, with their canonical spelling. */
const PARTY_SUFFIXES: readonly [RegExp, string][] = [
  [/党工作委员会$/u, '党工委'],
  [/党工委$/u, '党工委'],
  [/党总支部委员会$/u, '党总支'],
  [/党总支$/u, '党总支'],
  [/党支部委员会$/u, '党支部'],
  [/党支部$/u, '党支部'],
  [/党小组$/u, '党小组'],
  [/党委员会$/u, '党委'],
  [/党委$/u, '党委'],
  [/党组$/u, '党组'],
];
/** Suffixes that name a party organisation only after 中共 (中共X街道工作委员会). */
const PARTY_SUFFIXES_AFTER_PREFIX: readonly [RegExp, string][] = [
  [/工作委员会$/u, '党工委'],
  [/总支部委员会$/u, '党总支'],
  [/支部委员会$/u, '党支部'],
  [/委员会$/u, '党委'],
];
const RESIDENTS_COMMITTEE = /(社区居民委员会|社区居委会|居民委员会|居委会|社区)$/u;
const VILLAGE_COMMITTEE = /(村村民委员会|村民委员会|村村委会|村委会)$/u;
const OWNERS_COMMITTEE = /(业主委员会|业委会)$/u;
const STREET_OFFICE = /(街道办事处|街道办|街道|街办事处|街办)$/u;
const TOWNSHIP = /(镇|乡)(人民政府|政府)$/u;
const LEGAL_FORM = /(股份有限公司|有限责任公司|集团有限公司|有限公司|集团公司|公司)$/u;
const PROPERTY_LINE = /(物业服务|物业管理|物业经营管理|物业发展|物业)$/u;
/** A department by its ending (…局, …委(员会), …办(公室), a district's or city's 人民政府). */
const DEPT_SUFFIX = /(局|委员会|委|办公室|办|人民政府)$/u;
/** A department by what it does, wherever it says it. */
const DEPT_WORDS = /(热线|执法|网格化服务管理中心)/u;
const PROPERTY_WORD = /物业/u;

/** Administrative suffixes taken off an area name to get its short form (武汉市 → 武汉). */
const AREA_SUFFIX = /(特别行政区|自治区|自治州|自治县|地区|街道办事处|街道|省|市|区|县|旗|盟|镇|乡|社区|村)$/u;

/** An area name's forms as a prefix, longest first: the full name and, when 2+ characters remain, its short form. */
function areaForms(name: string | null | undefined, short: boolean): string[] {
  if (!name) return [];
  const full = normalizeName(name);
  if (!full) return [];
  const s = full.replace(AREA_SUFFIX, '');
  return short && s.length >= 2 && s !== full ? [full, s] : [full];
}

/**
 * Takes the unit's own area names off the start of `body` (repeatedly: 湖北省武汉市江岸区…), also
 * inside brackets for companies (安居(武汉)物业), never down to nothing.
 */
function stripAreas(body: string, names: AreaNames, opts: { street?: boolean; short?: boolean; government?: boolean }): { rest: string; city: boolean; district: boolean } {
  const short = opts.short ?? true;
  const levels: [keyof AreaNames, string[]][] = [
    ['province', areaForms(names.province, short)],
    ['city', areaForms(names.city, short)],
    ['district', areaForms(names.district, short)],
    ...(opts.street ? ([['street', areaForms(names.street, false)]] as [keyof AreaNames, string[]][]) : []),
  ];
  let rest = body;
  let city = false;
  let district = false;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [level, forms] of levels) {
      const form = forms.find((f) => rest.startsWith(f) && rest.length > f.length);
      if (form) {
        rest = rest.slice(form.length);
        if (level === 'city') city = true;
        if (level === 'district') district = true;
        changed = true;
      }
    }
    if (opts.government && (city || district) && rest.startsWith('人民政府') && rest.length > 4) {
      rest = rest.slice(4);
      changed = true;
    }
  }
  // a bracketed area name inside a company name: 安居(武汉)物业 → 安居物业
  const all = levels.flatMap(([, forms]) => forms);
  rest = rest.replace(/\(([^()]+)\)/gu, (m, inner: string) => (all.includes(inner) && rest.replace(m, '') !== '' ? '' : m));
  return { rest, city, district };
}

/** Parses a street office / township name; null when it is none. */
function streetOffice(n: string, areas: AreaNames): { core: string } | null {
  const town = TOWNSHIP.exec(n);
  if (town) {
    const body = n.slice(0, town.index);
    return { core: `${stripAreas(body, areas, { government: true }).rest}${town[1]}` };
  }
  const m = STREET_OFFICE.exec(n);
  if (!m) return null;
  const body = n.slice(0, m.index);
  return { core: stripAreas(body, areas, { government: true }).rest };
}

/** Parses a party organisation's name; null when it is none. */
function partyOrg(n: string, areas: AreaNames): { core: string; scope: OrganizationScopeLevel } | null {
  const prefixed = PARTY_PREFIX.test(n);
  const s = n.replace(PARTY_PREFIX, '');
  const suffixes = prefixed ? [...PARTY_SUFFIXES, ...PARTY_SUFFIXES_AFTER_PREFIX] : PARTY_SUFFIXES;
  for (const [re, canonical] of suffixes) {
    const m = re.exec(s);
    if (!m) continue;
    const body = stripAreas(s.slice(0, m.index), areas, {}).rest;
    const scope: OrganizationScopeLevel = /街道$/u.test(body) ? 'district' : /社区$/u.test(body) ? 'street' : 'area';
    return { core: `${body}|${canonical}`, scope };
  }
  return null;
}

/** Parses a company name (a legal form, or a bare X物业); null when it is none. */
function company(n: string, areas: AreaNames): { core: string; line: string | null; legalForm: string | null } | null {
  const legal = LEGAL_FORM.exec(n);
  const withoutLegal = legal ? n.slice(0, legal.index) : n;
  const line = PROPERTY_LINE.exec(withoutLegal);
  if (!legal && !line) return null;
  const body = line ? withoutLegal.slice(0, line.index) : withoutLegal;
  if (body === '') return null;
  return { core: stripAreas(body, areas, {}).rest, line: line ? line[1]! : null, legalForm: legal ? legal[1]! : null };
}

/** Parses a department's name; null when it is none. */
function department(n: string, areas: AreaNames): { core: string; scope: OrganizationScopeLevel } | null {
  if (!DEPT_SUFFIX.test(n) && !DEPT_WORDS.test(n)) return null;
  const stripped = stripAreas(n, areas, {});
  let rest = stripped.rest;
  let city = stripped.city;
  let district = stripped.district;
  // 区民政局 / 市民政局: the district's or the city's, said without its name (never 市场监管局)
  if (/^区/u.test(rest) && rest.length >= 3 && !/^区(委|政府)/u.test(rest)) {
    rest = rest.slice(1);
    district = true;
  } else if (/^市(?!场|民服务)/u.test(rest) && rest.length >= 3 && !district && !/^市(委|政府)/u.test(rest)) {
    rest = rest.slice(1);
    city = true;
  }
  return { core: rest, scope: city && !district ? 'city' : 'district' };
}

/**
 * What a name says about its organisation (see the table above). `areas` are the names of the
 * unit's own areas, when known; without them no area prefix is taken off.
 */
export function parseOrganizationName(name: string, areas: AreaNames = {}): OrganizationName {
  const normalized = normalizeName(name);
  const result = (unitType: OrganizationUnitType | null, kind: OrganizationKind, core: string, scope: OrganizationScopeLevel, extra?: { line: string | null; legalForm: string | null }): OrganizationName => ({
    normalized,
    unitType,
    kind,
    core,
    scope,
    company: extra ?? null,
    matchName: unitType === null ? (normalized ? `|${normalized}` : null) : core === '' ? null : unitType === 'COMPANY' ? `COMPANY|${extra?.line ? '物业' : ''}|${core}` : `${unitType}|${core}`,
  });
  if (!normalized) return result(null, 'OTHER', '', 'area');

  const party = partyOrg(normalized, areas);
  if (party) return result('PARTY_ORG', 'PARTY_ORG', party.core, party.scope);

  const village = VILLAGE_COMMITTEE.exec(normalized);
  const rc = village ?? RESIDENTS_COMMITTEE.exec(normalized);
  if (rc) return result('RESIDENTS_COMMITTEE', 'RESIDENTS_COMMITTEE', stripAreas(normalized.slice(0, rc.index), areas, { street: true }).rest, 'street');

  const owners = OWNERS_COMMITTEE.exec(normalized);
  if (owners) return result('OWNERS_COMMITTEE', 'OWNERS_COMMITTEE', stripAreas(normalized.slice(0, owners.index), areas, {}).rest, 'area');

  const office = streetOffice(normalized, areas);
  if (office) return result('STREET_OFFICE', 'STREET_OFFICE', office.core, 'district');

  const firm = company(normalized, areas);
  if (firm) return result('COMPANY', firm.line ? 'PROPERTY_COMPANY' : 'OTHER', firm.core, 'city', { line: firm.line, legalForm: firm.legalForm });

  const dept = department(normalized, areas);
  if (dept) return result('GOVERNMENT_DEPT', 'GOVERNMENT_DEPT', dept.core, dept.scope);

  return result(null, PROPERTY_WORD.test(normalized) ? 'PROPERTY_COMPANY' : 'OTHER', normalized, 'area');
}

/**
 * The kind an organisation's name (and the category digits of its USCC) says — the one guess
 * every connector and path makes when a source does not say the kind. The name's type first (a
 * "X街道" handling unit is a street office, "…局/委/办" a department, "…物业…" a property firm,
 * "…党建联盟" an alliance);
 * else USCC category 51/52/53 → social organisation, 11 → department; else `OTHER`, the honest
 * answer when nothing fits.
 */
export function inferOrganizationKind(name: string, uscc: string | null = null): OrganizationKind {
  const parsed = parseOrganizationName(name);
  if (parsed.kind !== 'OTHER') return parsed.kind;
  // 区域化党建联盟: named after its area, never registered (no USCC)
  if (/党建联盟$/u.test(parsed.normalized)) return 'ALLIANCE';
  const category = uscc ? normalizeName(uscc).toUpperCase().slice(0, 2) : null;
  if (category === '51' || category === '52' || category === '53') return 'SOCIAL_ORG';
  if (category === '11') return 'GOVERNMENT_DEPT';
  return 'OTHER';
}

/** How far two company names agree: 1 identical (after normalisation), lower for each variant. */
export interface CompanyNameScore {
  score: number;
  /** Which parts differed (for the review entry's evidence). */
  lineDiffers: boolean;
  legalFormDiffers: boolean;
}

/**
 * Scores two companies with the same core (and the same kind of business line). Company suffixes
 * are not proof: "X物业服务有限公司" and "X物业管理有限公司" may be two registered firms, so they
 * score below 1 and the caller decides (attach above a threshold when nothing else competes,
 * else review). Points off: an abbreviated side (bare 物业, no legal form) 0.1 each; two different
 * explicit business lines 0.2; two different explicit legal forms (有限公司 vs 股份有限公司: two
 * registrations) 0.35, so that alone keeps a pair below an automatic attach.
 */
export function scoreCompanyNames(a: NonNullable<OrganizationName['company']>, b: NonNullable<OrganizationName['company']>): CompanyNameScore {
  let score = 1;
  const explicitLine = (l: string | null) => l !== null && l !== '物业';
  const lineDiffers = a.line !== b.line;
  if (lineDiffers) score -= explicitLine(a.line) && explicitLine(b.line) ? 0.2 : 0.1;
  const legalFormDiffers = a.legalForm !== b.legalForm;
  if (legalFormDiffers) score -= a.legalForm !== null && b.legalForm !== null ? 0.35 : 0.1;
  return { score: Math.round(score * 100) / 100, lineDiffers, legalFormDiffers };
}
