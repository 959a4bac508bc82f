import { branchRng, type BuildContext, type PersonDraft, type StreetInfo } from './build-context';
import { addDays, addYears } from './calendar';
import { generateActivities } from './generate-activities';
import { generateCommunityAlliance } from './generate-alliances';
import { generateCases } from './generate-cases';
import { generateParty } from './generate-party';
import { generateHouseholdMembers, type ResidencyDraft } from './generate-people';
import { generateStaff } from './generate-staff';
import { makeUscc } from './identifiers';
import {
  chineseNumeral,
  COMMUNITY_GROUP_TOPICS,
  ESTATE_PREFIXES,
  ESTATE_SUFFIXES,
  OLD_ESTATE_KINDS,
  OLD_ESTATE_WORKS,
} from './names';
import { plantPersons } from './plant';
import { subRng, WeightedTable, type Rng } from './prng';
import type { WorldBuilding, WorldHousehold, WorldOrganization, WorldPropertyProject } from './world.types';

/** A grid of the community being generated. */
export interface GridInfo {
  /** 15-digit code. */
  code: string;
  /** 1-based sequence. */
  seq: number;
  /** 网格党支部 code. */
  branchCode: string;
  /** Household numbers in the grid, in generation order. */
  householdNos: string[];
}

/** An estate of the community being generated. */
export interface ProjectInfo {
  /** The output record. */
  project: WorldPropertyProject;
  /** Its property company. */
  company: WorldOrganization;
  /** 业委会 key, when the estate has one. */
  ownersKey: string | null;
  /** Old work-unit estate (walk-ups, low fee). */
  old: boolean;
}

/** A building of the community being generated. */
export interface BuildingInfo {
  /** The output record. */
  building: WorldBuilding;
  /** 1-based sequence in the community. */
  seq: number;
  /** Estate, if any. */
  project: ProjectInfo | null;
  /** `锦绣花园3栋` / `胜利街12号3栋`: how people name the building. */
  label: string;
  /** Road the building is on. */
  road: string;
  /** Current residents. */
  residents: PersonDraft[];
  /** A few dwellings (unit, room) for repair orders. */
  sampleRooms: { unit: string; room: string }[];
}

/** Everything later generators need about a community. */
export interface CommunityInfo {
  /** The street. */
  street: StreetInfo;
  /** 3-digit community sequence as a number. */
  seq: number;
  /** Position among the street's communities, 0-based. */
  ordinalInStreet: number;
  /** 12-digit code. */
  code: string;
  /** Generator path prefix: `streets/<street9>/communities/<code>`. */
  path: string;
  /** Community name. */
  name: string;
  /** Residents' committee key. */
  rcKey: string;
  /** 社区党委 code. */
  partyCode: string;
  /** Grids. */
  grids: GridInfo[];
  /** Estates. */
  projects: ProjectInfo[];
  /** Buildings. */
  buildings: BuildingInfo[];
  /** Every person generated here (current and former). */
  persons: PersonDraft[];
  /** Persons with an open residency here. */
  current: PersonDraft[];
  /** Community social organisation keys (active ones). */
  socialOrgKeys: string[];
  /** Current grid worker per grid code (filled by the staff generator). */
  gridWorkers: Map<string, PersonDraft>;
  /** Volunteers (filled by the staff generator). */
  volunteers: PersonDraft[];
  /** Current party members living here (filled by the party generator). */
  partyMembers: PersonDraft[];
  /** The community's 区域化党建联盟 (an organisation key), `null` when it has none (filled by the alliance generator). */
  allianceKey: string | null;
}

/** Shape of a building. */
interface BuildingShape {
  kind: 'small' | 'walkup' | 'mid' | 'high';
  units: readonly [number, number];
  floors: readonly [number, number];
  rooms: readonly [number, number];
  area: readonly [number, number];
  minFloors: number;
}

const SMALL: BuildingShape = { kind: 'small', units: [1, 1], floors: [3, 6], rooms: [2, 2], area: [40, 100], minFloors: 2 };
const WALKUP: BuildingShape = { kind: 'walkup', units: [2, 4], floors: [5, 7], rooms: [2, 2], area: [42, 95], minFloors: 5 };
const MID: BuildingShape = { kind: 'mid', units: [1, 2], floors: [9, 18], rooms: [2, 4], area: [60, 140], minFloors: 8 };
const HIGH: BuildingShape = { kind: 'high', units: [1, 2], floors: [24, 33], rooms: [2, 4], area: [70, 145], minFloors: 18 };
/** Shapes of buildings in newer estates. */
const NEW_ESTATE_SHAPES = new WeightedTable<BuildingShape>([
  [WALKUP, 15],
  [MID, 50],
  [HIGH, 35],
]);

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const round2 = (x: number) => Math.round(x * 100) / 100;

