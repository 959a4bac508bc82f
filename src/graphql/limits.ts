import type {
  ASTVisitor,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
  ValueNode,
} from 'graphql';
import { getNamedType, getNullableType, GraphQLError, isInterfaceType, isListType, isObjectType, Kind } from './graphql-js';
import { GRAPHQL_ERROR_CODES } from './errors';

/** Rows a connection returns when `first` is not given. */
export const DEFAULT_PAGE_SIZE = 100;
/** The largest `first` a connection accepts; above it the request fails with `PAGE_SIZE_LIMIT_EXCEEDED`. */
export const MAX_PAGE_SIZE = 1000;
/**
 * Deepest field nesting an operation may have (the root field is depth 1, `__typename` and
 * introspection fields do not count). Deep enough for area → grids → households → residents
 * with connection wrappers (edges → node) and a few nested objects.
 */
export const MAX_QUERY_DEPTH = 16;
/** Most aliases an operation may use, counted through its fragments (aliases multiply the work of one request). */
export const MAX_ALIASES = 30;
/**
 * Most lexical tokens a document may have (graphql-js `parse` stops there, so a huge document
 * costs no more than this to refuse). The longest playground example has under 300; generated
 * clients' largest operations a few thousand.
 */
export const MAX_TOKENS = 10_000;
/**
 * Default of `server.maxCost`. Measured with {@link operationCost}: the playground examples cost
 * 1,827 to 124,243 (the costliest, `person-lineage`, asks 3 persons' `residencies` and their
 * households' `sources`, lists without `first` that each count at 100 though they hold a few
 * rows), the benchmark's 3-level query 10,677 and its 1,000-row page 11,001. The query of
 * 1,000 cases → area → 1,000 grids → 1,000 households → 1,000 residents costs 2·10¹². 250,000
 * is twice the costliest example and refuses anything that nests pages of pages of pages.
 */
export const DEFAULT_MAX_COST = 250_000;

/** The document's fragment definitions by name. */
function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) map.set(def.name.value, def);
  }
  return map;
}

/**
 * A measure of selection sets computed in one pass over the document: each fragment is measured
 * once and its result reused wherever it is spread, so fragments spreading fragments (even each
 * twice, 26 deep) cost time linear in the document's size, not in its expansion. A fragment met
 * again while being measured (a cycle, which the standard rules reject) counts 0.
 */
class FragmentMemo {
  private readonly done = new Map<string, number>();
  private readonly active = new Set<string>();
  constructor(
    readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly measure: (fragment: FragmentDefinitionNode) => number,
  ) {}

  of(name: string): number {
    const known = this.done.get(name);
    if (known !== undefined) return known;
    const fragment = this.fragments.get(name);
    if (!fragment || this.active.has(name)) return 0; // unknown or cyclic fragments are other rules' business
    this.active.add(name);
    const value = this.measure(fragment);
    this.active.delete(name);
    this.done.set(name, value);
    return value;
  }
}

/** Nesting depth of a selection set, following fragments (each fragment measured once). */
function selectionDepth(selectionSet: SelectionSetNode | undefined, memo: FragmentMemo): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + selectionDepth(selection.selectionSet, memo));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, memo));
    } else {
      deepest = Math.max(deepest, memo.of(selection.name.value));
    }
  }
  return deepest;
}

/** Aliased fields of a selection set with every fragment spread expanded (each fragment counted once, then multiplied). */
function selectionAliases(selectionSet: SelectionSetNode | undefined, memo: FragmentMemo): number {
  if (!selectionSet) return 0;
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += (selection.alias ? 1 : 0) + selectionAliases(selection.selectionSet, memo);
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += selectionAliases(selection.selectionSet, memo);
    else count += memo.of(selection.name.value);
  }
  return count;
}

