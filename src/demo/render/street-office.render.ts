import * as XLSX from '@e965/xlsx';
import { excelNumericId, excelScientific } from '../plant-excel';
import type { World } from '../world.types';
import { toCsv } from './csv';
import { inVariantDistrict, s1BuildingNo, s1EstateName } from './variant-spellings';

/** One rendered file: its name and its bytes (text, or binary for a workbook). */
export interface RenderedFile {
  name: string;
  content: string | Uint8Array;
}

const POLITICAL: Record<string, string> = { CPC_MEMBER: '中共党员', CPC_PROBATIONARY: '中共预备党员', CYL_MEMBER: '共青团员', MASSES: '群众' };
const LIST_TYPE: Record<string, string> = { POWER: '权力', RESPONSIBILITY: '责任', BASIC_DUTY: '基本履职', ASSIST_DUTY: '配合履职', WITHDRAWN: '收回' };

/**
 * The grid worker the 网格 export names for each grid (grid code → the worker's ID number): the
 * last GRID_WORKER role the World lists for the grid. The other staff roles are in no export.
 */
export function gridWorkersOf(world: World): Map<string, string> {
  return new Map(world.staffRoles.filter((s) => s.role === 'GRID_WORKER' && s.gridCode).map((s) => [s.gridCode!, s.personId]));
}

/**
 * A street office's exports (S1) of one street, as its population/grid system writes them:
 * 网格, 房屋, 人口 and 权责清单 tables, one CSV per table, named with the export date. The
 * world's values go in as they are, planted defects included, so the connector meets them.
 */
export function renderStreetOffice(world: World, streetCode12: string): RenderedFile[] {
  return renderStreetOfficeWithTruth(world, streetCode12).files;
}

/** One rendered row of a street export with what it is in the World (for scoring, `src/demo/score`). */
export interface StreetOfficeRowTruth {
  /** Canonical header → cell text, as the connector's record holds it. */
  row: Record<string, string>;
  /** 房屋 rows: the building and dwelling; 人口 rows: the person (and their dwelling). */
  buildingKey: string;
  dwellingKey: string;
  personId?: string;
  /** 人口 rows with an Excel-damaged cell (the row must be rejected). */
  defect?: string;
}

