import type { CreatedAt, Id, Timestamp } from './common';

/** Where a canonical row came from: one row per (source record, canonical row) pair. */
export interface SourceRecordTable {
  id: Id;
  source: string;
  stream: string;
  external_id: string;
  entity: string;
  entity_id: string;
  /** The source's version of the record; an older one never overwrites a newer one. */
  source_version: Timestamp;
  payload_hash: string;
  first_seen: CreatedAt;
  last_seen: CreatedAt;
}

/** An explicit cross-source match: how a source record was tied to an existing row. */
export interface MatchTable {
  id: Id;
  entity: string;
  entity_id: string;
  source_record_id: string;
  method: string;
  confidence: number;
  created_at: CreatedAt;
}
