import type { DocumentNode, GraphQLSchema } from 'graphql';
import { canRead, type Caller } from '../../auth/caller';
import { READ_CLASSES, type ReadClass } from '../../auth/roles';
import { codedError, GRAPHQL_ERROR_CODES } from '../errors';
import { getNamedType, TypeInfo, visit, visitWithTypeInfo } from '../graphql-js';
import { FIELD_READ_CLASSES, readClassesOf } from './type-read-classes';

/** The read classes of a schema's types, computed once per schema (the schema is built once per process). */
const classesBySchema = new WeakMap<GraphQLSchema, Map<string, ReadClass>>();

function classesOf(schema: GraphQLSchema): Map<string, ReadClass> {
  let classes = classesBySchema.get(schema);
  if (!classes) {
    classes = readClassesOf(schema);
    classesBySchema.set(schema, classes);
  }
  return classes;
}

/**
 * The one check of what an operation may select, for every transport (Apollo over HTTP:
 * ./authorization-plugin.ts; graphql-ws: src/graphql/server/graphql-ws.ts). Throws a coded
 * `FORBIDDEN` error when an APP caller's operation is not on its key's list, or when the
 * operation selects a field whose parent type or returned type — or the field itself
 * (`FIELD_READ_CLASSES`) — is of a read class the caller's role may not read (src/auth/roles.ts) — through fragments and inline fragments too, in one pass
 * over the document, before anything runs. Row-level area scopes are the repositories' (SQL).
 */
export function assertOperationReadable(schema: GraphQLSchema, caller: Caller, document: DocumentNode, operationName: string | null | undefined): void {
  if (caller.operations) {
    const name = operationName ?? null;
    if (!name || !caller.operations.includes(name)) {
      throw codedError(
        GRAPHQL_ERROR_CODES.FORBIDDEN,
        name ? `Operation ${name} is not on this key's list of operations` : 'This key may run named operations only (its list of operations)',
        { operation: name, http: { status: 403 } },
      );
    }
  }
  const classes = classesOf(schema);
  const refused = new Map<string, ReadClass>();
  const typeInfo = new TypeInfo(schema);
  const check = (typeName: string | undefined, coordinate: string) => {
    const cls = typeName ? classes.get(typeName) : undefined;
    if (cls && !canRead(caller, cls) && !refused.has(coordinate)) refused.set(coordinate, cls);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value.startsWith('__')) return;
        const parent = typeInfo.getParentType()?.name;
        const returned = typeInfo.getType();
        check(parent, `${parent}.${node.name.value}`);
        if (returned) check(getNamedType(returned).name, `${parent}.${node.name.value}`);
        const fieldClass = FIELD_READ_CLASSES[`${parent}.${node.name.value}`];
        if (fieldClass && !canRead(caller, fieldClass) && !refused.has(`${parent}.${node.name.value}`)) refused.set(`${parent}.${node.name.value}`, fieldClass);
      },
    }),
  );
  if (refused.size > 0) {
    const [coordinate, cls] = refused.entries().next().value!;
    throw codedError(
      GRAPHQL_ERROR_CODES.FORBIDDEN,
      `Role ${caller.role} may not read ${READ_CLASSES[cls]} (${coordinate}${refused.size > 1 ? ` and ${refused.size - 1} more field(s)` : ''})`,
      { field: coordinate, readClass: cls, fields: [...refused.keys()].slice(0, 20), http: { status: 403 } },
    );
  }
}
