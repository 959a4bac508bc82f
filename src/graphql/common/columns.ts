import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { Selectable, SelectQueryBuilder } from 'kysely';

/**
 * Column pruning: a list reads only the columns its operation asks for (#16). A node type whose
 * rows come from one table declares a {@link ColumnPlan} next to its row mapper: the columns it
 * always reads (the id, and what masking and scopes need) and, per GraphQL field, the further
 * columns that field reads (a nested field: the foreign key it resolves through). A selection that names a field the plan does not
 * list reads every column, so a new field is never served from a half-read row; the check
 * in test/graphql/column-pruning.test.ts compares every listed field, read pruned, with the same
 * node read whole.
 */
export interface ColumnPlan {
  /** Columns every row reads: the id, and what masking and scopes need. */
  readonly always: readonly string[];
  /** Per GraphQL field of the node type: the further columns it reads (`[]`: none beyond `always`). */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  /**
   * A list whose edges carry fields about the relation (a resident's relation to the household):
   * per GraphQL field of its edge type other than `node` and `cursor`, the list's own columns that
   * field reads, named as the list's statement names them (`__`-prefixed, see {@link edgeColumns}).
   * A selected edge field not listed here reads every column. Absent: the edges carry no such field.
   */
  readonly edgeFields?: Readonly<Record<string, readonly string[]>>;
}

/** The columns a list reads: a list of names, or `null` for every column. */
export type ColumnSet = readonly string[] | null;

/** Where a list's nodes sit in the field's result. */
export type NodeShape = 'connection' | 'list';

/**
 * The columns the current field's nodes need under `plan`: for a connection the fields selected
 * under `nodes` and `edges { node }`, for a plain list or object the field's own selection;
 * fragments are followed. `null` (every column) when a selected field is not in the plan.
 */
export function selectedColumns(plan: ColumnPlan, info: GraphQLResolveInfo, shape: NodeShape): ColumnSet {
  // the answer depends only on the field's nodes (and the document's fragments they belong to):
  // computed once for all the parents of a level, which share their field nodes
  let byPlan = memo.get(info.fieldNodes);
  if (!byPlan) {
    byPlan = new Map();
    memo.set(info.fieldNodes, byPlan);
  }
  let byShape = byPlan.get(plan);
  if (!byShape) {
    byShape = {};
    byPlan.set(plan, byShape);
  }
  const known = byShape[shape];
  if (known !== undefined) return known;
  const columns = computeSelectedColumns(plan, info, shape);
  byShape[shape] = columns;
  return columns;
}

/** Per field nodes, per plan, per shape: the columns. */
const memo = new WeakMap<readonly FieldNode[], Map<ColumnPlan, Partial<Record<NodeShape, ColumnSet>>>>();

function computeSelectedColumns(plan: ColumnPlan, info: GraphQLResolveInfo, shape: NodeShape): ColumnSet {
  const wanted = new Set(plan.always);
  let complete = true;
  const add = (fields: Readonly<Record<string, readonly string[]>>, field: FieldNode) => {
    const name = field.name.value;
    if (name === '__typename') return;
    const columns = fields[name];
    if (!columns) complete = false;
    else for (const c of columns) wanted.add(c);
  };
  forEachNodeField(info.fieldNodes, info.fragments, shape, (field) => add(plan.fields, field));
  const { edgeFields } = plan;
  if (edgeFields && shape === 'connection') forEachEdgeField(info.fieldNodes, info.fragments, (field) => add(edgeFields, field));
  return complete ? [...wanted].sort() : null;
}

/** Visits the fields selected on the edges of the connection fields `fieldNodes`, other than `node` and `cursor`. */
function forEachEdgeField(fieldNodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>, visit: (field: FieldNode) => void): void {
  for (const fieldNode of fieldNodes)
    forEachField(fieldNode.selectionSet, fragments, (field) => {
      if (field.name.value === 'edges')
        forEachField(field.selectionSet, fragments, (edgeField) => {
          if (edgeField.name.value !== 'node' && edgeField.name.value !== 'cursor') visit(edgeField);
        });
    });
}

/**
 * For a list with edge columns ({@link ColumnPlan.edgeFields}): of `edge` (`[name, expression]`, the
 * name `__`-prefixed), the select items `columns` asks for — all of them when it asks for every
 * column — and the node's own columns (`columns` without the edge columns) to read the node's table by.
 */
export function edgeColumns(columns: ColumnSet | undefined, edge: readonly (readonly [name: string, expression: string])[]): { node: ColumnSet | undefined; edge: string[] } {
  if (!columns) return { node: columns, edge: edge.map(([name, expression]) => `${expression} as ${name}`) };
  return {
    node: columns.filter((c) => !c.startsWith('__')),
    edge: edge.filter(([name]) => columns.includes(name)).map(([name, expression]) => `${expression} as ${name}`),
  };
}

/**
 * Visits the fields selected on the nodes of `fieldNodes` (a field of `shape`): for a connection
 * those under `nodes` and under `edges { node }`, for a plain list or object the field's own;
 * fragments are followed. `path` says which: `nodes`, `edges` or `list`.
 */
export function forEachNodeField(
  fieldNodes: readonly FieldNode[],
  fragments: Record<string, FragmentDefinitionNode>,
  shape: NodeShape,
  visit: (field: FieldNode, path: 'nodes' | 'edges' | 'list') => void,
): void {
  for (const fieldNode of fieldNodes) {
    if (shape === 'list') {
      forEachField(fieldNode.selectionSet, fragments, (field) => visit(field, 'list'));
      continue;
    }
    forEachField(fieldNode.selectionSet, fragments, (field) => {
      if (field.name.value === 'nodes') forEachField(field.selectionSet, fragments, (node) => visit(node, 'nodes'));
      else if (field.name.value === 'edges')
        forEachField(field.selectionSet, fragments, (edgeField) => {
          if (edgeField.name.value === 'node') forEachField(edgeField.selectionSet, fragments, (node) => visit(node, 'edges'));
        });
    });
  }
}

function forEachField(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, visit: (field: FieldNode) => void, seen = new Set<string>()): void {
  if (!set) return;
  for (const selection of set.selections) {
    if (selection.kind === 'Field') visit(selection);
    else if (selection.kind === 'InlineFragment') forEachField(selection.selectionSet, fragments, visit, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      forEachField(fragments[selection.name.value]?.selectionSet, fragments, visit, seen);
    }
  }
}

/**
 * Selects `columns` of the table aliased `alias` (every column when `null` or absent). Typed as
 * the whole row: a pruned row lacks the columns no selected field reads, which row mappers leave
 * unread (see {@link ColumnPlan}).
 */
export function selectColumns<DB, TB extends keyof DB, O, T extends TB>(
  q: SelectQueryBuilder<DB, TB, O>,
  alias: T,
  columns: ColumnSet | undefined,
): SelectQueryBuilder<DB, TB, O & Selectable<DB[T]>> {
  if (!columns) return q.selectAll(alias);
  // biome-ignore lint/suspicious/noExplicitAny: the column names come from the plan of this table
  return q.select(columns.map((c) => `${String(alias)}.${c}`) as any) as unknown as SelectQueryBuilder<DB, TB, O & Selectable<DB[T]>>;
}

/** A short key of a column set, for loader names (two selections of one list in a request load apart). */
export function columnsKey(columns: ColumnSet | undefined): string {
  return columns ? columns.join(',') : '*';
}
