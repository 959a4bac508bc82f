import type { ColumnType } from 'kysely';
import type { CreatedAt, Id } from './common';

/** JSON column written as a value, read as parsed JSON. */
type Json<T> = ColumnType<T, T | string, T | string>;

/** An ambiguous or weak identity match waiting for an operator (the review queue). */
export interface MatchReviewTable {
  id: Id;
  entity: string;
  /** The row the incoming record became. */
  entity_id: string;
  /** The existing rows it might be. */
  candidate_ids: string[];
  source: string;
  stream: string;
  external_id: string;
  reason: 'AMBIGUOUS' | 'WEAK_MATCH';
  /** Which identity fields agreed (`{"name":true,"mobile":false}`), never values. */
  evidence: Json<Record<string, boolean>>;
  status: ColumnType<'OPEN' | 'MERGED' | 'DISMISSED', 'OPEN' | 'MERGED' | 'DISMISSED' | undefined, 'OPEN' | 'MERGED' | 'DISMISSED'>;
  merge_id: string | null;
  created_at: CreatedAt;
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Who merged or dismissed it. */
  resolved_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One merge of a row into another, with what is needed to undo it exactly. */
export interface EntityMergeTable {
  id: Id;
  entity: string;
  target_id: string;
  source_id: string;
  /** The merged-away row as it was. */
  source_row: Json<Record<string, unknown>>;
  /** `"<table>.<column>"` → ids of the rows moved from source to target. */
  moved: Json<Record<string, string[]>>;
  /** `"<table>"` → rows removed because the target already had the same one. */
  dropped: Json<Record<string, Record<string, unknown>[]>>;
  status: ColumnType<'MERGED' | 'UNDONE', 'MERGED' | 'UNDONE' | undefined, 'MERGED' | 'UNDONE'>;
  created_at: CreatedAt;
  undone_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Who merged. */
  actor: ColumnType<string | null, string | null | undefined, string | null>;
  /** Who undid the merge. */
  undone_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A merged-away row's natural key, pointing at the row it was merged into. */
export interface EntityKeyAliasTable {
  entity: string;
  alias_key: string;
  entity_id: string;
  merge_id: string;
  created_at: CreatedAt;
}

/** Two cases that are one matter reported through two channels: linked, not merged. */
export interface CaseLinkTable {
  id: Id;
  /** The lower of the two case ids. */
  case_id: string;
  linked_case_id: string;
  method: string;
  confidence: number;
  created_at: CreatedAt;
}
