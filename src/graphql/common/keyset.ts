import { type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
import { badUserInput } from '../errors';
import type { CursorKey, Page } from './page';

/**
 * How a list is ordered: by one non-null sort expression, ties broken by the row id. Cursors
 * carry both, so a page starts exactly after the last row seen (keyset pagination: stable
 * under inserts, no OFFSET scans).
 */
export interface SortOrder {
  /** The sort expression (non-null), or `null` to order by id alone. */
  readonly by: RawBuilder<unknown> | null;
  /** SQL type the cursor's text value is cast back to. */
  readonly type: SortType;
  readonly direction: 'asc' | 'desc';
  /** The row's id column. */
  readonly id: RawBuilder<unknown>;
  /**
   * Names the ordering (`BIRTH_YEAR:DESC`, src/graphql/common/order.ts); cursors carry it, and a
   * cursor made under another ordering is refused (`BAD_USER_INPUT` on `after`). Absent: the
   * list's one fixed order.
   */
  readonly key?: string;
}

/** SQL types a sort value can have (its text form in the cursor is cast back to it). */
export type SortType = 'text' | 'uuid' | 'timestamptz' | 'integer' | 'float8' | 'date';

/** Shapes of a cursor's text value per sort type (anything else would fail the SQL cast). */
const SORT_VALUE_SHAPES: Record<SortType, RegExp | null> = {
  text: null,
  uuid: /^[0-9a-f-]{36}$/,
  integer: /^-?\d{1,18}$/,
  float8: /^-?(\d+(\.\d+)?([eE][-+]?\d+)?|Infinity)$|^NaN$/,
  timestamptz: /^(-?infinity|\d{4,}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:?\d{2})?|Z)?( BC)?)$/,
  date: /^(-?infinity|\d{4,}-\d{2}-\d{2}( BC)?)$/,
};

/**
 * Checks that a cursor belongs to this ordering: same ordering key, a sort value when the order
 * has one (none when it sorts by id alone), of the sort type's shape. Else `BAD_USER_INPUT` on
 * `field`: a cursor from another ordering, or a forged one, never reaches the SQL cast.
 */
export function assertCursorFits(order: SortOrder, after: CursorKey, field = 'after'): void {
  const fits =
    (after.k ?? null) === (order.key ?? null) &&
    (order.by === null ? after.v === null : after.v !== null && (SORT_VALUE_SHAPES[order.type]?.test(after.v) ?? true));
  if (!fits) throw badUserInput(field, `${field}: a cursor of another ordering of this list (ask again from the first page with the same orderBy)`);
}

/** Extra columns every paged row carries. */
export interface PagedColumns {
  /** Sort value as text, for the cursor. */
  __sort: string | null;
  /** The ordering's key ({@link SortOrder.key}), for the cursor; set in JS, not by SQL. */
  __order?: string;
}

