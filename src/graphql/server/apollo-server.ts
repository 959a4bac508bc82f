import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Hub } from '../../hub';
import type { HubContext } from '../context';
import { createFormatError } from '../errors';
import { hubValidationRules, MAX_TOKENS } from '../limits';
import { hubMetrics } from '../../metrics/hub-metrics';
import { buildHubSchema } from '../schema';
import { metricsPlugin } from './metrics-plugin';
import { requestLimitsPlugin } from './request-limits-plugin';
import { readRoutingPlugin } from './read-routing-plugin';
import { authorizationPlugin } from '../authorization/authorization-plugin';
import { graphqlTracingPlugin } from '../../telemetry/graphql-span';
import { compiledExecutionPlugin } from './compiled-execution-plugin';

/**
 * The hub's Apollo Server: the type-graphql schema, the depth and alias limits as validation
 * rules, documents of at most {@link MAX_TOKENS} tokens, the cost limit (`server.maxCost`) and the
 * check of string inputs before execution (./request-limits-plugin.ts), and the one error
 * formatter. Introspection follows `server.introspection` (default on). Apollo's landing page is off: the hub serves its own
 * GraphiQL page built from npm packages. Cache-control hints are off: responses depend on the
 * caller and carry personal information, so nothing may cache them (and the plugin would wrap
 * every field resolver). Stack traces never leave the server. Operation latency and errors go to
 * the hub's metrics. A mutation reads from the primary, a query from the read replica if one is
 * configured (./read-routing-plugin.ts). Queries run through the compiled execution unless
 * `server.compiledExecution` is off (./compiled-execution-plugin.ts). With tracing on, the operation's name, type and error
 * codes go to its span (src/telemetry/graphql-span.ts).
 */
export function createHubApolloServer(hub: Hub): ApolloServer<HubContext> {
  const schema = buildHubSchema();
  return new ApolloServer<HubContext>({
    schema,
    validationRules: hubValidationRules(),
    formatError: createFormatError(hub.logger),
    includeStacktraceInErrorResponses: false,
    introspection: hub.config.server.introspection,
    parseOptions: { maxTokens: MAX_TOKENS },
    // the hub stops on SIGINT/SIGTERM itself (closing the server, the store, flushing traces): Apollo's own
    // handler would re-raise the signal after its stop and kill the process before that
    stopOnTerminationSignals: false,
    // compact JSON: Apollo's default indents every response (two spaces a level), which costs CPU
    // and bytes on every request for a reader that is a program (the playground formats its own view)
    stringifyResult: (value) => JSON.stringify(value),
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), metricsPlugin(hubMetrics(hub)), authorizationPlugin(schema), requestLimitsPlugin({ maxCost: hub.config.server.maxCost }), readRoutingPlugin(), graphqlTracingPlugin(), compiledExecutionPlugin({ enabled: hub.config.server.compiledExecution, metrics: hubMetrics(hub) })],
  });
}
