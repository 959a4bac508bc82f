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
  /** SQL statements seen since the last `resetStatements()`. */
  statements(): string[];
  resetStatements(): void;
  close(): Promise<void>;
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
  const server: ApolloServer<HubContext> = createHubApolloServer(hub);
  await server.start();
  return {
    hub,
    async gql(query, variables = {}, caller) {
      const response = await server.executeOperation({ query, variables }, { contextValue: createHubContext(hub, caller ?? DEVELOPMENT_CALLER) });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      return response.body.singleResult as GqlResult;
    },
    statements: () => statements,
    resetStatements: () => {
      statements = [];
    },
    async close() {
      await server.stop();
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
