import type { FieldNode, GraphQLField, GraphQLObjectType, GraphQLOutputType, GraphQLResolveInfo } from 'graphql';
import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../db/database';
import { type ResultColumn, resultColumnsOf } from '../../db/result-columns';
import { TYPE_PARSERS } from '../../db/type-parsers';
import type { HubContext } from '../context';
import { getArgumentValues, getNamedType, isObjectType } from '../graphql-js';
import { type ColumnPlan, type ColumnSet, columnsKey, forEachNodeField, selectedColumns } from './columns';
import { assertCursorFits, fetchPagesByParent, orderByKeys, PARENT_IDS, type PagedColumns, pageOfParent, type RowExtension, type RowPage } from './keyset';
import type DataLoader from 'dataloader';
import type { ChildListSpec } from './lists';
import { type Page, pageKey, readPage } from './page';

/**
 * Nested pages read inside their parent's statement (#16).
 *
 * A nested connection is batched per level: one statement for all the parents of a level, so an
 * operation of depth d costs d + 1 statements, each waiting for the one before. Here the level
 * that runs a statement looks ahead at the operation: each nested connection selected under its
 * nodes whose field declares its {@link NestedList} (`@Extensions(joinable(LIST))`) is added to
 * the same statement as a column of each row — the child's page, exactly the statement its own
 * loader would run (same spec, scope, columns, order, cursor and `first + 1`), correlated to the
 * row and aggregated as JSON (an array subquery of one JSON array per row, in the page's order),
 * recursively for its own nested connections; only the page's rows run their nested statements,
 * not the extra row that tells whether a next page exists. The rows come back, are turned into
 * what the driver would have made of each column (by the column's type, learned once per
 * statement shape from a run with no parents), and are handed to the child's DataLoader with `prime`, under the very key its
 * resolver loads: the child resolvers then find their pages without a statement. The 3-level
 * operation of the peers bench becomes one statement.
 *
 * Nothing changes what a field returns: a primed page is the page the key names, and a key that
 * was not primed (a field not looked ahead, a column type JSON does not carry faithfully, an
 * argument that fails) is loaded as before, by its own statement, where its errors are reported.
 * Setting `server.joinNestedLists` (env `HUIJU_JOIN_NESTED_LISTS`, default on).
 */

/** A nested list that may be read inside its parent's statement. */
export interface NestedList {
  /** Names the list in loader keys: one name per list (its filters included). */
  readonly name: string;
  readonly spec: ChildListSpec;
  /** The column plan of its node type (common/columns.ts); absent: the pages read every column. */
  readonly columns?: ColumnPlan;
}

/** The extension key a field's {@link NestedList} is declared under. */
export const NESTED_LIST_EXTENSION = 'huijuNestedList';

/** The field extensions that declare `list` as the field's nested list: `@Extensions(joinable(LIST))`. */
export function joinable(list: NestedList): Record<string, unknown> {
  return { [NESTED_LIST_EXTENSION]: list };
}

/** The nested list a field declares, if any. */
export function nestedListOf(field: GraphQLField<unknown, unknown> | undefined): NestedList | undefined {
  return field?.extensions?.[NESTED_LIST_EXTENSION] as NestedList | undefined;
}

/**
 * Nested lists planned into one statement, per level and in all, and levels, at most. The join
 * tree repeats a list under every branch that selects it (where the loaders of one statement per
 * level share it), so a document of a few aliases per level could otherwise plan thousands of
 * subqueries into one statement; beyond the budget, lists are read by their own statements.
 */
const MAX_JOINS_PER_LEVEL = 8;
const MAX_JOINS = 16;
const MAX_DEPTH = 4;

/** A nested list planned into its parent's statement. */
interface PlannedJoin {
  readonly list: NestedList;
  readonly page: Page;
  readonly columns: ColumnSet | undefined;
  readonly children: readonly PlannedJoin[];
}

// biome-ignore lint: list specs build query builders of any shape
type AnySelect = SelectQueryBuilder<any, any, any>;

/** A planned join this request can read: its rows' query (with the caller's scope), result column and row shape. */
interface ReadyJoin extends PlannedJoin {
  readonly base: AnySelect;
  readonly column: string;
  readonly shape: RowShape;
  readonly children: readonly ReadyJoin[];
}