/** One page of rows. */
export interface RowPage<R> {
  rows: R[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

// biome-ignore lint: query builders of any shape go through these helpers
type AnySelect = SelectQueryBuilder<any, any, any>;

function keysetCondition(order: SortOrder, after: CursorKey): RawBuilder<SqlBool> {
  const cmp = sql.raw(order.direction === 'asc' ? '>' : '<');
  const id = sql`cast(${after.id} as uuid)`;
  if (!order.by) return sql<SqlBool>`${order.id} ${cmp} ${id}`;
  const value = sql`cast(${after.v} as ${sql.raw(order.type)})`;
  return sql<SqlBool>`(${order.by}, ${order.id}) ${cmp} (${value}, ${id})`;
}

function orderTerms(order: SortOrder): RawBuilder<unknown> {
  const dir = sql.raw(order.direction);
  return order.by ? sql`${order.by} ${dir}, ${order.id} ${dir}` : sql`${order.id} ${dir}`;
}

function sortText(order: SortOrder): RawBuilder<string | null> {
  return order.by ? sql<string>`cast(${order.by} as text)` : sql<null>`null`;
}

/** Cursor key of a paged row (with its ordering's key, see {@link SortOrder.key}). */
export function cursorKeyOf(row: PagedColumns & { id: string }): CursorKey {
  return row.__order ? { v: row.__sort, id: row.id, k: row.__order } : { v: row.__sort, id: row.id };
}

/**
 * Further columns computed per row of a page, in the page's own statement: the nested pages read
 * with it (./joined-pages.ts). Given the alias the page's rows have in the statement (rows that
 * carry their number in the page, `__rn`) and the page's size, returns the select-list items
 * (each aliased); they are computed for the page's rows only, not for the extra row read to
 * tell whether a next page exists.
 */
export type RowExtension = (rowAlias: string, pageSize: number) => readonly RawBuilder<unknown>[];

/** The alias a page's rows have in its statement when it carries a {@link RowExtension}. */
const EXTENDED_ROW = '__hj0';

/**
 * One page of a top-level list: `base` selects the rows (with their filters and scope); this adds
 * the keyset condition, the order and `limit first + 1` (the extra row says whether a next page exists).
 * With `extension` (and the `db` to run the wrapping statement on), each row also carries its
 * extension's columns.
 */
export async function fetchPage<R>(
  base: AnySelect,
  order: SortOrder,
  page: Page,
  extended?: { readonly db: Kysely<Database>; readonly extension: RowExtension },
): Promise<RowPage<R & PagedColumns>> {
  let q = base.select(sortText(order).as('__sort'));
  if (page.after) {
    assertCursorFits(order, page.after);
    q = q.where(keysetCondition(order, page.after));
  }
  q = q.orderBy(orderTerms(order)).limit(page.first + 1);
  let rows: (R & PagedColumns)[];
  if (!extended) rows = (await q.execute()) as (R & PagedColumns)[];
  else {
    const numbered = q.select(sql<number>`row_number() over (order by ${orderTerms(order)})`.as('__rn'));
    const row = sql.ref(EXTENDED_ROW);
    ({ rows } = await sql<R & PagedColumns & { __rn?: number }>`select ${row}.*, ${sql.join(extended.extension(EXTENDED_ROW, page.first))} from (${numbered}) as ${row} order by ${row}.__rn`.execute(
      extended.db,
    ));
    for (const r of rows as { __rn?: number }[]) delete r.__rn;
  }
  if (order.key) for (const row of rows) row.__order = order.key;
  const hasNextPage = rows.length > page.first;
  if (hasNextPage) rows.length = page.first;
  return { rows, hasNextPage, hasPreviousPage: page.after !== null };
}

/**
 * The page of the parent `parentRef` (an SQL expression: a parent id) of a nested list: `base`
 * limited to `parent = parentRef`, after the cursor, in order, `first + 1` rows, each with its
 * `__parent`, `__sort` and its number within the page (`__rn`). With `withOrderKeys`, each row
 * also carries its order's terms as they are (see {@link ORDER_KEY_COLUMNS}, {@link orderByKeys}).
 */
export function pageOfParent(base: AnySelect, parent: RawBuilder<unknown>, parentRef: RawBuilder<unknown>, order: SortOrder, page: Page, withOrderKeys = false): AnySelect {
  let inner = base
    .select([
      sql<string>`${parent}`.as('__parent'),
      sortText(order).as('__sort'),
      sql<number>`row_number() over (order by ${orderTerms(order)})`.as('__rn'),
      ...(withOrderKeys ? orderKeyColumns(order) : []),
    ])
    .where(sql<SqlBool>`${parent} = ${parentRef}`);
  if (page.after) {
    assertCursorFits(order, page.after);
    inner = inner.where(keysetCondition(order, page.after));
  }
  return inner.orderBy(orderTerms(order)).limit(page.first + 1);
}

/** The columns {@link pageOfParent} adds `withOrderKeys`: the order's expression (when it has one) and the row's id, uncast. */
export const ORDER_KEY_COLUMNS = ['__key', '__kid'] as const;

function orderKeyColumns(order: SortOrder) {
  const id = sql`${order.id}`.as(ORDER_KEY_COLUMNS[1]);
  return order.by ? [sql`${order.by}`.as(ORDER_KEY_COLUMNS[0]), id] : [id];
}

/**
 * `order by` terms that put rows of {@link pageOfParent} `withOrderKeys`, aliased `alias` in an
 * enclosing query, in the page's order. They name the very expressions the page is sorted by, so
 * PostgreSQL knows the rows come sorted and adds no sort of its own (where `__rn` would need one).
 */
export function orderByKeys(order: SortOrder, alias: string): RawBuilder<unknown> {
  const dir = sql.raw(order.direction);
  const id = sql`${sql.ref(`${alias}.${ORDER_KEY_COLUMNS[1]}`)} ${dir}`;
  return order.by ? sql`${sql.ref(`${alias}.${ORDER_KEY_COLUMNS[0]}`)} ${dir}, ${id}` : id;
}

/** The parents' ids a page of a nested list is read for (`unnest(ids)` in {@link fetchPagesByParent}). */
export const PARENT_IDS = sql`__par.id`;

/**
 * Pages of a nested list for many parents in ONE statement: the parent ids are unnested and each
 * parent's page is a lateral subquery (`cross join lateral (… where parent = __par.id order by …
 * limit first + 1)`), so PostgreSQL reads each parent's rows through the parent's index and stops
 * at the page's end, however many rows the parents have (a window over all the parents' rows
 * joined whole made it scan whole tables). `parent` is the parent-id expression; rows are numbered
 * within their parent's page (`__rn`) and returned in `parentIds` order. With `extension`, each
 * row also carries its extension's columns.
 */
export async function fetchPagesByParent<R>(
  db: Kysely<Database>,
  base: AnySelect,
  parent: RawBuilder<unknown>,
  parentIds: readonly string[],
  order: SortOrder,
  page: Page,
  extension?: RowExtension,
): Promise<RowPage<R & PagedColumns>[]> {
  const inner = pageOfParent(base, parent, PARENT_IDS, order, page);
  const row = sql.ref(EXTENDED_ROW);
  const lateral = extension ? sql`select ${row}.*, ${sql.join(extension(EXTENDED_ROW, page.first))} from (${inner}) as ${row}` : inner;
  const { rows } = await sql<R & PagedColumns & { __parent: string; __rn: number }>`select __x.* from unnest(${[...parentIds]}::uuid[]) with ordinality as __par(id, ord)
    cross join lateral (${lateral}) as __x order by __par.ord, __x.__rn`.execute(db);
  if (order.key) for (const row of rows) row.__order = order.key;
  const byParent = new Map<string, (R & PagedColumns)[]>();
  for (const row of rows) {
    let list = byParent.get(row.__parent);
    if (!list) {
      list = [];
      byParent.set(row.__parent, list);
    }
    list.push(row);
  }
  return parentIds.map((id) => {
    const list = byParent.get(id) ?? [];
    const hasNextPage = list.length > page.first;
    if (hasNextPage) list.length = page.first;
    return { rows: list, hasNextPage, hasPreviousPage: page.after !== null };
  });
}

/** `count(*)` of a top-level list (filters and scope as in `base`). */
export async function countRows(base: AnySelect): Promise<number> {
  const row = (await base.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirst()) as { n: number } | undefined;
  return row?.n ?? 0;
}

/** `count(*)` per parent of a nested list, in ONE statement; in `parentIds` order. */
export async function countRowsByParent(base: AnySelect, parent: RawBuilder<unknown>, parentIds: readonly string[]): Promise<number[]> {
  const rows = (await base
    .clearSelect()
    .select([sql<string>`${parent}`.as('__parent'), sql<number>`count(*)::int`.as('n')])
    .where(sql<SqlBool>`${parent} = any(${[...parentIds]}::uuid[])`)
    .groupBy(parent)
    .execute()) as { __parent: string; n: number }[];
  const map = new Map(rows.map((r) => [r.__parent, r.n]));
  return parentIds.map((id) => map.get(id) ?? 0);
}
