import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { cursorKeyOf, type PagedColumns, type RowPage } from './keyset';
import { type CursorKey, encodeCursor } from './page';

/** Relay page information. Cursors are encoded only when selected. */
@ObjectType({ simpleResolvers: true, description: 'Where a page sits in its list (Relay PageInfo).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'More rows follow this page: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'The page was asked for with `after`, so rows precede it.' })
  hasPreviousPage!: boolean;

  /** Positions of the first and last rows of the page. */
  startKey!: CursorKey | null;
  endKey!: CursorKey | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the first row of the page; null when the page is empty.' })
  get startCursor(): string | null {
    return this.startKey && encodeCursor(this.startKey);
  }

  @Field(() => String, { nullable: true, description: 'Cursor of the last row of the page; pass it as `after` for the next page.' })
  get endCursor(): string | null {
    return this.endKey && encodeCursor(this.endKey);
  }
}

/**
 * Base of every edge type: `cursor` (encoded only when a client selects it) and `node`.
 * Entity-specific edges extend it with fields about the relation.
 */
@ObjectType('EdgeBase', { simpleResolvers: true, description: 'Base of every edge type (not emitted in the schema: no field returns it).' })
export abstract class EdgeBase<TNode> {
  /** The page's row (its id and sort value); the opaque cursor is made from it on demand. */
  row!: PagedColumns & { id: string };

  node!: TNode;

  @Field(() => String, { description: 'Opaque position of this row; pass it as `after` to continue after it.' })
  get cursor(): string {
    return encodeCursor(cursorKeyOf(this.row));
  }
}

/** What a connection object holds before GraphQL reads it. */
export interface ConnectionShape<TNode, TEdge extends EdgeBase<TNode>> {
  /** The edges, made on first read (a client asking only for `nodes` never pays for them). */
  readonly edges: TEdge[];
  nodes: TNode[];
  pageInfo: PageInfo;
  /** Counts the whole filtered list; only called when a client selects `totalCount`. */
  countTotal: () => Promise<number>;
  /** Builds the edges from the page's rows (set by {@link toConnection}). */
  makeEdges: () => TEdge[];
}

/** A connection class, knowing its edge class. */
export type ConnectionClass<TNode, TEdge extends EdgeBase<TNode>> = ClassType<ConnectionShape<TNode, TEdge>> & { readonly Edge: new () => TEdge };

/** The plain edge type `<Name>Edge` over `node`. */
export function edgeType<TNode extends object>(node: ClassType<TNode>, name: string, description: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description })
  class Edge extends EdgeBase<TNode> {
    @Field(() => node, { description: 'The row.' })
    declare node: TNode;
  }
  return Edge;
}

/**
 * A Relay connection type `<Name>Connection` over `node` (edges with cursors, `nodes` as a
 * shortcut, `pageInfo`, and `totalCount` counted only when selected). Pass `edge` for an edge
 * type with fields about the relation (a resident's relation to the household, a participant's hours).
 */
export function connectionType<TNode extends object, TEdge extends EdgeBase<TNode>>(
  node: ClassType<TNode>,
  name: string,
  description: string,
  edge?: new () => TEdge,
): ConnectionClass<TNode, TEdge> {
  const EdgeClass = edge ?? (edgeType(node, name, `A ${name} in a list, with its cursor.`) as unknown as new () => TEdge);

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description })
  class Connection implements ConnectionShape<TNode, TEdge> {
    static readonly Edge = EdgeClass;

    private madeEdges: TEdge[] | null = null;

    @Field(() => [EdgeClass], { description: 'Rows of this page with their cursors.' })
    get edges(): TEdge[] {
      this.madeEdges ??= this.makeEdges();
      return this.madeEdges;
    }

    @Field(() => [node], { description: 'Rows of this page (the edges\' nodes, without cursors).' })
    nodes!: TNode[];

    @Field(() => PageInfo, { description: 'Cursors and whether more rows follow.' })
    pageInfo!: PageInfo;

    countTotal!: () => Promise<number>;
    makeEdges!: () => TEdge[];

    @Field(() => Int, { description: 'Rows in the whole filtered list (all pages). Costs one count query, made only when selected.' })
    totalCount(): Promise<number> {
      return this.countTotal();
    }
  }
  return Connection;
}

/**
 * Builds a connection object from a page of rows: `toNode` maps each row (a pure mapper),
 * `fillEdge` sets the relation fields of an entity-specific edge.
 */
export function toConnection<R extends PagedColumns & { id: string }, TNode, TEdge extends EdgeBase<TNode>>(
  Connection: ConnectionClass<TNode, TEdge>,
  page: RowPage<R>,
  toNode: (row: R) => TNode,
  countTotal: () => Promise<number>,
  fillEdge?: (row: R, edge: TEdge) => void,
): ConnectionShape<TNode, TEdge> {
  const rows = page.rows;
  const nodes: TNode[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) nodes[i] = toNode(rows[i]!);
  const pageInfo = new PageInfo();
  pageInfo.hasNextPage = page.hasNextPage;
  pageInfo.hasPreviousPage = page.hasPreviousPage;
  pageInfo.startKey = rows.length > 0 ? cursorKeyOf(rows[0]!) : null;
  pageInfo.endKey = rows.length > 0 ? cursorKeyOf(rows[rows.length - 1]!) : null;
  const connection = new Connection();
  connection.nodes = nodes;
  connection.pageInfo = pageInfo;
  connection.countTotal = countTotal;
  connection.makeEdges = () => {
    const Edge = Connection.Edge;
    const edges: TEdge[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const edge = new Edge();
      edge.row = rows[i]!;
      edge.node = nodes[i]!;
      if (fillEdge) fillEdge(rows[i]!, edge);
      edges[i] = edge;
    }
    return edges;
  };
  return connection;
}
