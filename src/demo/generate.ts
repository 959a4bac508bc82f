import { branchRng, plant, type BuildContext } from './build-context';
import { cstMs, DAY_MS } from './calendar';
import { generateStreet } from './generate-street';
import { makePilotUscc, makeUscc } from './identifiers';
import { plantExcelDamage } from './plant-excel';
import { BRAND_WORDS, fill, FRAME, JIANGAN_DISTRICT, GOVERNMENT_DEPTS, JIANGAN_STREETS, PROPERTY_COMPANY_PATTERNS, VARIANT_DISTRICT, type DistrictDef } from './names';
import { AS_OF, getProfile, type ProfileName } from './profiles';
import { WORLD_COLLECTIONS, type World, type WorldOrganization } from './world.types';

/** Options of {@link generateWorld}. */
export interface GenerateOptions {
  /** Size profile: `tiny` (unit tests), `ci` (integration), `perf` (benchmarks). */
  profile: ProfileName;
  /** World seed. Default `'huiju'`. The same seed and options always give the same world. */
  seed?: string;
  /**
   * Multiplier on dwellings per grid, hence on households, people and cases (`4` with
   * `perf` gives the 1M-people scale test). Default `1`.
   */
  scale?: number;
  /**
   * Streets to generate instead of the profile's, by 3-digit segment (`'002'`) or 9/12-digit
   * code, in generation order. Because every street draws from its own generators, a list
   * that extends another (`['002','003','004']` vs `['002','003']`) gives the same streets
   * for the common prefix, record for record.
   */
  streets?: readonly string[];
  /**
   * Add the variant district (`VARIANT_DISTRICT`, 420103, invented streets; `profile.variantStreets`
   * of them) after 江岸区: its sources spell estates, buildings and organisations their own way,
   * its cases include look-alikes, its street exports Excel-damaged identifiers (see
   * `render/variant-spellings.ts`). Default `false`: the 江岸区 part of the world is the same
   * either way, record for record.
   */
  variants?: boolean;
}

/** Index of 3-digit street segments. */
const STREETS_BY_SEG = new Map(JIANGAN_STREETS.map((s) => [s.seg, s]));

/** Resolve street selectors to `JIANGAN_STREETS` entries; throws on unknown or repeated streets. */
function resolveStreets(selectors: readonly string[]): (typeof JIANGAN_STREETS)[number][] {
  const seen = new Set<string>();
  return selectors.map((raw) => {
    const s = raw.trim();
    const seg = /^\d{3}$/.test(s) ? s : /^420102\d{3}(000)?$/.test(s) ? s.slice(6, 9) : null;
    const def = seg === null ? undefined : STREETS_BY_SEG.get(seg);
    if (def === undefined) throw new Error(`generateWorld: unknown 江岸区 street '${raw}'`);
    if (seen.has(def.seg)) throw new Error(`generateWorld: street '${raw}' listed twice`);
    seen.add(def.seg);
    return def;
  });
}

/**
 * District departments: fixed list, each with its own generator. For the variant district the
 * same departments under its name and code (keys `dept/<code6>/<key>`), except the city's
 * 12345 hotline, which serves both districts.
 */
function generateDepts(ctx: Pick<BuildContext, 'seed' | 'world' | 'usccTaken'>, variant?: DistrictDef, shared?: ReadonlyMap<string, WorldOrganization>): Map<string, WorldOrganization> {
  const depts = new Map<string, WorldOrganization>();
  for (const d of GOVERNMENT_DEPTS) {
    const cityLevel = d.areaCode === FRAME.city.code;
    if (variant && cityLevel && shared?.has(d.key)) {
      depts.set(d.key, shared.get(d.key)!);
      continue;
    }
    const rng = branchRng(ctx, variant ? `orgs/depts/${variant.code6}/${d.key}` : `orgs/depts/${d.key}`);
    const areaCode = variant ? `${variant.code6}000000` : d.areaCode;
    const org: WorldOrganization = {
      key: variant ? `dept/${variant.code6}/${d.key}` : `dept/${d.key}`,
      kind: 'GOVERNMENT_DEPT',
      name: variant ? d.name.replace('江岸区', variant.name) : d.name,
      uscc: makeUscc(rng, '1', d.category.slice(1), areaCode.slice(0, 6), 'digits', ctx.usccTaken),
      filingNo: null,
      areaCode,
      status: 'ACTIVE',
      foundedOn: rng.dateBetween('1980-01-01', '2019-12-31'),
    };
    ctx.world.organizations.push(org);
    depts.set(d.key, org);
  }
  return depts;
}

/**
 * The district-wide pool of property companies (size fixed by the profile, so adding a
 * street does not change it). Pool position 2 is a Fuzhou firm with a pilot USCC that fails
 * the check (planted USCC_CHECKSUM_PILOT); about a third are 红色物业.
 */
