/**
 * A GraphQL result as a table, and the table as CSV/TSV: pure functions with no DOM and no Node,
 * bundled into the playground's script (esbuild, from playground.client.js) and unit-tested in
 * Node. No schema knowledge: the shape of the JSON decides.
 *
 * The row set is one list of objects, named by its keys from `data` (array levels implicit).
 * Each row is one item of that list, with the scalar fields of every object above it on the path
 * repeated as columns (an item above with an empty list still gives one row: a left join). Nested
 * objects become dotted columns (`area.name`); Relay wrappers (`edges`, `node`, `nodes`) are left
 * out of column names, so a connection's `edges[].node` fields sit beside the edge's own fields.
 * Lists of scalars are joined with "; "; lists of objects off the path are other tables.
 */

/** A table cell: a JSON scalar. */
export type Cell = string | number | boolean | null;

/** A list the table can be made of. */
export interface ListPath {
  /** Keys from `data` to the list; `[]` is the whole result as one row. */
  keys: string[];
  /** The keys without Relay wrappers, e.g. `grid.households.residents` (unique among the paths). */
  label: string;
  /** How many rows the table has with this list as its row set. */
  rows: number;
  /** How many lists deep the path goes (0 for the whole result). */
  depth: number;
}

/** A result as a table. */
export interface ResultTable {
  /** The row set. */
  path: ListPath;
  /** Column names: dotted paths, the row's own fields relative to the row, the fields above from `data`. */
  columns: string[];
  /** One array of cells per row, in column order (`null` where a row has no value). */
  rows: Cell[][];
}

/** Relay's wrapper fields, left out of column names and labels. */
const WRAPPERS = new Set(['edges', 'node', 'nodes']);

type Json = unknown;
type Obj = Record<string, Json>;

function isObject(v: Json): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: Json): v is Cell {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Every element of a list, nested lists (`[[T]]`) flattened. */
function items(list: Json[]): Json[] {
  return list.flatMap((v) => (Array.isArray(v) ? items(v) : [v]));
}

/** One row while it is built: column → cell, in insertion order. */
type Row = Map<string, Cell>;

/** Columns that stood for lists of objects (left out) or objects that were null, dropped when empty everywhere. */
interface Shape {
  omitted: Set<string>;
}

function join(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/**
 * The scalar leaves of `obj` under `prefix`: nested objects dotted, a Relay edge's `node` merged
 * into the edge, lists of scalars joined with "; ". `skip` is the key the path continues with.
 */
function leaves(obj: Obj, prefix: string, into: Row, shape: Shape, skip?: string): void {
  for (const [key, value] of Object.entries(obj)) {
    if (key === skip) continue;
    const name = key === 'node' && isObject(value) ? prefix : join(prefix, key);
    if (isObject(value)) {
      leaves(value, name, into, shape);
    } else if (Array.isArray(value)) {
      const all = items(value);
      if (all.length > 0 && all.every((v) => isScalar(v) && v !== null)) {
        into.set(name, all.map(String).join('; '));
      } else {
        shape.omitted.add(name);
        into.set(name, null);
      }
    } else if (isScalar(value)) {
      into.set(name, value);
    }
  }
}

/** Adds a row's cells to the cells above it; a name taken above is kept apart with the row's label. */
function withCells(above: Row, own: Row, label: string): Row {
  const row = new Map(above);
  for (const [name, cell] of own) row.set(above.has(name) && label ? `${label}.${name}` : name, cell);
  return row;
}

/**
 * The rows below `value` reached by `keys[i..]`. `above` holds the cells of the objects above,
 * `names` the label so far (column prefix of the objects above).
 */
function rowsAt(value: Json, keys: string[], i: number, above: Row, names: string[], shape: Shape, item: boolean): Row[] {
  if (Array.isArray(value)) return items(value).flatMap((v) => rowsAt(v, keys, i, above, names, shape, true));
  if (!isObject(value)) return [];
  if (i === keys.length) {
    // the row itself: its own fields relative to it (the whole result: from `data`)
    const own: Row = new Map();
    leaves(value, '', own, shape);
    return [withCells(above, own, names.join('.'))];
  }
  const key = keys[i]!;
  const here = new Map(above);
  // `data`'s other fields are other results, not columns of this one
  if (i > 0 || item) leaves(value, names.join('.'), here, shape, key);
  const next = WRAPPERS.has(key) ? names : [...names, key];
  const below = rowsAt(value[key], keys, i + 1, here, next, shape, false);
  return below.length === 0 && item ? [here] : below;
}

function labelOf(keys: string[]): string {
  return keys.filter((k) => !WRAPPERS.has(k)).join('.');
}

/** The lists of objects in `data` (each path once), plus the whole result. */
export function listPaths(data: Json): ListPath[] {
  const found = new Map<string, { keys: string[]; depth: number }>();
  const walk = (value: Json, keys: string[], depth: number): void => {
    if (Array.isArray(value)) {
      const all = items(value);
      if (all.some(isObject)) {
        const id = keys.join('\u0000');
        if (!found.has(id)) found.set(id, { keys, depth: depth + 1 });
      }
      for (const v of all) walk(v, keys, depth + 1);
    } else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, [...keys, k], depth);
    }
  };
  walk(data, [], 0);
  const paths = [{ keys: [] as string[], depth: 0 }, ...found.values()].map((p) => ({ ...p, label: labelOf(p.keys), rows: countRows(data, p.keys) }));
  const seen = new Map<string, number>();
  for (const p of paths) seen.set(p.label, (seen.get(p.label) ?? 0) + 1);
  for (const p of paths) if ((seen.get(p.label) ?? 0) > 1 || (p.keys.length > 0 && !p.label)) p.label = p.keys.join('.');
  const whole = paths[0]!;
  whole.label = '';
  return paths;
}

