import type { Kysely, RawBuilder, SelectQueryBuilder } from 'kysely';
import { ArgsType, Field, Int } from 'type-graphql';
import type { Database } from '../../db/database';
import type { Caller } from '../../auth/caller';
import type { HubContext } from '../context';
import type { GraphQLResolveInfo } from 'graphql';
import { type ColumnSet, selectedColumns } from './columns';
import { type ConnectionClass, type ConnectionShape, type EdgeBase, toConnection } from './connection';
import { childPageLoader, extensionOf, type NestedList, planJoins, primeJoined, readyJoins } from './joined-pages';
import { countRows, countRowsByParent, fetchPage, type PagedColumns, type SortOrder } from './keyset';
import { type Page, readPage } from './page';

// biome-ignore lint: list specs build query builders of any shape
type AnySelect = SelectQueryBuilder<any, any, any>;

/** `first` / `after` of every connection field. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Rows to return (default 100, at most 1000).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return rows after this cursor (an `endCursor` or edge `cursor`).' })
  after?: string | null;
}

/** A top-level list: its rows (filters and caller scope applied) and its order. */
export interface ListSpec {
  /**
   * Selects the rows, with the filters and the caller's area scope. A spec whose node type has a
   * column plan (common/columns.ts) reads only `columns` of its table when given; others read all.
   */
  base(db: Kysely<Database>, caller: Caller, columns?: ColumnSet): AnySelect;
  readonly order: SortOrder;
}

/** A nested list of many parents at once: `base` plus the parent-id expression it is grouped by. */
export interface ChildListSpec extends ListSpec {
  /** The parent-id expression (`h.grid_id`). */
  readonly parent: RawBuilder<unknown>;
}

/**
 * A top-level connection: one statement for the page, one more for `totalCount` when selected.
 * `columns`: the table columns the page reads (common/columns.ts; all when absent). With `info`,
 * the nested lists selected under its nodes are read in the same statement (./joined-pages.ts).
 */
export async function rootConnection<R extends { id: string }, TNode, TEdge extends EdgeBase<TNode> = EdgeBase<TNode>>(
  ctx: HubContext,
  Connection: ConnectionClass<TNode, TEdge>,
  spec: ListSpec,
  args: ConnectionArgs,
  toNode: (row: R & PagedColumns) => TNode,
  fillEdge?: (row: R & PagedColumns, edge: TEdge) => void,
  columns?: ColumnSet,
  info?: GraphQLResolveInfo,
): Promise<ConnectionShape<TNode, TEdge>> {
  const page = readPage(args);
  const joins = info ? await readyJoins(ctx, planJoins(ctx, info)) : [];
  const extension = extensionOf(joins, 1);
  const rows = await fetchPage<R>(spec.base(ctx.readDb, ctx.caller, columns), spec.order, page, extension && { db: ctx.readDb, extension });
  if (joins.length) primeJoined(ctx, rows.rows as unknown as Record<string, unknown>[], joins);
  return toConnection(Connection, rows, toNode, () => countRows(spec.base(ctx.readDb, ctx.caller)), fillEdge);
}

/**
 * A nested connection, batched: every parent asking for `name` with the same page arguments in
 * one request is served by ONE statement (and `totalCount` by one more, only when selected).
 * `name` must identify the spec including its filters; `columns` are the table columns the
 * pages read (common/columns.ts; all when absent).
 */
export async function childConnection<R extends { id: string }, TNode, TEdge extends EdgeBase<TNode> = EdgeBase<TNode>>(
  ctx: HubContext,
  Connection: ConnectionClass<TNode, TEdge>,
  name: string,
  spec: ChildListSpec,
  parentId: string,
  args: ConnectionArgs,
  toNode: (row: R & PagedColumns) => TNode,
  fillEdge?: (row: R & PagedColumns, edge: TEdge) => void,
  columns?: ColumnSet,
  info?: GraphQLResolveInfo,
): Promise<ConnectionShape<TNode, TEdge>> {
  const page: Page = readPage(args);
  const rows = await childPageLoader<R>(ctx, name, spec, page, columns, () => (info ? planJoins(ctx, info) : [])).load(parentId);
  const countTotal = () =>
    ctx.loaders.get<string, number>(`${name}|count`, (ids) => countRowsByParent(spec.base(ctx.readDb, ctx.caller), spec.parent, ids)).load(parentId);
  return toConnection(Connection, rows, toNode, countTotal, fillEdge);
}

/**
 * A nested connection of a {@link NestedList}: {@link childConnection} with the list's name, spec
 * and the columns its selection needs. Its field declares the same list with
 * `@Extensions(joinable(list))`, so a parent's statement may read its pages ahead
 * (./joined-pages.ts); its own statement reads the lists selected below it the same way.
 */
export function nestedConnection<R extends { id: string }, TNode, TEdge extends EdgeBase<TNode> = EdgeBase<TNode>>(
  ctx: HubContext,
  Connection: ConnectionClass<TNode, TEdge>,
  list: NestedList,
  parentId: string,
  args: ConnectionArgs,
  info: GraphQLResolveInfo,
  toNode: (row: R & PagedColumns) => TNode,
  fillEdge?: (row: R & PagedColumns, edge: TEdge) => void,
): Promise<ConnectionShape<TNode, TEdge>> {
  const columns = list.columns ? selectedColumns(list.columns, info, 'connection') : undefined;
  return childConnection(ctx, Connection, list.name, list.spec, parentId, args, toNode, fillEdge, columns, info);
}

/** Loads rows by id through one batched statement per request and type; `null` when absent or out of scope. */
export function loadById<R extends { id: string }>(
  ctx: HubContext,
  name: string,
  fetch: (db: Kysely<Database>, caller: Caller, ids: readonly string[]) => Promise<R[]>,
  id: string,
): Promise<R | null> {
  return ctx.loaders
    .get<string, R | null>(`${name}|byId`, async (ids) => {
      const rows = await fetch(ctx.readDb, ctx.caller, ids);
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((k) => map.get(k) ?? null);
    })
    .load(id);
}

/** Loads the rows related to a parent (a short list, no paging) through one batched statement. */
export function loadListByParent<R>(
  ctx: HubContext,
  name: string,
  fetch: (db: Kysely<Database>, caller: Caller, parentIds: readonly string[]) => Promise<(R & { __parent: string })[]>,
  parentId: string,
): Promise<R[]> {
  return ctx.loaders
    .get<string, R[]>(`${name}|list`, async (ids) => {
      const rows = await fetch(ctx.readDb, ctx.caller, ids);
      const map = new Map<string, R[]>();
      for (const row of rows) {
        let list = map.get(row.__parent);
        if (!list) {
          list = [];
          map.set(row.__parent, list);
        }
        list.push(row);
      }
      return ids.map((k) => map.get(k) ?? []);
    })
    .load(parentId);
}
