import { resolveSourcePath, skippedRecords, type ConnectorContext, type JsonValue, type ReadMessage } from '../../src/sdk';
import {
  AppliedFiles,
  pendingFiles,
  readingFingerprint,
  readTableFile,
  schemaDriftMessage,
  tableMessages,
  type HeaderResolver,
  type PendingFile,
  type TableFile,
  type TableRowMessage,
} from '../../src/sdk/transports/files';
import { streetCode12, type StreetOfficeConfig } from './street-office.config';
import { exportStreet, matchesFilePattern, OTHER_STREET, ownStreet, rowStreet, type ExportStreet } from './export-street';
import { recognisedTable, rememberTable } from './recognised-exports';
import type { StreetOfficeRecord } from './street-office.records';
import { looksLikeHeader, recogniseTable, STREET_TABLES, tableResolvers, type StreetTable } from './street-office.tables';

/** File extensions the street office exports come in. */
export const EXPORT_EXTENSIONS = ['csv', 'tsv', 'xlsx', 'xls'] as const;

export interface ReadExportsOptions {
  /** The table this stream reads; files of other tables are left to their streams. */
  table: StreetTable;
  /**
   * Which rows are the stream's records: `true` a record, `false` none (a grid row naming no
   * worker is no grid worker), a string: skipped on purpose and counted under that reason in the
   * sync report. Default: every row is a record.
   */
  select?: (row: TableRowMessage) => boolean | string;
  /** Bracket the newest export in `snapshot-begin` / `snapshot-end` with this scope (residents). */
  snapshotScope?: (config: StreetOfficeConfig) => string;
  /** Report schema drift as a `failed` message. Default `true`; a stream sharing another stream's files sets `false` so the drift is reported once. */
  reportDrift?: boolean;
}

/** Reason code of the rows of an export superseded by a newer one (counted, not read). */
export const SUPERSEDED_EXPORT = 'SUPERSEDED_EXPORT';

/** A file of the folder as the connector sees it: read as a table (or not), its table, its street. */
export interface InspectedExport {
  file: PendingFile;
  /** The file read as a table; `null` when it is none (`error` says why) or does not match `filePattern`. */
  table: TableFile | null;
  error: Error | null;
  /** False when the config's `filePattern` leaves the file out (it is then not read at all). */
  matchesPattern: boolean;
  /** Its table (header, else file name); `null` when neither tells. */
  recognised: StreetTable | null;
  /** Required columns of its table the header lacks (schema drift); `[]` when complete or of no table. */
  missing: string[];
  /** Its street (see `exportStreet`); `own` when it is no table. */
  street: ExportStreet;
}

/** Reads one pending file as a street-office export: its table, completeness and street. */
export async function inspectExport(file: PendingFile, config: StreetOfficeConfig, resolvers: ReadonlyMap<StreetTable, HeaderResolver>): Promise<InspectedExport> {
  const none: ExportStreet = { verdict: 'own', by: null, others: [], otherRows: 0 };
  if (!matchesFilePattern(file.name, config)) return { file, table: null, error: null, matchesPattern: false, recognised: null, missing: [], street: none };
  // the rows the header search passes over: report titles, which may name the street
  const titles: string[][] = [];
  let found = false;
  let table: TableFile;
  try {
    table = await readTableFile(file, {
      encoding: config.encoding,
      isHeader: (cells) => {
        if (found) return false;
        found = looksLikeHeader(resolvers, cells);
        if (!found) titles.push([...cells]);
        return found;
      },
    });
  } catch (err) {
    return { file, table: null, error: err as Error, matchesPattern: true, recognised: null, missing: [], street: none };
  }
  const recognised = recogniseTable(resolvers, table.header, file.name);
  if (recognised === null) return { file, table, error: null, matchesPattern: true, recognised, missing: [], street: none };
  const resolver = resolvers.get(recognised)!;
  return { file, table, error: null, matchesPattern: true, recognised, missing: resolver.resolve(table.header).missing, street: exportStreet(table, titles, file.name, resolver, config) };
}

/** Data rows of a table (not blank, not unparseable). */
export function rowCount(table: Pick<TableFile, 'lines'>): number {
  return table.lines.filter((l) => l.kind === 'row').length;
}

