import { readFile } from 'node:fs/promises';
import type { FailedRecordMessage } from '../../connector';
import { ConnectorError } from '../../connector-error';
import { parseCsv, type CsvDelimiter } from './csv-parser';
import { decodeText, type EncodingChoice, type EncodingMismatch, encodingMismatchText, type TextEncodingName } from './decode-text';
import { rowValues, type HeaderResolver } from './header-aliases';
import { jsonCellText, parseJsonLines } from './jsonl-reader';
import { extensionOf, type FileEntry } from './list-files';
import { readXlsxRows } from './xlsx-reader';

/**
 * One table per file: CSV, XLSX or JSON Lines read into a header and its data rows, each with the
 * line it came from, so every record and dead letter can name `{ file, line }`.
 */

export type TableFormat = 'csv' | 'xlsx' | 'jsonl';

/** File extensions read as tables, by format. */
export const TABLE_EXTENSIONS: Readonly<Record<string, TableFormat>> = Object.freeze({
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  xls: 'xlsx',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
});

/** The table format of a file name by its extension, or `null`. */
export function tableFormatOf(name: string): TableFormat | null {
  return TABLE_EXTENSIONS[extensionOf(name)] ?? null;
}

/** A data row, or a record the format reader could not parse (a dead letter with `reason`). */
export type TableLine =
  | { kind: 'row'; line: number; cells: string[] }
  | { kind: 'failed'; line: number; reason: string; message: string; raw: unknown };

/** A file read as a table. */
export interface TableFile {
  /** The file's name relative to its folder (see `FileEntry.name`). */
  file: string;
  format: TableFormat;
  /** Text encoding found (CSV, JSON Lines); `null` for workbooks. */
  encoding: TextEncodingName | null;
  /** True when some bytes were undecodable and became U+FFFD. */
  lossy: boolean;
  /**
   * The file is not in the encoding the config declared (CSV, JSON Lines): what was declared and
   * what it likely is. Such a file is not read: {@link tableMessages} and {@link schemaDriftMessage}
   * report it as one `ENCODING_MISMATCH` failure instead of rows or `SCHEMA_DRIFT`. Unset otherwise.
   */
  encodingMismatch?: EncodingMismatch;
  /** The header row's cells (`[]` for an empty file). JSON Lines: every key used, in order of first use. */
  header: string[];
  /** Line of the header row; `0` for JSON Lines and empty files. */
  headerLine: number;
  /** Data rows after the header in file order, blank rows left out, with the records that could not be parsed. */
  lines: TableLine[];
}

export interface ReadTableOptions {
  /** Text encoding of CSV and JSON Lines files. Default `auto` (see `decodeText`). */
  encoding?: EncodingChoice;
  /** CSV delimiter. Default `auto`. */
  delimiter?: CsvDelimiter | 'auto';
  /**
   * Which row is the header: the first of the first {@link headerSearchRows} non-blank rows for
   * which this returns true; the rows above it (report titles such as `大智街道人口信息表`) are
   * skipped. Default: the first non-blank row.
   */
  isHeader?: (cells: readonly string[]) => boolean;
  /** Non-blank rows searched for the header. Default 10. */
  headerSearchRows?: number;
}

/** Reads a file from disk as a table (format by extension; `null` extension → CSV). */
export async function readTableFile(entry: FileEntry, options: ReadTableOptions = {}): Promise<TableFile> {
  const bytes = await readFile(entry.path);
  return parseTable(entry.name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), tableFormatOf(entry.name) ?? 'csv', options);
}

