import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { type Caller, DEVELOPMENT_CALLER } from '../../src/auth/caller';
import { type ConnectorDemoResult, loadDemoViaConnectors } from '../../src/demo/load-demo-via-connectors';
import { createHubContext, type HubContext } from '../../src/graphql/context';
import { createHubApolloServer } from '../../src/graphql/server/apollo-server';
import { createTestHub, type TestHub } from './test-hub';

/** The tiny demo (seed `huiju`) loaded through the real connectors into a PGlite test store. */
export interface ConnectorDemo {
  readonly hub: TestHub;
  /** The folder the demo inputs were rendered into (removed by `close`). */
  readonly folder: string;
  readonly result: ConnectorDemoResult;
  /** Runs an operation through Apollo with a fresh context (default caller: development). */
  gql(query: string, caller?: Caller): Promise<{ data?: any; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;
  close(): Promise<void>;
}

/**
 * Loads the tiny demo through the connectors (as `npm start` does) and starts an Apollo server on
 * it; `prepare` runs after the load and before the server starts (more sources, planted records).
 */
export async function openConnectorDemo(prefix: string, prepare?: (hub: TestHub, folder: string) => Promise<void>): Promise<ConnectorDemo> {
  const hub = await createTestHub('pglite');
  const folder = mkdtempSync(join(tmpdir(), `huiju-${prefix}-`));
  const result = await loadDemoViaConnectors(hub, { profile: 'tiny', seed: 'huiju', folder });
  if (prepare) await prepare(hub, folder);
  const server: ApolloServer<HubContext> = createHubApolloServer(hub);
  await server.start();
  return {
    hub,
    folder,
    result,
    async gql(query, caller = DEVELOPMENT_CALLER) {
      const response = await server.executeOperation({ query }, { contextValue: createHubContext(hub, caller) });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      return response.body.singleResult;
    },
    async close() {
      await server.stop();
      await hub.destroy();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
