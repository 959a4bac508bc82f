import type { CreatedAt } from './common';

/** A paused source (migration `20261207_030000_source_control`): no row means it runs. */
export interface SourcePauseTable {
  /** The source's configured id (huiju.config `sources[].id`). */
  source_id: string;
  paused_at: CreatedAt;
  /** Who paused it: a token subject, `api-key:<id>`, `development` or `cli`. */
  paused_by: string;
  /** The reason given, if any. */
  reason: string | null;
}
