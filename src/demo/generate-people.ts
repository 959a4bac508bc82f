import type { BuildContext, PersonDraft } from './build-context';
import { addDays, addYears, ageOn, maxDate } from './calendar';
import { makeCitizenId, makeMobile } from './identifiers';
import {
  ETHNICITIES,
  GIVEN_NAME_CHARS,
  HUBEI_AREA6,
  JIANGAN_AREA6,
  OTHER_PROVINCE_AREA6,
  SURNAMES,
  WUHAN_AREA6,
} from './names';
import { WeightedTable, type Rng } from './prng';
import type { HouseholdRelation, PoliticalStatus, WorldResidency } from './world.types';

/** Surname table, built once. */
const SURNAME_TABLE = new WeightedTable(SURNAMES);
/** Ethnicity table, built once. */
const ETHNICITY_TABLE = new WeightedTable(ETHNICITIES);

/** Tags in the order they are listed on a person. */
const TAG_ORDER = ['独居老人', '空巢老人', '高龄老人', '残疾人', '低保', '特困人员', '退役军人'] as const;

/** Household shapes of 户籍户 and their weights. */
const REGISTERED_SHAPES = new WeightedTable([
  ['single-elder', 10],
  ['elder-couple', 14],
  ['single-adult', 8],
  ['couple', 14],
  ['nuclear', 34],
  ['three-gen', 16],
  ['single-parent', 4],
] as const);

/** Household shapes of 居住户 (tenants registered elsewhere) and their weights. */
const RESIDENT_SHAPES = new WeightedTable([
  ['single', 35],
  ['couple', 25],
  ['family', 25],
  ['shared', 15],
] as const);

/** A residency whose person may still be re-keyed by planting. */
export interface ResidencyDraft {
  /** The member. */
  draft: PersonDraft;
  /** Residency fields other than `personId`. */
  residency: Omit<WorldResidency, 'personId'>;
}

/** What one household contributes. */
export interface HouseholdMembers {
  /** Every person generated for the household, current and former members. */
  persons: PersonDraft[];
  /** Their residencies. */
  residencies: ResidencyDraft[];
}

/** Where a household lives. */
export interface HouseholdPlace {
  /** 户号. */
  householdNo: string;
  /** 户籍户 or 居住户. */
  kind: 'REGISTERED' | 'RESIDENT';
  /** Grid code. */
  gridCode: string;
  /** Building key. */
  buildingKey: string;
}

/** Characteristics a member is created from. */
interface MemberSpec {
  relation: HouseholdRelation;
  age: number;
  sex: 'M' | 'F';
  surname: string;
  area6: string;
  ethnicity: string;
}

/** A surname different from `other` (one redraw; compound surnames stay rare). */
function surnameUnlike(rng: Rng, other: string | null): string {
  const s = SURNAME_TABLE.pick(rng);
  return s === other ? SURNAME_TABLE.pick(rng) : s;
}

/**
 * GB/T 2260 code of the place a person's number was issued. Older residents more often came
 * from elsewhere in 湖北; people 40 and under were mostly born into a 江岸区 household.
 */
function pickArea6(rng: Rng, floating: boolean, age: number): string {
  const r = rng.next();
  if (floating) {
    if (r < 0.12) return rng.pick(WUHAN_AREA6);
    if (r < 0.55) return rng.pick(HUBEI_AREA6);
    return rng.pick(OTHER_PROVINCE_AREA6);
  }
  const [local, wuhan] = age <= 40 ? [0.7, 0.9] : [0.45, 0.7];
  if (r < local) return JIANGAN_AREA6;
  if (r < wuhan) return rng.pick(WUHAN_AREA6);
  return rng.pick(HUBEI_AREA6);
}

/** Given name (one or two characters) in the fashion of the birth cohort. */
function givenName(rng: Rng, birthYear: number, sex: 'M' | 'F'): string {
  const cohort = birthYear < 1970 ? GIVEN_NAME_CHARS.old : birthYear < 1995 ? GIVEN_NAME_CHARS.mid : GIVEN_NAME_CHARS.young;
  const pool = cohort[sex];
  const single = rng.chance(birthYear < 1970 ? 0.22 : 0.12);
  return single ? rng.pick(pool) : rng.pick(pool) + rng.pick(pool);
}