/**
 * How a joined level's rows travel: each row a JSON array of its columns in the statement's
 * order (the keys are not repeated per row), without `__parent` and `__rn` (known from the
 * parent and the position), then its own joins' pages.
 */
export interface RowShape {
  /** The columns the JSON array carries, in order. */
  readonly sent: readonly string[];
  /** The driver's row from the array: every column of the statement, in its order, as the driver reads it. */
  read(values: readonly unknown[], parentId: string, rowNumber: number): Record<string, unknown>;
}

/** What planning needs of a connection field's resolve info. */
type ConnectionSelection = Pick<GraphQLResolveInfo, 'returnType' | 'fieldNodes' | 'fragments' | 'variableValues'>;

function joinsEnabled(ctx: HubContext): boolean {
  return ctx.hub?.config?.server?.joinNestedLists !== false;
}

/** The loader of one nested list's pages, keyed by parent id: the one every page of the list goes through. */
export function childPageLoader<R>(
  ctx: HubContext,
  name: string,
  spec: ChildListSpec,
  page: Page,
  columns: ColumnSet | undefined,
  lookAhead: () => readonly PlannedJoin[],
): DataLoader<string, RowPage<R & PagedColumns>> {
  return ctx.loaders.get<string, RowPage<R & PagedColumns>>(`${name}|page|${pageKey(page)}|${columnsKey(columns)}`, async (ids) => {
    const joins = await readyJoins(ctx, lookAhead());
    const pages = await fetchPagesByParent<R>(ctx.readDb, spec.base(ctx.readDb, ctx.caller, columns), spec.parent, ids, spec.order, page, extensionOf(joins, 1));
    if (joins.length) for (const p of pages) primeJoined(ctx, p.rows as unknown as Record<string, unknown>[], joins);
    return pages;
  });
}

/**
 * The nested lists selected under the nodes of the connection field `selection`, to read with its
 * rows (none when the setting is off). `depth` counts levels below the statement's own.
 */
export function planJoins(ctx: HubContext, selection: ConnectionSelection, depth = 1, budget = { left: MAX_JOINS }): PlannedJoin[] {
  if (depth > MAX_DEPTH || budget.left <= 0 || !joinsEnabled(ctx)) return [];
  const nodeType = nodeTypeOf(selection.returnType);
  if (!nodeType) return [];
  const groups = new Map<string, FieldNode[]>();
  forEachNodeField(selection.fieldNodes, selection.fragments, 'connection', (field, path) => {
    const key = `${path}:${field.alias?.value ?? field.name.value}`;
    const group = groups.get(key);
    if (group) group.push(field);
    else groups.set(key, [field]);
  });
  const planned: PlannedJoin[] = [];
  const keys = new Set<string>();
  for (const group of groups.values()) {
    if (planned.length >= MAX_JOINS_PER_LEVEL || budget.left <= 0) break;
    const first = group[0]!;
    const field = nodeType.getFields()[first.name.value];
    const list = nestedListOf(field);
    if (!field || !list || group.some((n) => n.directives?.length)) continue;
    let page: Page;
    try {
      page = readPage(getArgumentValues(field, first, selection.variableValues) as { first?: number | null; after?: string | null });
      if (page.after) assertCursorFits(list.spec.order, page.after);
    } catch {
      continue; // the field's own resolver reports it
    }
    const child: ConnectionSelection = { returnType: field.type, fieldNodes: group, fragments: selection.fragments, variableValues: selection.variableValues };
    const columns = list.columns ? selectedColumns(list.columns, child as GraphQLResolveInfo, 'connection') : undefined;
    const key = `${list.name}|${pageKey(page)}|${columnsKey(columns)}`;
    if (keys.has(key)) continue; // the same pages under another key or path: read once
    keys.add(key);
    budget.left--;
    planned.push({ list, page, columns, children: planJoins(ctx, child, depth + 1, budget) });
  }
  return planned;
}

/** The node type of a connection type (`nodes: [Node!]!`), or `undefined`. */
function nodeTypeOf(type: GraphQLOutputType): GraphQLObjectType | undefined {
  const connection = getNamedType(type);
  if (!isObjectType(connection)) return undefined;
  const nodes = connection.getFields().nodes;
  const node = nodes && getNamedType(nodes.type);
  return node && isObjectType(node) ? node : undefined;
}

/**
 * The planned joins whose statements' column types are known and carried faithfully by JSON,
 * each with its row shape; a join that is not is left out (with its children: its level is read
 * by its own statement, which plans its own).
 */