/** Parses bytes as a table of the given format; `file` only names it. */
export function parseTable(file: string, bytes: Uint8Array, format: TableFormat, options: ReadTableOptions = {}): TableFile {
  if (format === 'jsonl') return jsonLinesTable(file, bytes, options);
  let encoding: TextEncodingName | null = null;
  let lossy = false;
  let encodingMismatch: EncodingMismatch | undefined;
  let items: TableLine[];
  if (format === 'xlsx') {
    items = readXlsxRows(bytes).rows.map((r) => ({ kind: 'row' as const, line: r.line, cells: r.cells }));
  } else {
    const decoded = decodeText(bytes, options.encoding);
    encoding = decoded.encoding;
    lossy = decoded.lossy;
    encodingMismatch = decoded.mismatch;
    items = [];
    for (const item of parseCsv(decoded.text, { delimiter: options.delimiter })) {
      if (item.kind === 'row') items.push({ kind: 'row', line: item.line, cells: item.cells.map(unwrapExcelText) });
      else items.push({ kind: 'failed', line: item.line, reason: 'BAD_CSV', message: `${file}:${item.line}: ${item.message}`, raw: item.raw });
    }
  }

  const nonBlank = items.filter((i) => i.kind === 'failed' || !isBlank(i.cells));
  const rowIndexes = nonBlank.flatMap((i, n) => (i.kind === 'row' ? [n] : []));
  const isHeader = options.isHeader ?? (() => true);
  const headerIndex = rowIndexes.slice(0, options.headerSearchRows ?? 10).find((n) => isHeader((nonBlank[n] as { cells: string[] }).cells)) ?? rowIndexes[0];
  if (headerIndex === undefined) return { file, format, encoding, lossy, encodingMismatch, header: [], headerLine: 0, lines: nonBlank };
  const headerItem = nonBlank[headerIndex] as { line: number; cells: string[] };
  const header = headerItem.cells;
  const lines: TableLine[] = nonBlank.slice(0, headerIndex).filter((i) => i.kind === 'failed');
  for (const item of nonBlank.slice(headerIndex + 1)) {
    if (item.kind === 'row' && format === 'csv' && item.cells.slice(header.length).some((c) => c.trim() !== '')) {
      // more filled cells than header columns: an unquoted delimiter shifted the row; guessing would put values under the wrong columns
      lines.push({ kind: 'failed', line: item.line, reason: 'BAD_CSV', message: `${file}:${item.line}: the row has more cells than the header has columns`, raw: item.cells });
    } else {
      lines.push(item);
    }
  }
  return { file, format, encoding, lossy, encodingMismatch, header, headerLine: headerItem.line, lines };
}

function jsonLinesTable(file: string, bytes: Uint8Array, options: ReadTableOptions): TableFile {
  const decoded = decodeText(bytes, options.encoding);
  const header: string[] = [];
  const seen = new Set<string>();
  const objects: { line: number; value: Record<string, unknown> }[] = [];
  const lines: TableLine[] = [];
  for (const item of parseJsonLines(decoded.text)) {
    if (item.kind === 'error') {
      lines.push({ kind: 'failed', line: item.line, reason: 'BAD_JSON', message: `${file}:${item.line}: ${item.message}`, raw: item.raw });
      continue;
    }
    for (const key of Object.keys(item.value)) {
      if (!seen.has(key)) {
        seen.add(key);
        header.push(key);
      }
    }
    objects.push(item);
    lines.push({ kind: 'row', line: item.line, cells: [] });
  }
  // cells aligned with the union header, now that it is complete
  let o = 0;
  for (const l of lines) {
    if (l.kind !== 'row') continue;
    const value = objects[o++]!.value;
    l.cells = header.map((key) => jsonCellText(value[key]));
  }
  return { file, format: 'jsonl', encoding: decoded.encoding, lossy: decoded.lossy, encodingMismatch: decoded.mismatch, header, headerLine: 0, lines };
}

/** True when every cell is empty or whitespace (`,,,,` rows that spreadsheets leave at the end). */
export function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** `="0123"`, Excel's way of keeping digits as text in a CSV, → `0123`. Other cells unchanged. */
export function unwrapExcelText(cell: string): string {
  // most cells are not wrapped: no `=` means nothing to do (the check runs for every cell)
  if (!cell.includes('=')) return cell;
  const m = /^\s*="(.*)"\s*$/su.exec(cell);
  return m ? m[1]!.replace(/""/g, '"') : cell;
}

