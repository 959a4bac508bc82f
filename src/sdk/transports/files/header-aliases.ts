import { normalizeText } from '../../../domain/normalize';

/**
 * Header aliases: exports name one column in several ways (`身份证号`, `身份证号码`, `证件号码` all
 * mean `公民身份号码`). A {@link HeaderResolver} maps every header cell to its canonical column,
 * ignores extra columns, and reports the required columns a file lacks (schema drift).
 *
 * Headers are compared after {@link normalizeHeader}: half-width, Simplified, no whitespace, no
 * required-marker asterisks, lower-case Latin letters; a cell that still matches nothing is tried
 * again without a trailing parenthetical hint (`人口类别(户籍人口/流动人口)` → `人口类别`).
 */

/** One column of a table. */
export interface ColumnSpec {
  /** The canonical header, as the source's documentation names it (`公民身份号码`). */
  name: string;
  /** Other headers exports use for it (`身份证号`, `证件号码`). Default: none. */
  aliases?: readonly string[];
  /** A file without this column is schema drift and fails as a whole. Default: `false`. */
  required?: boolean;
}

/** The columns of one table. */
export interface TableSchema {
  /** Name for messages (`人口 residents`). */
  name: string;
  columns: readonly ColumnSpec[];
  /** Groups of columns of which at least one must be present (`[['统一社会信用代码', '备案编号']]`). Default: none. */
  requireOneOf?: readonly (readonly string[])[];
}

/** Extra aliases from a connector's config: canonical header → the aliases it also goes by. */
export type HeaderAliases = Readonly<Record<string, readonly string[]>>;

/** How a header row maps onto a table's canonical columns. */
export interface HeaderMatch {
  /** Canonical column → positions of the header cells carrying it (the canonical spelling first, then file order). */
  columns: ReadonlyMap<string, readonly number[]>;
  /** Required columns the header lacks, and unmet one-of groups as `A / B`. Non-empty means schema drift. */
  missing: string[];
  /** Header cells that name no column of the table: extra columns, ignored. */
  ignored: string[];
}

/** The form headers are compared in (see the module comment). */
export function normalizeHeader(cell: string): string {
  return normalizeText(cell)
    .replace(/\s+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/[:：]$/u, '')
    .toLowerCase();
}

/** Resolves header rows against one table's columns, its built-in aliases, and extra aliases from config. */
export class HeaderResolver {
  readonly schema: TableSchema;
  private readonly lookup = new Map<string, string>();
  private readonly canonical = new Set<string>();

  constructor(schema: TableSchema, extraAliases: HeaderAliases = {}) {
    this.schema = schema;
    for (const column of schema.columns) {
      this.canonical.add(column.name);
      for (const alias of column.aliases ?? []) this.lookup.set(normalizeHeader(alias), column.name);
    }
    // config aliases win over built-in ones; aliases for columns this table lacks are ignored
    for (const [name, aliases] of Object.entries(extraAliases)) {
      if (!this.canonical.has(name)) continue;
      for (const alias of aliases) this.lookup.set(normalizeHeader(alias), name);
    }
    // a canonical header always means itself
    for (const column of schema.columns) this.lookup.set(normalizeHeader(column.name), column.name);
  }

  /** The canonical column a header cell names, or `undefined`. */
  canonicalOf(cell: string): string | undefined {
    const h = normalizeHeader(cell);
    if (h === '') return undefined;
    return this.lookup.get(h) ?? this.lookup.get(h.replace(/\([^()]*\)$/u, ''));
  }

  /** How many distinct columns of this table a header row names (used to recognise a file's table). */
  score(header: readonly string[]): number {
    return new Set(header.map((c) => this.canonicalOf(c)).filter((c) => c !== undefined)).size;
  }

  /** Maps a header row onto the table's columns; see {@link HeaderMatch}. */
  resolve(header: readonly string[]): HeaderMatch {
    const columns = new Map<string, number[]>();
    const ignored: string[] = [];
    header.forEach((cell, index) => {
      const name = this.canonicalOf(cell);
      if (name === undefined) {
        if (cell.trim() !== '') ignored.push(cell);
        return;
      }
      const positions = columns.get(name) ?? [];
      // the canonical spelling goes first: when an export has both `联系电话` and `手机`, `联系电话` is preferred
      if (normalizeHeader(cell) === normalizeHeader(name)) positions.unshift(index);
      else positions.push(index);
      columns.set(name, positions);
    });
    const missing = this.schema.columns.filter((c) => c.required && !columns.has(c.name)).map((c) => c.name);
    for (const group of this.schema.requireOneOf ?? []) {
      if (!group.some((name) => columns.has(name))) missing.push(group.join(' / '));
    }
    return { columns, missing, ignored };
  }
}

/**
 * A row as canonical column → cell text: for a column several header cells carry, the first
 * non-empty one (in {@link HeaderMatch.columns} order). Only the table's columns are kept, so
 * extra columns never travel further (data minimisation). Values are not trimmed or changed.
 */
export function rowValues(match: HeaderMatch, cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, positions] of match.columns) {
    let value = '';
    for (const p of positions) {
      const cell = cells[p] ?? '';
      if (cell.trim() !== '') {
        value = cell;
        break;
      }
    }
    out[name] = value;
  }
  return out;
}