export async function readyJoins(ctx: HubContext, planned: readonly PlannedJoin[]): Promise<ReadyJoin[]> {
  const ready: ReadyJoin[] = [];
  for (const join of planned) {
    const base = join.list.spec.base(ctx.readDb, ctx.caller, join.columns);
    const shape = await rowShapeOf(ctx.readDb, pageOfParent(base, join.list.spec.parent, PARENT_IDS, join.list.spec.order, join.page));
    if (!shape) continue;
    ready.push({ ...join, base, column: `__hj_${ready.length}`, shape, children: await readyJoins(ctx, join.children) });
  }
  return ready;
}

/**
 * The select-list items of `joins` for a row aliased `rowAlias`, the joins' own rows being aliased
 * by `depth`: per join, its page's rows as a JSON array in page order, each with its own joins.
 * Only the page's first `pageSize` rows get them (`case when __rn <= pageSize`): the row read
 * beyond the page to tell whether a next one exists does not run its nested statements.
 *
 * The array is `to_json(array(select … order by <the page's own order terms>))`: an array
 * subquery keeps its rows' order, and ordering by the terms the page was sorted by (carried as
 * columns, keyset.ts `orderByKeys`) lets PostgreSQL see the rows come sorted. `json_agg(… order by
 * __rn)` sorted every page again: about a sixth of the 3-level statement's time.
 */
export function extensionOf(joins: readonly ReadyJoin[], depth: number): RowExtension | undefined {
  if (joins.length === 0) return undefined;
  const row = `__hj${depth}`;
  const aggAlias = `__hjc${depth}`;
  const agg = sql.ref(aggAlias);
  return (rowAlias, pageSize) =>
    joins.map((join) => {
      const { spec } = join.list;
      const inner = pageOfParent(join.base, spec.parent, sql.ref(`${rowAlias}.id`), spec.order, join.page, true);
      const extension = extensionOf(join.children, depth + 1);
      const rows = extension ? sql`select ${sql.ref(row)}.*, ${sql.join(extension(row, join.page.first))} from (${inner}) as ${sql.ref(row)}` : inner;
      const values = [...join.shape.sent, ...join.children.map((c) => c.column)].map((c) => sql.ref(`${aggAlias}.${c}`));
      return sql`case when ${sql.ref(`${rowAlias}.__rn`)} <= ${sql.lit(pageSize)} then to_json(array(select json_build_array(${sql.join(values)}) from (${rows}) as ${agg} order by ${orderByKeys(spec.order, aggAlias)})) end as ${sql.ref(join.column)}`;
    });
}

/**
 * Hands the joined pages on `rows` (parents of `joins`) to their loaders, under the keys their
 * resolvers load; removes the join columns from the rows. A row without a join's column (the
 * row beyond a page) primes nothing.
 */
export function primeJoined(ctx: HubContext, rows: readonly Record<string, unknown>[], joins: readonly ReadyJoin[]): void {
  for (const join of joins) {
    for (const row of rows) {
      const pageRows = row[join.column] as unknown[][] | null | undefined;
      delete row[join.column];
      primePage(ctx, row.id as string, pageRows, join);
    }
  }
}

/** Primes `join`'s page of the parent `parentId` from its JSON rows, then its rows' own joins. */
function primePage(ctx: HubContext, parentId: string, pageRows: unknown[][] | null | undefined, join: ReadyJoin): void {
  if (!pageRows) return;
  const { spec } = join.list;
  const hasNextPage = pageRows.length > join.page.first;
  const n = hasNextPage ? join.page.first : pageRows.length;
  const sent = join.shape.sent.length;
  const rows: (Record<string, unknown> & PagedColumns)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const values = pageRows[i]!;
    const row = join.shape.read(values, parentId, i + 1) as Record<string, unknown> & PagedColumns;
    if (spec.order.key) row.__order = spec.order.key;
    rows[i] = row;
    for (let c = 0; c < join.children.length; c++) primePage(ctx, row.id as string, values[sent + c] as unknown[][] | null, join.children[c]!);
  }
  childPageLoader<Record<string, unknown>>(ctx, join.list.name, spec, join.page, join.columns, () => join.children).prime(parentId, {
    rows,
    hasNextPage,
    hasPreviousPage: join.page.after !== null,
  });
}

