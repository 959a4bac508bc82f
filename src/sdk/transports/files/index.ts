/**
 * The files transport: what a connector needs to read tables exported into a folder (see
 * README.md beside this file). Pure Node (fs, crypto, TextDecoder) plus SheetJS for workbooks.
 */
export { AppliedFiles } from './applied-files';
export { hashFile, sha256Hex } from './content-hash';
export { parseCsv, detectDelimiter, type CsvDelimiter, type CsvItem, type CsvOptions, type CsvRow, type CsvError } from './csv-parser';
export { decodeText, detectEncoding, encodingMismatch, encodingMismatchText, type DecodedText, type EncodingChoice, type EncodingMismatch, type TextEncodingName } from './decode-text';
export { chinaTime, exportTimeFromName, exportTimeOf, type ExportTime } from './export-time';
export { HeaderResolver, normalizeHeader, rowValues, type ColumnSpec, type HeaderAliases, type HeaderMatch, type TableSchema } from './header-aliases';
export { jsonCellText, parseJsonLines, type JsonLineError, type JsonLineItem, type JsonLineObject } from './jsonl-reader';
export { extensionOf, globToRegExp, listFiles, type FileEntry, type ListFilesOptions } from './list-files';
export { readFolderTables, type FolderTablesOptions } from './folder-tables';
export { exportKey, pendingFiles, readingFingerprint, type PendingFile, type PendingFilesOptions } from './pending-files';
export {
  TABLE_EXTENSIONS,
  isBlank,
  parseTable,
  readTableFile,
  schemaDriftError,
  schemaDriftMessage,
  tableFormatOf,
  tableMessages,
  unwrapExcelText,
  type DriftedTable,
  type ReadTableOptions,
  type TableFile,
  type TableFormat,
  type TableLine,
  type TableMessage,
  type TableRowMessage,
} from './table-file';
export { cellText, numberText, readXlsxRows, type ReadXlsxOptions, type SheetRow, type SheetTable } from './xlsx-reader';
export { assertReadableText, booleanCell, cell, enumCell, normalizeCode, numberCell, requiredCell, type RowCells } from './row-fields';