/** How many rows {@link rowsAt} gives, without building them. */
function countRows(value: Json, keys: string[], i = 0, item = false): number {
  if (Array.isArray(value)) return items(value).reduce<number>((n, v) => n + countRows(v, keys, i, true), 0);
  if (!isObject(value)) return 0;
  if (i === keys.length) return 1;
  const below = countRows(value[keys[i]!], keys, i + 1, false);
  return below === 0 && item ? 1 : below;
}

/**
 * The row set a table starts with: the list giving the most rows (the deeper one on a tie), or the
 * whole result when `data` holds no list of objects.
 */
export function defaultListPath(paths: readonly ListPath[]): ListPath | undefined {
  let best: ListPath | undefined;
  for (const p of paths) {
    if (p.depth === 0) {
      best ??= p;
      continue;
    }
    if (!best || best.depth === 0 || p.rows > best.rows || (p.rows === best.rows && p.depth > best.depth)) best = p;
  }
  return best;
}

/** `data` as a table with `path` as its row set (default: {@link defaultListPath}). */
export function resultTable(data: Json, path?: ListPath): ResultTable {
  const chosen = path ?? defaultListPath(listPaths(data)) ?? { keys: [], label: '', rows: 0, depth: 0 };
  const shape: Shape = { omitted: new Set() };
  const built = rowsAt(data, chosen.keys, 0, new Map(), [], shape, false);
  const columns: string[] = [];
  const known = new Set<string>();
  for (const row of built) {
    for (const name of row.keys()) {
      if (!known.has(name)) {
        known.add(name);
        columns.push(name);
      }
    }
  }
  // a column that was only ever null and is a list of objects or a null object (`reporter` beside
  // `reporter.name`) says nothing; a scalar that is null everywhere stays (the query asked for it)
  const kept = columns.filter(
    (c) => !(built.every((r) => r.get(c) == null) && (shape.omitted.has(c) || columns.some((o) => o.startsWith(`${c}.`)))),
  );
  return { path: chosen, columns: kept, rows: built.map((r) => kept.map((c) => r.get(c) ?? null)) };
}

/** The operation's name: the one GraphiQL sent, else the first named operation in the document. */
export function operationNameOf(query: string, operationName?: string | null): string | null {
  if (operationName) return operationName;
  const m = /(?:^|[^\w])(?:query|mutation|subscription)\s+(\w+)/.exec(query.replace(/#[^\n]*/g, ''));
  return m?.[1] ?? null;
}

/** A spreadsheet would run text starting with these as a formula (CSV injection); such text gets a leading `'`. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text of a cell as CSV/TSV writes it. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return String(cell);
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function delimited(table: Pick<ResultTable, 'columns' | 'rows'>, separator: string, needsQuotes: RegExp): string {
  const field = (text: string) => (needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = [table.columns.map(field), ...table.rows.map((r) => r.map((c) => field(cellText(c))))];
  return lines.map((l) => `${l.join(separator)}\r\n`).join('');
}

/**
 * The table as CSV for Excel: a UTF-8 byte-order mark (so Excel reads Chinese as UTF-8), a header
 * row, RFC 4180 quoting (fields with a comma, quote or line break in double quotes, quotes doubled)
 * and CRLF after every record.
 */
export function toCsv(table: Pick<ResultTable, 'columns' | 'rows'>): string {
  return `\uFEFF${delimited(table, ',', /[",\r\n]/)}`;
}

/** The table as tab-separated text for pasting into a spreadsheet (no BOM; tabs, quotes and line breaks quoted). */
export function toTsv(table: Pick<ResultTable, 'columns' | 'rows'>): string {
  return delimited(table, '\t', /["\t\r\n]/);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `<operation>-<yyyyMMdd-HHmmss>.<ext>` in local time; characters other than letters, digits, `_` and `-` become `_`. */
export function exportFileName(operationName: string | null, at: Date, ext = 'csv'): string {
  const name = (operationName ?? '').replace(/[^\p{L}\p{N}_-]+/gu, '_').replace(/^_+|_+$/g, '') || 'huiju';
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `${name}-${stamp}.${ext}`;
}
