import type { JsonValue } from '../../connector';

/**
 * The cursor of a file-snapshot stream: the keys of the files already applied — the content hash
 * (SHA-256), with the export time when the file name carries one (see `PendingFile.key`) — so a
 * file seen before, under any name, is skipped; and the export time of the newest snapshot
 * applied, so an older export dropped into the folder later cannot roll the data back. As JSON:
 * `{ "files": ["<sha256>@2024-03-01T00:00:00+08:00", …], "latest": "2024-03-01T00:00:00+08:00" }`,
 * keys sorted, so equal states are equal JSON. The set only grows, so checkpoints only move
 * forward.
 */
export class AppliedFiles {
  private readonly hashes: Set<string>;
  /** Export time (ISO-8601) of the newest snapshot applied, or `null`. */
  latest: string | null;

  private constructor(hashes: Iterable<string>, latest: string | null) {
    this.hashes = new Set(hashes);
    this.latest = latest;
  }

  /**
   * Reads a stored cursor (`null` on the first run). Also accepts a plain array of hashes, the
   * template connector's form. Anything else is treated as no cursor.
   */
  static fromCursor(cursor: JsonValue | null): AppliedFiles {
    if (Array.isArray(cursor)) return new AppliedFiles(cursor.filter((h): h is string => typeof h === 'string'), null);
    if (cursor && typeof cursor === 'object') {
      const files = Array.isArray(cursor.files) ? cursor.files.filter((h): h is string => typeof h === 'string') : [];
      return new AppliedFiles(files, typeof cursor.latest === 'string' ? cursor.latest : null);
    }
    return new AppliedFiles([], null);
  }

  has(key: string): boolean {
    return this.hashes.has(key);
  }

  add(key: string): void {
    this.hashes.add(key);
  }

  /** Moves `latest` forward to `exportTime` (never back). */
  advance(exportTime: string): void {
    if (this.latest === null || Date.parse(exportTime) > Date.parse(this.latest)) this.latest = exportTime;
  }

  /** Whether an export of this time is older than the newest snapshot applied. */
  isOlderThanLatest(exportTime: string): boolean {
    return this.latest !== null && Date.parse(exportTime) < Date.parse(this.latest);
  }

  get size(): number {
    return this.hashes.size;
  }

  /** The cursor to checkpoint, with any extra fields the stream keeps beside it. */
  toCursor(extra: Record<string, JsonValue> = {}): JsonValue {
    return { ...extra, files: [...this.hashes].sort(), latest: this.latest };
  }
}