/** A data row under canonical column names, with where it was. */
export interface TableRowMessage {
  type: 'row';
  /** Canonical column → cell text, for the columns the file has (see `rowValues`). */
  values: Record<string, string>;
  position: { file: string; line: number };
}

export type TableMessage = TableRowMessage | FailedRecordMessage;

/**
 * The table's rows under canonical names, and its unparseable records as `failed` messages, in
 * file order — or, when the file is not in its declared encoding or its header lacks a required
 * column, exactly one `failed` message for the whole file (`ENCODING_MISMATCH` or
 * `SCHEMA_DRIFT`, see {@link schemaDriftMessage}) and nothing else.
 */
export function* tableMessages(table: TableFile, resolver: HeaderResolver): Generator<TableMessage> {
  if (table.encodingMismatch) {
    yield schemaDriftMessage(table, []);
    return;
  }
  const match = resolver.resolve(table.header);
  if (match.missing.length > 0) {
    yield schemaDriftMessage(table, match.missing);
    return;
  }
  for (const l of table.lines) {
    const position = { file: table.file, line: l.line };
    if (l.kind === 'row') yield { type: 'row', values: rowValues(match, l.cells), position };
    else yield { type: 'failed', reason: l.reason, message: l.message, raw: l.raw, position };
  }
}

/** What {@link schemaDriftError} and {@link schemaDriftMessage} need of a table (its `encodingMismatch` when it has one). */
export type DriftedTable = Pick<TableFile, 'file' | 'header'> & Partial<Pick<TableFile, 'encodingMismatch'>>;

/**
 * Schema drift: the file lacks required columns, so none of its rows can be trusted (a renamed
 * column would otherwise turn into thousands of `MISSING_FIELD` dead letters, or worse, into
 * empty values). The error a reader would raise for it. A file that is not in its declared
 * encoding (`encodingMismatch`) lacks its columns only because its header was mis-decoded: the
 * error is then `ENCODING_MISMATCH`, naming the declared encoding, the likely one and the setting.
 */
export function schemaDriftError(table: DriftedTable, missing: readonly string[]): ConnectorError {
  if (table.encodingMismatch) {
    return new ConnectorError('source', 'ENCODING_MISMATCH', encodingMismatchText(table.file, table.encodingMismatch), {
      details: { file: table.file, declared: table.encodingMismatch.declared, likely: table.encodingMismatch.likely },
    });
  }
  return new ConnectorError('source', 'SCHEMA_DRIFT', `${table.file}: the header lacks required column(s) ${missing.join(', ')}; the file is not read`, {
    details: { file: table.file, missing: [...missing] },
  });
}

/**
 * How a stream reports schema drift without stopping (a thrown `ConnectorError` would fail the
 * whole stream, and the other files must go on): one `failed` message for the whole file, reason
 * `SCHEMA_DRIFT`, the header row as `raw`, positioned at the header line. The stream yields
 * nothing else from that file and records the file as done, so the same file is not reported
 * again; a corrected export has a new content hash and is read.
 */
export function schemaDriftMessage(table: DriftedTable & Pick<TableFile, 'headerLine'>, missing: readonly string[]): FailedRecordMessage {
  const err = schemaDriftError(table, missing);
  const mismatch = table.encodingMismatch;
  return {
    type: 'failed',
    reason: err.code,
    message: err.message,
    // a mis-decoded header is U+FFFD noise: the encodings say more
    raw: mismatch ? { file: table.file, declared: mismatch.declared, likely: mismatch.likely } : { file: table.file, header: [...table.header], missing: [...missing] },
    position: { file: table.file, line: table.headerLine },
  };
}
