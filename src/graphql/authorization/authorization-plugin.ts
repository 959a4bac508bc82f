import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { canRead } from '../../auth/caller';
import { READ_CLASSES, type ReadClass } from '../../auth/roles';
import type { HubContext } from '../context';
import { codedError, GRAPHQL_ERROR_CODES } from '../errors';
import { getNamedType, TypeInfo, visit, visitWithTypeInfo } from '../graphql-js';
import { readClassesOf } from './type-read-classes';

/**
 * Apollo Server plugin: before anything executes, refuses an operation that selects data the
 * caller's role may not read (src/auth/roles.ts), and an APP caller's operation that is not on
 * its key's list. Every field is checked against the read class of the type it belongs to and of
 * the type it returns — through fragments and inline fragments too — in one pass over the
 * document, so nothing runs and no argument is evaluated for a refused operation. Row-level area
 * scopes are applied by the repositories in SQL; `node`/`nodes` check the class of what they load.
 */
export function authorizationPlugin(schema: GraphQLSchema): ApolloServerPlugin<HubContext> {
  const classes = readClassesOf(schema);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          const caller = rc.contextValue.caller;
          if (caller.operations) {
            const name = rc.operationName;
            if (!name || !caller.operations.includes(name)) {
              throw codedError(
                GRAPHQL_ERROR_CODES.FORBIDDEN,
                name ? `Operation ${name} is not on this key's list of operations` : 'This key may run named operations only (its list of operations)',
                { operation: name ?? null, http: { status: 403 } },
              );
            }
          }
          const refused = new Map<string, ReadClass>();
          const typeInfo = new TypeInfo(schema);
          const check = (typeName: string | undefined, coordinate: string) => {
            const cls = typeName ? classes.get(typeName) : undefined;
            if (cls && !canRead(caller, cls) && !refused.has(coordinate)) refused.set(coordinate, cls);
          };
          visit(
            rc.document,
            visitWithTypeInfo(typeInfo, {
              Field(node) {
                if (node.name.value.startsWith('__')) return;
                const parent = typeInfo.getParentType()?.name;
                const returned = typeInfo.getType();
                check(parent, `${parent}.${node.name.value}`);
                if (returned) check(getNamedType(returned).name, `${parent}.${node.name.value}`);
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
        },
      };
    },
  };
}