/** 政治面貌 by age; floating residents join less often (their membership is elsewhere). */
function politicalStatusFor(rng: Rng, age: number, floating: boolean): PoliticalStatus {
  const f = floating ? 0.6 : 1;
  const r = rng.next();
  // A full member has served a year as probationary member after joining at 18 or later.
  if (age >= 20) {
    const cpc = (age >= 60 ? 0.12 : age >= 30 ? 0.08 : 0.045) * f;
    if (r < cpc) return 'CPC_MEMBER';
    if (age <= 45 && r < cpc + 0.006) return 'CPC_PROBATIONARY';
  } else if (age >= 18 && r < 0.004) {
    return 'CPC_PROBATIONARY';
  }
  if (age >= 14 && age <= 28 && rng.chance(0.45)) return 'CYL_MEMBER';
  return 'MASSES';
}

/** Build one person and register their ID and mobile. */
function makeMember(ctx: BuildContext, rng: Rng, spec: MemberSpec, floating: boolean, place: HouseholdPlace, householdTags: readonly string[]): PersonDraft {
  const birthDate = addDays(addYears(ctx.asOf, -spec.age), -rng.int(0, 364));
  const age = ageOn(birthDate, ctx.asOf);
  const birthYear = Number(birthDate.slice(0, 4));
  const idNumber = makeCitizenId(rng, spec.area6, birthDate, spec.sex, ctx.idTaken);
  const wantsMobile = age >= 12 && rng.chance(age >= 80 ? 0.55 : age < 16 ? 0.6 : 0.96);
  const mobile = wantsMobile ? makeMobile(rng, ctx.mobileTaken) : null;
  const disabled = rng.chance(age >= 60 ? 0.06 : 0.015);
  const veteran = spec.sex === 'M' && age >= 22 && age <= 80 && rng.chance(0.04);
  const has = (t: string): boolean => {
    switch (t) {
      case '独居老人':
      case '空巢老人':
        return age >= 60 && householdTags.includes(t);
      case '高龄老人':
        return age >= 80;
      case '残疾人':
        return disabled;
      case '退役军人':
        return veteran;
      default:
        return householdTags.includes(t);
    }
  };
  return {
    person: {
      idNumber,
      name: spec.surname + givenName(rng, birthYear, spec.sex),
      sex: spec.sex,
      birthDate,
      ethnicity: spec.ethnicity,
      mobile,
      politicalStatus: politicalStatusFor(rng, age, floating),
      tags: householdTags.length === 0 && !disabled && !veteran && age < 80 ? [] : TAG_ORDER.filter(has),
    },
    age,
    floating,
    householdNo: place.householdNo,
    gridCode: place.gridCode,
    buildingKey: place.buildingKey,
    current: true,
  };
}

/** Sex with `pFemale` probability of `F`. */
function sexOf(rng: Rng, pFemale = 0.5): 'M' | 'F' {
  return rng.chance(pFemale) ? 'F' : 'M';
}

/** Specs of a couple: husband first. */
function couple(rng: Rng, husbandAge: number, floating: boolean, minWifeAge: number): [MemberSpec, MemberSpec] {
  const husband: MemberSpec = {
    relation: '户主',
    age: husbandAge,
    sex: 'M',
    surname: surnameUnlike(rng, null),
    area6: pickArea6(rng, floating, husbandAge),
    ethnicity: ETHNICITY_TABLE.pick(rng),
  };
  const wifeAge = Math.max(minWifeAge, husbandAge - rng.int(-2, 5));
  const wife: MemberSpec = {
    relation: '配偶',
    age: wifeAge,
    sex: 'F',
    surname: surnameUnlike(rng, husband.surname),
    area6: rng.chance(0.5) ? husband.area6 : pickArea6(rng, floating, wifeAge),
    ethnicity: rng.chance(0.9) ? husband.ethnicity : ETHNICITY_TABLE.pick(rng),
  };
  return [husband, wife];
}

