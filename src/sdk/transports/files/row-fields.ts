import { RecordError } from '../../connector-error';
import { detectMojibake } from '../../../domain/mojibake';
import { normalizeText, stripLeadingApostrophe, toHalfWidth } from '../../../domain/normalize';

/**
 * Reading the cells of one table row (canonical column → text, see `rowValues`) inside a
 * connector's `map()`. Each helper throws a {@link RecordError} with the dead-letter reason when
 * the cell is unusable; messages name the column, never the value (it may be personal).
 */
export type RowCells = Readonly<Record<string, string | undefined>>;

/** The cell's text, trimmed, without the apostrophe spreadsheets put before numbers kept as text; `''` when absent. */
export function cell(row: RowCells, column: string): string {
  return stripLeadingApostrophe(row[column] ?? '').trim();
}

/** Like {@link cell}, but an empty cell is `MISSING_FIELD`. */
export function requiredCell(row: RowCells, column: string): string {
  const value = cell(row, column);
  if (value === '') throw new RecordError('MISSING_FIELD', `${column} is empty`);
  return value;
}

/** A code or number typed as text: half-width, no apostrophe, no spaces (`'４２０１０２ ００２` → `420102002`). */
export function normalizeCode(raw: string): string {
  return stripLeadingApostrophe(toHalfWidth(raw)).replace(/\s+/g, '');
}

/**
 * `MOJIBAKE` when a free-text cell shows mis-decoded text (`锟斤拷`, U+FFFD, UTF-8 read as GBK…).
 * For the columns the write path does not check itself (it checks names).
 */
export function assertReadableText(row: RowCells, columns: readonly string[]): void {
  for (const column of columns) {
    const value = row[column];
    if (!value) continue;
    const finding = detectMojibake(value);
    if (finding) throw new RecordError('MOJIBAKE', `${column} looks mis-decoded (${finding.pattern})`);
  }
}

/**
 * The cell as one of a closed set of values: compared after half-width, Simplified and without
 * spaces (`戶籍人口` → `户籍人口`); `null` when empty; `INVALID_VALUE` when unknown (the message
 * lists the accepted values, never the cell).
 */
export function enumCell<T>(row: RowCells, column: string, values: Readonly<Record<string, T>>, options: { required?: boolean } = {}): T | null {
  const raw = cell(row, column);
  if (raw === '') {
    if (options.required) throw new RecordError('MISSING_FIELD', `${column} is empty`);
    return null;
  }
  const key = normalizeText(raw).replace(/\s+/g, '');
  if (Object.hasOwn(values, key)) return values[key]!;
  throw new RecordError('INVALID_VALUE', `${column}: not one of ${Object.keys(values).join(' / ')}`);
}

/**
 * The cell as a number: half-width, apostrophe, thousands separators, spaces and the units
 * exports append (`㎡`, `m²`, `平方米`, `平米`, `层`) removed; `null` when empty;
 * `INVALID_VALUE` when it is still not a number.
 */
export function numberCell(row: RowCells, column: string, options: { integer?: boolean } = {}): number | null {
  const raw = cell(row, column);
  if (raw === '') return null;
  const s = normalizeCode(raw)
    .replace(/,/g, '')
    .replace(/(㎡|m²|m2|平方米|平米|层|楼)$/iu, '');
  const n = /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : Number.NaN;
  if (!Number.isFinite(n) || (options.integer && !Number.isInteger(n))) throw new RecordError('INVALID_VALUE', `${column}: not ${options.integer ? 'a whole number' : 'a number'}`);
  return n;
}

const TRUE = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '出租', '已出租']);
const FALSE = new Set(['否', '无', '没有', 'n', 'no', 'false', '0', '×', '不出租', '未出租', '自住']);

/** The cell as a yes/no (`是/否`, `Y/N`, `TRUE/FALSE`, `1/0`, `出租/自住`); `null` when empty; `INVALID_VALUE` otherwise. */
export function booleanCell(row: RowCells, column: string): boolean | null {
  const raw = cell(row, column);
  if (raw === '') return null;
  const key = normalizeText(raw).replace(/\s+/g, '').toLowerCase();
  if (TRUE.has(key)) return true;
  if (FALSE.has(key)) return false;
  throw new RecordError('INVALID_VALUE', `${column}: not a yes/no value`);
}
