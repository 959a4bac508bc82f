import type { PersonalFields } from '../../src/sdk';
import type { StreetTable } from './street-office.tables';

/** The grid worker's columns of a grid export (both the `grids` and the `grid-workers` stream read them). */
export const GRID_WORKER_FIELDS: PersonalFields = {
  name: ['row.网格员'],
  idNumber: ['row.网格员公民身份号码'],
  mobile: ['row.网格员电话'],
};

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
