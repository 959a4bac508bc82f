import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { isHuijuError } from '../errors';
import { maskFreeText } from '../domain/masking';
import type { Logger } from '../logger';
import { GraphQLError } from './graphql-js';

/**
 * GraphQL error codes of the hub (in `extensions.code`). Besides these, Apollo's own codes pass
 * through: `GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`, `BAD_REQUEST`, `PERSISTED_QUERY_*`.
 */
export const GRAPHQL_ERROR_CODES = {
  /** An argument or filter value is malformed; `extensions.field` names it. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The object asked for does not exist, or is outside the caller's area scope. */
  NOT_FOUND: 'NOT_FOUND',
  /** `first` above {@link MAX_PAGE_SIZE}; `extensions.limit` says the maximum. */
  PAGE_SIZE_LIMIT_EXCEEDED: 'PAGE_SIZE_LIMIT_EXCEEDED',
  /** The operation nests deeper than allowed; `extensions.limit`. */
  QUERY_DEPTH_LIMIT_EXCEEDED: 'QUERY_DEPTH_LIMIT_EXCEEDED',
  /** The operation uses more aliases than allowed; `extensions.limit`. */
  ALIAS_LIMIT_EXCEEDED: 'ALIAS_LIMIT_EXCEEDED',
  /** The operation would cost more than `server.maxCost` (checked before it runs); `extensions.cost`, `extensions.limit`. */
  COST_LIMIT_EXCEEDED: 'COST_LIMIT_EXCEEDED',
  /** The request ran out of its time budget (`server.requestTimeoutMs`); its SQL was cancelled. */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** HTTP 429: the caller used up its requests (`server.rateLimit`); the `Retry-After` header says when to retry. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** HTTP 413: the request body is larger than `server.maxBodyBytes`; `extensions.limit`. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** HTTP 421: the `Host` header names a host not in `server.allowedHosts` (DNS rebinding protection). */
  HOST_NOT_ALLOWED: 'HOST_NOT_ALLOWED',
  /** HTTP 403: a browser request from an origin that is neither this site nor in `server.cors.origins`. */
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  /** The caller's role may not read this field (the operations views are for ADMIN). */
  FORBIDDEN: 'FORBIDDEN',
  /** A merge the rows do not allow: a row into itself, or both hold what only one may (both party members). */
  MERGE_CONFLICT: 'MERGE_CONFLICT',
  /** Rows of this kind cannot be merged. */
  MERGE_UNSUPPORTED: 'MERGE_UNSUPPORTED',
  /** The merge is already undone, or the review is no longer open. */
  ALREADY_RESOLVED: 'ALREADY_RESOLVED',
  /** A later merge involving the same rows must be undone first; `extensions.mergeId` names it. */
  UNDO_ORDER: 'UNDO_ORDER',
  /** A case move the state machine (src/domain/case-state.ts) does not allow from the case's status; `extensions.from`, `extensions.to`. Nothing was written. */
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  /** The case changed since the version the caller stated; `extensions.expected`, `extensions.actual`. Nothing was written: read the case again. */
  CASE_VERSION_CONFLICT: 'CASE_VERSION_CONFLICT',
  /** An idempotency key already used for another case, move or caller. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** `resetStream`: a stream of the source is being synced (a scheduled or manual sync); nothing was changed — try again when it has finished. `extensions.source`, `extensions.stream`. */
  SYNC_IN_PROGRESS: 'SYNC_IN_PROGRESS',
  /** Anything unexpected: logged with its detail, shown masked. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Codes a client may see with their own message and extensions (everything else is masked). */
const PASS_THROUGH = new Set<string>([
  ...Object.values(GRAPHQL_ERROR_CODES).filter((c) => c !== 'INTERNAL_SERVER_ERROR'),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Hub error codes that are the caller's fault and are shown as they are. */
const USER_FACING_HUIJU_CODES = new Set<string>(['INVALID_AREA_CODE']);

/** A bad argument: `field` is the argument path, e.g. `filter.area`, `first`, `id`. */
export function badUserInput(field: string, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: GRAPHQL_ERROR_CODES.BAD_USER_INPUT, field, ...extra } });
}

/** Nothing there (or not for this caller: out-of-scope rows look absent). */
export function notFound(what: string, field: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: GRAPHQL_ERROR_CODES.NOT_FOUND, field } });
}

/** An error with a hub code and extensions (limits). */
export function codedError(code: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/**
 * The one place errors are normalised for clients (Apollo's `formatError`):
 * - coded GraphQL errors (bad input, not found, limits, parse and validation failures) keep
 *   their message and extensions; a validation rule's own code wins over Apollo's wrapper code;
 * - a {@link HuijuError} with a user-facing code becomes `BAD_USER_INPUT` with its details;
 * - everything else is logged with its detail and shown as `Internal server error`.
 * Stack traces never leave the server.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    // A validation rule's error is wrapped by Apollo (code GRAPHQL_VALIDATION_FAILED); the rule's own code wins.
    const wrapped = original instanceof GraphQLError && original.originalError instanceof GraphQLError ? original.originalError : null;
    const ruleCode = wrapped?.extensions?.code;
    if (wrapped && typeof ruleCode === 'string' && PASS_THROUGH.has(ruleCode)) {
      return withoutStack({ ...formatted, extensions: { ...formatted.extensions, ...wrapped.extensions, code: ruleCode } });
    }
    if (isHuijuError(original) && USER_FACING_HUIJU_CODES.has(original.code)) {
      return withoutStack({
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: GRAPHQL_ERROR_CODES.BAD_USER_INPUT, reason: original.code, ...original.details },
      });
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) return withoutStack(formatted);
    logger.error(
      {
        err: {
          // a driver's message can quote values: ID numbers and mobiles in it are masked
          message: maskFreeText(original instanceof Error ? original.message : String(original)),
          code: isHuijuError(original) ? original.code : (original as { code?: unknown } | null)?.code,
          stack: original instanceof Error ? maskFreeText(original.stack ?? '') : undefined,
        },
        path: formatted.path,
      },
      'graphql request failed',
    );
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: GRAPHQL_ERROR_CODES.INTERNAL_SERVER_ERROR },
    };
  };
}

function withoutStack(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions)) return formatted;
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
