import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { cursorKeyOf, type PagedColumns, type RowPage } from './keyset';
import { encodeCursor } from './page';

/** Relay page information. */
@ObjectType({ description: 'Where a page sits in its list (Relay PageInfo).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'More rows follow this page: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'The page was asked for with `after`, so rows precede it.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first row of the page; null when the page is empty.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last row of the page; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

/** The shape every edge has; entity-specific edges add fields about the relation. */
export interface EdgeShape<TNode> {
  cursor: string;
  node: TNode;
}

/** What a connection object holds before GraphQL reads it. */
export interface ConnectionShape<TNode, TEdge extends EdgeShape<TNode>> {
  edges: TEdge[];
  nodes: TNode[];
  pageInfo: PageInfo;
  /** Counts the whole filtered list; only called when a client selects `totalCount`. */
  countTotal: () => Promise<number>;
}

/** Base of every edge type: `cursor` and `node`. */
export function edgeType<TNode extends object>(node: ClassType<TNode>, name: string, description: string) {
  @ObjectType(`${name}Edge`, { description })
  class Edge implements EdgeShape<TNode> {
    @Field(() => String, { description: 'Opaque position of this row; pass it as `after` to continue after it.' })
    cursor!: string;

    @Field(() => node, { description: 'The row.' })
    node!: TNode;
  }
  return Edge;
}

/**
 * A Relay connection type `<Name>Connection` over `node` (edges with cursors, `nodes` as a
 * shortcut, `pageInfo`, and `totalCount` counted only when selected). Pass `edge` for an edge
 * type with fields about the relation (a resident's relation to the household, a participant's hours).
 */
export function connectionType<TNode extends object, TEdge extends EdgeShape<TNode>>(
  node: ClassType<TNode>,
  name: string,
  description: string,
  edge?: ClassType<TEdge>,
) {
  const Edge = edge ?? (edgeType(node, name, `A ${name} in a list, with its cursor.`) as unknown as ClassType<TEdge>);

  @ObjectType(`${name}Connection`, { description })
  class Connection implements ConnectionShape<TNode, TEdge> {
    @Field(() => [Edge], { description: 'Rows of this page with their cursors.' })
    edges!: TEdge[];

    @Field(() => [node], { description: 'Rows of this page (the edges\' nodes, without cursors).' })
    nodes!: TNode[];

    @Field(() => PageInfo, { description: 'Cursors and whether more rows follow.' })
    pageInfo!: PageInfo;

    countTotal!: () => Promise<number>;

    @Field(() => Int, { description: 'Rows in the whole filtered list (all pages). Costs one count query, made only when selected.' })
    totalCount(): Promise<number> {
      return this.countTotal();
    }
  }
  return Connection;
}

/**
 * Builds a connection object from a page of rows: `toNode` maps each row (a pure mapper),
 * `toEdge` adds relation fields to an edge when the edge type has any.
 */
export function toConnection<R extends PagedColumns & { id: string }, TNode, TEdge extends EdgeShape<TNode> = EdgeShape<TNode>>(
  Connection: ClassType<ConnectionShape<TNode, TEdge>>,
  page: RowPage<R>,
  toNode: (row: R) => TNode,
  countTotal: () => Promise<number>,
  toEdge?: (row: R, base: EdgeShape<TNode>) => TEdge,
): ConnectionShape<TNode, TEdge> {
  const edges: TEdge[] = new Array(page.rows.length);
  const nodes: TNode[] = new Array(page.rows.length);
  for (let i = 0; i < page.rows.length; i++) {
    const row = page.rows[i]!;
    const node = toNode(row);
    const base = { cursor: encodeCursor(cursorKeyOf(row)), node };
    nodes[i] = node;
    edges[i] = toEdge ? toEdge(row, base) : (base as TEdge);
  }
  const pageInfo = new PageInfo();
  pageInfo.hasNextPage = page.hasNextPage;
  pageInfo.hasPreviousPage = page.hasPreviousPage;
  pageInfo.startCursor = edges[0]?.cursor ?? null;
  pageInfo.endCursor = edges[edges.length - 1]?.cursor ?? null;
  const connection = new Connection();
  connection.edges = edges;
  connection.nodes = nodes;
  connection.pageInfo = pageInfo;
  connection.countTotal = countTotal;
  return connection;
}
