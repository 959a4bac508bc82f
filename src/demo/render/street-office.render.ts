import type { World } from '../world.types';
import { toCsv } from './csv';

/** One rendered file: its name and its bytes. */
export interface RenderedFile {
  name: string;
  content: string;
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
  const date = world.meta.asOf.replace(/-/g, '');
  const prefix = streetCode12.slice(0, 9);
  const inStreet = (code: string | null | undefined) => Boolean(code && code.startsWith(prefix));
  const areas = new Map(world.areas.map((a) => [a.code, a]));
  const persons = new Map(world.persons.map((p) => [p.idNumber, p]));
  const buildings = new Map(world.buildings.map((b) => [b.key, b]));
  const dwellings = new Map(world.dwellings.map((d) => [d.key, d]));
  const households = new Map(world.households.map((h) => [h.householdNo, h]));
  const projects = new Map(world.propertyProjects.map((p) => [p.code, p]));
  const workers = gridWorkersOf(world);
  const estate = (buildingKey: string) => {
    const b = buildings.get(buildingKey)!;
    return { b, estate: b.projectCode ? (projects.get(b.projectCode)?.name ?? '') : '' };
  };

  const grids = world.grids
    .filter((g) => inStreet(g.communityCode))
    .map((g) => {
      const worker = workers.get(g.code);
      const p = worker ? persons.get(worker) : undefined;
      return [g.code, g.name, g.communityCode, areas.get(g.communityCode)?.name ?? '', p?.name ?? '', p?.mobile ?? '', p?.idNumber ?? ''];
    });
  const dwellingRows = world.dwellings
    .filter((d) => inStreet(d.gridCode))
    .map((d) => {
      const { b, estate: name } = estate(d.buildingKey);
      return [name, b.no, d.unit, d.floor, d.room, d.areaM2, d.usage, d.rented ? '是' : '否', d.gridCode];
    });
  const residents = world.residencies
    .filter((r) => r.validTo === null && inStreet(households.get(r.householdNo)?.gridCode))
    .map((r) => {
      const p = persons.get(r.personId)!;
      const h = households.get(r.householdNo)!;
      const d = dwellings.get(h.dwellingKey)!;
      const { b, estate: name } = estate(d.buildingKey);
      return [
        p.name,
        p.sex === 'M' ? '男' : '女',
        p.idNumber,
        p.ethnicity,
        p.mobile ?? '',
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
    });
  const duties = world.dutyItems
    .filter((d) => d.streetCode.startsWith(prefix))
    .map((d) => [d.code, d.name, LIST_TYPE[d.listType], d.powerCategory, d.basis, d.responsibleUnit]);
  return [
    { name: `网格_${date}.csv`, content: toCsv(['网格编码', '网格名称', '社区代码', '社区名称', '网格员', '网格员电话', '网格员公民身份号码'], grids) },
    { name: `房屋_${date}.csv`, content: toCsv(['小区', '楼栋', '单元', '楼层', '房号', '建筑面积', '房屋用途', '是否出租', '网格编码'], dwellingRows) },
    {
      name: `人口_${date}.csv`,
      content: toCsv(['姓名', '性别', '公民身份号码', '民族', '联系电话', '人口类别', '政治面貌', '户号', '与户主关系', '小区', '楼栋', '单元', '房号', '网格编码', '人员标签'], residents),
    },
    { name: `权责清单_${date}.csv`, content: toCsv(['事项编码', '事项名称', '清单类型', '职权类别', '实施依据', '责任单位'], duties) },
  ];
}
