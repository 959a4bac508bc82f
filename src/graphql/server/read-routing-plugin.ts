import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../context';

/**
 * Apollo Server plugin that sends a mutation's reads to the primary: once the operation is known
 * (`didResolveOperation`, before any resolver runs) a mutation's `readDb` becomes its `db`, so the
 * object it returns (and every field its DataLoaders load) is read where it was just written, not
 * from a read replica (`database.readUrl`) that may lag behind. Queries keep the replica.
 */
export function readRoutingPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'mutation') contextValue.readDb = contextValue.db;
        },
      };
    },
  };
}