/** {@link renderStreetOffice} with the truth of every 房屋 and 人口 row. */
export function renderStreetOfficeWithTruth(world: World, streetCode12: string): { files: RenderedFile[]; dwellings: StreetOfficeRowTruth[]; residents: StreetOfficeRowTruth[] } {
  const date = world.meta.asOf.replace(/-/g, '');
  const prefix = streetCode12.slice(0, 9);
  const inStreet = (code: string | null | undefined) => Boolean(code?.startsWith(prefix));
  const areas = new Map(world.areas.map((a) => [a.code, a]));
  const persons = new Map(world.persons.map((p) => [p.idNumber, p]));
  const buildings = new Map(world.buildings.map((b) => [b.key, b]));
  const dwellings = new Map(world.dwellings.map((d) => [d.key, d]));
  const households = new Map(world.households.map((h) => [h.householdNo, h]));
  const projects = new Map(world.propertyProjects.map((p) => [p.code, p]));
  const workers = gridWorkersOf(world);
  // the variant district's office spells estates and buildings its own way (variant-spellings.ts)
  const variant = inVariantDistrict(world, prefix);
  const estate = (buildingKey: string) => {
    const b = buildings.get(buildingKey)!;
    const project = b.projectCode ? projects.get(b.projectCode) : undefined;
    const name = project ? (variant ? s1EstateName(world, project) : project.name) : '';
    return { b: { ...b, no: variant ? s1BuildingNo(world, b) : b.no }, estate: name };
  };
  // Excel-damaged cells of the variant district's resident export (plant-excel.ts)
  const damaged = new Map(world.planted.filter((p) => p.collection === 'persons' && p.defect.startsWith('EXCEL_')).map((p) => [p.key, p.defect]));
  let workbook = false;

  const grids = world.grids
    .filter((g) => inStreet(g.communityCode))
    .map((g) => {
      const worker = workers.get(g.code);
      const p = worker ? persons.get(worker) : undefined;
      return [g.code, g.name, g.communityCode, areas.get(g.communityCode)?.name ?? '', p?.name ?? '', p?.mobile ?? '', p?.idNumber ?? ''];
    });
  const dwellingTruth: StreetOfficeRowTruth[] = [];
  const residentTruth: StreetOfficeRowTruth[] = [];
  const dwellingRows = world.dwellings
    .filter((d) => inStreet(d.gridCode))
    .map((d) => {
      const { b, estate: name } = estate(d.buildingKey);
      const cells = [name, b.no, d.unit, d.floor, d.room, d.areaM2, d.usage, d.rented ? '是' : '否', d.gridCode];
      dwellingTruth.push({ row: rowOf(DWELLING_HEADER, cells), buildingKey: d.buildingKey, dwellingKey: d.key });
      return cells;
    });
  const residents = world.residencies
    .filter((r) => r.validTo === null && inStreet(households.get(r.householdNo)?.gridCode))
    .map((r) => {
      const p = persons.get(r.personId)!;
      const h = households.get(r.householdNo)!;
      const d = dwellings.get(h.dwellingKey)!;
      const { b, estate: name } = estate(d.buildingKey);
      const defect = variant ? damaged.get(p.idNumber) : undefined;
      if (defect === 'EXCEL_NUMERIC_ID') workbook = true;
      const cells = [
        p.name,
        p.sex === 'M' ? '男' : '女',
        defect === 'EXCEL_NUMERIC_ID' ? excelNumericId(p.idNumber) : defect === 'EXCEL_SCIENTIFIC_ID' ? excelScientific(p.idNumber) : p.idNumber,
        p.ethnicity,
        defect === 'EXCEL_SCIENTIFIC_MOBILE' ? excelScientific(p.mobile!) : (p.mobile ?? ''),
        r.category === 'REGISTERED' ? '户籍人口' : '流动人口',
        POLITICAL[p.politicalStatus] ?? '群众',
        r.householdNo,
        r.relation,
        name,
        b.no,
        d.unit,
        d.room,
        h.gridCode,
        p.tags.join('、'),
      ];
      residentTruth.push({ row: rowOf(RESIDENT_HEADER, cells), buildingKey: b.key, dwellingKey: d.key, personId: p.idNumber, ...(defect ? { defect } : {}) });
      return cells;
    });
  const duties = world.dutyItems
    .filter((d) => d.streetCode.startsWith(prefix))
    .map((d) => [d.code, d.name, LIST_TYPE[d.listType], d.powerCategory, d.basis, d.responsibleUnit]);
  const files: RenderedFile[] = [
    { name: `网格_${date}.csv`, content: toCsv(['网格编码', '网格名称', '社区代码', '社区名称', '网格员', '网格员电话', '网格员公民身份号码'], grids) },
    { name: `房屋_${date}.csv`, content: toCsv(DWELLING_HEADER, dwellingRows) },
    workbook
      ? { name: `人口_${date}.xlsx`, content: toXlsx(RESIDENT_HEADER, residents) }
      : { name: `人口_${date}.csv`, content: toCsv(RESIDENT_HEADER, residents) },
    { name: `权责清单_${date}.csv`, content: toCsv(['事项编码', '事项名称', '清单类型', '职权类别', '实施依据', '责任单位'], duties) },
  ];
  return { files, dwellings: dwellingTruth, residents: residentTruth };
}

const DWELLING_HEADER = ['小区', '楼栋', '单元', '楼层', '房号', '建筑面积', '房屋用途', '是否出租', '网格编码'];
const RESIDENT_HEADER = ['姓名', '性别', '公民身份号码', '民族', '联系电话', '人口类别', '政治面貌', '户号', '与户主关系', '小区', '楼栋', '单元', '房号', '网格编码', '人员标签'];

/** A row as the connector's record holds it: header → cell text. */
function rowOf(header: readonly string[], cells: readonly unknown[]): Record<string, string> {
  return Object.fromEntries(header.map((h, i) => [h, cells[i] === null || cells[i] === undefined ? '' : String(cells[i])]));
}

/**
 * One sheet as an xlsx workbook, cells as given: strings stay text cells (so an 18-digit ID typed
 * as text survives), numbers become number cells. Deterministic bytes (fixed document dates).
 */
function toXlsx(header: readonly string[], rows: readonly (readonly unknown[])[]): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet([header as unknown[], ...(rows as unknown[][])]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '人口');
  wb.Props = { CreatedDate: new Date(Date.UTC(2026, 0, 1)), ModifiedDate: new Date(Date.UTC(2026, 0, 1)) } as XLSX.FullProperties;
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: false }) as ArrayBuffer);
}
