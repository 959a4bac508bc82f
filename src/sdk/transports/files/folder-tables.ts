import type { ReadMessage } from '../../connector';
import type { AppliedFiles } from './applied-files';
import type { EncodingChoice } from './decode-text';
import type { HeaderResolver } from './header-aliases';
import { type PendingFile, pendingFiles } from './pending-files';
import { readTableFile, type TableFile, type TableRowMessage, tableMessages } from './table-file';

/** What {@link readFolderTables} reads, and how. */
export interface FolderTablesOptions {
  /** The folder, resolved (`resolveSourcePath(ctx, 'path', config.path)`). */
  folder: string;
  /** The files applied and set aside so far (`AppliedFiles.fromCursor(cursor)`); updated as files are read. */
  applied: AppliedFiles;
  /** The table's columns under the config's aliases. */
  resolver: HeaderResolver;
  /** File extensions read (without the dot). */
  extensions: readonly string[];
  /** The reading setup files set aside are tied to (`readingFingerprint({ headerAliases, encoding })`). */
  fingerprint: string;
  /** Text encoding of CSV files (the config's `encoding`). Default `auto`. */
  encoding?: EncodingChoice;
  /** Follow symbolic links that lead out of the folder (`ctx.allowPathsOutside`). Default false. */
  followLinksOutside?: boolean;
  /** What a file holds, for the `UNREADABLE_FILE` message (`<file>: not a readable <what>`). Default `table`. */
  what?: string;
  /** Stops between files and rows (`ctx.signal`). */
  signal: AbortSignal;
  /** Warned of a file that cannot be read (`ctx.logger`). */
  logger?: { warn(obj: object, msg: string): void };
  /** Called once a file's rows were all read (not drifted, not unreadable), before its checkpoint. */
  onFileRead?(file: PendingFile, table: TableFile): void;
}

/**
 * The read loop of a stream whose source drops one table per file into a folder, each file an
 * update to apply (not a snapshot that supersedes the older ones): every file not applied yet,
 * oldest export first —
 *
 * - a file that cannot be read as a table is one `UNREADABLE_FILE` failure, set aside;
 * - a file not in its declared encoding, or missing a required column, is the one failure
 *   `tableMessages` gives (`ENCODING_MISMATCH`, `SCHEMA_DRIFT`) and is set aside; files set aside
 *   are read again once the aliases or the encoding change (the fingerprint);
 * - otherwise each row becomes what `toMessages` makes of it (a record, usually), unparseable rows
 *   pass through as failures, and the file is recorded as applied;
 *
 * and a checkpoint carrying the applied files follows every file. `toMessages` sees rows in file
 * order, files in export order, so it may keep state across rows (names seen earlier, say).
 */
export async function* readFolderTables(options: FolderTablesOptions, toMessages: (row: TableRowMessage, file: PendingFile) => ReadMessage | Iterable<ReadMessage>): AsyncIterable<ReadMessage> {
  const { applied, resolver, fingerprint, signal } = options;
  const checkpoint = (): ReadMessage => ({ type: 'checkpoint', cursor: applied.toCursor() });
  const files = await pendingFiles(options.folder, applied, { extensions: options.extensions, fingerprint, followLinksOutside: options.followLinksOutside ?? false });
  for (const file of files) {
    if (signal.aborted) return;
    let table: TableFile;
    try {
      table = await readTableFile(file, { ...(options.encoding ? { encoding: options.encoding } : {}), isHeader: (cells) => resolver.score(cells) >= 2 });
    } catch (err) {
      options.logger?.warn({ file: file.name, error: (err as Error).message }, 'unreadable file');
      yield { type: 'failed', reason: 'UNREADABLE_FILE', message: `${file.name}: not a readable ${options.what ?? 'table'}`, raw: { file: file.name }, position: { file: file.name, line: 0 } };
      applied.skip(file.key, fingerprint);
      yield checkpoint();
      continue;
    }
    let setAside = false;
    for (const message of tableMessages(table, resolver)) {
      if (signal.aborted) return;
      if (message.type !== 'row') {
        setAside ||= message.reason === 'SCHEMA_DRIFT' || message.reason === 'ENCODING_MISMATCH';
        yield message;
        continue;
      }
      const out = toMessages(message, file);
      if (isReadMessage(out)) yield out;
      else yield* out;
    }
    if (setAside) {
      applied.skip(file.key, fingerprint);
    } else {
      applied.add(file.key);
      options.onFileRead?.(file, table);
    }
    yield checkpoint();
  }
}

function isReadMessage(x: ReadMessage | Iterable<ReadMessage>): x is ReadMessage {
  return typeof (x as { type?: unknown }).type === 'string';
}