/** An estate name not yet used in the street. */
function estateName(rng: Rng, old: boolean, roads: readonly string[], used: Set<string>): string {
  for (let i = 0; i < 50; i++) {
    const name = old
      ? rng.chance(0.3)
        ? `${rng.pick(roads)}${rng.int(1, 300)}号院`
        : `${rng.pick(OLD_ESTATE_WORKS)}${rng.pick(OLD_ESTATE_KINDS)}`
      : `${rng.pick(ESTATE_PREFIXES)}${rng.pick(ESTATE_SUFFIXES)}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  // Exhausted (never in practice): make it unique with a 期 suffix.
  const base = `${rng.pick(ESTATE_PREFIXES)}${rng.pick(ESTATE_SUFFIXES)}`;
  let k = 2;
  while (used.has(`${base}${chineseNumeral(k)}期`)) k++;
  used.add(`${base}${chineseNumeral(k)}期`);
  return `${base}${chineseNumeral(k)}期`;
}

/**
 * Generate one community: area, residents' committee and party committee, grids, estates,
 * buildings, dwellings, households and people, then planting, party, staff, social
 * organisations, cases and activities. Appends to `ctx.world`; returns the community's
 * summary for street-level generators.
 */
export function generateCommunity(
  ctx: BuildContext,
  street: StreetInfo,
  ordinalInStreet: number,
  seq: number,
  name: string,
  usedEstateNames: Set<string>,
): CommunityInfo {
  const w = ctx.world;
  const code = `${street.code9}${pad(seq, 3)}`;
  const path = `streets/${street.code9}/communities/${code}`;
  const rng = branchRng(ctx, path);
  const d = street.district.name;
  const fringe = street.seg === '015' || street.seg === '016' || street.seg === '018';

  w.areas.push({
    code,
    name,
    level: 'community',
    parentCode: street.code12,
    urbanRuralClass: fringe && rng.chance(0.3) ? '112' : '111',
    isTest: true,
  });

  const rcKey = `rc/${code}`;
  w.organizations.push({
    key: rcKey,
    kind: 'RESIDENTS_COMMITTEE',
    name: `武汉市${d}${street.name}${name}居民委员会`,
    uscc: makeUscc(rng, '5', '5', street.district.code6, 'new', ctx.usccTaken),
    filingNo: null,
    areaCode: code,
    status: 'ACTIVE',
    foundedOn: rng.dateBetween('2001-01-01', '2016-12-31'),
    address: `武汉市${d}${rng.pick(street.roads)}${rng.int(1, 399)}号`,
  });
  const partyCode = `P${code}`;
  w.partyOrgs.push({
    code: partyCode,
    name: `中共武汉市${d}${street.name}${name}委员会`,
    level: 'COMMUNITY_COMMITTEE',
    parentCode: street.partyCode,
    areaCode: code,
    gridCode: null,
    organizationKey: rcKey,
  });

  const info: CommunityInfo = {
    street,
    seq,
    ordinalInStreet,
    code,
    path,
    name,
    rcKey,
    partyCode,
    grids: [],
    projects: [],
    buildings: [],
    persons: [],
    current: [],
    socialOrgKeys: [],
    gridWorkers: new Map(),
    volunteers: [],
    partyMembers: [],
    allianceKey: null,
  };

  // 网格 and 网格党支部.
  const p = ctx.profile;
  const gridCount = rng.int(p.gridsPerCommunity[0], p.gridsPerCommunity[1]);
  for (let g = 1; g <= gridCount; g++) {
    const gridCode = `${code}${pad(g, 3)}`;
    w.grids.push({ code: gridCode, name: `${name}第${chineseNumeral(g)}网格`, communityCode: code });
    const branchCode = `P${gridCode}`;
    w.partyOrgs.push({
      code: branchCode,
      name: `${name}第${chineseNumeral(g)}网格党支部`,
      level: 'GRID_BRANCH',
      parentCode: partyCode,
      areaCode: code,
      gridCode,
      organizationKey: null,
    });
    info.grids.push({ code: gridCode, seq: g, branchCode, householdNos: [] });
  }

  // 小区, their property companies, 业委会 and 红色物业 branches.
  const projectCount = rng.int(p.projectsPerCommunity[0], p.projectsPerCommunity[1]);
  for (let i = 1; i <= projectCount; i++) {
    const prng = branchRng(ctx, `${path}/projects/${i}`);
    const old = prng.chance(0.4);
    const company = ctx.propertyPool[prng.int(0, ctx.propertyPool.length - 1)]!;
    const projectCode = `XQ${code}${pad(i, 2)}`;
    const from = prng.dateBetween(addDays(addYears(ctx.asOf, -3), 30), addDays(ctx.asOf, -30));
    const project: WorldPropertyProject = {
      code: projectCode,
      name: estateName(prng, old, street.roads, usedEstateNames),
      communityCode: code,
      companyKey: company.key,
      contract: {
        from,
        to: addDays(addYears(from, 3), -1),
        feePerM2: round2(old ? prng.float(0.5, 1.2) : prng.float(1.5, 3.5)),
      },
      address: `武汉市${d}${prng.pick(street.roads)}${prng.int(1, 399)}号`,
    };
    w.propertyProjects.push(project);
    let ownersKey: string | null = null;
    if (prng.chance(0.6)) {
      ownersKey = `owners/${projectCode}`;
      const year = prng.int(2016, 2025);
      w.organizations.push({
        key: ownersKey,
        kind: 'OWNERS_COMMITTEE',
        name: `${project.name}业主委员会`,
        uscc: null,
        filingNo: `${street.district.shortName}${street.shortName}业备〔${year}〕${pad(seq, 3)}${pad(i, 2)}号`,
        areaCode: code,
        status: 'ACTIVE',
        registrationAuthority: street.officeName,
        foundedOn: prng.dateBetween(`${year}-01-01`, `${year}-12-31`),
        address: project.address,
        projectCode,
      });
    }
    if (company.redProperty === true) {
      w.partyOrgs.push({
        code: `P${code}-W${pad(i, 2)}`,
        name: `${project.name}红色物业党支部`,
        level: 'BRANCH',
        parentCode: partyCode,
        areaCode: code,
        gridCode: null,
        organizationKey: company.key,
      });
    }
    info.projects.push({ project, company, ownersKey, old });
  }

  // 楼栋 → 房屋 → 户 → 人, grid by grid.
  const residencyDrafts: ResidencyDraft[] = [];
  const projectBuildingNo = new Map<string, number>();
  let looseBuildingNo = 0;
  let householdSeq = 0;
  for (const grid of info.grids) {
    const grng = branchRng(ctx, `${path}/grids/${grid.seq}`);
    const target = Math.max(1, Math.round(grng.int(p.dwellingsPerGrid[0], p.dwellingsPerGrid[1]) * ctx.scale));
    let built = 0;
    while (built < target) {
      const proj = info.projects.length > 0 && grng.chance(0.8) ? grng.pick(info.projects) : null;
      const shape = p.buildingMix === 'small' ? SMALL : proj === null || proj.old ? WALKUP : NEW_ESTATE_SHAPES.pick(grng);
      const units = grng.int(shape.units[0], shape.units[1]);
      const rooms = grng.int(shape.rooms[0], shape.rooms[1]);
      const need = Math.ceil((target - built) / (units * rooms));
      const floors = Math.min(grng.int(shape.floors[0], shape.floors[1]), Math.max(shape.minFloors, need));
      const bseq = info.buildings.length + 1;
      const key = `${code}-B${pad(bseq, 3)}`;
      let no: string;
      let road: string;
      let address: string;
      let label: string;
      if (proj !== null) {
        const n = (projectBuildingNo.get(proj.project.code) ?? 0) + 1;
        projectBuildingNo.set(proj.project.code, n);
        no = `${n}栋`;
        road = proj.project.address.slice(`武汉市${d}`.length).replace(/\d+号$/, '');
        address = `${proj.project.address}${proj.project.name}${no}`;
        label = `${proj.project.name}${no}`;
      } else {
        looseBuildingNo++;
        no = `${looseBuildingNo}栋`;
        road = grng.pick(street.roads);
        const number = `${road}${grng.int(1, 399)}号`;
        address = `武汉市${d}${number}${no}`;
        label = `${number}${no}`;
      }
      const building: WorldBuilding = {
        key,
        projectCode: proj?.project.code ?? null,
        communityCode: code,
        gridCode: grid.code,
        no,
        units,
        floors,
        address,
      };
      w.buildings.push(building);
      const binfo: BuildingInfo = { building, seq: bseq, project: proj, label, road, residents: [], sampleRooms: [] };
      info.buildings.push(binfo);

      const brng = branchRng(ctx, `${path}/buildings/${bseq}`);
      const groundShops = brng.chance(shape.kind === 'small' ? 0.1 : 0.25);
      const offices = (shape.kind === 'mid' || shape.kind === 'high') && brng.chance(0.05);
      for (let u = 1; u <= units; u++) {
        for (let f = 1; f <= floors; f++) {
          for (let r = 1; r <= rooms; r++) {
            const usage = groundShops && f === 1 ? '商业' : offices && (f === 2 || f === 3) ? '办公' : '住宅';
            const room = `${f}${pad(r, 2)}`;
            const unit = `${u}单元`;
            const dkey = `${key}-${u}-${pad(f, 2)}${pad(r, 2)}`;
            const area =
              usage === '商业' ? brng.float(20, 200) : usage === '办公' ? brng.float(50, 300) : brng.float(shape.area[0], shape.area[1]);
            const rented = brng.chance(usage === '住宅' ? (shape.kind === 'walkup' ? 0.3 : 0.2) : usage === '商业' ? 0.6 : 0.5);
            w.dwellings.push({ key: dkey, buildingKey: key, unit, floor: f, room, areaM2: round2(area), usage, rented, gridCode: grid.code });
            built++;
            if (binfo.sampleRooms.length < 6 && usage === '住宅' && brng.chance(0.3)) binfo.sampleRooms.push({ unit, room });
            if (usage !== '住宅' || !brng.chance(rented ? 0.92 : 0.88)) continue;
            householdSeq++;
            const kind = rented ? 'RESIDENT' : 'REGISTERED';
            const householdNo = `${rented ? 2 : 1}${code.slice(6)}${pad(householdSeq, 5)}`;
            const household: WorldHousehold = { householdNo, kind, dwellingKey: dkey, gridCode: grid.code };
            w.households.push(household);
            grid.householdNos.push(householdNo);
            const members = generateHouseholdMembers(ctx, subRng(ctx.seed, `persons/${householdNo}`), {
              householdNo,
              kind,
              gridCode: grid.code,
              buildingKey: key,
            });
            for (const d of members.persons) {
              info.persons.push(d);
              if (d.current) {
                info.current.push(d);
                binfo.residents.push(d);
              }
            }
            residencyDrafts.push(...members.residencies);
          }
        }
      }
      if (binfo.sampleRooms.length === 0) binfo.sampleRooms.push({ unit: '1单元', room: '101' });
    }
  }

  // Planting changes ID numbers, so persons and references are emitted only afterwards.
  plantPersons(ctx, street, branchRng(ctx, `${path}/plant`), info.persons);
  for (const d of info.persons) w.persons.push(d.person);
  for (const r of residencyDrafts) w.residencies.push({ personId: r.draft.person.idNumber, ...r.residency });

  generateParty(ctx, info);
  generateStaff(ctx, info);
  generateCommunitySocialOrgs(ctx, info);
  generateCases(ctx, info);
  generateCommunityAlliance(ctx, info);
  generateActivities(ctx, info);
  return info;
}

/** 社区社会组织: filed with the street office, 备案编号 and no USCC, legal representative from the community. */
function generateCommunitySocialOrgs(ctx: BuildContext, info: CommunityInfo): void {
  const rng = branchRng(ctx, `${info.path}/social-orgs`);
  const d = info.street.district.name;
  const [min, max] = ctx.profile.communitySocialOrgs;
  const n = rng.int(min, max);
  const topics = rng.sample(COMMUNITY_GROUP_TOPICS, n);
  const adults = info.current.filter((d) => d.age >= 30 && d.age <= 75);
  topics.forEach((topic, i) => {
    const key = `community-social/${info.code}/${pad(i + 1, 2)}`;
    const year = rng.int(2012, 2025);
    const r = rng.next();
    const status = r < 0.05 ? 'CANCELLED' : r < 0.08 ? 'REVOKED' : 'ACTIVE';
    const rep = adults.length > 0 ? rng.pick(adults) : null;
    ctx.world.organizations.push({
      key,
      kind: 'SOCIAL_ORG',
      name: `${info.name}${topic}`,
      uscc: null,
      filingNo: `${info.street.district.shortName}${info.street.shortName}社备〔${year}〕${pad(info.seq, 3)}${pad(i + 1, 2)}号`,
      areaCode: info.code,
      status,
      socialOrgType: '社区社会组织',
      registrationAuthority: info.street.officeName,
      supervisor: `武汉市${d}${info.street.name}${info.name}居民委员会`,
      ...(rep !== null ? { legalRepresentativeId: rep.person.idNumber } : {}),
      foundedOn: rng.dateBetween(`${year}-01-01`, `${year}-12-31`),
      address: `武汉市${d}${rng.pick(info.street.roads)}${rng.int(1, 399)}号`,
    });
    if (status === 'ACTIVE') info.socialOrgKeys.push(key);
  });
}
