import { globToRegExp, normalizeCode, rowValues, type HeaderResolver, type TableFile } from '../../src/sdk/transports/files';
import { streetCode12, type StreetOfficeConfig } from './street-office.config';

/**
 * Which street an export belongs to. Several streets' exports can share one folder, and a
 * district can hand every street one file of all its grids: a street source must read its own
 * street's exports only, and of a district-wide one only its own rows.
 */
export interface ExportStreet {
  /** `own`: the configured street's (or nothing names a street); `other`: another street's only. */
  verdict: 'own' | 'other';
  /** What told: the rows' grid/community codes, a title row above the header, the file name; `null` when nothing names a street. */
  by: 'rows' | 'title' | 'name' | null;
  /** The other streets named (9-digit codes, or names like `一元街道`), for messages; `[]` when none. */
  others: string[];
  /** Data rows of other streets (by their codes): skipped and counted when the export is read. */
  otherRows: number;
}

/** Reason code of the records a stream skips because they are another street's (`skippedRecords`). */
export const OTHER_STREET = 'OTHER_STREET';

/**
 * The street (9-digit code) a row belongs to by its codes: its 网格编码 (15 digits), else its
 * 社区代码 (12 digits); `null` when it has neither well-formed (such a row is read, and its
 * mapping says what is wrong).
 */
export function rowStreet(values: Readonly<Record<string, string>>): string | null {
  const grid = normalizeCode(values.网格编码 ?? '');
  if (/^\d{15}$/.test(grid)) return grid.slice(0, 9);
  const community = normalizeCode(values.社区代码 ?? '');
  if (/^\d{12}$/.test(community)) return community.slice(0, 9);
  return null;
}

/** The configured street's 9-digit code. */
export function ownStreet(config: Pick<StreetOfficeConfig, 'streetCode'>): string {
  return streetCode12(config).slice(0, 9);
}

/** `大智街道` → `大智`: the name without its kind, to find it in `大智街人口表` too. */
function streetCore(name: string): string {
  return name.replace(/(街道办事处|街道办|街道|街办|镇人民政府|镇政府|镇|乡)$/u, '') || name;
}

/**
 * What a text (a title row, a file name) says about the street: a street code of the configured
 * district (9 digits, or 12 ending in `000`), or a name ending in 街道 / 街办; `null` when it
 * names no street, or one that cannot be compared (a name when the config has no `streetName`).
 */
export function streetNamedIn(text: string, config: Pick<StreetOfficeConfig, 'streetCode' | 'streetName'>): { verdict: 'own' | 'other'; other?: string } | null {
  const own = ownStreet(config);
  for (const m of text.matchAll(/(?<!\d)(\d{12}|\d{9})(?!\d)/gu)) {
    const code = m[1]!;
    if ((code.length === 12 && !code.endsWith('000')) || code.slice(0, 6) !== own.slice(0, 6)) continue;
    return code.slice(0, 9) === own ? { verdict: 'own' } : { verdict: 'other', other: code.slice(0, 9) };
  }
  if (!config.streetName) return null;
  const core = streetCore(config.streetName);
  if (text.includes(config.streetName) || text.includes(`${core}街`)) return { verdict: 'own' };
  const named = /([^\s\d\p{P}\p{S}区市省县州]{2,6})(?:街道|街办)/u.exec(text);
  return named ? { verdict: 'other', other: `${named[1]}街道` } : null;
}

/**
 * The street of an export: by its rows' codes when they carry any (an export with at least one row
 * of the configured street is its own — a district-wide file — and its other rows are counted in
 * `otherRows`), else by a title row above the header (`一元街道人口信息表`), else by the file name
 * (`一元街道_人口_20240301.csv`, `420102003_人口.csv`); an export that names no street is taken
 * as the configured street's (a folder of one street's exports).
 */
export function exportStreet(
  table: Pick<TableFile, 'header' | 'lines'>,
  titles: readonly (readonly string[])[],
  fileName: string,
  resolver: HeaderResolver,
  config: Pick<StreetOfficeConfig, 'streetCode' | 'streetName'>,
): ExportStreet {
  const own = ownStreet(config);
  const match = resolver.resolve(table.header);
  let ownRows = 0;
  const others = new Map<string, number>();
  for (const line of table.lines) {
    if (line.kind !== 'row') continue;
    const street = rowStreet(rowValues(match, line.cells));
    if (street === own) ownRows += 1;
    else if (street !== null) others.set(street, (others.get(street) ?? 0) + 1);
  }
  const otherRows = [...others.values()].reduce((a, b) => a + b, 0);
  if (ownRows > 0 || otherRows > 0) return { verdict: ownRows > 0 ? 'own' : 'other', by: 'rows', others: [...others.keys()].sort(), otherRows };
  const title = streetNamedIn(titles.map((cells) => cells.join(' ')).join(' '), config);
  if (title) return { verdict: title.verdict, by: 'title', others: title.other ? [title.other] : [], otherRows: 0 };
  const name = streetNamedIn(fileName.replace(/\.[^.]+$/u, ''), config);
  if (name) return { verdict: name.verdict, by: 'name', others: name.other ? [name.other] : [], otherRows: 0 };
  return { verdict: 'own', by: null, others: [], otherRows: 0 };
}

/** Whether a file name matches the configured `filePattern` (always, when none is set). */
export function matchesFilePattern(fileName: string, config: Pick<StreetOfficeConfig, 'filePattern'>): boolean {
  return config.filePattern === undefined || globToRegExp(config.filePattern).test(fileName);
}
