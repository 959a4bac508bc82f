/**
 * Which table each export file was found to hold, remembered across the streams of a street.
 *
 * Every stream of the connector lists the whole folder and must tell which files are its own: the
 * file's table is only known from its header, so each stream used to parse every file of the
 * folder — the residents export, the largest, five times per sync (once per stream), four of them
 * only to set it aside. Once one stream has read a file, the others look its table up here and set
 * aside a file of another table without parsing it. A file of the stream's own table, an unreadable
 * file and one of no known table are still read as before (their stream needs the rows, or reports
 * the failure itself).
 *
 * What a file is depends only on its bytes (the content hash in `PendingFile.key`), its name (the
 * tie-breaker between tables, and a street's name in it) and the reading setup (`exportsFingerprint`:
 * header aliases, encoding, street, file pattern), so the key holds all three and an entry is never
 * stale. Entries are small (a table name); the memo forgets everything after
 * {@link MAX_REMEMBERED} files, as `memoizeText` does.
 */
import type { PendingFile } from '../../src/sdk/transports/files';
import type { StreetTable } from './street-office.tables';

/** Files remembered before the memo starts over. */
export const MAX_REMEMBERED = 2_000;

const recognised = new Map<string, StreetTable>();

function keyOf(file: Pick<PendingFile, 'key' | 'name'>, fingerprint: string): string {
  return `${file.key}\u0000${file.name}\u0000${fingerprint}`;
}

/** The table a stream found `file` to hold under the reading setup `fingerprint`; `undefined` when no stream has read it yet. */
export function recognisedTable(file: Pick<PendingFile, 'key' | 'name'>, fingerprint: string): StreetTable | undefined {
  return recognised.get(keyOf(file, fingerprint));
}

/** Remembers that `file` holds `table` under `fingerprint` (a readable file whose header or name told its table). */
export function rememberTable(file: Pick<PendingFile, 'key' | 'name'>, fingerprint: string, table: StreetTable): void {
  if (recognised.size >= MAX_REMEMBERED) recognised.clear();
  recognised.set(keyOf(file, fingerprint), table);
}
