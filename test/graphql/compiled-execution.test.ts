import 'reflect-metadata';
import type { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, DEVELOPMENT_CALLER } from '../../src/auth/caller';
import type { HubContext } from '../../src/graphql/context';
import { createHubApolloServer } from '../../src/graphql/server/apollo-server';
import { hubMetrics } from '../../src/metrics/hub-metrics';
import { THREE_LEVELS } from '../../bench/support/hub-queries';
import { availableStoreKinds } from '../support/test-hub';
import { askApollo, type DemoHub, openDemoHub, withServerSettings } from './support/harness';
import { comparable, corpusCallers, operationCorpus } from './support/operation-corpus';

/**
 * The compiled execution (src/graphql/execution/compiled-operation.ts, on by default) against
 * graphql-js on the real schema: for every operation of a corpus — the playground's examples and
 * analyst questions, the benched operations, one operation per root list reading every field of
 * its nodes, and operations that fail — and for callers of different roles and scopes, the
 * response of a hub with `server.compiledExecution` on must equal, byte for byte, the response of
 * the same hub with it off. Also: the compiled path really answered (metrics), a failing
 * operation is handed to graphql-js, and the statements per request are the same.
 */

describe.each(availableStoreKinds())('compiled execution against graphql-js (%s)', (kind) => {
  let h: DemoHub;
  let compiled: ApolloServer<HubContext>;
  let plain: ApolloServer<HubContext>;
  let callers: Caller[];
  const offHub = () => withServerSettings(h.hub, { compiledExecution: false });
  // the setting is read by the server's plugin: both servers' requests have the hub's own context
  const ask = (server: ApolloServer<HubContext>, query: string, variables: Record<string, unknown>, caller: Caller) => askApollo(server, h.hub, query, variables, caller);
  const executions = async () => {
    const values = (await hubMetrics(h.hub).graphqlExecutions.get()).values;
    return Object.fromEntries(values.map((v) => [String(v.labels.path), v.value])) as Record<string, number>;
  };

  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny');
    compiled = createHubApolloServer(h.hub);
    plain = createHubApolloServer(offHub());
    await compiled.start();
    await plain.start();
    callers = await corpusCallers(h);
  }, 300_000);
  afterAll(async () => {
    await compiled?.stop();
    await plain?.stop();
    await h?.close();
  });

  const corpus = operationCorpus;

  it('answers every operation of the corpus, for every caller, exactly as graphql-js does', async () => {
    const before = await executions();
    let operations = 0;
    for (const caller of callers) {
      for (const { name, query, variables } of corpus()) {
        const [a, b] = [await ask(compiled, query, variables, caller), await ask(plain, query, variables, caller)];
        expect(comparable(a.body), `${name} as ${caller.role}`).toBe(comparable(b.body));
        expect(a.status, `${name} as ${caller.role}`).toBe(b.status);
        operations++;
      }
    }
    const after = await executions();
    const compiledRuns = (after.compiled ?? 0) - (before.compiled ?? 0);
    // most of the corpus is compiled and answered there (the failing ones are handed over)
    expect(compiledRuns).toBeGreaterThan(operations / 2);
    expect((after.graphql_js ?? 0) - (before.graphql_js ?? 0)).toBeGreaterThan(0);
  }, 300_000);

  it('a query that fails is answered by graphql-js; the corpus holds operations of every outcome', async () => {
    const before = await executions();
    const notFound = await ask(compiled, '{ area(code: "999999999999") { name } }', {}, DEVELOPMENT_CALLER);
    expect(notFound.body).toContain('NOT_FOUND');
    const mid = await executions();
    expect((mid.graphql_js ?? 0) - (before.graphql_js ?? 0)).toBe(1);
    const ok = await ask(compiled, '{ cases(first: 2) { nodes { id } } }', {}, DEVELOPMENT_CALLER);
    expect(JSON.parse(ok.body).data.cases.nodes).toHaveLength(2);
    const end = await executions();
    expect((end.compiled ?? 0) - (mid.compiled ?? 0)).toBe(1);
  });

  it('keeps the statements per request: the 3-level query issues the same statements either way', async () => {
    h.resetStatements();
    await ask(compiled, THREE_LEVELS, {}, DEVELOPMENT_CALLER);
    const withPlan = h.statements().length;
    h.resetStatements();
    await ask(plain, THREE_LEVELS, {}, DEVELOPMENT_CALLER);
    const withGraphqlJs = h.statements().length;
    expect(withPlan).toBeGreaterThan(0);
    expect(withPlan).toBe(withGraphqlJs);
    expect(withPlan).toBeLessThanOrEqual(5); // depth + 1
  });
});