/**
 * Column types JSON carries as the driver reads them (./type-parsers.ts and pg's defaults): the
 * value JSON gives is the driver's value, or becomes it through the given conversion. A column of
 * any other type (bytea, intervals, arrays of instants, enums…) keeps its level out of joins.
 */
const asNumber = (v: unknown) => (typeof v === 'string' ? Number(v) : v);
const instant = (oid: number) => {
  const parse = TYPE_PARSERS[oid]!;
  return (v: unknown) => (typeof v === 'string' ? parse(v) : v);
};
const AS_IS = null;
const JSON_FAITHFUL: ReadonlyMap<number, ((v: unknown) => unknown) | null> = new Map<number, ((v: unknown) => unknown) | null>([
  [16, AS_IS], // bool
  [19, AS_IS], // name
  [25, AS_IS], // text
  [1042, AS_IS], // bpchar
  [1043, AS_IS], // varchar
  [2950, AS_IS], // uuid
  [1082, AS_IS], // date: 'YYYY-MM-DD' both ways
  [114, AS_IS], // json
  [3802, AS_IS], // jsonb
  [21, asNumber], // int2
  [23, asNumber], // int4
  [20, asNumber], // int8 (a number, ./type-parsers.ts)
  [700, asNumber], // float4 ('NaN', 'Infinity' come as strings)
  [701, asNumber], // float8
  [1700, asNumber], // numeric
  [1184, instant(1184)], // timestamptz: ISO 8601 in JSON, the same instant
  [1114, instant(1114)], // timestamp
  [1000, AS_IS], // bool[]
  [1005, AS_IS], // int2[]
  [1007, AS_IS], // int4[]
  [1009, AS_IS], // text[]
  [1015, AS_IS], // varchar[]
  [2951, AS_IS], // uuid[]
]);

/** The type OIDs {@link rowShapeFor} accepts. */
export const JSON_FAITHFUL_TYPES: readonly number[] = [...JSON_FAITHFUL.keys()];

/** Row shapes per statement text (column types are a property of the text; the text names no values). */
const shapes = new Map<string, RowShape | null>();
const MAX_SHAPES = 1000;

/**
 * The shape of the rows `query` returns, learned from one run of it for no parent (once per
 * statement text in the process); `null` when a column's type is not carried faithfully by JSON.
 */
async function rowShapeOf(db: Kysely<Database>, query: AnySelect): Promise<RowShape | null> {
  const describe = sql`select __x.* from unnest(cast(${[]} as uuid[])) as __par(id) cross join lateral (${query}) as __x`;
  const text = describe.compile(db).sql;
  const known = shapes.get(text);
  if (known !== undefined) return known;
  const { rows } = await describe.execute(db);
  const columns = resultColumnsOf(rows);
  const shape = columns ? rowShapeFor(columns) : null;
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  shapes.set(text, shape);
  return shape;
}

/** JSON arrays carry at most this many values (`json_build_array` takes at most 100 arguments, joins included). */
const MAX_SENT = 90;

/**
 * The shape of rows of `columns` (`__parent` and `__rn`, when there, are not sent); `null` when a
 * column's type is not one JSON carries faithfully, two columns share a name, or the row is too wide.
 */
export function rowShapeFor(columns: readonly ResultColumn[]): RowShape | null {
  const sent: string[] = [];
  const readers: ((values: readonly unknown[], parentId: string, rowNumber: number) => unknown)[] = [];
  for (const c of columns) {
    if (c.name === '__parent') readers.push((_v, parentId) => parentId);
    else if (c.name === '__rn') readers.push((_v, _p, rowNumber) => rowNumber);
    else {
      if (!JSON_FAITHFUL.has(c.typeOid)) return null;
      const convert = JSON_FAITHFUL.get(c.typeOid);
      const at = sent.length;
      sent.push(c.name);
      readers.push(convert ? (values) => (values[at] == null ? values[at] : convert(values[at])) : (values) => values[at]);
    }
  }
  const names = columns.map((c) => c.name);
  // a name twice would be an ambiguous column reference in the arrays' SQL
  if (sent.length > MAX_SENT || new Set(names).size !== names.length) return null;
  return {
    sent,
    read(values, parentId, rowNumber) {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) row[names[i]!] = readers[i]!(values, parentId, rowNumber);
      return row;
    },
  };
}
