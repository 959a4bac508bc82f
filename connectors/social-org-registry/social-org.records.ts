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
   * Other names the same organisation (same USCC or 备案编号) had earlier in this run — in older
   * files, earlier rows, their 曾用名 cells — oldest first. Absent when none.
   */
  knownNames?: string[];
}
