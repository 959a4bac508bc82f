import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded store's folder (`dataDir`) holds residents' names in clear (in the WAL and the
 * tables), the PII key and the demo inputs: only the hub's own user may read it. Folders are
 * made 0700 and files 0600. PGlite's file layer creates the files of a new store 0666 whatever the
 * umask, so the folder is made private *before* PGlite writes (nobody else can reach the loose
 * files in between) and the files are tightened after it opened.
 */
export const DATA_DIR_MODE = 0o700;
/** Mode of every file in the embedded store's folder. */
export const DATA_FILE_MODE = 0o600;

/** False on Windows, where POSIX modes mean nothing (the folder's ACL protects it). */
const POSIX = process.platform !== 'win32';

/** Creates `dataDir` (and missing parents) 0700; an existing folder is left to {@link tightenDataDir}. */
export function createPrivateDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
}

/**
 * Makes `dataDir` and everything in it private: folders 0700, files 0600 (symlinks are neither
 * followed nor changed). Returns how many entries were looser (group or other bits set) and were
 * tightened — `0` when the folder was already private.
 */
export function tightenDataDir(dataDir: string): number {
  if (!POSIX || !existsSync(dataDir)) return 0;
  let tightened = 0;
  const visit = (path: string) => {
    let s: Stats;
    try {
      s = lstatSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // removed meanwhile (a WAL segment recycled)
      throw err;
    }
    if (s.isSymbolicLink()) return;
    const mode = s.mode & 0o777;
    const wanted = s.isDirectory() ? DATA_DIR_MODE : DATA_FILE_MODE;
    // only ever removes bits: a 0400 file stays 0400
    if ((mode & ~wanted) !== 0) {
      chmodSync(path, mode & wanted);
      tightened++;
    }
    if (s.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const name of names) visit(join(path, name));
    }
  };
  visit(dataDir);
  return tightened;
}

/**
 * True when `dataDir` already holds an embedded store (PGlite wrote `PG_VERSION` into it): the
 * cheap test, made before anything is opened, that a lost PII key must not be replaced by a new one.
 */
export function holdsEmbeddedStore(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}