/** Children of a couple (or a single parent when `mother` is null). */
function children(rng: Rng, n: number, maxAge: number, father: MemberSpec | null, mother: MemberSpec | null, registeredHere: boolean): MemberSpec[] {
  const out: MemberSpec[] = [];
  const parent = father ?? mother!;
  for (let i = 0; i < n; i++) {
    const fromMother = mother !== null && (father === null || rng.chance(0.08));
    const surnameSource = fromMother ? mother : parent;
    out.push({
      relation: '子女',
      age: rng.int(0, Math.max(0, maxAge)),
      sex: sexOf(rng),
      surname: surnameSource.surname,
      area6: registeredHere && rng.chance(0.85) ? JIANGAN_AREA6 : rng.chance(0.85) ? parent.area6 : (mother ?? parent).area6,
      ethnicity: rng.chance(0.9) ? parent.ethnicity : (mother ?? parent).ethnicity,
    });
  }
  return out;
}

/** A person unrelated to anyone in the household. */
function stranger(rng: Rng, relation: HouseholdRelation, age: number, sex: 'M' | 'F', floating: boolean): MemberSpec {
  return {
    relation,
    age,
    sex,
    surname: surnameUnlike(rng, null),
    area6: pickArea6(rng, floating, age),
    ethnicity: ETHNICITY_TABLE.pick(rng),
  };
}

/** Make `head` the 户主 and the other spouse 配偶 (the wife heads a quarter of couples). */
function headFirst(rng: Rng, pair: [MemberSpec, MemberSpec], wifeHeads: number): MemberSpec[] {
  if (!rng.chance(wifeHeads)) return pair;
  return [
    { ...pair[1], relation: '户主' },
    { ...pair[0], relation: '配偶' },
  ];
}

/**
 * The members of one household, from the household's own generator
 * (`persons/<household-no>`): shape, ages, names, IDs, tags, residencies, and sometimes a
 * former member whose residency has ended (moved away; they stay in the world).
 */
