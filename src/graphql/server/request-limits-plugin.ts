import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../context';
import { badUserInput } from '../errors';
import { getVariableValues } from '../graphql-js';
import { costLimitError, operationCost } from '../limits';
import { findUnstorableString } from '../string-inputs';

/** Options of {@link requestLimitsPlugin}. */
export interface RequestLimitsOptions {
  /** Most an operation may cost (`server.maxCost`). */
  maxCost: number;
}

/**
 * Apollo Server plugin that refuses an operation after it is parsed, validated and resolved and
 * before any resolver runs (`didResolveOperation`, where the request's variables are known):
 * - a string argument or variable holding a NUL or a lone surrogate → `BAD_USER_INPUT` naming
 *   the field (PostgreSQL would otherwise fail the statement, an internal error logged with a stack);
 * - an operation costing more than `maxCost` → `COST_LIMIT_EXCEEDED` with `cost` and `limit`.
 * Both answer HTTP 400. Both checks are linear in the document and the variables.
 */
export function requestLimitsPlugin(options: RequestLimitsOptions): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return; // Apollo has already refused a document without the operation asked for
          const unstorable = findUnstorableString(document, request.variables);
          if (unstorable !== null) {
            throw badUserInput(unstorable, `${unstorable}: text may not contain NUL characters or unpaired surrogates`, { http: { status: 400 } });
          }
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          // variables that do not coerce fail at execution with Apollo's own error; cost them at the default page size
          const cost = operationCost(schema, document, operation, coerced.coerced ?? {});
          if (cost > options.maxCost) throw costLimitError(cost, options.maxCost);
        },
      };
    },
  };
}
