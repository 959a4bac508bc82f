import type { ApolloServerPlugin } from '@apollo/server';
import { context, createContextKey, type Span, SpanStatusCode } from '@opentelemetry/api';
import { tracingEnabled } from './tracing';
import { withSpan } from './with-span';

/** Where {@link graphqlSpan} leaves its span for {@link graphqlTracingPlugin}. */
const GRAPHQL_SPAN = createContextKey('huiju.graphql.span');

/** A GraphQL name (operation names are identifiers; anything else is not recorded). */
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Runs one GraphQL execution (`executeHTTPGraphQLRequest`, `executeOperation`) inside a span
 * `graphql`, active for the resolvers, so their SQL spans are its children. An Apollo plugin
 * cannot make a span active for the execution that follows its hook; this wrapper does, and
 * {@link graphqlTracingPlugin} names and annotates the span.
 */
export function graphqlSpan<T>(execute: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return execute();
  return withSpan('graphql', {}, (span) => context.with(context.active().setValue(GRAPHQL_SPAN, span), execute));
}

/**
 * Apollo Server plugin that annotates the span of {@link graphqlSpan} (none outside it):
 * - once the operation is resolved, the span is renamed `<type> <name>` (`query HouseholdList`;
 *   `<type>` alone for an anonymous operation) with `graphql.operation.type` and
 *   `graphql.operation.name` (a valid GraphQL name only);
 * - when the response has errors, `graphql.error.codes` lists their distinct codes (after the
 *   hub's formatter) and the span is failed with them.
 * Never recorded: the document (literals in it are values) and the variables — either may carry
 * personal information.
 */
export function graphqlTracingPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const span = tracingEnabled() ? (context.active().getValue(GRAPHQL_SPAN) as Span | undefined) : undefined;
      if (!span) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          const type = operation.operation;
          const name = operationName && NAME.test(operationName) ? operationName : null;
          span.updateName(name ? `${type} ${name}` : type);
          span.setAttribute('graphql.operation.type', type);
          if (name) span.setAttribute('graphql.operation.name', name);
        },
        async willSendResponse({ response, errors }) {
          const list = (response.body.kind === 'single' ? response.body.singleResult.errors : errors) ?? [];
          if (list.length === 0) return;
          const codes = [...new Set(list.map((e) => (e as { extensions?: { code?: unknown } }).extensions?.code).map((c) => (typeof c === 'string' && NAME.test(c) ? c : 'INTERNAL_SERVER_ERROR')))].sort();
          span.setAttribute('graphql.error.codes', codes);
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
        },
      };
    },
  };
}
