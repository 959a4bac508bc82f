import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLFieldResolver,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLResolveInfo,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { getArgumentValues, getVariableValues, isAbstractType, isLeafType, isListType, isNonNullType, isObjectType, Kind } from '../graphql-js';

/**
 * Compiled execution of a query operation: the hub's fast path for reads (issue #16).
 *
 * graphql-js executes an operation field by field, and for every field of every object it
 * computes the field's arguments, builds a path and an info object, looks the field up, checks
 * for promises at each step and then completes the value through the field's type; the result
 * object is then walked once more by `JSON.stringify`. For a 1,000-row page of 10 fields that is
 * 10,000 such steps per request. Here the same work is split in two:
 *
 * - **Once per document** ({@link compileOperation}, cached by the parsed document Apollo keeps
 *   in its document store): the selection sets are resolved against the schema — fragments
 *   inlined, each field's definition, resolver and a completer for its type built ahead.
 * - **Once per request**: the variables are coerced and each field's arguments and info object
 *   are computed once (they depend on the variables, not on the row).
 * - **Per object**: only the field's resolver (the schema's own — type-graphql's wrapper with its
 *   middlewares, argument validation and authorisation — or graphql-js's default property read)
 *   and the completer (the leaf type's own `serialize`).
 *
 * It changes how the tree is walked, never what a field returns: resolvers, scopes, masking,
 * DataLoaders and serialisers are the schema's. Batching is kept: siblings' resolvers are all
 * called before any is awaited, as graphql-js does, so a level's loads share one statement.
 *
 * Only the success path is compiled. A document this does not cover (see {@link compileOperation})
 * gets no plan, and an execution that meets anything other than a clean result — a resolver that
 * throws or rejects, a null in a non-null position, a value a serialiser refuses, variables that
 * do not coerce — is abandoned ({@link PlanAbandoned}) once everything it started has settled, and
 * the caller runs graphql-js, which produces the response with its errors and partial data exactly
 * as before. Queries do not write (mutations and subscriptions are never compiled), so running the
 * reads again is safe; the request's DataLoaders answer the repeats from their caches.
 */

/** The execution of a plan met something only graphql-js answers correctly: run the operation there. */
export class PlanAbandoned extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PlanAbandoned';
  }
}

type Completer = (value: unknown, run: PlanRun) => unknown;

interface FieldPlan {
  /** Index into a run's per-field arguments and infos. */
  readonly id: number;
  readonly responseKey: string;
  readonly fieldName: string;
  /** The field's nodes in the selection (one, or several merged under one response key). */
  readonly nodes: readonly FieldNode[];
  readonly parentType: GraphQLObjectType;
  readonly definition: GraphQLField<unknown, unknown>;
  /** The schema's resolver; `undefined` for graphql-js's default (a property read). */
  readonly resolve: GraphQLFieldResolver<unknown, unknown> | undefined;
  /** `__typename`: the parent type's name, no resolver. */
  readonly typename: boolean;
  readonly complete: Completer;
}

interface ObjectPlan {
  readonly type: GraphQLObjectType;
  readonly fields: readonly FieldPlan[];
}

/** A compiled query operation. */
export interface OperationPlan {
  readonly schema: GraphQLSchema;
  readonly operation: OperationDefinitionNode;
  readonly fragments: Record<string, FragmentDefinitionNode>;
  readonly root: ObjectPlan;
  /** Every field plan, by id. */
  readonly fields: readonly FieldPlan[];
}

/** One request's execution state. */
interface PlanRun {
  readonly plan: OperationPlan;
  readonly context: unknown;
  readonly args: Record<string, unknown>[];
  readonly infos: GraphQLResolveInfo[];
}

/** Why a document gets no plan (tests read the reason; the caller just runs graphql-js). */
export class NotCompilable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotCompilable';
  }
}

const cache = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationPlan | null>>>();

/**
 * The plan of `operation` in `document` (cached per schema and parsed document), or `null` when the
 * operation is not one this path covers: anything but a `query`; introspection fields other than
 * `__typename`; a field returning an interface or union; a directive anywhere in the selections
 * (`@skip`/`@include` would make the selection depend on the variables).
 */
export function planFor(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationPlan | null {
  let bySchema = cache.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    cache.set(schema, bySchema);
  }
  let byOperation = bySchema.get(document);
  if (!byOperation) {
    byOperation = new Map();
    bySchema.set(document, byOperation);
  }
  const key = operation.name?.value ?? '';
  let plan = byOperation.get(key);
  if (plan === undefined) {
    try {
      plan = compileOperation(schema, document, operation);
    } catch (e) {
      if (!(e instanceof NotCompilable)) throw e;
      plan = null;
    }
    byOperation.set(key, plan);
  }
  return plan;
}

