import { readdir, realpath, stat } from 'node:fs/promises';
import { ConnectorError } from '../../connector-error';
import { join, sep } from 'node:path';

/** A file found in a source folder. */
export interface FileEntry {
  /** Absolute path, for reading. */
  path: string;
  /**
   * Path relative to the listed folder with `/` separators (`人口_20240301.csv`,
   * `2024/人口.csv`): what positions, dead letters and logs name. Never an absolute path.
   */
  name: string;
  /** Size in bytes. */
  size: number;
  /** Last modification time (a fallback export time when the name carries none). */
  mtime: Date;
}

export interface ListFilesOptions {
  /** Extensions to keep, without the dot, case-insensitive (`['csv', 'xlsx']`). Default: every extension. */
  extensions?: readonly string[];
  /**
   * A glob over {@link FileEntry.name}: `*` and `?` match within one folder level, `**` across
   * levels (`*.csv`, `人口*.xlsx`, `**\/*.jsonl`). Default: every file.
   */
  glob?: string;
  /** Descend into sub-folders. Default: `false`, unless `glob` contains `/`. */
  recursive?: boolean;
  /**
   * Read a symbolic link that leads outside the listed folder. Default: `false` — such an entry is
   * skipped, so a link dropped into an export folder cannot make a source read `/etc/passwd`
   * (the source's `allowPathsOutside` sets it).
   */
  followLinksOutside?: boolean;
}

/**
 * Lists the files of a folder, sorted by name in code-point order (the same order on every
 * machine, whatever the locale). Skips hidden files (`.name`) and the lock files Office leaves
 * beside an open workbook (`~$name.xlsx`), and symbolic links that lead outside the folder
 * (unless `followLinksOutside`). A folder that does not exist (or is a file) is a `config`
 * `ConnectorError` `PATH_NOT_FOUND` naming it, not a bare `ENOENT` (a connector names the setting
 * with `requireSourcePath` first); other file system errors are thrown as they are.
 */
export async function listFiles(folder: string, options: ListFilesOptions = {}): Promise<FileEntry[]> {
  const extensions = options.extensions ? new Set(options.extensions.map((e) => e.toLowerCase().replace(/^\./, ''))) : null;
  const pattern = options.glob ? globToRegExp(options.glob) : null;
  const recursive = options.recursive ?? (options.glob?.includes('/') ?? false);
  const out: FileEntry[] = [];
  await assertFolder(folder);
  const root = options.followLinksOutside ? null : await realpath(folder);
  const inside = async (path: string): Promise<boolean> => {
    if (root === null) return true;
    const real = await realpath(path).catch(() => null);
    return real !== null && (real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
  };

  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue;
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (recursive) await walk(path, name);
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      if (extensions && !extensions.has(extensionOf(entry.name))) continue;
      if (pattern && !pattern.test(name)) continue;
      if (entry.isSymbolicLink() && !(await inside(path))) continue;
      const s = await stat(path);
      if (!s.isFile()) continue;
      out.push({ path, name, size: s.size, mtime: s.mtime });
    }
  };
  await walk(folder, '');
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Fails with `PATH_NOT_FOUND` (a `config` failure: the setting is wrong or the folder not there yet) unless `folder` is a folder. */
async function assertFolder(folder: string): Promise<void> {
  const s = await stat(folder).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null;
    throw err;
  });
  if (!s) throw new ConnectorError('config', 'PATH_NOT_FOUND', `folder ${folder} does not exist`, { details: { path: folder } });
  if (!s.isDirectory()) throw new ConnectorError('config', 'PATH_NOT_FOUND', `${folder} is a file, not a folder`, { details: { path: folder } });
}

/** The extension of a file name, lower-case, without the dot (`''` when there is none). */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** Compiles a glob (`*`, `?`, `**`) into an anchored regular expression over `/`-separated names. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folder levels; a bare `**` anything
        if (glob[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else {
        re += '[^/]*';
      }
    } else if (ch === '?') {
      re += '[^/]';
    } else {
      re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`, 'u');
}
