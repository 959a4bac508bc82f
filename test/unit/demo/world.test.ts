import { describe, expect, it } from 'vitest';
import { generateWorld, PROFILES, type PlantedDefect, type ProfileName, type World } from '../../../src/demo';
import { JIANGAN_STREETS, RETIRED_AREA6 } from '../../../src/demo/names';
import { ID_NUMBER_DEFECTS } from '../../../src/demo/plant';
import { parseCitizenId } from '../../../src/domain/citizen-id';
import { detectMojibake } from '../../../src/domain/mojibake';
import { parseMobile } from '../../../src/domain/mobile';
import { toSimplified } from '../../../src/domain/normalize';
import { parseUscc } from '../../../src/domain/uscc';
import { caseProblems, idProblems, MOBILE_RE, plantedKeys, referenceProblems, USCC_RE, usccValid } from './world-checks';

const ALL_DEFECTS: PlantedDefect[] = [
  'INVALID_ID_CHECKSUM',
  'INVALID_ID_DATE',
  'LEGACY_15_DIGIT_ID',
  'LOWERCASE_X',
  'FULL_WIDTH_DIGITS',
  'RETIRED_AREA_CODE',
  'TRADITIONAL_NAME',
  'MOJIBAKE_NAME',
  'INVALID_MOBILE',
  'DECORATED_MOBILE',
  'USCC_CHECKSUM_PILOT',
  'USCC_INVALID_FORMAT',
  'MOJIBAKE_TEXT',
];

const worlds: Record<'tiny' | 'ci', World> = {
  tiny: generateWorld({ profile: 'tiny' }),
  ci: generateWorld({ profile: 'ci' }),
};

