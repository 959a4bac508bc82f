import { branchRng, plant, type BuildContext, type PersonDraft, type StreetInfo } from './build-context';
import { DUTY_LIST_ABBR, DUTY_TEMPLATES } from './case-catalog';
import { generateStreetAlliance } from './generate-alliances';
import { generateCommunity, type CommunityInfo } from './generate-community';
import { generateStreetStaff } from './generate-staff';
import { makeUscc } from './identifiers';
import { PERSON_DEFECT_CYCLE } from './plant';
import {
  ASSOCIATION_TOPICS,
  BRAND_WORDS,
  COMMUNITY_NAME_FIRST,
  COMMUNITY_NAME_SECOND,
  FRAME,
  fill,
  JIANGAN_DISTRICT,
  JIANGAN_STREETS,
  RESIDENT_UNIT_PATTERNS,
  SERVICE_ORG_PATTERNS,
  SUPERVISORS,
} from './names';
import type { DistrictDef } from './names';
import type { Rng } from './prng';
import type { WorldOrganization } from './world.types';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** One street of a district (`JIANGAN_STREETS`, or the variant district's). */
type StreetDef = DistrictDef['streets'][number];

/** An invented community name (`兴华社区`) not yet used in the street. */
function communityName(rng: Rng, used: Set<string>): string {
  for (;;) {
    const a = rng.pick(COMMUNITY_NAME_FIRST);
    const b = rng.pick(COMMUNITY_NAME_SECOND);
    const name = `${a}${b}社区`;
    if (a !== b && !used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/**
 * Generate one street and everything below it: the street area, its office and 党工委,
 * its 权责清单, resident units (驻区单位) with their party organisations, its communities
 * (each from its own generator), district social organisations registered in the street,
 * and street-scope staff. Everything is drawn from generators under `streets/<code9>`.
 */
export function generateStreet(ctx: BuildContext, def: StreetDef, district: DistrictDef = JIANGAN_DISTRICT): void {
  const w = ctx.world;
  // variant streets come after every 江岸区 street: never ordinal 0 (the foundation and its planted code)
  const ordinal = district.variant ? JIANGAN_STREETS.length + district.streets.indexOf(def) : JIANGAN_STREETS.indexOf(def);
  const code9 = `${district.code6}${def.seg}`;
  const d = district.name;
  const code12 = `${code9}000`;
  const rng = branchRng(ctx, `streets/${code9}`);
  const isStreet = def.name.endsWith('街道');
  const street: StreetInfo = {
    district,
    seg: def.seg,
    code9,
    code12,
    name: def.name,
    shortName: def.name.replace(/街道$/, ''),
    ordinal,
    roads: def.roads,
    officeKey: `street-office/${code9}`,
    officeName: isStreet ? `武汉市${d}人民政府${def.name}办事处` : `武汉市${d}${def.name}管理委员会`,
    partyCode: `P${code9}`,
    unitPartyOrgCodes: [],
    residentUnitKeys: [],
    dutyByTemplate: new Map(),
    // Half a cycle apart per street: two streets of a tiny world between them plant every kind.
    plantCursor: (ordinal * 5) % PERSON_DEFECT_CYCLE.length,
  };

  // the variant district's streets are invented: test areas
  w.areas.push({ code: code12, name: def.name, level: 'street', parentCode: `${district.code6}000000`, urbanRuralClass: null, isTest: district.variant });
  w.organizations.push({
    key: street.officeKey,
    kind: 'STREET_OFFICE',
    name: street.officeName,
    uscc: makeUscc(rng, '1', '1', district.code6, 'digits', ctx.usccTaken),
    filingNo: null,
    areaCode: code12,
    status: 'ACTIVE',
    foundedOn: rng.dateBetween('1980-01-01', '2005-12-31'),
    address: `武汉市${d}${rng.pick(def.roads)}${rng.int(1, 399)}号`,
  });
  w.partyOrgs.push({
    code: street.partyCode,
    name: `中共武汉市${d}${def.name}工作委员会`,
    level: 'STREET_WORKING_COMMITTEE',
    parentCode: null,
    areaCode: code12,
    gridCode: null,
    organizationKey: street.officeKey,
  });

  // 权责清单: a prefix of the catalogue, numbered per list type.
  const perType = new Map<string, number>();
  for (const t of DUTY_TEMPLATES.slice(0, ctx.profile.dutyItemsPerStreet)) {
    const n = (perType.get(t.listType) ?? 0) + 1;
    perType.set(t.listType, n);
    const code = `${code9}-${DUTY_LIST_ABBR[t.listType]}-${pad(n, 3)}`;
    w.dutyItems.push({
      code,
      streetCode: code12,
      name: t.name,
      listType: t.listType,
      powerCategory: t.powerCategory,
      basis: t.basis,
      responsibleUnit: t.responsibleUnit,
    });
    street.dutyByTemplate.set(t.id, code);
  }

  // 驻区单位 and their party organisations (dual-registered members belong to these).
  const urng = branchRng(ctx, `streets/${code9}/units`);
  const unitNames = new Set<string>();
  const unitCount = urng.int(ctx.profile.residentUnitsPerStreet[0], ctx.profile.residentUnitsPerStreet[1]);
  for (let i = 1; i <= unitCount; i++) {
    let pattern = urng.pick(RESIDENT_UNIT_PATTERNS);
    let name = fill(pattern.pattern, { b: urng.pick(BRAND_WORDS), road: urng.pick(def.roads) });
    while (unitNames.has(name)) {
      pattern = urng.pick(RESIDENT_UNIT_PATTERNS);
      name = fill(pattern.pattern, { b: urng.pick(BRAND_WORDS), road: urng.pick(def.roads) });
    }
    unitNames.add(name);
    const key = `unit/${code9}/${pad(i, 2)}`;
    w.organizations.push({
      key,
      kind: 'RESIDENT_UNIT',
      name,
      uscc: pattern.category === '12' ? makeUscc(urng, '1', '2', district.code6, 'digits', ctx.usccTaken) : makeUscc(urng, '9', '1', district.code6, 'new', ctx.usccTaken),
      filingNo: null,
      areaCode: code12,
      status: 'ACTIVE',
      foundedOn: urng.dateBetween('1985-01-01', '2020-12-31'),
      address: `武汉市${d}${urng.pick(def.roads)}${urng.int(1, 399)}号`,
    });
    const partyCode = `P${code9}-U${pad(i, 2)}`;
    w.partyOrgs.push({
      code: partyCode,
      name: `${name}${pattern.large ? '党总支部' : '党支部'}`,
      level: pattern.large ? 'GENERAL_BRANCH' : 'BRANCH',
      parentCode: street.partyCode,
      areaCode: code12,
      gridCode: null,
      organizationKey: key,
    });
    street.unitPartyOrgCodes.push(partyCode);
    street.residentUnitKeys.push(key);
  }

  // Communities: increasing sequences with occasional gaps, invented names.
  const [cmin, cmax] = ctx.profile.communitiesPerStreet;
  const communityCount = rng.int(cmin, cmax);
  const names = new Set<string>();
  const estateNames = new Set<string>();
  const communities: CommunityInfo[] = [];
  let seq = 0;
  for (let i = 0; i < communityCount; i++) {
    seq += 1 + (rng.chance(0.25) ? rng.int(1, 3) : 0);
    communities.push(generateCommunity(ctx, street, i, seq, communityName(rng, names), estateNames));
  }

  const residents = communities.flatMap((c) => c.current);
  generateStreetSocialOrgs(ctx, street, communities, residents);
  generateStreetAlliance(ctx, street, communities);
  generateStreetStaff(ctx, street, residents);
}

/**
 * District social organisations whose home is this street (so they stay with the street's
 * branch of the world): one 社会团体, two 民办非企业单位 / 社会服务机构 (the first renamed, the
 * second often cancelled or revoked), and in 大智街道 a city 基金会. 大智街道's first service
 * organisation carries the planted USCC_INVALID_FORMAT code. Names are unique across streets
 * because they are chosen by the street's fixed ordinal.
 */
function generateStreetSocialOrgs(ctx: BuildContext, street: StreetInfo, communities: readonly CommunityInfo[], residents: readonly PersonDraft[]): void {
  const rng = branchRng(ctx, `streets/${street.code9}/social-orgs`);
  const d = street.district.name;
  const code6 = street.district.code6;
  const reps = residents.filter((d) => d.age >= 30 && d.age <= 72);
  const rep = () => (reps.length > 0 ? { legalRepresentativeId: rng.pick(reps).person.idNumber } : {});
  const area = () => (communities.length > 0 ? rng.pick(communities).code : street.code12);
  const address = () => `武汉市${d}${rng.pick(street.roads)}${rng.int(1, 399)}号`;
  const o = street.ordinal;
  const orgs: WorldOrganization[] = [];

  orgs.push({
    key: `social/${street.code9}/01`,
    kind: 'SOCIAL_ORG',
    name: `武汉市${d}${ASSOCIATION_TOPICS[o % ASSOCIATION_TOPICS.length]}`,
    uscc: makeUscc(rng, '5', '1', code6, 'new', ctx.usccTaken),
    filingNo: null,
    areaCode: area(),
    status: 'ACTIVE',
    socialOrgType: '社会团体',
    registrationAuthority: `武汉市${d}民政局`,
    supervisor: rng.pick(SUPERVISORS),
    ...rep(),
    foundedOn: rng.dateBetween('2005-01-01', '2022-12-31'),
    address: address(),
  });
  for (let j = 0; j < 2; j++) {
    const brand = BRAND_WORDS[(o * 2 + j) % BRAND_WORDS.length]!;
    const r = rng.next();
    orgs.push({
      key: `social/${street.code9}/${pad(j + 2, 2)}`,
      kind: 'SOCIAL_ORG',
      name: fill(rng.pick(SERVICE_ORG_PATTERNS), { b: brand }),
      uscc: makeUscc(rng, '5', '2', code6, 'new', ctx.usccTaken),
      filingNo: null,
      areaCode: area(),
      status: j === 0 ? 'ACTIVE' : r < 0.35 ? 'CANCELLED' : r < 0.6 ? 'REVOKED' : 'ACTIVE',
      socialOrgType: rng.chance(0.5) ? '民办非企业单位' : '社会服务机构',
      registrationAuthority: `武汉市${d}民政局`,
      supervisor: rng.pick(SUPERVISORS),
      ...rep(),
      foundedOn: rng.dateBetween('2008-01-01', '2023-12-31'),
      address: address(),
      ...(j === 0 ? { formerNames: [`${d}${brand}服务社`] } : {}),
    });
  }
  if (o === 0) {
    orgs.push({
      key: `social/${street.code9}/04`,
      kind: 'SOCIAL_ORG',
      name: `武汉市${BRAND_WORDS[BRAND_WORDS.length - 1]}公益基金会`,
      uscc: makeUscc(rng, '5', '3', '420100', 'new', ctx.usccTaken),
      filingNo: null,
      areaCode: FRAME.city.code,
      status: 'ACTIVE',
      socialOrgType: '基金会',
      registrationAuthority: '武汉市民政局',
      supervisor: '武汉市民政局',
      ...rep(),
      foundedOn: rng.dateBetween('2010-01-01', '2020-12-31'),
      address: address(),
    });
    // A clerk typed the letter O for a zero: wrong format, must be rejected, not flagged.
    const victim = orgs[1]!;
    const clean = victim.uscc!;
    const at = clean.indexOf('0', 2);
    victim.uscc = at >= 0 ? `${clean.slice(0, at)}O${clean.slice(at + 1)}` : `${clean.slice(0, 8)}I${clean.slice(9)}`;
    plant(ctx, { collection: 'organizations', key: victim.key, field: 'uscc', defect: 'USCC_INVALID_FORMAT', note: `character outside the GB 32100 alphabet; clean code ${clean}` });
  }
  ctx.world.organizations.push(...orgs);
}
