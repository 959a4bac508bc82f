import type { JsonValue } from '../../connector';

/**
 * The cursor of a file-snapshot stream:
 * - `files`: the keys of the files applied — the content hash (SHA-256), with the export time
 *   when the file name carries one (see `PendingFile.key`) — so a file seen before, under any
 *   name, is skipped;
 * - `skipped`: files set aside *under a reading setup* (`<key>#<fingerprint>`, the fingerprint
 *   naming the header aliases and encoding in force): a file of another table, of no known
 *   table, with schema drift, or unreadable. It is not looked at again while the setup stays the
 *   same — and is looked at again once it changes (an alias added for a drifted header);
 * - `latest`: the export time of the newest snapshot applied, so an older export dropped into the
 *   folder later cannot roll the data back.
 *
 * As JSON `{ "files": [...], "skipped": [...], "latest": "2024-03-01T00:00:00+08:00" }`, keys
 * sorted, so equal states are equal JSON. The sets only grow, so checkpoints only move forward.
 */
export class AppliedFiles {
  private readonly applied: Set<string>;
  private readonly setAside: Set<string>;
  /** Export time (ISO-8601) of the newest snapshot applied, or `null`. */
  latest: string | null;

  private constructor(applied: Iterable<string>, setAside: Iterable<string>, latest: string | null) {
    this.applied = new Set(applied);
    this.setAside = new Set(setAside);
    this.latest = latest;
  }

  /**
   * Reads a stored cursor (`null` on the first run). Also accepts a plain array of hashes, the
   * template connector's form. Anything else is treated as no cursor.
   */
  static fromCursor(cursor: JsonValue | null): AppliedFiles {
    const strings = (v: JsonValue | undefined) => (Array.isArray(v) ? v.filter((h): h is string => typeof h === 'string') : []);
    if (Array.isArray(cursor)) return new AppliedFiles(strings(cursor), [], null);
    if (cursor && typeof cursor === 'object') {
      return new AppliedFiles(strings(cursor.files), strings(cursor.skipped), typeof cursor.latest === 'string' ? cursor.latest : null);
    }
    return new AppliedFiles([], [], null);
  }

  /** Whether the file with this key was applied. */
  has(key: string): boolean {
    return this.applied.has(key);
  }

  /** Records a file as applied (read, or superseded by a newer export). */
  add(key: string): void {
    this.applied.add(key);
  }

  /** Records a file as set aside under the reading setup `fingerprint`. */
  skip(key: string, fingerprint: string): void {
    this.setAside.add(`${key}#${fingerprint}`);
  }

  /** Whether the file was set aside under this reading setup. */
  wasSkipped(key: string, fingerprint: string): boolean {
    return this.setAside.has(`${key}#${fingerprint}`);
  }

  /** Moves `latest` forward to `exportTime` (never back). */
  advance(exportTime: string): void {
    if (this.latest === null || Date.parse(exportTime) > Date.parse(this.latest)) this.latest = exportTime;
  }

  /** Whether an export of this time is older than the newest snapshot applied. */
  isOlderThanLatest(exportTime: string): boolean {
    return this.latest !== null && Date.parse(exportTime) < Date.parse(this.latest);
  }

  /** Files applied. */
  get size(): number {
    return this.applied.size;
  }

  /** The cursor to checkpoint, with any extra fields the stream keeps beside it. */
  toCursor(extra: Record<string, JsonValue> = {}): JsonValue {
    return { ...extra, files: [...this.applied].sort(), skipped: [...this.setAside].sort(), latest: this.latest };
  }
}
