import { resolveSourcePath, type ConnectorContext, type JsonValue, type ReadMessage } from '../../src/sdk';
import {
  AppliedFiles,
  pendingFiles,
  readingFingerprint,
  readTableFile,
  schemaDriftMessage,
  tableMessages,
  type PendingFile,
  type TableFile,
  type TableRowMessage,
} from '../../src/sdk/transports/files';
import { streetCode12, type StreetOfficeConfig } from './street-office.config';
import type { StreetOfficeRecord } from './street-office.records';
import { looksLikeHeader, recogniseTable, STREET_TABLES, tableResolvers, type StreetTable } from './street-office.tables';

/** File extensions the street office exports come in. */
export const EXPORT_EXTENSIONS = ['csv', 'tsv', 'xlsx', 'xls'] as const;

export interface ReadExportsOptions {
  /** The table this stream reads; files of other tables are left to their streams. */
  table: StreetTable;
  /**
   * Turns one row into the stream's records (none, one). Default: one record per row. The grid
   * workers stream keeps only rows naming a worker's ID number.
   */
  select?: (row: TableRowMessage) => boolean;
  /** Bracket the newest export in `snapshot-begin` / `snapshot-end` with this scope (residents). */
  snapshotScope?: (config: StreetOfficeConfig) => string;
  /** Report schema drift as a `failed` message. Default `true`; a stream sharing another stream's files sets `false` so the drift is reported once. */
  reportDrift?: boolean;
}

/**
 * Reads a street office's exports of one table — full snapshots, one table per file:
 *
 * 1. the folder's CSV/XLSX files are listed and hashed; a file whose content was applied before
 *    (the cursor holds the hashes) or that copies another file is skipped;
 * 2. each remaining file's table is recognised from its header (file name as tie-breaker);
 * 3. a file of this table missing a required column yields one `SCHEMA_DRIFT` failure and nothing else;
 * 4. of the readable files, only the **newest** export is read — each export is the whole table,
 *    so an older one still pending (several exports since the last run, or an old export dropped
 *    in late) is superseded: recorded as done and logged, never read. Reading it would put back
 *    people and rows the newer export no longer has, and its records would only be stale;
 * 5. the newest export's rows become records, versioned by the export time; for residents they
 *    are bracketed by `snapshot-begin`/`snapshot-end`, so the hub ends the residencies of people
 *    missing from it;
 * 6. a checkpoint follows every file, carrying the applied exports and the newest export time;
 *    files of other tables, drifted and unreadable ones are set aside in the cursor under the
 *    current aliases and encoding, so they are not parsed again on every run (but are once the
 *    config changes: an alias added for a drifted header makes its file readable).
 */
export async function* readExports(ctx: ConnectorContext<StreetOfficeConfig>, cursor: JsonValue | null, options: ReadExportsOptions): AsyncIterable<ReadMessage> {
  const config = ctx.config;
  const applied = AppliedFiles.fromCursor(cursor);
  const folder = resolveSourcePath(ctx, 'path', config.path);
  const resolvers = tableResolvers(config.headerAliases);
  const resolver = resolvers.get(options.table)!;
  const schema = STREET_TABLES.find((t) => t.table === options.table)!;
  // files set aside (another table's, drifted, unreadable) are looked at again when the aliases or the encoding change
  const fingerprint = readingFingerprint({ headerAliases: config.headerAliases, encoding: config.encoding });
  const reportDrift = options.reportDrift !== false;
  let dirty = false;

  const mine: { file: PendingFile; table: TableFile; missing: string[] }[] = [];
  for (const file of await pendingFiles(folder, applied, { extensions: EXPORT_EXTENSIONS, fingerprint, followLinksOutside: ctx.allowPathsOutside ?? false })) {
    if (ctx.signal.aborted) return;
    let table: TableFile;
    try {
      table = await readTableFile(file, { encoding: config.encoding, isHeader: (cells) => looksLikeHeader(resolvers, cells) });
    } catch (err) {
      applied.skip(file.key, fingerprint);
      // a file that is not a workbook or table at all: its stream is told by the name, if at all
      if (schema.fileHint.test(file.name) && reportDrift) {
        ctx.logger.warn({ file: file.name, error: (err as Error).message }, 'unreadable export');
        yield { type: 'failed', reason: 'UNREADABLE_FILE', message: `${file.name}: not a readable ${schema.name} table`, raw: { file: file.name }, position: { file: file.name, line: 0 } };
        yield { type: 'checkpoint', cursor: applied.toCursor() };
        dirty = false;
      } else {
        if (options.table === 'grids' && !STREET_TABLES.some((t) => t.fileHint.test(file.name))) ctx.logger.warn({ file: file.name }, 'unreadable file of no known table: not read');
        dirty = true;
      }
      continue;
    }
    const recognised = recogniseTable(resolvers, table.header, file.name);
    if (recognised !== options.table) {
      if (recognised === null && options.table === 'grids') ctx.logger.warn({ file: file.name }, 'export of no known table (header and name match none): not read');
      applied.skip(file.key, fingerprint);
      dirty = true;
      continue;
    }
    mine.push({ file, table, missing: resolver.resolve(table.header).missing });
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
      applied.add(file.key);
      dirty = true;
      continue;
    }
    const scope = options.snapshotScope?.(config);
    if (scope) yield { type: 'snapshot-begin', scope };
    for (const message of tableMessages(table, resolver)) {
      if (ctx.signal.aborted) return;
      if (message.type !== 'row') {
        yield message;
        continue;
      }
      if (options.select && !options.select(message)) continue;
      const data: StreetOfficeRecord = { table: options.table, street: streetCode12(config), exportedAt: file.exportTime.instant, row: message.values };
      yield { type: 'record', data, position: message.position };
    }
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
