import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { generateWorld, type World } from '../../../src/demo';
import { DAY_MS, HOUR_MS } from '../../../src/demo/calendar';
import { roundedIdDigits, roundedIdPassesCheck } from '../../../src/demo/plant-excel';
import { startCommitteePlatform } from '../../../src/demo/render/committee-platform.server';
import { renderPropertyEvents, type PropertyCloudEvent } from '../../../src/demo/render/property-events.render';
import { renderStreetOffice } from '../../../src/demo/render/street-office.render';
import { residentsFirst, s1BuildingNo, s1EstateName, s4ProjectName } from '../../../src/demo/render/variant-spellings';
import { linkScore, pairwiseScore } from '../../../src/demo/score/pairwise';
import { caseProblems, referenceProblems } from './world-checks';

const plain = generateWorld({ profile: 'tiny' });
const world = generateWorld({ profile: 'tiny', variants: true });
const V = '420103';
const inV = (code: string | null | undefined) => Boolean(code?.startsWith(V));

describe('the variant district (generateWorld({ variants: true }))', () => {
  it('leaves the 江岸区 part of the world record for record as it is without it', () => {
    const jiangan = (w: World) => ({
      areas: w.areas.filter((a) => !inV(a.code)),
      persons: w.persons.slice(0, plain.persons.length),
      cases: w.cases.filter((c) => !inV(c.communityCode)),
      organizations: w.organizations.filter((o) => !inV(o.areaCode) && !o.key.includes(`/${V}`)),
      buildings: w.buildings.filter((b) => !inV(b.communityCode)),
      planted: w.planted.filter((p) => !p.defect.startsWith('EXCEL_')).slice(0, plain.planted.length),
    });
    expect(JSON.stringify(jiangan(world))).toBe(JSON.stringify(jiangan(plain)));
    expect(plain.meta.variantDistrict).toBeUndefined();
    expect(plain.areas.some((a) => inV(a.code))).toBe(false);
    expect(JSON.stringify(generateWorld({ profile: 'tiny', variants: true }))).toBe(JSON.stringify(world));
  });

  it('is its own district with invented streets, consistent references and legal case histories', () => {
    expect(world.meta.variantDistrict).toBe(V);
    const district = world.areas.find((a) => a.code === `${V}000000`)!;
    expect(district.level).toBe('district');
    const streets = world.areas.filter((a) => a.level === 'street' && inV(a.code));
    expect(streets.length).toBe(2);
    for (const s of streets) expect(s.isTest, s.name).toBe(true);
    expect(world.persons.length).toBeGreaterThan(plain.persons.length + 100);
    expect(world.organizations.some((o) => o.kind === 'STREET_OFFICE' && inV(o.areaCode) && o.name.startsWith('武汉市江汉区人民政府'))).toBe(true);
    expect(world.organizations.some((o) => o.kind === 'GOVERNMENT_DEPT' && o.key.startsWith(`dept/${V}/`))).toBe(true);
    expect(referenceProblems(world)).toEqual([]);
    expect(caseProblems(world)).toEqual([]);
  });

  it('has true cross-channel duplicates hours apart and look-alikes at another building days apart', () => {
    const byNo = new Map(world.cases.map((c) => [c.sourceNo, c]));
    const variantCases = world.cases.filter((c) => inV(c.communityCode));
    const dups = variantCases.filter((c) => c.linkedCase && c.sourceSystem === '12345');
    const looks = variantCases.filter((c) => c.lookAlikeOf);
    expect(dups.length).toBeGreaterThan(3);
    expect(looks.length).toBeGreaterThan(0);
    for (const d of dups) {
      const o = byNo.get(d.linkedCase!.sourceNo)!;
      expect(o.linkedCase?.sourceNo).toBe(d.sourceNo);
      expect([d.reporterPersonId, d.category]).toEqual([o.reporterPersonId, o.category]);
      expect(Date.parse(d.reportedAt) - Date.parse(o.reportedAt)).toBeLessThan(4 * DAY_MS);
    }
    for (const l of looks) {
      const o = byNo.get(l.lookAlikeOf!.sourceNo)!;
      expect([l.reporterPersonId, l.category]).toEqual([o.reporterPersonId, o.category]);
      expect(l.sourceSystem).not.toBe(o.sourceSystem);
      expect(l.address).not.toBe(o.address);
      expect(l.linkedCase ?? null).toBeNull();
      const gap = Date.parse(l.reportedAt) - Date.parse(o.reportedAt);
      expect(gap).toBeGreaterThanOrEqual(DAY_MS);
      expect(gap).toBeLessThan(7 * DAY_MS + 8 * HOUR_MS);
    }
    // the hours-apart duplicates are the variant district's: within a day
    expect(dups.some((d) => Date.parse(d.reportedAt) - Date.parse(byNo.get(d.linkedCase!.sourceNo)!.reportedAt) < 12 * HOUR_MS)).toBe(true);
  });

  it('plants Excel-damaged IDs and mobiles, two of whose rounded digits still pass the check', () => {
    const excel = world.planted.filter((p) => p.defect.startsWith('EXCEL_'));
    const numeric = excel.filter((p) => p.defect === 'EXCEL_NUMERIC_ID');
    expect(numeric.length).toBe(4);
    expect(numeric.filter((p) => roundedIdPassesCheck(p.key)).length).toBe(2);
    expect(excel.filter((p) => p.defect === 'EXCEL_SCIENTIFIC_ID').length).toBe(3);
    expect(excel.filter((p) => p.defect === 'EXCEL_SCIENTIFIC_MOBILE').length).toBe(2);
    // the people themselves are clean: only the export's cell is damaged
    const persons = new Set(world.persons.map((p) => p.idNumber));
    for (const p of excel) expect(persons.has(p.key)).toBe(true);
  });

  it('renders the first street’s 人口 as xlsx with number cells, the second’s CSV with scientific notation', () => {
    const [first, second] = world.areas.filter((a) => a.level === 'street' && inV(a.code));
    const xlsx = renderStreetOffice(world, first!.code).find((f) => f.name.startsWith('人口_'))!;
    expect(xlsx.name.endsWith('.xlsx')).toBe(true);
    const sheet = XLSX.read(xlsx.content as Uint8Array, { type: 'array' });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet.Sheets[sheet.SheetNames[0]!]!, { header: 1, raw: true });
    const numbers = rows.slice(1).map((r) => r[2]).filter((v): v is number => typeof v === 'number');
    const numeric = world.planted.filter((p) => p.defect === 'EXCEL_NUMERIC_ID');
    expect(numbers.sort()).toEqual(numeric.map((p) => Number(roundedIdDigits(p.key))).sort());
    expect(rows.slice(1).filter((r) => typeof r[2] === 'string').length).toBeGreaterThan(50);
    const csv = renderStreetOffice(world, second!.code).find((f) => f.name.startsWith('人口_'))!;
    expect(csv.name.endsWith('.csv')).toBe(true);
    expect((csv.content as string).match(/4\.2\d*E\+17/g)?.length).toBe(3);
    expect((csv.content as string).match(/1\.\d+E\+10/g)?.length).toBe(2);
    // the same bytes every time (a re-run of the demo reads no new file)
    expect(Buffer.from(renderStreetOffice(world, first!.code).find((f) => f.name.startsWith('人口_'))!.content as Uint8Array).equals(Buffer.from(xlsx.content as Uint8Array))).toBe(true);
    expect(residentsFirst(world, second!.code)).toBe(true);
    expect(residentsFirst(world, first!.code)).toBe(false);
  });

  it('spells estates and buildings differently in S1 and S4, leaves buildings out of project events, publishes some projects late', () => {
    const projects = world.propertyProjects.filter((p) => inV(p.communityCode));
    const ciWorld = generateWorld({ profile: 'ci', variants: true });
    const ciProjects = ciWorld.propertyProjects.filter((p) => inV(p.communityCode));
    const differ = ciProjects.filter((p) => s1EstateName(ciWorld, p) !== s4ProjectName(ciWorld, p));
    expect(differ.length).toBeGreaterThan(ciProjects.length / 2);
    const ciBuildings = ciWorld.buildings.filter((b) => inV(b.communityCode) && b.projectCode);
    const forms = new Set(ciBuildings.map((b) => s1BuildingNo(ciWorld, b).replace(/\d+/, 'N').replace(/^[一二三四五六七八九十]+栋$/, 'C栋')));
    expect(forms).toEqual(new Set(['N号楼', 'N栋', 'C栋', 'N幢']));

    const log = renderPropertyEvents(ciWorld).messages.map((m) => {
      try {
        return JSON.parse(m.value) as PropertyCloudEvent;
      } catch {
        return null;
      }
    });
    const at = (type: string, code: string) => log.findIndex((e) => e?.type === type && e.data.project_code === code);
    const late = ciProjects.filter((p) => {
      const first = log.findIndex((e) => e?.type.startsWith('property.repair.') && e.data.project_code === p.code);
      return first >= 0 && at('property.project.upserted', p.code) > first;
    });
    expect(late.length).toBeGreaterThan(0);
    const listed = log.filter((e) => e?.type === 'property.project.upserted' && inV(String(e.data.community_code)));
    const listedCount = listed.reduce((n, e) => n + (e!.data.buildings as unknown[]).length, 0);
    expect(listedCount).toBeLessThan(ciBuildings.length);
    expect(listed.some((e) => (e!.data.buildings as { no: string }[]).some((b) => /^0\d栋$|号楼$|幢$/.test(b.no)))).toBe(true);
    // 江岸区 stays as it was: its projects list every building as the World writes it
    const plainListed = log.filter((e) => e?.type === 'property.project.upserted' && !inV(String(e.data.community_code)));
    for (const e of plainListed) for (const b of e!.data.buildings as { no: string }[]) expect(b.no).toMatch(/^\d+栋$/);
    expect(projects.length).toBeGreaterThan(0);
  });

  it('names the variant district’s handling units on the committee platform by name variants, without a code', async () => {
    const platform = await startCommitteePlatform({ world, faults: false, clock: '2026-07-01T00:00:00+08:00' });
    try {
      const units = platform
        .records('cases')
        .filter((r) => inV((r.location as { community_code: string }).community_code))
        .flatMap((r) => r.handling_units as { name: string; uscc?: string }[]);
      expect(units.length).toBeGreaterThan(10);
      const offices = units.filter((u) => /街道(办事处|办)?$/.test(u.name));
      expect(offices.length).toBeGreaterThan(0);
      for (const u of offices) expect(u.uscc).toBeUndefined();
      expect(units.some((u) => u.name.startsWith('武汉市江汉区人民政府'))).toBe(false);
    } finally {
      await platform.close();
    }
  });
});

describe('pairwise scoring', () => {
  it('counts true, predicted and correct pairs; unstored sightings cost recall only', () => {
    const s = (truth: string, stored: string | null) => ({ truth, stored, area: '', from: 'x' });
    // a a a split over two rows, b wrongly on a's row, c never stored
    const score = pairwiseScore([s('a', '1'), s('a', '1'), s('a', '2'), s('b', '1'), s('c', null), s('c', null)]);
    expect(score.truePairs).toBe(3 + 0 + 1);
    expect(score.predictedPairs).toBe(3);
    expect(score.correctPairs).toBe(1);
    expect(score.precision).toBeCloseTo(1 / 3);
    expect(score.recall).toBeCloseTo(1 / 4);
    expect(score.unstored).toBe(2);
    const links = linkScore([['1', '2'], ['3', '4']], [['2', '1'], ['5', '6']]);
    expect([links.correctPairs, links.precision, links.recall]).toEqual([1, 0.5, 0.5]);
  });
});
