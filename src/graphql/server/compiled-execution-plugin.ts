import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import type { HubMetrics } from '../../metrics/hub-metrics';
import { LoaderRegistry } from '../common/loader-registry';
import type { HubContext } from '../context';
import { executePlan, planFor } from '../execution/compiled-operation';

/**
 * Apollo Server plugin that answers queries through the compiled execution
 * (../execution/compiled-operation.ts) in `responseForOperation` — after parsing, validation and
 * every plugin's `didResolveOperation` (authorisation, cost and input limits, read routing), in
 * place of graphql-js's `execute`. It answers only a clean result; for a query it does not cover,
 * or one whose run meets an error, a null in a non-null field or variables that do not coerce, it
 * returns `null` and Apollo executes the query with graphql-js as usual, which produces the errors
 * and partial data. Mutations and subscriptions always go to graphql-js. With `enabled` false it
 * only counts. `huiju_graphql_executions_total{path}` counts each path.
 */
export function compiledExecutionPlugin(options: { enabled: boolean; metrics?: HubMetrics }): ApolloServerPlugin<HubContext> {
  const count = (path: 'compiled' | 'graphql_js' | 'not_compiled') => options.metrics?.graphqlExecutions.inc({ path });
  return {
    async requestDidStart() {
      return {
        async responseForOperation(rc) {
          const { operation, document, schema } = rc;
          if (operation.operation !== 'query') return null;
          const plan = options.enabled ? planFor(schema, document, operation) : null;
          if (!plan) {
            count('not_compiled');
            return null;
          }
          try {
            const data = await executePlan(plan, { variables: rc.request.variables, context: rc.contextValue });
            count('compiled');
            return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
          } catch {
            // graphql-js runs the query again and answers with its errors (and logs what is unexpected),
            // with fresh DataLoaders: loads answered from this run's caches would change which of two
            // failing fields graphql-js meets first, so its answer is the one it gives when alone
            (rc.contextValue as { loaders: LoaderRegistry }).loaders = new LoaderRegistry();
            count('graphql_js');
            return null;
          }
        },
      };
    },
  };
}
