import type { ApolloServer } from '@apollo/server';
import { loadDemo } from '../../../src/demo/load-demo';
import { type Caller, DEVELOPMENT_CALLER } from '../../../src/auth/caller';
import { createHubContext, type HubContext } from '../../../src/graphql/context';
import { createHubApolloServer } from '../../../src/graphql/server/apollo-server';
import { createTestHub, type TestHub, type TestStoreKind } from '../../support/test-hub';

/** A GraphQL response body as tests read it. */
export interface GqlResult<T = any> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/** A test hub loaded with a demo profile, plus an Apollo server to run operations through. */
export interface DemoHub {
  hub: TestHub;
  /** Runs an operation through Apollo's `executeOperation` with a fresh context (caller default: full access). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GqlResult<T>>;
  /**
   * `gql` of the same hub with some `server` settings changed (`{ joinNestedLists: false }`): a
   * second Apollo server and contexts made from the changed hub, as a hub started with them would.
   */
  gqlWith(server: Record<string, unknown>): DemoHub['gql'];
  /** SQL statements seen since the last `resetStatements()`. */
  statements(): string[];
  resetStatements(): void;
  close(): Promise<void>;
}

/** `hub` with some `server` settings changed (`{ joinNestedLists: false }`), as a hub started with them. */
export function withServerSettings(hub: TestHub, server: Record<string, unknown>): TestHub {
  return { ...hub, config: { ...hub.config, server: { ...hub.config.server, ...server } } } as TestHub;
}

/**
 * One operation through `server` with a fresh context of `hub` for `caller`, as the HTTP server
 * answers it: the status and the body's text (what byte-for-byte comparisons compare).
 */
export async function askApollo(
  server: ApolloServer<HubContext>,
  hub: TestHub,
  query: string,
  variables: Record<string, unknown>,
  caller: Caller,
): Promise<{ status: number; body: string }> {
  const response = await server.executeOperation({ query, variables }, { contextValue: createHubContext(hub, caller) });
  if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
  return { status: response.http.status ?? 200, body: JSON.stringify(response.body.singleResult) };
}

/**
 * Opens a fresh store of `kind`, loads the demo `profile` through the write path, starts an Apollo
 * server. `config`: further settings, e.g. `{ server: { maxCost } }` for a test that fetches whole worlds on purpose.
 */
export async function openDemoHub(kind: TestStoreKind, profile: 'tiny' | 'ci' = 'tiny', config?: Record<string, unknown>): Promise<DemoHub> {
  let statements: string[] = [];
  const hub = await createTestHub(kind, { onQuery: (sql) => statements.push(sql), ...(config ? { config } : {}) });
  await loadDemo(hub, { profile });
  statements = [];
  const servers: ApolloServer<HubContext>[] = [];
  const gqlOf = async (served: TestHub): Promise<DemoHub['gql']> => {
    const server: ApolloServer<HubContext> = createHubApolloServer(served);
    servers.push(server);
    await server.start();
    return async (query, variables = {}, caller) => {
      const response = await server.executeOperation({ query, variables }, { contextValue: createHubContext(served, caller ?? DEVELOPMENT_CALLER) });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      return response.body.singleResult as GqlResult;
    };
  };
  const gql = await gqlOf(hub);
  return {
    hub,
    gql,
    gqlWith(server) {
      const started = gqlOf(withServerSettings(hub, server));
      return async (query, variables, caller) => (await started)(query, variables, caller);
    },
    statements: () => statements,
    resetStatements: () => {
      statements = [];
    },
    async close() {
      for (const server of servers) await server.stop();
      await hub.destroy();
    },
  };
}

/** Asserts a result has no errors and returns its data. */
export function dataOf<T = any>(result: GqlResult<T>): T {
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
  return result.data as T;
}

/** What the shared-world suites get: the loaded hub and its store kind. */
export interface DemoWorld {
  h: DemoHub;
  kind: TestStoreKind;
}
