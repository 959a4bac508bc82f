import type { StreetTable } from './street-office.tables';

/**
 * One row of a street-office export, as a stream yields it (and as a dead letter keeps it):
 * only the table's known columns, under canonical headers, with the cell text as in the file.
 * Extra columns of the export never leave the file.
 */
export interface StreetOfficeRecord {
  /** The table the row comes from. */
  table: StreetTable;
  /** The configured street's 12-digit code: external ids start with it, so a street's snapshot has a scope. */
  street: string;
  /** The export time of its file (ISO-8601, `+08:00`): the record's version. */
  exportedAt: string;
  /** Canonical header → cell text. */
  row: Record<string, string>;
}