describe.each(['tiny', 'ci'] as const)('the %s world', (profile) => {
  const w = worlds[profile];
  const asOf = w.meta.asOf;
  const plantedPersonIds = new Set(w.planted.filter((p) => p.collection === 'persons' && ID_NUMBER_DEFECTS.has(p.defect)).map((p) => p.key));

  it('has counts within the profile ranges, recorded in meta', () => {
    const exp = PROFILES[profile].expected;
    const within = (n: number, [min, max]: readonly [number, number]) => n >= min && n <= max;
    expect(w.meta).toMatchObject({ seed: 'huiju', profile, asOf: '2026-06-30' });
    expect(within(w.persons.length, exp.persons), `persons ${w.persons.length}`).toBe(true);
    expect(within(w.cases.length, exp.cases), `cases ${w.cases.length}`).toBe(true);
    expect(within(w.households.length, exp.households), `households ${w.households.length}`).toBe(true);
    expect(within(w.grids.length, exp.grids), `grids ${w.grids.length}`).toBe(true);
    expect(within(w.meta.counts.communities!, exp.communities)).toBe(true);
    expect(w.meta.streetCodes).toEqual(PROFILES[profile].streets.map((s) => `420102${s}`));
    for (const [k, n] of Object.entries(w.meta.counts)) {
      if (k in w && Array.isArray(w[k as keyof World])) expect((w[k as keyof World] as unknown[]).length, k).toBe(n);
    }
    for (const c of ['organizations', 'propertyProjects', 'buildings', 'dwellings', 'partyOrgs', 'partyMembers', 'contactAssignments', 'staffRoles', 'dutyItems', 'activities'] as const) {
      expect(w[c].length, c).toBeGreaterThan(0);
    }
  });

  it('sits in the real frame: 湖北省 / 武汉市 / 江岸区 and real street codes; communities are invented test data', () => {
    const byCode = new Map(w.areas.map((a) => [a.code, a]));
    expect(byCode.get('420000000000')).toMatchObject({ name: '湖北省', level: 'province', parentCode: null, isTest: false });
    expect(byCode.get('420100000000')).toMatchObject({ name: '武汉市', level: 'city', parentCode: '420000000000' });
    expect(byCode.get('420102000000')).toMatchObject({ name: '江岸区', level: 'district', parentCode: '420100000000' });
    const streets = new Map(JIANGAN_STREETS.map((s) => [`420102${s.seg}000`, s.name]));
    for (const a of w.areas) {
      expect(a.code).toMatch(/^\d{12}$/);
      if (a.level === 'street') {
        expect(streets.get(a.code)).toBe(a.name);
        expect(a.isTest).toBe(false);
      }
      if (a.level === 'community') {
        expect(a.isTest).toBe(true);
        expect(a.name).toMatch(/^[\u4e00-\u9fff]{2}社区$/);
        expect(Number(a.code.slice(9))).toBeGreaterThanOrEqual(1);
        expect(Number(a.code.slice(9))).toBeLessThanOrEqual(199);
        expect(a.parentCode).toBe(`${a.code.slice(0, 9)}000`);
        expect(['111', '112']).toContain(a.urbanRuralClass);
      }
    }
  });

  it('builds grid codes from the community code and a sequence other than 000', () => {
    for (const g of w.grids) {
      expect(g.code).toMatch(/^\d{15}$/);
      expect(g.code.slice(0, 12)).toBe(g.communityCode);
      expect(g.code.slice(12)).not.toBe('000');
    }
  });

  it('gives every non-planted person a valid, unique 18-digit ID that agrees with birth date and sex', () => {
    const bad: string[] = [];
    for (const p of w.persons) {
      if (plantedPersonIds.has(p.idNumber)) continue;
      const problem = idProblems(p.idNumber, p.birthDate, p.sex);
      if (problem !== null) bad.push(`${p.idNumber}: ${problem}`);
      const parsed = parseCitizenId(p.idNumber, { asOf });
      if (!parsed.ok || parsed.birthDate !== p.birthDate || parsed.sex !== p.sex) bad.push(`${p.idNumber}: domain parser disagrees`);
      if (p.birthDate > asOf) bad.push(`${p.idNumber}: born after the as-of date`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    const first17 = w.persons.map((p) => p.idNumber.normalize('NFKC').toUpperCase().slice(0, 17));
    expect(new Set(w.persons.map((p) => p.idNumber)).size).toBe(w.persons.length);
    expect(new Set(first17).size).toBeGreaterThan(w.persons.length - 5);
  });

  it('gives non-planted persons clean Simplified names, valid unique mobiles and known tags', () => {
    const plantedNames = plantedKeys(w, 'persons', 'name');
    const plantedMobiles = plantedKeys(w, 'persons', 'mobile');
    const mobiles = new Set<string>();
    const tags = new Set(['独居老人', '空巢老人', '高龄老人', '残疾人', '低保', '特困人员', '退役军人']);
    for (const p of w.persons) {
      if (!plantedNames.has(p.idNumber)) {
        expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
        expect(toSimplified(p.name)).toBe(p.name);
        expect(detectMojibake(p.name)).toBeNull();
      }
      if (p.mobile !== null && !plantedMobiles.has(p.idNumber)) {
        expect(p.mobile).toMatch(MOBILE_RE);
        expect(mobiles.has(p.mobile)).toBe(false);
        mobiles.add(p.mobile);
      }
      for (const t of p.tags) expect(tags.has(t)).toBe(true);
      expect(['M', 'F']).toContain(p.sex);
    }
  });

  it('gives organisations USCCs that pass GB 32100 and GB 11714, with the category their kind implies', () => {
    const planted = plantedKeys(w, 'organizations', 'uscc');
    const usccs = new Set<string>();
    for (const o of w.organizations) {
      if (o.uscc !== null) {
        expect(usccs.has(o.uscc), o.key).toBe(false);
        usccs.add(o.uscc);
      }
      if (planted.has(o.key)) continue;
      const category = o.uscc?.slice(0, 2) ?? null;
      switch (o.kind) {
        case 'STREET_OFFICE':
          expect(category).toBe('11');
          break;
        case 'GOVERNMENT_DEPT':
          expect(['11', '12']).toContain(category);
          break;
        case 'RESIDENTS_COMMITTEE':
          expect(category).toBe('55');
          break;
        case 'PROPERTY_COMPANY':
          expect(category).toBe('91');
          break;
        case 'RESIDENT_UNIT':
          expect(['12', '91']).toContain(category);
          break;
        case 'OWNERS_COMMITTEE':
          expect(o.uscc).toBeNull();
          expect(o.filingNo).toMatch(/^江岸.+业备〔\d{4}〕\d+号$/);
          break;
        case 'SOCIAL_ORG': {
          const expected = { 社会团体: '51', 民办非企业单位: '52', 社会服务机构: '52', 基金会: '53', 社区社会组织: null }[o.socialOrgType!];
          expect(category, o.key).toBe(expected);
          if (o.socialOrgType === '社区社会组织') expect(o.filingNo).toMatch(/^江岸.+社备〔\d{4}〕\d+号$/);
          break;
        }
      }
      if (o.uscc !== null) {
        expect(usccValid(o.uscc), `${o.key} ${o.uscc}`).toBe(true);
        expect(parseUscc(o.uscc)).toMatchObject({ ok: true, checksumValid: true });
      }
    }
  });

  it('keeps every reference pointing at an existing record', () => {
    expect(referenceProblems(w)).toEqual([]);
  });

  it('gives every case a legal history under the case state machine', () => {
    expect(caseProblems(w)).toEqual([]);
    const statuses = new Set(w.cases.map((c) => c.status));
    expect(statuses.has('CLOSED') || statuses.has('ARCHIVED')).toBe(true);
    const kinds = new Set(w.cases.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['APPEAL', 'HOTLINE', 'INCIDENT', 'REPAIR']);
  });

  it('plants every kind of defect, lists each one, and each is caught by the domain parsers', () => {
    const kinds = new Set(w.planted.map((p) => p.defect));
    expect([...kinds].sort()).toEqual([...ALL_DEFECTS].sort());
    const persons = new Map(w.persons.map((p) => [p.idNumber, p]));
    const orgs = new Map(w.organizations.map((o) => [o.key, o]));
    const cases = new Map(w.cases.map((c) => [`${c.sourceSystem}/${c.sourceNo}`, c]));
    for (const entry of w.planted) {
      const where = `${entry.defect} ${entry.key}`;
      const person = persons.get(entry.key);
      const id = entry.key;
      switch (entry.defect) {
        case 'INVALID_ID_CHECKSUM':
          expect(parseCitizenId(id, { asOf }), where).toMatchObject({ ok: false, reason: 'INVALID_ID_CHECKSUM' });
          break;
        case 'INVALID_ID_DATE':
          expect(id.slice(10, 12)).toBe('13');
          expect(parseCitizenId(id, { asOf }), where).toMatchObject({ ok: false, reason: 'INVALID_ID_DATE' });
          break;
        case 'LEGACY_15_DIGIT_ID':
          expect(id).toMatch(/^\d{15}$/);
          expect(parseCitizenId(id, { asOf }), where).toMatchObject({ ok: true, upgraded: true, birthDate: person!.birthDate, sex: person!.sex });
          break;
        case 'LOWERCASE_X':
          expect(id).toMatch(/^\d{17}x$/);
          expect(idProblems(id.toUpperCase(), person!.birthDate, person!.sex), where).toBeNull();
          break;
        case 'FULL_WIDTH_DIGITS':
          expect(id).toMatch(/^[０-９]{17}[０-９Ｘ]$/);
          expect(parseCitizenId(id, { asOf }), where).toMatchObject({ ok: true, birthDate: person!.birthDate, sex: person!.sex });
          break;
        case 'RETIRED_AREA_CODE':
          expect(RETIRED_AREA6).toContain(id.slice(0, 6));
          expect(idProblems(id, person!.birthDate, person!.sex), where).toBeNull();
          break;
        case 'TRADITIONAL_NAME':
          expect(toSimplified(person!.name), where).not.toBe(person!.name);
          expect(entry.note).toContain(toSimplified(person!.name));
          break;
        case 'MOJIBAKE_NAME':
          expect(detectMojibake(person!.name), where).not.toBeNull();
          break;
        case 'INVALID_MOBILE':
          expect(parseMobile(person!.mobile!), where).toMatchObject({ ok: false });
          break;
        case 'DECORATED_MOBILE':
          expect(person!.mobile).not.toMatch(MOBILE_RE);
          expect(parseMobile(person!.mobile!), where).toMatchObject({ ok: true });
          break;
        case 'USCC_CHECKSUM_PILOT': {
          const uscc = orgs.get(entry.key)!.uscc!;
          expect(uscc).toMatch(/^91350100M000/);
          expect(uscc).toMatch(USCC_RE);
          expect(parseUscc(uscc), where).toMatchObject({ ok: true, checksumValid: false });
          break;
        }
        case 'USCC_INVALID_FORMAT':
          expect(parseUscc(orgs.get(entry.key)!.uscc!), where).toMatchObject({ ok: false, reason: 'INVALID_USCC_FORMAT' });
          break;
        case 'MOJIBAKE_TEXT':
          expect(detectMojibake(cases.get(entry.key)!.content), where).not.toBeNull();
          break;
      }
    }
    // "A few percent" of persons, and clean records stay clean.
    const share = new Set(w.planted.filter((p) => p.collection === 'persons').map((p) => p.key)).size / w.persons.length;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.08);
    const plantedCases = plantedKeys(w, 'cases');
    for (const c of w.cases) if (!plantedCases.has(`${c.sourceSystem}/${c.sourceNo}`)) expect(detectMojibake(c.content)).toBeNull();
  });

  it('looks like a plausible neighbourhood', () => {
    const n = w.persons.length;
    const male = w.persons.filter((p) => p.sex === 'M').length / n;
    expect(male).toBeGreaterThan(0.4);
    expect(male).toBeLessThan(0.6);
    const age = (b: string) => Number(asOf.slice(0, 4)) - Number(b.slice(0, 4));
    const elders = w.persons.filter((p) => age(p.birthDate) >= 60).length / n;
    expect(elders).toBeGreaterThan(0.1);
    expect(elders).toBeLessThan(0.4);
    const cpc = w.partyMembers.length / n;
    expect(cpc).toBeGreaterThan(0.02);
    expect(cpc).toBeLessThan(0.12);
    expect(w.residencies.some((r) => r.category === 'FLOATING')).toBe(true);
    expect(w.residencies.some((r) => r.validTo !== null)).toBe(true);
    expect(w.organizations.some((o) => (o.formerNames?.length ?? 0) > 0)).toBe(true);
    expect(w.cases.some((c) => c.piiInContent.length > 0)).toBe(true);
    if (profile === 'ci') {
      expect(w.persons.some((p) => /^(欧阳|司马|上官|诸葛|皇甫|司徒)/.test(p.name))).toBe(true);
      expect(w.organizations.some((o) => o.status === 'CANCELLED')).toBe(true);
      expect(w.organizations.some((o) => o.status === 'REVOKED')).toBe(true);
      expect(w.cases.some((c) => c.linkedCase)).toBe(true);
      const events = new Set(w.cases.flatMap((c) => c.events.map((e) => e.to)));
      for (const s of ['RETURNED', 'ARBITRATION', 'EXTENDED', 'VERIFY_FAILED', 'REOPENED', 'REJECTED', 'ARCHIVED'] as const) expect(events.has(s), s).toBe(true);
      expect(w.cases.some((c) => c.closedAt === null)).toBe(true);
      expect(w.partyMembers.some((m) => m.dualRegistered)).toBe(true);
      expect(w.partyMembers.some((m) => m.status === 'PROBATIONARY')).toBe(true);
    }
  });
});

// Generation times are measured by `npm run bench -- demo-world` (no clock bound here: 2 busy cores flake).
describe('the perf world', () => {
  // The perf world (~250k people) takes ~10 s and ~1 GB; run with HUIJU_DEMO_PERF=1.
  it.runIf(process.env.HUIJU_DEMO_PERF === '1')(
    'generates the perf world with counts in range',
    () => {
      const w = generateWorld({ profile: 'perf' as ProfileName });
      const exp = PROFILES.perf.expected;
      expect(w.persons.length).toBeGreaterThanOrEqual(exp.persons[0]);
      expect(w.persons.length).toBeLessThanOrEqual(exp.persons[1]);
      expect(w.cases.length).toBeGreaterThanOrEqual(exp.cases[0]);
      expect(w.cases.length).toBeLessThanOrEqual(exp.cases[1]);
      expect(w.meta.streetCodes).toHaveLength(JIANGAN_STREETS.length);
      expect(w.areas.some((a) => a.code === '420102400000' && a.name === '百步亭花园')).toBe(true);
    },
    120_000,
  );
});