/** Rows of a table that would be the stream's records (or counted skips), were it read. */
function recordRows(table: TableFile, resolver: HeaderResolver, select: ReadExportsOptions['select']): number {
  if (!select) return rowCount(table);
  let n = 0;
  for (const m of tableMessages(table, resolver)) if (m.type === 'row' && select(m) !== false) n += 1;
  return n;
}

/** What decides how a file reads (and so whether one set aside is looked at again): the aliases, the encoding, the street, the pattern. */
export function exportsFingerprint(config: StreetOfficeConfig): string {
  return readingFingerprint({ headerAliases: config.headerAliases, encoding: config.encoding, streetCode: ownStreet(config), streetName: config.streetName ?? null, filePattern: config.filePattern ?? null });
}

/**
 * Reads a street office's exports of one table — full snapshots, one table per file:
 *
 * 1. the folder's CSV/XLSX files are listed and hashed; a file whose content was applied before
 *    (the cursor holds the hashes) or that copies another file is skipped; one not matching the
 *    config's `filePattern` is not read;
 * 2. each remaining file's table is recognised from its header (file name as tie-breaker) — or
 *    looked up when another stream of the street read it already (`recognised-exports.ts`), so a
 *    file of another table is not parsed again — and
 *    its street from its rows' codes, a title row or its name (`exportStreet`): an export of
 *    another street is set aside, its rows counted as skipped (`OTHER_STREET`), never read;
 * 3. a file of this table missing a required column yields one `SCHEMA_DRIFT` failure and nothing else;
 * 4. of the street's readable files, only the **newest** export is read — each export is the
 *    whole table, so an older one still pending (several exports since the last run, or an old
 *    export dropped in late) is superseded: recorded as done, logged and its rows counted as
 *    skipped (`SUPERSEDED_EXPORT`), never read. Reading it would put back people and rows the
 *    newer export no longer has, and its records would only be stale;
 * 5. the newest export's rows become records, versioned by the export time — except rows whose
 *    codes are another street's (a district-wide file), skipped and counted (`OTHER_STREET`); for
 *    residents they are bracketed by `snapshot-begin`/`snapshot-end`, so the hub ends the
 *    residencies of people missing from it;
 * 6. a checkpoint follows every file, carrying the applied exports and the newest export time;
 *    files of other tables, of other streets, drifted and unreadable ones are set aside in the
 *    cursor under the current aliases, encoding, street and pattern, so they are not parsed again
 *    on every run (but are once the config changes: an alias added for a drifted header makes its
 *    file readable).
 */
