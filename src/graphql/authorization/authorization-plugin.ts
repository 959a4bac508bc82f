import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { HubContext } from '../context';
import { assertOperationReadable } from './operation-access';

/**
 * Apollo Server plugin: before anything executes, refuses an operation that selects data the
 * caller's role may not read (src/auth/roles.ts), and an APP caller's operation that is not on
 * its key's list — the check of ./operation-access.ts, which graphql-ws subscriptions run too.
 * Nothing runs and no argument is evaluated for a refused operation. Row-level area scopes are
 * applied by the repositories in SQL; `node`/`nodes` check the class of what they load.
 */
export function authorizationPlugin(schema: GraphQLSchema): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          assertOperationReadable(schema, rc.contextValue.caller, rc.document, rc.operationName);
        },
      };
    },
  };
}
