/**
 * What became of a set of records, counted the same way wherever ingestion reports: a batch's
 * result (`BatchResult`), a Kafka worker's chunk event (`IngestBatchEvent`), a sync stream's
 * report and its `sync_run` row, and the metrics (`recordBatch`). One shape, one {@link addCounts}.
 */
export interface IngestCounts {
  /** Records that inserted or changed a canonical row. */
  applied: number;
  /** Records that changed nothing (the same version again, or new values equal to the old). */
  unchanged: number;
  /** Older versions skipped by the version guard (reason STALE_VERSION). */
  stale: number;
  /** Dead letters stored. */
  deadLetters: number;
  /** Records parked: they wait for a row they refer to (src/ingest/park/). */
  parked: number;
  /** Records parked earlier that were applied, the row they waited for having landed. */
  unparked: number;
}

/** Every count at zero. */
export function emptyCounts(): IngestCounts {
  return { applied: 0, unchanged: 0, stale: 0, deadLetters: 0, parked: 0, unparked: 0 };
}

/** Adds `more`'s counts into `into` (other members of either are left alone); returns `into`. */
export function addCounts<T extends IngestCounts>(into: T, more: Readonly<IngestCounts>): T {
  into.applied += more.applied;
  into.unchanged += more.unchanged;
  into.stale += more.stale;
  into.deadLetters += more.deadLetters;
  into.parked += more.parked;
  into.unparked += more.unparked;
  return into;
}

/**
 * Records a source held that its stream left out on purpose (`skipped` read messages, see
 * `SkippedRecordsMessage`), by reason code: not read, so in none of the {@link IngestCounts}.
 */
export type SkippedCounts = Record<string, number>;

/** Adds `count` records of `reason` into `into`; returns `into`. */
export function addSkipped(into: SkippedCounts, reason: string, count = 1): SkippedCounts {
  if (count > 0) into[reason] = (into[reason] ?? 0) + count;
  return into;
}