/** Compiles `operation`; throws {@link NotCompilable} with the reason when this path does not cover it. */
export function compileOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): OperationPlan {
  if (operation.operation !== 'query') throw new NotCompilable(`a ${operation.operation} is not compiled`);
  if (operation.directives?.length) throw new NotCompilable('directives on the operation');
  const rootType = schema.getQueryType();
  if (!rootType) throw new NotCompilable('no query type');
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const fields: FieldPlan[] = [];

  const objectPlan = (type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): ObjectPlan => {
    const byKey = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    for (const selectionSet of selectionSets) collect(type, selectionSet, byKey, visited);
    const planned: FieldPlan[] = [];
    for (const [responseKey, nodes] of byKey) {
      const fieldName = nodes[0]!.name.value;
      const id = fields.length;
      if (fieldName === '__typename') {
        const f: FieldPlan = { id, responseKey, fieldName, nodes, parentType: type, definition: null as never, resolve: undefined, typename: true, complete: (v) => v };
        fields.push(f);
        planned.push(f);
        continue;
      }
      if (fieldName.startsWith('__')) throw new NotCompilable(`introspection field ${fieldName}`);
      const definition = type.getFields()[fieldName] as GraphQLField<unknown, unknown> | undefined;
      if (!definition) throw new NotCompilable(`unknown field ${type.name}.${fieldName}`);
      const f: FieldPlan = { id, responseKey, fieldName, nodes, parentType: type, definition, resolve: definition.resolve, typename: false, complete: null as never };
      fields.push(f);
      (f as { complete: Completer }).complete = completerFor(definition.type, nodes, `${type.name}.${fieldName}`);
      planned.push(f);
    }
    return { type, fields: planned };
  };

  // graphql-js's collectFields: fields by response key in order of first appearance, fragments
  // inlined where they apply, each named fragment once; validation has made the fields of one key
  // mergeable (same field, same arguments), their sub-selections are merged below
  const collect = (type: GraphQLObjectType, selectionSet: SelectionSetNode, into: Map<string, FieldNode[]>, visited: Set<string>): void => {
    for (const s of selectionSet.selections) {
      if (s.directives?.length) throw new NotCompilable('directives on a selection');
      if (s.kind === Kind.FIELD) {
        const responseKey = s.alias?.value ?? s.name.value;
        const same = into.get(responseKey);
        if (same) same.push(s);
        else into.set(responseKey, [s]);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        if (applies(type, s.typeCondition?.name.value)) collect(type, s.selectionSet, into, visited);
      } else {
        const name = s.name.value;
        if (visited.has(name)) continue;
        visited.add(name);
        const fragment = fragments[name];
        if (!fragment) throw new NotCompilable(`unknown fragment ${name}`);
        if (fragment.directives?.length) throw new NotCompilable('directives on a fragment');
        if (applies(type, fragment.typeCondition.name.value)) collect(type, fragment.selectionSet, into, visited);
      }
    }
  };

  const applies = (type: GraphQLObjectType, condition: string | undefined): boolean => {
    if (condition === undefined || condition === type.name) return true;
    const conditionType = schema.getType(condition);
    return conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
  };

  const completerFor = (type: GraphQLOutputType, nodes: readonly FieldNode[], where: string): Completer => {
    if (isNonNullType(type)) {
      const inner = completerFor(type.ofType, nodes, where);
      return (value, run) => {
        if (value === null || value === undefined) throw new PlanAbandoned(`null at non-null ${where}`);
        if (value instanceof Error) throw value;
        return inner(value, run);
      };
    }
    if (isListType(type)) {
      const item = completerFor(type.ofType, nodes, where);
      return (value, run) => {
        if (value === null || value === undefined) return null;
        if (value instanceof Error) throw value;
        return completeList(value, item, run);
      };
    }
    if (isLeafType(type)) {
      return (value) => {
        if (value === null || value === undefined) return null;
        if (value instanceof Error) throw value;
        const out = type.serialize(value);
        if (out === undefined) throw new PlanAbandoned(`${where} serialised to undefined`);
        return out;
      };
    }
    if (isObjectType(type)) {
      const selectionSets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      if (selectionSets.length === 0) throw new NotCompilable(`no selection on ${where}`);
      const sub = objectPlan(type, selectionSets);
      // graphql-js checks a type's isTypeOf on every object; the hub's types declare none
      if (type.isTypeOf) throw new NotCompilable(`${type.name} has an isTypeOf check`);
      return (value, run) => {
        if (value === null || value === undefined) return null;
        if (value instanceof Error) throw value;
        return executeObject(sub, value, run);
      };
    }
    throw new NotCompilable(`${where} returns an interface or union`);
  };

  const root = objectPlan(rootType, [operation.selectionSet]);
  return { schema, operation, fragments, root, fields };
}

