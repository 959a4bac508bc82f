import * as XLSX from '@e965/xlsx';
import { EXCEL_SIGNIFICANT_DIGITS } from '../../../domain/excel-damage';

/**
 * XLSX (and legacy XLS) reading with SheetJS (`@e965/xlsx`, the maintained build on npm). A
 * workbook is read whole; one table per file, so the first worksheet that holds any cell is
 * the table. Every cell becomes text the way a person sees it in the sheet, with what exports
 * break taken care of:
 * - text cells as they are (a leading apostrophe typed to keep `'420102…` as text is not part of
 *   the stored value, so it never reaches us; one that is part of the text is kept);
 * - numbers without exponent or float noise, up to 15 digits (`13800138000`, a 15-digit legacy
 *   ID); a number of more than 15 digits (`420102199003070018` typed as a number) has lost its
 *   tail — Excel keeps 15 significant digits, the double another tool wrote keeps ~16 — and is
 *   passed on as Excel shows it in a General cell, in scientific notation (`4.20102E+17`),
 *   whatever the cell's number format: so no parser can take the rounded digits for the value
 *   (they pass the ID check digit one time in eleven), and every identifier parser rejects it
 *   as `EXCEL_PRECISION_LOST` (`src/domain/excel-damage.ts`), as it does the same text in a CSV;
 * - date-formatted numbers as `YYYY-MM-DD` (`YYYY-MM-DD HH:mm:ss` with a time of day), in the
 *   workbook's date system (1900 or 1904), with no time-zone shift;
 * - booleans as `TRUE` / `FALSE`, error cells as their text (`#N/A`), empty cells as `''`.
 */

export interface SheetRow {
  /** 1-based row number, as Excel shows it. */
  line: number;
  cells: string[];
}

export interface SheetTable {
  /** Name of the worksheet read. */
  sheet: string;
  rows: SheetRow[];
}

export interface ReadXlsxOptions {
  /** Worksheet by name or 0-based index. Default: the first worksheet holding any cell. */
  sheet?: string | number;
}

/** Reads one worksheet of a workbook as rows of cell texts (empty rows included, trailing ones trimmed). */
export function readXlsxRows(bytes: Uint8Array, options: ReadXlsxOptions = {}): SheetTable {
  const workbook = XLSX.read(bytes, { type: 'array', cellNF: true, cellDates: false, cellFormula: false, cellHTML: false });
  const date1904 = Boolean((workbook.Workbook as { WBProps?: { date1904?: boolean } } | undefined)?.WBProps?.date1904);
  const names = workbook.SheetNames;
  const name =
    typeof options.sheet === 'string'
      ? options.sheet
      : typeof options.sheet === 'number'
        ? names[options.sheet]
        : (names.find((n) => workbook.Sheets[n]?.['!ref']) ?? names[0]);
  const sheet = name === undefined ? undefined : workbook.Sheets[name];
  if (!sheet || name === undefined) return { sheet: name ?? '', rows: [] };
  const ref = sheet['!ref'];
  if (!ref) return { sheet: name, rows: [] };
  const range = XLSX.utils.decode_range(ref);
  const rows: SheetRow[] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: string[] = [];
    for (let c = 0; c <= range.e.c; c++) {
      cells.push(cellText(sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined, date1904));
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    rows.push({ line: r + 1, cells });
  }
  return { sheet: name, rows };
}

/** The text of one cell (see the module comment). */
export function cellText(cell: XLSX.CellObject | undefined, date1904 = false): string {
  if (!cell) return '';
  switch (cell.t) {
    case 's':
      return String(cell.v ?? '');
    case 'n': {
      const v = Number(cell.v);
      const format = typeof cell.z === 'string' ? cell.z : undefined;
      if (format && XLSX.SSF.is_date(format)) {
        const d = XLSX.SSF.parse_date_code(v, { date1904 }) as { y: number; m: number; d: number; H: number; M: number; S: number } | null;
        if (d) {
          const day = `${String(d.y).padStart(4, '0')}-${pad(d.m)}-${pad(d.d)}`;
          return d.H || d.M || d.S ? `${day} ${pad(d.H)}:${pad(d.M)}:${pad(d.S)}` : day;
        }
      }
      return numberText(v);
    }
    case 'b':
      return cell.v ? 'TRUE' : 'FALSE';
    case 'd':
      return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v ?? '');
    case 'e':
      return cell.w ?? '';
    default:
      return cell.w ?? (cell.v === undefined || cell.v === null ? '' : String(cell.v));
  }
}

/** Numbers at or above this have more than 15 digits before the point: not all of them survived. */
const PRECISION_LOST_AT = 10 ** EXCEL_SIGNIFICANT_DIGITS;

/**
 * A number as text: up to 15 integer digits as digits without exponent, fractions in shortest
 * form; more than 15 integer digits in Excel's General form (`4.20102E+17`), the mark of a value
 * whose digits were rounded (see the module comment).
 */
export function numberText(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= PRECISION_LOST_AT) return XLSX.SSF.format('General', v);
  if (Number.isInteger(v)) return String(v);
  return String(v);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
