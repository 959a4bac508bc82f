/**
 * One organisation of a registry file, as the stream yields it (and as a dead letter keeps it):
 * only the known columns under canonical headers, cell text as in the file.
 */
export interface SocialOrgRecord {
  /** The export time of its file (ISO-8601, `+08:00`): the record's version. */
  exportedAt: string;
  /** Canonical header → cell text. */
  row: Record<string, string>;
  /**
   * Names the same organisation (same USCC or 备案编号) had in records this source read before —
   * earlier files of the run and earlier runs (kept in the cursor) — oldest first. Absent when none.
   */
  knownNames?: string[];
}
