import { chineseNumeral } from '../names';
import { subRng } from '../prng';
import type { World, WorldBuilding, WorldOrganization, WorldPropertyProject } from '../world.types';

/**
 * How the variant district's sources (`generateWorld({ variants: true })`) spell what the World
 * names once — the mess issue #13 met in districts the demo never generated. Every choice is
 * drawn from `subRng(seed, 'variant/…')`, so it is deterministic and leaves every other draw of
 * the renderers (and every record of 江岸区) unchanged. The World stays the truth: a spelling is
 * only a rendering of one project, building or organisation key.
 *
 * - **S1 street office** (小区 + 楼栋): the estate as is, with `小区` added, or with its 花园 /
 *   苑 / 小区 suffix swapped (only when no other estate of the community has the same stem); the
 *   building as `3号楼`, `3栋`, `三栋` or `3幢` (one spelling per building, both tables).
 * - **S4 property firm** (project + building number): the project as is, with a phase
 *   (`一期`, `（一期）`, `(二期)`) or with `小区`; the project event lists its buildings in one
 *   style per project (`3栋`, `03栋`, `3号楼`, `3幢`) and leaves about a fifth out; each repair
 *   order writes its building its own way (`03栋`, `3号楼`, `三幢`, `3座` …); about a third of
 *   the projects are published only after their repair orders (out of order).
 * - **S2 committee platform**: handling units without a code, by name variants — a street office
 *   as `X街道办事处`, `X街道办`, `X街道` or `江汉区X街道办事处`; a residents' committee as
 *   `Y社区居委会`, `Y社区居民委员会` or `X街道Y社区居委会`; a property firm by its name alone (S4
 *   names it by USCC).
 * - **Arrival order**: the last variant street's 人口 export is synced before its 网格 / 房屋
 *   exports ({@link residentsFirst}); late projects (above).
 * - **Excel damage**: see `plant-excel.ts`.
 */

/** Whether an area code (or a key containing one) lies in the World's variant district. */
export function inVariantDistrict(world: World, code: string | null | undefined): boolean {
  const v = world.meta.variantDistrict;
  return v !== undefined && typeof code === 'string' && code.startsWith(v);
}

/** The building number the World writes (`3栋`) as a number. */
function buildingNumber(no: string): number | null {
  const m = /^(\d+)栋$/.exec(no);
  return m ? Number(m[1]) : null;
}

/** `n` in one of the spellings: `{n}` digits, `{nn}` two digits, `{cn}` Chinese numerals. */
function spell(form: string, n: number): string {
  return form.replace('{nn}', String(n).padStart(2, '0')).replace('{n}', String(n)).replace('{cn}', chineseNumeral(n));
}

const S1_BUILDING_FORMS = ['{n}号楼', '{n}栋', '{cn}栋', '{n}幢'] as const;
const S4_LIST_FORMS = ['{n}栋', '{nn}栋', '{n}号楼', '{n}幢'] as const;
const S4_REPAIR_FORMS = ['{n}栋', '{nn}栋', '{n}号楼', '{cn}幢', '{n}座', '{nn}号楼'] as const;
const SWAPPABLE = /(花园|苑|小区)$/u;

/** The street office's 小区 for a project of the variant district. */
export function s1EstateName(world: World, project: WorldPropertyProject): string {
  const rng = subRng(world.meta.seed, `variant/s1/estate/${project.code}`);
  const r = rng.next();
  const name = project.name;
  if (r < 0.35) return name;
  if (r < 0.7 || !SWAPPABLE.test(name)) return name.endsWith('小区') ? name : `${name}小区`;
  const stem = name.replace(SWAPPABLE, '');
  const clash = world.propertyProjects.some((p) => p.code !== project.code && p.communityCode === project.communityCode && p.name.replace(SWAPPABLE, '') === stem);
  if (clash) return name;
  const suffix = name.match(SWAPPABLE)![1]!;
  const other = ['花园', '苑', '小区'].filter((s) => s !== suffix);
  return `${stem}${rng.pick(other)}`;
}