export async function* readExports(ctx: ConnectorContext<StreetOfficeConfig>, cursor: JsonValue | null, options: ReadExportsOptions): AsyncIterable<ReadMessage> {
  const config = ctx.config;
  const applied = AppliedFiles.fromCursor(cursor);
  const folder = resolveSourcePath(ctx, 'path', config.path);
  const resolvers = tableResolvers(config.headerAliases);
  const resolver = resolvers.get(options.table)!;
  const schema = STREET_TABLES.find((t) => t.table === options.table)!;
  // files set aside (another table's or street's, drifted, unreadable) are looked at again when the reading setup changes
  const fingerprint = exportsFingerprint(config);
  const reportDrift = options.reportDrift !== false;
  const street = ownStreet(config);
  let dirty = false;

  const mine: { file: PendingFile; table: TableFile; missing: string[] }[] = [];
  for (const file of await pendingFiles(folder, applied, { extensions: EXPORT_EXTENSIONS, fingerprint, followLinksOutside: ctx.allowPathsOutside ?? false })) {
    if (ctx.signal.aborted) return;
    // a file another stream found to hold another table is set aside unparsed (see recognised-exports.ts)
    const known = matchesFilePattern(file.name, config) ? recognisedTable(file, fingerprint) : undefined;
    if (known !== undefined && known !== options.table) {
      applied.skip(file.key, fingerprint);
      dirty = true;
      continue;
    }
    const x = await inspectExport(file, config, resolvers);
    if (x.recognised !== null) rememberTable(file, fingerprint, x.recognised);
    if (!x.matchesPattern) {
      if (options.table === 'grids') ctx.logger.info({ file: file.name }, 'file name does not match filePattern: not read');
      applied.skip(file.key, fingerprint);
      dirty = true;
      continue;
    }
    if (x.table === null) {
      applied.skip(file.key, fingerprint);
      // a file that is not a workbook or table at all: its stream is told by the name, if at all
      if (schema.fileHint.test(file.name) && reportDrift) {
        ctx.logger.warn({ file: file.name, error: x.error?.message }, 'unreadable export');
        yield { type: 'failed', reason: 'UNREADABLE_FILE', message: `${file.name}: not a readable ${schema.name} table`, raw: { file: file.name }, position: { file: file.name, line: 0 } };
        yield { type: 'checkpoint', cursor: applied.toCursor() };
        dirty = false;
      } else {
        if (options.table === 'grids' && !STREET_TABLES.some((t) => t.fileHint.test(file.name))) ctx.logger.warn({ file: file.name }, 'unreadable file of no known table: not read');
        dirty = true;
      }
      continue;
    }
    if (x.recognised !== options.table) {
      if (x.recognised === null && options.table === 'grids') ctx.logger.warn({ file: file.name }, 'export of no known table (header and name match none): not read');
      applied.skip(file.key, fingerprint);
      dirty = true;
      continue;
    }
    if (x.street.verdict === 'other') {
      ctx.logger.info({ file: file.name, streets: x.street.others, by: x.street.by }, 'export of another street: not read');
      const rows = recordRows(x.table, resolver, options.select);
      if (rows > 0) yield skippedRecords(OTHER_STREET, rows);
      applied.skip(file.key, fingerprint);
      dirty = true;
      continue;
    }
    mine.push({ file, table: x.table, missing: x.missing });
  }

  const readable = mine.filter((m) => m.missing.length === 0);
  const newest = readable.at(-1);
  for (const { file, table, missing } of mine) {
    if (ctx.signal.aborted) return;
    if (missing.length > 0) {
      if (reportDrift) yield schemaDriftMessage(table, missing);
      else ctx.logger.warn({ file: file.name, missing }, 'schema drift (reported by the stream owning the table)');
      applied.skip(file.key, fingerprint);
      yield { type: 'checkpoint', cursor: applied.toCursor() };
      dirty = false;
      continue;
    }
    if (file !== newest?.file || applied.isOlderThanLatest(file.exportTime.instant)) {
      ctx.logger.info({ file: file.name, exportedAt: file.exportTime.instant }, 'export superseded by a newer one: not read');
      const rows = recordRows(table, resolver, options.select);
      if (rows > 0) yield skippedRecords(SUPERSEDED_EXPORT, rows);
      applied.add(file.key);
      dirty = true;
      continue;
    }
    const scope = options.snapshotScope?.(config);
    if (scope) yield { type: 'snapshot-begin', scope };
    const skipped = new Map<string, number>();
    const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    for (const message of tableMessages(table, resolver)) {
      if (ctx.signal.aborted) return;
      if (message.type !== 'row') {
        yield message;
        continue;
      }
      const selected = options.select ? options.select(message) : true;
      if (selected === false) continue;
      // a district-wide export: the other streets' rows are theirs
      const rowOf = rowStreet(message.values);
      if (rowOf !== null && rowOf !== street) {
        skip(OTHER_STREET);
        continue;
      }
      if (typeof selected === 'string') {
        skip(selected);
        continue;
      }
      const data: StreetOfficeRecord = { table: options.table, street: streetCode12(config), exportedAt: file.exportTime.instant, row: message.values };
      yield { type: 'record', data, position: message.position };
    }
    for (const [reason, count] of skipped) yield skippedRecords(reason, count);
    // the snapshot ends before the checkpoint: were the run to stop in between, the file is read again and ends nothing new
    if (scope) yield { type: 'snapshot-end', scope, asOf: file.exportTime.date };
    applied.add(file.key);
    applied.advance(file.exportTime.instant);
    yield { type: 'checkpoint', cursor: applied.toCursor() };
    dirty = false;
  }
  if (dirty) yield { type: 'checkpoint', cursor: applied.toCursor() };
}

/** Scope of a street's residents snapshot: every resident external id starts with it. */
export function residentsScope(config: Pick<StreetOfficeConfig, 'streetCode'>): string {
  return `residents:${streetCode12(config)}:`;
}
