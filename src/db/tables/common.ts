import type { ColumnType, Generated } from 'kysely';
import type { FieldProvenance } from '../field-provenance';

/** Server-generated uuid primary key. */
export type Id = Generated<string>;
/** A `timestamptz` column: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `timestamptz` column with a server default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `date` column, read and written as `'YYYY-MM-DD'`. */
export type DateOnly = string;
/** `text[]` column with a default of `'{}'`. */
export type TextArray = ColumnType<string[], string[] | undefined, string[]>;

/** Columns every canonical table has. */
export interface CanonicalColumns {
  id: Id;
  /** The matching key computed by the write path; upserts are keyed on it. */
  natural_key: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  /** Which source record supplied each column's current value (`db/field-provenance.ts`); written by the write path only. */
  provenance: ColumnType<FieldProvenance, FieldProvenance | undefined, FieldProvenance>;
}