/** Fails an operation nested deeper than `maxDepth` with `QUERY_DEPTH_LIMIT_EXCEEDED`. Linear in the document's size. */
export function depthLimitRule(maxDepth: number = MAX_QUERY_DEPTH): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let memo: FragmentMemo | null = null;
    return {
      OperationDefinition(node: OperationDefinitionNode) {
        memo ??= new FragmentMemo(fragmentsOf(context.getDocument()), (f) => selectionDepth(f.selectionSet, memo!));
        const depth = selectionDepth(node.selectionSet, memo);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Operation nests ${depth} levels deep; the limit is ${maxDepth}`, {
              nodes: [node],
              extensions: { code: GRAPHQL_ERROR_CODES.QUERY_DEPTH_LIMIT_EXCEEDED, limit: maxDepth, depth },
            }),
          );
        }
        return false; // the selections were walked above
      },
    };
  };
}

/** Fails an operation with more than `maxAliases` aliased fields (fragments expanded) with `ALIAS_LIMIT_EXCEEDED`. Linear in the document's size. */
export function aliasLimitRule(maxAliases: number = MAX_ALIASES): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let memo: FragmentMemo | null = null;
    return {
      OperationDefinition(node: OperationDefinitionNode) {
        memo ??= new FragmentMemo(fragmentsOf(context.getDocument()), (f) => selectionAliases(f.selectionSet, memo!));
        const aliases = selectionAliases(node.selectionSet, memo);
        if (aliases > maxAliases) {
          context.reportError(
            new GraphQLError(`Operation uses ${formatCount(aliases)} aliases; the limit is ${maxAliases}`, {
              nodes: [node],
              extensions: { code: GRAPHQL_ERROR_CODES.ALIAS_LIMIT_EXCEEDED, limit: maxAliases, aliases: capped(aliases) },
            }),
          );
        }
        return false;
      },
    };
  };
}

/** The hub's validation rules, added to graphql-js's standard ones. */
export function hubValidationRules(): ValidationRule[] {
  return [depthLimitRule(), aliasLimitRule()];
}

/**
 * How many times a field's selections run per run of the field: its page size for a connection
 * (`first`, or {@link DEFAULT_PAGE_SIZE} when absent), 1 for the `nodes`/`edges` list of a
 * connection (the connection already counted its page), {@link DEFAULT_PAGE_SIZE} for any other
 * list, 1 otherwise.
 */
function fieldMultiplier(parentType: GraphQLNamedType, fieldName: string, returnType: GraphQLOutputType, hasFirst: boolean, first: unknown): number {
  if (hasFirst) return typeof first === 'number' && Number.isFinite(first) ? Math.max(0, first) : DEFAULT_PAGE_SIZE;
  if (getNamedType(returnType).name.endsWith('Connection')) return DEFAULT_PAGE_SIZE;
  if (isListType(getNullableType(returnType))) {
    return parentType.name.endsWith('Connection') && (fieldName === 'nodes' || fieldName === 'edges') ? 1 : DEFAULT_PAGE_SIZE;
  }
  return 1;
}

/**
 * What an operation costs before it runs: each field costs 1 × the product of the page sizes of
 * the lists above it (see {@link fieldMultiplier}); introspection fields and `__typename` are free
 * (the schema bounds them). `first` given as a variable is read from `variables` (already
 * coerced). Fragments are costed once per document and scaled, so the time is linear in the
 * document's size. `@skip`/`@include` are ignored (the cost is an upper bound).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): number {
  const fragments = fragmentsOf(document);
  const memo: FragmentMemo = new FragmentMemo(fragments, (f) => {
    const type = schema.getType(f.typeCondition.name.value);
    return type ? selectionCost(f.selectionSet, type) : 0;
  });
  const intValue = (node: ValueNode | undefined): unknown => {
    if (node?.kind === Kind.INT) return Number(node.value);
    if (node?.kind === Kind.VARIABLE) return variables[node.name.value];
    return undefined; // absent or null: the default page size
  };
  function selectionCost(selectionSet: SelectionSetNode | undefined, parentType: GraphQLNamedType): number {
    if (!selectionSet) return 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        if (!isObjectType(parentType) && !isInterfaceType(parentType)) continue;
        const field = parentType.getFields()[name];
        if (!field) continue; // unknown fields are the standard rules' business
        const hasFirst = field.args.some((a) => a.name === 'first');
        const first = intValue(selection.arguments?.find((a) => a.name.value === 'first')?.value);
        const multiplier = fieldMultiplier(parentType, name, field.type, hasFirst, first);
        cost += 1;
        if (selection.selectionSet && multiplier > 0) cost += multiplier * selectionCost(selection.selectionSet, getNamedType(field.type));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (type) cost += selectionCost(selection.selectionSet, type);
      } else {
        cost += memo.of(selection.name.value);
      }
    }
    return cost;
  }
  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(operation.selectionSet, root) : 0;
}

/** A count as JSON can carry it (expansions of fragment fan-outs overflow any integer). */
function capped(n: number): number {
  return Math.min(n, Number.MAX_SAFE_INTEGER);
}

/** `12,345` or `more than 9,007,199,254,740,991`. */
export function formatCount(n: number): string {
  return n > Number.MAX_SAFE_INTEGER ? `more than ${Number.MAX_SAFE_INTEGER.toLocaleString('en')}` : Math.round(n).toLocaleString('en');
}

/** `COST_LIMIT_EXCEEDED` for an operation costing `cost` over `limit` (`extensions.cost`, `extensions.limit`). */
export function costLimitError(cost: number, limit: number): GraphQLError {
  return new GraphQLError(
    `Operation costs ${formatCount(cost)}, above the limit of ${formatCount(limit)} (each field counts 1 × the page sizes of the lists above it; ask for smaller pages or fewer nested lists)`,
    { extensions: { code: GRAPHQL_ERROR_CODES.COST_LIMIT_EXCEEDED, cost: capped(cost), limit, http: { status: 400 } } },
  );
}
