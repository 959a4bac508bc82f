import type { FileEntry } from './list-files';

/**
 * When a file was exported: the version of every record in it. Exports usually carry the date
 * (and sometimes the time) in their name — `人口_20240301.csv`, `grids-2024-03-01T0830.xlsx` — which,
 * unlike the modification time, survives copying and checking out; the modification time is the
 * fallback. Times in names are China Standard Time (UTC+8, no daylight saving).
 */
export interface ExportTime {
  /** ISO-8601 instant with the `+08:00` offset: `2024-03-01T00:00:00+08:00`. */
  instant: string;
  /** The export's calendar day in China (`YYYY-MM-DD`): a snapshot's `asOf`. */
  date: string;
  /** Where it came from. */
  from: 'name' | 'mtime';
}

// a date not glued to other digits (a 12-digit area code is not a date), optional time after it
const NAME_DATE = /(?<!\d)((?:19|20)\d{2})([-_.]?)(\d{2})\2(\d{2})(?:[-_T ]?(\d{2})[-:.]?(\d{2})(?:[-:.]?(\d{2}))?)?(?!\d)/u;

/** The export time a file name carries, or `null` (an impossible date, such as `20240231`, is none). */
export function exportTimeFromName(name: string): ExportTime | null {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const m = NAME_DATE.exec(base);
  if (!m) return null;
  const [y, mo, d, h = '00', mi = '00', s = '00'] = [m[1]!, m[3]!, m[4]!, m[5], m[6], m[7]];
  const date = `${y}-${mo}-${d}`;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return { instant: `${date}T${h}:${mi}:${s}+08:00`, date, from: 'name' };
}

/** A moment as an ISO-8601 instant in China Standard Time (`…+08:00`), whole seconds. */
export function chinaTime(at: Date): string {
  const shifted = new Date(Math.floor(at.getTime() / 1000) * 1000 + 8 * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}

/** The file's export time: from its name when it carries one, else its modification time. */
export function exportTimeOf(entry: Pick<FileEntry, 'name' | 'mtime'>): ExportTime {
  const fromName = exportTimeFromName(entry.name);
  if (fromName) return fromName;
  const instant = chinaTime(entry.mtime);
  return { instant, date: instant.slice(0, 10), from: 'mtime' };
}
