import type { Hub } from '../hub';
import type { Caller } from '../auth/caller';
import { CLI_CALLER } from '../auth/caller';
import { createHubContext } from './context';
import { createHubApolloServer } from './server/apollo-server';
import { graphqlSpan } from '../telemetry/graphql-span';

/** What `runQuery` returns: the GraphQL response body (`data` and/or `errors`). */
export interface QueryResult {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }>;
}

/**
 * Runs one GraphQL operation against the hub in process, through the same Apollo Server,
 * limits and error formatting as HTTP (for `huiju query`, scripts and tests). Masking and the
 * caller's scope apply as always.
 */
export async function runQuery(hub: Hub, source: string, variables: Record<string, unknown> = {}, caller: Caller = CLI_CALLER): Promise<QueryResult> {
  const server = createHubApolloServer(hub);
  await server.start();
  try {
    const response = await graphqlSpan(() => server.executeOperation({ query: source, variables }, { contextValue: createHubContext(hub, caller) }));
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported by runQuery');
    return response.body.singleResult as QueryResult;
  } finally {
    await server.stop();
  }
}
