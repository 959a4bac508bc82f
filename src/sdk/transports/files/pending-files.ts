import { createHash } from 'node:crypto';
import type { AppliedFiles } from './applied-files';
import { hashFile } from './content-hash';
import { exportTimeOf, type ExportTime } from './export-time';
import { listFiles, type FileEntry, type ListFilesOptions } from './list-files';

/** A file not applied yet, with its content hash and export time. */
export interface PendingFile extends FileEntry {
  /** SHA-256 of the content, lower-case hex. */
  hash: string;
  exportTime: ExportTime;
  /**
   * What makes it the same export as another file, as kept in the cursor: the content hash, plus
   * the export time when the name carries one (`<sha256>@<instant>`). So a copy under another
   * name is the same export, while a later export that happens to be byte-for-byte the same as
   * an earlier one (the same people again after a month in which someone was missing) is a new
   * snapshot and is read. A modification time is no identity (copying changes it).
   */
  key: string;
}

export interface PendingFilesOptions extends ListFilesOptions {
  /** The reading setup in force (see {@link readingFingerprint}): files set aside under it are left out. Default: none left out. */
  fingerprint?: string;
}

/**
 * A short fingerprint of what decides how a file reads — header aliases, encoding, whatever the
 * stream passes — so files set aside under one setup are looked at again under another.
 */
export function readingFingerprint(setup: unknown): string {
  return createHash('sha256').update(stableJson(setup)).digest('hex').slice(0, 12);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The cursor key of a file: its content hash, plus the export time its name carries. */
export function exportKey(hash: string, exportTime: ExportTime): string {
  return exportTime.from === 'name' ? `${hash}@${exportTime.instant}` : hash;
}

/**
 * The files of a folder that a stream still has to read: listed (sorted by name), hashed, and
 * without those applied before ({@link AppliedFiles}, by {@link PendingFile.key}) or appearing
 * earlier in the folder under another name (a copy, `人口_20240301 (1).csv`). Sorted by export
 * time, then name.
 */
export async function pendingFiles(folder: string, applied: AppliedFiles, options: PendingFilesOptions = {}): Promise<PendingFile[]> {
  const out: PendingFile[] = [];
  const seen = new Set<string>();
  for (const entry of await listFiles(folder, options)) {
    const hash = await hashFile(entry.path);
    const exportTime = exportTimeOf(entry);
    const key = exportKey(hash, exportTime);
    if (applied.has(key) || seen.has(key)) continue;
    if (options.fingerprint !== undefined && applied.wasSkipped(key, options.fingerprint)) continue;
    seen.add(key);
    out.push({ ...entry, hash, exportTime, key });
  }
  return out.sort((a, b) => Date.parse(a.exportTime.instant) - Date.parse(b.exportTime.instant) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
