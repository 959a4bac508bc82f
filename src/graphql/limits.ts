import type { ASTVisitor, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode, ValidationContext, ValidationRule } from 'graphql';
import { GraphQLError, Kind } from './graphql-js';
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
/** Most aliases an operation may use (aliases multiply the work of one request). */
export const MAX_ALIASES = 30;

/** Nesting depth of a selection set, following fragments (each fragment visited once per path). */
function selectionDepth(
  selectionSet: SelectionSetNode | undefined,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + selectionDepth(selection.selectionSet, fragments, visiting));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragments, visiting));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue; // unknown or cyclic fragments are other rules' business
      visiting.add(name);
      deepest = Math.max(deepest, selectionDepth(fragment.selectionSet, fragments, visiting));
      visiting.delete(name);
    }
  }
  return deepest;
}

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const def of context.getDocument().definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) map.set(def.name.value, def);
  }
  return map;
}

/** Fails an operation nested deeper than `maxDepth` with `QUERY_DEPTH_LIMIT_EXCEEDED`. */
export function depthLimitRule(maxDepth: number = MAX_QUERY_DEPTH): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node: OperationDefinitionNode) {
      const depth = selectionDepth(node.selectionSet, fragmentsOf(context), new Set());
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(`Operation nests ${depth} levels deep; the limit is ${maxDepth}`, {
            nodes: [node],
            extensions: { code: GRAPHQL_ERROR_CODES.QUERY_DEPTH_LIMIT_EXCEEDED, limit: maxDepth, depth },
          }),
        );
      }
    },
  });
}

/** Fails a document with more than `maxAliases` aliased fields with `ALIAS_LIMIT_EXCEEDED`. */
export function aliasLimitRule(maxAliases: number = MAX_ALIASES): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let reported = false;
    return {
      Field(node) {
        if (!node.alias) return;
        aliases += 1;
        if (aliases > maxAliases && !reported) {
          reported = true;
          context.reportError(
            new GraphQLError(`Operation uses more than ${maxAliases} aliases`, {
              nodes: [node],
              extensions: { code: GRAPHQL_ERROR_CODES.ALIAS_LIMIT_EXCEEDED, limit: maxAliases },
            }),
          );
        }
      },
    };
  };
}

/** The hub's validation rules, added to graphql-js's standard ones. */
export function hubValidationRules(): ValidationRule[] {
  return [depthLimitRule(), aliasLimitRule()];
}
