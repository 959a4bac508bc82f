import type { CanonicalChange } from '../sdk/canonical-change';
import type { PersonalFields } from '../sdk/personal-fields';
import type { DeadLetterStage } from '../db/tables/ingestion.table';

/** Identity of a raw record in its source. */
export interface RecordOrigin {
  /** Source id as configured (`street-office-dazhi`, `demo`). */
  source: string;
  /** Stream within the source (`residents`, `cases`). */
  stream: string;
  /** The record's key in its stream (户号+身份证号 hash, ticket number, event id, …). */
  externalId: string;
  /** Where the record was: `{ file, line }`, `{ page }`, `{ topic, partition, offset }`. */
  position?: Record<string, unknown>;
  /**
   * The personal fields its stream declares: how its payload is masked in a dead letter.
   * Unset for records of no connector stream (masked by key-name heuristics).
   */
  personalFields?: PersonalFields;
}

/** A raw record mapped to canonical changes, ready for the write path. */
export interface MappedRecord extends RecordOrigin {
  kind: 'mapped';
  /**
   * The source's version of the record as an ISO-8601 instant (update time, event time, export
   * time). An older version never overwrites a newer one of the same (source, stream, externalId).
   */
  version: string;
  /** The raw payload as received: hashed for idempotency, masked into dead letters. */
  payload: unknown;
  /** What the record says about the canonical model. May be empty (nothing to write). */
  changes: CanonicalChange[];
}

/** A raw record that failed before the write path (unparseable, bad mapping). */
export interface FailedRecord extends RecordOrigin {
  kind: 'failed';
  stage: DeadLetterStage;
  /** Reason code: `BAD_JSON`, `MISSING_FIELD`, `MOJIBAKE`, … */
  reason: string;
  /** For people; never contains personal information. */
  message: string;
  payload: unknown;
}

export type IngestRecord = MappedRecord | FailedRecord;
