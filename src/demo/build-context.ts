import { subRng, type Rng } from './prng';
import type { DistrictDef } from './names';
import type { DemoProfile } from './profiles';
import type { World, WorldOrganization, WorldPerson, WorldPlanted } from './world.types';

/**
 * Mutable state of one `generateWorld` run, shared by the per-branch generators. Only two
 * things cross branches: the output arrays (appended in generation order) and the uniqueness
 * registries (ID numbers, mobiles, USCCs). A branch generated later can never change one
 * generated earlier; a branch generated earlier changes a later one only if one of its values
 * clashes with a value the later branch draws (the later branch then re-draws), which is
 * astronomically rare for ID numbers and USCCs and a handful of mobiles in a `perf` world.
 */
export interface BuildContext {
  /** World seed. */
  seed: string;
  /** Profile in use. */
  profile: DemoProfile;
  /** Multiplier on dwellings per grid (hence people, cases). */
  scale: number;
  /** As-of date `YYYY-MM-DD`. */
  asOf: string;
  /** Last millisecond of the as-of day, Beijing time: no event is later. */
  asOfEndMs: number;
  /** Output collections (meta is added at the end). */
  world: Omit<World, 'meta'>;
  /** First 17 characters of every citizen ID issued. */
  idTaken: Set<string>;
  /** Every mobile issued. */
  mobileTaken: Set<string>;
  /** Every USCC issued. */
  usccTaken: Set<string>;
  /** District departments by short key (`civil-affairs`, `hotline` …). */
  depts: ReadonlyMap<string, WorldOrganization>;
  /** District-wide property companies, index = pool position. */
  propertyPool: readonly WorldOrganization[];
}

/** The generator of one branch of this run's world. */
export function branchRng(ctx: Pick<BuildContext, 'seed'>, path: string): Rng {
  return subRng(ctx.seed, path);
}

/** Record a planted value. */
export function plant(ctx: Pick<BuildContext, 'world'>, entry: WorldPlanted): void {
  ctx.world.planted.push(entry);
}

/** A street while it is being generated. */
export interface StreetInfo {
  /** The district the street is in (江岸区, or the variant district). */
  district: DistrictDef;
  /** 3-digit segment, `002`. */
  seg: string;
  /** 9-digit code, `420102002`. */
  code9: string;
  /** 12-digit NBS code, `420102002000`. */
  code12: string;
  /** `大智街道`. */
  name: string;
  /** Name without `街道`: `大智`. */
  shortName: string;
  /** Position in `JIANGAN_STREETS` (fixed per street, independent of the profile); variant streets follow after it. */
  ordinal: number;
  /** Roads used in addresses. */
  roads: readonly string[];
  /** Street office organisation key. */
  officeKey: string;
  /** Street office name: `武汉市江岸区人民政府大智街道办事处`. */
  officeName: string;
  /** 街道党工委 code. */
  partyCode: string;
  /** Resident-unit party organisation codes (membership of dual-registered members). */
  unitPartyOrgCodes: string[];
  /** Resident-unit organisation keys. */
  residentUnitKeys: string[];
  /** Duty-item code by catalogue template id. */
  dutyByTemplate: Map<string, string>;
  /** Position in the person-defect cycle, running across the street's communities (see `plant.ts`). */
  plantCursor: number;
}

/** A person while their community is being generated. */
export interface PersonDraft {
  /** The output record (its idNumber may still be replaced by planting). */
  person: WorldPerson;
  /** Age in completed years on the as-of date. */
  age: number;
  /** Registered elsewhere (流动人口). */
  floating: boolean;
  /** Household of the person's latest residency. */
  householdNo: string;
  /** Grid of that household. */
  gridCode: string;
  /** Building of that household. */
  buildingKey: string;
  /** True while the person still lives in the community (open residency). */
  current: boolean;
}
