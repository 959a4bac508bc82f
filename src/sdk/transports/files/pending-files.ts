import type { AppliedFiles } from './applied-files';
import { hashFile } from './content-hash';
import { exportTimeOf, type ExportTime } from './export-time';
import { listFiles, type FileEntry, type ListFilesOptions } from './list-files';

/** A file not applied yet, with its content hash and export time. */
export interface PendingFile extends FileEntry {
  /** SHA-256 of the content, lower-case hex. */
  hash: string;
  exportTime: ExportTime;
}

/**
 * The files of a folder that a stream still has to read: listed (sorted by name), hashed, and
 * without those whose content was applied before ({@link AppliedFiles}) or appears earlier in the
 * folder under another name (a copy, `人口 (1).csv`). Sorted by export time, then name.
 */
export async function pendingFiles(folder: string, applied: AppliedFiles, options: ListFilesOptions = {}): Promise<PendingFile[]> {
  const out: PendingFile[] = [];
  const seen = new Set<string>();
  for (const entry of await listFiles(folder, options)) {
    const hash = await hashFile(entry.path);
    if (applied.has(hash) || seen.has(hash)) continue;
    seen.add(hash);
    out.push({ ...entry, hash, exportTime: exportTimeOf(entry) });
  }
  return out.sort((a, b) => Date.parse(a.exportTime.instant) - Date.parse(b.exportTime.instant) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