/** The street office's 楼栋 for a building of the variant district (one spelling per building). */
export function s1BuildingNo(world: World, building: WorldBuilding): string {
  const n = buildingNumber(building.no);
  if (n === null) return building.no;
  return spell(subRng(world.meta.seed, `variant/s1/building/${building.key}`).pick(S1_BUILDING_FORMS), n);
}

/** The firm's project name for a project of the variant district. */
export function s4ProjectName(world: World, project: WorldPropertyProject): string {
  const rng = subRng(world.meta.seed, `variant/s4/project/${project.code}`);
  const r = rng.next();
  const name = project.name;
  if (r < 0.3) return name;
  if (r < 0.55) return `${name}一期`;
  if (r < 0.75) return `${name}（一期）`;
  if (r < 0.85) return `${name}(二期)`;
  return name.endsWith('小区') ? name : `${name}小区`;
}

/** How the firm's project event lists a building, or `null` when the event leaves it out. */
export function s4ListedBuildingNo(world: World, building: WorldBuilding): string | null {
  const n = buildingNumber(building.no);
  if (n === null || building.projectCode === null) return building.no;
  if (subRng(world.meta.seed, `variant/s4/listed/${building.key}`).chance(0.2)) return null;
  const form = subRng(world.meta.seed, `variant/s4/list-style/${building.projectCode}`).pick(S4_LIST_FORMS);
  return spell(form, n);
}

/** How a repair order writes its building (one draw per order). */
export function s4RepairBuildingNo(world: World, orderNo: string, building: WorldBuilding): string {
  const n = buildingNumber(building.no);
  if (n === null) return building.no;
  return spell(subRng(world.meta.seed, `variant/s4/repair/${orderNo}`).pick(S4_REPAIR_FORMS), n);
}

/**
 * Whether a street's office drops its 人口 export one sync before its 网格 / 房屋 exports
 * (residents before their grids): the variant district's last street.
 */
export function residentsFirst(world: World, streetCode12: string): boolean {
  const v = world.meta.variantDistrict;
  if (v === undefined) return false;
  const last = world.meta.streetCodes.filter((c) => c.startsWith(v)).at(-1);
  return last !== undefined && streetCode12.startsWith(last);
}

/** Whether the firm publishes the project only after its repair orders (out of order). */
export function s4ProjectLate(world: World, project: WorldPropertyProject): boolean {
  return subRng(world.meta.seed, `variant/s4/late/${project.code}`).chance(0.34);
}

/**
 * How the committee platform names a handling unit of the variant district on one case, or
 * `null` to name it as usual (with its USCC when it has one).
 */
export function s2OrganizationName(world: World, caseNo: string, org: WorldOrganization, areaNames: ReadonlyMap<string, string>): { name: string } | null {
  if (!inVariantDistrict(world, org.areaCode) && !(org.kind === 'PROPERTY_COMPANY')) return null;
  const rng = subRng(world.meta.seed, `variant/s2/org/${caseNo}/${org.key}`);
  switch (org.kind) {
    case 'STREET_OFFICE': {
      const street = areaNames.get(org.areaCode) ?? '';
      const district = areaNames.get(`${org.areaCode.slice(0, 6)}000000`) ?? '';
      return { name: rng.pick([`${street}办事处`, `${street}办`, street, `${district}${street}办事处`]) };
    }
    case 'RESIDENTS_COMMITTEE': {
      const community = areaNames.get(org.areaCode) ?? '';
      const street = areaNames.get(`${org.areaCode.slice(0, 9)}000`) ?? '';
      return { name: rng.pick([`${community}居委会`, `${community}居民委员会`, `${street}${community}居委会`]) };
    }
    case 'PROPERTY_COMPANY':
      return { name: org.name };
    default:
      return null;
  }
}
