import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Id } from './common';

type Count = ColumnType<number, number | undefined, number>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** One run of a connector (or of the demo loader) over a source. */
export interface SyncRunTable {
  id: Id;
  source_id: string;
  stream: string | null;
  mode: Generated<string>;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  started_at: CreatedAt;
  finished_at: NullableTimestamp;
  records_read: Count;
  records_applied: Count;
  records_skipped: Count;
  dead_letters: Count;
  /** Records read that were parked, waiting for a row they refer to (migration `20261206_090000_sync_run_parked`). */
  records_parked: Count;
  /** Records parked earlier (any run, any source) that this run's batches applied. */
  records_unparked: Count;
  /**
   * Records the connector left out on purpose (another street's rows, …), by reason code: `{}`
   * when none (migration `20261207_020000_sync_run_skipped`). Not read, so in no other counter.
   */
  skipped_reasons: ColumnType<Record<string, number>, string | undefined, string>;
  error_code: string | null;
  error_message: string | null;
}

/** The hub-stored cursor of a source stream (connectors never store their own). */
export interface ConnectorCursorTable {
  source_id: string;
  stream: string;
  cursor: ColumnType<unknown, string, string>;
  updated_at: CreatedAt;
}

/** Kafka offsets committed in the same transaction as the writes they produced. */
export interface ConsumedOffsetTable {
  consumer_group: string;
  topic: string;
  partition: number;
  next_offset: number;
  /** The partition's end offset seen with the last batch (lag = high_watermark − next_offset). */
  high_watermark: number | null;
  updated_at: CreatedAt;
}

/** How far the workers got through a full snapshot published to a raw topic (one marker per partition). */
export interface SnapshotProgressTable {
  consumer_group: string;
  snapshot_id: string;
  source: string;
  stream: string;
  scope: string;
  since: ColumnType<Date, Date | string, Date | string>;
  as_of: string;
  partitions: number;
  /** Partitions whose marker was applied. */
  reached: ColumnType<number[], number[] | undefined, number[]>;
  residencies_ended: number | null;
  completed_at: NullableTimestamp;
  created_at: CreatedAt;
}

export type DeadLetterStage = 'PARSE' | 'VALIDATE' | 'MAP' | 'RESOLVE' | 'UPSERT';

/** A record the hub could not use, with its reason and its (masked) raw payload. */
export interface DeadLetterTable {
  id: Id;
  source: string;
  stream: string;
  position: ColumnType<Record<string, unknown>, string | undefined, string>;
  stage: DeadLetterStage;
  reason_code: string;
  message: string;
  payload: ColumnType<unknown, string | null, string | null>;
  payload_hash: string;
  /** The raw payload encrypted with the PII key, for replay. */
  payload_enc: string | null;
  external_id: string | null;
  source_version: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  replay_count: Generated<number>;
  status: ColumnType<'OPEN' | 'REPLAYED' | 'DISCARDED', 'OPEN' | 'REPLAYED' | 'DISCARDED' | undefined>;
  created_at: CreatedAt;
  replayed_at: NullableTimestamp;
}

/** Change events written with the canonical writes, relayed to Kafka afterwards. */
export interface OutboxTable {
  seq: Generated<number>;
  event_id: Generated<string>;
  type: string;
  entity: string;
  entity_id: string;
  payload: ColumnType<unknown, string, string>;
  created_at: CreatedAt;
  published_at: NullableTimestamp;
}

export interface HubSettingTable {
  name: string;
  value: string;
  updated_at: CreatedAt;
}