export function generateHouseholdMembers(ctx: BuildContext, rng: Rng, place: HouseholdPlace): HouseholdMembers {
  const floating = place.kind === 'RESIDENT';
  const specs: MemberSpec[] = [];
  const householdTags: string[] = [];
  let later: MemberSpec[] = [];
  if (!floating) {
    const shape = REGISTERED_SHAPES.pick(rng);
    switch (shape) {
      case 'single-elder': {
        const s = stranger(rng, '户主', rng.int(65, 95), sexOf(rng, 0.65), false);
        specs.push(s);
        householdTags.push('独居老人');
        if (rng.chance(0.05)) householdTags.push('特困人员');
        break;
      }
      case 'elder-couple': {
        specs.push(...headFirst(rng, couple(rng, rng.int(62, 92), false, 60), 0.2));
        householdTags.push('空巢老人');
        break;
      }
      case 'single-adult':
        specs.push(stranger(rng, '户主', rng.int(22, 59), sexOf(rng), false));
        break;
      case 'couple':
        specs.push(...headFirst(rng, couple(rng, rng.int(24, 59), false, 22), 0.25));
        break;
      case 'nuclear': {
        const [h, w] = couple(rng, rng.int(28, 56), false, 24);
        specs.push(...headFirst(rng, [h, w], 0.25));
        specs.push(...children(rng, rng.chance(0.55) ? 1 : 2, Math.min(w.age - 22, 25), h, w, true));
        break;
      }
      case 'three-gen': {
        const [h, w] = couple(rng, rng.int(30, 52), false, 26);
        specs.push(h, w);
        specs.push(...children(rng, rng.chance(0.6) ? 1 : 2, Math.min(w.age - 22, 20), h, w, true));
        const husbandsParents = rng.chance(0.7);
        const base = husbandsParents ? h : w;
        const grandpaAge = Math.min(98, base.age + rng.int(24, 34));
        const relation: HouseholdRelation = husbandsParents ? '父母' : '其他';
        const grandpa: MemberSpec = { ...stranger(rng, relation, grandpaAge, 'M', false), surname: base.surname };
        const grandma = stranger(rng, relation, Math.max(60, grandpaAge - rng.int(0, 4)), 'F', false);
        later = rng.chance(0.3) ? [grandma] : [grandpa, grandma];
        break;
      }
      case 'single-parent': {
        const p = stranger(rng, '户主', rng.int(30, 50), sexOf(rng, 0.7), false);
        specs.push(p);
        specs.push(...children(rng, 1, Math.min(p.age - 22, 18), p.sex === 'M' ? p : null, p.sex === 'F' ? p : null, true));
        break;
      }
    }
    if (rng.chance(0.02)) householdTags.push('低保');
  } else {
    const shape = RESIDENT_SHAPES.pick(rng);
    switch (shape) {
      case 'single':
        specs.push(stranger(rng, '户主', rng.int(18, 45), sexOf(rng, 0.45), true));
        break;
      case 'couple':
        specs.push(...headFirst(rng, couple(rng, rng.int(22, 50), true, 20), 0.2));
        break;
      case 'family': {
        const [h, w] = couple(rng, rng.int(26, 48), true, 24);
        specs.push(...headFirst(rng, [h, w], 0.2));
        specs.push(...children(rng, rng.chance(0.6) ? 1 : 2, Math.min(w.age - 22, 15), h, w, false));
        break;
      }
      case 'shared': {
        specs.push(stranger(rng, '户主', rng.int(18, 35), sexOf(rng), true));
        const n = rng.int(1, 2);
        for (let i = 0; i < n; i++) specs.push(stranger(rng, '其他', rng.int(18, 35), sexOf(rng), true));
        break;
      }
    }
  }

  const persons: PersonDraft[] = [];
  const residencies: ResidencyDraft[] = [];
  const head = specs[0]!;
  const moveIn = floating
    ? rng.dateBetween(addYears(ctx.asOf, -5), addDays(ctx.asOf, -7))
    : rng.dateBetween(maxDate(addYears(ctx.asOf, 21 - head.age), '1990-01-01'), addDays(ctx.asOf, -60));
  const add = (spec: MemberSpec, validFrom: (birth: string) => string, validTo: string | null) => {
    const d = makeMember(ctx, rng, spec, floating || spec.relation === '其他', place, householdTags);
    const from = validFrom(d.person.birthDate);
    if (validTo !== null) {
      d.current = false;
      // Former members are not kept as party members here: their membership moved with them.
      if (d.person.politicalStatus === 'CPC_MEMBER' || d.person.politicalStatus === 'CPC_PROBATIONARY') d.person.politicalStatus = 'MASSES';
    }
    persons.push(d);
    residencies.push({
      draft: d,
      residency: {
        householdNo: place.householdNo,
        relation: spec.relation,
        category: floating || spec.relation === '其他' ? 'FLOATING' : 'REGISTERED',
        validFrom: from,
        validTo,
      },
    });
  };
  for (const spec of specs) add(spec, (birth) => maxDate(moveIn, birth), null);
  for (const spec of later) {
    const joined = rng.dateBetween(moveIn, addDays(ctx.asOf, -30));
    add(spec, () => joined, null);
  }

  // 迁出: a former member whose residency ended (adult child moved out, co-tenant left).
  const formerChance = floating ? (specs.length > 1 && specs[1]!.relation === '其他' ? 0.2 : 0.03) : 0.06;
  if (rng.chance(formerChance)) {
    const spec: MemberSpec = floating
      ? stranger(rng, '其他', rng.int(20, 35), sexOf(rng), true)
      : { ...stranger(rng, '子女', rng.int(22, 40), sexOf(rng), false), surname: head.surname, area6: rng.chance(0.7) ? JIANGAN_AREA6 : head.area6 };
    const earliest = maxDate(moveIn, addYears(ctx.asOf, -spec.age));
    const lastPossible = addDays(ctx.asOf, -30);
    const endFrom = addDays(earliest, 180);
    if (endFrom <= lastPossible) {
      const validTo = rng.dateBetween(endFrom, lastPossible);
      add(spec, (birth) => maxDate(moveIn, birth), validTo);
    }
  }
  return { persons, residencies };
}
