import { resolveSourcePath, type ConnectorContext } from '../../src/sdk';
import { AppliedFiles, exportKey, exportTimeOf, hashFile, listFiles, pendingFiles, schemaDriftError } from '../../src/sdk/transports/files';
import { EXPORT_EXTENSIONS, inspectExport, rowCount, type InspectedExport } from './read-exports';
import type { StreetOfficeConfig } from './street-office.config';
import { tableResolvers, type StreetTable } from './street-office.tables';

/** What a sync would do with one file of the folder (from an empty cursor), and why. */
export interface PlannedFile {
  /** The file's name in the folder. */
  name: string;
  /** Its table; `null` when it is of none (or not looked into). */
  table: StreetTable | null;
  /** Read by its table's stream(s). */
  read: boolean;
  /** `export`, `superseded`, `other-street`, `copy`, `pattern`, `drift`, `not-export`. */
  kind: 'export' | 'superseded' | 'other-street' | 'copy' | 'pattern' | 'drift' | 'not-export';
  /** One line for the operator (no cell values: codes and file names only). */
  why: string;
}

const describeStreet = (x: InspectedExport): string => {
  const by = x.street.by === 'rows' ? 'by its rows’ grid codes' : x.street.by === 'title' ? 'by its title row' : 'by its file name';
  return `${x.street.others.join(', ') || 'another street'}, ${by}`;
};

/**
 * The files of the source's folder as a first sync would take them: for each, read or ignored and
 * why — another street's (by its rows, title or name), superseded by a newer export of the same
 * table, a copy of another file, not matching `filePattern`, schema drift, not an export of any
 * known table. A sync skips, besides, every file its cursor says was applied before. Parses every
 * file once (a sync: each about twice, see recognised-exports.ts).
 */
export async function planExports(ctx: ConnectorContext<StreetOfficeConfig>): Promise<PlannedFile[]> {
  const config = ctx.config;
  const folder = resolveSourcePath(ctx, 'path', config.path);
  const listing = { extensions: EXPORT_EXTENSIONS, followLinksOutside: ctx.allowPathsOutside ?? false };
  const pending = await pendingFiles(folder, AppliedFiles.fromCursor(null), listing);
  const resolvers = tableResolvers(config.headerAliases);
  const out = new Map<string, PlannedFile>();
  const readable = new Map<StreetTable, InspectedExport[]>();
  for (const file of pending) {
    if (ctx.signal.aborted) break;
    const x = await inspectExport(file, config, resolvers);
    const plan = (kind: PlannedFile['kind'], why: string, read = false) => out.set(file.name, { name: file.name, table: x.recognised, read, kind, why });
    if (!x.matchesPattern) plan('pattern', `not matching filePattern ${config.filePattern}`);
    else if (x.table === null) plan('not-export', 'not an export: not a readable table');
    else if (x.recognised === null) plan('not-export', 'not an export: its header and name match no known table');
    else if (x.street.verdict === 'other') plan('other-street', `another street’s export (${describeStreet(x)}): ${rowCount(x.table)} row(s) skipped`);
    else if (x.missing.length > 0 || ('encodingMismatch' in x.table && x.table.encodingMismatch)) {
      // the reader's own words: SCHEMA_DRIFT, or an encoding other than the declared one
      const err = schemaDriftError(x.table, x.missing);
      plan('drift', `not read, one ${err.code} dead letter: ${err.message.replace(`${file.name}: `, '')}`);
    }
    else {
      const list = readable.get(x.recognised) ?? [];
      list.push(x);
      readable.set(x.recognised, list);
    }
  }
  for (const [table, files] of readable) {
    const newest = files.at(-1)!;
    for (const x of files) {
      if (x === newest) {
        const others = x.street.otherRows > 0 ? `; ${x.street.otherRows} row(s) of other streets skipped` : '';
        out.set(x.file.name, { name: x.file.name, table, read: true, kind: 'export', why: `the newest ${table} export${others}` });
      } else out.set(x.file.name, { name: x.file.name, table, read: false, kind: 'superseded', why: `superseded by ${newest.file.name}` });
    }
  }
  // the files pendingFiles left out are copies (same content and export time) of one it kept
  const kept = new Map(pending.map((p) => [p.key, p.name]));
  for (const entry of await listFiles(folder, listing)) {
    if (out.has(entry.name)) continue;
    const key = exportKey(await hashFile(entry.path), exportTimeOf(entry));
    const of = kept.get(key);
    const table = of ? (out.get(of)?.table ?? null) : null;
    out.set(entry.name, { name: entry.name, table, read: false, kind: 'copy', why: of ? `a copy of ${of}` : 'a copy of another file' });
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `check`'s message: how many files are read, then one line per file. */
export function describePlan(plan: readonly PlannedFile[], path: string): string {
  const read = plan.filter((p) => p.read);
  const lines = plan.map((p) => `  ${p.read ? 'read   ' : 'ignore '} ${p.name}${p.table && p.read ? ` (${p.table})` : ''}: ${p.why}`);
  return [`${plan.length} export file(s) (CSV/XLSX) in ${path}: ${read.length} to read (unless applied before), ${plan.length - read.length} ignored`, ...lines].join('\n');
}
