import { HeaderResolver, type HeaderAliases, type TableSchema } from '../../src/sdk/transports/files';

/** The four tables a street's population/grid system exports (SOURCES.md S1), one per file. */
export type StreetTable = 'grids' | 'dwellings' | 'residents' | 'duty-items';

/** A table: its columns (canonical header ← aliases, required ones), and the file-name words that hint at it. */
export interface StreetTableSchema extends TableSchema {
  table: StreetTable;
  /** Words in a file name that say which table it is; used when the header alone cannot tell. */
  fileHint: RegExp;
}

const GRID_CODE_ALIASES = ['所属网格', '网格代码', '网格编号', '所属网格编码'];
const ESTATE = { name: '小区', aliases: ['小区名称', '小区名', '住宅小区'] };
const BUILDING = { name: '楼栋', aliases: ['楼栋号', '楼号', '栋号', '幢号'] };
const UNIT = { name: '单元', aliases: ['单元号'] };
const ROOM = { name: '房号', aliases: ['房间号', '室号', '户室号', '门牌号'] };

/** 网格 grids. */
export const GRIDS: StreetTableSchema = {
  table: 'grids',
  name: '网格 grids',
  fileHint: /网格|grid/iu,
  columns: [
    { name: '网格编码', aliases: GRID_CODE_ALIASES, required: true },
    { name: '网格名称', aliases: ['网格名'], required: true },
    { name: '社区代码', aliases: ['社区编码', '社区区划代码', '所属社区代码'] },
    { name: '社区名称', aliases: ['社区', '所属社区'] },
    { name: '网格员', aliases: ['网格员姓名', '专职网格员'] },
    { name: '网格员电话', aliases: ['网格员手机', '网格员手机号', '网格员联系电话', '网格员联系方式'] },
    { name: '网格员公民身份号码', aliases: ['网格员身份证号', '网格员身份证号码', '网格员证件号码'] },
  ],
};

/** 房屋 dwellings. */
export const DWELLINGS: StreetTableSchema = {
  table: 'dwellings',
  name: '房屋 dwellings',
  fileHint: /房屋|房产|住房|dwelling|house/iu,
  columns: [
    ESTATE,
    { ...BUILDING, required: true },
    UNIT,
    { name: '楼层', aliases: ['所在楼层', '层数'] },
    { ...ROOM, required: true },
    { name: '建筑面积', aliases: ['面积', '房屋面积', '建筑面积(平方米)'] },
    { name: '房屋用途', aliases: ['用途', '房屋类型', '房屋性质'] },
    { name: '是否出租', aliases: ['出租', '出租情况', '是否出租房屋'] },
    { name: '网格编码', aliases: GRID_CODE_ALIASES, required: true },
  ],
};

/** 人口 residents. */
export const RESIDENTS: StreetTableSchema = {
  table: 'residents',
  name: '人口 residents',
  fileHint: /人口|居民|住户|resident|population|people/iu,
  columns: [
    { name: '姓名', aliases: ['居民姓名'], required: true },
    { name: '性别' },
    { name: '公民身份号码', aliases: ['身份证号', '身份证号码', '证件号码', '居民身份证号码'], required: true },
    { name: '民族' },
    { name: '联系电话', aliases: ['手机', '手机号', '手机号码', '联系方式'] },
    { name: '人口类别', aliases: ['人口类型', '人员类别'], required: true },
    { name: '政治面貌' },
    { name: '户号', aliases: ['户编号'], required: true },
    { name: '与户主关系', aliases: ['与户主的关系', '户主关系'] },
    ESTATE,
    BUILDING,
    UNIT,
    ROOM,
    { name: '网格编码', aliases: GRID_CODE_ALIASES },
    { name: '人员标签', aliases: ['标签', '人员类型'] },
  ],
};

/** 权责清单 duty items. */
export const DUTY_ITEMS: StreetTableSchema = {
  table: 'duty-items',
  name: '权责清单 duty items',
  fileHint: /权责|权力清单|责任清单|duty/iu,
  columns: [
    { name: '事项编码', aliases: ['事项代码', '编码', '事项编号'], required: true },
    { name: '事项名称', aliases: ['名称', '事项'], required: true },
    { name: '清单类型', aliases: ['清单类别', '类型'], required: true },
    { name: '职权类别', aliases: ['权力类别', '职权类型', '事项类别'] },
    { name: '实施依据', aliases: ['依据', '设定依据', '法律依据'] },
    { name: '责任单位', aliases: ['责任主体', '实施主体', '承办单位'] },
  ],
};

export const STREET_TABLES: readonly StreetTableSchema[] = [GRIDS, DWELLINGS, RESIDENTS, DUTY_ITEMS];

/** Every canonical column of every table: what `headerAliases` in the config may name. */
export const CANONICAL_COLUMNS: ReadonlySet<string> = new Set(STREET_TABLES.flatMap((t) => t.columns.map((c) => c.name)));

/** Header resolvers for the four tables, with the config's extra aliases. */
export function tableResolvers(extra: HeaderAliases): Map<StreetTable, HeaderResolver> {
  return new Map(STREET_TABLES.map((t) => [t.table, new HeaderResolver(t, extra)]));
}

/** A header row names at least two columns of some table (report titles above it do not). */
export function looksLikeHeader(resolvers: ReadonlyMap<StreetTable, HeaderResolver>, cells: readonly string[]): boolean {
  for (const r of resolvers.values()) if (r.score(cells) >= 2) return true;
  return false;
}

/**
 * Which table a file holds: the table whose columns its header names most (at least two), the
 * file name deciding a tie or a header that names too little (a drifted file); `null` when
 * neither tells.
 */
export function recogniseTable(resolvers: ReadonlyMap<StreetTable, HeaderResolver>, header: readonly string[], fileName: string): StreetTable | null {
  const scores = STREET_TABLES.map((t) => ({ table: t.table, score: resolvers.get(t.table)!.score(header), hinted: t.fileHint.test(fileName) }));
  const best = Math.max(...scores.map((s) => s.score));
  const leaders = scores.filter((s) => s.score === best && best >= 2);
  if (leaders.length === 1) return leaders[0]!.table;
  const hinted = (leaders.length > 1 ? leaders : scores).filter((s) => s.hinted);
  return hinted.length >= 1 ? hinted[0]!.table : null;
}
