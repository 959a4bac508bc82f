import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Id } from './common';

/**
 * A record waiting for a row it refers to (`src/ingest/park/`, migration
 * `20261206_050000_parked_records`): one per source record, its mapped record encrypted.
 */
export interface ParkedRecordTable {
  id: Id;
  source: string;
  stream: string;
  external_id: string;
  source_version: ColumnType<Date, Date | string, Date | string>;
  payload_hash: string;
  /** Canonical entity of the missing row (`grid`, `person`, …). */
  missing_entity: string;
  /** Its natural key: a code, or a keyed hash for people. */
  missing_key: string;
  /** What the dead letter says when the wait ends (no personal information). */
  message: string;
  /** The mapped record (payload, changes, position, personal fields) encrypted with the PII key. */
  record_enc: string;
  parked_at: CreatedAt;
  updated_at: CreatedAt;
  attempts: Generated<number>;
}