function generatePropertyPool(ctx: Pick<BuildContext, 'seed' | 'world' | 'usccTaken' | 'profile'>): WorldOrganization[] {
  const pool: WorldOrganization[] = [];
  const names = new Set<string>();
  for (let i = 0; i < ctx.profile.propertyCompanies; i++) {
    const rng = branchRng(ctx, `orgs/property/${i}`);
    const pilot = i === 2;
    let name = '';
    do {
      const brand = rng.pick(BRAND_WORDS);
      name = pilot ? `福州${brand}物业服务有限公司` : fill(rng.pick(PROPERTY_COMPANY_PATTERNS), { b: brand });
    } while (names.has(name));
    names.add(name);
    const org: WorldOrganization = {
      key: `property/${String(i + 1).padStart(2, '0')}`,
      kind: 'PROPERTY_COMPANY',
      name,
      uscc: pilot ? makePilotUscc(rng, ctx.usccTaken) : makeUscc(rng, '9', '1', rng.pick(['420102', '420102', '420100', '420103', '420106']), 'new', ctx.usccTaken),
      filingNo: null,
      areaCode: FRAME.district.code,
      status: 'ACTIVE',
      foundedOn: rng.dateBetween(pilot ? '2014-01-01' : '2000-01-01', pilot ? '2014-12-31' : '2021-12-31'),
      address: pilot ? `福建省福州市鼓楼区${rng.int(1, 200)}号` : `武汉市江岸区${rng.pick(JIANGAN_STREETS).roads[0]}${rng.int(1, 399)}号`,
      redProperty: rng.chance(0.35),
    };
    if (pilot) {
      plant(ctx, {
        collection: 'organizations',
        key: org.key,
        field: 'uscc',
        defect: 'USCC_CHECKSUM_PILOT',
        note: 'early Fujian pilot code: well-formed, fails the GB 32100 check; accept flagged',
      });
    }
    ctx.world.organizations.push(org);
    pool.push(org);
  }
  return pool;
}

/**
 * Generate the synthetic world for a profile. Pure and deterministic: no I/O, no clock, no
 * `Math.random`; the same options give a byte-identical `JSON.stringify` in any process.
 * Branches draw from generators derived from `(seed, path)` (see `subRng`), so adding a
 * street, household or case leaves every other branch unchanged.
 */
export function generateWorld(options: GenerateOptions): World {
  const profile = getProfile(options.profile);
  const seed = options.seed ?? 'huiju';
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error('generateWorld: scale must be a positive number');
  const streets = resolveStreets(options.streets ?? profile.streets);

  const world: Omit<World, 'meta'> = {
    areas: [],
    grids: [],
    organizations: [],
    propertyProjects: [],
    buildings: [],
    dwellings: [],
    households: [],
    persons: [],
    residencies: [],
    partyOrgs: [],
    partyMembers: [],
    contactAssignments: [],
    allianceMembers: [],
    staffRoles: [],
    dutyItems: [],
    cases: [],
    activities: [],
    planted: [],
  };
  const base = {
    seed,
    profile,
    scale,
    asOf: AS_OF,
    asOfEndMs: cstMs(AS_OF) + DAY_MS - 1,
    world,
    idTaken: new Set<string>(),
    mobileTaken: new Set<string>(),
    usccTaken: new Set<string>(),
  };
  for (const a of [FRAME.province, FRAME.city, FRAME.district]) {
    const level = a === FRAME.province ? 'province' : a === FRAME.city ? 'city' : 'district';
    const parentCode = a === FRAME.province ? null : a === FRAME.city ? FRAME.province.code : FRAME.city.code;
    world.areas.push({ code: a.code, name: a.name, level, parentCode, urbanRuralClass: null, isTest: false });
  }
  const depts = generateDepts(base);
  const propertyPool = generatePropertyPool(base);
  const ctx: BuildContext = { ...base, depts, propertyPool };

  for (const def of streets) generateStreet(ctx, def, JIANGAN_DISTRICT);
  const streetCodes = streets.map((s) => `420102${s.seg}`);
  if (options.variants === true) {
    const v = VARIANT_DISTRICT;
    world.areas.push({ code: `${v.code6}000000`, name: v.name, level: 'district', parentCode: FRAME.city.code, urbanRuralClass: null, isTest: false });
    const vctx: BuildContext = { ...ctx, depts: generateDepts(base, v, depts) };
    const vstreets = v.streets.slice(0, profile.variantStreets);
    for (const def of vstreets) generateStreet(vctx, def, v);
    streetCodes.push(...vstreets.map((s) => `${v.code6}${s.seg}`));
    plantExcelDamage(vctx, vstreets.map((s) => `${v.code6}${s.seg}`));
  }

  const counts: Record<string, number> = {};
  for (const c of WORLD_COLLECTIONS) counts[c] = world[c].length;
  counts.communities = world.areas.filter((a) => a.level === 'community').length;
  counts.caseEvents = world.cases.reduce((n, c) => n + c.events.length, 0);
  return {
    ...world,
    meta: { seed, profile: profile.name, asOf: AS_OF, streetCodes, counts, ...(options.variants === true ? { variantDistrict: VARIANT_DISTRICT.code6 } : {}) },
  };
}
