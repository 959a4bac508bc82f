import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { HubMetrics } from '../../metrics/hub-metrics';
import type { HubContext } from '../context';

/**
 * Apollo Server plugin: each operation's latency (request received to response ready) by
 * operation name and type, and each error in the response by operation name and code (the codes
 * after the hub's error formatter, e.g. `BAD_USER_INPUT`, `FORBIDDEN`, `GRAPHQL_VALIDATION_FAILED`).
 */
export function metricsPlugin(metrics: HubMetrics): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(rc) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operation = metrics.operationLabel(operationName(rc));
          metrics.graphqlOperationDuration.observe({ operation, type: rc.operation?.operation ?? 'unknown' }, seconds);
          const errors = rc.response.body.kind === 'single' ? rc.response.body.singleResult.errors : rc.errors;
          for (const e of errors ?? []) {
            const code = (e as { extensions?: { code?: unknown } }).extensions?.code;
            metrics.graphqlErrors.inc({ operation, code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' });
          }
        },
      };
    },
  };
}

/**
 * The operation's name: the executed one, else (a document that failed validation) the one the
 * request names or the document's only operation, else what the request said.
 */
function operationName(rc: GraphQLRequestContext<HubContext>): string | null | undefined {
  if (rc.operationName) return rc.operationName;
  const wanted = rc.request.operationName;
  const operations = rc.document?.definitions.filter((d) => d.kind === 'OperationDefinition') ?? [];
  const named = operations.find((d) => (wanted ? d.name?.value === wanted : operations.length === 1));
  return named?.name?.value ?? wanted;
}
