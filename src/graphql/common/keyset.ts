import { type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database';
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
  readonly type: 'text' | 'timestamptz' | 'integer';
  readonly direction: 'asc' | 'desc';
  /** The row's id column. */
  readonly id: RawBuilder<unknown>;
}

/** Extra columns every paged row carries. */
export interface PagedColumns {
  /** Sort value as text, for the cursor. */
  __sort: string | null;
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

/** Cursor key of a paged row. */
export function cursorKeyOf(row: PagedColumns & { id: string }): CursorKey {
  return { v: row.__sort, id: row.id };
}

/**
 * One page of a top-level list: `base` selects the rows (with their filters and scope); this adds
 * the keyset condition, the order and `limit first + 1` (the extra row says whether a next page exists).
 */
export async function fetchPage<R>(base: AnySelect, order: SortOrder, page: Page): Promise<RowPage<R & PagedColumns>> {
  let q = base.select(sortText(order).as('__sort'));
  if (page.after) q = q.where(keysetCondition(order, page.after));
  const rows = (await q.orderBy(orderTerms(order)).limit(page.first + 1).execute()) as (R & PagedColumns)[];
  const hasNextPage = rows.length > page.first;
  if (hasNextPage) rows.length = page.first;
  return { rows, hasNextPage, hasPreviousPage: page.after !== null };
}

/**
 * Pages of a nested list for many parents in ONE statement: rows are numbered per parent with
 * `row_number() over (partition by parent order by …)` and cut at `first + 1`. `parent` is the
 * parent-id expression; returned pages are in `parentIds` order.
 */
export async function fetchPagesByParent<R>(
  db: Kysely<Database>,
  base: AnySelect,
  parent: RawBuilder<unknown>,
  parentIds: readonly string[],
  order: SortOrder,
  page: Page,
): Promise<RowPage<R & PagedColumns>[]> {
  let inner = base
    .select([
      sql<string>`${parent}`.as('__parent'),
      sortText(order).as('__sort'),
      sql<number>`row_number() over (partition by ${parent} order by ${orderTerms(order)})`.as('__rn'),
    ])
    .where(sql<SqlBool>`${parent} = any(${[...parentIds]}::uuid[])`);
  if (page.after) inner = inner.where(keysetCondition(order, page.after));
  // biome-ignore lint/suspicious/noExplicitAny: selects from a derived table (__x) that the Database type does not list
  const rows = (await (db as Kysely<any>)
    .selectFrom(inner.as('__x'))
    .selectAll()
    .where('__x.__rn', '<=', page.first + 1)
    .orderBy('__x.__parent')
    .orderBy('__x.__rn')
    .execute()) as (R & PagedColumns & { __parent: string; __rn: number })[];
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