function isPromise(v: unknown): v is Promise<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

/**
 * `value` once every promise of `pending` has settled, or the first failure once they all have
 * (nothing is left running or unhandled). One promise per object, not `Promise.allSettled`'s array
 * of outcomes.
 */
function settleAll<T>(pending: readonly Promise<unknown>[], value: T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let left = pending.length;
    let failed = false;
    let failure: unknown;
    const settled = () => {
      if (--left === 0) {
        if (failed) reject(failure);
        else resolve(value);
      }
    };
    for (const p of pending)
      p.then(settled, (e: unknown) => {
        if (!failed) {
          failed = true;
          failure = e;
        }
        settled();
      });
  });
}

/** Marks promises already started as handled when the code that would await them throws. */
function abandonPending(pending: Promise<unknown>[] | null): void {
  if (pending) for (const p of pending) p.catch(() => {});
}

function executeObject(plan: ObjectPlan, source: unknown, run: PlanRun): unknown {
  const out: Record<string, unknown> = {};
  let pending: Promise<unknown>[] | null = null;
  try {
    for (const f of plan.fields) {
      let value: unknown;
      if (f.typename) {
        out[f.responseKey] = plan.type.name;
        continue;
      }
      if (f.resolve) value = f.resolve(source, run.args[f.id], run.context, run.infos[f.id] as GraphQLResolveInfo);
      else {
        // graphql-js's defaultFieldResolver
        const property = (source as Record<string, unknown>)[f.fieldName];
        value = typeof property === 'function' ? (source as Record<string, (...a: unknown[]) => unknown>)[f.fieldName]!(run.args[f.id], run.context, run.infos[f.id]) : property;
      }
      const key = f.responseKey;
      const completed = isPromise(value) ? value.then((v) => f.complete(v, run)) : f.complete(value, run);
      if (isPromise(completed)) {
        out[key] = null; // keeps the key in selection order
        pending ??= [];
        pending.push(
          completed.then((v) => {
            out[key] = v;
          }),
        );
      } else out[key] = completed;
    }
  } catch (e) {
    abandonPending(pending);
    throw e;
  }
  return pending ? settleAll(pending, out) : out;
}

function completeList(value: unknown, item: Completer, run: PlanRun): unknown {
  if (typeof value !== 'object' || value === null || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') throw new PlanAbandoned('a list field returned no list');
  const out: unknown[] = [];
  let pending: Promise<unknown>[] | null = null;
  try {
    let i = 0;
    for (const element of value as Iterable<unknown>) {
      const completed = isPromise(element) ? element.then((v) => item(v, run)) : item(element, run);
      if (isPromise(completed)) {
        const at = i;
        out.push(null);
        pending ??= [];
        pending.push(
          completed.then((v) => {
            out[at] = v;
          }),
        );
      } else out.push(completed);
      i++;
    }
  } catch (e) {
    abandonPending(pending);
    throw e;
  }
  return pending ? settleAll(pending, out) : out;
}

/** What {@link executePlan} needs of the request. */
export interface PlanRequest {
  readonly variables: Record<string, unknown> | undefined;
  readonly context: unknown;
  readonly rootValue?: unknown;
}

/**
 * Runs `plan` for one request and returns its `data`, or throws {@link PlanAbandoned} (or the
 * resolver's own error) when graphql-js has to answer instead — only after every load the run
 * started has settled.
 */
export async function executePlan(plan: OperationPlan, request: PlanRequest): Promise<Record<string, unknown>> {
  const { schema, operation, fragments } = plan;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) throw new PlanAbandoned('variables do not coerce');
  const variableValues = coerced.coerced;
  const args: Record<string, unknown>[] = new Array(plan.fields.length);
  const infos: GraphQLResolveInfo[] = new Array(plan.fields.length);
  for (const f of plan.fields) {
    if (f.typename) continue;
    args[f.id] = getArgumentValues(f.definition, f.nodes[0]!, variableValues);
    infos[f.id] = {
      fieldName: f.fieldName,
      fieldNodes: f.nodes,
      returnType: f.definition.type,
      parentType: f.parentType,
      // one path per field of the plan (no list indices): the hub's resolvers do not read it
      path: { prev: undefined, key: f.responseKey, typename: f.parentType.name },
      schema,
      fragments,
      rootValue: request.rootValue,
      operation,
      variableValues,
    };
  }
  const run: PlanRun = { plan, context: request.context, args, infos };
  return (await executeObject(plan.root, request.rootValue, run)) as Record<string, unknown>;
}
